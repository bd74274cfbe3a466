"""Each table's JSON copy against its CSV. The CSV is the canonical form (docs/data-model.md); the
JSON copy is published beside it as it is, so a copy that says something else is refused: located
as TABLE.json:ITEM:field, the item numbered from 1, with the CSV row it should match."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from ..errors import Problem
from ..model.package import fields_of, read_table
from ..reading import jsonfile
from ..reading.text import ReadError

AGAIN = "the CSV is the canonical form: import the package again"


def canonical(field: dict, value: object) -> object:
    """A value as the table means it: empty text and null alike, a number as a float, a list's items as text."""
    if value is None or value == "" or value == []:
        return None
    if field["type"] == "list":
        return [str(v) for v in value] if isinstance(value, list) else ("not a list", value)
    if field["type"] in ("number", "integer") and not isinstance(value, bool):
        try:
            return float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return ("not a number", value)
    if field["type"] == "boolean":
        return value if isinstance(value, bool) else {"true": True, "false": False}.get(str(value), ("text", value))
    return value if isinstance(value, str) else ("not text", value)


def table_problems(directory: Path, name: str) -> list[Problem]:
    """The first way NAME.json differs from NAME.csv (one problem at most: the rest follow from it)."""
    shown = f"{name}.json"
    try:
        items = jsonfile.flat_document(directory / shown)  # a nested value differs from its cell below
    except ReadError as err:
        return [Problem(err.file, int(err.row), err.field, err.message)]
    rows, fields = read_table(directory, name), fields_of(name)
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        return [Problem(shown, 0, "-", f"not a list of objects, one a row of {name}.csv: {AGAIN}")]
    if len(items) != len(rows):
        return [Problem(shown, 0, "-", f"{len(items)} items where {name}.csv has {len(rows)} rows: {AGAIN}")]
    names = {f["name"] for f in fields}
    for number, (row, item) in enumerate(zip(rows, items, strict=True), start=1):
        if item.keys() - names:
            return [Problem(shown, number, min(item.keys() - names), f"not a field of {name}: {AGAIN}")]
        for field in fields:
            said, held = item.get(field["name"]), row.get(field["name"])
            # the same value of the same type means the same (True == 1, but not as a table means it)
            if (said != held or type(said) is not type(held)) and canonical(field, said) != canonical(field, held):
                said = f"{item.get(field['name'])!r}"[:60]
                where = f"{name}.csv:{number + 1}"
                return [Problem(shown, number, field["name"], f"{said} differs from {where}: {AGAIN}")]
    return []


def copy_problems(directory: Path, names: list[str]) -> list[Problem]:
    """Every table's JSON copy that is missing or says something its CSV does not."""
    problems = []
    for name in names:
        if not (directory / f"{name}.json").is_file():
            problems.append(Problem(f"{name}.json", 0, "-", f"missing: the JSON copy of {name}.csv; import the package again"))
        else:
            problems += table_problems(directory, name)
    return problems


ASIDE_FROM = 20_000_000  # bytes of JSON copies; below this a second process costs more than it saves
FORK = multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None


@contextmanager
def aside(directory: Path, check: Callable[[Path], list[Problem]]) -> Iterator[Callable[[], list[Problem]]]:
    """check(directory) started in a forked process when the package is large and there is a core
    for it (it reads every table twice while frictionless reads them too), else run when asked; the
    context gives the function that returns its problems."""
    size = sum(f.stat().st_size for f in directory.glob("*.json"))
    if FORK is None or (os.cpu_count() or 1) < 2 or size < ASIDE_FROM:
        yield lambda: check(directory)
        return
    with ProcessPoolExecutor(1, mp_context=FORK) as pool:
        started = pool.submit(check, directory)
        yield started.result
