"""The site as `build.py serve` keeps it while officials edit, brought up to date after each change
with as little work as the change needs, the open pages first (serve.py, app.py: live reload).

From the changed paths the preview works out what is dirty (dirty.py):
- upstream files only: imported again, classified where a recommendation changed, asks found
  again (each text's own once: a memo), and the canonical rows (CSV lines) compared with the last
  build's; the open recommendation pages the edit changed are rendered (from their own pairs) and
  written first, each by one rename, and their reload pushed. Only then is the site walked for files
  of someone else's (refused: the pages put back), the overlaps' scores found (no page shows one),
  the package written and validated as `build` does (if that fails the pages are put back and the
  problems reported: a failed rebuild keeps the last good preview), the edit's other pages rendered
  by the same build, and every other output with an update() (outputs/__init__.py) brought up to
  date. A change that adds, removes or reorders recommendations, or changes hubs or reference rows,
  falls back to the path below (edits.py).
- tracking, assessments, summaries, the release date: read again on top of the last classified
  import (no re-import, no classifier, the last overlaps: the texts did not change);
- content, templates, mkdocs.yml: no import at all;
- anything else under data/ (curation, reference): imported and classified afresh.
Then the tables are compared with the last ones; if an output reads what changed
(dirty.outputs_reading), the open recommendation pages are rendered first and their reload
pushed, the package is written and validated, and only the dirty outputs run again into a folder
of hard links to the clean outputs' files, swapped in whole (partial.py: byte for byte what a full
build writes). A site holding a file the tool did not write (files.MANIFEST) is not updated.
After each update what the preview keeps is frozen out of the garbage collector's way (settled())."""

from __future__ import annotations

import gc
import json
import pickle
import time
from collections.abc import Callable, Iterable
from collections.abc import Set as AbstractSet
from pathlib import Path
from typing import TYPE_CHECKING

from .. import files, pipeline
from ..importers import Imported
from ..model import Recommendation
from ..model.context import Context
from ..model.reference import sources_config
from ..outputs import OUTPUTS, narrative, recommendations
from ..progress import Laps
from ..project import Project
from ..render import put_back
from ..render.build import CURATED, Build, Change
from . import dirty, edits, narrated, opened, partial
from .app import Live
from .edits import REC_PAGE, canonical_lines, fields, page_paths

if TYPE_CHECKING:
    from ..overlaps import Overlaps

UPSTREAM = frozenset({"upstream", "curation"})  # what an import reads: a change of these imports again
THEME = frozenset({"templates", "mkdocs"})  # kinds of change after which the compiled templates are stale


