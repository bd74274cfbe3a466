"""The OHCHR thematic matrix importer on the two real Slovenia matrices and on small generated ones."""

from __future__ import annotations

import csv
import sys
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import docx
import pytest
from conftest import ROOT, run_build

if str(ROOT) not in sys.path:  # the project is not installed and pytest's pythonpath is not set: use the checkout
    sys.path.insert(0, str(ROOT))

sys.path.insert(0, str(ROOT / "tests" / "fixtures"))  # make_matrix_cycle4.py: the cycle-4 fixture's writer

import make_matrix_cycle4

from recommendations_site import cli
from recommendations_site.importers.ohchr_matrix import recommending_states
from recommendations_site.model.package import read_recommendations

MATRICES = {
    2: ("slovenia-upr-cycle2-session20.docx", 163, 37),  # file, recommendations, "Theme: ..." heading rows
    3: ("slovenia-upr-cycle3-session34.docx", 215, 53),
}
HEADER = ["Recommendation", "Position", "Full list of themes", "Assessment/comments on level of implementation"]
SOURCE = "\nSource of position: A/HRC/43/15/Add.1 - Para. 3"


@pytest.fixture(scope="module")
def imported(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[int, tuple]:
    """cycle -> (finished process, package directory, recommendations by paragraph); both imports run at once."""
    outs = {cycle: tmp_path_factory.mktemp(f"cycle{cycle}") / "out" for cycle in MATRICES}
    with ThreadPoolExecutor() as pool:
        runs = {
            cycle: pool.submit(
                run_build,
                "import",
                "ohchr-matrix",
                shared_data / "ohchr-matrix" / name,
                "--country",
                "Slovenia",
                "--into",
                outs[cycle],
            )
            for cycle, (name, _, _) in MATRICES.items()
        }
    result = {}
    for cycle, out in outs.items():
        done = runs[cycle].result()
        assert done.returncode == 0, done.stderr
        recs = read_recommendations(out)
        by_paragraph = {r.paragraph: r for r in recs}
        assert len(by_paragraph) == len(recs), "paragraph numbers repeat within one report"
        result[cycle] = (done, out, by_paragraph)
    return result


@pytest.mark.parametrize("cycle", MATRICES)
def test_every_recommendation_and_row_is_accounted_for(imported: dict, cycle: int) -> None:
    name, expected, headings = MATRICES[cycle]
    done, out, recs = imported[cycle]
    assert len(recs) == expected
    assert f"written: {expected} recommendations" in done.stdout
    assert f"{headings} section heading row" in done.stdout
    assert "unaccounted: 0 rows" in done.stdout
    assert "no project theme" not in done.stdout  # every theme and affected person is in theme_map.yaml
    with (out / "import-report-ohchr-matrix.csv").open(encoding="utf-8") as handle:
        outcomes = list(csv.DictReader(handle))
    assert f"{name}: {len(outcomes)} rows" in done.stdout
    assert Counter(o["outcome"] for o in outcomes) == {"written": expected, "rejected": headings}
    assert {o["recommendation_id"] for o in outcomes if o["outcome"] == "written"} == {r.id for r in recs.values()}
    assert {(r.country, r.cycle, r.source) for r in recs.values()} == {("Slovenia", cycle, "ohchr-matrix")}
    assert all(r.themes and r.recommending_states for r in recs.values())


def test_cycle2_records(imported: dict, shared_data: Path) -> None:
    recs = imported[2][2]
    first = recs["115.1"]
    assert first.id == "a-hrc-28-15-115-1"
    assert (first.document_symbol, first.session, first.year, first.mechanism, first.body) == (
        "A/HRC/28/15",
        "20",
        2014,
        "upr",
        "UPR",
    )
    # The text exactly as printed in the document's third table row, without its number and
    # "Source of position" line (compared with the file, so no UN text is copied into this repository).
    cell = docx.Document(str(shared_data / "ohchr-matrix" / MATRICES[2][0])).tables[0].rows[2].cells[0].text
    assert first.text == cell.split("\nSource of position")[0].strip().removeprefix("115.1 ")
    assert first.text.endswith("(Croatia);") and "\n" not in first.text
    assert (first.recommending_states, first.response) == (["Croatia"], "supported")
    assert first.response_source == "A/HRC/28/15/Add.1 - Para. 3"
    assert first.source_ref == "slovenia-upr-cycle2-session20.docx:3"
    assert first.source_tags == ["A12 Acceptance of international norms", "general"]
    assert first.themes == ["international-instruments"]
    assert recs["115.3"].recommending_states == ["Portugal", "Slovakia"]
    assert "children" in recs["115.3"].affected_groups  # from "Affected persons: - children"
    assert recs["115.4"].recommending_states == ["Spain", "Tunisia", "Portugal"]
    assert recs["115.6"].recommending_states == ["Iran (Islamic Republic of)"]  # "(ICRMW)" before it is text
    # "(the former Yugoslav Republic of Macedonia)", by its one canonical name
    assert recs["115.72"].recommending_states == ["North Macedonia"]
    assert recs["115.124"].recommending_states == ["Armenia", "Costa Rica", "Uzbekistan", "Azerbaijan"]
    assert Counter(r.response for r in recs.values()) == {"supported": 142, "noted": 21}


def test_cycle3_records(imported: dict) -> None:
    recs = imported[3][2]
    first = recs["121.1"]
    assert (first.document_symbol, first.session, first.year) == ("A/HRC/43/15", "34", 2019)
    assert first.text == (
        "Ratify the International Convention for the Protection of All Persons from Enforced Disappearance (France) (Lithuania);"
    )
    assert first.recommending_states == ["France", "Lithuania"]
    assert first.response_source == "A/HRC/43/15 - Para 121"
    assert first.sdg_goals == ["16"]
    assert first.themes == ["international-instruments", "enforced-disappearances"]
    assert first.affected_groups == ["disappeared-people"]
    assert "16 - PEACE, JUSTICE AND STRONG INSTITUTIONS" in first.source_tags
    assert recs["121.2"].recommending_states == ["Ukraine", "Slovakia"]  # two recommendations in one paragraph
    assert recs["121.3"].recommending_states == ["United Kingdom of Great Britain and Northern Ireland"]  # "(No. 29)" is text
    noted = recs["122.1"]
    assert (noted.response, noted.response_source) == ("supported", "A/HRC/43/15/Add.1 - Para.3")
    assert Counter(r.response for r in recs.values()) == {"supported": 182, "noted": 33}
    assert recs["122.3"].sdg_goals and all(g.isdigit() for r in recs.values() for g in r.sdg_goals)


@pytest.mark.parametrize(
    ("text", "states"),
    [
        ("Ratify the ICRMW (ICRMW) (Islamic Republic of Iran, Mexico);", ["Islamic Republic of Iran", "Mexico"]),
        (
            "Adopt a law (Korea, Republic of); Do more (Congo, the Democratic Republic of the).",
            ["Korea, Republic of", "Congo, the Democratic Republic of the"],
        ),
        (
            "Combat trafficking (Venezuela (Bolivarian Republic of), Bolivia (Plurinational State of));",
            ["Venezuela (Bolivarian Republic of)", "Bolivia (Plurinational State of)"],
        ),
        ("Ratify ILO Convention, 2011 (No. 189) (Trinidad and Tobago)", ["Trinidad and Tobago"]),
        ("Protect children (including migrants); and adopt a plan (Chile) (Chile);", ["Chile"]),
        ("Ratify the Istanbul Convention (CETS No. 210)", []),
    ],
)
def test_recommending_states(text: str, states: list[str]) -> None:
    assert recommending_states(text) == states


def build(capsys: pytest.CaptureFixture, *args: str | Path) -> tuple[int, str, str]:
    """`build.py ARGS...` in this process (a subprocess costs a second of imports): exit code, stdout, stderr."""
    code = cli.main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def make_matrix(
    path: Path,
    rows: list[list[str]],
    page_header: str = "UPR of Testland (3rd Cycle \u2013 34th Session)",
    header: list[str] = HEADER,
) -> Path:
    """A small matrix as OHCHR lays it out: page header, header row, merged "Theme: ..." row, one row per recommendation."""
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = page_header
    make_matrix_cycle4.add_table(document, [header, ["Theme: Acceptance of international norms"], *rows])
    document.save(str(path))
    return path


GOOD = [f"121.1 Ratify the Convention (Chile);{SOURCE}", "Supported", "- Acceptance of international norms\nSDGs: \n- 16 - PEACE"]


def test_generated_matrix_imports(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    second = [f"121.2 Ratify it (Korea, Republic of) (Peru);{SOURCE}", "Noted", "- Acceptance of international norms"]
    matrix = make_matrix(tmp_path / "matrix.docx", [GOOD, second])
    code, out, err = build(capsys, "import", "ohchr-matrix", matrix, "--into", tmp_path / "out")
    assert code == 0, err
    assert "written: 2 recommendations" in out and "1 section heading row" in out
    recs = {r.paragraph: r for r in read_recommendations(tmp_path / "out")}
    assert (recs["121.1"].country, recs["121.1"].cycle, recs["121.1"].year, recs["121.1"].sdg_goals) == (
        "Testland",
        3,
        2019,
        ["16"],
    )
    # "(Korea, Republic of)" by its canonical name
    assert (recs["121.2"].recommending_states, recs["121.2"].response) == (["Republic of Korea", "Peru"], "noted")


@pytest.mark.parametrize(
    ("rows", "page_header", "args", "message"),
    [
        ([[*GOOD[:1], "Pending", GOOD[2]]], None, [], "matrix.docx:3:Position: unknown position 'Pending'"),
        (
            [GOOD, GOOD],
            None,
            [],
            "matrix.docx:4:Recommendation: paragraph 121.1 of A/HRC/43/15 appears twice (also matrix.docx:3)",
        ),
        ([[GOOD[0].split("\n")[0], *GOOD[1:]]], None, [], "matrix.docx:3:Recommendation: no 'Source of position"),
        ([["Ratify it (Chile);" + SOURCE, *GOOD[1:]]], None, [], "matrix.docx:3:Recommendation: no paragraph number"),
        ([GOOD], None, ["--country", "New Zealand"], "matrix.docx:0:page header: the matrix is for Testland, not New Zealand"),
        ([GOOD], "", [], "matrix.docx:0:page header: no 'UPR of STATE"),
    ],
)
def test_malformed_matrix_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture, rows: list, page_header: str | None, args: list, message: str
) -> None:
    matrix = make_matrix(tmp_path / "matrix.docx", rows, *([] if page_header is None else [page_header]))
    code, _, err = build(capsys, "import", "ohchr-matrix", matrix, *args, "--into", tmp_path / "out")
    assert code != 0
    assert message in err
    assert not (tmp_path / "out").exists()


def test_unknown_position_from_the_command_line(tmp_path: Path) -> None:
    matrix = make_matrix(tmp_path / "matrix.docx", [[GOOD[0], "Accepted with reservations", GOOD[2]]])
    done = run_build("import", "ohchr-matrix", matrix, "--into", tmp_path / "out")
    assert done.returncode == 1
    expected = "unknown position 'Accepted with reservations' (expected Supported, Noted or Supported/Noted)"
    assert f"error: matrix.docx:3:Position: {expected}" in done.stderr
    assert "nothing written" in done.stderr
    assert not (tmp_path / "out").exists()


def test_state_and_session_without_page_header(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    matrix = make_matrix(tmp_path / "testland-session34.docx", [GOOD], page_header="")
    code, _, err = build(capsys, "import", "ohchr-matrix", matrix, "--into", tmp_path / "out")
    assert (
        code != 0
        and "testland-session34.docx:0:page header: the matrix does not name the state under review: give --country" in err
    )
    code, _, err = build(capsys, "import", "ohchr-matrix", matrix, "--country", "Testland", "--into", tmp_path / "out")
    assert code == 0, err
    [rec] = read_recommendations(tmp_path / "out")
    assert (rec.country, rec.session, rec.cycle, rec.year) == ("Testland", "34", 3, 2019)


def test_not_a_docx_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    fake = tmp_path / "matrix.docx"
    fake.write_text("Recommendation,Position\n115.1 Do it (Chile),Supported\n", encoding="utf-8")
    code, _, err = build(capsys, "import", "ohchr-matrix", fake, "--country", "Slovenia", "--into", tmp_path / "out")
    assert code != 0
    assert "matrix.docx:0:-: not a Word .docx file" in err
    assert not (tmp_path / "out").exists()


def test_docx_without_a_matrix_table_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    document = docx.Document()
    document.add_paragraph("UPR of Testland (3rd Cycle - 34th Session)")
    document.add_table(rows=1, cols=2).rows[0].cells[0].text = "Contents"
    document.save(str(tmp_path / "letter.docx"))
    code, _, err = build(capsys, "import", "ohchr-matrix", tmp_path / "letter.docx", "--into", tmp_path / "out")
    assert code != 0
    assert "letter.docx:1:-: no table with a recommendation, a position and a themes column" in err
    assert "cycle 4: Recommendation and recommending State, Position of the State under review" in err
    assert not (tmp_path / "out").exists()


# The 4th cycle's matrix: tests/fixtures/fixture-matrix-cycle4.docx, invented (make_matrix_cycle4.py).
CYCLE4 = ROOT / "tests" / "fixtures" / "fixture-matrix-cycle4.docx"


def test_cycle4_matrix_imports(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    code, out, err = build(capsys, "import", "ohchr-matrix", CYCLE4, "--into", tmp_path / "out")
    assert code == 0, err
    assert "written: 3 recommendations" in out and "1 section heading row" in out and "unaccounted: 0 rows" in out
    # every value that maps to nothing is counted and named: count in, count out
    assert (
        "theme and group lines: 7 read, 6 mapped, 1 not mapped (kept as given): 'Fixture theme that no vocabulary knows' (1)"
        in out
    )
    assert "SDG lines: 4 read, 3 mapped, 1 not mapped (kept as given): 'SDG 99 - not a goal (fixture)' (1)" in out
    recs = {r.paragraph: r for r in read_recommendations(tmp_path / "out")}
    first, split, noted = recs["46.1"], recs["46.2"], recs["46.3"]
    assert (first.id, first.country, first.cycle, first.session, first.year) == ("a-hrc-99-1-46-1", "Fixtureland", 4, "46", 2024)
    assert first.document_symbol == "A/HRC/99/1"  # no "Source of position" line: the symbol the document prints
    assert first.response_source == "OHCHR UPR thematic list of recommendations"
    assert first.text == "Fixture: ratify the invented Convention on Examples (Iran (Islamic Republic of)) (Türkiye);"
    assert (first.sdg_goals, first.sdg_targets) == (["16", "5"], ["16.2"])
    assert (first.themes, first.affected_groups) == (["international-instruments"], ["children"])  # "Children": a group
    assert split.response == "supported-in-part"  # "Supported/Noted": part supported, part noted
    assert (split.sdg_goals[:2], split.sdg_targets) == (["5", "10"], [])  # the source's; a model suggestion may follow, marked
    assert [f"sdg_goals:{g}=model" for g in split.sdg_goals[2:]] == [b for b in split.label_basis if b.startswith("sdg_goals:")]
    assert "Fixture theme that no vocabulary knows" in split.source_tags
    assert (noted.response, noted.response_source, noted.document_symbol) == ("noted", "A/HRC/99/1/Add.1 - Para. 4", "A/HRC/99/1")
    assert (noted.themes, noted.affected_groups, noted.sdg_goals) == (["right-to-life"], ["disabled-people"], [])
    assert "SDG 99 - not a goal (fixture)" in noted.source_tags


def test_cycle4_fixture_is_what_its_script_writes(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """The committed .docx and a fresh one from make_matrix_cycle4.py import alike: the script is its source."""
    fresh = make_matrix_cycle4.write(tmp_path / CYCLE4.name)
    for path, out in ((CYCLE4, tmp_path / "committed"), (fresh, tmp_path / "fresh")):
        code, _, err = build(capsys, "import", "ohchr-matrix", path, "--into", out)
        assert code == 0, err
    assert (tmp_path / "committed" / "recommendations.csv").read_bytes() == (
        tmp_path / "fresh" / "recommendations.csv"
    ).read_bytes()


CYCLE4_HEADER = ["Relevant SDGs", "Position of the State under review", "Recommendation and recommending State"]
CYCLE4_HEADER += ["Human rights themes and groups of persons"]


@pytest.mark.parametrize(
    ("position", "response"),
    [
        ("Supported", "supported"),
        ("NOTED", "noted"),
        ("Supported / Noted", "supported-in-part"),
        ("Noted/Supported", "supported-in-part"),
    ],
)
def test_cycle4_columns_found_by_meaning(tmp_path: Path, capsys: pytest.CaptureFixture, position: str, response: str) -> None:
    """Columns in another order are found by their header; positions split either way are supported-in-part."""
    row = ["16.2 - Protect", position, f"46.1 Fixture: do it (Chile);{SOURCE}", "- Women"]
    matrix = make_matrix(tmp_path / "matrix.docx", [row], "UPR of Testland (4th Cycle \u2013 46th session)", CYCLE4_HEADER)
    code, _, err = build(capsys, "import", "ohchr-matrix", matrix, "--into", tmp_path / "out")
    assert code == 0, err
    [rec] = read_recommendations(tmp_path / "out")
    assert (rec.response, rec.sdg_targets, rec.affected_groups, rec.recommending_states) == (
        response,
        ["16.2"],
        ["women"],
        ["Chile"],
    )


def test_cycle4_session_must_agree_with_cycle(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    row = ["16", "Supported", f"46.1 Fixture: do it (Chile);{SOURCE}", "- Women"]
    matrix = make_matrix(tmp_path / "matrix.docx", [row], "UPR of Testland (3rd Cycle \u2013 46th session)", CYCLE4_HEADER)
    code, _, err = build(capsys, "import", "ohchr-matrix", matrix, "--into", tmp_path / "out")
    assert code != 0 and "session 46 (cycle 3) does not agree with data/reference/upr_sessions.yaml" in err


@pytest.mark.parametrize(
    ("line", "numbers"),
    [
        ("16 - PEACE, JUSTICE AND STRONG INSTITUTIONS", ["16"]),
        ("16.2 - Protect children from abuse", ["16.2"]),
        ("SDG 5.a", ["5.a"]),
        ("Goals 5, 10 and 16", ["5", "10", "16"]),
        ("Goal 18 - not a goal", None),
        ("16.99", None),
        ("Peace and justice", None),
    ],
)
def test_sdg_lines(line: str, numbers: list[str] | None) -> None:
    from recommendations_site.importers.ohchr_matrix import sdg_numbers

    known = {str(g) for g in range(1, 18)} | {"16.2", "5.a"}
    assert sdg_numbers(line, known) == numbers
