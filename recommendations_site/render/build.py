"""One build of the site: what every output reads (the package, the site's settings, where to
write) and what several outputs share, made once on first use (lookups, hubs, implementation,
"also recommended", serialised records). A Build is made afresh for every build and every preview
update: nothing in it outlives the build that made it, except what the preview chooses to keep."""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TypeVar

from ..model import Recommendation, package, reference, release
from ..progress import Laps
from ..project import Project
from . import Site, Writer, actions, asks, hubs, monitors, overlaps, pivots, search_terms, views
from .artefacts import MissingArtefact, Stylesheets
from .formats import name_lookup
from .records import Records

PARALLEL_FROM = 1000  # recommendations; below this, starting workers costs more than it saves
A = TypeVar("A")
FORK = multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None


def freeze_before_fork() -> None:
    """Keep what this process holds out of the garbage collector before it forks: a collection in a
    forked process (the spare one, the package writer, the page workers) would write into those
    objects and copy every page of them there. The build unfreezes at its end (pipeline/site.py)."""
    gc.freeze()


# What an output reads (its READS, outputs/__init__.py): package table names (model/schema.yaml),
# "content" (content/*.md), "templates" (site_templates/), "mkdocs" (mkdocs.yml), "locales"
# (locales/), "release" (the package's descriptor and as_of; data/release.yaml), and the path of a
# curated file under data/ an output still reads itself at site build.
PAGES = frozenset({"templates", "mkdocs", "locales"})  # every page: its layout, the site's name and address, the interface
LOOKUPS = frozenset({"mechanisms", "bodies", "instruments", "agencies", "themes", "groups", "sdgs", "sources"})
TRACKING = frozenset({"actions", "action_recommendations", "progress_updates", "response_rationales", "lead_decisions"})
MONITORING = frozenset({"monitors", "assessments", "assessment_recommendations", "summaries"})
ASKS = frozenset({"recommendations", "asks", "recommendation_asks"})
EXTRAS = frozenset({"content", "templates", "mkdocs", "locales", "release"})
CURATED = frozenset({"data/reference/search_terms.yaml", "data/releases"})  # read at site build, not in the package
TABLES = frozenset(reference.schema())
# Every input: what an output reads that lists every page.
ALL_INPUTS = TABLES | EXTRAS | CURATED
# What each shared value of a Build is made from, for the outputs that use it.
USES: dict[str, frozenset[str]] = {
    "recs": frozenset({"recommendations"}),
    "look": LOOKUPS,
    "hubs": frozenset({"recommendations", "mechanisms", "bodies", "agencies", "themes", "groups", "sdgs", "states"}),
    "implementation": TRACKING | {"recommendations", "release"},
    "monitoring": TRACKING | MONITORING | {"recommendations", "release"},
    "asks": ASKS,
    "also": ASKS | LOOKUPS | {"overlaps"},
    "search_terms": frozenset({"instruments", "bodies", "data/reference/search_terms.yaml"}),
    "records": LOOKUPS | {"recommendations"},
    "regions": frozenset({"states"}),
    "changes": frozenset({"recommendations", "actions", "progress_updates", "response_rationales", "release", "data/releases"}),
    "pivots": LOOKUPS | TRACKING | {"recommendations", "states", "release"},
}


def reads(*inputs: str | frozenset[str], uses: tuple[str, ...] = ()) -> frozenset[str]:
    """An output's READS: the inputs named, and those of the shared values (USES) it uses."""
    found = {name for given in inputs for name in ([given] if isinstance(given, str) else given)}
    return frozenset(found.union(*(USES[value] for value in uses)))


@dataclass(frozen=True)
class Change:
    """An edit of existing recommendations, as the preview found it, and the build before it."""

    edited: set[str]  # the recommendations whose rows changed
    pages: set[str]  # the recommendation pages to render again: the edited and those whose "also recommended" changed
    hubs: set[tuple[str, str]]  # (kind, key) of the hubs either version of an edited recommendation is in
    before: Build


