"""Reading upstream CSV exports strictly: known encodings only, every problem located."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from ..errors import SourceError

MAX_TEXT = 100_000  # characters; the longest real UN paragraph is a few thousand
UNDECODABLE = re.compile("[\udc80-\udcff]")  # bytes that were not UTF-8, kept by surrogateescape


def decode(path: Path) -> str:
    """UTF-8, or Mac Roman for files with bare CR line endings (UPR Info's published export).
    Bytes that are neither are kept as surrogates so read_rows can name the row and field holding them."""
    raw = path.read_bytes()
    if not raw.strip():
        raise SourceError(path, 0, "-", "file is empty")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        mac = b"\r" in raw and b"\n" not in raw
        text = raw.decode("mac_roman") if mac else raw.decode("utf-8-sig", "surrogateescape")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def undecodable(path: Path, row_no: int, field_name: str, value: str) -> None:
    bad = UNDECODABLE.search(value)
    if bad:
        byte = ord(bad.group()) - 0xDC00
        shown = UNDECODABLE.sub("\ufffd", value[max(0, bad.start() - 30) : bad.start() + 30])
        raise SourceError(path, row_no, field_name, f"not UTF-8: undecodable byte 0x{byte:02x} in {shown!r}")


def read_rows(path: Path, required: list[str]) -> list[tuple[int, dict[str, str]]]:
    """(row number, row) for each data row; row 1 is the header, as in a spreadsheet."""
    text = decode(path)
    reader = csv.reader(io.StringIO(text), strict=True)
    old_limit = csv.field_size_limit(MAX_TEXT * 20)
    try:
        try:
            header = next(reader)
        except StopIteration:
            raise SourceError(path, 1, "-", "file has no header row") from None
        undecodable(path, 1, "-", ",".join(header))
        missing = [c for c in required if c not in header]
        if missing:
            raise SourceError(path, 1, missing[0], f"missing column {missing[0]!r} (columns found: {', '.join(header)})")
        rows: list[tuple[int, dict[str, str]]] = []
        row_no = 1
        try:
            for row_no, values in enumerate(reader, start=2):
                if not any(v.strip() for v in values):
                    continue
                if len(values) != len(header):
                    raise SourceError(path, row_no, "-", f"{len(values)} cells where the header has {len(header)}")
                row = dict(zip(header, values, strict=True))
                for name, value in row.items():
                    undecodable(path, row_no, name, value)
                    if len(value) > MAX_TEXT:
                        raise SourceError(path, row_no, name, f"cell of {len(value):,} characters is over the {MAX_TEXT:,} limit")
                rows.append((row_no, row))
        except csv.Error as err:
            raise SourceError(path, row_no + 1, "-", f"malformed CSV ({err}); an unterminated quote?") from None
    finally:
        csv.field_size_limit(old_limit)
    if not rows:
        raise SourceError(path, 2, "-", "header only: no data rows")
    return rows
