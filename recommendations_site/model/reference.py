"""Reference tables and the other files officials curate by hand (data/reference, data/curation,
data/sources.yaml, data/release.yaml), plus the SDG taxonomy from UHRI.

Every curated file is read strictly (recommendations_site/reading: no duplicate keys, anchors or
aliases, nesting bounded, dates kept as the text written) and checked against its JSON Schema:
curated.yaml beside this module, the reference tables' rows derived from their Table Schemas in
schema.yaml. A file that breaks it stops the run with every problem as file:line:field: message
(InvalidPackage: nothing is written)."""

from __future__ import annotations

import copy
import datetime as dt
import re
from functools import cache
from pathlib import Path

import yaml

from ..errors import InvalidPackage, Problem, SourceError
from ..project import ROOT, Project
from ..reading import ReadError, jsonfile, yamlfile
from ..reading.schema import problems as schema_problems

YAML_TABLES = ("mechanisms", "bodies", "instruments", "agencies", "themes", "groups", "sources", "monitors")
CURATED = Path(__file__).with_name("curated.yaml")
LOCATED = re.compile(r"(?P<file>[^:]*):(?P<row>\d+):(?P<field>.*?): (?P<message>.*)", re.DOTALL)
FIELD_TYPES = {  # Table Schema type -> JSON Schema of the value in YAML (empty allowed unless required)
    "string": {"type": ["string", "null"]},
    "integer": {"type": ["integer", "null"]},
    "date": {"type": ["string", "null"], "format": "date"},
    "list": {"type": ["array", "null"], "items": {"type": "string", "minLength": 1}},
}


@cache  # schema.yaml is part of the program, not curated data: it cannot change while a process runs
def _schema_file() -> dict:
    """schema.yaml, parsed once a process by libyaml: it was parsed by the pure-Python loader five
    times a build (0.1 s each), on every command's start too (render/build.py reads it on import)."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(Path(__file__).with_name("schema.yaml").read_text(encoding="utf-8"), Loader=loader)


def schema() -> dict:
    """The Table Schemas of every resource (schema.yaml beside this module)."""
    return _schema_file()["resources"]


def published_names() -> tuple[dict[str, list[dict]], dict[str, str]]:
    """The name columns the downloads add beside code columns, per table, and each reference
    table's name column (schema.yaml: names, name_columns)."""
    return _schema_file()["names"], _schema_file()["name_columns"]


def report_schema() -> dict:
    """The import report's title, description and Table Schema (schema.yaml: import_report): a
    copy, which its caller may change."""
    return copy.deepcopy(_schema_file()["import_report"])


@cache  # part of the program too
def curated_schemas() -> dict:
    """The JSON Schemas of the curated files, by their path under data/ (curated.yaml)."""
    return yaml.safe_load(CURATED.read_text(encoding="utf-8"))


def shown(path: Path) -> str:
    """A file as problems name it: from the project root when inside it."""
    path = Path(path)
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def published(path: Path) -> str:
    """A file as the published data names it (source_ref): from the project root when inside it,
    else by its name alone, so that no path of the build machine is ever published."""
    path = Path(path).resolve()
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else path.name


def located(err: SourceError, name: str) -> Problem:
    """A reading error (file:line:field: message) as a Problem of the file shown as name."""
    match = LOCATED.fullmatch(str(err))
    if match is None:
        return Problem(name, 0, "-", str(err))
    return Problem(name, int(match["row"]), match["field"], match["message"])


def _written(loaded: yamlfile.Loaded, where: tuple, mapping: dict, key: object) -> str:
    """How a key YAML did not read as text was written (yes, 1, ~): the location of each key is
    kept by its text, and this one's text is the one not among the mapping's text keys."""
    for loc in loaded.lines:
        text = loc[-1] if len(loc) == len(where) + 1 and loc[:-1] == where else None
        if isinstance(text, str) and text not in mapping:
            read = yaml.safe_load(text)
            if read == key and type(read) is type(key):
                return text
    return str(key)


def key_problems(loaded: yamlfile.Loaded, name: str) -> list[Problem]:
    """Keys YAML reads as something other than text (1, yes, null): every schema names its fields as text."""
    found, stack = [], [((), loaded.data)]
    while stack:
        where, value = stack.pop()
        if isinstance(value, dict):
            for key, item in value.items():
                if isinstance(key, str):
                    stack.append(((*where, key), item))
                    continue
                text = _written(loaded, where, value, key)
                message = f'{text!r} is read as {key!r}, not as text: put the key in quotes ("{text}":)'
                found.append(Problem(name, loaded.line((*where, text)), text, message))
        elif isinstance(value, list):
            stack.extend(((*where, n), item) for n, item in enumerate(value))
    return found