@dataclass(eq=False)
class Build:
    out: Path  # the site folder being written
    data: Path  # the canonical package it is built from
    recs: list[Recommendation]
    tables: dict[str, list[dict]]
    meta: dict  # the package's descriptor
    site: Site
    releases: Path | None = None  # recorded release manifests (default data/releases)
    aside: Executor | None = None  # a spare process for slow files (the workbook, the PDF), or None
    hold: bool = False  # keep pages in memory until writer.flush() (the preview)
    timings: dict[str, float | int] = field(default_factory=dict)
    artefacts: dict[type, object] = field(default_factory=dict)  # render/artefacts.py: what outputs make for others
    producers: dict[type, str] = field(default_factory=dict)  # artefact class -> the output that provides it (the graph's)
    cleanups: list[Callable[[], None]] = field(default_factory=list)  # run when the build ends, whether or not it succeeded
    project: Project = field(kw_only=True)  # where the curated files outputs read are (search terms, releases)

    def __post_init__(self) -> None:
        self.writer = Writer(self.out, self.site, hold=self.hold)
        self.as_of: dt.date = package.release_date(self.meta)
        self.lap = Laps(self.timings)  # lap(step): the time since the last lap is step's

    def moved_to(self, out: Path) -> None:
        """The folder it was written into now stands at out (swapped in)."""
        self.out = self.writer.out = out

    @property
    def parallel(self) -> bool:
        """Large enough to share the work among processes (forked: they inherit the build's memory)."""
        return len(self.recs) >= PARALLEL_FROM and (os.cpu_count() or 1) > 1 and FORK is not None

    def use_stylesheets(self, stylesheets: tuple[str, ...]) -> None:
        """The theme stylesheets the narrative build produced, for every page written after it."""
        self.site = self.writer.site = dataclasses.replace(self.site, stylesheets=stylesheets)
        self.provide(Stylesheets(stylesheets))

    def provide(self, artefact: object) -> None:
        """Hand artefact to the outputs that need its class; each class is provided once a build."""
        kind = type(artefact)
        if kind in self.artefacts:
            raise ValueError(f"{kind.__name__} was provided twice in one build")
        self.artefacts[kind] = artefact

    def need(self, kind: type[A]) -> A:
        """The artefact of class kind; MissingArtefact, naming who makes it, if it was not provided."""
        found = self.artefacts.get(kind)
        if found is None:
            maker = self.producers.get(kind)
            made = f"outputs/{maker} provides it and must run first" if maker else "no output run before provides it (PROVIDES)"
            raise MissingArtefact(f"{kind.__name__} is needed but was not provided: {made}")
        assert isinstance(found, kind)
        return found

    def find(self, kind: type[A]) -> A | None:
        """The artefact of class kind if it was provided (one made only in some builds), else None."""
        found = self.artefacts.get(kind)
        return found if isinstance(found, kind) else None

    @cached_property
    def look(self) -> views.Lookups:
        return views.Lookups.of(self.tables)

    @cached_property
    def hubs(self) -> dict[str, list[hubs.Hub]]:
        return hubs.build(self.recs, self.tables)

    @cached_property
    def members(self) -> dict[tuple[str, str], list[str]]:
        """(kind, key) of every hub -> the ids of its recommendations."""
        return {(h.kind, h.key): [r.id for r in h.recs] for hub_list in self.hubs.values() for h in hub_list}

    @cached_property
    def implementation(self) -> actions.Implementation:
        return actions.Implementation.of(self.tables, self.as_of, {r.id: views.heading(r) for r in self.recs})

    @cached_property
    def monitoring(self) -> monitors.Monitoring:
        return monitors.Monitoring.of(self.tables, self.implementation, {r.id: views.heading(r) for r in self.recs})

    @cached_property
    def also(self) -> dict[str, list[dict]]:
        return overlaps.also_recommended(self.recs, self.tables.get("overlaps", []), self.look, self.asks.of_recommendation)

    @cached_property
    def asks(self) -> asks.AskIndex:
        return asks.AskIndex.of(self.recs, self.tables)

    @cached_property
    def search_terms(self) -> search_terms.SearchTerms:
        return search_terms.SearchTerms.load(self.tables, self.project)

    @cached_property
    def records(self) -> Records:
        return Records(self.recs, self.site.url, name_lookup(self.tables))

    @cached_property
    def regions(self) -> dict[str, str]:
        """Recommending state -> its UN regional group, where the source gives one."""
        return {row["name"]: row.get("regional_group") or "" for row in self.tables.get("states", [])}

    @cached_property
    def changes(self) -> release.Changes:
        """What changed since the previous recorded release (the changes page, feeds and home)."""
        return release.changes(self.recs, self.tables, self.meta, self.releases or self.project.file("releases/"))

    @cached_property
    def pivots(self) -> list[pivots.Pivot]:
        """The pivot tables (render/pivots.py): responses, then progress once any is recorded."""
        look = self.look
        found = pivots.responses(self.hubs, self.regions)
        return found + pivots.progress(self.implementation, self.recs, look.agencies, look.themes)

    @cached_property
    def items(self) -> dict[str, dict]:
        """The list item of each recommendation, made once: it is listed on about eight hub pages."""
        return {}
