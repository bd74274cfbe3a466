"""Hostile and broken upstream files, of the kinds a fuzzing run over mutated copies of the real
ones produced: each is refused with one `error: FILE:ROW:FIELD: message` line and `nothing written`, exit 1,
no traceback, the output folder as it was; or, where nothing is lost (control characters, blank
rows), imported with what was taken out counted in the import report. Every file is made here, in
tmp_path, with invented text ("Fixture ..."); no UN text is copied into the repository."""

from __future__ import annotations

import copy
import csv
import json
import re
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from conftest import FIXTURES, ROOT, run_build
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

if str(ROOT) not in sys.path:  # the project is not installed: import it from the checkout
    sys.path.insert(0, str(ROOT))

from recommendations_site import cli
from recommendations_site.importers import uhri

LOCATED = re.compile(r"^(?P<file>[^:\s]+):(?P<row>\d+):(?P<field>[^:\s]+): (?P<message>.+)$")
EXPORT_HEADER = ["To", "To-Rgrp", "To-Org", "Text", "From", "From-Rgrp", "From-Org", "Response", "Action", "Issue", "Session"]
EXPORT_ROW = {
    "To": "Fixtureland",
    "To-Rgrp": "WEOG",
    "To-Org": "",
    "Text": "Fixture recommendation: invented text for tests.",
    "From": "Testonia",
    "From-Rgrp": "Africa",
    "From-Org": "",
    "Response": "Accepted",
    "Action": "4",
    "Issue": "Labour",
    "Session": "5",
}


# --- helpers ------------------------------------------------------------------------------------


def csv_text(header: list[str], *rows: dict[str, str] | list[str], newline: str = "\n") -> str:
    lines = [header, *[[row.get(c, "") for c in header] if isinstance(row, dict) else row for row in rows]]
    out = []
    for cells in lines:
        out.append(",".join('"' + c.replace('"', '""') + '"' if re.search(r'[",\r\n]', c) else c for c in cells))
    return newline.join(out) + newline


def write(path: Path, content: str | bytes) -> Path:
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def snapshot(directory: Path) -> dict[str, bytes]:
    """Every file under directory byte for byte, and the names beside it (no temporary leftovers)."""
    files = {str(p.relative_to(directory)): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}
    files["<beside>"] = "\n".join(sorted(p.name for p in directory.parent.iterdir())).encode()
    return files


