"""The site as `build.py serve` keeps it while officials edit: updated in place, page by page,
when only upstream data changed.

The first build, and any change to curated data, content, templates or mkdocs.yml, is a full
build, atomic as `build.py build`. When only upstream files changed, the preview imports them
again and compares the canonical rows (their CSV lines) with the last build's. It renders the
changed recommendations' pages (and those whose "also recommended" list changed) and writes them
first, each by one rename, so that the edited page is on disk as soon as possible. Then it
writes and validates the canonical package, as `build` does; if that fails it puts the pages
back as they were and reports the problems, so a failed rebuild keeps the last good preview.
Then every other output with an update() (outputs/__init__.py) brings itself up to date, in
the order of OUTPUTS: the hubs either version of a changed recommendation is in and the hub
indexes, home, the recurring asks, the changes and feeds, the report, the downloads the change
touches and the search index. A change that
adds, removes or reorders recommendations, or changes hubs or reference rows, falls back to a
full build; so does the next change after any failure once pages were updated. After every
update, failed or not, the site's manifest (files.MANIFEST) lists the files the tool wrote there;
a site holding any other file is not updated, as `build` refuses to replace it.
"""

from __future__ import annotations

import gc
import json
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from .. import files, pipeline
from ..importers import Imported
from ..model import Recommendation, package
from ..model.context import Context
from ..model.reference import sources_config
from ..outputs import OUTPUTS, recommendations
from ..progress import Laps
from ..project import Project
from ..render import put_back
from ..render.build import Build, Change

EDITABLE = ("recommendations", "overlaps", "asks", "recommendation_asks")  # tables an edit of a recommendation may change


def ask_ids(lines: list[str]) -> list[str]:
    return [row["id"] for row in package.rows_of_lines("asks", lines)]


class NeedsFullBuild(Exception):
    """The change is more than an edit of existing recommendations."""


def _within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def canonical_lines(tables: dict[str, list[dict]]) -> dict[str, list[str]]:
    """Every table's rows in their canonical CSV form: what the package holds, to compare."""
    return {name: package.csv_lines(Path(f"{name}.csv"), name, rows) for name, rows in tables.items()}


