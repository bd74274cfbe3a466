"""Coverage (issue 22): each UN document's total as a source states it beside what is held, in the
package and on every page where it matters; honest empty states on home and agency pages; no
concern published as a recommendation. The curated totals file is tested at its reader."""

from __future__ import annotations

import csv
import json
import re
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, run_build

if str(ROOT) not in sys.path:  # the project is not installed: import it from the checkout
    sys.path.insert(0, str(ROOT))

from openpyxl import load_workbook

from recommendations_site.errors import InvalidPackage
from recommendations_site.model import Recommendation, coverage
from recommendations_site.model.reference import load_yaml
from recommendations_site.project import Project

BODIES = {b: {"id": b, "mechanism": m} for b, m in (("UPR", "upr"), ("CEDAW", "treaty-body"), ("CCPR", "treaty-body"))}


@pytest.fixture(scope="module")
def default_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default build (data/sources.yaml: the NZ files and UHRI's sample), as published."""
    site = tmp_path_factory.mktemp("default") / "site"
    done = run_build("build", "--out", site)
    assert done.returncode == 0, done.stderr
    return site


def page(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "html.parser")


def rows_of(site: Path) -> dict[str, dict]:
    with (site / "data" / "package" / "coverage.csv").open(encoding="utf-8-sig", newline="") as handle:
        return {row["id"]: row for row in csv.DictReader(handle)}


def text(node: object) -> str:
    return " ".join(node.get_text(" ", strip=True).split())  # type: ignore[attr-defined]


# The curated totals ------------------------------------------------------------------------------


def paragraphs_2009(report: str) -> list[int]:
    """The items numbered under paragraph 81 (between "81." and "82.", each number alone on its line)."""
    section = report.split("\n81. \n", 1)[1].split("\n82. ", 1)[0]
    return [int(n) for n in re.findall(r"(?m)^(\d+)\.\s*$", section)]


def paragraphs_2014(report: str) -> list[int]:
    """The paragraphs numbered 128.N. between "128. The following recommendations" and "129." (two
    of them follow other text on their line, as the text extraction left them)."""
    section = report.split("\n128. The following recommendations", 1)[1].split("\n129. ", 1)[0]
    return [int(n) for n in re.findall(r"\b128\.(\d+)\.", section)]


def test_upr_totals_are_counted_from_the_reports_themselves(shared_data: Path) -> None:
    listed = {e["document"]: e for e in load_yaml(Project.default().reference("document_totals"))["documents"]}  # type: ignore[index]
    first = paragraphs_2009((shared_data / "nz" / "nz-upr-report-2009.txt").read_text(encoding="utf-8"))
    second = paragraphs_2014((shared_data / "nz" / "nz-upr-report-2014.txt").read_text(encoding="utf-8"))
    assert first == list(range(1, 65)) and listed["A/HRC/12/8"]["total"] == 64
    assert second == list(range(1, 156)) and listed["A/HRC/26/3"]["total"] == 155
    assert listed["A/HRC/41/4"]["total"] == 194 and "Cabinet paper" in listed["A/HRC/41/4"]["source"]
    assert all(e["source"].strip() for e in listed.values())  # every entry names its source
    assert {d for d, e in listed.items() if e["total"] is None} == {"CEDAW/C/NZL/CO/7", "CCPR/C/NZL/CO/6"}  # never guessed


def rec(symbol: str, paragraph: str, body: str = "UPR", year: int = 2019) -> Recommendation:
    return Recommendation(
        id=f"x-{paragraph}", country="New Zealand", mechanism="upr", body=body, year=year, document_symbol=symbol,
        paragraph=paragraph, text="Do it.", response="supported", source="uhri", source_ref="f:1",
    )  # fmt: skip


def totals_file(tmp_path: Path, entries: str) -> Project:
    """A project whose data folder (in tmp_path) holds this totals file."""
    (tmp_path / "reference").mkdir()
    (tmp_path / "reference" / "document_totals.yaml").write_text(f"country: New Zealand\ndocuments:\n{entries}", encoding="utf-8")
    return Project.at(ROOT, data=tmp_path)


ENTRY = "  - document: A/HRC/41/4\n    body: UPR\n    year: 2019\n    total: {total}\n    source: {source}\n"


@pytest.mark.parametrize(
    ("entries", "problems"),
    [
        (ENTRY.format(total="many", source="a paper"), [[6, "total", "'many' is not a whole number or empty"]]),
        (ENTRY.format(total="0", source="a paper"), [[6, "total", "0 is less than the minimum of 1"]]),
        (ENTRY.format(total="194", source='""'), [[7, "source", "empty: give a value"]]),
        (ENTRY.format(total="3", source="x").replace("UPR", "XYZ"), [[4, "body", "'XYZ' is not a body"]]),
        (ENTRY.format(total="3", source="x") * 2, [[8, "document", "'A/HRC/41/4' is also listed on line 3"]]),
        (ENTRY.format(total="1", source="x"), [[6, "total", "1 is fewer than the 2 recommendations held for A/HRC/41/4"]]),
    ],
)
def test_a_bad_totals_file_is_refused_at_its_line_and_field(tmp_path: Path, entries: str, problems: list) -> None:
    project = totals_file(tmp_path, entries)
    with pytest.raises(InvalidPackage) as caught:
        coverage.rows([rec("A/HRC/41/4", "122.1"), rec("A/HRC/41/4", "122.2")], BODIES, project)
    found = [[p.row, p.field, p.message] for p in caught.value.problems]
    assert [[row, field] for row, field, _ in found] == [[row, field] for row, field, _ in problems]
    assert all(expected in message for (_, _, message), (_, _, expected) in zip(found, problems, strict=True)), found
    assert all(str(tmp_path / "reference" / "document_totals.yaml") in p.file for p in caught.value.problems)


def test_status_and_rows_for_listed_unlisted_and_other_countries(tmp_path: Path) -> None:
    project = totals_file(
        tmp_path,
        ENTRY.format(total="2", source="x")
        + ENTRY.format(total="null", source="y")
        .replace("A/HRC/41/4", "CEDAW/C/NZL/CO/7")
        .replace("UPR", "CEDAW")
        .replace("2019", "2012"),
    )
    recs = [rec("A/HRC/41/4", "122.1"), rec("A/HRC/41/4", "122.2"), rec("CCPR/C/NZL/CO/6", "20", "CCPR", 2016)]
    found = [[r["id"], r["held"], r["total"], r["status"], r["mechanism"]] for r in coverage.rows(recs, BODIES, project)]
    assert found == [
        ["a-hrc-41-4", 2, 2, "complete", "upr"],
        ["ccpr-c-nzl-co-6", 1, None, "total-unknown", "treaty-body"],  # held, not listed: not known
        ["cedaw-c-nzl-co-7", 0, None, "total-unknown", "treaty-body"],  # listed, none held
    ]
    other = [Recommendation(**{**vars(r), "country": "Peru"}) for r in recs]  # the file is about New Zealand only
    assert [r["id"] for r in coverage.rows(other, BODIES, project)] == ["a-hrc-41-4", "ccpr-c-nzl-co-6"]


# The default build -------------------------------------------------------------------------------


def test_coverage_row_of_the_2019_review_and_nothing_invented(default_site: Path) -> None:
    rows = rows_of(default_site)
    upr2019 = rows["a-hrc-41-4"]
    assert [upr2019["total"], upr2019["held"], upr2019["status"]] == ["194", "2", "partial"]
    assert "Cabinet paper" in upr2019["total_source"] and "paragraph 14" in upr2019["total_source"]
    assert {k: (r["total"], r["held"], r["status"]) for k, r in rows.items()} == {
        "a-hrc-41-4": ("194", "2", "partial"),
        "a-hrc-26-3": ("155", "155", "complete"),
        "a-hrc-12-8": ("64", "64", "complete"),
        "ccpr-c-nzl-co-6": ("", "1", "total-unknown"),
        "cedaw-c-nzl-co-7": ("", "0", "total-unknown"),  # its one UHRI record is a concern: not held
    }
    assert not [k for k, r in rows.items() if r["total"] and not r["total_source"]]  # a total comes with its source
    with (default_site / "data" / "package" / "recommendations.csv").open(encoding="utf-8-sig", newline="") as handle:
        recs = list(csv.DictReader(handle))
    held = {k: sum(1 for r in recs if r["document_symbol"] == row["document_symbol"]) for k, row in rows.items()}
    assert held == {k: int(r["held"]) for k, r in rows.items()}


def test_no_concern_is_published_as_a_recommendation(default_site: Path) -> None:
    recs = json.loads((default_site / "data" / "package" / "recommendations.json").read_text(encoding="utf-8"))
    assert not [r["id"] for r in recs if any("3ae2eea6" in t for t in r["source_tags"])]
    assert not (default_site / "recommendations" / "cedaw-c-nzl-co-7-34").exists()
    with (default_site / "data" / "package" / "import-report-uhri.csv").open(encoding="utf-8-sig", newline="") as handle:
        reasons = [row["reason"] for row in csv.DictReader(handle) if row["outcome"] == "rejected"]
    assert reasons.count("Concerns/Observations: not a recommendation (UHRI annotationType)") == 1


def test_coverage_is_in_every_format_and_described(default_site: Path) -> None:
    folder = default_site / "data" / "package"
    assert {p.name for p in folder.glob("coverage.*")} == {"coverage.csv", "coverage.json", "coverage.parquet"}
    assert "coverage" in load_workbook(folder / "recommendations.xlsx", read_only=True).sheetnames
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    assert "coverage" in [r["name"] for r in package["resources"]]
    assert "221 of their 413 recommendations are held" in package["description"]
    assert "for 2, the total is not known (1 held)" in package["description"]
    review = json.loads((default_site / "data" / "reviews" / "a-hrc-41-4" / "datapackage.json").read_text(encoding="utf-8"))
    assert "a filtered slice" in review["description"] and "2 of their 194 recommendations are held" in review["description"]
    ccpr = json.loads((default_site / "data" / "bodies" / "ccpr" / "datapackage.json").read_text(encoding="utf-8"))
    assert "the total is not known (1 held)" in ccpr["description"] and "of their" not in ccpr["description"]


def test_review_pages_say_how_much_of_the_review_is_held(default_site: Path) -> None:
    upr2019 = page(default_site, "reviews/a-hrc-41-4")
    sentence = upr2019.select_one("section.coverage .coverage__sentence[data-status=partial]")
    assert text(sentence).startswith("2 of this review's 194 recommendations are held here; the rest await the UN's export.")
    assert sentence.select_one("a")["href"] == "../../what-this-site-holds/#adding-sources"
    assert "Cabinet paper" in text(upr2019.select_one(".coverage__source"))
    complete = page(default_site, "reviews/a-hrc-26-3").select_one(".coverage__sentence[data-status=complete]")
    assert text(complete) == "All 155 of this review's recommendations are held here."
    unknown = page(default_site, "reviews/ccpr-c-nzl-co-6").select_one(".coverage__sentence[data-status=total-unknown]")
    assert "how many it made is not known" in text(unknown)
    assert not page(default_site, "reviews/ccpr-c-nzl-co-6").select(".coverage__source")  # no total, no source of one


def test_body_pages_and_the_bodies_index_say_what_is_not_yet_imported(default_site: Path) -> None:
    index = page(default_site, "bodies")
    status = {
        text(tr.select_one("th")).split(" – ")[0]: tr.select_one("td[data-status]")["data-status"]
        for tr in index.select("tbody tr")
    }
    assert status["CRC"] == status["CRPD"] == status["CEDAW"] == status["CERD"] == status["CAT"] == status["CESCR"] == "none"
    assert (status["UPR"], status["CCPR"]) == ("partial", "total-unknown")
    assert text(index.select_one("tbody tr td[data-status=none]")) == "Not yet imported"
    assert page(default_site, "bodies/crc").select_one(".coverage__sentence[data-status=none]") is not None
    upr = page(default_site, "bodies/upr").select("table.coverage-table tbody tr")
    assert [[text(td) for td in tr.select("th, td")][:4] for tr in upr] == [
        ["A/HRC/41/4", "2019", "2", "194"],
        ["A/HRC/26/3", "2014", "155", "155"],
        ["A/HRC/12/8", "2009", "64", "64"],
    ]
    cedaw = page(default_site, "bodies/cedaw").select_one("table.coverage-table tbody tr")
    assert [text(td) for td in cedaw.select("th, td")][:4] == ["CEDAW/C/NZL/CO/7", "2012", "0", "not known"]


def test_home_search_and_downloads_give_the_share_held(default_site: Path) -> None:
    home = page(default_site, "")
    assert text(home.select_one(".coverage-share")).endswith("413 in all. 221 of them (54%) are held here.")
    assert "Committee on the Rights of the Child" in [text(a).split(" – ")[1] for a in home.select(".not-imported a")]
    recorded = text(home.select_one(".recorded-state"))
    assert recorded.startswith("No agency has recorded an action or a progress update on this site yet.")
    assert "Recorded is not the same as done" in recorded
    assert text(page(default_site, "search").select_one("#search-coverage")).startswith(
        "Results cover only what this site holds: 221 of the 413"
    )
    downloads = page(default_site, "data").select_one(".coverage-share")
    assert "221 (54%) are held" in text(downloads)
    assert downloads.select_one("a")["href"] == "../data/package/coverage.csv"


def test_agency_page_says_what_it_reports_for_which_period_and_how(default_site: Path) -> None:
    moj = page(default_site, "agencies/moj")
    reports = moj.select_one(".agency-reports")
    assert "the current reporting period is July to December 2026 (ends 2026-12-31)" in text(reports)
    hrefs = [a["href"] for a in reports.select("a")]
    assert hrefs == ["../../what-this-site-holds/#how-agencies-report", "../../reports/"]
    empty = text(moj.select_one(".recorded-state"))
    assert "No agency has recorded one on this site yet." in empty and "Recorded is not the same as done" in empty


def test_with_recorded_actions_the_empty_states_give_way(tracked: tuple[Path, Path]) -> None:
    site = tracked[1]
    assert text(page(site, "").select_one(".recorded-state")).startswith("Agencies have recorded ")
    pages = [page(site, f"agencies/{a}") for a in ("moj", "mfat")]
    assert not [p for p in pages if "No agency has recorded one" in text(p)]


def test_the_explaining_page_names_no_file_or_code(default_site: Path) -> None:
    explained = page(default_site, "what-this-site-holds")
    body = text(explained.select_one("article") or explained.select_one("main"))
    assert {h["id"] for h in explained.select("h2[id]")} >= {"coverage", "adding-sources", "recorded", "how-agencies-report"}
    assert not re.search(r"\.(ya?ml|py|csv|md)\b|build\.py|data/|--", body), body
