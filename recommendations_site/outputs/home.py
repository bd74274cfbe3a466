"""The home page: what the site holds, charts by body, review and response, the latest reviews."""

from __future__ import annotations

from collections import Counter

from ..model import Recommendation
from ..render import jsonld
from ..render.build import Build, Change
from ..render.hubs import RESPONSE_LABELS, Hub
from ..render.i18n import LANGUAGES, N_, interface


def chart(chart_id: str, title: str, column: str, rows: list[dict]) -> dict:
    return {"id": chart_id, "title": title, "column": column, "rows": rows, "max": max((r["value"] for r in rows), default=0)}


def view(recs: list[Recommendation], all_hubs: dict[str, list[Hub]], country: str) -> dict:
    def rows(kind: str) -> list[dict]:
        return [{"label": h.title.split(" – ")[0], "value": len(h.recs), "url": h.url} for h in all_hubs[kind] if h.recs]

    responses = Counter(r.response for r in recs)
    reviews = [h for h in all_hubs["review"] if h.recs][:6]
    years = sorted({r.year for r in recs})
    bodies_present = sorted({r.body for r in recs})
    return {
        "country": country,
        "total": len(recs),
        "mechanisms": [{"label": h.title, "value": len(h.recs), "url": h.url} for h in all_hubs["mechanism"] if h.recs],
        "charts": [
            chart("by-body", N_("Recommendations by UN body"), N_("Body"), rows("body")),
            chart("by-review", N_("Recommendations by review"), N_("Review"), rows("review")),
            chart(
                "by-response",
                N_("Recommendations by the Government's response"),
                N_("Response"),
                [{"label": RESPONSE_LABELS[k], "value": responses[k], "url": ""} for k in RESPONSE_LABELS if responses[k]],
            ),
        ],
        "latest": [{"title": h.title, "url": h.url, "total": len(h.recs)} for h in reviews],
        "bodies": ", ".join(bodies_present),
        "first": years[0] if years else "",
        "last": years[-1] if years else "",
    }


def write(build: Build) -> None:
    home = view(build.recs, build.hubs, build.site.country)
    home["tiriti_total"] = build.handoff.get("tiriti_total", 0)  # outputs/te_tiriti.py, written before
    dataset = jsonld.dataset(build.site, build.meta, build.recs, "")
    for lang in LANGUAGES:
        heading = interface(lang)._t("UN human rights recommendations to %(country)s", country=build.site.country)
        build.writer.page("", "home.html", heading, build.site.description, lang=lang, translated=True, home=home, jsonld=dataset)


def update(build: Build, change: Change) -> None:
    write(build)  # counts by response change with an edit
