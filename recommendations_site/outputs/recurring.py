"""The recurring asks page (recurring/): groups of overlapping recommendations asked in more than
one year, most often and longest first."""

from __future__ import annotations

from collections import defaultdict

from ..model import Recommendation
from ..render.build import Build, Change
from ..render.overlaps import member
from ..render.views import Lookups, excerpt


def recurring(recs: list[Recommendation], look: Lookups) -> list[dict]:
    """Groups asked in more than one year, most often and longest first."""
    groups: dict[str, list[Recommendation]] = defaultdict(list)
    for rec in recs:
        if rec.overlap_cluster:
            groups[rec.overlap_cluster].append(rec)
    asks = []
    for cluster, members in groups.items():
        years = sorted({r.year for r in members})
        if len(years) < 2:
            continue
        members.sort(key=lambda r: (r.year, r.id))
        asks.append(
            {
                "id": cluster,
                "title": excerpt(members[0].text),
                "times": len(members),
                "years": years,
                "years_text": " and ".join([", ".join(map(str, years[:-1])), str(years[-1])]),
                "span": years[-1] - years[0],
                "bodies": sorted({r.body for r in members}),
                "members": [member(r, look) for r in members],
            }
        )
    asks.sort(key=lambda a: (-a["times"], -a["span"], a["years"][0], a["id"]))
    return asks


def write(build: Build) -> None:
    build.writer.page(
        "recurring/",
        "recurring.html",
        "Recurring recommendations",
        "UN recommendations asked again in later reviews",
        asks=recurring(build.recs, build.look),
        country=build.site.country,
    )


def update(build: Build, change: Change) -> None:
    write(build)  # an edit can move a recommendation into or out of a group
