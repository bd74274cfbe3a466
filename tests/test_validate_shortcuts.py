"""The validation's shortcuts for large packages report what the plain checks report: foreign-key
lookups read once per validation (recommendations_site/validate/lookups.py) give frictionless's
own report, error for error; a JSON copy's value equal to its cell is taken as the same only when
its type is the cell's too (validate/copies.py)."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

from recommendations_site import validate
from recommendations_site.validate import lookups
from recommendations_site.validate.copies import copy_problems


def rewrite(path: Path, change: dict[int, dict[str, str]]) -> None:
    """Set cells of a CSV by data row number (1 = the first row under the header)."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    for number, cells in change.items():
        for field, value in cells.items():
            rows[number][rows[0].index(field)] = value
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\r\n").writerows(rows)


def plain(directory: Path) -> list:
    """frictionless's report with every lookup read by frictionless itself, as it does unpatched."""
    lookups._state.read = None
    original = getattr(lookups.TableResource, lookups._OPEN)
    setattr(lookups.TableResource, lookups._OPEN, lookups._original)
    try:
        return validate.frictionless_problems(directory)
    finally:
        setattr(lookups.TableResource, lookups._OPEN, original)


def test_lookups_read_once_report_what_frictionless_reports(nz: tuple[Path, Path], tmp_path: Path) -> None:
    broken = tmp_path / "package"
    shutil.copytree(nz[0], broken)
    rewrite(broken / "overlaps.csv", {1: {"id_a": "no-such-recommendation"}, 2: {"id_b": "nor-this-one"}})
    rewrite(broken / "recommendation_asks.csv", {3: {"recommendation_id": "missing-too"}, 4: {"ask_id": "no-such-ask"}})
    rewrite(broken / "recommendations.csv", {5: {"body": "NO-SUCH-BODY"}})
    found = validate.frictionless_problems(broken)
    assert found == plain(broken)
    compact = sorted([p.file, p.row, p.field, p.message.split(":")[0]] for p in found)
    assert compact == [
        ["overlaps.csv", 2, "id_a", "ForeignKey Error"],
        ["overlaps.csv", 3, "id_b", "ForeignKey Error"],
        ["recommendation_asks.csv", 4, "recommendation_id", "ForeignKey Error"],
        ["recommendation_asks.csv", 5, "ask_id", "ForeignKey Error"],
        ["recommendations.csv", 6, "body", "ForeignKey Error"],
    ]
    assert lookups._state.read is None  # nothing is kept after the validation


def test_a_copy_equal_to_its_cell_but_of_another_type_is_refused(nz: tuple[Path, Path], tmp_path: Path) -> None:
    """true == 1 in Python, but a JSON copy saying true where the CSV says the integer 1 is wrong."""
    broken = tmp_path / "package"
    shutil.copytree(nz[0], broken)
    rewrite(broken / "recommendations.csv", {1: {"action_category": "1"}})
    path = broken / "recommendations.json"
    items = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps([{**items[0], "action_category": 1}, *items[1:]]), encoding="utf-8")
    assert copy_problems(broken, ["recommendations"]) == []
    path.write_text(json.dumps([{**items[0], "action_category": True}, *items[1:]]), encoding="utf-8")
    assert [[p.file, p.row, p.field] for p in copy_problems(broken, ["recommendations"])] == [["recommendations.json", 1, "action_category"]]
