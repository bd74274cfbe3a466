"""The hub pages, one per mechanism, body, review, agency, theme, affected group, SDG goal and
recommending state (render/hubs.py), and an index page per kind."""

from __future__ import annotations

from ..model import slug
from ..progress import progress
from ..render import coverage, hubs, jsonld
from ..render.artefacts import Stylesheets
from ..render.build import PAGES, Build, Change, reads
from ..render.dates import optional_date
from ..render.hubs import HUB_KINDS, Hub
from ..render.i18n import LANGUAGES, N_, interface
from ..render.urls import url
from ..render.views import Lookups, cached_item, name_of

READS = reads(PAGES, "coverage", "release", uses=("recs", "hubs", "implementation", "look", "monitoring", "regions"))
PROVIDES: frozenset[type] = frozenset()
NEEDS: frozenset[type] = frozenset({Stylesheets})


def hub_facts(hub: Hub, look: Lookups) -> list[dict]:
    """Facts at the top of body pages: the instrument, NZ's ratification date, lead agencies."""
    if hub.kind != "body":
        return []
    body = next((b for b in look.bodies.values() if slug(b["id"]) == hub.key), None)
    if body is None:
        return []

    def fact(label: str, *entries: tuple[object, str]) -> dict:  # entries: (value or names, url or "")
        return {"label": label, "entries": [{"value": v, "url": u} for v, u in entries]}

    facts = [fact(N_("Mechanism"), (look.mechanisms[body["mechanism"]]["name"], url("mechanism", body["mechanism"])))]
    instrument = look.instruments.get(body.get("instrument") or "")
    if instrument:
        facts.append(fact(N_("Treaty"), (f"{instrument['name']} ({instrument['abbreviation']})", "")))
        ratified = optional_date(instrument.get("ratified"))  # a date: each language writes it its way
        facts.append(fact(N_("New Zealand ratified"), (ratified or N_("Not ratified by New Zealand"), "")))
    leads = body.get("lead_agencies") or []
    if leads:  # one term, however many agencies: a description list names each term once
        entries = [(name_of(a, look.agencies[a]), url("agency", a)) for a in leads]
        facts.append(fact(N_("Lead agency") if len(leads) == 1 else "Lead agencies", *entries))
    if body.get("report_cycle_years"):
        facts.append(fact(N_("Reviewed about every"), (f"{body['report_cycle_years']} years", "")))
    return facts


def hub_coverage(hub: Hub, rows: list[dict]) -> list[dict]:
    """What share of its documents a review or body page holds (render/coverage.py); [] elsewhere."""
    if hub.kind == "review":
        found = coverage.by_review(rows).get(hub.key)
        return [found] if found else []
    return coverage.of_body(rows, hub.key) if hub.kind == "body" else []


def hub_page(
    hub: Hub, look: Lookups, items: dict[str, dict], regions: dict[str, str] | None = None, covered: list[dict] = ()  # type: ignore[assignment]
) -> dict:
    return {
        "kind": hub.kind,
        "coverage": hub_coverage(hub, list(covered)),
        "title": hub.title,
        "lang": hub.lang,
        "name": hub.title,
        "other": hub.other,
        "other_lang": hub.other_lang,
        "name_mi": hub.name_mi,
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
    "mechanism": N_(
        "The UN makes recommendations through three mechanisms: the Universal Periodic Review, the treaty bodies and the Special Procedures."
    ),
    "body": N_(
        "Each UN treaty has a committee of independent experts; the Universal Periodic Review is a review by other states."
    ),
    "review": N_("Each review ends in a report whose recommendations are numbered paragraphs. Newest first."),
    "agency": N_(
        "Lead agencies lead the Government's work on a recommendation and supporting agencies contribute. Each UN body's "
        "default lead agencies (Cabinet paper, Annex II) coordinate the reporting on all of its recommendations: that "
        "work is counted in a column of its own, never added to the lead agencies' count."
    ),
    "theme": N_(
        "Themes are assigned by a published mapping from the sources' own tags: a guide, not an official classification."
    ),
    "group": N_("Groups of people a recommendation is about, from the sources' tags and a documented keyword rule."),
    "sdg": N_("Sustainable Development Goals the source links each recommendation to."),
    "state": N_("States that made Universal Periodic Review recommendations."),
}


def merger(row: dict, agencies: dict[str, dict]) -> dict:
    """An agency merged into another: whose part it is now, when and the source saying so ({} if none)."""
    into = agencies.get(row.get("merged_into") or "")
    if into is None:
        return {}
    return {
        "id": row["id"],
        "name": row["name"],
        "into": name_of(into["id"], into),
        "when": row.get("merged") or "",
        "source": row.get("merged_source") or "",
    }


