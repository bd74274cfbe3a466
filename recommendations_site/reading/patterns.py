"""Curated regular expressions (data/curation/asks.yaml, overlaps/asks.yaml): checked when read and
matched with a time bound, so that a pattern that backtracks without end is a located error, never
a hang. Matching uses the `regex` module in its `re`-compatible mode (VERSION0: the same matches as
`re`), for its timeout; a repetition of a repetition, such as (\\w+\\s?)+, the usual cause of
catastrophic backtracking, is refused when the pattern is read."""

from __future__ import annotations

import re
from dataclasses import replace
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import NamedTuple

import regex

from ..errors import InvalidPackage, Problem

TIMEOUT = 1.0  # seconds one pattern may take on one text: the real texts take microseconds
REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)


class Curated(NamedTuple):
    """A compiled curated pattern and where it is written, for the error if it runs too long."""

    pattern: regex.Pattern
    where: Problem  # file, line and field; the message is filled in when it fails
    needles: tuple[str, ...] = ()  # a match holds one of them (needed()): a text with none is not searched

    def search(self, text: str) -> regex.Match | None:
        if self.needles and not any(needle in text for needle in self.needles):
            return None
        try:
            return self.pattern.search(text, timeout=TIMEOUT)
        except TimeoutError:
            raise self.too_slow(text) from None

    def finditer(self, text: str) -> list[regex.Match]:
        if self.needles and not any(needle in text for needle in self.needles):
            return []
        try:
            return list(self.pattern.finditer(text, timeout=TIMEOUT))
        except TimeoutError:
            raise self.too_slow(text) from None

    def too_slow(self, text: str) -> InvalidPackage:
        shown = self.pattern.pattern if len(self.pattern.pattern) <= 80 else self.pattern.pattern[:77] + "..."
        message = (
            f"{shown!r} took over {TIMEOUT:g} s on a text of {len(text):,} characters: it backtracks; "
            "write it with fewer nested or overlapping repetitions"
        )
        return InvalidPackage([replace(self.where, message=message)])


def _repeats(items: object) -> bool:
    """Whether a parsed pattern (or a part of one) repeats anything more than once."""
    if isinstance(items, sre_parse.SubPattern):
        return any(_repeat_in(op, av) for op, av in items.data)
    if isinstance(items, (list, tuple)):
        return any(_repeats(item) for item in items)
    return False


def _repeat_in(op: object, av: object) -> bool:
    """A repetition of a varying count (x+, x*, x{1,3}; not x{2}, nor x?, which is once or never)."""
    return (op in REPEATS and av[1] > 1 and av[0] != av[1]) or _repeats(av)  # type: ignore[index]


def nested_repetition(parsed: object) -> bool:
    """A part repeated more than once that itself holds a repetition: (a+)+, (\\w+\\s?)*, (?:x*y){2,}."""
    if isinstance(parsed, sre_parse.SubPattern):
        return any(nested_repetition((op, av)) for op, av in parsed.data)
    if isinstance(parsed, tuple) and len(parsed) == 2 and parsed[0] in REPEATS:
        _, high, inner = parsed[1]
        return (high > 1 and _repeats(inner)) or nested_repetition(inner)
    if isinstance(parsed, (list, tuple)):
        return any(nested_repetition(item) for item in parsed)
    return False


def problem(text: str) -> str:
    """Why text cannot be a curated pattern ('' when it can)."""
    try:
        parsed = sre_parse.parse(text)
        regex.compile(text, regex.VERSION0)
    except (re.error, regex.error, RecursionError, OverflowError) as err:
        return f"{text!r} is not a regular expression: {err}"
    if nested_repetition(parsed):
        return (
            f"{text!r} repeats a part that itself repeats, which can take exponential time on a long text: "
            "write it without the nesting (for example 'a\\w*' rather than '(a\\w*)+')"
        )
    return ""


def compiled(text: str, where: Problem, flags: int = 0) -> Curated:
    """text compiled (InvalidPackage at where, with the reason, when problem() finds one)."""
    why = problem(text)
    if why:
        raise InvalidPackage([replace(where, message=why)])
    return Curated(regex.compile(text, flags | regex.VERSION0), where, () if flags else needed(text))


def needed(text: str) -> tuple[str, ...]:
    """Texts one of which every match holds ((): none known): a text holding none of them cannot
    match, so matching it is skipped (a catalogue of 38 asks is tried on every request of 41,000
    recommendations). From the pattern's top level: each place's leading plain characters, through
    groups and alternatives ("(child|youth) poverty": child or youth); the place whose shortest
    text is longest is kept. A pattern with flags of its own ((?i) and the like) gives none, and so
    does one with a POSIX class ([[:alpha:]]), which `regex` reads as a class and `re` would not."""
    if "[:" in text:
        return ()
    parsed = sre_parse.parse(text)
    if parsed.state.flags & ~sre.SRE_FLAG_UNICODE:
        return ()
    found = [leads(parsed.data[n:]) for n in range(len(parsed.data))]
    return max(found, key=lambda texts: min(map(len, texts), default=0), default=())


def leads(items: list) -> tuple[str, ...]:
    """The plain characters a match of items begins with, one text per alternative (() when an
    alternative can begin otherwise, or with nothing)."""
    run = ""
    for op, av in items:
        if op is sre.LITERAL:
            run += chr(av)
            continue
        inner = av[1] if op is sre.BRANCH else [av[3]] if op is sre.SUBPATTERN and not (av[1] or av[2]) else None
        if inner is not None:
            alternatives = [leads(list(branch.data)) for branch in inner]
            if all(alternatives):
                return tuple(run + lead for alternative in alternatives for lead in alternative)
        break
    return (run,) if run else ()
