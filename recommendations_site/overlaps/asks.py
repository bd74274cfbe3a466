"""What a recommendation asks about international instruments: (action, instrument) pairs such as
("ratify", "icmw"), found with the names in asks.yaml and data/reference/instruments.yaml.

Two recommendations that ask for the same action on the same instrument ask for the same thing,
however differently worded ("Consider acceding to the International Convention on the Protection of
the Rights of All Migrant Workers..." and "Ratify the ICRMW")."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import NamedTuple

from ..errors import InvalidPackage, Problem
from ..model.reference import file_schema, load_yaml, read_loaded, shown
from ..project import Project
from ..reading import patterns
from ..reading.patterns import Curated

ASKS = Path(__file__).with_name("asks.yaml")
MENTION = "mention"  # an instrument named without an action this module knows
JOINED = re.compile(r"[\s,]*(?:(?:and|or|and/or|then|to|consider|considering|fully|effectively|also|promptly|swiftly)[\s,]+)*")


def fold(text: str) -> str:
    """Lower case, without accents."""
    if text.isascii():  # nothing to take off (NFKD leaves ASCII as it is): most texts, at a fraction of the cost
        return text.lower()
    return "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c))


TOKEN = re.compile(r"[a-z0-9]+")


def words(name: str) -> tuple[str, ...]:
    """A name as its words: case, accents and separators ignored, so "OP-ICESCR", "OP.ICESCR" and
    "OP ICESCR" are alike."""
    return tuple(TOKEN.findall(fold(name)))


class Vocabulary(NamedTuple):
    """Instrument names by first word (longest first), the action cues, declarations, vague names."""

    by_first: dict[str, list[tuple[tuple[str, ...], str]]]
    cues: Curated
    cue_groups: dict[str, str]
    declarations: frozenset[str]
    vague: frozenset[str]
    committees: dict[tuple[str, ...], str]  # a treaty body's name words -> the instrument it monitors


def load(project: Project) -> Vocabulary:
    """The vocabulary from asks.yaml and data/reference/instruments.yaml, read now (a build keeps
    it in its Context: an edit of the instruments shows in the next build)."""
    loaded = read_loaded(ASKS, file_schema("overlaps/asks.yaml"))
    config: dict = loaded.data  # type: ignore[assignment]
    names: dict[tuple[str, ...], str] = {}  # name words -> instrument id
    for row in load_yaml(project.reference("instruments")):  # type: ignore[union-attr]
        for name in (row["name"], row["abbreviation"]):
            names.setdefault(words(name), row["id"])
    for instrument, aliases in config["instruments"].items():
        for name in aliases:
            names.setdefault(words(name), instrument)
    by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for name in sorted(names, key=lambda n: (-len(n), n)):  # the longest name wins
        by_first.setdefault(name[0], []).append((name, names[name]))
    cues: list[str] = []
    cue_groups: dict[str, str] = {}
    for action, cue_patterns in config["actions"].items():
        for n, pattern in enumerate(cue_patterns):
            why = patterns.problem(pattern)  # checked one by one, to locate the one at fault
            if why:
                raise InvalidPackage([Problem(shown(ASKS), loaded.line(("actions", action, n)), f"actions/{action}", why)])
            group = f"a{len(cues)}"
            cues.append(rf"(?P<{group}>\b(?:{pattern})\b)")
            cue_groups[group] = action
    where = Problem(shown(ASKS), loaded.key_line(("actions",)), "actions", "")
    bodies = load_yaml(project.reference("bodies"))
    committees = {words(row["name"]): row["instrument"] for row in bodies if row.get("instrument")}  # type: ignore[union-attr]
    return Vocabulary(
        by_first,
        patterns.compiled("|".join(cues), where),
        cue_groups,
        frozenset(config["declarations"]),
        frozenset(config["vague"]),
        committees,
    )


def named(folded: str, vocabulary: Vocabulary) -> list[tuple[int, int, str]]:
    """(start, end, instrument id) of the instrument names in a folded text, leftmost and longest
    first, not overlapping."""
    by_first = vocabulary.by_first
    tokens = list(TOKEN.finditer(folded))
    found = []
    k = 0
    while k < len(tokens):
        for name, instrument in by_first.get(tokens[k].group(), ()):
            if tuple(t.group() for t in tokens[k : k + len(name)]) == name:
                found.append((tokens[k].start(), tokens[k + len(name) - 1].end(), instrument))
                k += len(name)
                break
        else:
            k += 1
    return found


# "Recognize the competence of its Committee", "accepting the competence of the Committee on Enforced
# Disappearances": accepting a treaty body's individual communications, an action of its treaty.
COMPETENCE = re.compile(r"\bcompetence\s+of\s+(?P<det>its|the|this)\s+(?=committee\b)")
OWN_NAME = re.compile(r"committee\s+(?:on|against|for|of)\b")


def competences(folded: str, names: list[tuple[int, int, str]], vocabulary: Vocabulary) -> list[str]:
    """The instruments whose committee's competence a folded sentence asks to accept: the committee
    named ("the Committee on Enforced Disappearances"), or for "its Committee" the instrument named
    last before it."""
    found = []
    for m in COMPETENCE.finditer(folded):
        after = TOKEN.findall(folded[m.end() :])
        own = [i for name, i in vocabulary.committees.items() if tuple(after[: len(name)]) == name]
        before = [i for s, _, i in names if s < m.start() and i not in vocabulary.vague]
        if own:
            found.append(own[0])
        elif before and not OWN_NAME.match(folded, m.end()):  # "its Committee": the treaty just named
            found.append(before[-1])
    return found


def asks(text: str, vocabulary: Vocabulary | None = None) -> frozenset[tuple[str, str]]:
    """(action, instrument id) for every instrument the text names; the action is the nearest cue
    before the name in its sentence, else the nearest after it, else "mention"."""
    _, cues, cue_groups, declarations, vague, _ = vocabulary = vocabulary or load(Project.default())  # a tool's call: the checkout's own instruments
    found: set[tuple[str, str]] = set()
    for sentence in re.split(r"\.\s+(?=[A-Z])", text):
        folded = fold(sentence)
        names = named(folded, vocabulary)
        found |= {("accept-procedure", i) for i in competences(folded, names, vocabulary)}
        if not names:
            continue
        taken = [(s, e) for s, e, _ in names]
        marks = [
            (m.start(), m.end(), cue_groups[m.lastgroup])  # type: ignore[index]
            for m in cues.finditer(folded)
            if not any(s <= m.start() < e for s, e in taken)  # a cue word inside a name is not a cue
        ]
        for start, end, instrument in names:
            if instrument in vague:
                continue
            before = [(at, stop, action) for at, stop, action in marks if at < start]
            after = [action for at, _, action in marks if at >= end]
            actions = [before[-1][2]] if before else [after[0]] if after else [MENTION]
            # "Sign, ratify and implement X": cues joined only by connectives all apply.
            for (_, stop, action), (at, _, _) in zip(before[-2::-1], before[:0:-1], strict=False):
                if not JOINED.fullmatch(folded[stop:at]):
                    break
                actions.append(action)
            for action in actions:
                found.add(("support" if instrument in declarations and action == "ratify" else action, instrument))
    return frozenset(found)
