"""A worksheet's data rows as XlsxWriter's constant_memory mode writes them, made here as text.

XlsxWriter's per-cell API (a bounds check, a table entry, a tuple and several escapes per cell)
took 4 of the whole package's 7 CPU seconds at 2,000 recommendations: 441,669 cells. The rows are
the same XML, byte for byte (tests/test_downloads_workbook.py compares it with XlsxWriter's own
writer), written straight into the sheet's row file; the sheet's dimensions are kept as XlsxWriter
keeps them, and XlsxWriter writes the rest of the workbook. Pinned: XlsxWriter 3.3.1
(requirements.lock); a version whose row file or cell XML differs fails that test."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable
from itertools import islice
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from xlsxwriter.format import Format
    from xlsxwriter.worksheet import Worksheet

MAX_ROWS = 1_048_576  # a worksheet's rows (XlsxWriter's xls_rowmax): a cell beyond is not written, as XlsxWriter does
MAX_TEXT = 32_767  # UTF-16 units a cell holds (xls_strmax): a longer text is cut there, as XlsxWriter cuts it
ESCAPE_THE_ESCAPE = re.compile("(_x[0-9a-fA-F]{4}_)")
CONTROL = re.compile(r"([\x00-\x08\x0b-\x1f])")
NEEDS_ESCAPE = re.compile('["&<>\n]')
EDGE_SPACE = re.compile(r"^\s|\s$")


def column_name(col: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    name = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        name = chr(65 + rest) + name
    return name


def text_xml(text: str) -> str:
    """A text as the <t> of an inline string: control characters as _xHHHH_ (the escape escaped),
    & < > as entities, and xml:space="preserve" where it starts or ends with white space."""
    if "_x" in text:
        text = ESCAPE_THE_ESCAPE.sub(r"_x005F\1", text)
    if CONTROL.search(text):
        text = CONTROL.sub(lambda m: f"_x{ord(m.group(1)):04X}_", text)
    if "\ufffe" in text or "\uffff" in text:
        text = text.replace("\ufffe", "_xFFFE_").replace("\uffff", "_xFFFF_")
    preserve = ' xml:space="preserve"' if EDGE_SPACE.search(text) else ""
    if NEEDS_ESCAPE.search(text):
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f"<is><t{preserve}>{text}</t></is>"


def cut(text: str) -> str:
    """A text cut to what a cell holds (XlsxWriter's _utf16_truncate): never half a character."""
    if len(text) <= MAX_TEXT // 2 or len(text.encode("utf-16-le", "surrogatepass")) // 2 <= MAX_TEXT:
        return text
    length = 0
    for index, char in enumerate(text):
        length += 2 if ord(char) > 0xFFFF else 1
        if length > MAX_TEXT:
            return text[:index]
    return text


class Column:
    """The XML of one column's cells: text as an inline string (quoted where it could start a
    formula), a date as its serial number (date style by default), a number, a boolean, and an
    empty cell only where the column has a style. A style's index is asked for when a cell first
    uses it, as XlsxWriter asks (the workbook numbers its formats in that order)."""

    def __init__(self, sheet: Worksheet, style: Format | None, quoted: Format, formula_start: tuple[str, ...]):
        self.sheet, self.style, self.quoted, self.formula_start = sheet, style, quoted, formula_start
        self.styled = self.quote = self.dated = ""

    def s(self, style: Format) -> str:
        return f' s="{style._get_xf_index()}"'

    def __call__(self, ref: str, found: object) -> str:
        if isinstance(found, str):
            if found.startswith(self.formula_start):
                self.quote = self.quote or self.s(self.quoted)
                return f'<c r="{ref}"{self.quote} t="inlineStr">{text_xml(cut(found))}</c>'
            return f'<c r="{ref}"{self.styled or self.first()} t="inlineStr">{text_xml(cut(found))}</c>'
        if found is None:
            return f'<c r="{ref}"{self.styled or self.first()}/>' if self.style is not None else ""
        if isinstance(found, bool):
            return f'<c r="{ref}"{self.styled or self.first()} t="b"><v>{int(found)}</v></c>'
        if isinstance(found, dt.date):
            if self.style is None:
                self.dated = self.dated or self.s(self.sheet.default_date_format)
            return (
                f'<c r="{ref}"{self.dated or self.styled or self.first()}><v>{self.sheet._convert_date_time(found):.16G}</v></c>'
            )
        if math.isnan(found) or math.isinf(found):  # type: ignore[arg-type]
            raise TypeError("NAN/INF not supported in write_number() without 'nan_inf_to_errors' Workbook() option")
        return f'<c r="{ref}"{self.styled or self.first()}><v>{found:.16G}</v></c>'

    def first(self) -> str:
        """The column's style attribute, its index asked for the first time ("" if it has none)."""
        if self.style is not None:
            self.styled = self.s(self.style)
        return self.styled


def write_rows(sheet: Worksheet, rows: Iterable[list[object]], columns: list[Column]) -> None:
    """Rows 1 on of sheet (row 0, the header, written by XlsxWriter): each row's values by column,
    streamed (a row is made, written and dropped)."""
    names = [column_name(c) for c in range(len(columns))]
    fh, last = sheet.fh, None
    for number, values in enumerate(islice(rows, MAX_ROWS - 1), start=2):
        line = "".join([write(f"{name}{number}", found) for write, name, found in zip(columns, names, values, strict=True)])
        if line:
            if last is None:
                sheet._write_single_row(number - 1)  # the header row goes out first, as the first data cell sends it
            fh.write(f'<row r="{number}">{line}</row>')
            last = number - 1
    if last is not None:
        sheet.dim_rowmax = max(sheet.dim_rowmax, last)
        sheet.previous_row = last
