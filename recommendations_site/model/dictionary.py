"""The data dictionary, generated from schema.yaml so the two never drift:

    python -m recommendations_site.model.dictionary > docs/data-model.md

A short hand-written introduction (the package layout, where curation lives), then one section
per table: its description, keys, and one row per field."""

from __future__ import annotations

import sys

from ..rules import LIST_REFERENCES
from .package import DELIMITER
from .reference import published_names, schema

REGENERATE = "python -m recommendations_site.model.dictionary > docs/data-model.md"

INTRO = f"""\
# Data model and dictionary

<!-- Generated from recommendations_site/model/schema.yaml by recommendations_site/model/dictionary.py.
     Do not edit by hand: change the schema (or the introduction in dictionary.py) and run
     {REGENERATE} -->

Every importer turns its upstream files into the same canonical records, and everything the site
shows is rendered from them. The canonical form is a [Frictionless Tabular Data
Package](https://specs.frictionlessdata.io/tabular-data-package/), written by
`python build.py import ... --into DIR` (and, for the configured dataset, into `build/canonical/`):

| file | what |
|---|---|
| `datapackage.json` | the descriptor: title, data date, `as_of` (the release date from `data/release.yaml` that overdue, stale and upcoming are judged against), licence of the project's own curation, sources with their attribution, and every table's schema (below) |
| `TABLE.csv` | one CSV per table, the **canonical form**: UTF-8, a header row, CRLF line endings. List fields hold their items separated by `\\{DELIMITER}` (an item may not itself hold `\\{DELIMITER}` or be empty: the writer refuses it) |
| `TABLE.json` | a JSON copy of each table: an array of objects with the same fields, lists as arrays, integers as numbers; a missing value is `null` in every column (an empty cell in CSV), a list with no items `[]`. The CSV is authoritative; the copy is published as it is, so `validate` compares the two and refuses a copy that is missing or says anything else (`TABLE.json:ITEM:field: … differs from TABLE.csv:ROW`) |
| `import-report-IMPORTER.csv` | what the import did with every input row: `file, row, outcome, recommendation_id, reason`, where outcome is `written` (began a recommendation), `merged` (into one) or `rejected` (with the reason; a blank row is rejected as `blank row: no values`). Control characters removed from texts are counted in the summary the import prints |
| `build-manifest.txt` | the files the import wrote into the folder: a later import replaces the folder only while it holds nothing else |

`python build.py validate --data DIR` checks a package: the schemas below (types, required
fields, enums, patterns, primary and foreign keys, with frictionless) and the project's own
cross-table rules (`recommendations_site/validate/`): list items name rows of their reference
tables, a UPR recommendation has a cycle and at least one recommending state and other mechanisms
have none, a body belongs to the recommendation's mechanism, lead agencies come with their basis,
a document paragraph appears once, and an id is derived from its document symbol and paragraph.

Recommendation texts come only from the upstream files (`data/sources.yaml` names the files the
default build imports). What the project curates lives in this repository:

| path | what |
|---|---|
| `data/reference/` | the reference tables as YAML: mechanisms, bodies, instruments, agencies, themes, groups (with the keywords that tag affected groups), sources (with attribution), the UPR session calendar, and `state_names.yaml`: each state's one canonical name (the UN's short name) and ISO 3166-1 code, with the other ways sources write it (every import normalises recommending states and the state under review through it and ISO 3166-1; a name neither knows is kept as written and reported) |
| `data/curation/theme_map.yaml` | each source vocabulary's tags mapped onto the project's themes and affected groups |
| `data/curation/lead_agencies.yaml` | the default New Zealand lead agencies per body (`lead_agency_basis` `body-default`) |
| `data/sources.yaml` | the dataset's title and country, the upstream files to import, the SDG taxonomy file, and where the tracking files and release file are |
| `data/tracking/<agency>.yaml` | officials' tracking files, one per agency: actions, progress updates, reasons for responses and decisions on leading recommendations (tables `actions`, `action_recommendations`, `progress_updates`, `response_rationales`, `lead_decisions`; [how to fill one in](tracking.md)). Empty until agencies record something: the site never invents progress |
| `data/release.yaml` | `as_of`: the date the release's data is as at. The build never reads the clock |
| `data/calendar.yaml` | the reporting calendar: held and scheduled reviews, reports and visits per body, each with its source (table `reporting_events`, which adds the projections; [how to update it](architecture.md#the-reporting-calendar)) |
| `data/reference/document_totals.yaml` | how many recommendations each UN document holds, as a source states it, with that source (table `coverage`, which adds how many are held; never an estimate: a total no source gives is `null`, "not known" on the site; [how to add one](adding-a-source.md#how-many-recommendations-a-document-holds)) |

The tracking files are checked as they are read, each problem named by file, line and field: an
unknown recommendation, agency or action, dates out of order (a target before the start, an update
before the action started or after `as_of`), a target date passed with no progress update since,
and an update without an evidence link are errors that stop the build; an open action with no update
in the last complete six-monthly reporting period is a warning (printed, and shown on the agency's page).
"""


