"""The Te Tiriti o Waitangi view (te-tiriti/): every recommendation about Māori, indigenous peoples'
rights, UNDRIP, Treaty settlements, the constitutional conversation and Māori disparities, as the
package's te_tiriti table holds them (found with the package by the documented rule of
data/curation/te_tiriti.yaml, corrected by curation: pipeline/tiriti.py), each with why; grouped
by ask, with responses, progress and lead agencies, the Treaty principles curators recorded, the
rule itself (te_tiriti_rule), and the view's recommendations for its data slice and Atom feed."""

from __future__ import annotations

from collections import Counter

from ..model import Recommendation
from ..model.tiriti import TiritiRule
from ..render import hubs
from ..render.artefacts import Stylesheets, TiritiHub, TiritiView
from ..render.build import PAGES, Build, Change, reads
from ..render.hubs import Hub
from ..render.i18n import LANGUAGES
from ..render.views import cached_item, name_of

READS = reads(PAGES, "te_tiriti", "te_tiriti_rule", "treaty_principles", uses=("asks", "implementation", "look", "regions"))
PROVIDES: frozenset[type] = frozenset({TiritiView})
NEEDS: frozenset[type] = frozenset({Stylesheets})

TITLE = "Te Tiriti o Waitangi"
KIND = "tiriti"  # its folder: render/urls.py FOLDERS
PRINCIPLES = ("partnership", "protection", "participation")


class Rule(TiritiRule):
    """The rule as the package holds it (te_tiriti_rule), for the page to state."""

    def said(self, reason: str, names: dict[str, str], rec: str) -> str:
        """A reason (kind=value) as the page says it: `theme: Indigenous rights`, `curated: why`."""
        if reason == "curated":
            return f"curated: {self.include[rec]}"
        kind, value = reason.split("=", 1)
        return f"{kind}: {value if kind == 'term' else names[value]}"


def names_of(tables: dict[str, list[dict]]) -> dict[str, str]:
    return {row["id"]: row.get("name") or row.get("title") for t in ("themes", "groups", "asks") for row in tables.get(t, [])}


def selected(build: Build, rule: Rule) -> list[tuple[Recommendation, list[str]]]:
    """The view's recommendations in the package's order, each with its reasons as the page says them."""
    names = names_of(build.tables)
    members = {row["recommendation"]: row["reasons"] for row in build.tables.get("te_tiriti", [])}
    return [(rec, [rule.said(r, names, rec.id) for r in members[rec.id]]) for rec in build.recs if rec.id in members]


def item(build: Build, rec: Recommendation, reasons: list[str], principles: dict[str, dict]) -> dict:
    implementation = build.implementation.for_recommendation(rec.id, build.look.agencies)
    statuses = Counter(a["status_label"] for a in implementation["actions"])
    curated = principles.get(rec.id)
    return {
        **cached_item(rec, build.items, build.regions, build.look.agencies),  # as the hubs list it: the item is shared
        "reasons": reasons,
        "leads": [name_of(a, build.look.agencies.get(a, {})) for a in rec.lead_agencies],
        "progress": [{"label": k, "count": n} for k, n in sorted(statuses.items())],
        "principles": curated["principles"] if curated else [],
        "principles_reason": curated["reason"] if curated else "",
    }


def hub_ids(hub: Hub) -> set[str]:
    return {r.id for r in hub.recs}


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


def write(build: Build) -> None:
    """The page; the view's recommendations for the outputs that list them too (its data slice
    in the downloads, its feed among the feeds, its count on home)."""
    rule = Rule.of(build.tables.get("te_tiriti_rule", []))
    chosen = selected(build, rule)
    hub = TiritiHub(KIND, "", TITLE, [rec for rec, _ in chosen], lang="mi")
    build.provide(TiritiView(hub))
    page = view(build, rule, chosen, hub)
    description = (
        f"{len(hub.recs)} UN human rights recommendations about Te Tiriti o Waitangi, Māori and indigenous peoples' rights."
    )
    for lang in LANGUAGES:  # the Māori page: its interface from the catalogue, the UN's text English
        build.writer.page(hub.url, "te_tiriti.html", TITLE, description, lang=lang, translated=True, tiriti=page)


def update(build: Build, change: Change) -> None:
    write(build)  # an edit can move a recommendation into or out of the view
