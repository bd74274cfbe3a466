"""The reporting calendar: data/calendar.yaml read and checked, projections from the usual cycles,
the calendar page and its iCalendar file on the built New Zealand site."""

from __future__ import annotations

import csv
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, run_build

if str(ROOT) not in sys.path:  # the project is not installed: import it from the checkout
    sys.path.insert(0, str(ROOT))

from icalendar import Calendar

from recommendations_site import cli
from recommendations_site.errors import SourceError
from recommendations_site.model import calendar
from recommendations_site.model.reference import yaml_tables
from recommendations_site.outputs import calendar as calendar_view
from recommendations_site.project import Project

FIXTURES = Path(__file__).resolve().parent / "fixtures"
BODIES = yaml_tables(Project.default())["bodies"]
CALENDAR = Project.default().file("calendar.yaml")
HELD = {"basis": "held", "source": "fixture", "note": "", "document": ""}


def event(body: str, kind: str, when: str, **extra: str) -> dict:
    return {**HELD, "body": body, "kind": kind, "date": when, "id": calendar.event_id(body, kind, when), **extra}


# --- projection arithmetic --------------------------------------------------------------------


def test_cycles_are_read_from_the_bodies_table() -> None:
    assert calendar.cycle_years("4-5") == (4, 5)
    assert calendar.cycle_years("8") == (8, 8)
    assert calendar.cycle_years("") is None
    assert {b["id"]: calendar.cycle_years(b["report_cycle_years"]) for b in BODIES}["CCPR"] == (8, 8)


def test_upr_review_is_projected_as_a_window_from_the_latest_review() -> None:
    events = [event("UPR", "review", "2009-05-07"), event("UPR", "review", "2014-01-27")]
    [upr] = calendar.project(events, BODIES)
    assert (upr["kind"], upr["date"], upr["date_end"], upr["basis"]) == ("review", "2018", "2019", "projected")
    assert upr["projected_from"] == "upr-review-2014-01-27"
    assert "not a un date" in upr["note"].lower()


def test_treaty_body_report_is_projected_with_an_undated_list_of_issues_before_it() -> None:
    [loipr, report] = calendar.project([event("CCPR", "concluding-observations", "2016-04-27")], BODIES)
    assert (report["kind"], report["date"], report["date_end"]) == ("state-report-due", "2024", "")
    assert (loipr["kind"], loipr["date"], loipr["basis"]) == ("loipr", "", "projected")
    assert "No interval is documented" in loipr["note"]
    [cerd] = calendar.project([event("CERD", "concluding-observations", "2007")], BODIES)
    assert (cerd["kind"], cerd["date"]) == ("state-report-due", "2011")  # CERD: no list of issues first


def test_no_projection_without_a_held_review_or_a_cycle_or_over_an_entered_date() -> None:
    assert calendar.project([], BODIES) == []
    assert calendar.project([event("SR-HOUSING", "country-visit", "2020")], BODIES) == []
    assert calendar.project([event("CAT", "state-report-due", "2030", basis="scheduled")], BODIES) == []
    entered = [event("UPR", "review", "2019"), event("UPR", "review", "2024-05", basis="scheduled")]
    assert calendar.project(entered, BODIES) == []


def test_partial_dates() -> None:
    assert calendar.Partial.parse("2019").last() == date(2019, 12, 31)
    assert calendar.Partial.parse("2024-02").last() == date(2024, 2, 29)
    assert calendar.Partial.parse("2014-01-27").first() == date(2014, 1, 27)
    for bad in ("2019-13", "2019-02-30", "19", "2019/05/07", "May 2019"):
        with pytest.raises(ValueError):
            calendar.Partial.parse(bad)


def test_upcoming_is_judged_against_as_of() -> None:
    rows = calendar.project([event("UPR", "review", "2019")], BODIES)
    assert calendar_view.status(rows[0], rows, date(2024, 12, 31)) == "upcoming"  # the window's last day
    assert calendar_view.status(rows[0], rows, date(2025, 1, 1)) == "lapsed"
    loipr_and_report = calendar.project([event("CAT", "concluding-observations", "2023")], BODIES)
    assert [calendar_view.status(r, loipr_and_report, date(2026, 11, 23)) for r in loipr_and_report] == ["upcoming"] * 2