def cell(text: object) -> str:
    """Markdown table cell: one line, pipes escaped."""
    return " ".join(str(text).split()).replace("|", "\\|")


def code(value: object) -> str:
    return f"`{value}`" if value != "" else '`""` (empty)'


def field_type(field: dict) -> str:
    if field["type"] == "list":
        return f"list (`{field.get('delimiter', DELIMITER)}`-separated)"
    if field["type"] == "date":
        return "date (YYYY-MM-DD)"
    return field["type"]


def field_constraints(field: dict) -> str:
    constraints = field.get("constraints", {})
    parts = []
    if "enum" in constraints:
        parts.append("one of " + ", ".join(code(v) for v in constraints["enum"]))
    if constraints.get("unique"):
        parts.append("unique")
    if "pattern" in constraints:
        parts.append(f"pattern `{constraints['pattern']}`")
    if "minimum" in constraints and "maximum" in constraints:
        parts.append(f"{constraints['minimum']} to {constraints['maximum']}")
    elif "minimum" in constraints:
        parts.append(f"at least {constraints['minimum']}")
    elif "maximum" in constraints:
        parts.append(f"at most {constraints['maximum']}")
    return "; ".join(parts)


def link(resource: str, fields: list[str]) -> str:
    return f"[`{resource}`](#{resource}).{', '.join(f'`{f}`' for f in fields)}"


def keys(name: str, table_schema: dict) -> list[str]:
    """Primary and foreign keys (frictionless), and the list fields whose items name rows of another
    table (the project's rules in recommendations_site/rules.py)."""
    lines = []
    if table_schema.get("primaryKey"):
        lines.append("- Primary key: " + ", ".join(f"`{k}`" for k in table_schema["primaryKey"]))
    for fk in table_schema.get("foreignKeys", []):
        lines.append(f"- Foreign key: {', '.join(f'`{f}`' for f in fk['fields'])} → {link(**fk['reference'])}")
    if name == "recommendations":
        for field, (table, key, kind) in LIST_REFERENCES.items():
            which = f" (rows of kind `{kind}`)" if kind else ""
            lines.append(f"- List reference: each item of `{field}` → {link(table, [key])}{which}")
    return lines


def section(name: str, resource: dict) -> str:
    table_schema = resource["schema"]
    lines = [f"## {name}", "", f"**{resource['title']}** (`{name}.csv`, `{name}.json`)."]
    if resource.get("description"):
        lines += ["", " ".join(resource["description"].split())]
    lines += ["", *keys(name, table_schema)]
    lines += ["", "| field | type | required | constraints | description |", "|---|---|---|---|---|"]
    for field in table_schema["fields"]:
        required = "yes" if field.get("constraints", {}).get("required") else ""
        row = [f"`{field['name']}`", field_type(field), required, field_constraints(field), field.get("description", "")]
        lines.append("| " + " | ".join(cell(c) for c in row) + " |")
    return "\n".join(lines + names_added(name)) + "\n"


def names_added(name: str) -> list[str]:
    """The name columns the downloads (not the canonical package) put beside this table's codes."""
    added = published_names()[0].get(name, [])
    if not added:
        return []
    lines = ["", "The downloads on the site add, right after each code column, the names its codes stand for:", ""]
    lines += ["| field | beside | names from | description |", "|---|---|---|---|"]
    columns = published_names()[1]
    for spec in added:
        row = [f"`{spec['name']}`", f"`{spec['code']}`", f"[`{spec['table']}`](#{spec['table']}).`{columns[spec['table']]}`", spec["description"]]
        lines.append("| " + " | ".join(cell(c) for c in row) + " |")
    return lines


def generate() -> str:
    resources = schema()
    contents = ["## Tables", "", *(f"- [`{name}`](#{name}): {resources[name]['title']}" for name in resources)]
    return "\n".join([INTRO, *contents, "", *(section(name, r) for name, r in resources.items())]).rstrip("\n") + "\n"


def main() -> None:
    sys.stdout.write(generate())


if __name__ == "__main__":
    main()
