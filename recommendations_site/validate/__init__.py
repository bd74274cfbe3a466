"""Validation of a canonical Data Package: frictionless (types, enums, required fields, keys)
plus the project's cross-table rules. Every problem is located as file:row:field."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from frictionless import FrictionlessException, Package, system

from ..errors import Problem
from ..model import calendar, make_id
from ..rules import LIST_REFERENCES


def frictionless_problems(directory: Path) -> list[Problem]:
    descriptor = directory / "datapackage.json"
    if not descriptor.is_file():
        return [Problem("datapackage.json", 0, "-", "missing: not a canonical Data Package")]
    try:
        with system.use_context(trusted=True):
            package = Package(str(descriptor))
            report = package.validate()
    except FrictionlessException as err:
        return [Problem("datapackage.json", 0, "-", err.error.message)]
    problems = [Problem("datapackage.json", 0, "-", e.message) for e in report.errors]
    for task in report.tasks:
        name = Path(task.place or task.name).name
        for error in task.errors:
            row = getattr(error, "row_number", 0) or (getattr(error, "row_numbers", None) or [0])[0]  # header: row 1
            # cell errors name their field; foreign-key errors the fields of the key; primary-key errors the table's key
            field = getattr(error, "field_name", "") or "|".join(getattr(error, "field_names", []))
            if not field and error.type == "primary-key" and package.has_resource(task.name):
                field = "|".join(package.get_resource(task.name).schema.primary_key)
            field = field or "-"
            message = f"{error.title}: {error.note or error.message}"
            cell = getattr(error, "cell", None)
            if cell:
                message += f" (value {cell[:80]!r}{'...' if len(cell) > 80 else ''})"
            problems.append(Problem(name, row, field, message))
    return problems


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def rule_problems(directory: Path) -> list[Problem]:
    """The project's own rules, which Table Schema cannot express."""
    resources = json.loads((directory / "datapackage.json").read_text(encoding="utf-8"))["resources"]
    tables = {r["name"]: read_csv(directory / r["path"]) for r in resources}
    recs = tables.get("recommendations", [])
    problems: list[Problem] = []
    known = {
        field: {row[key] for row in tables.get(table, []) if kind is None or row.get("kind") == kind}
        for field, (table, key, kind) in LIST_REFERENCES.items()
    }
    body_mechanism = {row["id"]: row["mechanism"] for row in tables.get("bodies", [])}
    seen_paragraph: dict[tuple[str, str], int] = {}
    for row_no, rec in enumerate(recs, start=2):

        def problem(field: str, message: str, row_no: int = row_no) -> None:
            problems.append(Problem("recommendations.csv", row_no, field, message))

        for field, values in known.items():
            for item in filter(None, rec.get(field, "").split("|")):
                if item not in values:
                    table, key, _ = LIST_REFERENCES[field]
                    problem(field, f"{item!r} is not in {table}.csv (column {key})")
        if rec["body"] in body_mechanism and body_mechanism[rec["body"]] != rec["mechanism"]:
            problem("mechanism", f"{rec['mechanism']!r} but body {rec['body']} belongs to {body_mechanism[rec['body']]!r}")
        if rec["mechanism"] == "upr":
            if not rec["recommending_states"]:
                problem("recommending_states", "a UPR recommendation names at least one recommending state")
            if not rec["cycle"]:
                problem("cycle", "a UPR recommendation has a cycle")
        elif rec["recommending_states"]:
            problem("recommending_states", "only UPR recommendations have recommending states")
        if not rec["text"].strip():
            problem("text", "blank text")
        if bool(rec["lead_agencies"]) != bool(rec["lead_agency_basis"]):
            problem("lead_agency_basis", "lead agencies and their basis go together")
        if rec["paragraph"]:
            key = (rec["document_symbol"], rec["paragraph"])
            if key in seen_paragraph:
                problem("paragraph", f"{key[0]} paragraph {key[1]} is also row {seen_paragraph[key]}")
            seen_paragraph[key] = row_no
            derived = make_id(*key)
            if rec["document_symbol"] and rec["id"] != derived and not rec["id"].startswith(derived + "-"):
                problem("id", f"{rec['id']!r} is not derived from {key[0]} paragraph {key[1]} ({derived!r})")
    for row_no, field, message in calendar.package_problems(tables.get("reporting_events", []), tables.get("bodies", [])):
        problems.append(Problem("reporting_events.csv", row_no, field, message))
    return problems


def check(directory: Path) -> list[Problem]:
    """Every problem in the package, sorted by file and row; empty when valid."""
    problems = frictionless_problems(directory)
    # the cross-table rules need every table present with its columns: no file (0) or header (1) problems
    if not any(p.row <= 1 for p in problems):
        problems += rule_problems(directory)
    return sorted(set(problems))
