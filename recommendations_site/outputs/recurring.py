"""The recurring asks page (recurring/): the asks made in more than one review, most-asked first,
each with its count and years, linking to its page (asks/<id>/)."""

from __future__ import annotations

from ..render.artefacts import Stylesheets
from ..render.build import PAGES, Build, Change, reads

READS = reads(PAGES, uses=("asks",))
PROVIDES: frozenset[type] = frozenset()
NEEDS: frozenset[type] = frozenset({Stylesheets})


def recurring(asks: dict[str, dict]) -> list[dict]:
    """Asks made in more than one year, most often first, then longest-running."""
    found = [a for a in asks.values() if len(a["years"]) > 1]
    found.sort(key=lambda a: (-a["times"], a["years"][0] - a["years"][-1], a["title"], a["id"]))
    return found


def write(build: Build) -> None:
    build.writer.page(
        "recurring/",
        "recurring.html",
        "Recurring recommendations",
        "UN recommendations asked again in later reviews",
        asks=recurring(build.asks.asks),
        country=build.site.country,
    )


def update(build: Build, change: Change) -> None:
    write(build)  # an edit can move a recommendation into or out of an ask
