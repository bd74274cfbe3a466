"""Officials' tracking files: read and checked with errors naming file, line and field; shown on
recommendation and agency pages; honestly empty in the default build."""

from __future__ import annotations

import datetime as dt
import json
import textwrap
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import FIXTURES, NZ_FILES, run_build

from recommendations_site import tracking
from recommendations_site.model.reporting import bounds, label, period_of, previous

AS_OF = dt.date(2026, 11, 23)
RECS = {"a-hrc-12-8-81-1", "a-hrc-26-3-128-17", "a-hrc-26-3-128-100", "a-hrc-26-3-128-111", "a-hrc-26-3-128-55"}
RECS |= {"a-hrc-26-3-128-57", "a-hrc-26-3-128-58", "a-hrc-26-3-128-139"}
AGENCIES = {"moj", "mbie", "msd", "oranga-tamariki"}


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_periods():
    assert period_of(dt.date(2026, 6, 30)) == "2026-H1" and period_of(dt.date(2026, 7, 1)) == "2026-H2"
    assert bounds("2026-H2") == (dt.date(2026, 7, 1), dt.date(2026, 12, 31))
    assert previous("2026-H1") == "2025-H2" and previous("2026-H2") == "2026-H1"
    assert label("2025-H2") == "July to December 2025"


def test_fixture_reads_with_one_stale_warning():
    found = tracking.read(FIXTURES / "tracking", RECS, AGENCIES, AS_OF)
    assert found.errors == []
    assert [(w.file, w.row, w.field) for w in found.warnings] == [("tests/fixtures/tracking/moj.yaml", 20, "progress")]
    assert "stale: fixture-stale-action" in found.warnings[0].message
    tables = found.tables()
    assert {k: len(v) for k, v in tables.items()} == {
        "actions": 5,
        "action_recommendations": 8,
        "progress_updates": 8,
        "response_rationales": 1,
        "lead_decisions": 2,
    }
    by_id = {u["id"]: u for u in tables["progress_updates"]}
    assert by_id["fixture-migrant-workers-review-2026-02-01"]["agency"] == "mbie"  # a supporting agency's update
    assert by_id["fixture-migrant-workers-review-2026-02-01"]["period"] == "2026-H1"


GOOD_ACTION = """\
  - id: a-1
    title: An action
    recommendations: [a-hrc-12-8-81-1]
    status: in-progress
    start_date: 2026-01-01
    target_date: 2026-12-31
"""
GOOD_UPDATE = """\
  - action: a-1
    date: 2026-03-01
    text: Done something.
    evidence: [https://example.org/x]
"""


def problems(tmp_path: Path, actions: str = GOOD_ACTION, progress: str = GOOD_UPDATE, extra: str = "", name: str = "moj"):
    folder = tmp_path / "tracking"
    folder.mkdir(exist_ok=True)
    text = f"agency: moj\n{extra}actions:\n{actions}progress:\n{progress}"
    (folder / f"{name}.yaml").write_text(text, encoding="utf-8")
    found = tracking.read(folder, RECS, AGENCIES, AS_OF)
    return [[p.row, p.field, p.message] for p in found.errors]


def test_good_file_has_no_problems(tmp_path):
    assert problems(tmp_path) == []


@pytest.mark.parametrize(
    ("actions", "progress", "expected"),
    [
        (
            GOOD_ACTION.replace("a-hrc-12-8-81-1", "a-hrc-99-1-1"),
            GOOD_UPDATE,
            [5, "recommendations", "'a-hrc-99-1-1' is not a recommendation"],
        ),
        (GOOD_ACTION.replace("2026-12-31", "2025-12-31"), GOOD_UPDATE, [8, "target_date", "is before the start date"]),
        (GOOD_ACTION, GOOD_UPDATE.replace("2026-03-01", "2025-12-01"), [11, "date", "before the action's start date"]),
        (GOOD_ACTION, GOOD_UPDATE.replace("2026-03-01", "2026-12-01"), [11, "date", "after the release date 2026-11-23"]),
        (
            GOOD_ACTION.replace("2026-12-31", "2026-06-30"),
            GOOD_UPDATE,
            [8, "target_date", "2026-06-30 has passed with no progress update since"],
        ),
        (
            GOOD_ACTION,
            GOOD_UPDATE.replace("    evidence: [https://example.org/x]\n", ""),
            [10, "evidence", "missing evidence link"],
        ),
        (
            GOOD_ACTION,
            GOOD_UPDATE.replace("https://example.org/x", "www.example.org"),
            [13, "evidence", "'www.example.org' is not an http(s) link"],
        ),
        (GOOD_ACTION.replace("in-progress", "underway"), GOOD_UPDATE, [6, "status", "'underway': one of not-started"]),
        (
            GOOD_ACTION + "    supporting_agencies: [nosuch]\n",
            GOOD_UPDATE,
            [9, "supporting_agencies", "'nosuch' is not another agency"],
        ),
        (GOOD_ACTION, GOOD_UPDATE.replace("action: a-1", "action: a-2"), [10, "action", "'a-2' is not an action"]),
        (GOOD_ACTION + GOOD_ACTION, "", [9, "id", "'a-1' is also the id of the action at"]),
        (GOOD_ACTION.replace("id: a-1", "id: A 1"), "", [3, "id", "lower-case letters"]),
        (GOOD_ACTION + "    owner: someone\n", GOOD_UPDATE, [9, "owner", "unknown field"]),
    ],
    ids=[
        "unknown recommendation",
        "target before start",
        "update before start",
        "update after as_of",
        "target passed without update",
        "missing evidence",
        "evidence not a link",
        "unknown status",
        "unknown agency",
        "unknown action",
        "duplicate action id",
        "bad id",
        "unknown field",
    ],
)
def test_each_error_names_line_and_field(tmp_path, actions, progress, expected):
    found = problems(tmp_path, actions, progress)
    assert [[row, field] for row, field, _ in found] == [expected[:2]], found
    assert expected[2] in found[0][2]