class Preview:
    def __init__(
        self,
        out: Path,
        canonical: Path,
        sources: dict | None = None,
        report: Callable[[Imported], object] | None = None,
        base_url: str | None = None,
        project: Project | None = None,
    ):
        """sources: the import configuration (default: data/sources.yaml, read on each build);
        report: called with each import's result (the command line prints its counts);
        base_url: the preview's own address (default: site_url in mkdocs.yml)."""
        self.out, self.canonical, self.sources, self.base_url = out.resolve(), canonical, sources, base_url
        self.project = project or Project.default()  # where the curated files, content and templates are
        self.report = report or (lambda imported: None)
        self.built: Build | None = None  # the last build, while the site on disk is what it wrote
        self.lines: dict[str, list[str]] = {}  # its package's rows, as canonical CSV lines
        self.last: dict[str, float | int] = {}

    def config(self) -> dict:
        return self.sources or sources_config(self.project)

    def only_upstream(self, changed: set[Path]) -> bool:
        folders, local = self.project.upstream(self.config()), self.project.local()
        return bool(changed) and all(p.parent in folders and not any(_within(p, mine) for mine in local) for p in changed)

    def update(self, changed: Iterable[Path] = ()) -> dict[str, float | int]:
        """Bring the preview up to date after the given files changed; returns seconds per step."""
        changed = {Path(p).resolve() for p in changed}
        if self.built is None or not self.only_upstream(changed):
            return self.full()
        if files.read_manifest(self.out) is None:
            print(f"{self.out} has no {files.MANIFEST}: building in full")
            return self.full()
        try:
            with files.updating_in_place(self.out) as written:  # refused if the site holds a file of someone else's
                return self.incremental(written)
        except NeedsFullBuild as why:
            print(f"{why}: building in full")
            return self.full()

    def imported_tables(self, timings: dict) -> tuple[Imported, dict[str, list[dict]], dict]:
        """The configured sources imported again, with the curated files read afresh (a Context of
        this build's own), as canonical tables and descriptor fields."""
        lap = Laps(timings)
        config, context = self.config(), Context(self.project)
        imported = pipeline.read_sources(config, context)
        self.report(imported)
        lap("import")
        tables, meta = pipeline.canonical.canonical_tables(
            imported, config["dataset"]["title"], timings, pipeline.Release.configured(config, self.project), context=context
        )
        return imported, tables, meta

    def full(self) -> dict[str, float | int]:
        started = time.perf_counter()
        self.built = None
        timings: dict[str, float | int] = {}
        imported, tables, meta = self.imported_tables(timings)
        pipeline.publish_canonical(tables, meta, imported, self.canonical, timings)
        built = pipeline.build(self.canonical, self.out, sources=self.sources, base_url=self.base_url, project=self.project)
        timings.update(built.timings)
        self.built, self.lines = built, canonical_lines(tables)
        gc.collect()
        gc.freeze()  # what the preview keeps is long-lived: later collections need not walk it again
        timings["total"] = round(time.perf_counter() - started, 2)
        steps = ", ".join(f"{k} {v}s" for k, v in timings.items() if isinstance(v, float))
        print(
            f"built {timings['recommendations']} recommendation pages, {timings['pages']} pages in all, into {self.out} ({steps})"
        )
        self.last = timings
        return timings

    def change(
        self, tables: dict[str, list[dict]], lines: dict[str, list[str]]
    ) -> tuple[Change, list[Recommendation], list[dict]]:
        """What the edit changed: the recommendations edited and the pages to render again, and
        every recommendation as it now is; NeedsFullBuild if it is more than an edit."""
        before = self.built
        assert before is not None
        if any(lines[name] != self.lines.get(name) for name in lines if name not in EDITABLE):
            raise NeedsFullBuild("reference tables changed")
        if ask_ids(lines["asks"]) != ask_ids(self.lines["asks"]):
            raise NeedsFullBuild("asks were added or removed")  # pages of their own come or go
        ids = [row["id"] for row in tables["recommendations"]]
        if ids != [r.id for r in before.recs]:
            raise NeedsFullBuild("recommendations were added, removed or reordered")
        old = dict(zip(ids, self.lines["recommendations"], strict=True))
        edited = {i for i, line in zip(ids, lines["recommendations"], strict=True) if old[i] != line}
        kept = {r.id: r for r in before.recs}
        recs = [
            package.recommendation_of(package.rows_of_lines("recommendations", [line])[0]) if i in edited else kept[i]
            for i, line in zip(ids, lines["recommendations"], strict=True)
        ]
        # Pages to render: the edited recommendations, those listing one of them as "also
        # recommended" (before or after), and both ends of every pair that changed.
        changed_pairs = set(lines["overlaps"]).symmetric_difference(self.lines["overlaps"])
        pairs = package.rows_of_lines("overlaps", lines["overlaps"])
        old_pairs = package.rows_of_lines("overlaps", self.lines["overlaps"])
        pages = set(edited)
        pages.update(i for p in package.rows_of_lines("overlaps", sorted(changed_pairs)) for i in (p["id_a"], p["id_b"]))
        pages.update(i for p in pairs + old_pairs if edited & {p["id_a"], p["id_b"]} for i in (p["id_a"], p["id_b"]))
        pages.update(self.ask_members_changed(lines))
        near = [p for p in pairs if p["id_a"] in pages or p["id_b"] in pages]  # all the pairs these pages show
        return Change(edited, pages, set(), before), recs, near

    def ask_members_changed(self, lines: dict[str, list[str]]) -> set[str]:
        """Every member, before or after, of an ask whose links changed: each page says how often its asks were asked."""
        changed = set(lines["recommendation_asks"]).symmetric_difference(self.lines["recommendation_asks"])
        asks = {row["ask_id"] for row in package.rows_of_lines("recommendation_asks", sorted(changed))}
        rows = package.rows_of_lines("recommendation_asks", lines["recommendation_asks"] + self.lines["recommendation_asks"])
        return {row["recommendation_id"] for row in rows if row["ask_id"] in asks}

    def incremental(self, written: set[Path]) -> dict[str, float | int]:
        """Update the site in place; written gets every file written (the site's manifest lists them)."""
        timings: dict[str, float | int] = {}
        imported, tables, meta = self.imported_tables(timings)
        lap = Laps(timings)
        lines = canonical_lines(tables)
        change, recs, near = self.change(tables, lines)
        before = change.before
        if not change.edited and lines["overlaps"] == self.lines["overlaps"]:
            print("no recommendation changed")
            return timings
        built = Build(
            self.out,
            self.canonical,
            recs,
            {**before.tables, "overlaps": near, "asks": tables["asks"], "recommendation_asks": tables["recommendation_asks"]},
            meta,
            before.site,
            before.releases,
            hold=True,
            project=before.project,
        )
        if built.members.keys() != before.members.keys():
            raise NeedsFullBuild("hubs were added or removed")
        if {k for k, v in built.members.items() if not v} != {k for k, v in before.members.items() if not v}:
            raise NeedsFullBuild("a hub became empty or gained its first recommendation")
        change.hubs.update(
            key for key, ids in (*built.members.items(), *before.members.items()) if change.edited.intersection(ids)
        )
        recommendations.update(built, change)
        lap("render")
        self.built = None  # the site is changing: after any failure from here, the next change builds in full
        shown = built.writer.flush()
        written.update(shown)
        lap("pages written")
        timings["to page"] = round(sum(v for v in timings.values() if isinstance(v, float)), 2)
        try:
            pipeline.publish_canonical(tables, meta, imported, self.canonical, timings)
        except BaseException:
            put_back(shown)  # the last good preview, as it was
            self.built = before
            raise
        built.meta = json.loads((self.canonical / "datapackage.json").read_text(encoding="utf-8"))  # the descriptor
        lap.restart()
        for output in OUTPUTS:
            if output is not recommendations and hasattr(output, "update"):
                output.update(built, change)
                lap(output.__name__.rsplit(".", 1)[1])
        rest = built.writer.flush()
        written.update(rest)
        self.built, self.lines = built, lines
        timings["total"] = round(sum(v for k, v in timings.items() if isinstance(v, float) and k != "to page"), 2)
        print(
            f"updated {len(change.edited)} changed recommendation(s) in place, {len(shown) + len(rest)} files "
            f"({timings['to page']}s to the page, {timings['total']}s with the downloads and search index)"
        )
        self.last = timings
        return timings
