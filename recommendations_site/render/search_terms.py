"""What the search understands (data/reference/search_terms.yaml): groups of synonyms, indexed
with every recommendation page that holds one of their words, and acronyms, which the search page
(assets/search.js) looks up as whole words."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from ..model.reference import load_yaml
from ..project import Project

FILE = "reference/search_terms.yaml"


def fold(text: str) -> str:
    """Lower case without macrons or other accents: "Māori" and "Maori" are one word."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).casefold()


def whole(words: list[str]) -> re.Pattern:
    return whole_of(tuple(words))


@lru_cache(maxsize=4096)
def whole_of(words: tuple[str, ...]) -> re.Pattern:
    """The pattern of words, made once: every recommendation page asks for the same groups'."""
    return re.compile(r"(?<!\w)(" + "|".join(re.escape(fold(w)) for w in words) + r")(?!\w)")


@dataclass(frozen=True)
class SearchTerms:
    synonyms: tuple[tuple[str, ...], ...]
    acronyms: tuple[str, ...]
    maori: tuple[str, ...] = ()  # searched exactly: whole words, phrases as phrases

    @classmethod
    def load(cls, tables: dict[str, list[dict]], project: Project) -> SearchTerms:
        found: dict = load_yaml(project.file(FILE), FILE)  # type: ignore[assignment]
        named = [r["abbreviation"] for r in tables.get("instruments", [])] + [r["id"] for r in tables.get("bodies", [])]
        acronyms = dict.fromkeys(a for a in [*found["acronyms"], *named] if re.fullmatch(r"[A-Z][A-Z0-9-]+", a))
        maori = sorted(found.get("maori", []), key=lambda w: (-len(w.split()), fold(w)))  # phrases first
        return cls(tuple(tuple(group) for group in found["synonyms"]), tuple(acronyms), tuple(maori))

    def widen(self, text: str) -> str:
        """Every word of each synonym group that text holds a word of, for the index ("" if none)."""
        folded = fold(text)
        return " · ".join(" · ".join(group) for group in self.synonyms if whole(list(group)).search(folded))

    def said(self, text: str) -> list[str]:
        """The words of the synonym groups text itself holds (not those widening adds): the search
        page names only these when it says a search was widened."""
        folded = fold(text)
        return [w for group in self.synonyms for w in group if whole([w]).search(folded)]

    def terms(self, text: str) -> tuple[str, list[str]]:
        """widen(text) and said(text) at once: text folded once, and only the words of the groups
        it holds a word of searched one by one (a group's pattern finds a match if any word does)."""
        folded = fold(text)
        found = [group for group in self.synonyms if whole(list(group)).search(folded)]
        return " · ".join(" · ".join(group) for group in found), [w for group in found for w in group if whole([w]).search(folded)]

    def for_page(self) -> dict:
        """What search.js needs: the groups (to say when a search was widened), the acronyms and
        the words in te reo Māori (searched exactly)."""
        return {"synonyms": [list(g) for g in self.synonyms], "acronyms": list(self.acronyms), "maori": list(self.maori)}
