"""Reading upstream CSV exports strictly: one known encoding, a header of distinct named columns,
no NUL bytes, control characters taken out of the text and counted, blank rows accounted for, and
every problem located as file:row:field (row as a spreadsheet numbers it: the header is row 1)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path

from ..errors import SourceError
from ..reading import text as reading
from ..reading.text import ReadError
from .import_report import ImportReport

MAX_TEXT = 100_000  # characters; the longest real UN paragraph is a few thousand
UNDECODABLE = re.compile("[\udc80-\udcff]")  # bytes that were not UTF-8, kept by surrogateescape
BLANK_ROW = "blank row: no values"

Rows = list[tuple[int, dict[str, str]]]


def decode(path: Path) -> tuple[str, ReadError | None]:
    """The file's text with its line endings made "\\n", and the encoding error if it has one.

    UTF-8, or Mac Roman only for a file with bare CR line endings and no UTF-8 sequence at all (UPR
    Info's published export): reading.text.decode decides. A file that is neither is read with its
    bad bytes kept as surrogates, only so that read_rows can name the row and field of the first;
    the file is refused all the same (read_rows raises the error when it cannot locate it)."""
    raw = reading.read_bytes(path)
    if not raw.strip():
        raise SourceError(path, 0, "-", "file is empty")
    try:
        text, error = reading.decode(path, raw, mac_roman=True), None
    except ReadError as err:
        text, error = raw.decode("utf-8-sig", "surrogateescape"), err
    return text.replace("\r\n", "\n").replace("\r", "\n"), error


def shown(names: list[str]) -> str:
    """Column names for a message, any holding a control character written as Python would."""
    return ", ".join(n if n.isprintable() else repr(n) for n in names)


def readable(path: Path, row_no: int, field_name: str, value: str) -> None:
    """Refuse a cell that holds a byte that was not UTF-8, or a NUL (a damaged file)."""
    bad = UNDECODABLE.search(value)
    if bad:
        byte = ord(bad.group()) - 0xDC00
        context = UNDECODABLE.sub("\ufffd", value[max(0, bad.start() - 30) : bad.start() + 30])
        raise SourceError(path, row_no, field_name, f"not UTF-8: undecodable byte 0x{byte:02x} in {context!r}")
    if "\x00" in value:
        raise SourceError(path, row_no, field_name, "holds a NUL byte: the file is damaged or not a text file")


def check_header(path: Path, header: list[str], required: list[str]) -> None:
    """Every column named, no name twice (which of two columns to read cannot be guessed), the required ones there."""
    if not any(name.strip() for name in header):
        raise SourceError(path, 1, "-", "the header row is empty: the first row must name the columns")
    seen: dict[str, int] = {}
    for number, name in enumerate(header, start=1):
        if not name.strip():
            raise SourceError(path, 1, "-", f"column {number} has no name in the header row: name it or delete the column")
        if name.strip() in seen:
            raise SourceError(
                path,
                1,
                name.strip(),
                f"column {name.strip()!r} appears twice in the header row (columns {seen[name.strip()]} and {number}):"
                " delete or rename one, as which to read cannot be guessed",
            )
        seen[name.strip()] = number
    missing = [c for c in required if c not in header]
    if missing:
        raise SourceError(path, 1, missing[0], f"missing column {missing[0]!r} (columns found: {shown(header)})")


def clean_row(path: Path, row_no: int, header: list[str], values: list[str]) -> tuple[dict[str, str], int]:
    """The row by column with control characters taken out, and how many were."""
    if len(values) != len(header):
        raise SourceError(path, row_no, "-", f"{len(values)} cells where the header has {len(header)}")
    row, removed = {}, 0
    for name, value in zip(header, values, strict=True):
        readable(path, row_no, name, value)
        if len(value) > MAX_TEXT:
            raise SourceError(path, row_no, name, f"cell of {len(value):,} characters is over the {MAX_TEXT:,} limit")
        row[name], count = reading.without_controls(value)
        removed += count
    return row, removed


def _rows(path: Path, reader: Iterator[list[str]], header: list[str], report: ImportReport | None) -> tuple[Rows, int]:
    """The data rows, and how many blank rows there were (each rejected in the report, when there is one)."""
    rows: Rows = []
    blank, row_no = 0, 1
    try:
        for row_no, values in enumerate(reader, start=2):
            if any(v.strip() for v in values):  # else blank: no cells, or only empty ones, however many
                row, removed = clean_row(path, row_no, header, values)
            else:
                row, removed = {}, 0
            if report:
                report.removed_controls(path, row_no, removed)
            if any(v.strip() for v in row.values()):
                rows.append((row_no, row))
                continue
            blank += 1  # nothing in it but spaces (or control characters, counted above)
            if report:
                report.read(path)
                report.rejected(path, row_no, BLANK_ROW)
    except csv.Error as err:
        raise SourceError(path, row_no + 1, "-", f"malformed CSV ({err}); an unterminated quote?") from None
    return rows, blank


def first_row(path: Path, reader: Iterator[list[str]]) -> list[str]:
    try:
        header = next(reader)
    except StopIteration:
        raise SourceError(path, 1, "-", "file has no header row") from None
    except csv.Error as err:
        raise SourceError(path, 1, "-", f"malformed CSV ({err}); an unterminated quote?") from None
    for name in header:
        readable(path, 1, "-", name)
    return header


def header(path: Path) -> list[str]:
    """The column names in the file's first row, as written (read_rows checks them)."""
    text, _ = decode(path)
    old_limit = csv.field_size_limit(MAX_TEXT * 20)
    try:
        return first_row(path, csv.reader(io.StringIO(text), strict=True))
    finally:
        csv.field_size_limit(old_limit)


def read_rows(path: Path, required: list[str], report: ImportReport | None = None) -> Rows:
    """(row number, row) for each data row; row 1 is the header, as in a spreadsheet. With a report,
    blank rows go into it as rejected and the control characters taken out are counted there."""
    text, encoding_error = decode(path)
    reader = csv.reader(io.StringIO(text), strict=True)
    old_limit = csv.field_size_limit(MAX_TEXT * 20)
    try:
        names = first_row(path, reader)
        check_header(path, names, required)
        rows, blank = _rows(path, reader, names, report)  # a bad byte is refused at the row and field that hold it
    finally:
        csv.field_size_limit(old_limit)
    if encoding_error:  # not placed in a cell (none of them holds it): refused by its line
        raise encoding_error
    if not rows:
        raise SourceError(path, 2, "-", "header only: no data rows" + (f" ({blank} blank rows)" if blank else ""))
    return rows
