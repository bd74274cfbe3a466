"""The project's curation applied to imported records: theme and group mapping, group keyword
rule and default lead agencies. Source-independent: importers pass the source's own tags."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..errors import InvalidPackage, Problem
from ..project import Project
from ..reading.yamlfile import Loaded
from .recommendation import Recommendation
from .reference import file_schema, load_yaml, read_loaded, shown


def fold(text: str) -> str:
    """Case- and macron-insensitive form: 'Māori' and 'MAORI' both fold to 'maori'."""
    if text.isascii():  # NFKD leaves ASCII as it is, and casefold is lower there: the same, far sooner
        return text.lower()
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


def ids_of(path: Path) -> set[str]:
    return {row["id"] for row in load_yaml(path)}  # type: ignore[union-attr]


def unknown_ids(loaded: Loaded, at: tuple, entry: dict, known: dict[str, set[str]], name: str) -> list[Problem]:
    """A theme or group the entry maps to that themes.yaml or groups.yaml does not hold, located at the
    YAML's own line (whether or not any record carries the tag)."""
    return [
        Problem(name, loaded.line((*at, kind, n)), kind, f"{value!r} is not an id in data/reference/{kind}.yaml")
        for kind, ids in known.items()
        for n, value in enumerate(entry.get(kind) or [])
        if value not in ids
    ]


def theme_map(project: Project) -> dict[str, dict[str, dict]]:
    """data/curation/theme_map.yaml, each vocabulary's tags folded to lower case; two tags that
    differ only in case are refused (the second would silently replace the first)."""
    path = project.curation("theme_map.yaml")
    loaded = read_loaded(path, file_schema("curation/theme_map.yaml"))
    known = {kind: ids_of(project.reference(kind)) for kind in ("themes", "groups")}
    mapped: dict[str, dict[str, dict]] = {}
    found = []
    for vocab, table in loaded.data.items():  # type: ignore[union-attr]
        mapped[vocab] = {}
        for tag, entry in table.items():
            if tag.casefold() in mapped[vocab]:
                line = loaded.line((vocab, tag))
                found.append(Problem(shown(path), line, tag, "the same tag as another of this vocabulary but for case: keep one"))
            mapped[vocab][tag.casefold()] = entry or {}
            found += unknown_ids(loaded, (vocab, tag), entry or {}, known, shown(path))
    if found:
        raise InvalidPackage(found)
    return mapped


def load(project: Project) -> Curation:
    path, patterns = project.reference("groups"), []
    groups = read_loaded(path, file_schema("reference/groups.yaml"))
    for n, group in enumerate(groups.data):  # type: ignore[arg-type]
        words = [fold(w) for w in group.get("keywords") or []]
        if not all(w.strip() for w in words):  # an empty alternative would match every text
            message = "a keyword that is empty once accents and non-Latin letters are removed would match every recommendation"
            raise InvalidPackage([Problem(shown(path), groups.line((n, "keywords")), "keywords", message)])
        if words:
            patterns.append((group["id"], re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + r")\b")))
    leads: dict = load_yaml(project.curation("lead_agencies.yaml"), "curation/lead_agencies.yaml")  # type: ignore[assignment]
    return Curation(theme_map(project), tuple(patterns), leads["country"], leads["by_body"])