@pytest.fixture(scope="module")
def good_package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A valid package (from the hand-made fixtures) that a refused import must leave as it is."""
    into = tmp_path_factory.mktemp("good") / "package"
    fixtures = [str(FIXTURES / name) for name in ("fixture-official.csv", "fixture-enriched.csv")]
    assert cli.main(["import", "upr-info", *fixtures, "--into", str(into)]) == 0
    return into


@pytest.fixture
def refuse(tmp_path: Path, capsys: pytest.CaptureFixture, good_package: Path) -> Callable[[str, Path, str, str], None]:
    """check(importer, file, where, words): the import exits 1 with one located error line (where is
    FILE:ROW:FIELD, the message holds words), says nothing was written, and leaves the output folder as
    it was: an existing package byte for byte, a new folder not made (nor anything beside it)."""

    def check(importer: str, path: Path, where: str, words: str) -> None:
        existing, new = tmp_path / "out" / "package", tmp_path / "new" / "package"
        shutil.copytree(good_package, existing)
        before = snapshot(existing)
        capsys.readouterr()
        for into in (existing, new):
            code = cli.main(["import", importer, str(path), "--into", str(into)])
            err = capsys.readouterr().err
            assert code == 1 and "Traceback" not in err and "unexpected error" not in err, err
            errors = [line.removeprefix("error: ") for line in err.splitlines() if line.startswith("error: ")]
            assert len(errors) == 1 and (match := LOCATED.match(errors[0])), err
            assert f"{match['file']}:{match['row']}:{match['field']}" == where, errors[0]
            assert words in match["message"] and "nothing written" in err, err
        assert snapshot(existing) == before
        assert not new.exists() and not (new.parent.exists() and list(new.parent.iterdir()))

    return check


def imported(capsys: pytest.CaptureFixture, into: Path, importer: str, *files: Path) -> str:
    """Import that must succeed; its printed summary."""
    code = cli.main(["import", importer, *map(str, files), "--into", str(into)])
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


def report_rows(into: Path, importer: str) -> list[dict[str, str]]:
    with (into / f"import-report-{importer}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


# --- UPR Info CSV -----------------------------------------------------------------------------------


@pytest.mark.parametrize("column", ["Session", "Action"])
@pytest.mark.parametrize("value", ["inf", "1e400", "NaN", "9" * 20, "-inf", "0x10", "5.5"])
def test_numbers_out_of_bounds_are_refused(tmp_path, refuse, column, value):
    """Once an OverflowError (int(float('inf'))) or silently accepted: now a located, bounded number."""
    path = write(tmp_path / "numbers.csv", csv_text(EXPORT_HEADER, EXPORT_ROW, {**EXPORT_ROW, column: value}))
    refuse("upr-info", path, f"numbers.csv:3:{column}", f"{value!r} is not a number")


def test_out_of_range_number_names_the_bounds(tmp_path, refuse):
    path = write(tmp_path / "action.csv", csv_text(EXPORT_HEADER, {**EXPORT_ROW, "Action": "6"}))
    refuse("upr-info", path, "action.csv:2:Action", "a whole number from 1 to 5")


def test_enriched_numbers_are_bounded(tmp_path, refuse):
    text = (FIXTURES / "fixture-enriched.csv").read_text(encoding="utf-8")
    path = write(tmp_path / "enriched.csv", text.replace("New Zealand,2,18,2014,", "New Zealand,2,18,1e400,", 1))
    refuse("upr-info", path, "enriched.csv:2:review_year", "'1e400' is not a number")


@pytest.mark.parametrize("column", ["Text", "Response"])
def test_duplicated_column_name_is_refused(tmp_path, refuse, column):
    """Two columns of one name: once the second silently won."""
    row = [*EXPORT_ROW.values(), "Accepted" if column == "Response" else "Other text"]
    path = write(tmp_path / "twice.csv", csv_text([*EXPORT_HEADER, column], row))
    refuse("upr-info", path, f"twice.csv:1:{column}", f"column {column!r} appears twice in the header row")


@pytest.mark.parametrize("blank", ["", "  "])
def test_blank_column_name_is_refused(tmp_path, refuse, blank):
    header = [*EXPORT_HEADER[:2], blank, *EXPORT_HEADER[3:]]
    path = write(tmp_path / "unnamed.csv", csv_text(header, list(EXPORT_ROW.values())))
    refuse("upr-info", path, "unnamed.csv:1:-", "column 3 has no name in the header row")


def test_utf8_file_with_one_bad_byte_is_not_read_as_mac_roman(tmp_path, refuse):
    """Bare CR line endings and one stray byte in a UTF-8 file (it holds "Māori"): once decoded wholesale
    as Mac Roman (mojibake throughout), now refused at the row and field of the bad byte."""
    rows = [{**EXPORT_ROW, "Text": "Fixture text about Māori rights."}, {**EXPORT_ROW, "Text": "Fixture caf\x00 text."}]
    raw = csv_text(EXPORT_HEADER, *rows, newline="\r").encode("utf-8").replace(b"caf\x00", b"caf\xe9")
    path = write(tmp_path / "stray-byte.csv", raw)
    refuse("upr-info", path, "stray-byte.csv:3:Text", "not UTF-8: undecodable byte 0xe9")


def test_mac_roman_export_still_imports(tmp_path, capsys):
    """UPR Info's published shape (bare CR, Mac Roman, no UTF-8 at all) is still read, as Mac Roman."""
    raw = csv_text(EXPORT_HEADER, {**EXPORT_ROW, "Text": "Fixture café text."}, newline="\r").encode("mac_roman")
    into = tmp_path / "package"
    imported(capsys, into, "upr-info", write(tmp_path / "macroman.csv", raw))
    assert json.loads((into / "recommendations.json").read_text(encoding="utf-8"))[0]["text"] == "Fixture café text."


def test_nul_byte_is_refused(tmp_path, refuse):
    path = write(tmp_path / "nul.csv", csv_text(EXPORT_HEADER, EXPORT_ROW, {**EXPORT_ROW, "Issue": "Lab\x00our"}))
    refuse("upr-info", path, "nul.csv:3:Issue", "NUL byte")


