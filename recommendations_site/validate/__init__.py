"""Validation of a canonical Data Package: frictionless (types, enums, required fields, keys)
plus the project's cross-table rules. Every problem is located as file:row:field."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from pathlib import Path

from frictionless import FrictionlessException, Package, system

from ..errors import Problem
from ..model import calendar, make_id
from ..model.recommendation import slug
from ..model.reference import schema
from ..reading import jsonfile
from ..reading.text import ReadError
from ..rules import LIST_REFERENCES
from . import copies, lookups
from .copies import copy_problems


def frictionless_problems(directory: Path) -> list[Problem]:
    descriptor = directory / "datapackage.json"
    if not descriptor.is_file():
        return [Problem("datapackage.json", 0, "-", "missing: not a canonical Data Package")]
    try:
        with system.use_context(trusted=True), lookups.read_once():
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


def descriptor_problems(directory: Path) -> list[Problem]:
    """What the build reads of datapackage.json beyond what frictionless checks: the canonical
    tables, each in NAME.csv with its canonical schema, and the descriptor's own fields."""
    try:
        meta = json.loads((directory / "datapackage.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []  # frictionless reports it
    resources = meta.get("resources") if isinstance(meta, dict) else None
    if not isinstance(resources, list) or not all(isinstance(r, dict) for r in resources):
        return [Problem("datapackage.json", 0, "resources", "not a list of the package's tables")]
    problems = [Problem("datapackage.json", 0, f, m) for f, m in field_problems(meta)]
    canonical, names = schema(), [r.get("name") for r in resources]
    again = "import the package again"
    for name in sorted(set(canonical) - set(names)):
        problems.append(Problem("datapackage.json", 0, "resources", f"no table {name!r}: {again}"))
    for name, resource in zip(names, resources, strict=True):
        if name not in canonical:
            problems.append(Problem("datapackage.json", 0, "resources", f"{name!r} is not a table of the canonical package"))
        elif resource.get("path") != f"{name}.csv":
            problems.append(Problem("datapackage.json", 0, f"resources/{name}/path", f"not {name}.csv: {again}"))
        elif resource.get("schema") != canonical[name]["schema"]:
            message = f"differs from the canonical schema (recommendations_site/model/schema.yaml): {again}"
            problems.append(Problem("datapackage.json", 0, f"resources/{name}/schema", message))
    return problems


def field_problems(meta: dict) -> list[tuple[str, str]]:
    """The descriptor's fields the site shows or is dated by."""
    found = [(key, "missing or not text") for key in ("name", "title") if not isinstance(meta.get(key), str) or not meta[key]]
    if not is_date(meta.get("as_of"), full=True):
        found.append(("as_of", f"{meta.get('as_of')!r} is not the release date (YYYY-MM-DD): import the package again"))
    if meta.get("data_date", "") != "" and not is_date(meta.get("data_date")):
        found.append(("data_date", f"{meta.get('data_date')!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"))
    sources = meta.get("sources")
    if not isinstance(sources, list) or not all(isinstance(s, dict) and isinstance(s.get("title"), str) for s in sources):
        found.append(("sources", "not a list of sources, each with a title"))
    return found


def is_date(value: object, *, full: bool = False) -> bool:
    """value is a date as YYYY-MM-DD (or, unless full, YYYY-MM or YYYY)."""
    if not isinstance(value, str) or not value.isascii() or len(value) not in ((10,) if full else (4, 7, 10)):
        return False
    try:
        dt.date.fromisoformat((value + "-01-01")[:10])
    except ValueError:
        return False
    return True


def read_csv(path: Path) -> list[dict[str, str]]:
    """Rows as text: a missing cell is empty and cells beyond the header are left out (frictionless
    reports both)."""
    with path.open(encoding="utf-8", newline="") as handle:
        return [{k: v or "" for k, v in row.items() if k is not None} for row in csv.DictReader(handle)]


def read_tables(directory: Path) -> tuple[dict[str, list[dict[str, str]]], list[Problem]]:
    """Every table of the package as text, and a problem for each that cannot be read."""
    tables, problems = {}, []
    for resource in json.loads((directory / "datapackage.json").read_text(encoding="utf-8"))["resources"]:
        try:
            tables[resource["name"]] = read_csv(directory / resource["path"])
        except (OSError, UnicodeDecodeError, csv.Error) as err:
            problems.append(Problem(Path(resource["path"]).name, 0, "-", f"cannot be read: {err}"))
    return tables, problems


def paragraph_problems(rec: dict[str, str], seen: dict[tuple[str, str], int], row_no: int) -> list[tuple[str, str]]:
    """A paragraph printed once per document, and the id derived from it."""
    key = (rec["document_symbol"], rec["paragraph"])
    found = []
    if key in seen:
        found.append(("paragraph", f"{key[0]} paragraph {key[1]} is also row {seen[key]}"))
    seen[key] = row_no
    if not rec["document_symbol"]:
        return found
    try:
        derived = make_id(*key)
    except ValueError as err:
        field = "paragraph" if not slug(key[1]) else "document_symbol"
        return [*found, (field, f"{key[1] if field == 'paragraph' else key[0]!r}: {err}")]
    if rec["id"] != derived and not rec["id"].startswith(derived + "-"):
        found.append(("id", f"{rec['id']!r} is not derived from {key[0]} paragraph {key[1]} ({derived!r})"))
    return found


def rule_problems(directory: Path) -> list[Problem]:
    """The project's own rules, which Table Schema cannot express."""
    tables, unread = read_tables(directory)
    if unread:
        return unread
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
            for field, message in paragraph_problems(rec, seen_paragraph, row_no):
                problem(field, message)
    for row_no, field, message in calendar.package_problems(tables.get("reporting_events", []), tables.get("bodies", [])):
        problems.append(Problem("reporting_events.csv", row_no, field, message))
    return problems


# The keys of a resource that name a file frictionless opens (a URL it fetches).
REFERENCES = ("path", "schema", "dialect")


def outside(directory: Path, reference: object) -> str:
    """Why a file named in the descriptor lies outside the package ('' when it is inside): a package
    never makes the tool fetch a URL or read a file of the machine."""
    if not isinstance(reference, str):
        return "not a file name" if isinstance(reference, list) else ""
    if re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", reference) or "\\" in reference:
        return f"{reference[:80]!r} is a URL or not a plain file name: a package names its own files"
    if Path(reference).is_absolute():
        return f"{reference[:80]!r} is an absolute path: a package names its own files, relative to its folder"
    if ".." in Path(reference).parts or not (directory / reference).resolve().is_relative_to(directory.resolve()):
        return f"{reference[:80]!r} leads out of the package's folder: a package names its own files"
    return ""


def reference_problems(directory: Path, meta: object) -> list[Problem]:
    """Every resource's path (and schema or dialect given as a file) inside the package, checked
    before frictionless or anything else opens one."""
    resources = meta.get("resources") if isinstance(meta, dict) else None
    problems = []
    for n, resource in enumerate(resources if isinstance(resources, list) else []):
        for key in REFERENCES if isinstance(resource, dict) else ():
            why = outside(directory, resource.get(key))
            if why:
                problems.append(Problem("datapackage.json", 0, f"resources[{n}].{key}", why))
    return problems


def file_problems(directory: Path) -> list[Problem]:
    """What frictionless reads past: a descriptor with a key given twice, a resource naming a file
    outside the package, a table with a NUL byte or a column named twice."""
    try:
        meta = jsonfile.document(directory / "datapackage.json")
    except ReadError as err:
        return [Problem(err.file, int(err.row), err.field, err.message)]
    problems = reference_problems(directory, meta)
    if problems:
        return problems
    for resource in meta.get("resources", []) if isinstance(meta, dict) else []:
        path = directory / str(resource.get("path", "")) if isinstance(resource, dict) else None
        if path is None or not path.is_file():
            continue
        head = path.read_bytes()
        if b"\x00" in head:
            problems.append(
                Problem(path.name, head.count(b"\n", 0, head.index(b"\x00")) + 1, "-", "holds a NUL byte: the file is damaged")
            )
            continue
        header = next(csv.reader([head.split(b"\n", 1)[0].decode("utf-8", "replace")]), [])
        twice = sorted({name for name in header if header.count(name) > 1})
        if twice:
            problems.append(Problem(path.name, 1, twice[0], "column named twice in the header: import the package again"))
    return problems


def check(directory: Path) -> list[Problem]:
    """Every problem in the package, sorted by file and row; empty when valid."""
    problems = file_problems(directory) if (directory / "datapackage.json").is_file() else []
    if problems:
        return sorted(set(problems))
    with copies.aside(directory, all_copy_problems) as copied:  # read beside frictionless, on another core
        problems = frictionless_problems(directory)
        if not any(p.file == "datapackage.json" and p.row == 0 for p in problems):
            problems += descriptor_problems(directory)
        # the cross-table rules need every table present with its columns: no file (0) or header (1) problems
        if not any(p.row <= 1 for p in problems):
            problems += rule_problems(directory)
        if not problems:  # the JSON copies are published as they are: they must say what the CSVs say
            problems += copied()
    return sorted(set(problems))


def all_copy_problems(directory: Path) -> list[Problem]:
    meta = json.loads((directory / "datapackage.json").read_text(encoding="utf-8"))
    return copy_problems(directory, [r["name"] for r in meta["resources"]])
