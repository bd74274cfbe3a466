"""Independent monitors beside the Government (docs/monitors.md): the monitors' reference table,
their assessment files read as strictly as tracking files, the plain-language summaries, and the
pages, feeds, report and search filters that show them. The fixtures (tests/fixtures/assessments,
tests/fixtures/summaries.yaml) are invented and say so; the default build holds none."""

from __future__ import annotations

import csv
import datetime as dt
import functools
import re
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
import test_accessibility as a11y
import test_site
import yaml
from bs4 import BeautifulSoup
from conftest import FIXTURES, MONITORS_FIXTURE, NZ_FILES, ROOT, TRACKING_FIXTURE, QuietHandler, run_build

from recommendations_site.errors import InvalidPackage
from recommendations_site.model import reference
from recommendations_site.project import Project
from recommendations_site.render.monitors import RATINGS
from recommendations_site.tracking import assessments, summaries

REC = "a-hrc-26-3-128-100"  # the Government reports it completed; the IMM's latest rating is partly implemented


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_ratings_and_grades_agree_with_the_file_schema():
    schema = yaml.safe_load(assessments.SCHEMA.read_text(encoding="utf-8"))
    assert schema["$defs"]["assessment"]["properties"]["rating"]["enum"] == [*assessments.RATINGS, *assessments.GRADES]
    assert assessments.RATINGS == RATINGS and set(assessments.GRADES.values()) <= set(RATINGS)


def test_monitors_are_sourced_reference_data(nz):
    monitors = {m["id"]: m for m in rows(nz[0] / "monitors.csv")}
    assert {"imm", "uncroc-monitoring-group", "hrc", "ombudsman", "childrens-commissioner", "dpo-coalition"} <= set(monitors)
    assert monitors["imm"]["members"] == "hrc|ombudsman|dpo-coalition"
    assert monitors["hrc"]["name_mi"] == "Te Kāhui Tika Tangata" and monitors["imm"]["name_mi"] == ""
    assert all(m["source"] for m in monitors.values())
    assert {m["body"] for m in monitors.values() if m["kind"] == "treaty-body-follow-up"} >= {"CCPR", "CAT", "CERD", "CEDAW"}


def test_default_build_holds_no_assessment_or_summary_and_shows_none(nz):
    data, site = nz
    for table in ("assessments", "assessment_recommendations", "summaries"):
        assert len((data / f"{table}.csv").read_text(encoding="utf-8").splitlines()) == 1, table
    page = soup(site / "recommendations" / REC / "index.html")
    assert (
        not page.select(".plain-words, .assessment, .disagreement")
        and not (site / "recommendations" / REC / "easy-read").exists()
    )
    assert (
        "No independent monitor's assessment of this recommendation has been recorded yet."
        in page.select_one("#monitors").find_next("p").get_text()
    )
    assert not soup(site / "bodies" / "upr" / "index.html").select(".disagreement-count")
    imm = soup(site / "monitors" / "imm" / "index.html")  # the monitors' pages exist: they are reference data
    assert "No assessment by this monitor has been recorded on this site yet." in imm.get_text()
    assert [a.get_text() for a in imm.select("dd ul.inline-list a")] == [
        "Human Rights Commission",
        "Ombudsman",
        "Disabled People's Organisations Coalition",
    ]
    assert "Assessment by" not in (site / "feeds" / "all.atom").read_text(encoding="utf-8")


def test_assessment_tables_keep_grades_and_map_them(monitored):
    found = {a["id"]: a for a in rows(monitored[0] / "assessments.csv")}
    assert (
        found["ccpr-follow-up-2026-03-15"]["grade"] == "B2"
        and found["ccpr-follow-up-2026-03-15"]["rating"] == "partly-implemented"
    )
    assert found["ccpr-follow-up-2026-04-01"]["rating"] == "no-information"
    assert {"uncroc-monitoring-group-2026-06-30", "uncroc-monitoring-group-2026-06-30-2"} <= set(found)  # two on one day
    # imported from a copy outside the project (conftest's import_from_outside): named by the file alone
    assert found["imm-2026-02-01"]["source_ref"] == "imm.yaml:12"
    links = {(r["assessment"], r["recommendation"]) for r in rows(monitored[0] / "assessment_recommendations.csv")}
    assert ("imm-2026-02-01", REC) in links and ("imm-2026-02-01", "a-hrc-12-8-81-1") in links
    assert {r["rating"] for r in found.values()} == set(RATINGS)


