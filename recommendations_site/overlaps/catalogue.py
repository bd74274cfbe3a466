"""The officials' curated files about asks, read strictly: the catalogue of policy asks
(data/curation/asks.yaml) and their decisions (data/curation/ask_decisions.yaml).

Both are read with the reading layer and checked against their JSON Schemas in model/curated.yaml;
then the rules a schema cannot state (an id given twice, a pattern that is not a regular
expression or could backtrack without end, a theme that does not exist). Every problem is file:line:field: message
(InvalidPackage), and nothing is written."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InvalidPackage, Problem
from ..model.reference import file_schema, read_loaded, shown
from ..reading.patterns import Curated
from .requests import Entry, gate, pattern

CATALOGUE = "curation/asks.yaml"  # the project's (project.file(CATALOGUE)); each read names its file
DECISIONS = "curation/ask_decisions.yaml"


@dataclass
class Decisions:
    """Officials' decisions, each with the line it is on (for errors found later)."""

    links: dict[tuple[str, str], tuple[str, int]] = field(default_factory=dict)  # (rec, ask) -> (status, line)
    merges: dict[str, tuple[str, int]] = field(default_factory=dict)  # ask -> (into, line)
    splits: list[tuple[str, str, str, list[str], int]] = field(default_factory=list)  # ask, into, title, recs, line
    renames: dict[str, tuple[str, int]] = field(default_factory=dict)  # ask -> (title, line)
    file: str = ""


def compiled(text: str, name: str, line: int, found: list[Problem], where: str) -> Curated | None:
    try:
        return pattern(text, Problem(name, line, where, ""))
    except InvalidPackage as err:  # not a regular expression, or one that could backtrack without end
        found.extend(err.problems)
        return None


def load(path: Path, themes: set[str] | None = None) -> list[Entry]:
    """The catalogue's entries, in file order."""
    if not path.exists():
        return []
    name = shown(path)
    loaded = read_loaded(path, file_schema("curation/asks.yaml"), name)
    found: list[Problem] = []
    entries, seen = [], {}
    for n, row in enumerate(loaded.data["asks"]):  # type: ignore[index]
        line = loaded.line(("asks", n, "id"))
        if row["id"] in seen:
            found.append(Problem(name, line, "id", f"{row['id']!r} is also the id on line {seen[row['id']]}"))
        seen.setdefault(row["id"], line)
        for k, theme in enumerate(row.get("themes") or []):
            if themes is not None and theme not in themes:
                found.append(Problem(name, loaded.line(("asks", n, "themes", k)), "themes", f"{theme!r} is not a theme id"))
        match = [
            tuple(compiled(p, name, loaded.line(("asks", n, "match", i, j)), found, "match") for j, p in enumerate(m))
            for i, m in enumerate(row["match"])
        ]
        unless = [
            compiled(p, name, loaded.line(("asks", n, "unless", i)), found, "unless")
            for i, p in enumerate(row.get("unless") or [])
        ]
        themes_of = tuple(row.get("themes") or ())
        entries.append(Entry(row["id"], row["title"], themes_of, tuple(match), tuple(unless), gate(tuple(match))))  # type: ignore[arg-type]
    if found:
        raise InvalidPackage(sorted(found))
    return entries


def decisions(path: Path) -> Decisions:
    """Officials' decisions; a (recommendation, ask) decided twice, or an ask merged twice, is an error."""
    result = Decisions(file=shown(path))
    if not path.exists():
        return result
    loaded = read_loaded(path, file_schema("curation/ask_decisions.yaml"), result.file)
    data: dict = loaded.data or {}  # type: ignore[assignment]
    found: list[Problem] = []

    def once(table: dict, key: object, value: tuple, where: tuple, what: str) -> None:
        line = loaded.line(where)
        if key in table:
            found.append(Problem(result.file, line, where[-1], f"{what} is decided twice (also on line {table[key][-1]})"))
        table[key] = (*value, line)

    for n, row in enumerate(data.get("links") or []):
        key = (row["recommendation"], row["ask"])
        once(result.links, key, (row["status"],), ("links", n, "ask"), f"ask {row['ask']} of {row['recommendation']}")
    for n, row in enumerate(data.get("merges") or []):
        if row["ask"] == row["into"]:
            found.append(Problem(result.file, loaded.line(("merges", n, "into")), "into", "an ask cannot be merged into itself"))
        once(result.merges, row["ask"], (row["into"],), ("merges", n, "ask"), f"merging ask {row['ask']}")
    for n, row in enumerate(data.get("renames") or []):
        once(result.renames, row["ask"], (row["title"],), ("renames", n, "ask"), f"the title of ask {row['ask']}")
    for n, row in enumerate(data.get("splits") or []):
        result.splits.append((row["ask"], row["into"], row["title"], row["recommendations"], loaded.line(("splits", n, "ask"))))
    if found:
        raise InvalidPackage(sorted(found))
    return result
