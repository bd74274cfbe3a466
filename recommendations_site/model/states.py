"""State names normalised: however a source writes a state ("Iran", "Islamic Republic of Iran",
"Iran (Islamic Republic of)"), one canonical name (the UN's short name) and its ISO 3166-1 alpha-3
code, from data/reference/state_names.yaml and ISO 3166-1 as pycountry carries it. That file's
comment gives the rules; a name found in neither is kept as written and reported, never guessed."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

import pycountry

from ..errors import InvalidPackage, Problem
from .curation import fold
from .reference import file_schema, read_loaded, shown

APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u02bc": "'"})


def key(name: str) -> str:
    """The form names are compared in: entities decoded, accents, case, apostrophes and spacing
    ignored, "&" read as "and", a leading "the" dropped ("the former Yugoslav Republic of ...")."""
    text = fold(html.unescape(name).translate(APOSTROPHES)).replace("&", " and ")
    return re.sub(r"^the\s+", "", " ".join(text.split()))


@dataclass(frozen=True)
class StateNames:
    by_key: dict[str, tuple[str, str]]  # key(name) -> (canonical name, ISO code or "")

    def lookup(self, name: str) -> tuple[str, str] | None:
        """(canonical name, ISO 3166-1 alpha-3 code, "" for a value that is not a state), or None."""
        return self.by_key.get(key(name))

    def iso_code(self, canonical: str) -> str:
        found = self.lookup(canonical)
        return found[1] if found else ""


def iso_names(curated: dict[str, str]) -> dict[str, tuple[str, str]]:
    """ISO 3166-1's names, official names and common names -> (canonical name, code); the canonical
    name is the curated one for a code that has one (curated: code -> name), else ISO's."""
    found = {}
    for country in pycountry.countries:
        canonical = curated.get(country.alpha_3, country.name)
        for attr in ("name", "official_name", "common_name"):
            if value := getattr(country, attr, None):
                found[key(value)] = (canonical, country.alpha_3)
    return found


def load(path: Path) -> StateNames:
    """The curated names over ISO's; a code ISO does not have, or one name given to two states, is
    refused with its line (InvalidPackage)."""
    loaded = read_loaded(path, file_schema("reference/state_names.yaml"))
    rows: list[dict] = loaded.data  # type: ignore[assignment]  # the schema says so
    codes = {c.alpha_3 for c in pycountry.countries}
    problems, curated, seen = [], {}, {}
    for n, row in enumerate(rows):
        if row["iso"] and row["iso"] not in codes:
            problems.append(
                Problem(shown(path), loaded.line((n, "iso")), "iso", f"{row['iso']!r} is not an ISO 3166-1 alpha-3 code")
            )
        for name in [row["name"], *row.get("aliases", [])]:
            if seen.get(key(name), n) != n:
                where = loaded.line((n, "name"))
                message = f"{name!r} is also a name of the entry on line {loaded.line((seen[key(name)], 'name'))}"
                problems.append(Problem(shown(path), where, "aliases", message))
            seen[key(name)] = n
        if row["iso"]:
            curated[row["iso"]] = row["name"]
    if problems:
        raise InvalidPackage(problems)
    by_key = iso_names(curated)
    for row in rows:
        by_key |= {key(name): (row["name"], row["iso"]) for name in [row["name"], *row.get("aliases", [])]}
    return StateNames(by_key)