def test_recommendation_page_shows_monitors_beside_the_government_and_says_where_they_disagree(monitored):
    page = soup(monitored[1] / "recommendations" / REC / "index.html")
    headings = [h["id"] for h in page.select("h2[id]")]
    assert headings.index("actions") + 1 == headings.index("monitors")  # beside "What the Government is doing"
    section = page.select_one("section.monitors-say")
    assert [h.get_text(" ", strip=True) for h in section.select("h3")] == [
        "Human Rights Committee follow-up procedure",
        "Independent Monitoring Mechanism for the Convention on the Rights of Persons with Disabilities",
    ]
    imm = section.select_one("#monitor-imm").find_next("ul")
    assert [t["datetime"] for t in imm.select("time")] == ["2026-02-01", "2025-03-01"]  # newest first
    assert [r.get_text() for r in imm.select(".rating")] == ["Partly implemented", "Not implemented"]
    assert imm.select_one("a[rel=external]")["href"] == "https://example.org/fixture/imm-2026"
    assert "committee's follow-up grade D" in section.get_text()
    disagreement = section.select_one(".disagreement").get_text(" ", strip=True)
    assert "The monitor and the Government disagree." in disagreement and "Fixture: a completed action" in disagreement
    assert "rated it partly implemented on 1 February 2026" in disagreement
    assert not section.select("script, b")  # text is data
    assert "<script>alert('imm')</script>" in section.get_text()
    filters = sorted(s.get_text() for s in page.select("[data-pagefind-filter=monitor-rating]"))
    assert filters == ["No information", "Partly implemented"]


def test_no_disagreement_unless_the_government_says_completed(monitored):
    for rec in ("a-hrc-26-3-128-111", "a-hrc-26-3-128-57", "a-hrc-26-3-128-17"):
        page = soup(monitored[1] / "recommendations" / rec / "index.html")
        assert page.select(".assessment") and not page.select(".disagreement"), rec


def test_hub_pages_count_disagreements(monitored):
    upr = soup(monitored[1] / "bodies" / "upr" / "index.html")
    assert upr.select_one(".disagreement-count strong").get_text() == "1"
    assert not soup(monitored[1] / "bodies" / "crc" / "index.html").select(".disagreement-count")


def test_monitor_pages_list_assessments_and_count_them_by_rating(monitored):
    site = monitored[1]
    imm = soup(site / "monitors" / "imm" / "index.html")
    counts = {r.th.get_text(strip=True): r.td.get_text() for r in imm.select("table.status-table tbody tr")}
    assert counts == {"Implemented": "1", "Partly implemented": "1", "Not implemented": "1", "No information": "0"}
    assert len(imm.select("li.assessment")) == 3
    hrc = soup(site / "monitors" / "hrc" / "index.html")
    assert hrc.select_one("h1 span[lang=mi]").get_text() == "Te Kāhui Tika Tangata"
    assert [a.get_text() for a in hrc.select("dd ul.inline-list a")] == [
        "Independent Monitoring Mechanism for the Convention on the Rights of Persons with Disabilities",
        "UNCROC Monitoring Group",
    ]
    index = soup(site / "monitors" / "index.html")
    assert "7 assessments recorded." in index.get_text(" ", strip=True)
    assert "grade B2" in soup(site / "monitors" / "ccpr-follow-up" / "index.html").select(".assessment")[1].get_text()


def test_plain_words_above_the_un_text_and_easy_read(monitored):
    folder = monitored[1] / "recommendations" / REC
    page = soup(folder / "index.html")
    plain = page.select_one("aside.plain-words")
    assert plain.find_next("blockquote", class_="rec-text") is not None
    assert "This is not the UN's text." in plain.get_text() and "Fixture Author" in plain.get_text()
    assert [li.get_text() for li in plain.select("li")][2] == "Fixture: <em>markup</em> is shown as text."
    assert not plain.select("em")
    easy = soup(folder / "easy-read" / "index.html")
    assert easy.select_one(".easy-read h1").get_text() == "UPR 2014, paragraph 128.100"
    assert len(easy.select(".easy-read__lines")[0].select("li")) == 3
    assert "These words are not the UN's words." in easy.get_text()
    assert not (monitored[1] / "recommendations" / "a-hrc-26-3-128-17" / "easy-read").exists()


