"""Issue 23 items 1-7: what an outside fuzz run found, each reproduced here first. No live formula
in the workbook (and the CSV policy), a package never reaches outside itself, --base-url checked and
escaped, the three crashes as documented errors, curated patterns time-bounded, no path of the build
machine published, and the preview server's answer to a malformed path."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest

from recommendations_site.model import package
from recommendations_site.render import formats

HOSTILE_TEXTS = [
    '=HYPERLINK("http://evil","c") and the rest',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


def test_the_workbook_holds_every_text_as_text_never_a_formula(tmp_path: Path) -> None:
    rows = [{"id": f"r-{n}", "text": text, "paragraph": text, "year": 2014} for n, text in enumerate(HOSTILE_TEXTS)]
    formats.write_xlsx(tmp_path / "book.xlsx", {"recommendations": rows})
    sheet_xml = zipfile.ZipFile(tmp_path / "book.xlsx").read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and 't="f"' not in sheet_xml  # no formula element anywhere
    sheet = openpyxl.load_workbook(tmp_path / "book.xlsx")["recommendations"]
    names = [c.value for c in sheet[1]]
    cells = [row[names.index("text")] for row in sheet.iter_rows(min_row=2)]
    assert [(c.value, c.data_type, c.quotePrefix) for c in cells] == [(t, "s", True) for t in HOSTILE_TEXTS]
    plain = [row[names.index("id")] for row in sheet.iter_rows(min_row=2)]
    assert {(c.data_type, c.quotePrefix) for c in plain} == {("s", False)}  # a prefix only where a formula could start


def test_the_csv_stays_byte_true_for_machines(tmp_path: Path) -> None:
    """The policy (content/using-the-data.md): CSV and JSON keep the text exactly as the source has
    it, for programs; the workbook is the file for spreadsheets."""
    rows = [{"id": f"r-{n}", "text": text} for n, text in enumerate(HOSTILE_TEXTS)]
    package.write_csv(tmp_path / "recommendations.csv", "recommendations", rows)
    back = package.read_table(tmp_path, "recommendations")
    assert [r["text"] for r in back] == HOSTILE_TEXTS
