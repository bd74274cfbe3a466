"""Exploring and reusing the data, checked structurally on the built NZ site: the filters each
recommendation page gives search, the browse lists' filter data, the pivot tables and their CSV,
citations in the formats reference managers import, the home page's summary and charts, and the
downloads page's order. The same flows in a browser are in tests/test_browser_explore.py."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import bibtexparser
import rispy
import yaml
from bs4 import BeautifulSoup
from conftest import ROOT

from recommendations_site.model.package import read_recommendations
from recommendations_site.outputs import OUTPUTS, pivots
from recommendations_site.outputs.downloads import Download, leading
from recommendations_site.render.cite import public_url

REC = "a-hrc-26-3-128-14"


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def site_url() -> str:
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    return yaml.safe_load("\n".join(line for line in text.splitlines() if line.startswith("site_url:")))["site_url"]


def read_csv(path: Path) -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))


def test_each_recommendation_page_gives_search_its_state_region_and_year(nz: tuple[Path, Path]) -> None:
    data, site = nz
    regions = {row["name"]: row["regional_group"] for row in read_csv(data / "states.csv")}
    for rec in read_recommendations(data):
        page = soup(site / "recommendations" / rec.id / "index.html")
        filters: dict[str, list[str]] = {}
        for element in page.select("[data-pagefind-filter]"):
            filters.setdefault(element["data-pagefind-filter"], []).append(element.get_text(strip=True))
        assert filters["year"] == [str(rec.year)]
        assert sorted(filters.get("state", [])) == sorted(rec.recommending_states)
        assert filters.get("region", []) == sorted({regions[s] for s in rec.recommending_states if regions.get(s)})
    assert Counter(r.year for r in read_recommendations(data)) == {2014: 155, 2009: 64}


def test_hub_lists_carry_what_the_browse_filters_narrow_by(nz: tuple[Path, Path]) -> None:
    data, site = nz
    recs = {r.id: r for r in read_recommendations(data)}
    page = soup(site / "states" / "france" / "index.html")
    items = page.select("[data-browse] .rec-list__item")
    assert items and page.select_one('script[src="../../assets/browse.js"]')
    for item in items:
        rec = recs[item.select_one("a")["href"].rstrip("/").split("/")[-1]]
        assert item["data-year"] == str(rec.year) and item["data-response"] == rec.response
        assert "France" in item["data-state"].split("|") and item["data-region"]
        assert item["data-review"].startswith(f"UPR cycle {rec.cycle}, {rec.year}")


def test_pivots_are_an_output_with_a_page_and_csv_per_table(nz: tuple[Path, Path]) -> None:
    _, site = nz
    assert pivots in OUTPUTS
    index = soup(site / "pivots" / "index.html")
    listed = {a["href"] for a in index.select(".pivot-list a")}
    for name in ("states", "reviews", "themes", "agencies", "states-a-hrc-26-3", "states-a-hrc-12-8"):
        assert f"../pivots/{name}/" in listed and f"../pivots/{name}.csv" in listed
        assert (site / "pivots" / name / "index.html").is_file() and (site / "pivots" / f"{name}.csv").is_file()
    assert not (site / "pivots" / "progress-agencies.csv").exists()  # no progress is recorded in the default build
    assert soup(site / "index.html").select_one('nav a[href="pivots/"]')


def test_the_state_table_counts_each_review_and_links_each_count(nz: tuple[Path, Path]) -> None:
    """How many recommendations did New Zealand note in 2014, and from which countries: the 2014
    review's table, checked against the package; each count links to exactly those recommendations."""
    data, site = nz
    recs = [r for r in read_recommendations(data) if r.document_symbol == "A/HRC/26/3"]
    expected = Counter((s, r.response) for r in recs for s in r.recommending_states)
    rows = read_csv(site / "pivots" / "states-a-hrc-26-3.csv")
    assert list(rows[0]) == [
        "state",
        "regional_group",
        "supported",
        "supported_in_part",
        "noted",
        "pending",
        "not_applicable",
        "total",
    ]
    assert {row["state"] for row in rows} == {s for r in recs for s in r.recommending_states}
    for row in rows:
        assert int(row["noted"]) == expected[(row["state"], "noted")]
        assert int(row["total"]) == sum(n for (s, _), n in expected.items() if s == row["state"])
    assert sum(int(row["noted"]) for row in rows) >= sum(1 for r in recs if r.response == "noted")
    page = soup(site / "pivots" / "states-a-hrc-26-3" / "index.html")
    norway = next(tr for tr in page.select("tbody tr") if tr.th.get_text() == "Norway")
    links = [a["href"] for a in norway.select("td a")]
    query = parse_qs(urlsplit(links[0]).query)
    assert links[0].startswith("../../states/norway/?") and query["review"] == ["UPR cycle 2, 2014 – A/HRC/26/3 (New Zealand)"]
    assert {q for link in links for q in parse_qs(urlsplit(link).query).get("response", [])} <= {"supported", "noted"}


def test_the_lead_agency_table_counts_only_what_each_agency_leads(nz: tuple[Path, Path]) -> None:
    data, site = nz
    leads = Counter(a for r in read_recommendations(data) for a in r.lead_agencies)
    names = {row["id"]: row["name"] for row in read_csv(data / "agencies.csv")}
    rows = {row["lead_agency"]: int(row["total"]) for row in read_csv(site / "pivots" / "agencies.csv")}
    assert rows == {names[a]: n for a, n in leads.items()}


