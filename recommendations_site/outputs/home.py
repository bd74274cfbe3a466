"""The home page: what the site holds, charts by body, review and response, the latest reviews."""

from __future__ import annotations

from collections import Counter

from ..model import Recommendation
from ..render import jsonld
from ..render.build import Build, Change
from ..render.hubs import RESPONSE_LABELS, Hub


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
        "heading": f"UN human rights recommendations to {country}",
        "intro": (
            f"Every recommendation the United Nations human rights system has made to {country} that this site holds, "
            "the Government's response, and who leads the work. Find a recommendation, link to it, or download the data."
        ),
        "total": len(recs),
        "mechanisms": [{"label": h.title, "value": len(h.recs), "url": h.url} for h in all_hubs["mechanism"] if h.recs],
        "charts": [
            chart("by-body", "Recommendations by UN body", "Body", rows("body")),
            chart("by-review", "Recommendations by review", "Review", rows("review")),
            chart(
                "by-response",
                "Recommendations by the Government's response",
                "Response",
                [{"label": RESPONSE_LABELS[k], "value": responses[k], "url": ""} for k in RESPONSE_LABELS if responses[k]],
            ),
        ],
        "latest": [{"title": h.title, "url": h.url, "total": len(h.recs)} for h in reviews],
        "coverage": (
            f"{len(recs)} recommendations from {', '.join(bodies_present)}, made between {years[0]} and {years[-1]}. "
            "Reviews not yet imported are not shown; the site grows as sources are added."
            if recs
            else "No recommendations are imported yet."
        ),
    }


def write(build: Build) -> None:
    home = view(build.recs, build.hubs, build.site.country)
    home["tiriti_total"] = build.handoff.get("tiriti_total", 0)  # outputs/te_tiriti.py, written before
    dataset = jsonld.dataset(build.site, build.meta, build.recs, "")
    build.writer.page("", "home.html", home["heading"], build.site.description, home=home, jsonld=dataset)


def update(build: Build, change: Change) -> None:
    write(build)  # counts by response change with an edit
