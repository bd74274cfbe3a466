"""The project's curation applied to imported records: theme and group mapping, group keyword
rule and default lead agencies. Source-independent: importers pass the source's own tags."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .. import paths
from .recommendation import Recommendation
from .reference import load_yaml


def fold(text: str) -> str:
    """Case- and macron-insensitive form: 'Māori' and 'MAORI' both fold to 'maori'."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()


@dataclass(frozen=True)
class Curation:
    theme_map: dict[str, dict[str, dict]]
    group_patterns: tuple[tuple[str, re.Pattern], ...]
    lead_country: str
    lead_by_body: dict[str, list[str]]

    def map_tags(self, vocabulary: str, tags: list[str]) -> tuple[list[str], list[str], list[str]]:
        """Themes, groups and the tags the vocabulary does not know."""
        table = self.theme_map[vocabulary]
        themes: list[str] = []
        groups: list[str] = []
        unmapped: list[str] = []
        for tag in tags:
            entry = table.get(tag.strip().casefold())
            if entry is None:
                unmapped.append(tag)
                continue
            themes += [t for t in entry.get("themes", []) if t not in themes]
            groups += [g for g in entry.get("groups", []) if g not in groups]
        return themes, groups, unmapped

    def keyword_groups(self, text: str) -> list[str]:
        folded = fold(text)
        return [group for group, pattern in self.group_patterns if pattern.search(folded)]

    def apply(self, rec: Recommendation, vocabulary: str, tags: list[str]) -> list[str]:
        """Set themes, groups and default lead agencies on rec; return the unmapped tags."""
        themes, groups, unmapped = self.map_tags(vocabulary, tags)
        rec.themes = themes
        rec.affected_groups = groups + [g for g in self.keyword_groups(rec.text) if g not in groups]
        if not rec.lead_agencies and rec.country == self.lead_country and rec.body in self.lead_by_body:
            rec.lead_agencies = list(self.lead_by_body[rec.body])
            rec.lead_agency_basis = "body-default"
        return unmapped


def load() -> Curation:
    raw_map = load_yaml(paths.CURATION / "theme_map.yaml")
    theme_map = {vocab: {k.casefold(): v or {} for k, v in table.items()} for vocab, table in raw_map.items()}  # type: ignore[union-attr]
    patterns = []
    for group in load_yaml(paths.REFERENCE / "groups.yaml"):  # type: ignore[union-attr]
        words = [fold(w) for w in group.get("keywords") or []]
        if words:
            patterns.append((group["id"], re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + r")\b")))
    leads = load_yaml(paths.CURATION / "lead_agencies.yaml")
    return Curation(theme_map, tuple(patterns), leads["country"], leads["by_body"])  # type: ignore[index]
