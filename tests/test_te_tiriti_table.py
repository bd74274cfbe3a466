"""Te Tiriti o Waitangi membership as package tables (pipeline/tiriti.py): te_tiriti holds every
recommendation of the view with why, te_tiriti_rule the documented rule; the page lists exactly
the table's members; both are in the downloads like any other table."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from bs4 import BeautifulSoup

from recommendations_site.model import package
from recommendations_site.pipeline import tiriti


def rows(folder: Path, name: str) -> list[dict]:
    return package.read_table(folder, name)


def test_every_member_has_reasons_from_the_rule(nz: tuple[Path, Path]) -> None:
    data, _ = nz
    members, rule = rows(data, "te_tiriti"), rows(data, "te_tiriti_rule")
    parts = {f"{r['kind']}={r['value']}" for r in rule if r["kind"] in ("theme", "group", "ask", "term")}
    included = {r["value"] for r in rule if r["kind"] == "include"}
    unknown = [
        [m["recommendation"], reason]
        for m in members
        for reason in m["reasons"]
        if reason not in parts and not (reason == "curated" and m["recommendation"] in included)
    ]
    assert members and unknown == []
    assert [m["recommendation"] for m in members] == sorted(m["recommendation"] for m in members)
    ids = {r["id"] for r in rows(data, "recommendations")}
    assert {m["recommendation"] for m in members} <= ids
    assert {"theme", "group", "ask", "term"} <= {r["kind"] for r in rule}


def test_the_page_lists_exactly_the_tables_members(nz: tuple[Path, Path]) -> None:
    data, site = nz
    page = BeautifulSoup((site / "te-tiriti" / "index.html").read_text(encoding="utf-8"), "html.parser")
    linked = {a["href"].rstrip("/").rsplit("/", 1)[-1] for a in page.select('a[href*="recommendations/"]')}
    members = {m["recommendation"] for m in rows(data, "te_tiriti")}
    assert members and members <= linked
    sliced = json.loads((site / "data" / "te-tiriti" / "recommendations.json").read_text(encoding="utf-8"))
    assert {r["id"] for r in sliced} == members


def test_the_tables_are_in_the_downloads(nz: tuple[Path, Path]) -> None:
    _, site = nz
    folder = site / "data" / "package"
    described = {r["name"] for r in json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))["resources"]}
    assert {"te_tiriti", "te_tiriti_rule"} <= described
    for name in ("te_tiriti", "te_tiriti_rule"):
        assert all((folder / f"{name}.{ext}").is_file() for ext in ("csv", "json", "parquet"))
    with (folder / "te_tiriti.csv").open(encoding="utf-8-sig", newline="") as handle:
        assert next(csv.reader(handle)) == ["recommendation", "reasons"]


def test_reasons_follow_the_rules_order_and_exclusion_wins() -> None:
    rule = tiriti.Rule(("t",), ("g",), ("a",), ("māori",), {"x": "missed by the rule"}, {"y": "not about Te Tiriti"})

    class Rec:
        def __init__(self, id: str, text: str) -> None:
            self.id, self.text, self.themes, self.affected_groups = id, text, ["t"], ["g"]

    assert rule.reasons(Rec("x", "For MAORI children"), {"a"}) == ["theme=t", "group=g", "ask=a", "term=māori", "curated"]
    assert rule.reasons(Rec("y", "Māori"), {"a"}) == []
    assert rule.rows()[-2:] == [
        {"kind": "include", "value": "x", "reason": "missed by the rule"},
        {"kind": "exclude", "value": "y", "reason": "not about Te Tiriti"},
    ]