def test_progress_tables_and_charts_appear_once_progress_is_recorded(nz: tuple[Path, Path], tracked: tuple[Path, Path]) -> None:
    data, site = tracked
    actions = read_csv(data / "actions.csv")
    rows = read_csv(site / "pivots" / "progress-agencies.csv")
    assert {r["lead_agency"]: int(r["total"]) for r in rows} == {
        # the page's heading gives both names; the table the name in the data, its first
        soup(site / "agencies" / a / "index.html").h1.find(string=True).strip(): n
        for a, n in Counter(x["lead_agency"] for x in actions).items()
    }
    for status in ("completed", "in_progress", "planned"):
        assert sum(int(r[status]) for r in rows) == sum(1 for a in actions if a["status"].replace("-", "_") == status)
    assert (site / "pivots" / "progress-themes.csv").is_file()
    home = soup(site / "index.html")
    assert home.select_one("#progress-agencies-title") and home.select_one("#progress-themes-title")
    assert not soup(nz[1] / "index.html").select_one("#progress-agencies-title")


def test_citations_import_into_reference_managers(nz: tuple[Path, Path]) -> None:
    _, site = nz
    page = soup(site / "recommendations" / REC / "index.html")
    address = public_url(site_url(), f"recommendations/{REC}/")
    assert address.startswith("http") and address.endswith(f"/recommendations/{REC}/") and "//recommendations" not in address
    assert page.select_one(".cite a")["href"] == address
    assert address in page.select_one("#cite-text").get_text()
    entry = bibtexparser.parse_string(page.select_one("#cite-bibtex").get_text()).entries[0]
    assert entry.entry_type == "techreport" and entry.key == REC
    assert entry["url"] == address and entry["number"] == "A/HRC/26/3" and entry["year"] == "2014"
    assert "paragraph 128.14" in entry["title"]
    ris = rispy.loads(page.select_one("#cite-ris").get_text())[0]
    assert ris["type_of_reference"] == "RPRT" and ris["urls"] == [address] and ris["year"] == "2014"
    csl = json.loads(page.select_one("#cite-csl").get_text())[0]
    assert csl["type"] == "report" and csl["URL"] == address and csl["issued"] == {"date-parts": [[2014]]}
    assert csl["author"] == [{"literal": "Universal Periodic Review (Human Rights Council)"}]
    assert page.select_one('meta[name="citation_public_url"]')["content"] == address
    assert len(page.select(".cite__actions[data-copy]")) == 4 and page.select_one('script[src="../../assets/cite.js"]')


def test_public_url_is_one_join() -> None:
    assert public_url("https://example.org/nz/", "recommendations/x/") == "https://example.org/nz/recommendations/x/"
    assert public_url("https://example.org/nz", "/recommendations/x/") == "https://example.org/nz/recommendations/x/"


def test_home_page_summarises_with_one_search_box_charts_latest_and_changes(nz: tuple[Path, Path]) -> None:
    _, site = nz
    home = soup(site / "index.html")
    assert len(home.select('input[type="search"]')) == 1
    summary = {dt.get_text(strip=True): dt.find_next_sibling("dd").get_text(" ", strip=True) for dt in home.select(".summary dt")}
    assert summary["Recommendations"] == "219" and summary["Years"] == "2009–2014" and summary["Reviews"] == "2"
    assert summary["Supported"].endswith("%)") and summary["Noted"].endswith("%)")
    charts = home.select("figure.chart")
    assert {c["aria-labelledby"] for c in charts} >= {"responses-by-review-title", "responses-by-theme-title"}
    for chart in charts:
        csv_link, table_link = chart.select(".chart__data a")
        rows = read_csv(site / csv_link["href"])
        assert (site / table_link["href"] / "index.html").is_file()
        values = {
            li.select_one(".chart__label").get_text(strip=True): li.select_one(".chart__value").contents[0].strip()
            for li in chart.select(".chart__row")
        }
        by_name = {row[next(iter(row))]: row["total"] for row in rows}
        assert all(by_name[label] == value for label, value in values.items())
    review_rows = [li.select_one(".chart__label").get_text(strip=True) for li in charts[0].select(".chart__row")]
    assert review_rows[0].startswith("UPR cycle 1, 2009")  # over time: oldest first
    assert [a.get_text(strip=True)[:10] for a in home.select("#latest + ul a")] == ["UPR cycle ", "UPR cycle "]
    assert "first recorded release" in home.select_one("#changed + p").get_text()


def test_downloads_page_leads_with_the_whole_dataset(nz: tuple[Path, Path]) -> None:
    _, site = nz
    page = soup(site / "data" / "index.html")
    headings = [h["id"] for h in page.select("h2[id]")]
    assert headings == ["whole", "tables", "slices", "dictionary", "hashes"]
    files = [a["href"].split("/")[-1] for a in page.select(".dataset-files__link")]
    assert files == ["recommendations.csv", "recommendations.xlsx", "recommendations.parquet", "recommendations.json", "datapackage.json"]
    assert all(li.select_one(".dataset-files__what").get_text(strip=True) for li in page.select(".dataset-files li"))
    fields = [th.get_text() for th in page.select(".dictionary-table tbody th")]
    assert fields[:3] == ["id", "country", "mechanism"] and "recommending_states" in fields
    assert page.select_one("#hashes ~ div code") is not None


def test_a_parquet_file_in_the_package_leads_with_the_others() -> None:
    found = [
        Download(f"data/package/{n}", n, n.split(".")[1].upper(), 2048, "0" * 64)
        for n in ("recommendations.json", "recommendations.parquet", "recommendations.csv", "themes.csv")
    ]
    assert [d["format"] for d in leading(found)] == ["CSV", "Parquet", "JSON"]
