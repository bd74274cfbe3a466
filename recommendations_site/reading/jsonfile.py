"""JSON and JSON Lines read strictly: duplicate keys refused, nesting bounded, each record located
by its line. JSON Lines are split at "\\n" only: U+2028 and U+2029 are legal inside a JSON string."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

from .text import ReadError, line_of, read_text

MAX_DEPTH = 32


class _Duplicate(ValueError):
    def __init__(self, key: str):
        super().__init__(f"key {key!r} given twice in one object")
        self.key = key


def _object(pairs: list[tuple[str, object]]) -> dict:
    found: dict[str, object] = {}
    for key, value in pairs:
        if key in found:
            raise _Duplicate(key)
        found[key] = value
    return found


def depth(value: object) -> int:
    """How deeply lists and objects nest in value (iterative: no recursion limit to hit)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, level)
            stack.extend((child, level + 1) for child in (item.values() if isinstance(item, dict) else item))
    return deepest


class _NotANumber(ValueError):
    """NaN, Infinity or a number too large for a float: Python's json takes them, JSON has none."""

    def __init__(self, written: str):
        why = "too large for any number" if written[-1:].isdigit() else "NaN and Infinity are not JSON"
        super().__init__(f"{written} is not a number ({why})")
        self.written = written


def _constant(written: str) -> float:
    raise _NotANumber(written)


def _float(written: str) -> float:
    value = float(written)
    if value in (float("inf"), float("-inf")):
        raise _NotANumber(written)
    return value


_DECODER = json.JSONDecoder(object_pairs_hook=_object, parse_constant=_constant, parse_float=_float)


def _where_written(text: str, start: int, written: str, line: int) -> tuple[int, str]:
    """(line, key) where the bad number is first written after start: its line and the key it is the value of."""
    found = re.compile(r'(?:"((?:[^"\\]|\\.)*)"\s*:\s*)?(?<![\w"])' + re.escape(written) + r"(?![\w.])").search(text, start)
    if found is None:
        return line, "-"
    return line + line_of(text, found.start()) - line_of(text, start), found[1] or "-"


def _second(text: str, start: int, key: str, line: int) -> int:
    """The line where key is written a second time (the first place it repeats), else line."""
    written = re.compile(re.escape(json.dumps(key, ensure_ascii=False)) + r"\s*:")
    found = [m.start() for m in written.finditer(text, start)][1:2] or [None]
    return line if found[0] is None else line + line_of(text, found[0]) - line_of(text, start)


def _decode(path: Path, text: str, start: int, line: int, bounded: bool = True) -> tuple[object, int]:
    """One JSON value from text[start:], checked; (value, where it ends)."""
    try:
        value, end = _DECODER.raw_decode(text, start)
    except json.JSONDecodeError as err:
        where = line + line_of(text, err.pos) - line_of(text, start)  # text is one line of a JSON Lines file, or the whole file
        raise ReadError(path, where, "-", f"invalid JSON: {err.msg} (column {err.colno})") from None
    except _Duplicate as err:
        raise ReadError(path, _second(text, start, err.key, line), err.key, f"invalid JSON: {err}") from None
    except _NotANumber as err:
        raise ReadError(path, *_where_written(text, start, err.written, line), f"invalid JSON: {err}") from None
    except RecursionError:
        raise ReadError(path, line, "-", f"invalid JSON: nested more than {MAX_DEPTH} levels deep") from None
    if bounded and depth(value) > MAX_DEPTH:
        raise ReadError(path, line, "-", f"invalid JSON: nested more than {MAX_DEPTH} levels deep")
    if SURROGATE_ESCAPE.search(text, start, end):  # rare: only then is every string looked at
        key = _lone_surrogate(value)
        if key is not None:
            raise ReadError(path, line, key, "invalid text: a \\ud800-\\udfff escape that is half a character (a lone surrogate)")
    return value, end


SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _lone_surrogate(value: object) -> str | None:
    """The key of the first string in value holding a lone surrogate ("-" outside an object), else None:
    Python's json decodes "\\ud800" to one, which no UTF-8 file can then hold."""
    stack: list[tuple[str, object]] = [("-", value)]
    while stack:
        key, item = stack.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                return key
        elif isinstance(item, dict):
            stack.extend(item.items())
        elif isinstance(item, list):
            stack.extend((key, v) for v in item)
    return None


def document(path: Path) -> object:
    """The one JSON value a whole file holds (a descriptor, a manifest), read strictly."""
    return parse(path, read_text(path))


def flat_document(path: Path) -> object:
    """document(path) without walking every value for its depth (the slowest part, for a table's
    100,000-row JSON copy): for a file whose reader refuses anything but flat rows anyway."""
    return parse(path, read_text(path), bounded=False)


def parse(path: Path, text: str, bounded: bool = True) -> object:
    """The one JSON value text (path's content, already read) holds; path only locates errors."""
    start = len(text) - len(text.lstrip())
    value, end = _decode(path, text, start, line_of(text, start), bounded)
    if text[end:].strip():
        raise ReadError(path, line_of(text, end), "-", "invalid JSON: text after the value")
    return value


def records(path: Path) -> Iterator[tuple[int, object]]:
    """(line, record) for each record of a JSON Lines file (one value a line, blank lines skipped)
    or of a JSON file holding one array of records (each located by the line it starts on)."""
    text = read_text(path)
    if path.suffix.lower() == ".jsonl":
        for line_no, line in enumerate(text.split("\n"), start=1):
            if line.strip():
                value, end = _decode(path, line, len(line) - len(line.lstrip()), line_no)
                if line[end:].strip():
                    raise ReadError(path, line_no, "-", "invalid JSON: more than one value on the line")
                yield line_no, value
        return
    yield from _array(path, text)


def _array(path: Path, text: str) -> Iterator[tuple[int, object]]:
    """The elements of the JSON array that is the whole of text, one by one."""
    at = len(text) - len(text.lstrip())
    if not text.startswith("[", at):
        raise ReadError(path, line_of(text, at), "-", "a .json file must hold an array of records ([ … ])")
    at += 1
    first = True
    while True:
        at = len(text) - len(text[at:].lstrip())
        if text.startswith("]", at):
            if text[at + 1 :].strip():
                raise ReadError(path, line_of(text, at + 1), "-", "invalid JSON: text after the array")
            return
        if not first:
            if not text.startswith(",", at):
                raise ReadError(path, line_of(text, at), "-", "invalid JSON: expected , or ] between records")
            at = len(text) - len(text[at + 1 :].lstrip())
        line = line_of(text, at)
        value, at = _decode(path, text, at, line)
        first = False
        yield line, value
