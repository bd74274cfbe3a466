"""The site as `build.py serve` keeps it while officials edit: updated in place, page by page,
when only upstream data changed.

The first build, and any change to curated data, content, templates or mkdocs.yml, is a full
build, atomic as `build.py build`. When only upstream files changed, the preview imports them
again and compares the canonical rows (their CSV lines) with the last build's. It renders the
changed recommendations' pages (and those whose "also recommended" list changed) and writes them
first, each by one rename, so that the edited page is on disk as soon as possible. Then it
writes and validates the canonical package, as `build` does; if that fails it puts the pages
back as they were and reports the problems, so a failed rebuild keeps the last good preview.
Then the hubs either version of a changed recommendation is in, the hub indexes, home, the
recurring asks, the downloads the change touches and the search index follow. A change that
adds, removes or reorders recommendations, or changes hubs or reference rows, falls back to a
full build; so does the next change after any failure once pages were updated.
"""

from __future__ import annotations

import gc
import json
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from . import paths, pipeline, render
from .importers import Imported
from .model import package
from .model.reference import sources_config
from .publish import buildinfo, changes, downloads, pages, report, search
from .serve import upstream_dirs

LOCAL = (paths.DATA, paths.ROOT / "content", paths.ROOT / "site_templates", paths.ROOT / "mkdocs.yml")


class NeedsFullBuild(Exception):
    """The change is more than an edit of existing recommendations."""


def _within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def canonical_lines(tables: dict[str, list[dict]]) -> dict[str, list[str]]:
    """Every table's rows in their canonical CSV form: what the package holds, to compare."""
    return {name: package.csv_lines(Path(f"{name}.csv"), name, rows) for name, rows in tables.items()}


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


