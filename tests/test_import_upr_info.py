"""The UPR Info importer on every real file in ../shared/data (see its PROVENANCE.md), run as a
user runs it: `build.py import upr-info FILE... --into DIR`."""

from __future__ import annotations

import csv
import re
import sys
from collections import Counter
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, SHARED_DATA, run_build

if str(ROOT) not in sys.path:  # the project is not installed: import it from the checkout
    sys.path.insert(0, str(ROOT))

from recommendations_site.model import make_id

OFFICIAL = SHARED_DATA / "nz" / "nz_upr_official_recommendation_paragraphs_2009_2014.csv"
ENRICHED = SHARED_DATA / "nz" / "nz_upr_cycles1-2_upr-info_enriched.csv"
UPR_INFO = SHARED_DATA / "upr-info"
ID_PATTERN = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def import_into(into: Path, *files: Path | str, country: str | None = None):
    args = ["import", "upr-info", *files, *(["--country", country] if country else []), "--into", into]
    return run_build(*args)


def summary(stdout: str) -> dict[str, int]:
    """The counts the import prints: rows read, recommendations written, rows merged/rejected/unaccounted."""
    patterns = {
        "read": r"read (\d+) rows",
        "recommendations": r"written: (\d+) recommendations",
        "written": r"\((\d+) rows began one\)",
        "merged": r"merged: (\d+) rows",
        "rejected": r"rejected: (\d+) rows",
        "unaccounted": r"unaccounted: (\d+) rows",
    }
    counts = {}
    for name, pattern in patterns.items():
        match = re.search(pattern, stdout)
        assert match, f"no {name!r} count in the printed summary:\n{stdout}"
        counts[name] = int(match.group(1))
    return counts


def check_accounting(package: Path, stdout: str, rows_in: int) -> tuple[list[dict], list[dict]]:
    """Rows in == written + merged + rejected, in the printed summary and in the package's import report."""
    recs = read_csv(package / "recommendations.csv")
    report = read_csv(package / "import-report-upr-info.csv")
    outcomes = Counter(r["outcome"] for r in report)
    assert set(outcomes) <= {"written", "merged", "rejected"}
    assert len(report) == rows_in == outcomes["written"] + outcomes["merged"] + outcomes["rejected"]
    printed = summary(stdout)
    assert printed["read"] == rows_in
    assert printed["unaccounted"] == 0
    assert (printed["written"], printed["merged"], printed["rejected"]) == (
        outcomes["written"],
        outcomes["merged"],
        outcomes["rejected"],
    )
    assert printed["recommendations"] == len(recs)
    ids = [r["id"] for r in recs]
    assert len(ids) == len(set(ids)), "recommendation ids must be unique"
    assert all(ID_PATTERN.fullmatch(i) for i in ids)
    # every written or merged row points at a recommendation the package holds; rejected rows say why
    assert {r["recommendation_id"] for r in report if r["outcome"] != "rejected"} <= set(ids)
    assert all(r["reason"] and not r["recommendation_id"] for r in report if r["outcome"] == "rejected")
    return recs, report


@pytest.fixture(scope="module")
def nz(nz: tuple[Path, Path]) -> tuple[list[dict], list[dict], str, Path]:
    """New Zealand's official paragraphs plus the enriched UPR Info file: the configured dataset, as
    the run's shared `nz` build imported it (`import upr-info OFFICIAL ENRICHED --into`), and what
    that import printed."""
    into = nz[0]
    stdout = (into.parent / "import.out").read_text(encoding="utf-8")
    recs, report = check_accounting(into, stdout, 219 + 228)
    return recs, report, stdout, into


def test_nz_gives_219_recommendations_64_in_2009_and_155_in_2014(nz):
    recs, _, _, _ = nz
    assert len(recs) == 219
    assert Counter((r["year"], r["document_symbol"]) for r in recs) == {("2009", "A/HRC/12/8"): 64, ("2014", "A/HRC/26/3"): 155}
    paragraphs = {(r["document_symbol"], r["paragraph"]) for r in recs}
    expected = {("A/HRC/12/8", f"81.{n}") for n in range(1, 65)} | {("A/HRC/26/3", f"128.{n}") for n in range(1, 156)}
    assert paragraphs == expected
    assert {(r["year"], r["cycle"], r["session"]) for r in recs} == {("2009", "1", "5"), ("2014", "2", "18")}
    assert {(r["country"], r["mechanism"], r["body"], r["source"]) for r in recs} == {
        ("New Zealand", "upr", "UPR", "un-upr-report")
    }


def test_nz_responses_per_paragraph(nz):
    """PROVENANCE.md gives UPR Info's row counts; per official paragraph the 2009 responses are
    36 supported and 28 noted (some paragraphs bundle several states), 2014's are 121 and 34."""
    recs, _, _, _ = nz
    assert Counter((r["year"], r["response"]) for r in recs) == {
        ("2009", "supported"): 36,
        ("2009", "noted"): 28,
        ("2014", "supported"): 121,
        ("2014", "noted"): 34,
    }


