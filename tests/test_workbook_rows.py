"""The workbook's data rows (render/sheet_rows.py) are the bytes XlsxWriter's own per-cell writer
made of them, for every kind of cell the downloads hold."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import xlsxwriter

from recommendations_site.render import formats

TEXTS = [
    "plain",
    "  leading space",
    "trailing space ",
    'a & b < c > d "quoted"\nnext line',
    "control \x01 and \x1f, tab\tkept",
    "a literal _x0041_ escape",
    "non-characters \ufffe \uffff",
    "=SUM(1+1)",
    "+1",
    "-2",
    "@x",
    "\t=1",
    "\r=1",
    "emoji 🙂 and ā",
    "x" * 40_000,  # longer than a cell holds: cut at 32,767
    "🙂" * 20_000,  # cut without halving a character
    "",
]


def reference(path: Path, tables: dict[str, list[dict]]) -> None:
    """The workbook as write_xlsx wrote it before sheet_rows: XlsxWriter's write_* per cell."""
    book = xlsxwriter.Workbook(str(path), formats.WORKBOOK_OPTIONS)
    styles = {kind: book.add_format({"num_format": style}) for kind, style in formats.COLUMN_FORMATS.items()}
    quoted = book.add_format({"num_format": "@", "quote_prefix": True})
    for resource, rows in tables.items():
        sheet = book.add_worksheet(resource[:31])
        fields = formats.published_fields(resource)
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, len(rows), len(fields) - 1)
        for column, field in enumerate(fields):
            sheet.write_string(0, column, field["name"])
        for number, row in enumerate(rows, start=1):
            for column, field in enumerate(fields):
                found, style = formats.cell(field, row.get(field["name"])), styles.get(field["type"])
                if isinstance(found, str):
                    sheet.write_string(number, column, found, quoted if found.startswith(formats.FORMULA_START) else style)
                elif found is None:
                    sheet.write_blank(number, column, None, style)
                elif isinstance(found, bool):
                    sheet.write_boolean(number, column, found, style)
                elif isinstance(found, dt.date):
                    sheet.write_datetime(number, column, found, style)
                else:
                    sheet.write_number(number, column, found, style)
    book.close()


def parts(path: Path) -> dict[str, bytes]:
    """The workbook's files (the zip's own dates are the clock's: fix_xlsx_dates sets them)."""
    with zipfile.ZipFile(path) as book:
        return {name: book.read(name) for name in book.namelist() if name != "docProps/core.xml"}


def tables() -> dict[str, list[dict]]:
    recs = [
        {
            "id": f"r-{n}",
            "text": text,
            "paragraph": text,
            "year": 2000 + n,
            "themes": ["a", text] if n % 2 else [],
            "date": dt.date(1900 + n * 7, 3, 1) if n % 3 else None,
            "action_category": n % 2 or None,
        }
        for n, text in enumerate(TEXTS)
    ]
    recs.append({"id": "", "text": None})  # a row of empty cells: only the styled ones are written
    actions = [
        {"id": "a-1", "title": True, "lead_agency": "moj", "status": False, "start_date": dt.date(2024, 2, 29)},
        {"id": "a-2", "title": "=x", "lead_agency": "=moj", "target_date": dt.date(1900, 1, 1), "start_date": None},
    ]
    overlaps = [{"id_a": "r-1", "id_b": "r-2", "score": 0.123456789012345678, "status": "candidate"}, {"score": 1.0}]
    return {"overlaps": overlaps, "recommendations": recs, "actions": actions, "sources": []}


def test_the_rows_are_the_bytes_xlsxwriter_wrote(tmp_path: Path) -> None:
    reference(tmp_path / "before.xlsx", tables())
    formats.write_xlsx(tmp_path / "after.xlsx", tables())
    before, after = parts(tmp_path / "before.xlsx"), parts(tmp_path / "after.xlsx")
    assert after.keys() == before.keys()
    assert [name for name in before if before[name] != after[name]] == []
    sheets = b"".join(after[f"xl/worksheets/sheet{n}.xml"] for n in range(1, 5))
    for case in (b"_x005F_x0041_", b't="b"><v>1</v>', b"<v>0.1234567890123457</v>", b'xml:space="preserve"', b"<v>45351</v>"):
        assert case in sheets  # the cases above are in it


def test_a_text_shaped_like_rich_text_is_escaped_as_any_text(tmp_path: Path) -> None:
    """XlsxWriter writes a text that starts "<r>" and ends "</r>" into the sheet unescaped (as its
    own rich strings); a recommendation's text is data and is escaped like every other."""
    formats.write_xlsx(tmp_path / "book.xlsx", {"recommendations": [{"id": "<r>&</r>", "text": "<r><f>1+1</f></r>"}]})
    sheet = zipfile.ZipFile(tmp_path / "book.xlsx").read("xl/worksheets/sheet1.xml").decode()
    assert "<t>&lt;r&gt;&amp;&lt;/r&gt;</t>" in sheet and "<f>" not in sheet