def test_file_must_be_named_after_its_agency(tmp_path):
    assert [p[:2] for p in problems(tmp_path, name="msd")] == [[1, "agency"]]


def test_only_the_lead_or_a_supporting_agency_reports_progress(tmp_path):
    folder = tmp_path / "tracking"
    problems(tmp_path)
    (folder / "msd.yaml").write_text("agency: msd\nprogress:\n" + GOOD_UPDATE, encoding="utf-8")
    found = tracking.read(folder, RECS, AGENCIES, AS_OF)
    assert [[p.file.rsplit("/", 1)[-1], p.row, p.field] for p in found.errors] == [["msd.yaml", 3, "action"]]


def test_broken_yaml_is_located(tmp_path):
    folder = tmp_path / "tracking"
    folder.mkdir()
    (folder / "moj.yaml").write_text("agency: moj\nactions:\n  - id: [unclosed\n", encoding="utf-8")
    found = tracking.read(folder, RECS, AGENCIES, AS_OF)
    assert [[p.row, p.field] for p in found.errors] == [[4, "-"]] and "not valid YAML" in found.errors[0].message


def test_bad_tracking_file_stops_the_import_and_writes_nothing(tmp_path):
    folder = tmp_path / "tracking"
    folder.mkdir()
    bad = GOOD_UPDATE.replace("    evidence: [https://example.org/x]\n", "")
    (folder / "moj.yaml").write_text(f"agency: moj\nactions:\n{GOOD_ACTION}progress:\n{bad}", encoding="utf-8")
    into = tmp_path / "out"
    result = run_build(
        "import", "upr-info", *NZ_FILES, "--into", into, "--tracking", folder, "--release", FIXTURES / "release.yaml"
    )
    assert result.returncode == 1
    assert f"{folder / 'moj.yaml'}:10:evidence: missing evidence link" in result.stdout
    assert "nothing written" in result.stderr and not into.exists()


def test_stale_warning_is_printed(tracked):
    """The shared `tracked` build's import (`import upr-info NZ_FILES --into DIR --tracking
    tests/fixtures/tracking --release tests/fixtures/release.yaml`) warned on stderr."""
    printed = (tracked[0].parent / "import.err").read_text(encoding="utf-8")
    assert "warning: tests/fixtures/tracking/moj.yaml:20:progress: stale: fixture-stale-action" in printed


def test_template_lists_the_agency_recommendations_and_reads_back_empty(nz, tmp_path):
    out = tmp_path / "tracking" / "moj.yaml"
    result = run_build("template", "moj", "--data", nz[0], "--out", out)
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert "agency: moj" in text and "#   a-hrc-26-3-128-14  (UPR 2014, A/HRC/26/3 para 128.14" in text
    found = tracking.read(out.parent, RECS, AGENCIES, AS_OF)
    assert found.errors == [] and found.actions == []
    again = run_build("template", "moj", "--data", nz[0], "--out", out)
    assert again.returncode == 1 and "never overwritten" in again.stderr


def test_recommendation_page_shows_actions_and_timeline(tracked):
    page = soup(tracked[1] / "recommendations" / "a-hrc-12-8-81-1" / "index.html")
    actions = page.select("article.action")
    assert [a["id"] for a in actions] == ["action-fixture-migrant-workers-review"]
    assert actions[0].select_one(".status").get_text() == "In progress"
    assert actions[0].select_one(".flag--overdue")  # target 2026-06-30 passed, not completed
    dates = [t["datetime"] for t in actions[0].select("ol.timeline time")]
    assert dates == ["2026-08-20", "2026-03-10", "2026-02-01", "2025-09-15"]  # newest first
    assert [a.get_text() for a in actions[0].select("dd ul.inline-list a[href*='recommendations/']")] == [
        "UPR 2009, paragraph 81.1",
        "UPR 2014, paragraph 128.17",
    ]
    # text is data: markup in the fixture shows as text, never as elements
    assert not page.select("article.action script, ol.timeline b, .rationale i")
    assert "<script>alert('action')</script>" in actions[0].get_text()
    assert "Fixture rationale <i>not italic</i>." in page.select_one(".rationale").get_text()