def test_nz_row_level_counts_via_recommending_states(nz):
    """One UPR Info row per recommending state: 2009 38 accepted / 35 noted, 2014 121 / 34 (PROVENANCE.md)."""
    recs, _, _, _ = nz
    rows: Counter = Counter()
    for r in recs:
        states = r["recommending_states"].split("|")
        assert all(states), r["id"]
        rows[(r["year"], r["response"])] += len(states)
    assert rows == {("2009", "supported"): 38, ("2009", "noted"): 35, ("2014", "supported"): 121, ("2014", "noted"): 34}


def test_nz_import_report_and_summary(nz):
    _, report, stdout, _ = nz
    assert Counter((r["file"], r["outcome"]) for r in report) == {
        (OFFICIAL.name, "written"): 219,
        (ENRICHED.name, "merged"): 228,
    }
    assert f"{OFFICIAL.name}: 219 rows" in stdout
    assert f"{ENRICHED.name}: 228 rows" in stdout
    assert "wrote 219 recommendations" in stdout


def test_nz_ids_derive_from_symbol_and_paragraph(nz):
    recs, _, _, _ = nz
    assert all(r["id"] == make_id(r["document_symbol"], r["paragraph"]) for r in recs)
    by_id = {r["id"]: r for r in recs}
    assert (by_id["a-hrc-26-3-128-14"]["document_symbol"], by_id["a-hrc-26-3-128-14"]["paragraph"]) == ("A/HRC/26/3", "128.14")
    assert by_id["a-hrc-12-8-81-1"]["paragraph"] == "81.1"
    # natural order: 128.9 before 128.10
    order = [r["id"] for r in recs]
    assert order.index("a-hrc-26-3-128-9") < order.index("a-hrc-26-3-128-10")


def test_nz_text_is_the_official_paragraph(nz):
    recs, _, _, _ = nz
    official = {(r["document_symbol"], r["paragraph"]): r["text_as_in_report"].strip() for r in read_csv(OFFICIAL)}
    assert {(r["document_symbol"], r["paragraph"]): r["text"] for r in recs} == official


def test_nz_package_is_complete(nz):
    _, _, _, into = nz
    names = {p.name for p in into.iterdir()}
    assert {"datapackage.json", "recommendations.csv", "recommendations.json", "import-report-upr-info.csv"} <= names
    assert not [n for n in names if n.startswith(".")]
    assert run_build("validate", "--data", into).returncode == 0


def test_nz_enriched_file_alone_gives_the_same_219(nz, tmp_path):
    done = import_into(tmp_path / "x", ENRICHED)
    assert done.returncode == 0, done.stderr
    recs, report = check_accounting(tmp_path / "x", done.stdout, 228)
    assert len(recs) == 219
    assert Counter(r["outcome"] for r in report) == {"written": 219, "merged": 9}
    assert {r["source"] for r in recs} == {"upr-info"}
    both = {r["id"]: r for r in nz[0]}
    assert {r["id"] for r in recs} == set(both)
    assert all(r["response"] == both[r["id"]]["response"] for r in recs)
    assert all(r["recommending_states"] == both[r["id"]]["recommending_states"] for r in recs)


def test_official_paragraphs_alone_are_refused(tmp_path):
    done = import_into(tmp_path / "x", OFFICIAL)
    assert done.returncode != 0
    assert f"{OFFICIAL.name}:1:-:" in done.stderr and "enriched" in done.stderr
    assert not (tmp_path / "x").exists()


# the multi-country exports: (file, rows in, recommendations written)
MULTI_COUNTRY = [
    ("sessions-01-05.macroman.csv", 6094, 5630),
    ("sessions-06-09.csv", 8343, 8176),
    ("voluntary-pledges.csv", 947, 0),
]


@pytest.mark.slow  # a multi-country file
@pytest.mark.parametrize(("name", "rows_in", "written"), MULTI_COUNTRY, ids=[m[0] for m in MULTI_COUNTRY])
def test_multi_country_export(tmp_path, shared_data, name, rows_in, written):
    done = import_into(tmp_path / "x", UPR_INFO / name)
    assert done.returncode == 0, done.stderr
    recs, report = check_accounting(tmp_path / "x", done.stdout, rows_in)
    assert len(recs) == written
    assert all(re.fullmatch(r"upr-info-[a-z0-9-]+-s\d+-[0-9a-f]{10}", r["id"]) for r in recs)
    assert {r["source"] for r in recs} <= {"upr-info"}
    assert all(r["recommending_states"] and r["cycle"] == "1" for r in recs)
    if name == "voluntary-pledges.csv":
        assert Counter(r["reason"] for r in report) == {"voluntary pledge: the state's own commitment, not a recommendation": 947}


