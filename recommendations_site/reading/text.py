"""Text as a file holds it: one encoding, no NUL, control characters counted, numbers bounded."""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import SourceError

MAX_BYTES = 200_000_000  # no upstream file comes near this; a larger one is not what we think it is
# A valid multi-byte UTF-8 sequence: a file holding one is UTF-8, whatever else it holds.
UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # C0 and C1 controls but tab, LF, CR
INTEGER = re.compile(r"[+-]?\d{1,9}")  # no upstream number needs ten digits: 1e400, inf and twenty nines are refused


class ReadError(SourceError):
    """A file that cannot be read exactly as it is, located as file:line:field."""


def read_bytes(path: Path) -> bytes:
    """The file's bytes: it must exist, be a file and be of a size we read."""
    if not path.exists():
        raise ReadError(path, 0, "-", "no such file")
    if not path.is_file():
        raise ReadError(path, 0, "-", "is a folder, not a file" if path.is_dir() else "not a regular file")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise ReadError(path, 0, "-", f"{size:,} bytes: over the {MAX_BYTES:,}-byte limit for one file")
    return path.read_bytes()


def line_of(data: bytes | str, offset: int) -> int:
    newline = b"\n" if isinstance(data, bytes) else "\n"
    return data.count(newline, 0, offset) + 1  # type: ignore[arg-type]


def decode(path: Path, raw: bytes, *, mac_roman: bool = False) -> str:
    """UTF-8 (a byte order mark allowed); with mac_roman, a file with bare CR line endings and no
    UTF-8 sequence at all is read as Mac Roman (UPR Info's published export). A file that is
    partly UTF-8 is never decoded as something else: its first bad byte is named."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        bare_cr = b"\r" in raw and b"\n" not in raw
        if mac_roman and bare_cr and not UTF8_SEQUENCE.search(raw):
            return raw.decode("mac_roman")
        line = raw.count(b"\r", 0, err.start) + 1 if bare_cr else line_of(raw, err.start)
        raise ReadError(
            path, line, "-", f"not UTF-8: byte 0x{raw[err.start]:02x} cannot be read; save the file as UTF-8"
        ) from None


def read_text(path: Path, *, mac_roman: bool = False) -> str:
    """A whole text file, decoded strictly, without NUL bytes."""
    text = decode(path, read_bytes(path), mac_roman=mac_roman)
    nul = text.find("\x00")
    if nul >= 0:
        raise ReadError(path, line_of(text, nul), "-", "holds a NUL byte: the file is damaged or not text")
    return text


def without_controls(text: str) -> tuple[str, int]:
    """text without control characters (tab and line breaks kept), and how many were removed."""
    cleaned, count = CONTROL.subn("", text)
    return cleaned, count


MAX_TEXT = 100_000  # characters in one recommendation's text: the longest real one (UHRI, Word styles and all) has 21,007


def text_size(path: Path, row: int | str, field: str, value: str) -> str:
    """value, if it is of a size one recommendation's text can be: a 10 MB "text" is a damaged file."""
    if len(value) > MAX_TEXT:
        raise ReadError(path, row, field, f"{len(value):,} characters: over the {MAX_TEXT:,}-character limit for one text")
    return value


def integer(value: str, low: int, high: int) -> int:
    """A whole number written in decimal digits within [low, high]; ValueError otherwise."""
    text = value.strip()
    if not INTEGER.fullmatch(text) or not low <= int(text) <= high:
        raise ValueError(f"{value!r} is not a whole number from {low} to {high}")
    return int(text)
