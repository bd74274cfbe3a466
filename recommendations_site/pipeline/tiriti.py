"""The Te Tiriti o Waitangi view's membership, made with the canonical package: every
recommendation about Māori, indigenous peoples' rights, UNDRIP, Treaty settlements, the
constitutional conversation and Māori disparities, found by the documented rule of
data/curation/te_tiriti.yaml (themes, groups, asks, terms) corrected by curation, never picked
one by one. The file is checked here, with the rest of the package's inputs (an unknown id is
file:line:field before anything is written); the package holds the rule (te_tiriti_rule) and
each member with why it is in the view (te_tiriti), which outputs/te_tiriti.py renders."""

from __future__ import annotations

import re
from functools import cache, lru_cache
from pathlib import Path

from ..errors import InvalidPackage, Problem
from ..model import Recommendation
from ..model.reference import file_schema, load_yaml, read_loaded
from ..model.tiriti import TiritiRule
from ..project import Project
from ..render.search_terms import fold, whole

RULE = "curation/te_tiriti.yaml"
WHERE = {
    "themes": "not in the themes table",
    "groups": "not in the groups table",
    "asks": "not an ask of data/curation/asks.yaml, nor an action on an instrument the ask finder knows",
}
# The ask finder's vocabulary (overlaps/asks.py reads it): its actions and instruments name every
# instrument ask that can exist ("ratify-ilo-169").
ASK_VOCABULARY = Path(__file__).resolve().parents[1] / "overlaps" / "asks.yaml"  # part of the program


def possible_asks(tables: dict[str, list[dict]], project: Project) -> set[str]:
    """Every ask id te_tiriti.yaml may name: the package's asks, the curated catalogue's, and each
    action on each instrument (an instrument ask no recommendation states yet matches nothing)."""
    vocabulary: dict = load_yaml(ASK_VOCABULARY, "program/asks.yaml")  # type: ignore[assignment]
    instruments = set(vocabulary["instruments"]) | {r["id"] for r in tables.get("instruments", [])}
    catalogue: dict = load_yaml(project.file("curation/asks.yaml"), "curation/asks.yaml")  # type: ignore[assignment]
    found = {r["id"] for r in tables.get("asks", [])} | {r["id"] for r in catalogue["asks"]}
    return found | {f"{action}-{instrument}" for action in vocabulary["actions"] for instrument in instruments}


class Rule(TiritiRule):
    """The rule as data/curation/te_tiriti.yaml states it, checked, and what each recommendation meets of it."""

    @classmethod
    def load(cls, tables: dict[str, list[dict]], known_recs: set[str], project: Project) -> Rule:
        loaded = read_loaded(project.file(RULE), file_schema(RULE), f"data/{RULE}")
        found: dict = loaded.data  # type: ignore[assignment]
        # an ask is data-dependent (an instrument ask exists once a recommendation states it): one
        # absent from this package matches nothing, but it must be one that can exist (possible_asks)
        known = {"themes": {r["id"] for r in tables["themes"]}, "groups": {r["id"] for r in tables["groups"]}}
        known["asks"] = possible_asks(tables, project)
        problems = [
            Problem(f"data/{RULE}", loaded.line((field, n)), field, f"unknown id {value!r}: {WHERE[field]}")
            for field, ids in known.items()
            for n, value in enumerate(found[field])
            if value not in ids
        ]
        problems += [
            Problem(
                f"data/{RULE}", loaded.line((field, n)), field, f"{row['recommendation']!r} is not a recommendation in the data"
            )
            for field in ("include", "exclude")
            for n, row in enumerate(found[field])
            if row["recommendation"] not in known_recs
        ]
        if problems:
            raise InvalidPackage(problems)
        lists = {k: tuple(found[k]) for k in ("themes", "groups", "asks", "terms")}
        curated = {k: {r["recommendation"]: r["reason"] for r in found[k]} for k in ("include", "exclude")}
        return cls(**lists, **curated)

    def reasons(self, rec: Recommendation, asks: set[str]) -> list[str]:
        """Why rec is in the view, as kind=value (empty: it is not): the parts of the rule it
        meets, in the rule's order, and `curated` where officials put it in."""
        if rec.id in self.exclude:
            return []
        found = [f"theme={t}" for t in self.themes if t in rec.themes]
        found += [f"group={g}" for g in self.groups if g in rec.affected_groups]
        found += [f"ask={a}" for a in self.asks if a in asks]
        found += [f"term={t}" for t in terms_in(self.terms, rec.text)]
        return found + (["curated"] if rec.id in self.include else [])


@lru_cache(maxsize=1 << 15)
def terms_in(terms: tuple[str, ...], text: str) -> tuple[str, ...]:
    """The terms text holds, remembered: the preview asks again for every text after each edit."""
    folded = fold(text)
    return tuple(t for t in terms if term_pattern(t).search(folded))


@cache
def term_pattern(term: str) -> re.Pattern:
    """A rule term as a whole-word pattern, compiled once: the rule is tried on every recommendation."""
    return whole([term])


def asks_of(tables: dict[str, list[dict]]) -> dict[str, set[str]]:
    """Recommendation id -> the asks it states (links officials rejected left out)."""
    present = {row["id"] for row in tables.get("asks", [])}
    found: dict[str, set[str]] = {}
    for row in tables.get("recommendation_asks", []):
        if row["status"] != "rejected" and row["ask_id"] in present:
            found.setdefault(row["recommendation_id"], set()).add(row["ask_id"])
    return found


def tables(recs: list[Recommendation], tables: dict[str, list[dict]], project: Project) -> dict[str, list[dict]]:
    """The te_tiriti_rule and te_tiriti tables; InvalidPackage, located, for a bad te_tiriti.yaml."""
    rule = Rule.load(tables, {r.id for r in recs}, project)
    stated = asks_of(tables)
    members = [{"recommendation": r.id, "reasons": rule.reasons(r, stated.get(r.id, set()))} for r in recs]
    return {"te_tiriti": sorted((m for m in members if m["reasons"]), key=lambda m: m["recommendation"]), "te_tiriti_rule": rule.rows()}
