"""The hub pages, one per mechanism, body, review, agency, theme, affected group, SDG goal and
recommending state (render/hubs.py), and an index page per kind."""

from __future__ import annotations

from ..model import slug
from ..progress import progress
from ..render import hubs
from ..render.build import Build, Change
from ..render.hubs import HUB_KINDS, Hub
from ..render.urls import url
from ..render.views import Lookups, cached_item


def hub_facts(hub: Hub, look: Lookups) -> list[dict]:
    """Facts at the top of body pages: the instrument, NZ's ratification date, lead agencies."""
    if hub.kind != "body":
        return []
    body = next((b for b in look.bodies.values() if slug(b["id"]) == hub.key), None)
    if body is None:
        return []

    def fact(label: str, *entries: tuple[str, str]) -> dict:  # entries: (value, url or "")
        return {"label": label, "entries": [{"value": v, "url": u} for v, u in entries]}

    facts = [fact("Mechanism", (look.mechanisms[body["mechanism"]]["name"], url("mechanism", body["mechanism"])))]
    instrument = look.instruments.get(body.get("instrument") or "")
    if instrument:
        facts.append(fact("Treaty", (f"{instrument['name']} ({instrument['abbreviation']})", "")))
        facts.append(fact("New Zealand ratified", (instrument.get("ratified") or "Not ratified by New Zealand", "")))
    leads = body.get("lead_agencies") or []
    if leads:  # one term, however many agencies: a description list names each term once
        entries = [(look.agencies[a]["name"], url("agency", a)) for a in leads]
        facts.append(fact("Lead agency" if len(leads) == 1 else "Lead agencies", *entries))
    if body.get("report_cycle_years"):
        facts.append(fact("Reviewed about every", (f"{body['report_cycle_years']} years", "")))
    return facts


def hub_page(hub: Hub, look: Lookups, items: dict[str, dict], regions: dict[str, str] | None = None) -> dict:
    return {
        "title": hub.title,
        "lang": hub.lang,
        "intro": hub.intro,
        "facts": hub_facts(hub, look),
        "total": len(hub.recs),
        "counts": hubs.response_counts(hub.recs),
        "feed": hub.feed,
        "slice_url": f"data/{hub.url}",
        "slice_name": f"recommendations-{hub.url.replace('/', '-').strip('-')}",
        "sections": [
            {"title": title, "anchor": f"s{n}", "recs": [cached_item(r, items, regions, look.agencies) for r in section]}
            for n, (title, section) in enumerate(hubs.sections(hub), start=1)
        ],
    }


INDEX_INTROS = {
    "mechanism": "The UN makes recommendations through three mechanisms: the Universal Periodic Review, the treaty bodies and the Special Procedures.",
    "body": "Each UN treaty has a committee of independent experts; the Universal Periodic Review is a review by other states.",
    "review": "Each review ends in a report whose recommendations are numbered paragraphs. Newest first.",
    "agency": "Lead agencies coordinate the Government's work on a recommendation; supporting agencies contribute.",
    "theme": "Themes are assigned by a published mapping from the sources' own tags: a guide, not an official classification.",
    "group": "Groups of people a recommendation is about, from the sources' tags and a documented keyword rule.",
    "sdg": "Sustainable Development Goals the source links each recommendation to.",
    "state": "States that made Universal Periodic Review recommendations.",
}


def hub_index(kind: str, hub_list: list[Hub]) -> dict:
    _, title, column = hubs.HUB_KINDS[kind]
    return {
        "title": title,
        "intro": INDEX_INTROS[kind],
        "column": column,
        "hubs": [
            {"title": h.title, "url": h.url, "total": len(h.recs), "counts": hubs.response_counts(h.recs), "lang": h.lang}
            for h in hub_list
        ],
    }


def write_index(build: Build, kind: str) -> None:
    index = hub_index(kind, build.hubs[kind])
    build.writer.page(url(kind), "hub_index.html", index["title"], index["title"], index=index)


def write_hub(build: Build, hub: Hub) -> None:
    _, index_title, _ = HUB_KINDS[hub.kind]
    page = hub_page(hub, build.look, build.items, build.regions)
    description = f"{len(hub.recs)} UN human rights recommendations: {hub.title}"
    crumbs = [{"title": index_title, "url": url(hub.kind)}]
    title = f"{hub.title} – {index_title}"  # a theme and a group may share a name; titles may not
    accountability = build.implementation.for_agency(hub.key, build.look.agencies) if hub.kind == "agency" else None
    build.writer.page(hub.url, "hub.html", title, description, hub=page, breadcrumbs=crumbs, accountability=accountability)


def write(build: Build) -> None:
    for kind, hub_list in build.hubs.items():
        write_index(build, kind)
        for hub in progress(hub_list, f"{HUB_KINDS[kind][0]} pages"):
            write_hub(build, hub)


def update(build: Build, change: Change) -> None:
    """The hubs either version of an edited recommendation is in, and every index (their counts)."""
    for kind, hub_list in build.hubs.items():
        write_index(build, kind)
        for hub in hub_list:
            if (hub.kind, hub.key) in change.hubs:
                write_hub(build, hub)
