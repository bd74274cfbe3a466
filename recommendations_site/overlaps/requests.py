"""A recommendation's requests, and the policy asks of the curated catalogue each one states.

A UPR paragraph often bundles several recommendations, each closed by its states in brackets, and
one recommendation often asks several things ("Reduce the remaining socioeconomic differences for
Māoris and Pacific Islanders, and increase efforts in the fight against child poverty"). A request
is one of those parts: the text is cut at the attributions, at semicolons and where "and" joins a
new imperative verb. The catalogue (data/curation/asks.yaml, read by catalogue.py) is matched
request by request, so two things named in different requests never make an ask together."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import NamedTuple

from ..errors import InvalidPackage, Problem
from ..reading import patterns
from ..reading.patterns import Curated
from .asks import fold
from .similarity import STATES

VERBS = (
    "accelerate|accept|address|adopt|allocate|apply|applying|combat|commit|consider|continue|develop|eliminate|engage|enhance|ensure|"
    "establish|expedite|explore|give|implement|improve|include|incorporate|increase|intensify|investigate|"
    "maintain|make|prevent|promote|protect|provide|put|raise|ratify|recognize|record|redouble|reduce|reinforce|"
    "set|share|step|strengthen|take|tighten|undertake|use|work"
)
SPLIT = re.compile(rf"\s*;\s*|,?\s+and\s+(?=(?:{VERBS})\b)|,\s+(?=(?:{VERBS})\b)", re.IGNORECASE)


BACK = re.compile(r"\b(?:them|their|they)\b", re.IGNORECASE)


# A part ending in a verb has no object of its own: "Sign and ratify the CPED", "identify and
# address structural discrimination" are one request, its verbs sharing the object that follows.
BARE_VERB = re.compile(rf"\b(?:{VERBS}|sign|identify|monitor|evaluate|review|amend|repeal|enforce|support|endorse)\s*$", re.IGNORECASE)


def requests(text: str) -> list[str]:
    """The text cut into its requests, attributions removed, in order; never empty for a text."""
    parts = []
    for segment in STATES.split(text):
        kept, start = [], 0
        for cut in SPLIT.finditer(segment):
            if not BARE_VERB.search(segment[start : cut.start()]) or ";" in cut.group():
                kept.append(segment[start : cut.start()])
                start = cut.end()
        kept.append(segment[start:])
        parts.extend(p.strip(" .,;") for p in kept)
    found = [p for p in parts if p]
    return found or [text.strip()]


class Entry(NamedTuple):
    """One ask of the catalogue: its id, title, themes, and how a request is recognised."""

    id: str
    title: str
    themes: tuple[str, ...]
    match: tuple[tuple[Curated, ...], ...]
    unless: tuple[Curated, ...]
    gate: tuple[str, ...] = ()  # gate(match): a request holding none of these texts matches no line


def gate(match: tuple[tuple[Curated | None, ...], ...]) -> tuple[str, ...]:
    """Texts one of which every request matching a line holds: a pattern's needles from each line
    (a line matches only if all its patterns do); () when some line has no pattern with needles.
    One look for these skips the entry's patterns one by one on most requests (3x faster at 41k)."""
    chosen = [next((p.needles for p in line if p is not None and p.needles), ()) for line in match]
    return tuple(dict.fromkeys(n for needles in chosen for n in needles)) if all(chosen) else ()


def pattern(text: str, where: Problem) -> Curated:
    """A catalogue pattern: matched at the start of a word, in folded text, within a time bound
    (reading/patterns.py; InvalidPackage at where for a pattern that could backtrack without end)."""
    why = patterns.problem(text)
    if why:
        raise InvalidPackage([replace(where, message=why)])
    return patterns.compiled(rf"(?<!\w){fold(text)}", where)


def matches(entry: Entry, folded: str) -> bool:
    if entry.gate and not any(needle in folded for needle in entry.gate):
        return False
    if any(p.search(folded) for p in entry.unless):
        return False
    return any(all(p.search(folded) for p in line) for line in entry.match)


def catalogue_asks(parts: list[str], catalogue: list[Entry]) -> dict[str, int]:
    """Ask id -> the index of the first request that states it."""
    found: dict[str, int] = {}
    for index, part in enumerate(parts):
        # "... and intensify its efforts in combating discrimination against them": a request that
        # points back is read with the one before it.
        folded = fold(f"{parts[index - 1]} {part}" if index and BACK.search(part) else part)
        for entry in catalogue:
            if entry.id not in found and matches(entry, folded):
                found[entry.id] = index
    return found