def agency_row(hub: Hub, agencies: dict[str, dict], bodies: dict[str, dict]) -> dict:
    """An agency's line of /agencies/: its recommendations by role, the agencies merged into it and,
    when it has none, why (merged into another, or no body's default and no portfolio matched)."""
    row = agencies.get(hub.key, {})
    return {
        "lead": sum(hub.key in r.lead_agencies for r in hub.recs),
        "supporting": sum(hub.key in r.supporting_agencies for r in hub.recs),
        "coordinating": sum(hub.key in r.coordinating_agencies for r in hub.recs),
        "merged": merger(row, agencies),
        "absorbed": [merger(a, agencies) for a in agencies.values() if a.get("merged_into") == hub.key],
        "default_for": [b["id"] for b in bodies.values() if hub.key in (b.get("lead_agencies") or [])],
    }


def hub_index(kind: str, hub_list: list[Hub], look: Lookups | None = None, covered: list[dict] = ()) -> dict:  # type: ignore[assignment]
    """An index of hubs; for bodies, each body's coverage ("Not yet imported" where none is held);
    for agencies, each agency's recommendations by role."""
    _, title, column = hubs.HUB_KINDS[kind]
    status = {h.key: coverage.body_status(coverage.of_body(list(covered), h.key), len(h.recs)) for h in hub_list if kind == "body"}
    rows = [
        {
            "name": h.title,
            "lang": h.lang,
            "other": h.other,
            "other_lang": h.other_lang,
            "name_mi": h.name_mi,
            "url": h.url,
            "total": len(h.recs),
            "counts": hubs.response_counts(h.recs),
            "status": status[h.key] if kind == "body" else "",
            **(agency_row(h, look.agencies, look.bodies) if kind == "agency" and look else {}),
        }
        for h in hub_list
    ]
    return {
        "kind": kind,
        "status_labels": coverage.BODY_STATUS if kind == "body" else {},
        "title": title,
        "intro": INDEX_INTROS[kind],
        "column": column,
        "hubs": [r for r in rows if not r.get("merged")],  # a merged agency is listed with the one it joined
    }


def write_index(build: Build, kind: str) -> None:
    index = hub_index(kind, build.hubs[kind], build.look, build.tables.get("coverage", []))
    for lang in LANGUAGES:
        title = interface(lang).text(index["title"])
        build.writer.page(url(kind), "hub_index.html", title, title, lang=lang, translated=True, index=index)


def write_hub(build: Build, hub: Hub) -> None:
    page = hub_page(hub, build.look, build.items, build.regions, build.tables.get("coverage", []))
    accountability = build.implementation.for_agency(hub.key, build.look.agencies) if hub.kind == "agency" else None
    if accountability is not None:  # "nothing recorded by anyone" reads differently from "nothing by this agency"
        accountability["anyone_recorded"] = bool(build.tables.get("actions") or build.tables.get("progress_updates"))
        led = [r.id for r in hub.recs if hub.key in r.lead_agencies]  # what is due: the what-this-period-asks part
        accountability |= {"awaiting": build.implementation.awaiting(led), "led": len(led)}
    if hub.kind == "agency":
        page |= agency_row(hub, build.look.agencies, build.look.bodies)
    disputed = build.monitoring.disputed([r.id for r in hub.recs])
    # A hub with no recommendation has no slice in data/: it advertises no Dataset (whose downloads would 404).
    dataset = (
        {
            "jsonld": jsonld.dataset(
                build.site, build.meta, hub.recs, hub.url, name=f"{build.meta['title']}: {hub.title}", folder=f"data/{hub.url}"
            )
        }
        if hub.recs
        else {}
    )
    for lang in LANGUAGES:
        ui = interface(lang)
        index_title = ui.text(HUB_KINDS[hub.kind][1])
        build.writer.page(
            hub.url,
            "hub.html",
            f"{hub.title} – {index_title}",  # a theme and a group may share a name; titles may not
            ui._t("%(n)s UN human rights recommendations: %(title)s", n=len(hub.recs), title=hub.title),
            lang=lang,
            translated=True,
            hub=page,
            breadcrumbs=[{"title": ui.markup(HUB_KINDS[hub.kind][1]), "url": url(hub.kind)}],
            accountability=accountability,
            **dataset,
            disputed=disputed,
        )


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