def test_agency_page_accounts_for_its_actions(tracked):
    page = soup(tracked[1] / "agencies" / "moj" / "index.html")
    counts = {row.th.get_text(strip=True): row.td.get_text() for row in page.select("table.status-table tbody tr")}
    assert counts == {"Not started": "0", "Planned": "1", "In progress": "2", "Ongoing": "0", "Completed": "1"}
    listed = {h["id"]: [a.get_text() for a in h.find_next("ul").select("a")] for h in page.select("h3[id]")}
    assert listed["overdue"] == ["Fixture: review of the Migrant Workers Convention"]
    assert listed["due"] == ["Fixture: an action due this period"]
    assert listed["stale"] == ["Fixture: an action with no recent update"]
    assert "current reporting period is July to December 2026" in page.get_text()
    mbie = soup(tracked[1] / "agencies" / "mbie" / "index.html")
    assert [a["id"] for a in mbie.select("article.action")] == ["action-fixture-migrant-workers-review"]
    assert mbie.select_one("#supported")


def test_default_build_is_honestly_empty(nz):
    rec = soup(nz[1] / "recommendations" / "a-hrc-12-8-81-1" / "index.html")
    assert not rec.select("article.action, .rationale")
    assert "No government action or progress has been recorded" in rec.select_one("#actions").find_next("p").get_text()
    agency = soup(nz[1] / "agencies" / "moj" / "index.html")
    assert "No action or progress update has been recorded by this agency yet." in agency.get_text()
    for table in ("actions", "action_recommendations", "progress_updates", "response_rationales"):
        lines = (nz[0] / f"{table}.csv").read_text(encoding="utf-8").splitlines()
        assert len(lines) == 1, f"{table}: the default build records no {table}"


def test_tracking_tables_are_in_the_package(tracked):
    text = textwrap.dedent((tracked[0] / "actions.csv").read_text(encoding="utf-8"))
    assert "fixture-migrant-workers-review,Fixture: review of the Migrant Workers Convention" in text
    assert '"as_of": "2026-11-23"' in (tracked[0] / "datapackage.json").read_text(encoding="utf-8")


def test_an_agency_decides_which_recommendations_it_leads(tracked):
    """MSD's fixture file confirms one suggested lead and declines another: its word wins."""
    recs = {r["id"]: r for r in json.loads((tracked[0] / "recommendations.json").read_text())}
    confirmed, declined = recs["a-hrc-26-3-128-57"], recs["a-hrc-26-3-128-139"]
    assert confirmed["lead_agency_basis"] == "agency" and "msd=confirmed by the agency" in confirmed["lead_agency_reasons"]
    assert "msd" not in declined["lead_agencies"] and declined["lead_agencies"] == ["dpmc", "moe"]
    page = soup(tracked[1] / "recommendations" / "a-hrc-26-3-128-57" / "index.html")
    facts = page.select_one("dl.rec-facts").get_text(" ", strip=True)
    assert "Ministry of Social Development – Te Manatū Whakahiato Ora (confirmed by the agency)" in facts
    assert "Department of the Prime Minister and Cabinet – Te Tari o te Pirimia me te Komiti Matua (suggested by portfolio: child poverty)" in facts
    page = soup(tracked[1] / "recommendations" / "a-hrc-26-3-128-139" / "index.html")
    (item,) = page.select("ul.declined li")
    assert item.a.get_text() == "Ministry of Social Development" and "Ministry of Education leads" in item.get_text()


@pytest.mark.parametrize(
    ("leads", "expected"),
    [
        ("confirmed\n", [[15, "recommendation", "'a-hrc-99' is not a recommendation in this build"]]),
        ("maybe\n", [[16, "decision", "'maybe': one of confirmed, declined"]]),
    ],
)
def test_a_bad_lead_decision_names_line_and_field(tmp_path, leads, expected):
    rec = "a-hrc-99" if leads == "confirmed\n" else "a-hrc-12-8-81-1"
    found = problems(tmp_path, progress=f"{GOOD_UPDATE}leads:\n  - recommendation: {rec}\n    decision: {leads}")
    assert found == expected


def test_one_decision_per_agency_and_recommendation(tmp_path):
    twice = "  - recommendation: a-hrc-12-8-81-1\n    decision: confirmed\n" * 2
    found = problems(tmp_path, progress=f"{GOOD_UPDATE}leads:\n{twice}")
    assert found == [[17, "recommendation", f"also decided at {tmp_path / 'tracking' / 'moj.yaml'}:15"]]