def test_control_characters_are_removed_and_counted(tmp_path, capsys):
    text = "Fixture\x01 text with a bell\x07, an escape\x1b[2J and a C1 control\x85, tab\tkept."
    path = write(tmp_path / "controls.csv", csv_text(EXPORT_HEADER, {**EXPORT_ROW, "Text": text}))
    into = tmp_path / "package"
    out = imported(capsys, into, "upr-info", path)
    assert "control characters removed from text: 4 in 1 rows (controls.csv:2)" in out
    [rec] = json.loads((into / "recommendations.json").read_text(encoding="utf-8"))
    assert rec["text"] == "Fixture text with a bell, an escape[2J and a C1 control, tab\tkept."


def test_blank_rows_are_counted_not_dropped(tmp_path, capsys):
    other = {**EXPORT_ROW, "Text": "Fixture second recommendation."}
    text = csv_text(EXPORT_HEADER, EXPORT_ROW, [""] * 11, other) + "\n" + " , ,\n"
    into = tmp_path / "package"
    out = imported(capsys, into, "upr-info", write(tmp_path / "blank-rows.csv", text))
    rows = report_rows(into, "upr-info")
    assert [r["row"] for r in rows if r["outcome"] == "rejected"] == ["3", "5", "6"]
    assert {r["reason"] for r in rows if r["outcome"] == "rejected"} == {"blank row: no values"}
    assert "read 5 rows" in out and "3 blank row: no values" in out and "unaccounted: 0 rows" in out


def test_only_blank_rows_is_refused(tmp_path, refuse):
    path = write(tmp_path / "blank-only.csv", csv_text(EXPORT_HEADER) + "\n,,\n")
    refuse("upr-info", path, "blank-only.csv:2:-", "header only: no data rows (2 blank rows)")


# --- UHRI JSON ------------------------------------------------------------------------------------

UHRI_RECORD = {
    "annotationId": "00000000-0000-0000-0000-000000000001",
    "symbol": "CCPR/C/NZL/CO/6",
    "publicationDate": "2016-04-27T00:00:00",
    "countryIds": ["ca28c5ed-3799-435a-a632-d3f46bad33be"],
    "en": "20. Fixture: the State party should do an invented thing.",
    "annotationType": uhri.RECOMMENDATION_TYPE,  # a recommendation, so it reaches the check under test
}


def uhri_lines(*records: dict) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"countryIds": [{}]}, "countryIds", "item 1: {} is not text"),
        ({"themesIds": 5}, "themesIds", "5 is not a list"),
        ({"affectedPersonIds": True}, "affectedPersonIds", "true is not a list"),
        ({"sdgsIds": [[]]}, "sdgsIds", "item 1: [] is not text"),
        ({"uprCycle": ["x"]}, "uprCycle", '["x"] is not text'),
        ({"uprPositionIds": 7}, "uprPositionIds", "7 is not a list"),
        ({"annotationId": {"id": 1}}, "annotationId", '{"id": 1} is not text'),
        ({"symbol": None}, "symbol", "missing or empty"),
        ({"publicationDate": "2016-02-30"}, "publicationDate", "not a date (YYYY-MM-DD) that exists"),
        ({"sdgsIds": ["\x1b[2J"]}, "sdgsIds", "holds a control character"),
    ],
    ids=lambda v: "-".join(v) if isinstance(v, dict) else None,
)
def test_uhri_field_of_the_wrong_type_is_refused(tmp_path, refuse, change, field, words):
    """Once a TypeError or silent acceptance; now the record's line and field, by uhri.schema.yaml."""
    path = write(tmp_path / "records.jsonl", "\n" + uhri_lines({**UHRI_RECORD, "annotationId": "a0"}, {**UHRI_RECORD, **change}))
    refuse("uhri", path, f"records.jsonl:3:{field}", words)


@pytest.mark.parametrize(
    ("name", "content"),
    [("empty.jsonl", ""), ("blank.jsonl", " \n\n  \n"), ("empty.json", ""), ("none.json", "[ ]"), ("bom.jsonl", "\ufeff")],
)
def test_uhri_file_without_records_is_refused(tmp_path, refuse, name, content):
    """Once an empty package; now an error."""
    path = write(tmp_path / name, content)
    refuse("uhri", path, f"{name}:0:-", f"no records in {name}")


def test_uhri_duplicate_key_is_refused(tmp_path, refuse):
    line = json.dumps(UHRI_RECORD)[:-1] + ', "annotationId": "again"}\n'
    path = write(tmp_path / "twice.jsonl", uhri_lines(UHRI_RECORD) + line)
    refuse("uhri", path, "twice.jsonl:2:annotationId", "key 'annotationId' given twice")