def test_assessments_in_the_feeds_and_the_annual_report(monitored):
    site = monitored[1]
    # The first release's feeds lead with each recommendation published (dated as_of), so the older
    # assessments may fall out of the newest 100 of all.atom: each is in the feed of a hub it concerns.
    feeds = [path.read_text(encoding="utf-8") for path in (site / "feeds").rglob("*.atom")]
    entries = {m for feed in feeds for m in re.findall(r"<id>(tag:[^<]*assessments/[^<]*)</id>", feed)}
    assert len(entries) == 7
    assert any("&lt;script&gt;alert('imm')&lt;/script&gt;" in feed for feed in feeds)
    report = soup(next((site / "reports").glob("*/index.html")))
    section = report.select_one("#monitors").parent
    assert len(section.select("li.assessment")) == 6  # dated July 2025 to June 2026
    assert [a.get_text() for a in section.select("ul > li > a[href*='#monitors']")] == ["UPR 2014, paragraph 128.100"]


def test_monitor_pages_are_linked(monitored):
    test_site.test_every_internal_link_resolves((monitored[0], monitored[1]))  # needs no browser


def test_monitor_pages_are_accessible(monitored, browser):
    """The pages the monitors add, each opened once at desktop width with every per-page check of
    test_accessibility (axe's WCAG A/AA rules, skip link, no other host, no console error)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(monitored[1])))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base_url = f"http://127.0.0.1:{server.server_port}/"
    page = a11y.new_page(browser, base_url, "desktop", axe=True)
    try:
        paths = [f"recommendations/{REC}/", f"recommendations/{REC}/easy-read/", "monitors/", "monitors/imm/", "bodies/upr/"]
        found = a11y.visit_every_page(page, paths, base_url, "desktop")
    finally:
        page.context.close()
        server.shutdown()
    assert {check: lines for check, lines in found.items() if lines} == {}


def test_monitor_pages_are_valid_html(monitored):
    import json
    import subprocess

    import test_html_valid as vnu

    site = monitored[1]
    pages = [site / "recommendations" / REC / "index.html", site / "recommendations" / REC / "easy-read" / "index.html"]
    pages += sorted((site / "monitors").rglob("index.html")) + sorted((site / "reports").rglob("index.html"))
    run = subprocess.run(
        [*vnu.JAVA, "--format", "json", *map(str, pages)], capture_output=True, text=True, timeout=300
    )
    messages = [m for m in json.loads(run.stderr)["messages"] if not vnu.ignored(m)]
    assert messages == []


GOOD = """monitor: imm
assessments:
  - recommendations: [a-hrc-12-8-81-1]
    date: 2025-09-01
    rating: partly-implemented
    summary: Fixture finding.
    source: https://example.org/fixture/x
"""
BAD = [  # (what is changed, file name, replacement for GOOD, expected file:line:field: start of message)
    (
        "unknown monitor",
        "nobody.yaml",
        GOOD.replace("monitor: imm", "monitor: nobody"),
        "nobody.yaml:1:monitor: 'nobody' is not a monitor",
    ),
    (
        "unknown recommendation",
        "imm.yaml",
        GOOD.replace("a-hrc-12-8-81-1", "a-hrc-99-1-1-1"),
        "imm.yaml:3:recommendations: 'a-hrc-99-1-1-1' is not a recommendation",
    ),
    ("unknown rating", "imm.yaml", GOOD.replace("partly-implemented", "mostly-done"), "imm.yaml:5:rating:"),
    (
        "grade from a monitor that is not a treaty body",
        "imm.yaml",
        GOOD.replace("partly-implemented", "B1"),
        "imm.yaml:5:rating: 'B1' is a treaty body's follow-up grade",
    ),
    (
        "missing source",
        "imm.yaml",
        GOOD.replace("    source: https://example.org/fixture/x\n", ""),
        "imm.yaml:3:source: missing source",
    ),
    (
        "non-http source",
        "imm.yaml",
        GOOD.replace("https://example.org/fixture/x", "ftp://example.org/x"),
        "imm.yaml:7:source: 'ftp://example.org/x' is not an http(s) link",
    ),
    (
        "date after as_of",
        "imm.yaml",
        GOOD.replace("2025-09-01", "2027-01-01"),
        "imm.yaml:4:date: 2027-01-01 is after the release date 2026-11-23",
    ),
    ("impossible date", "imm.yaml", GOOD.replace("2025-09-01", "2025-02-30"), "imm.yaml:4:date:"),
    (
        "duplicate key",
        "imm.yaml",
        GOOD.replace("    summary: Fixture finding.\n", "    summary: Fixture finding.\n    summary: Again.\n"),
        "imm.yaml:7:summary:",
    ),
]


AS_OF = dt.date(2026, 11, 23)  # tests/fixtures/release.yaml


@pytest.fixture(scope="module")
def nz_ids(nz: tuple[Path, Path]) -> set[str]:
    """The ids an import of the NZ files checks assessment and summary files against."""
    return {r["id"] for r in rows(nz[0] / "recommendations.csv")}


def assessment_problems(folder: Path, rec_ids: set[str]) -> list[str]:
    """The errors the import reports for the assessment files in folder: their reader, the import's
    own step (tracking/assessments.py), against the monitors' table (a full import proves no more)."""
    monitors = {row["id"]: row for row in reference.read_table(Project.default(), "monitors")}
    return [str(p) for p in sorted(assessments.read(folder, rec_ids, monitors, AS_OF).errors)]