def read_loaded(path: Path, file_schema: dict, name: str | None = None) -> yamlfile.Loaded:
    """A curated YAML file read strictly and checked against file_schema; InvalidPackage listing
    every problem (file:line:field) otherwise."""
    name = name or shown(path)
    try:
        loaded = yamlfile.load(path)
    except ReadError as err:
        raise InvalidPackage([located(err, name)]) from None
    if loaded.data is None and file_schema:
        raise InvalidPackage([Problem(name, 0, "-", "the file is empty (or only comments)")])
    if file_schema.get("x-keys") == "numbers":  # a number key's line, by the number too
        for lines in (loaded.lines, loaded.keys):
            lines |= {tuple(int(s) if isinstance(s, str) and s.isdigit() else s for s in k): n for k, n in lines.items()}
    found = [] if file_schema.get("x-keys") == "numbers" else key_problems(loaded, name)
    found = found or schema_problems(loaded, file_schema, name)
    if found:
        raise InvalidPackage(found)
    return loaded


def file_schema(kind: str) -> dict:
    """The schema of a curated file by its path under data/ (reference/agencies.yaml, release.yaml);
    {} (any shape) for a file with none, such as a program's own YAML."""
    table = kind.removeprefix("reference/").removesuffix(".yaml")
    if kind.startswith("reference/") and table in YAML_TABLES:
        return table_schema(table)
    return curated_schemas().get(kind, {})


def load_yaml(path: Path, kind: str | None = None) -> object:
    """A YAML file's data, read strictly and checked against the schema of kind (its path under
    data/, as in curated.yaml; by default its folder and name: reference/agencies.yaml)."""
    return read_loaded(path, file_schema(kind or f"{path.parent.name}/{path.name}")).data


def sources_config(project: Project) -> dict:
    return load_yaml(project.file("sources.yaml"), "sources.yaml")  # type: ignore[return-value]


def as_of(release_file: Path) -> dt.date:
    """The day the release's data is as at (data/release.yaml): what the build judges dates against."""
    found: dict = load_yaml(release_file, "release.yaml")  # type: ignore[assignment]
    return dt.date.fromisoformat(found["as_of"])  # the schema checked it is a date that exists


def table_schema(table: str) -> dict:
    """The JSON Schema of a reference table's YAML file: a list of rows with its Table Schema's
    fields (schema.yaml), required ones not empty, plus curated.yaml's `reference tables` additions."""
    properties, required = {}, []
    for spec in schema()[table]["schema"]["fields"]:
        constraints, prop = spec.get("constraints", {}), dict(FIELD_TYPES[spec["type"]])
        if constraints.get("required"):
            required.append(spec["name"])
            prop["type"] = prop["type"][0]
            prop |= {"minLength": 1} if prop["type"] == "string" else {}
        if "enum" in constraints:
            prop["enum"] = constraints["enum"]
        if "pattern" in constraints:
            prop["pattern"] = f"^(?:{constraints['pattern']})$"
        properties[spec["name"]] = prop
    for name, more in curated_schemas()["reference tables"].get(table, {}).items():
        properties[name] = {**properties.get(name, {}), **more}
    row = {"type": "object", "additionalProperties": False, "required": required, "properties": properties}
    return {"type": "array", "items": row}


def read_table(project: Project, name: str) -> list[dict]:
    """One curated reference table's rows, keyed by schema field name; ids given twice refused."""
    path = project.reference(name)
    loaded = read_loaded(path, table_schema(name))
    key = schema()[name]["schema"]["primaryKey"][0]
    seen: dict[object, int] = {}
    found = []
    for n, row in enumerate(loaded.data):  # type: ignore[arg-type]
        line = loaded.line((n, key))
        if row[key] in seen:
            found.append(Problem(shown(path), line, key, f"{row[key]!r} is also the {key} on line {seen[row[key]]}"))
        seen[row[key]] = line
    if found:
        raise InvalidPackage(found)
    fields = [f["name"] for f in schema()[name]["schema"]["fields"]]
    return [{f: row.get(f) for f in fields} for row in loaded.data]  # type: ignore[union-attr]


def yaml_tables(project: Project) -> dict[str, list[dict]]:
    """The curated reference tables, each a list of rows keyed by schema field name."""
    return {name: read_table(project, name) for name in YAML_TABLES}


def sdg_table(taxonomy: Path) -> list[dict]:
    """Goals and targets from the UHRI SDG taxonomy ("5 - GENDER EQUALITY", "5.2 - Eliminate ...")."""
    rows = []
    for line_no, record in jsonfile.records(taxonomy):
        text = record.get("text") if isinstance(record, dict) else None
        match = re.match(r"\s*(\d+)(?:\.([0-9a-z]+))?\s*-\s*(.+)", text) if isinstance(text, str) else None
        if not match or not isinstance(record.get("id"), str):  # type: ignore[union-attr]
            raise ReadError(taxonomy, line_no, "text", f"not an SDG goal or target with an id: {text!r}")
        goal, target, title = match.groups()
        rows.append(
            {
                "id": f"{goal}.{target}" if target else goal,
                "kind": "target" if target else "goal",
                "goal": int(goal),
                "title": title.strip(),
                "uhri_id": record["id"],  # type: ignore[index]
            }
        )
    return rows
