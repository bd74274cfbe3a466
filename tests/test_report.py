"""The annual report for Ministers (reports/<period>/ and its PDF; `build.py report`): the period it
covers, what it shows from the invented tracking fixture (tests/fixtures/tracking, judged as at
2026-11-23), that text stays text, that the PDF is the same bytes however often it is made, and
that the real New Zealand data (no actions recorded) says so plainly."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import NZ_FILES, ROOT, run_build
from pypdf import PdfReader

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from recommendations_site import pipeline
from recommendations_site.model.reference import sources_config
from recommendations_site.outputs.report import view as report
from recommendations_site.preview import Preview
from recommendations_site.project import Project

PERIOD = "2025-07-to-2026-06"  # the fixture's as_of is 2026-11-23
PAGE = f"reports/{PERIOD}/index.html"
PDF = f"reports/{PERIOD}/annual-report-{PERIOD}.pdf"


def soup_of(site: Path, path: str = PAGE) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


def pdf_text(path: Path) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(path.read_bytes())).pages)


def table_rows(soup: BeautifulSoup, table_id: str) -> dict[str, list[str]]:
    """Each body row of a table: its header cell's text -> the other cells' texts."""
    rows = soup.find(id=table_id).find("tbody").find_all("tr")
    # an agency's header cell holds both its names: keyed by the first (its name in the data)
    return {r.find("th").find(string=True).strip(): [td.get_text(strip=True) for td in r.find_all("td")] for r in rows}


def test_the_default_period_is_the_year_to_the_last_complete_reporting_period():
    d = dt.date
    assert report.default_period(d(2026, 11, 23)) == report.Period(d(2025, 7, 1), d(2026, 6, 30))
    assert report.default_period(d(2026, 7, 1)) == report.Period(d(2025, 7, 1), d(2026, 6, 30))
    assert report.default_period(d(2026, 6, 30)) == report.Period(d(2025, 1, 1), d(2025, 12, 31))
    assert report.default_period(d(2026, 11, 23)).id == "2025-07-to-2026-06"
    assert report.Period(d(2025, 7, 15), d(2026, 1, 31)).id == "2025-07-15-to-2026-01-31"
    assert report.Period(d(2025, 7, 1), d(2026, 6, 30)).text == "1 July 2025 to 30 June 2026"


def test_a_chosen_period_is_checked_against_as_of():
    d, as_of = dt.date, dt.date(2026, 11, 23)
    assert report.chosen_period(as_of, None, None) == report.default_period(as_of)
    assert report.chosen_period(as_of, None, d(2025, 12, 31)) == report.Period(d(2025, 1, 1), d(2025, 12, 31))
    assert report.chosen_period(as_of, None, d(2024, 2, 28)).start == d(2023, 2, 28)
    with pytest.raises(report.PeriodError, match="starts"):
        report.chosen_period(as_of, d(2026, 6, 30), d(2026, 1, 1))
    with pytest.raises(report.PeriodError, match="as_of"):
        report.chosen_period(as_of, d(2026, 1, 1), d(2026, 12, 31))


def test_the_reports_index_links_the_page_and_the_pdf(tracked):
    _, site = tracked
    links = {a["href"] for a in soup_of(site, "reports/index.html").select("main a")}
    assert {f"../reports/{PERIOD}/", f"../reports/{PERIOD}/annual-report-{PERIOD}.pdf"} <= links
    footer = {a["href"] for a in soup_of(site, "index.html").select("footer a")}
    assert "reports/" in footer


def test_the_report_counts_actions_by_status_per_agency_and_body(tracked):
    _, site = tracked
    soup = soup_of(site)
    assert "1 July 2025 to 30 June 2026" in soup.find("h1").get_text(" ", strip=True)
    # Not started, Planned, In progress, Ongoing, Completed, Led, Supported
    agencies = table_rows(soup, "status-agency-table")
    assert agencies["Ministry of Justice"] == ["0", "1", "2", "0", "1", "4", "0"]
    assert agencies["Ministry of Social Development"] == ["0", "0", "0", "1", "0", "1", "0"]
    assert agencies["Ministry of Business, Innovation and Employment"] == ["0", "0", "0", "0", "0", "0", "1"]
    assert table_rows(soup, "status-body-table")["UPR"] == ["0", "1", "2", "1", "1", "5"]
    [upr] = table_rows(soup, "bodies-table").values()
    assert upr[-1] == str(int(upr[0]) - 7)  # the fixture's actions answer 7 recommendations


def test_the_report_lists_the_periods_progress_updates_as_text(tracked):
    _, site = tracked
    soup = soup_of(site)
    moj = soup.find(id="progress-moj").find_next("ol")
    dates = [t["datetime"] for t in moj.find_all("time")]
    assert dates == ["2025-09-15", "2025-12-01", "2026-03-10", "2026-05-01"]  # not 2025-05-01, not 2026-08-20
    assert "Fixture update one <b>not bold</b>." in moj.get_text()
    assert moj.find("b") is None and soup.find("script", string=lambda s: s and "alert" in s) is None
    hrefs = [a["href"] for a in moj.select(".report-evidence a")]
    assert "https://example.org/fixture/one" in hrefs and "https://example.org/fixture/two-b" in hrefs
    assert [t["datetime"] for t in soup.find(id="progress-mbie").find_next("ol").find_all("time")] == ["2026-02-01"]


def test_the_report_lists_overdue_and_stale_actions_at_the_period_end(tracked):
    _, site = tracked
    soup = soup_of(site)
    overdue = soup.find(id="overdue-table").find("tbody").find_all("tr")
    assert [r["id"] for r in overdue] == ["overdue-fixture-migrant-workers-review"]
    assert "30 June 2026" in overdue[0].get_text()
    stale = soup.find(id="stale").find_next("ul").get_text(" ", strip=True)
    assert "Ministry of Justice" in stale and "Fixture: an action with no recent update" in stale
    assert "Fixture: ongoing child poverty work" not in stale


def test_the_pdf_holds_the_report_and_is_the_same_bytes_every_time(tracked, tmp_path):
    data, site = tracked
    pdf = site / PDF
    assert pdf.read_bytes().startswith(b"%PDF-")
    text = pdf_text(pdf)
    assert "1 July 2025 to 30 June 2026" in text and "23 November 2026" in text
    assert "Fixture update one <b>not bold</b>." in text
    # The command compiles the default period into the same bytes, whatever the clock says.
    out = tmp_path / "again.pdf"
    faketime = shutil.which("faketime")
    command = [sys.executable, str(ROOT / "build.py"), "report", "--data", str(data), "--out", str(out)]
    done = subprocess.run([faketime, "-f", "+400d", *command] if faketime else command, capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert out.read_bytes() == pdf.read_bytes()


def test_a_chosen_period(tracked, tmp_path):
    data, _ = tracked
    out = tmp_path / "h1.pdf"
    done = run_build("report", "--data", data, "--from", "2026-01-01", "--to", "2026-06-30", "--out", out)
    assert done.returncode == 0, done.stderr
    assert "4 progress updates in the period" in done.stdout
    text = pdf_text(out)
    assert "1 January 2026 to 30 June 2026" in text
    assert "Fixture update two." in text and "Fixture update one" not in text


@pytest.mark.parametrize(
    ("start", "end", "says"),
    [("2026-06-30", "2026-01-01", "starts (2026-06-30) after it ends"), ("2026-01-01", "2026-12-31", "as_of")],
)
def test_a_bad_period_writes_nothing(tracked, tmp_path, start, end, says):
    data, _ = tracked
    out = tmp_path / "bad.pdf"
    done = run_build("report", "--data", data, "--from", start, "--to", end, "--out", out)
    assert done.returncode == 1
    assert says in done.stderr and "nothing written" in done.stderr
    assert not out.exists() and not list(tmp_path.iterdir())


def test_with_no_actions_recorded_the_report_says_so(nz):
    _, site = nz
    soup = soup_of(site)
    assert "No actions are recorded." in soup.find(class_="report-none").get_text(" ", strip=True)
    assert soup.find(id="status-agency-table") is None and soup.find(id="overdue") is None
    assert "No actions are recorded." in pdf_text(site / PDF)


def test_the_preview_rewrites_the_report_when_a_response_changes(tmp_path):
    """An upstream edit of a Government response changes the report's counts: the preview updates
    the page and the PDF in place to what a full build gives."""
    copies = []
    for f in NZ_FILES:
        shutil.copyfile(f, tmp_path / f.name)
        copies.append(tmp_path / f.name)
    config = {**sources_config(Project.default()), "imports": [{"importer": "upr-info", "files": [str(c) for c in copies]}]}
    preview = Preview(tmp_path / "site", tmp_path / "canonical", config)
    preview.full()
    before = {p: (preview.out / p).read_bytes() for p in (PAGE, PDF)}
    enriched = copies[1]
    rows = list(csv.DictReader(io.StringIO(enriched.read_text(encoding="utf-8"), newline="")))
    edited = [r for r in rows if (r["document_symbol"], r["paragraph"]) == ("A/HRC/26/3", "128.14")]
    assert edited and {r["response"] for r in edited} == {"noted"}
    for row in edited:
        row["response"], row["response_raw_upr_info"] = "supported", "Supported"
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    enriched.write_text(out.getvalue(), encoding="utf-8")
    assert "to page" in preview.update({enriched}), "an edit of upstream data is an in-place update"
    full = tmp_path / "full"
    pipeline.import_configured(tmp_path / "canonical-full", config)
    pipeline.build_site(tmp_path / "canonical-full", full, sources=config)
    for path in (PAGE, PDF):
        assert (preview.out / path).read_bytes() == (full / path).read_bytes() != before[path], path