@pytest.mark.parametrize("case", BAD, ids=[c[0] for c in BAD])
def test_a_bad_assessment_file_is_located(case, tmp_path, nz_ids):
    _, name, text, expected = case
    folder = tmp_path / "assessments"
    folder.mkdir()
    (folder / name).write_text(text, encoding="utf-8")
    found = assessment_problems(folder, nz_ids)
    assert len(found) == 1 and found[0].startswith(f"{folder}/{expected}"), found


def test_bad_assessment_file_stops_the_import_and_writes_nothing(tmp_path):
    """One bad assessment file through the command line: its line, exit 1, nothing written."""
    _, name, text, expected = BAD[1]
    folder = tmp_path / "assessments"
    folder.mkdir()
    (folder / name).write_text(text, encoding="utf-8")
    into = tmp_path / "out"
    result = run_build(
        "import",
        "upr-info",
        *NZ_FILES,
        "--into",
        into,
        *TRACKING_FIXTURE,
        "--assessments",
        folder,
        "--summaries",
        FIXTURES / "summaries.yaml",
    )
    assert result.returncode == 1, result.stdout
    assert f"{folder}/{expected}" in result.stdout, result.stdout
    assert "Traceback" not in result.stderr and "nothing written" in result.stderr and not into.exists()


SUMMARY = "summaries:\n  a-hrc-12-8-81-1:\n    summary: Fixture.\n    author: Fixture Author\n    date: 2025-01-01\n"
BAD_SUMMARIES = [
    (
        "unknown recommendation",
        SUMMARY.replace("a-hrc-12-8-81-1", "a-hrc-99-1-1-1"),
        ":2:a-hrc-99-1-1-1: 'a-hrc-99-1-1-1' is not a recommendation",
    ),
    ("date after as_of", SUMMARY.replace("2025-01-01", "2027-01-01"), ":5:date: 2027-01-01 is after the release date"),
    ("impossible date", SUMMARY.replace("2025-01-01", "2025-13-01"), ":5:date:"),
    ("missing author", SUMMARY.replace("    author: Fixture Author\n", ""), ":2:author: required"),
]


@pytest.mark.parametrize("case", BAD_SUMMARIES, ids=[c[0] for c in BAD_SUMMARIES])
def test_bad_summaries_are_located(case, tmp_path, nz_ids):
    """At the reader (tracking/summaries.py), as the import reads the file: its problems, or the
    schema's InvalidPackage."""
    _, text, expected = case
    path = tmp_path / "summaries.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        found = [str(p) for p in summaries.read(path, nz_ids, AS_OF)[1]]
    except InvalidPackage as err:
        found = [str(p) for p in err.problems]
    assert len(found) == 1 and found[0].startswith(f"{path}{expected}"), found


def test_bad_summaries_stop_the_import_and_write_nothing(tmp_path):
    """One bad summaries file through the command line: its line, exit 1, nothing written."""
    _, text, expected = BAD_SUMMARIES[0]
    path = tmp_path / "summaries.yaml"
    path.write_text(text, encoding="utf-8")
    into = tmp_path / "out"
    result = run_build("import", "upr-info", *NZ_FILES, "--into", into, *TRACKING_FIXTURE, "--summaries", path)
    assert result.returncode == 1 and f"{path}{expected}" in result.stdout, result.stdout
    assert "Traceback" not in result.stderr and not into.exists()