def test_uhri_line_separator_inside_a_string_is_text(tmp_path, capsys):
    """U+2028 and U+0085 are legal raw inside a JSON string: a JSON Lines file is split at "\\n" only."""
    record = {**UHRI_RECORD, "en": "20. Fixture:\u2028the State party\u0085 should act."}
    path = write(
        tmp_path / "separator.jsonl", uhri_lines(record, {**UHRI_RECORD, "annotationId": "a2", "symbol": "CCPR/C/NZL/CO/5"})
    )
    into = tmp_path / "package"
    out = imported(capsys, into, "uhri", path)
    assert "control characters removed from text: 1 in 1 rows (separator.jsonl:1)" in out
    recs = {r["id"]: r for r in json.loads((into / "recommendations.json").read_text(encoding="utf-8"))}
    assert recs["ccpr-c-nzl-co-6-20"]["text"] == "Fixture: the State party should act."
    assert [r["row"] for r in report_rows(into, "uhri")] == ["1", "2"]


# --- UHRI full export (export-full-en.json, .xlsx) ---------------------------------------------------

EXPORT_RECORD = {
    "AnnotationId": "f1x70000-0000-0000-0000-0000000000aa",
    "AnnotationType": "- Recommendations",
    "Body": "- CCPR",
    "Countries": ["New Zealand"],
    "Symbol": "CCPR/C/NZL/CO/99",
    "PublicationDate": "2016-04-27T00:00:00",
    "Text": "20. Fixture: the State party should do an invented thing.",
    "Themes": [],
    "UprPositions": [],
}


def export_json(*records: dict) -> str:
    return json.dumps(list(records), ensure_ascii=False, indent=1)


def export_xlsx(path: Path, header: list[str], *rows: list[object]) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    for row in (header, *rows):
        book.active.append(row)
    book.save(path)
    return path


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"Countries": [{}]}, "Countries", "item 1: {} is not text"),
        ({"Themes": 5}, "Themes", "5 is not a list"),
        ({"AffectedPersons": True}, "AffectedPersons", "true is not a list"),
        ({"Sdgs": [[]]}, "Sdgs", "item 1: [] is not text"),
        ({"UprCycle": ["x"]}, "UprCycle", '["x"] is not text or a whole number'),
        ({"UprPositions": 7}, "UprPositions", "7 is not a list"),
        ({"AnnotationId": {"id": 1}}, "AnnotationId", '{"id": 1} is not text'),
        ({"Symbol": None}, "Symbol", "missing or empty"),
        ({"Text": ""}, "Text", "missing or empty"),
        ({"Body": "\x1b[2J"}, "Body", "holds a control character"),
    ],
    ids=lambda v: "-".join(v) if isinstance(v, dict) else None,
)
def test_uhri_export_field_of_the_wrong_type_is_refused(tmp_path, refuse, change, field, words):
    """The full export's records are checked like the API's: the record's position and the field."""
    path = write(tmp_path / "export.json", export_json(EXPORT_RECORD, {**EXPORT_RECORD, "AnnotationId": "a2", **change}))
    refuse("uhri", path, f"export.json:2:{field}", words)


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"PublicationDate": "2016-02-30"}, "PublicationDate: '2016-02-30' is not a date (YYYY-MM-DD) that exists"),
        (
            {"Body": "- UPR", "Symbol": "A/HRC/99/1", "Text": "10.5 Ratify it."},
            "UprRecommendingCountry: no recommending state, nor one in parentheses ending the text",
        ),
    ],
    ids=["impossible-date", "no-recommending-state"],
)
def test_uhri_export_record_of_its_own_fault_is_rejected_and_counted(tmp_path, capsys, change, reason):
    """A 267,000-record export does not stop at one bad record (issue 23): it is rejected, with its reason."""
    path = write(tmp_path / "export.json", export_json(EXPORT_RECORD, {**EXPORT_RECORD, "AnnotationId": "a2", **change}))
    out = imported(capsys, tmp_path / "package", "uhri", path)
    assert f"    1 {reason}" in out
    rows = sorted([r["row"], r["outcome"], r["reason"]] for r in report_rows(tmp_path / "package", "uhri"))
    assert rows == [["1", "written", ""], ["2", "rejected", reason]]


