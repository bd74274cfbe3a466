"""One build of the site: what every output reads (the package, the site's settings, where to
write) and what several outputs share, made once on first use (lookups, hubs, implementation,
"also recommended", serialised records). A Build is made afresh for every build and every preview
update: nothing in it outlives the build that made it, except what the preview chooses to keep."""

from __future__ import annotations

import dataclasses
import datetime as dt
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from ..model import Recommendation, package, release
from ..progress import Laps
from ..project import Project
from . import Site, Writer, actions, asks, hubs, monitors, overlaps, pivots, search_terms, views
from .formats import name_lookup
from .records import Records

PARALLEL_FROM = 1000  # recommendations; below this, starting workers costs more than it saves
FORK = multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None


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
    handoff: dict[str, object] = field(
        default_factory=dict
    )  # what one output leaves for a later one, or for the next preview update
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