# --- data/calendar.yaml -----------------------------------------------------------------------


def test_the_calendar_holds_only_sourced_typed_events() -> None:
    country, typed = calendar.read_typed(CALENDAR, {b["id"]: b for b in BODIES})
    assert country == "New Zealand"
    assert {e["basis"] for e in typed} <= {"held", "scheduled"}
    assert all(e["source"] for e in typed)
    ids = {e["id"] for e in typed}
    assert {"upr-review-2009-05-07", "upr-review-2014-01-27", "upr-review-2019"} <= ids
    assert {"ccpr-concluding-observations-2016-04-27", "cedaw-concluding-observations-2012-08-07"} <= ids


BAD = [
    ('date: "2019"', 'date: "2019-13"', "date", "is not a date"),
    (
        'body: UPR\n    kind: review\n    date: "2009-05-07"',
        'body: UPRR\n    kind: review\n    date: "2009-05-07"',
        "body",
        "not in bodies.yaml",
    ),
    ("basis: held", "basis: projected", "basis", "computed by the build"),
    ("kind: country-visit", "kind: visit", "kind", "is not one of"),
    ("    source: Report of the UPR Working Group on New Zealand, A/HRC/12/8, paragraph 1\n", "", "source", "missing"),
]


def edited_calendar(tmp_path: Path, old: str, new: str) -> tuple[Path, int]:
    """data/calendar.yaml with the first `old` replaced; returns the file and the entry edited."""
    text = CALENDAR.read_text(encoding="utf-8")
    at = text.index(old)
    entry = text[:at].split("events:", 1)[1].count("\n  - ")
    path = tmp_path / "calendar.yaml"
    path.write_text(text[:at] + new + text[at + len(old) :], encoding="utf-8")
    return path, entry


@pytest.mark.parametrize(("old", "new", "field", "words"), BAD, ids=[b[2] for b in BAD])
def test_a_bad_entry_is_located_by_file_entry_and_field(tmp_path, old, new, field, words) -> None:
    path, entry = edited_calendar(tmp_path, old, new)
    with pytest.raises(SourceError) as raised:
        calendar.read_typed(path, {b["id"]: b for b in BODIES})
    message = str(raised.value)
    assert message.startswith(f"calendar.yaml:{entry}:{field}: entry {entry} (line "), message
    assert words in message


def test_a_bad_calendar_stops_the_import_and_writes_nothing(tmp_path, curated_project, capsys) -> None:
    path, entry = edited_calendar(tmp_path, 'date: "2019"', 'date: "2019-13"')
    path.replace(curated_project.file("calendar.yaml"))
    into = tmp_path / "package"
    official, enriched = FIXTURES / "fixture-official.csv", FIXTURES / "fixture-enriched.csv"
    code = cli.main(["import", "upr-info", str(official), str(enriched), "--into", str(into)], project=curated_project)
    err = capsys.readouterr().err
    assert code == 1
    assert f"error: calendar.yaml:{entry}:date: entry {entry} (line " in err
    assert "nothing written" in err and "Traceback" not in err
    assert not into.exists()


def test_a_duplicate_entry_is_refused(tmp_path) -> None:
    text = CALENDAR.read_text(encoding="utf-8")
    path = tmp_path / "calendar.yaml"
    path.write_text(text + '\n  - {body: UPR, kind: review, date: "2019", basis: held, source: twice}\n', encoding="utf-8")
    with pytest.raises(SourceError, match=r"calendar.yaml:\d+:date: .*same body, kind and date as entry \d+"):
        calendar.read_typed(path, {b["id"]: b for b in BODIES})


# --- the built site ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def page(nz: tuple[Path, Path]) -> BeautifulSoup:
    return BeautifulSoup((nz[1] / "calendar" / "index.html").read_text(encoding="utf-8"), "html.parser")