@pytest.mark.parametrize(
    ("content", "where", "words"),
    [
        ('[{"AnnotationId": "a", "AnnotationId": "b"}]', "1:AnnotationId", "key 'AnnotationId' given twice"),
        (export_json(EXPORT_RECORD)[:-2], "2:-", "invalid JSON"),  # cut off in the second record's place
        ("[" + json.dumps(EXPORT_RECORD) + ", 5]", "2:-", "not a JSON object"),
    ],
    ids=["duplicate-key", "truncated", "not-an-object"],
)
def test_uhri_export_broken_json_is_located(tmp_path, refuse, content, where, words):
    path = write(tmp_path / "export.json", content)
    refuse("uhri", path, f"export.json:{where}", words)


XLSX_HEADER = ["AnnotationId", "AnnotationType", "Body", "Countries", "Symbol", "PublicationDate", "Text"]
XLSX_ROW = ["a1", "- Recommendations", "- CCPR", "New Zealand", "CCPR/C/NZL/CO/99", "2016-04-27", "20. Fixture: invented."]


@pytest.mark.parametrize(
    ("header", "rows", "where", "words"),
    [
        ([*XLSX_HEADER, "Document symbol"], [XLSX_ROW], "1:Symbol", "a second column for it ('Document symbol')"),
        (XLSX_HEADER, [], "0:-", "no records in export.xlsx"),
        (XLSX_HEADER[:6], [XLSX_ROW[:6]], "1:Text", "no Text column"),
    ],
    ids=["column-twice", "header-only", "no-text-column"],
)
def test_uhri_export_xlsx_bad_cells_are_located(tmp_path, refuse, header, rows, where, words):
    refuse("uhri", export_xlsx(tmp_path / "export.xlsx", header, *rows), f"export.xlsx:{where}", words)


def test_uhri_export_xlsx_row_of_its_own_fault_is_rejected_and_counted(tmp_path, capsys):
    """An impossible date is the row's own problem (issue 23): rejected at its spreadsheet row, counted."""
    rows = [XLSX_ROW, ["a2", *XLSX_ROW[1:5], "2016-02-30", XLSX_ROW[6]]]
    imported(capsys, tmp_path / "package", "uhri", export_xlsx(tmp_path / "export.xlsx", XLSX_HEADER, *rows))
    rows = sorted([r["row"], r["outcome"], r["reason"]] for r in report_rows(tmp_path / "package", "uhri"))
    assert rows == [
        ["2", "written", ""],
        ["3", "rejected", "PublicationDate: '2016-02-30' is not a date (YYYY-MM-DD) that exists"],
    ]


def test_uhri_export_xlsx_that_is_not_a_workbook_is_refused(tmp_path, refuse):
    path = write(tmp_path / "export.xlsx", "Fixture: not a workbook at all")
    refuse("uhri", path, "export.xlsx:0:-", "not an .xlsx workbook")


# --- OHCHR Word matrix --------------------------------------------------------------------------

MATRIX_HEADER = ["Recommendation", "Position", "Full list of themes", "Assessment/comments on level of implementation"]
SOURCE = "\nSource of position: A/HRC/43/15/Add.1 - Para. 3"
MATRIX_ROWS = [
    [f"121.1 Fixture: ratify an invented convention (Chile);{SOURCE}", "Supported", "- Acceptance of international norms", ""],
    [f"121.2 Fixture: do an invented thing (Peru);{SOURCE}", "Noted", "- Acceptance of international norms", ""],
]


def tcs(tbl, row: int) -> list:
    return tbl.tr_lst[row].tc_lst


def merge_down(tbl, column: int) -> None:
    """Table rows 3 and 4 (the two recommendations) merged vertically in one column."""
    for row, value in ((2, "restart"), (3, None)):
        merged = OxmlElement("w:vMerge")
        if value:
            merged.set(qn("w:val"), value)
        tcs(tbl, row)[column].get_or_add_tcPr().append(merged)


def cell_missing(tbl) -> None:
    tbl.tr_lst[3].remove(tcs(tbl, 3)[3])


def grid_before(tbl) -> None:
    before = OxmlElement("w:gridBefore")
    before.set(qn("w:val"), "1")
    tbl.tr_lst[3].get_or_add_trPr().append(before)
    tbl.tr_lst[3].remove(tcs(tbl, 3)[3])


def extra_column(tbl) -> None:
    tbl.tr_lst[3].append(copy.deepcopy(tcs(tbl, 3)[3]))


