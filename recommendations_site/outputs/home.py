"""The home page: the figures as a summary, one search box, charts with their data (responses over
time by review, by body and theme, and progress once recorded), the latest reviews and what changed."""

from __future__ import annotations

from collections import Counter

from markupsafe import Markup

from ..model import Recommendation
from ..model.release import KINDS, Changes
from ..render import coverage, dates, jsonld
from ..render.artefacts import Stylesheets, TiritiView
from ..render.build import PAGES, Build, Change, reads
from ..render.charts import chart
from ..render.hubs import RESPONSE_LABELS, Hub
from ..render.i18n import LANGUAGES, N_, interface
from ..render.pivots import Pivot

READS = reads(PAGES, "coverage", "actions", "progress_updates", "release", uses=("recs", "hubs", "pivots", "changes"))
PROVIDES: frozenset[type] = frozenset()
NEEDS: frozenset[type] = frozenset({Stylesheets, TiritiView})

CHANGE_WORDS = {  # what changed -> how the summary says it, for (one, many)
    "new": ("new {one}", "new {many}"),
    "removed": ("{one} removed", "{many} removed"),
    "response": ("response changed", "responses changed"),
    "text": ("text changed", "texts changed"),
    "status": ("action status changed", "action statuses changed"),
    "changed": ("{one} updated", "{many} updated"),
}
TABLE_WORDS = {
    "recommendations": ("recommendation", "recommendations"),
    "actions": ("action", "actions"),
    "progress_updates": ("progress update", "progress updates"),
    "response_rationales": ("reason for a response", "reasons for responses"),
}


def summary(recs: list[Recommendation], all_hubs: dict[str, list[Hub]]) -> list[dict]:
    """The headline figures: how many, how the Government responded (with shares), from how many reviews and states."""
    responses = Counter(r.response for r in recs)
    total = len(recs)
    items = [{"label": N_("Recommendations"), "value": f"{total:,}", "share": "", "url": "pivots/"}]
    for key, label in RESPONSE_LABELS.items():
        if responses[key]:
            items.append({"label": label, "value": f"{responses[key]:,}", "share": f"{responses[key] / total:.0%}", "url": ""})
    years = sorted({r.year for r in recs})
    items.append({"label": N_("Reviews"), "value": str(sum(1 for h in all_hubs["review"] if h.recs)), "share": "", "url": "reviews/"})
    states = sum(1 for h in all_hubs["state"] if h.recs)
    if states:
        items.append({"label": N_("Recommending states"), "value": str(states), "share": "", "url": "pivots/states/"})
    if years:
        items.append(
            {"label": N_("Years"), "value": f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0]), "share": "", "url": ""}
        )
    return items


def charts(pivots: list[Pivot]) -> list[dict]:
    by_id = {p.id: p for p in pivots}
    found = [chart(by_id["reviews"], "responses-by-review", "Responses over time, by review", oldest_first=True)]
    if len(by_id["bodies"].rows) > 1:
        found.append(chart(by_id["bodies"], "responses-by-body", "Responses by UN body"))
    themes = by_id["themes"]
    note = f"The {min(10, len(themes.rows))} themes with the most recommendations, of {len(themes.rows)}; a recommendation can have several."
    found.append(chart(themes, "responses-by-theme", "Responses by theme", limit=10, note=note))
    for pivot_id, title in (("progress-agencies", "Progress by lead agency"), ("progress-themes", "Progress by theme")):
        if pivot_id in by_id:  # only once agencies have recorded actions
            found.append(chart(by_id[pivot_id], pivot_id, f"{title}: actions by latest status"))
    return found


def what_changed(found: Changes, lang: str = "en") -> dict:
    """One line on what changed since the previous release, or what this first release holds (in
    English; its dates in the page's language, render/dates.py)."""
    parts = []
    for kind, (table, what) in KINDS.items():
        n = len(found.items[kind])
        if n:
            one, many = TABLE_WORDS[table]
            parts.append(f"{n} " + CHANGE_WORDS[what][n != 1].format(one=one, many=many))
    as_of, since = (dates.in_language(d, lang) for d in (found.as_of, found.since))
    if not found.since:
        text = Markup("This is the first recorded release of the data, as at {}: {:,} recommendations.").format(
            as_of, found.counts.get("recommendations", 0)
        )
    elif parts:
        text = Markup("Since the release as at {}: {}.").format(since, ", ".join(parts))
    else:
        text = Markup("Nothing has changed since the release as at {}.").format(since)
    return {"text": text, "as_of": found.as_of}


def recorded(actions: list[dict], updates: list[dict]) -> dict:
    """How much agencies have recorded: actions, progress updates, and the agencies recording them."""
    agencies = {a["lead_agency"] for a in actions} | {u.get("agency") for u in updates if u.get("agency")}
    return {"actions": len(actions), "updates": len(updates), "agencies": len(agencies)}


def view(build: Build) -> dict:
    recs, all_hubs, country = build.recs, build.hubs, build.site.country
    reviews = [h for h in all_hubs["review"] if h.recs][:6]
    years = sorted({r.year for r in recs})
    bodies_present = sorted({r.body for r in recs})
    return {
        "country": country,
        "total": len(recs),
        "summary": summary(recs, all_hubs),
        "mechanisms": [{"label": h.title, "value": len(h.recs), "url": h.url} for h in all_hubs["mechanism"] if h.recs],
        "charts": charts(build.pivots),
        "latest": [{"title": h.title, "url": h.url, "total": len(h.recs), "year": h.recs[0].year} for h in reviews],
        "changed": what_changed(build.changes),  # each language's in write()
        "bodies": ", ".join(bodies_present),
        "first": years[0] if years else "",
        "last": years[-1] if years else "",
        "tiriti_total": build.need(TiritiView).total,
        "coverage": coverage.figures(build.tables.get("coverage", [])),
        "not_imported": [{"name": h.title, "url": h.url} for h in all_hubs["body"] if not h.recs],
        "recorded": recorded(build.tables.get("actions", []), build.tables.get("progress_updates", [])),
    }


def write(build: Build) -> None:
    home = view(build)
    dataset = jsonld.dataset(build.site, build.meta, build.recs, "")
    for lang in LANGUAGES:
        heading = interface(lang)._t("UN human rights recommendations to %(country)s", country=build.site.country)
        build.writer.page(
            "",
            "home.html",
            heading,
            build.site.description,
            lang=lang,
            translated=True,
            home={**home, "changed": what_changed(build.changes, lang)},
            jsonld=dataset,
            one_search=True,
        )


def update(build: Build, change: Change) -> None:
    write(build)  # counts by response change with an edit