SUMMARY_RECS = {"a-hrc-12-8-81-1", "a-hrc-26-3-128-100"}
TWO_SUMMARIES = (
    SUMMARY
    + "  a-hrc-26-3-128-100:\n    summary: |\n      One idea.\n      Another.\n    author: Fixture\n    date: 2025-02-01\n"
)


def summary_problems(tmp_path: Path, text: str) -> list[list]:
    """[[line, field, message]] of a summaries file, whether the schema or the reader finds them."""
    path = tmp_path / "summaries.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        _, found = summaries.read(path, SUMMARY_RECS, dt.date(2026, 11, 23))
    except InvalidPackage as err:
        found = err.problems
    return [[p.row, p.field, p.message] for p in found]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (TWO_SUMMARIES.replace("a-hrc-26-3-128-100", "a-hrc-99-1-1-1"), [[6, "a-hrc-99-1-1-1", "'a-hrc-99-1-1-1' is not a"]]),
        (TWO_SUMMARIES.replace("    author: Fixture\n", ""), [[6, "author", "required"]]),
        (TWO_SUMMARIES.replace("    date: 2025-02-01\n", ""), [[6, "date", "required"]]),
        (
            TWO_SUMMARIES.replace("    author: Fixture\n", "    author: Fixture\n    reviewer:\n      - x\n"),
            [[11, "reviewer", "unknown field"]],
        ),
        (TWO_SUMMARIES.replace("2025-02-01", "2027-02-01"), [[11, "date", "2027-02-01 is after the release date"]]),
        (TWO_SUMMARIES.replace("2025-02-01", "2025-02-30"), [[11, "date", "'2025-02-30' is not a date"]]),
        (TWO_SUMMARIES.replace("author: Fixture\n", "author: '  '\n"), [[10, "author", "required: more than spaces"]]),
        (TWO_SUMMARIES.replace("|\n      One idea.\n      Another.", "' '"), [[7, "summary", "required: more than spaces"]]),
        (
            TWO_SUMMARIES.replace("    summary: |\n      One idea.\n      Another.\n", "    summary: [x]\n"),
            [[7, "summary", "['x'] is not text"]],
        ),
        (TWO_SUMMARIES.replace("a-hrc-26-3-128-100:", "a-hrc-" + "1" * 200 + ":"), [[6, "a-hrc-" + "1" * 200, "too long"]]),
    ],
    ids=[
        "unknown recommendation",
        "missing author",
        "missing date",
        "unknown field",
        "date after as_of",
        "impossible date",
        "author of spaces",
        "summary of spaces",
        "summary not text",
        "id too long",
    ],
)
def test_summary_problems_name_the_line_of_the_field_or_of_the_id(tmp_path, text, expected):
    found = summary_problems(tmp_path, text)
    assert [[row, field] for row, field, _ in found] == [e[:2] for e in expected], found
    assert all(e[2] in f[2] for e, f in zip(expected, found, strict=True)), found


def test_summary_rows_cite_the_line_of_their_id(tmp_path):
    path = tmp_path / "summaries.yaml"
    path.write_text(TWO_SUMMARIES, encoding="utf-8")
    rows, found = summaries.read(path, SUMMARY_RECS, dt.date(2026, 11, 23))
    assert found == [] and [r["source_ref"].rsplit(":", 1)[-1] for r in rows] == ["2", "6"]
    assert rows[1]["summary"] == "One idea.\nAnother."


def test_missing_folders_and_files_are_refused_not_taken_as_empty(tmp_path):
    result = run_build("import", "upr-info", *NZ_FILES, "--into", tmp_path / "out", "--assessments", tmp_path / "none")
    assert result.returncode == 1 and "no such folder: assessment files are read from a folder" in result.stdout
    result = run_build("import", "upr-info", *NZ_FILES, "--into", tmp_path / "out", "--summaries", tmp_path / "none.yaml")
    assert result.returncode == 1 and "no such file: summaries are read" in result.stdout
    result = run_build("build", "--data", tmp_path, "--assessments", FIXTURES / "assessments", "--out", tmp_path / "site")
    assert result.returncode == 1 and "--assessments is read by an import" in result.stderr
    assert not (tmp_path / "out").exists() and not (tmp_path / "site").exists()
    assert (ROOT / "data" / "assessments").is_dir() and MONITORS_FIXTURE