def nested_table(tbl) -> None:
    inner = copy.deepcopy(tbl)
    for row in inner.tr_lst[1:]:
        inner.remove(row)
    tcs(tbl, 3)[0].append(inner)
    tcs(tbl, 3)[0].append(OxmlElement("w:p"))  # a cell ends with a paragraph


def make_matrix(path: Path, mutate: Callable | None = None, rows: list[list[str]] = MATRIX_ROWS) -> Path:
    """A small matrix as OHCHR lays it out (page header, header row, merged "Theme: ..." row, one row
    per recommendation), then mutated in its XML as a damaged or hand-edited copy would be."""
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "UPR of Testland (3rd Cycle \u2013 34th Session)"
    table = document.add_table(rows=0, cols=len(MATRIX_HEADER))
    for values in [MATRIX_HEADER, ["Theme: Acceptance of international norms"], *rows]:
        cells = table.add_row().cells
        if len(values) == 1:
            cells[0].merge(cells[-1]).text = values[0]
        else:
            for cell, value in zip(cells, values, strict=True):
                cell.text = value
    if mutate:
        mutate(table._tbl)
    document.save(str(path))
    return path


@pytest.mark.parametrize(
    ("mutate", "where", "words"),
    [
        (lambda t: merge_down(t, 1), "matrix.docx:3:Position", "table row 3: the cell is merged with the cell above or below it"),
        (lambda t: merge_down(t, 3), "matrix.docx:3:-", "Split Cells"),
        (lambda t: tcs(t, 0)[1].get_or_add_tcPr().append(OxmlElement("w:vMerge")), "matrix.docx:1:Position", "merged"),
        (cell_missing, "matrix.docx:4:-", "table row 4: the row covers 3 columns where the header row has 4: a cell is missing"),
        (grid_before, "matrix.docx:4:-", "table row 4: the row starts to the right of the table's left edge"),
        (extra_column, "matrix.docx:4:-", "it has a cell beyond the header's last column"),
        (nested_table, "matrix.docx:4:Recommendation", "the cell holds a table inside it, whose text would not be read"),
    ],
    ids=["merged-position", "merged-comments", "merged-header", "cell-missing", "grid-before", "extra-column", "nested-table"],
)
def test_irregular_matrix_table_is_refused(tmp_path, refuse, mutate, where, words):
    """Once a ValueError from python-docx (merged cells) or rows read without a word; now the table row."""
    path = make_matrix(tmp_path / "matrix.docx", mutate)
    refuse("ohchr-matrix", path, where, words)


def test_regular_matrix_still_imports(tmp_path, capsys):
    into = tmp_path / "package"
    out = imported(capsys, into, "ohchr-matrix", make_matrix(tmp_path / "matrix.docx"))
    assert "written: 2 recommendations" in out and "1 section heading row" in out


# --- every importer: a source with no records -----------------------------------------------------


def test_matrix_with_no_rows_is_refused(tmp_path, refuse):
    path = make_matrix(tmp_path / "header-only.docx", lambda t: t.remove(t.tr_lst[1]), rows=[])
    refuse("ohchr-matrix", path, "header-only.docx:0:-", "no records in header-only.docx")


def test_rows_all_rejected_is_not_an_error(tmp_path, capsys):
    """Records that are all rejected (here: none is for --country) give an empty package, accounted for."""
    path = write(tmp_path / "other-state.csv", csv_text(EXPORT_HEADER, EXPORT_ROW))
    code = cli.main(["import", "upr-info", str(path), "--country", "New Zealand", "--into", str(tmp_path / "package")])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "rejected: 1 rows" in out and "wrote 0 recommendations" in out


# --- as a user runs it: no traceback ------------------------------------------------------------


def test_from_the_command_line(tmp_path):
    """Two of the old tracebacks through `python build.py`: a clean error, exit 1, nothing written."""
    numbers = write(tmp_path / "numbers.csv", csv_text(EXPORT_HEADER, {**EXPORT_ROW, "Session": "1e400"}))
    matrix = make_matrix(tmp_path / "matrix.docx", lambda t: merge_down(t, 1))
    for importer, path, where in [
        ("upr-info", numbers, "numbers.csv:2:Session"),
        ("ohchr-matrix", matrix, "matrix.docx:3:Position"),
    ]:
        done = run_build("import", importer, path, "--into", tmp_path / "out")
        assert done.returncode == 1, done.stderr
        assert "Traceback" not in done.stderr
        assert f"error: {where}: " in done.stderr and "nothing written" in done.stderr
        assert not (tmp_path / "out").exists()
