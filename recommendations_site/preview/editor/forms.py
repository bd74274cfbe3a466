"""The editor's forms: one per section of a tracking file (actions, progress, responses, leads),
whose field names are the file's own keys (tracking/schema.yaml). A submitted form becomes the
entry as the file would hold it; checking it is left to the tracking reader, as for a file."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass

from ...model.reporting import STATUSES


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    kind: str = "text"  # text | textarea | date | select | list (ids or links, several values)
    hint: str = ""
    choices: tuple[str, ...] = ()
    required: bool = False


@dataclass(frozen=True)
class Section:
    key: str  # the section of the file
    title: str
    one: str  # one entry, as buttons say it
    fields: tuple[Field, ...]

    def names(self) -> list[str]:
        return [f.name for f in self.fields]

    @property
    def a_one(self) -> str:
        return f"{'an' if self.one[0] in 'aeiou' else 'a'} {self.one}"

    def label(self, name: str) -> str:
        return next((f.label for f in self.fields if f.name == name), name)


DATE_HINT = "YYYY-MM-DD, for example 2026-03-10"
SECTIONS = {
    s.key: s
    for s in (
        Section(
            "actions",
            "Actions",
            "action",
            (
                Field("id", "Id", hint="Permanent: lower-case letters, digits and hyphens, unique in all files", required=True),
                Field("title", "Title", hint="What the action is, in a line", required=True),
                Field("description", "Description", "textarea", "What it does and how it answers the recommendations"),
                Field("recommendations", "Recommendations", "list", "Recommendation ids, separated by commas", required=True),
                Field("supporting_agencies", "Supporting agencies", "list", "Other agencies' ids, separated by commas"),
                Field("status", "Status", "select", choices=STATUSES, required=True),
                Field("start_date", "Start date", "date", DATE_HINT),
                Field("target_date", "Target date", "date", DATE_HINT + "; leave empty for ongoing work"),
            ),
        ),
        Section(
            "progress",
            "Progress updates",
            "progress update",
            (
                Field("action", "Action", "select", "An action this agency leads or supports", required=True),
                Field("date", "Date", "date", DATE_HINT, required=True),
                Field("text", "What was done", "textarea", "What was done since the last update", required=True),
                Field(
                    "evidence", "Evidence", "list", "At least one public http(s) link; several separated by commas", required=True
                ),
                Field("status", "Status now", "select", "Optional: the action's status now", ("", *STATUSES)),
            ),
        ),
        Section(
            "responses",
            "Reasons for the Government's responses",
            "reason",
            (
                Field("recommendation", "Recommendation", hint="A recommendation id", required=True),
                Field(
                    "rationale", "Rationale", "textarea", "Why the Government supported or noted it, as it said so", required=True
                ),
                Field("source", "Source", hint="UN document symbol (e.g. A/HRC/26/3/Add.1) or a link", required=True),
            ),
        ),
        Section(
            "leads",
            "Lead decisions",
            "lead decision",
            (
                Field("recommendation", "Recommendation", hint="A recommendation id", required=True),
                Field(
                    "decision",
                    "Decision",
                    "select",
                    "Confirm that the agency leads it, or decline a suggested lead",
                    ("confirmed", "declined"),
                    True,
                ),
                Field("note", "Note", "textarea", "Optional: why (e.g. which agency leads it instead)"),
            ),
        ),
    )
}
SPLIT = re.compile(r"[\s,]+")


def values(field: Field, given: list[str]) -> object:
    """One field as the file holds it: a list of ids or links, a date (as a date when it is one,
    else the text, for the schema to refuse by name), text, or None when left empty."""
    if field.kind == "list":
        items = [item for text in given for item in SPLIT.split(text) if item]
        return list(dict.fromkeys(items)) or None
    text = next((t for t in reversed(given) if t.strip()), "").replace("\r\n", "\n").strip()  # a pick beats an empty box
    if field.kind == "date" and text:
        try:
            return dt.date.fromisoformat(text) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else text
        except ValueError:
            return text
    return text or None


def entry_of(section: Section, form: dict[str, list[str]]) -> dict:
    """The entry a submitted form describes, in the section's order; fields left empty left out."""
    found = {f.name: values(f, form.get(f.name, [])) for f in section.fields}
    return {k: v for k, v in found.items() if v is not None}


def shown(entry: dict, section: Section) -> dict[str, str]:
    """An entry's values as its form shows them."""

    def text(value: object) -> str:
        if isinstance(value, list):
            return ", ".join(map(str, value))
        return "" if value is None else str(value)

    return {f.name: text(entry.get(f.name)) for f in section.fields}


def version(entry: object) -> str:
    """A fingerprint of an entry as it was when its form was made: a save whose entry has changed
    since is refused (409) rather than overwriting the other change."""
    plain = json.dumps(entry, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(plain.encode()).hexdigest()[:20]
