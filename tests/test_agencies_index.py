"""/agencies/ (issue 22): lead, supporting and coordinating work in columns of their own, an
agency merged into another listed once with its sourced history, and every agency with nothing
saying why; the merger applied to the data (model/successors.py)."""

from __future__ import annotations

import json
from pathlib import Path

from bs4 import BeautifulSoup

from recommendations_site.model import Recommendation, successors

COLUMNS = ["Agency", "Lead", "Supporting", "Coordinating", "Recommendations in all"]


def table(site: Path) -> tuple[list[str], dict[str, dict]]:
    page = BeautifulSoup((site / "agencies" / "index.html").read_text(encoding="utf-8"), "html.parser")
    headers = [th.get_text(strip=True) for th in page.select("table.hub-table thead th")]
    rows = {}
    for tr in page.select("table.hub-table tbody tr"):
        name = tr.th.a["href"].strip("/").rsplit("/", 1)[-1]
        counts = [int(td.get_text()) for td in tr.select("td")]
        rows[name] = {
            "counts": dict(zip(COLUMNS[1:], counts, strict=True)),
            "notes": [p.get_text(" ", strip=True) for p in tr.select(".agency-note")],
        }
    return headers, rows


def test_each_role_has_its_own_column_and_counts_what_the_data_says(nz: tuple[Path, Path]) -> None:
    data, site = nz
    headers, rows = table(site)
    assert headers == COLUMNS  # separate header cells, each its own word
    recs = json.loads((data / "recommendations.json").read_text(encoding="utf-8"))
    wrong = []
    for agency, row in rows.items():
        expected = {
            "Lead": sum(agency in r["lead_agencies"] for r in recs),
            "Supporting": sum(agency in r["supporting_agencies"] for r in recs),
            "Coordinating": sum(agency in r["coordinating_agencies"] for r in recs),
            "Recommendations in all": sum(
                agency in r["lead_agencies"] + r["supporting_agencies"] + r["coordinating_agencies"] for r in recs
            ),
        }
        wrong += [[agency, column, row["counts"][column], n] for column, n in expected.items() if row["counts"][column] != n]
    assert wrong == []
    assert rows["moj"]["counts"]["Lead"] < rows["moj"]["counts"]["Coordinating"]  # the Annex II default is not lead work


def test_a_merged_agency_is_listed_once_with_its_sourced_history(nz: tuple[Path, Path]) -> None:
    _, site = nz
    _, rows = table(site)
    assert "odi" not in rows
    (note,) = rows["whaikaha"]["notes"]
    assert note.startswith("Includes the former Office for Disability Issues, which became part of it in 2023.")
    page = BeautifulSoup((site / "agencies" / "odi" / "index.html").read_text(encoding="utf-8"), "html.parser")
    history = page.select_one(".agency-note")
    assert history.a["href"] == "../../agencies/whaikaha/" and "2023" in history.get_text()
    assert history.select_one("a[rel=external]")["href"].startswith("https://www.whaikaha.govt.nz/")


def test_every_agency_with_nothing_says_why(nz: tuple[Path, Path]) -> None:
    _, site = nz
    _, rows = table(site)
    empty = {a: row["notes"] for a, row in rows.items() if row["counts"]["Recommendations in all"] == 0}
    assert len(empty) >= 5
    assert [a for a, notes in empty.items() if not any(n.startswith("No recommendation held here") for n in notes)] == []


def test_the_merged_agency_work_goes_to_its_successor_once() -> None:
    agencies = [{"id": "odi", "merged_into": "whaikaha"}, {"id": "whaikaha"}, {"id": "old", "merged_into": "odi"}]
    assert successors.successors(agencies) == {"odi": "whaikaha", "old": "whaikaha"}
    rec = Recommendation("r1", "New Zealand", "treaty-body", "CRPD", 2014, "CRPD/C/NZL/CO/1", "Text", "supported", "s", "s:1")
    rec.lead_agencies, rec.lead_agency_reasons = (
        ["whaikaha", "odi", "moh"],
        ["whaikaha=theme disability-rights", "odi=theme x", "moh=health"],
    )
    rec.coordinating_agencies, rec.supporting_agencies = ["old"], ["odi"]
    successors.apply([rec], agencies)
    assert (
        rec.lead_agencies == ["whaikaha", "moh"]
        and rec.coordinating_agencies == ["whaikaha"]
        and rec.supporting_agencies == ["whaikaha"]
    )
    assert rec.lead_agency_reasons == ["whaikaha=theme disability-rights", "moh=health"]
