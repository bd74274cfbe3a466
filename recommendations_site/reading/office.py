"""Office files (.xlsx, .docx: zip packages of XML parts) checked before any XML parser sees them.
No Office part declares a document type or an entity; one that does is an attack (an external
entity reading a local file, or "billion laughs" expanding without end), refused here whatever the
parser below would do with it."""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path

from .text import MAX_BYTES, ReadError

# A document type or entity declaration: '<!DOCTYPE' or '<!ENTITY', in any case, in UTF-8 or,
# with its NUL bytes taken out, UTF-16 or UTF-32.
DECLARATION = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)


def check_parts(path: Path, kind: str) -> None:
    """Every part of the package is within the size limit and declares no entity (ReadError, at the
    part's name, otherwise). kind names the file in messages: 'an .xlsx workbook'."""
    try:
        with zipfile.ZipFile(path) as package:
            parts = package.infolist()
            unpacked = sum(part.file_size for part in parts)
            if unpacked > MAX_BYTES:
                raise ReadError(path, 0, "-", f"unpacks to {unpacked:,} bytes: over the {MAX_BYTES:,}-byte limit for one file")
            for part in parts:
                if DECLARATION.search(package.read(part).replace(b"\x00", b"")):
                    message = "XML entity declarations are not allowed (a <!DOCTYPE or <!ENTITY declaration): not " + kind
                    raise ReadError(path, 0, part.filename, message)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, zlib.error, NotImplementedError, RuntimeError) as err:
        raise ReadError(path, 0, "-", f"not {kind} ({type(err).__name__}: {err})") from None
