"""Reading upstream CSV exports strictly: known encodings only, every problem located."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from .report import SourceError

MAX_TEXT = 100_000  # characters; the longest real UN paragraph is a few thousand


def decode(path: Path) -> str:
    """UTF-8, or Mac Roman for files with bare CR line endings (UPR Info's published export)."""
    raw = path.read_bytes()
    if not raw.strip():
        raise SourceError(path, 0, "-", "file is empty")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        if b"\r" in raw and b"\n" not in raw:
            text = raw.decode("mac_roman")
        else:
            line = raw[: err.start].count(b"\n") + 1
            raise SourceError(
                path, line, "-", f"not UTF-8: undecodable byte 0x{raw[err.start]:02x} at byte {err.start} (line {line})"
            ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


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
