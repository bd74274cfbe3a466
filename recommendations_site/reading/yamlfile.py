"""YAML as officials write it, read strictly: one document, no duplicate keys, no anchors or
aliases (so nothing can expand), nesting and size bounded, dates left as the text written (the
schema or the reader parses them, so an impossible date is a located error, not a crash), and the
line of every value kept so that a problem names the line to fix."""

from __future__ import annotations

import copy
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .text import ReadError, read_text

MAX_DEPTH = 32
Location = tuple[str | int, ...]  # keys and list positions from the document's root


@dataclass
class Loaded:
    """A YAML document's data, the line of each value by its location, and of each key: a mapping's
    value (an entry under its id) starts on the line below its key."""

    data: object
    lines: dict[Location, int] = field(default_factory=dict)
    keys: dict[Location, int] = field(default_factory=dict)

    def line(self, where: Location) -> int:
        """The line of the value at where, or of the nearest enclosing value."""
        for end in range(len(where), -1, -1):
            if where[:end] in self.lines:
                return self.lines[where[:end]]
        return 0

    def key_line(self, where: Location) -> int:
        """The line of the key naming the value at where (an entry's id), else of the value."""
        return self.keys.get(where) or self.line(where)


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses anchors, aliases and deep nesting while composing."""

    def __init__(self, stream: str):
        super().__init__(stream)
        self.depth = 0

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node | None:  # type: ignore[override]
        if self.check_event(yaml.AliasEvent):
            raise ReadError(
                self.name, self.peek_event().start_mark.line + 1, "-", "aliases (*name) are not allowed: write the value out"
            )
        event = self.peek_event()
        if getattr(event, "anchor", None):
            raise ReadError(self.name, event.start_mark.line + 1, "-", "anchors (&name) are not allowed: write each value out")
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ReadError(self.name, event.start_mark.line + 1, "-", f"nested more than {MAX_DEPTH} levels deep")
        try:
            return super().compose_node(parent, index)  # type: ignore[arg-type]
        finally:
            self.depth -= 1

    def construct_yaml_timestamp(self, node: yaml.Node) -> str:  # type: ignore[override]
        return self.construct_scalar(node)  # type: ignore[arg-type]  # a date stays the text written


_StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", _StrictLoader.construct_yaml_timestamp)


def _walk(node: yaml.Node, where: Location, loaded: Loaded, name: str) -> None:
    """Record each value's and key's line; refuse duplicate and non-text keys. Iterative: depth is bounded already."""
    stack = [(node, where)]
    while stack:
        node, where = stack.pop()
        loaded.lines[where] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            seen: dict[str, int] = {}
            for key, value in node.value:
                line = key.start_mark.line + 1
                if not isinstance(key, yaml.ScalarNode) or key.tag == "tag:yaml.org,2002:merge":
                    raise ReadError(name, line, "-", "a key must be plain text (no lists, mappings or << merges as keys)")
                if key.value in seen:
                    raise ReadError(name, line, key.value, f"key given twice (also on line {seen[key.value]})")
                seen[key.value] = loaded.keys[(*where, key.value)] = line
                stack.append((value, (*where, key.value)))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, (*where, k)) for k, item in enumerate(node.value))
        elif isinstance(node.value, str) and SURROGATE.search(node.value):  # "\ud800" escaped: no file can hold it
            field = str(where[-1]) if where and isinstance(where[-1], str) else "-"
            raise ReadError(
                name,
                node.start_mark.line + 1,
                field,
                "a \\ud800-\\udfff escape is half a character: write the character, or \\U and 8 digits",
            )


SURROGATE = re.compile("[\ud800-\udfff]")


def _code(character: int | str) -> str:
    return f"U+{character if isinstance(character, int) else ord(character):04X}"


PARSED: OrderedDict[Path, tuple[str, Loaded]] = OrderedDict()  # path -> its text and what it gave
KEEP = 256  # files: the curated and tracking files a preview reads on every update
KEPT = threading.Lock()  # the preview's server reads files from threads of its own (the editor)


def load(path: Path) -> Loaded:
    """The one YAML document in path (None if it is empty), with the line of every value. A file
    read again with the same text is not parsed again (the preview reads every curated file on
    each update; parsing is slow, a copy is not): a copy, as callers may change what they get."""
    text = read_text(path)
    key = Path(path).absolute()
    with KEPT:
        hit = PARSED.get(key)
        if hit is not None and hit[0] == text:
            PARSED.move_to_end(key)
            return copy.deepcopy(hit[1])
    found = parse(path, text)
    with KEPT:
        PARSED[key] = (text, copy.deepcopy(found))
        if len(PARSED) > KEEP:
            PARSED.popitem(last=False)
    return found


def parse(path: Path, text: str) -> Loaded:
    loader = None
    try:
        loader = _StrictLoader(text)  # reads the stream at once: a control character is refused here
        loader.name = path.name
        node = loader.get_single_node()
        found = Loaded(None)
        if node is None:
            return found
        _walk(node, (), found, path.name)
        found.data = loader.construct_document(node)
        return found
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        raise ReadError(path, mark.line + 1 if mark else 0, "-", f"not valid YAML: {err.problem or err.context}") from None
    except yaml.reader.ReaderError as err:
        where = text.count("\n", 0, err.position) + 1
        raise ReadError(
            path, where, "-", f"holds a control character YAML does not allow ({_code(err.character)}): delete it"
        ) from None
    except yaml.YAMLError as err:
        raise ReadError(path, 0, "-", f"not valid YAML: {err}") from None
    except (ValueError, TypeError) as err:  # a value a tag cannot construct (!!int x, !!binary junk)
        raise ReadError(path, 0, "-", f"a value cannot be read: {err}") from None
    finally:
        if loader is not None:
            loader.dispose()
