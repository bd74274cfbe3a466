"""The Te Tiriti o Waitangi view (te-tiriti/): every recommendation about Māori, indigenous peoples'
rights, UNDRIP, Treaty settlements, the constitutional conversation and Māori disparities, found
by the documented rule of data/curation/te_tiriti.yaml (themes, groups, asks, terms) corrected by
curation, never picked one by one; grouped by ask, with responses, progress and lead agencies, the
Treaty principles curators recorded, its own data slice and Atom feed."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..errors import InvalidPackage, Problem
from ..model import Recommendation
from ..model.reference import file_schema, load_yaml, read_loaded
from ..project import Project
from ..render import hubs
from ..render.build import Build, Change
from ..render.hubs import Hub
from ..render.i18n import LANGUAGES
from ..render.search_terms import fold, whole
from ..render.views import cached_item, name_of
from . import changes, downloads
from .changes import feeds
from .changes import view as changes_view

RULE = "curation/te_tiriti.yaml"
TITLE = "Te Tiriti o Waitangi"
KIND = "tiriti"  # its folder: render/urls.py FOLDERS
PRINCIPLES = ("partnership", "protection", "participation")


WHERE = {
    "themes": "not in the themes table",
    "groups": "not in the groups table",
    "asks": "not an ask of data/curation/asks.yaml, nor an action on an instrument the ask finder knows",
}
# The ask finder's vocabulary (overlaps/asks.py reads it): its actions and instruments name every
# instrument ask that can exist ("ratify-ilo-169"). Read as data: outputs do not import overlaps.
ASK_VOCABULARY = Path(__file__).resolve().parents[1] / "overlaps" / "asks.yaml"  # part of the program


def possible_asks(tables: dict[str, list[dict]], project: Project) -> set[str]:
    """Every ask id te_tiriti.yaml may name: the package's asks, the curated catalogue's, and each
    action on each instrument (an instrument ask no recommendation states yet matches nothing)."""
    vocabulary: dict = load_yaml(ASK_VOCABULARY, "program/asks.yaml")  # type: ignore[assignment]
    instruments = set(vocabulary["instruments"]) | {r["id"] for r in tables.get("instruments", [])}
    catalogue: dict = load_yaml(project.file("curation/asks.yaml"), "curation/asks.yaml")  # type: ignore[assignment]
    found = {r["id"] for r in tables.get("asks", [])} | {r["id"] for r in catalogue["asks"]}
    return found | {f"{action}-{instrument}" for action in vocabulary["actions"] for instrument in instruments}


@dataclass(frozen=True)
class Rule:
    themes: tuple[str, ...]
    groups: tuple[str, ...]
    asks: tuple[str, ...]
    terms: tuple[str, ...]
    include: dict[str, str]  # recommendation id -> the curator's reason
    exclude: dict[str, str]

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

    def reasons(self, rec: Recommendation, asks: set[str], names: dict[str, str]) -> list[str]:
        """Why rec is in the view (empty: it is not)."""
        if rec.id in self.exclude:
            return []
        found = [f"theme: {names[t]}" for t in self.themes if t in rec.themes]
        found += [f"group: {names[g]}" for g in self.groups if g in rec.affected_groups]
        found += [f"ask: {names[a]}" for a in self.asks if a in asks]
        text = fold(rec.text)
        found += [f"term: {t}" for t in self.terms if whole([t]).search(text)]
        if rec.id in self.include:
            found.append(f"curated: {self.include[rec.id]}")
        return found


def names_of(tables: dict[str, list[dict]]) -> dict[str, str]:
    return {row["id"]: row.get("name") or row.get("title") for t in ("themes", "groups", "asks") for row in tables.get(t, [])}


def selected(build: Build, rule: Rule) -> list[tuple[Recommendation, list[str]]]:
    names = names_of(build.tables)
    chosen = []
    for rec in build.recs:
        asks = {a["id"] for a in build.asks.of_recommendation.get(rec.id, [])}
        reasons = rule.reasons(rec, asks, names)
        if reasons:
            chosen.append((rec, reasons))
    return chosen


def item(build: Build, rec: Recommendation, reasons: list[str], principles: dict[str, dict]) -> dict:
    implementation = build.implementation.for_recommendation(rec.id, build.look.agencies)
    statuses = Counter(a["status_label"] for a in implementation["actions"])
    curated = principles.get(rec.id)
    return {
        **cached_item(rec, build.items),
        "reasons": reasons,
        "leads": [name_of(a, build.look.agencies.get(a, {})) for a in rec.lead_agencies],
        "progress": [{"label": k, "count": n} for k, n in sorted(statuses.items())],
        "principles": curated["principles"] if curated else [],
        "principles_reason": curated["reason"] if curated else "",
    }


def hub_ids(hub: Hub) -> set[str]:
    return {r.id for r in hub.recs}


class TiritiHub(Hub):
    """The view as a hub: the slice writer and the feed take it as they take any hub."""

    @property
    def feed_path(self) -> str:
        return "feeds/te-tiriti.atom"


def by_ask(build: Build, rule: Rule, chosen: list[tuple[Recommendation, list[str]]]) -> list[dict]:
    """Sections by ask, the ask stated most often first: a recommendation is under each of its
    asks the rule names (or, having none, under each of its other asks); those stating no ask last."""
    principles = {row["recommendation"]: row for row in build.tables.get("treaty_principles", [])}
    items = {rec.id: item(build, rec, reasons, principles) for rec, reasons in chosen}
    sections: dict[str, dict] = {}
    none = [{"id": "", "title": "Recommendations stating no ask the site has found yet"}]
    for rec, _ in chosen:
        asks = build.asks.of_recommendation.get(rec.id, [])
        for ask in [a for a in asks if a["id"] in rule.asks] or asks or none:
            section = sections.setdefault(ask["id"], {"id": ask["id"], "title": ask["title"], "recs": []})
            section["recs"].append(items[rec.id])
    ordered = sorted(sections.values(), key=lambda s: (s["id"] == "", -len(s["recs"]), s["title"]))
    return [{**s, "anchor": f"ask-{n}"} for n, s in enumerate(ordered, start=1)]


def leading(build: Build, recs: list[Recommendation]) -> list[dict]:
    counts = Counter(a for r in recs for a in r.lead_agencies)
    return [
        {**name_of(a, build.look.agencies.get(a, {})), "count": n} for a, n in sorted(counts.items(), key=lambda x: (-x[1], x[0]))
    ]


def view(build: Build, rule: Rule, chosen: list[tuple[Recommendation, list[str]]], hub: TiritiHub) -> dict:
    recs, names = [rec for rec, _ in chosen], names_of(build.tables)
    curated_principles = sum(1 for row in build.tables.get("treaty_principles", []) if row["recommendation"] in hub_ids(hub))
    return {
        "title": TITLE,
        "total": len(recs),
        "counts": hubs.response_counts(recs),
        "feed": hub.feed_path,
        "slice_url": f"data/{hub.url}",
        "slice_name": "recommendations-te-tiriti",
        "leading": leading(build, recs),
        "sections": by_ask(build, rule, chosen),
        "rule": {
            "themes": [names[t] for t in rule.themes],
            "groups": [names[g] for g in rule.groups],
            "asks": [{"id": a, "title": names.get(a, a), "page": a in build.asks.asks} for a in rule.asks],
            "terms": list(rule.terms),
            "include": [{"id": k, "reason": v} for k, v in sorted(rule.include.items())],
            "exclude": [{"id": k, "reason": v} for k, v in sorted(rule.exclude.items())],
        },
        "principles_curated": curated_principles,
        "principle_names": PRINCIPLES,
    }


def feed(build: Build, hub: TiritiHub) -> None:
    found = build.changes
    listed = changes_view.items(found, {r.id: r for r in build.recs}, build.tables)
    ids = hub_ids(hub)
    entries = [e for e in changes.entries(build, found, listed) if ids & set(e.recs)]
    subtitle = f"New recommendations, responses, actions and progress updates about {TITLE}, newest first."
    path = hub.feed_path
    build.writer.file(path, feeds.atom(entries, build.site, path, f"{TITLE} – {build.site.name}", subtitle, hub.url, build.as_of))


def write(build: Build) -> None:
    rule = Rule.load(build.tables, {r.id for r in build.recs}, build.project)
    chosen = selected(build, rule)
    build.handoff["tiriti_total"] = len(chosen)
    hub = TiritiHub(KIND, "", TITLE, [rec for rec, _ in chosen], lang="mi")
    slices = downloads.by_folder(
        downloads.write_slices(build.out, downloads.published(build), [hub], build.records) if hub.recs else []
    )
    build.handoff.setdefault("slices", {}).update(slices)  # type: ignore[union-attr]
    feed(build, hub)
    page = view(build, rule, chosen, hub)
    description = (
        f"{len(hub.recs)} UN human rights recommendations about Te Tiriti o Waitangi, Māori and indigenous peoples' rights."
    )
    for lang in LANGUAGES:  # the Māori page: its interface from the catalogue, the UN's text English
        build.writer.page(hub.url, "te_tiriti.html", TITLE, description, lang=lang, translated=True, tiriti=page)


def update(build: Build, change: Change) -> None:
    write(build)  # an edit can move a recommendation into or out of the view
