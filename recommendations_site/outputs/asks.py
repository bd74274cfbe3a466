"""A page per ask (asks/<id>/): the action in plain words, how often and in which reviews it was
asked, by which states, and every recommendation that states it, in natural paragraph order, each
link said to be machine-suggested or confirmed; and the asks' index (asks/)."""

from __future__ import annotations

from ..render.artefacts import Stylesheets
from ..render.build import PAGES, Build, Change, reads
from ..render.i18n import LANGUAGES, N_, interface
from ..render.urls import url

READS = reads(PAGES, uses=("asks",))
PROVIDES: frozenset[type] = frozenset()
NEEDS: frozenset[type] = frozenset({Stylesheets})


def write_one(build: Build, ask: dict) -> None:
    for lang in LANGUAGES:  # the Māori page: its interface from the catalogue, the asks' words English
        build.writer.page(
            url("ask", ask["id"]),
            "ask.html",
            ask["title"],
            f"Asked {ask['times']} time{'s' if ask['times'] != 1 else ''} in {ask['years_text']}",
            lang=lang,
            translated=True,
            ask=ask,
            breadcrumbs=[{"title": interface(lang).markup(N_("Asks")), "url": url("ask")}],
        )


def write(build: Build) -> None:
    asks = sorted(build.asks.asks.values(), key=lambda a: (-a["times"], a["title"], a["id"]))
    for ask in asks:
        write_one(build, ask)
    for lang in LANGUAGES:
        build.writer.page(
            url("ask"),
            "asks.html",
            interface(lang).text(N_("What recommendations ask")),
            "Every action asked, with how often and since when",
            lang=lang,
            translated=True,
            asks=asks,
        )


def update(build: Build, change: Change) -> None:
    write(build)  # an edit can add a recommendation to an ask or take it out
