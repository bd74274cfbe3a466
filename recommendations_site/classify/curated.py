"""The curated files of classification, read strictly with line numbers and checked against the
reference tables: data/curation/classification.yaml (text rules, officials' corrections) and
data/curation/agency_portfolios.yaml (which agency's portfolio a recommendation falls in)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import InvalidPackage, Problem
from ..model.curation import fold
from ..model.reference import file_schema, read_loaded, shown, yaml_tables
from ..project import Project

FAMILY_TABLE = {"themes": "themes", "affected_groups": "groups", "lead_agencies": "agencies", "agencies": "agencies"}


ATTRIBUTION = re.compile(r"\([^()]*\)")  # "(Chile, Peru)": the recommending states, not what is asked


def matchable(text: str) -> str:
    """A recommendation's text as the rules read it: folded, the recommending states left out."""
    # "Children’s" as "Children's": before folding, which drops every character outside ASCII
    return fold(ATTRIBUTION.sub(" ", text).replace("\u2019", "'"))


def pattern(terms: list[str]) -> re.Pattern:
    """Whole words or phrases, case- and macron-insensitive."""
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(fold(t)) for t in terms) + r")(?!\w)")


@dataclass(frozen=True)
class Rule:
    pattern: re.Pattern
    labels: dict[str, list[str]]


@dataclass(frozen=True)
class Portfolio:
    name: str
    agencies: list[str]
    themes: frozenset[str]
    terms: re.Pattern | None
    all_terms: re.Pattern | None


@dataclass(frozen=True)
class Treaties:
    """Who leads a treaty action: each treaty's lead agencies (instruments.yaml, then the file's
    own `leads`) with the partners; the group agencies, which lead only on their group."""

    leads: dict[str, list[str]]
    partners: list[str]
    group_agencies: frozenset[str]


@dataclass(frozen=True)
class Curated:
    rules: list[Rule]
    corrections: dict[str, dict]
    country: str
    portfolios: list[Portfolio]
    treaties: Treaties = Treaties({}, [], frozenset())


def known_ids(tables: dict[str, list[dict]]) -> dict[str, set[str]]:
    known = {family: {row["id"] for row in tables[table]} for family, table in FAMILY_TABLE.items()}
    known["sdg_goals"] = {str(n) for n in range(1, 18)}
    return known


def unknown(loaded, name: str, known: dict[str, set[str]], where: tuple, family: str, values: list[str]) -> list[Problem]:
    return [
        Problem(
            name, loaded.line((*where, n)), family, f"{value!r} is not in data/reference/{FAMILY_TABLE.get(family, 'sdgs')}.yaml"
        )
        for n, value in enumerate(values)
        if family in known and value not in known[family]
    ]


def read_classification(path: Path, known: dict[str, set[str]]) -> tuple[list[Rule], dict[str, dict], list[Problem]]:
    loaded = read_loaded(path, file_schema("curation/classification.yaml"))
    name, found, rules = shown(path), [], []
    for n, rule in enumerate(loaded.data["rules"]):  # type: ignore[index]
        labels = {k: v for k, v in rule.items() if k != "terms"}
        for family, values in labels.items():
            found += unknown(loaded, name, known, ("rules", n, family), family, values)
        rules.append(Rule(pattern(rule["terms"]), labels))
    corrections = loaded.data["corrections"] or {}  # type: ignore[index]
    for rec_id, change in corrections.items():
        for family, value in change.items():
            if family == "lead_agencies":
                found += unknown(loaded, name, known, ("corrections", rec_id, family), family, value)
                continue
            for op, values in value.items():
                found += unknown(loaded, name, known, ("corrections", rec_id, family, op), family, values)
    return rules, corrections, found


def read_treaties(loaded, name: str, known: dict[str, set[str]], instruments: list[dict]) -> tuple[Treaties, list[Problem]]:
    """Treaty leads: instruments.yaml's, completed by the file's `treaties.leads`."""
    data = loaded.data  # type: ignore[union-attr]
    given = data.get("treaties") or {"partners": [], "leads": {}}
    found = unknown(loaded, name, known, ("treaties", "partners"), "agencies", given["partners"])
    found += unknown(loaded, name, known, ("group_agencies",), "agencies", data.get("group_agencies", []))
    leads = {row["id"]: list(row.get("lead_agencies") or []) for row in instruments}
    for instrument, agencies in given["leads"].items():
        found += unknown(loaded, name, known, ("treaties", "leads", instrument), "agencies", agencies)
        leads[instrument] = leads.get(instrument) or list(agencies)
    return Treaties(leads, list(given["partners"]), frozenset(data.get("group_agencies", []))), found


def read_portfolios(
    path: Path, known: dict[str, set[str]], instruments: list[dict]
) -> tuple[str, list[Portfolio], Treaties, list[Problem]]:
    loaded = read_loaded(path, file_schema("curation/agency_portfolios.yaml"))
    name, found, portfolios = shown(path), [], []
    for n, rule in enumerate(loaded.data["rules"]):  # type: ignore[index]
        found += unknown(loaded, name, known, ("rules", n, "agencies"), "agencies", rule["agencies"])
        found += unknown(loaded, name, known, ("rules", n, "themes"), "themes", rule.get("themes", []))
        if not rule.get("themes") and not rule.get("terms"):
            found.append(Problem(name, loaded.line(("rules", n)), "terms", "a rule needs themes or terms, or it matches nothing"))
        terms, all_terms = rule.get("terms"), rule.get("all_terms")
        portfolios.append(
            Portfolio(
                rule["portfolio"],
                rule["agencies"],
                frozenset(rule.get("themes", [])),
                terms and pattern(terms),
                all_terms and pattern(all_terms),
            )
        )
    treaties, more = read_treaties(loaded, name, known, instruments)
    return loaded.data["country"], portfolios, treaties, found + more  # type: ignore[index]


def load(project: Project) -> Curated:
    """Both files; InvalidPackage with every problem (file:line:field) when either is wrong."""
    tables = yaml_tables(project)
    known = known_ids(tables)
    rules, corrections, found = read_classification(project.curation("classification.yaml"), known)
    country, portfolios, treaties, more = read_portfolios(project.curation("agency_portfolios.yaml"), known, tables["instruments"])
    if found + more:
        raise InvalidPackage(found + more)
    return Curated(rules, corrections, country, portfolios, treaties)