class Preview:
    def __init__(
        self,
        out: Path,
        canonical: Path,
        sources: dict | None = None,
        report: Callable[[Imported], object] | None = None,
        base_url: str | None = None,
        live: Live | None = None,
        project: Project | None = None,
    ):
        """sources: the import configuration (default: data/sources.yaml, read on each build);
        report: called with each import's result (the command line prints its counts);
        base_url: the preview's own address (default: site_url in mkdocs.yml);
        live: the open pages (app.py), told to reload what changed, the pages they show first."""
        self.out, self.canonical, self.sources, self.base_url = out.resolve(), canonical, sources, base_url
        self.report = report or (lambda imported: None)
        self.live = live or Live()
        self.project = project or Project.default()  # where the curated files, content and templates are
        self.built: Build | None = None  # the last build, while the site on disk is what it wrote
        self.lines: dict[str, list[str]] = {}  # its package's rows, as canonical CSV lines
        self.meta: dict = {}  # and its descriptor fields
        self.classified: bytes | None = None  # the last import, classified, before the tracking files (pickled): redone from here
        self.unclassified: bytes | None = None  # the same before the classifier: redone from here when only its files change
        self.context = Context(self.project)  # the curated files that import read
        self.found: Overlaps | None = None  # the overlaps found in it, and each recommendation's cluster
        self.clusters: dict[str, str] = {}
        self.unscored: list = []  # the pairs the overlaps step found last, before their scores
        self.shown = edits.PairsShown()  # what pages show of them and of the last build's
        self.rows: tuple[Overlaps | None, list[dict], list[str]] = (None, [], [])  # the last scored pairs' rows and lines
        self.analysed: list[Recommendation] = []  # the recommendations they were found in (their texts: the scores')
        self.last: dict[str, float | int] = {}
        self.whole = False  # self.built is a whole build: its tables are the package's, as read back
        self.owners: partial.Owners | None = None  # which outputs wrote each file of the site
        self.classifications: dict[str, tuple[str, Recommendation]] = {}  # id -> (as imported, as classified)

    def config(self) -> dict:
        return self.sources or sources_config(self.project)

    def update(self, changed: Iterable[Path] = ()) -> dict[str, float | int]:
        """Bring the preview up to date after the given files changed; returns seconds per step."""
        changed = {Path(p).resolve() for p in changed}
        if self.built is None:
            return self.full()
        config = self.config()
        kinds = dirty.kinds(changed, config, self.project)
        if not kinds:
            return {}
        if kinds != {"upstream"}:
            return self.rebuild(kinds, changed)
        if files.read_manifest(self.out) is None:
            print(f"{self.out} has no {files.MANIFEST}: building in full")
            return self.full()
        try:
            with files.updating_in_place(self.out) as site:  # refused if the site holds a file of someone else's
                return self.incremental(site)
        except edits.NeedsFullBuild as why:
            print(f"{why}: rebuilding")
            return self.rebuild(kinds, changed)

    def imported_tables(
        self, timings: dict, kinds: AbstractSet[str] = UPSTREAM, scores: bool = True, reclassify: bool = False
    ) -> tuple[Imported, dict[str, list[dict]], dict] | None:
        """The canonical tables and descriptor fields after a change of kinds (dirty.py): the sources
        imported and classified again, or only the tracking files (and the rest of TRACKED) read
        again on top of the last classified import; None when no table can have changed.
        scores=False: the overlaps without their scores (scored() adds them); reclassify: only
        files the classifier alone reads changed (dirty.classifier_only): the last import, before
        its classification, is classified again and its overlaps kept (they read no label)."""
        lap = Laps(timings)
        config = self.config()
        # a missing folder or bad release file is refused before anything
        release = pipeline.Release.configured(config, self.project)
        if self.classified is None or kinds - dirty.TRACKED - dirty.SITE_ONLY:
            if reclassify and self.unclassified is not None:
                from .. import classify  # loads the model: only the steps that import need it

                imported, context = pickle.loads(self.unclassified), self.context.forgetting(classify.CURATED)
                lap("copy the last import")
            else:
                self.classified = self.found = None
                # an upstream file read again: the curated files are as they were, and so is what the
                # last import read of them (the classifier's model and rules, the ask catalogue)
                context = self.context if kinds <= {"upstream"} and self.built is not None else Context(self.project)
                imported = pipeline.read_sources(config, context)
                self.report(imported)
                self.unclassified = pickle.dumps(imported)
                lap("import")
            self.classify(imported.recommendations, context, context is self.context)
            self.classified, self.context = pickle.dumps(imported), context  # a copy (pickled: faster than deepcopy)
            lap("classify")
        elif kinds & dirty.TRACKED:
            imported = pickle.loads(self.classified)
            lap("copy the last import")
        else:
            return None
        tables, meta = pipeline.canonical.classified_tables(
            imported, config["dataset"]["title"], timings, release, context=self.context, analyse=self.overlaps
        )
        return imported, self.scored(tables) if scores else tables, meta

    def classify(self, recs: list[Recommendation], context: Context, same: bool) -> None:
        """Classify recs; same: the curated files are those of the last import, so a recommendation
        imported exactly as last time is classified as it was then (the classifier reads each
        recommendation on its own: its model, rules and agency portfolios are per recommendation)."""
        from .. import classify  # loads the model: only the steps that import need it

        before = {rec.id: repr(rec) for rec in recs}
        known = self.classifications if same else {}
        fresh = [rec for rec in recs if known.get(rec.id, ("",))[0] != before[rec.id]]
        classify.apply(fresh, context)
        for rec in recs:
            if rec.id in known and known[rec.id][0] == before[rec.id]:
                vars(rec).update(fields(known[rec.id][1]))
        made = {rec.id: Recommendation(**fields(rec)) for rec in fresh}
        self.classifications = {rec.id: (before[rec.id], made[rec.id]) if rec.id in made else known[rec.id] for rec in recs}

    def overlaps(self, recs: list[Recommendation]) -> Overlaps:
        """The overlaps step, done once per import (the tracking files do not change the texts it
        reads), its pairs' scores left to scored(): no page shows them, only the package."""
        if self.found is None:
            from .. import overlaps  # scikit-learn: imported by the steps that need it

            self.found = overlaps.analyse(recs, context=self.context, scores=False)
            self.unscored = self.found.pairs
            self.clusters = {r.id: r.overlap_cluster for r in recs}
            self.analysed = recs
        for rec in recs:
            rec.overlap_cluster = self.clusters.get(rec.id, "")
        return self.found

    def scored(self, tables: dict[str, list[dict]]) -> dict[str, list[dict]]:
        """tables with the overlaps' scores (the texts' cosines, found once per import), as a
        full import writes them."""
        from .. import overlaps

        assert self.found is not None
        self.found = overlaps.scored(self.found, self.analysed)
        if self.rows[0] is not self.found:  # made once per overlaps found: a tracking edit keeps them
            rows = [dict(vars(p)) for p in self.found.pairs]
            self.rows = (self.found, rows, canonical_lines({"overlaps": rows})["overlaps"])
        return {**tables, "overlaps": self.rows[1]}

    def lines_of(self, tables: dict[str, list[dict]]) -> dict[str, list[str]]:
        """canonical_lines(tables), the overlaps' lines taken from scored() when its rows are these."""
        same = tables.get("overlaps") is self.rows[1]
        return canonical_lines({n: rows for n, rows in tables.items() if not (same and n == "overlaps")}) | (
            {"overlaps": self.rows[2]} if same else {}
        )

    def full(self) -> dict[str, float | int]:
        started = time.perf_counter()
        self.built = None
        timings: dict[str, float | int] = {}
        imported, tables, meta = self.imported_tables(timings) or (Imported(), {}, {})  # never None after UPSTREAM
        pipeline.publish_canonical(tables, meta, imported, self.canonical, timings)
        built = self.build_all()
        timings.update(built.timings)
        self.built, self.lines, self.meta, self.whole = built, self.lines_of(tables), meta, True
        timings["total"] = round(time.perf_counter() - started, 2)
        steps = ", ".join(f"{k} {v}s" for k, v in timings.items() if isinstance(v, float))
        print(
            f"built {timings['recommendations']} recommendation pages, {timings['pages']} pages in all, into {self.out} ({steps})"
        )
        self.live.reload()
        return self.finished(timings)

    def build_all(self) -> Build:
        """The whole site built from the package, learning which output writes each file."""
        owners = partial.Owners()
        built = pipeline.build(
            self.canonical, self.out, sources=self.sources, base_url=self.base_url, project=self.project, observe=owners
        )
        self.owners = owners
        return built

    def build_dirty(self, outputs: list, timings: dict, compiled: bool) -> tuple[Build, set[str]]:
        """Only outputs (and what they entail) run again (partial.py); returns the build and the
        site's paths they wrote. A full build when there is nothing to start from."""
        if self.built is None or self.owners is None or (not self.whole and not self.built.artefacts):
            return self.build_all(), set(self.owners.of) if self.owners else set()  # build_all() sets owners first
        try:
            built, owners, run = partial.rebuild(
                self.built,
                self.owners,
                outputs,
                self.canonical,
                self.out,
                sources=self.sources,
                base_url=self.base_url,
                project=self.project,
                compiled=compiled,
            )
        except partial.InPlace as why:
            print(f"{why}: building in full")
            self.owners = None
            return self.build_all(), set(self.owners.of) if self.owners else set()  # build_all() sets owners first
        self.owners = owners
        names = {dirty.name(o) for o in run}
        timings["outputs run"] = len(run)
        return built, {rel for rel, who in owners.of.items() if who & names}

    def finished(self, timings: dict[str, float | int]) -> dict[str, float | int]:
        """The timings kept as the last; what pages show of the pairs just found and built read now, not after the next edit."""
        self.last = timings
        self.shown.of_found(self.unscored)
        self.shown.of_built(self.lines["overlaps"])
        self.settled()
        return timings

    def settled(self) -> None:
        """What the preview keeps is long-lived: collected and frozen after each update, so that no
        full collection walks it while the next edit imports (0.4-0.6 s of CPU before the open page
        at 2,000); unfrozen first, so that what an update let go of is freed."""
        gc.unfreeze()
        gc.collect()
        gc.freeze()

    def rebuild(self, kinds: set[str], changed: AbstractSet[Path] = frozenset()) -> dict[str, float | int]:
        """Redo what kinds of change dirty (module docstring): the open recommendation pages first."""
        started, timings = time.perf_counter(), dict[str, float | int]()
        step = self.imported_tables(timings, kinds, reclassify=dirty.classifier_only(changed, self.project))
        inputs, lines, meta = set(kinds & dirty.SITE_ONLY), self.lines, self.meta
        inputs |= {c for c in CURATED if any(dirty.within(p, self.project.from_root(c).resolve()) for p in changed)}
        if step is not None:
            lines, meta = self.lines_of(step[1]), step[2]
            inputs |= {n for n in lines.keys() | self.lines.keys() if lines.get(n) != self.lines.get(n)}
            inputs |= {"release"} if meta != self.meta else set()
        outputs = dirty.outputs_reading(inputs) if inputs else []
        if not outputs:
            print("nothing the site shows changed")
            return timings
        shown, first = opened.recommendation_pages(self, lines, meta, not kinds & THEME) if recommendations in outputs else ({}, {})
        if narrative in outputs and kinds & {"content", "mkdocs"}:
            shown, first = narrated.open_pages(self, shown, first)
        timings["to page"] = round(time.perf_counter() - started, 2)
        try:
            if step is not None:
                pipeline.publish_canonical(step[1], meta, step[0], self.canonical, timings)
            built, wrote = self.build_dirty(outputs, timings, not kinds & THEME)
        except BaseException:
            self.restore(shown, self.built)
            raise
        self.built, self.lines, self.meta, self.whole = built, lines, meta, True
        again = {p for p, data in first.items() if not p.is_file() or p.read_bytes() != data}  # the full build differs
        rewritten = page_paths(self.out, (self.out / rel for rel in wrote))
        self.live.reload((self.live.viewing() & rewritten - page_paths(self.out, shown)) | page_paths(self.out, again))
        timings.update(built.timings)
        timings["total"] = round(time.perf_counter() - started, 2)
        names = ", ".join(dirty.name(o) for o in outputs)
        print(
            f"rebuilt after a change of {', '.join(sorted(kinds))}: {len(outputs)} outputs read it ({names}); {timings['total']}s"
        )
        return self.finished(timings)

    def checked(self, site: files.InPlace, shown: dict[Path, bytes | None], before: Build) -> None:
        """The site walked for files of someone else's once the open pages are shown (the walk took
        0.13-0.3 s of CPU at 2,000 before them); refused, the site is put back as it was: nothing is
        updated beside a file of someone else's."""
        try:
            site.check()
        except BaseException:
            self.restore(shown, before)
            raise

    def restore(self, shown: dict[Path, bytes | None], before: Build | None) -> None:
        """The last good preview, as it was: the pages written first put back."""
        put_back(shown)
        self.built = before
        self.live.reload(page_paths(self.out, shown))

    def open_ids(self) -> set[str]:
        """The recommendations whose pages the open browsers show."""
        return {m[1] for path in self.live.viewing() if (m := REC_PAGE.match(path))}

    def incremental(self, site: files.InPlace) -> dict[str, float | int]:
        """Update the site in place, the open pages first (before the overlaps' scores, which no
        page shows, are found, and before the site is walked for files of someone else's: a refusal
        puts them back); site.written gets every file written (the site's manifest lists them)."""
        timings: dict[str, float | int] = {}
        imported, tables, meta = self.imported_tables(timings, {"upstream"}, scores=False) or (Imported(), {}, {})
        lap = Laps(timings)
        lines = canonical_lines({name: rows for name, rows in tables.items() if name != "overlaps"})
        change, recs, near = edits.change(
            self.built, self.lines, tables, lines, self.shown.of_built(self.lines["overlaps"]), self.shown.of_found(self.unscored)
        )
        before, written = change.before, site.written
        if not change.pages:
            print("no recommendation changed")
            return timings
        built = edits.build_for(change, recs, near, tables, meta, self.canonical)
        opened = change.pages & self.open_ids()
        with edits.pairs_of(built, opened):  # "also recommended" of the open pages alone: their pairs'
            recommendations.update(built, Change(set(), opened, set(), before))  # the same build renders the rest
        lap("render")
        self.built = None  # the site is changing: after any failure from here, the next change builds in full
        shown = built.writer.flush()
        written.update(shown)
        self.live.reload(page_paths(self.out, shown))
        lap("pages written")
        timings["to page"] = round(sum(v for v in timings.values() if isinstance(v, float)), 2)
        self.checked(site, shown, before)
        lap("site checked")
        tables = self.scored(tables)
        lines |= self.lines_of({"overlaps": tables["overlaps"]})
        self.shown.of_built(lines["overlaps"], tables["overlaps"])
        lap("overlaps scored")
        try:
            pipeline.publish_canonical(tables, meta, imported, self.canonical, timings)
        except BaseException:
            self.restore(shown, before)
            raise
        built.meta = json.loads((self.canonical / "datapackage.json").read_text(encoding="utf-8"))  # the descriptor
        lap.restart()
        recommendations.update(built, Change(change.edited, change.pages - opened, change.hubs, before))
        rest = built.writer.flush()  # on disk before the search index is made again from the pages there
        lap("recommendations")
        for output in OUTPUTS:
            if output is not recommendations and hasattr(output, "update"):
                output.update(built, change)
                lap(output.__name__.rsplit(".", 1)[1])
        rest |= built.writer.flush()
        written.update(rest)
        for kind, artefact in before.artefacts.items():
            built.artefacts.setdefault(kind, artefact)  # what the outputs not updated made: the next update's cache
        if self.owners is not None:
            self.owners.settle(self.out)  # a search index swapped in has files of new names
        self.built, self.lines, self.meta, self.whole = built, lines, meta, False  # its tables hold only some overlaps
        self.live.reload(page_paths(self.out, rest))
        timings["total"] = round(sum(v for k, v in timings.items() if isinstance(v, float) and k != "to page"), 2)
        print(
            f"updated {len(change.edited)} changed recommendation(s) in place, {len(shown) + len(rest)} files "
            f"({timings['to page']}s to the page, {timings['total']}s with the downloads and search index)"
        )
        return self.finished(timings)
