"""Saving one entry of an agency's tracking file: under a lock, the file is read again, the one
entry added or changed in its round-trip form (ruamel.yaml: comments, order and formatting kept),
the result checked by the tracking reader exactly as a build checks the folder, and only then
written, by one rename. A problem found leaves the file as it was."""

from __future__ import annotations

import hashlib
import io
import re
import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from filelock import FileLock
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from ...errors import Problem
from ...files import atomic_write
from ...tracking import SUFFIXES
from ...tracking.template import template
from .forms import Section, version
from .store import Store


class Conflict(Exception):
    """The entry changed (or went) since its form was loaded: saving would lose the other change."""


@dataclass
class Outcome:
    path: Path
    errors: dict[str, str] = field(default_factory=dict)  # field -> message, shown beside it
    others: list[str] = field(default_factory=list)  # problems not of one field, shown in the summary

    @property
    def saved(self) -> bool:
        return not self.errors and not self.others


def file_of(store: Store, agency: str) -> Path:
    """The agency's tracking file (its .yml if that is the one it keeps). agency is an id
    agencies.yaml lists: the caller checked."""
    found = [store.tracking / f"{agency}{suffix}" for suffix in SUFFIXES]
    return next((p for p in found if p.is_file()), found[0])


def round_trip(text: str) -> YAML:
    """A ruamel.yaml round-trip reader and writer, indenting lists as the file does."""
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096  # never fold a long line the official wrote on one
    flush = re.search(r"^- ", text, re.M) and not re.search(r"^  - ", text, re.M)
    yaml.indent(mapping=2, sequence=2, offset=0) if flush else yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def current_text(store: Store, agency: dict, path: Path) -> str:
    """The file as it is, or, for an agency without one, what `build.py template` would start it with."""
    if path.is_file():
        return path.read_text(encoding="utf-8")
    return template(agency, store.recommendations())


UNREADABLE = "the file cannot be read as YAML: correct it by hand (`python build.py validate` names the line)"


def loaded(yaml: YAML, text: str) -> object:
    """The document, or Conflict when it cannot be read (a key twice, broken indentation): the
    editor changes only what it can read back as written."""
    try:
        return yaml.load(text)
    except YAMLError:
        raise Conflict(UNREADABLE) from None


def entries(text: str, section: str) -> list:
    """The section's entries in the round-trip form (empty when there are none, or when the file
    cannot be read: the page lists the reader's problems instead)."""
    try:
        doc = loaded(round_trip(text), text)
    except Conflict:
        return []
    found = doc.get(section) if isinstance(doc, dict) else None
    return list(found) if isinstance(found, list) else []


def as_yaml(value: object) -> object:
    if isinstance(value, list):
        seq = CommentedSeq(value)
        seq.fa.set_flow_style()  # [a, b]: as the guide writes ids and links
        return seq
    return value


def changed(text: str, section: Section, index: int | None, expected: str, entry: dict) -> str:
    """text with entry added to section (index None) or put in place of entry index, which must
    still be as it was when the form was loaded (expected: its version)."""
    yaml = round_trip(text)
    doc = loaded(yaml, text)
    if not isinstance(doc, dict):
        raise Conflict("the file does not hold a tracking file's fields: correct it by hand")
    items = doc.get(section.key)
    if not isinstance(items, list):
        items = CommentedSeq()
        doc[section.key] = items
    if index is None:
        items.append(CommentedMap((k, as_yaml(v)) for k, v in entry.items()))
    else:
        if index >= len(items) or version(items[index]) != expected:
            raise Conflict(f"this {section.one} was changed in the file since the form was loaded")
        old = items[index]
        for key in [k for k in old if k in section.names() and k not in entry]:
            del old[key]  # a field emptied in the form
        for key, value in entry.items():
            if old.get(key) != value:
                old[key] = as_yaml(value)
    out = io.StringIO()
    yaml.dump(doc, out)
    return out.getvalue()


def problems_with(store: Store, path: Path, text: str) -> list[Problem]:
    """The errors the tracking reader finds in the folder with path holding text."""
    with tempfile.TemporaryDirectory(prefix="tracking-") as tmp:
        folder = Path(tmp) / "tracking"
        shutil.copytree(store.tracking, folder, ignore=shutil.ignore_patterns(".*"))
        (folder / path.name).write_text(text, encoding="utf-8")
        return store.read(folder).errors


def new_problems(store: Store, path: Path, text: str) -> list[Problem]:
    """The errors the change brings (errors the folder had before are not the form's)."""
    key = lambda p: (Path(p.file).name, p.field, p.message)  # noqa: E731
    before = Counter(key(p) for p in store.read().errors)
    found = []
    for problem in problems_with(store, path, text):
        if before[key(problem)]:
            before[key(problem)] -= 1
        else:
            found.append(problem)
    return found


def lock_for(store: Store, agency: str) -> FileLock:
    """One lock per project and agency, outside data/ (nothing but the officials' files there)."""
    project = hashlib.sha256(str(store.data.resolve()).encode()).hexdigest()[:16]
    folder = Path(tempfile.gettempdir()) / "recommendations-editor" / project
    folder.mkdir(parents=True, exist_ok=True)
    return FileLock(folder / f"{agency}.lock", timeout=30)


def save(store: Store, agency: dict, section: Section, index: int | None, expected: str, entry: dict) -> Outcome:
    """Add or change one entry of the agency's file, or say what is wrong; Conflict when the
    entry changed since its form was loaded."""
    with lock_for(store, agency["id"]):
        path = file_of(store, agency["id"])
        text = changed(current_text(store, agency, path), section, index, expected, entry)
        outcome = Outcome(path)
        for problem in new_problems(store, path, text):
            if Path(problem.file).name == path.name and problem.field in section.names():
                outcome.errors.setdefault(problem.field, problem.message)
            else:
                outcome.others.append(f"{Path(problem.file).name}:{problem.row}:{problem.field}: {problem.message}")
        if outcome.saved:
            atomic_write(path, text)
        return outcome