class Preview:
    def __init__(
        self,
        out: Path,
        canonical: Path,
        sources: dict | None = None,
        report: Callable[[Imported], object] | None = None,
    ):
        """sources: the import configuration (default: data/sources.yaml, read on each build);
        report: called with each import's result (the command line prints its counts)."""
        self.out, self.canonical, self.sources = out.resolve(), canonical, sources
        self.report = report or (lambda imported: None)
        self.state: dict | None = None
        self.last: dict[str, float | int] = {}

    def config(self) -> dict:
        return self.sources or sources_config()

    def only_upstream(self, changed: set[Path]) -> bool:
        folders = upstream_dirs(self.config())
        return bool(changed) and all(p.parent in folders and not any(_within(p, local) for local in LOCAL) for p in changed)

    def update(self, changed: Iterable[Path] = ()) -> dict[str, float | int]:
        """Bring the preview up to date after the given files changed; returns seconds per step."""
        changed = {Path(p).resolve() for p in changed}
        if self.state is None or not self.only_upstream(changed):
            return self.full()
        try:
            return self.incremental()
        except NeedsFullBuild as why:
            print(f"{why}: building in full")
            return self.full()

    def imported_tables(self, timings: dict) -> tuple[Imported, dict[str, list[dict]], dict]:
        """The configured sources imported again, as canonical tables and descriptor fields."""
        lap = pipeline.Laps(timings)
        config = self.config()
        imported = pipeline.read_sources(config)
        self.report(imported)
        lap("import")
        tables, meta = pipeline.canonical_tables(
            imported, config["dataset"]["title"], timings, pipeline.Release.configured(config)
        )
        return imported, tables, meta

    def full(self) -> dict[str, float | int]:
        started = time.perf_counter()
        self.state, keep = None, {}
        timings: dict[str, float | int] = {}
        imported, tables, meta = self.imported_tables(timings)
        pipeline.publish_canonical(tables, meta, imported, self.canonical, timings)
        timings.update(pipeline.build_site(self.canonical, self.out, sources=self.sources, keep=keep))
        lines = canonical_lines(tables)
        self.state = {**keep, "lines": lines, "ids": [row["id"] for row in tables["recommendations"]]}
        gc.collect()
        gc.freeze()  # what the preview keeps is long-lived: later collections need not walk it again
        timings["total"] = round(time.perf_counter() - started, 2)
        steps = ", ".join(f"{k} {v}s" for k, v in timings.items() if isinstance(v, float))
        print(
            f"built {timings['recommendations']} recommendation pages, {timings['pages']} pages in all, into {self.out} ({steps})"
        )
        self.last = timings
        return timings

    def incremental(self) -> dict[str, float | int]:
        state = self.state
        assert state is not None
        timings: dict[str, float | int] = {}
        imported, tables, meta = self.imported_tables(timings)
        lap = pipeline.Laps(timings)
        lines = canonical_lines(tables)
        if any(lines[name] != state["lines"].get(name) for name in lines if name not in ("recommendations", "overlaps")):
            raise NeedsFullBuild("reference tables changed")
        ids = [row["id"] for row in tables["recommendations"]]
        if ids != state["ids"]:
            raise NeedsFullBuild("recommendations were added, removed or reordered")
        before = dict(zip(ids, state["lines"]["recommendations"], strict=True))
        edited = {i for i, line in zip(ids, lines["recommendations"], strict=True) if before[i] != line}
        if not edited and lines["overlaps"] == state["lines"]["overlaps"]:
            print("no recommendation changed")
            return timings
        recs = [
            package.recommendation_of(package.rows_of_lines("recommendations", [line])[0]) if i in edited else state["recs"][i]
            for i, line in zip(ids, lines["recommendations"], strict=True)
        ]
        # Pages to render: the edited recommendations, those listing one of them as "also
        # recommended" (before or after), and both ends of every pair that changed.
        changed_pairs = set(lines["overlaps"]).symmetric_difference(state["lines"]["overlaps"])
        pairs = package.rows_of_lines("overlaps", lines["overlaps"])
        old_pairs = package.rows_of_lines("overlaps", state["lines"]["overlaps"])
        targets = set(edited)
        targets.update(i for p in package.rows_of_lines("overlaps", sorted(changed_pairs)) for i in (p["id_a"], p["id_b"]))
        targets.update(i for p in pairs + old_pairs if edited & {p["id_a"], p["id_b"]} for i in (p["id_a"], p["id_b"]))
        near = [p for p in pairs if p["id_a"] in targets or p["id_b"] in targets]  # all the pairs these pages show
        writer = render.Writer(self.out, state["site"], hold=True)
        generated = render.Pages(recs, {**state["tables"], "overlaps": near}, writer, package.release_date(meta))
        members = {(h.kind, h.key): [r.id for r in h.recs] for hub_list in generated.hubs.values() for h in hub_list}
        if members.keys() != state["members"].keys():
            raise NeedsFullBuild("hubs were added or removed")
        if {k for k, v in members.items() if not v} != {k for k, v in state["members"].items() if not v}:
            raise NeedsFullBuild("a hub became empty or gained its first recommendation")
        for rec in recs:
            if rec.id in targets:
                generated.recommendation(rec)
        lap("render")
        self.state = None  # the site is changing: after any failure from here, the next change builds in full
        shown = writer.flush()
        lap("pages written")
        timings["to page"] = round(sum(v for v in timings.values() if isinstance(v, float)), 2)
        try:
            pipeline.publish_canonical(tables, meta, imported, self.canonical, timings)
        except BaseException:
            for path, old in shown.items():  # the last good preview, as it was
                if old is None:
                    path.unlink(missing_ok=True)
                else:
                    _write_atomic(path, old)
            self.state = state
            raise
        meta = json.loads((self.canonical / "datapackage.json").read_text(encoding="utf-8"))  # the descriptor
        lap.restart()
        hubs_touched = {key for key, ids_in in (*members.items(), *state["members"].items()) if edited.intersection(ids_in)}
        for hub_list in generated.hubs.values():
            for hub in hub_list:
                if (hub.kind, hub.key) in hubs_touched:
                    generated.hub(hub)
        for kind in generated.hubs:
            generated.hub_index(kind)
        generated.home()
        generated.recurring()
        changes.write(writer, meta, recs, state["tables"], generated.hubs)  # changes and feeds hold recommendations too
        report.write(writer, recs, state["tables"], meta)  # response counts: the PDF only if it changed
        written = len(shown) + len(writer.flush())
        records = downloads.Records(recs)
        for rec in recs:
            if rec.id in edited:
                folder = self.out / "recommendations" / rec.id
                _write_atomic(folder / f"{rec.id}.csv", records.csv_bytes([rec]))
                _write_atomic(folder / f"{rec.id}.json", package.json_single(records.json[rec.id]).encode("utf-8"))
        lap("other pages")
        whole, slices = self.downloads(recs, meta, generated, hubs_touched, records, state)
        pages.write(writer, meta, whole, [d for folder in slices.values() for d in folder], generated.hubs)
        writer.flush()
        lap("downloads")
        self.search()
        buildinfo.write(self.out, meta)
        lap("search")
        self.state = {
            **state,
            "recs": {r.id: r for r in recs},
            "lines": lines,
            "members": members,
            "whole": whole,
            "slices": slices,
        }
        timings["total"] = round(sum(v for k, v in timings.items() if isinstance(v, float) and k != "to page"), 2)
        print(
            f"updated {len(edited)} changed recommendation(s) in place, {written} pages "
            f"({timings['to page']}s to the page, {timings['total']}s with the downloads and search index)"
        )
        self.last = timings
        return timings

    def downloads(
        self,
        recs: list,
        meta: dict,
        generated: render.Pages,
        hubs_touched: set[tuple[str, str]],
        records: downloads.Records,
        state: dict,
    ) -> tuple[list[downloads.Download], dict[str, list[downloads.Download]]]:
        """The whole package and the touched hubs' slices, written beside the site and moved in."""
        with tempfile.TemporaryDirectory(prefix=".preview-", dir=self.out.parent) as tmp:
            root = Path(tmp)
            whole = downloads.whole_package(root, self.canonical, meta, len(recs))
            touched = [h for hub_list in generated.hubs.values() for h in hub_list if (h.kind, h.key) in hubs_touched and h.recs]
            fresh = pipeline.by_folder(downloads.write_slices(root, meta, touched, records))
            package.swap_in(root / "data" / "package", self.out / "data" / "package")
            for folder in fresh:
                package.swap_in(root / folder, self.out / folder)
        slices = {**state["slices"], **fresh}
        order = [f"data/{h.url}".rstrip("/") for hub_list in generated.hubs.values() for h in hub_list if h.recs]
        return whole, {folder: slices[folder] for folder in order if folder in slices}

    def search(self) -> None:
        """Index the site again into a fresh bundle and swap it in."""
        bundle = Path(tempfile.mkdtemp(prefix=".pagefind-", dir=self.out.parent))
        shutil.rmtree(bundle)
        indexing = search.Indexing(self.out, bundle)
        try:
            indexing.finish()
        finally:
            indexing.stop()
        package.swap_in(bundle, self.out / "pagefind")