def test_the_package_holds_the_calendar_and_validates(nz: tuple[Path, Path]) -> None:
    data = nz[0]
    with (data / "reporting_events.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    by_id = {r["id"]: r for r in rows}
    assert by_id["upr-review-2023"]["basis"] == "projected" and by_id["upr-review-2023"]["date_end"] == "2024"
    assert by_id["upr-review-2023"]["projected_from"] == "upr-review-2019"
    assert by_id["ccpr-loipr-before-2024"]["date"] == ""
    assert not any(r["basis"] == "projected" and r["body"] in ("CESCR", "CAT", "CRC", "CRPD") for r in rows)
    assert run_build("validate", "--data", data).returncode == 0


def test_the_calendar_page(page: BeautifulSoup) -> None:
    assert page.h1.get_text(strip=True) == "Reporting calendar"
    assert page.select_one("time[datetime='2026-11-23']") is not None  # data/release.yaml as_of
    assert "List of issues prior to reporting" in [dt.get_text(strip=True) for dt in page.select("dl dt")]
    ics = page.select_one("a[href='new-zealand-un-reporting.ics']")
    assert ics is not None and "iCalendar" in ics.get_text()
    # as at 2026-11-23 every projection from the recorded reviews has passed: none is shown as upcoming
    assert page.select_one("#upcoming-table") is None
    lapsed = {
        tr["id"]: [td.get_text(" ", strip=True) for td in tr.find_all("td")] for tr in page.select("#lapsed-table tbody tr")
    }
    assert lapsed["upr-review-2023"][:4] == ["Around 2023 to 2024", "UPR", "Review", "Projected (usual cycle; not a UN date)"]
    assert lapsed["ccpr-loipr-before-2024"][0] == "Before the report (no date)"
    body_rows = {tr["id"]: tr for tr in page.select("#bodies-table tbody tr")}
    assert body_rows["body-upr"].find("a")["href"] == "../bodies/upr/"
    assert "No date: no review recorded here" in body_rows["body-cat"].get_text()
    assert "has not ratified" in body_rows["body-cmw"].get_text()
    history = [tr["id"] for tr in page.select("#history-table tbody tr")]
    assert history.index("upr-review-2019") < history.index("upr-review-2014-01-27") < history.index("upr-review-2009-05-07")
    assert not any("projected" in h for h in history)
    link = page.select_one("#upr-review-2014-01-27 a[href='https://undocs.org/en/A/HRC/26/3']")
    assert link is not None


def test_the_main_navigation_links_the_calendar(nz: tuple[Path, Path]) -> None:
    home = BeautifulSoup((nz[1] / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert "calendar/" in [a["href"] for a in home.select("nav[aria-label=Main] a")]


def test_the_icalendar_file(nz: tuple[Path, Path]) -> None:
    raw = (nz[1] / "calendar" / "new-zealand-un-reporting.ics").read_bytes()
    cal = Calendar.from_ical(raw)
    events = {str(e["uid"]): e for e in cal.walk("VEVENT")}
    assert "upr-review-2014-01-27@new-zealand-un-reporting" in events
    assert not any("loipr" in uid for uid in events)  # undated: on the page only
    review = events["upr-review-2014-01-27@new-zealand-un-reporting"]
    assert review.decoded("dtstart") == date(2014, 1, 27) and review.decoded("dtend") == date(2014, 1, 28)  # all day
    assert review.decoded("dtstamp").date() == date(2026, 11, 23)  # as_of, not the clock
    assert "upr-review-2023@new-zealand-un-reporting" not in events  # a projected window: on the page only
    assert "upr-review-2019@new-zealand-un-reporting" not in events  # known only to the year: never a year-long event
    assert all(e.decoded("dtend") - e.decoded("dtstart") == timedelta(days=1) for e in events.values())
    assert len({e.decoded("dtstamp") for e in events.values()}) == 1
    assert cal.decoded("refresh-interval") == timedelta(days=1) and b"REFRESH-INTERVAL;VALUE=DURATION:P1D" in raw