@pytest.mark.slow  # a multi-country file
def test_mac_roman_export_decodes_accents(tmp_path, shared_data):
    """The published export is Mac Roman with bare CR line endings: accents survive, no CR is left."""
    done = import_into(tmp_path / "x", UPR_INFO / "sessions-01-05.macroman.csv", country="Senegal")
    assert done.returncode == 0, done.stderr
    recs = read_csv(tmp_path / "x" / "recommendations.csv")
    assert recs and {r["country"] for r in recs} == {"Senegal"}
    assert sum("Hissène Habré" in r["text"] for r in recs) == 2
    assert not any("\ufffd" in r["text"] or "\r" in r["text"] for r in recs)


def test_review_sessions_file_is_refused(tmp_path, shared_data):
    done = import_into(tmp_path / "x", UPR_INFO / "review-sessions.csv")
    assert done.returncode != 0
    assert "error: review-sessions.csv:1:-: not a UPR Info export" in done.stderr
    assert "nothing written" in done.stderr
    assert not (tmp_path / "x").exists()


@pytest.mark.slow  # a multi-country file
def test_country_option_keeps_new_zealand_rows_merged(tmp_path, shared_data):
    done = import_into(tmp_path / "x", UPR_INFO / "sessions-01-05.macroman.csv", country="New Zealand")
    assert done.returncode == 0, done.stderr
    recs, report = check_accounting(tmp_path / "x", done.stdout, 6094)
    outcomes = Counter((r["outcome"], r["reason"]) for r in report)
    assert outcomes == {
        ("written", ""): 72,
        ("merged", "same recommendation, another recommending state"): 1,
        ("rejected", "state under review is not New Zealand (--country)"): 6021,
    }
    assert len(recs) == 72
    assert {(r["country"], r["year"], r["session"], r["cycle"]) for r in recs} == {("New Zealand", "2009", "5", "1")}
    # the 73 NZ rows of 2009: 38 accepted, 35 noted (PROVENANCE.md), one recommendation made by two states
    rows: Counter = Counter()
    for r in recs:
        rows[r["response"]] += len(r["recommending_states"].split("|"))
    assert rows == {"supported": 38, "noted": 35}
    assert sorted(len(r["recommending_states"].split("|")) for r in recs)[-2:] == [1, 2]
    # the NZ coordinating agencies (Annex II's UPR default) apply to New Zealand only
    assert {r["coordinating_agencies"] for r in recs} == {"mfat|moj"}


def test_fixture_export_merges_and_labels_rows(tmp_path):
    """Hand-made export: states merged into one recommendation, an exact duplicate found even when
    it is the third row of its recommendation, a split response, a pledge rejected."""
    done = import_into(tmp_path / "x", FIXTURES / "fixture-export.csv")
    assert done.returncode == 0, done.stderr
    recs, report = check_accounting(tmp_path / "x", done.stdout, 7)
    assert [(r["row"], r["outcome"], r["reason"]) for r in report] == [
        ("2", "written", ""),
        ("3", "merged", "same recommendation, another recommending state"),
        ("4", "merged", "duplicate row"),
        ("5", "written", ""),
        ("6", "written", ""),
        ("7", "merged", "same recommendation, another recommending state"),
        ("8", "rejected", "voluntary pledge: the state's own commitment, not a recommendation"),
    ]
    by_text = {r["text"][:32]: r for r in recs}
    a = by_text["Fixture export recommendation A:"]
    assert (a["recommending_states"], a["response"], a["year"], a["source_ref"]) == (
        "Testonia|Examplestan",
        "supported",
        "2009",
        "fixture-export.csv:2,3,4",
    )
    assert by_text["Fixture export recommendation C:"]["response"] == "supported-in-part"
    assert not any(r["lead_agencies"] for r in recs), "default lead agencies are for New Zealand only"


@pytest.mark.parametrize(("session", "year"), [("36", "2020"), ("46", "2024"), ("54", "2027")])
def test_sessions_through_the_fourth_cycle_have_their_years(tmp_path, session, year):
    """New Zealand's 2024 review was session 46: a UPR Info export of it imports (fixture rows, session changed)."""
    text = (FIXTURES / "fixture-export.csv").read_text(encoding="utf-8").replace(",5\n", f",{session}\n")
    (tmp_path / "export.csv").write_text(text, encoding="utf-8")
    done = import_into(tmp_path / "x", tmp_path / "export.csv")
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader((tmp_path / "x" / "recommendations.csv").open(encoding="utf-8")))
    moved = [r for r in rows if r["session"] == session]  # the fixture's session-5 rows
    assert moved and {(r["year"], r["cycle"]) for r in moved} == {(year, "3" if int(session) <= 40 else "4")}


def test_a_session_after_the_fourth_cycle_is_refused_by_name(tmp_path):
    text = (FIXTURES / "fixture-export.csv").read_text(encoding="utf-8").replace(",5\n", ",55\n")
    (tmp_path / "export.csv").write_text(text, encoding="utf-8")
    done = import_into(tmp_path / "x", tmp_path / "export.csv")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "export.csv:2:Session: UPR session 55 is not in data/reference/upr_sessions.yaml" in done.stderr
    assert not (tmp_path / "x").exists()
