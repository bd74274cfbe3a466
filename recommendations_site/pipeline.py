"""The steps in order: import -> canonical model -> validate -> (render -> publish).
Each step writes into a fresh directory that replaces its target only when the step succeeds."""

from __future__ import annotations

import dataclasses
import datetime as dt
import multiprocessing
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from . import importers, paths, render, tracking
from .importers import Imported
from .model import Recommendation, assemble, package, reference
from .model.reference import sources_config
from .progress import progress
from .publish import buildinfo, calendar, changes, downloads, pages, report, search, sitemap
from .render import narrative

if TYPE_CHECKING:
    from . import validate


class InvalidPackage(Exception):
    def __init__(self, problems: list[validate.Problem]):
        self.problems = problems
        super().__init__("\n".join(map(str, problems)))


class Laps:
    """Seconds per step, for the build's report and the benchmark (bench/)."""

    def __init__(self, timings: dict | None = None):
        self.timings = {} if timings is None else timings
        self.started = time.perf_counter()

    def __call__(self, step: str) -> None:
        now = time.perf_counter()
        self.timings[step] = round(self.timings.get(step, 0) + now - self.started, 2)
        self.started = now

    def restart(self) -> None:
        """Start the next step now (the time since was counted elsewhere)."""
        self.started = time.perf_counter()


@dataclass(frozen=True)
class Release:
    """What officials curate beside the upstream data: their tracking files and the release date."""

    tracking: Path = paths.TRACKING
    as_of: dt.date = field(default_factory=reference.as_of)

    @classmethod
    def configured(cls, config: dict) -> Release:
        """From data/sources.yaml's `tracking` and `release` entries."""
        tracking_dir, release_file = config.get("tracking", paths.TRACKING), config.get("release", paths.RELEASE_FILE)
        return cls(paths.from_root(tracking_dir), reference.as_of(paths.from_root(release_file)))


def tracked_tables(recs: list[Recommendation], release: Release) -> dict[str, list[dict]]:
    """The tracking files' tables; their errors stop the build, their warnings are printed."""
    agencies = {row["id"] for row in reference.yaml_tables()["agencies"]}
    found = tracking.read(release.tracking, {r.id for r in recs}, agencies, release.as_of)
    for warning in found.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if found.errors:
        raise InvalidPackage(sorted(found.errors))
    return found.tables()


def canonical_tables(
    imported: Imported, title: str, timings: dict | None = None, release: Release | None = None
) -> tuple[dict[str, list[dict]], dict]:
    """The canonical package's tables (overlaps found, tracking and reference tables added) and its descriptor fields."""
    release = release or Release()
    lap = Laps(timings)
    tracked = tracked_tables(imported.recommendations, release)
    from . import overlaps  # scikit-learn takes over a second to import: `build --data` does not need it

    pairs = overlaps.find(imported.recommendations)
    lap("overlaps")
    tables = assemble.tables(imported.recommendations, imported.states, imported.files, tracked)
    tables["overlaps"] = [dataclasses.asdict(p) for p in pairs]
    return tables, assemble.metadata(title, imported.recommendations, tables["sources"], release.as_of)


def publish_canonical(
    tables: dict[str, list[dict]], meta: dict, imported: Imported, into: Path, timings: dict | None = None
) -> None:
    """Write and validate the package beside `into`, and only then replace `into` with it."""
    lap = Laps(timings)
    with package.replacing(into, marker="datapackage.json") as work:
        steps = progress(["write", "validate"], "canonical package")
        next(steps)
        package.write_package(work, tables, meta)
        for report in imported.reports:
            report.write_csv(work / f"import-report-{report.importer}.csv")
        lap("write")
        next(steps)
        from . import validate

        problems = validate.check(work)
        steps.close()
        lap("validate")
        if problems:
            raise InvalidPackage(problems)


def write_canonical(
    imported: Imported, into: Path, title: str, timings: dict | None = None, release: Release | None = None
) -> None:
    """Write, validate and only then publish the canonical package into `into`."""
    tables, meta = canonical_tables(imported, title, timings, release)
    publish_canonical(tables, meta, imported, into, timings)


def import_files(
    importer: str, files: list[Path], country: str | None, into: Path, timings: dict | None = None, release: Release | None = None
) -> Imported:
    lap = Laps(timings)
    imported = importers.run(importer, files, country)
    lap("import")
    countries = sorted({r.country for r in imported.recommendations})
    title = f"UN human rights recommendations to {', '.join(countries) or 'no country'}"
    write_canonical(imported, into, title, timings, release)
    return imported


def read_sources(config: dict) -> Imported:
    """Every source named in config (data/sources.yaml), imported, not yet written."""
    imported = Imported()
    for entry in config["imports"]:
        files = [paths.from_root(f) for f in entry["files"]]
        imported.extend(importers.run(entry["importer"], files, config["dataset"].get("country")))
    return imported


def import_configured(into: Path, config: dict | None = None, timings: dict | None = None) -> Imported:
    """Import every source named in data/sources.yaml (or config) into one canonical package."""
    config = config or sources_config()
    lap = Laps(timings)
    imported = read_sources(config)
    lap("import")
    write_canonical(imported, into, config["dataset"]["title"], timings, Release.configured(config))
    return imported


PARALLEL_FROM = 1000  # recommendations; below this, starting workers costs more than it saves
_SHARED: tuple[render.Pages, downloads.Records] | None = None  # what forked workers inherit
FORK = multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None


def _render_share(share: int, shares: int) -> int:
    generated, records = _SHARED  # type: ignore[misc]
    mine = generated.recs[share::shares]
    for rec in mine:
        generated.recommendation(rec)
        downloads.record_file(generated.write.out, rec, records)
    return len(mine)


def parallel(records: int) -> bool:
    return records >= PARALLEL_FROM and (os.cpu_count() or 1) > 1 and "fork" in multiprocessing.get_all_start_methods()


def recommendation_pages(generated: render.Pages, records: downloads.Records) -> None:
    """Every recommendation page with its two record files: most of a large build, and as much
    creating files as rendering, so it runs on every core. Forked workers share the parent's
    memory (the recommendations, lookups and hubs) without copying or pickling it."""
    global _SHARED
    recs, out = generated.recs, generated.write.out
    shares = min(os.cpu_count() or 1, 4) if parallel(len(recs)) else 1
    if shares == 1:
        for rec in progress(recs, "recommendation pages"):
            generated.recommendation(rec)
            downloads.record_file(out, rec, records)
        return
    _SHARED = (generated, records)
    try:
        with ProcessPoolExecutor(shares, mp_context=FORK) as pool:
            done = sum(f.result() for f in [pool.submit(_render_share, k, shares) for k in range(shares)])
    finally:
        _SHARED = None
    if done != len(recs):
        raise RuntimeError(f"{len(recs)} recommendations but {done} pages rendered")


def site_settings(stylesheets: tuple[str, ...], sources: dict | None = None) -> render.Site:
    config = narrative.settings()
    return render.Site(
        config["site_name"],
        config["site_url"],
        " ".join(config["site_description"].split()),
        (sources or sources_config())["dataset"]["country"],
        stylesheets,
    )


def build_site(
    data: Path, out: Path, *, sources: dict | None = None, keep: dict | None = None, releases: Path | None = None
) -> dict[str, float | int]:
    """Build the whole site from a canonical package into out; out changes only if every step succeeds.

    Pagefind indexes the recommendation pages while the hub pages and the downloads are written:
    `search index` is its own time, `search` the time the build still waited for it afterwards.
    keep, if given, receives what the preview needs to update the site in place later."""
    timings: dict[str, float | int] = {}
    lap = Laps(timings)
    recs, tables, meta = package.read_package(data)
    lap("read")
    with package.replacing(out, marker="sitemap.xml") as work, ProcessPoolExecutor(1, mp_context=FORK) as aside:
        site = site_settings(narrative.build_into(work), sources)  # first: mkdocs empties the folder
        lap("narrative")
        # The whole package's Excel workbook takes as long as a third of the pages: a forked
        # process writes it on the other core while the pages are rendered.
        whole_later = aside.submit(downloads.whole_package, work, data, meta, len(recs)) if parallel(len(recs)) else None
        writer = render.Writer(work, site)
        generated = render.Pages(recs, tables, writer, package.release_date(meta))
        report_pdf = report.write(writer, recs, tables, meta, aside)  # the PDF renders aside meanwhile
        records = downloads.Records(recs)
        recommendation_pages(generated, records)
        lap("recommendation pages")
        indexing = search.Indexing(work)
        try:
            generated.all(recommendations=False)
            lap("render")
            whole = whole_later.result() if whole_later else downloads.whole_package(work, data, meta, len(recs))
            slices = downloads.hub_slices(work, meta, generated.hubs, records)
            pages.write(writer, meta, whole, slices, generated.hubs)
            calendar.write(writer, meta, tables)
            changes.write(writer, meta, recs, tables, generated.hubs, releases)  # releases: default data/releases
            timings["pages"] = sitemap.write(work, site.url)
            lap("downloads")
            indexing.finish()
        finally:
            indexing.stop()
        timings["search index"] = indexing.seconds
        lap("search")
        built = sum(1 for p in (work / "recommendations").iterdir() if (p / "index.html").is_file()) if recs else 0
        if built != len(recs):
            raise RuntimeError(f"{len(recs)} recommendations but {built} recommendation pages")
        if report_pdf is not None:
            report_pdf.result()
        buildinfo.write(work, meta)  # last: the only file that depends on the clock
    if keep is not None:
        keep.update(
            site=site,
            recs={r.id: r for r in recs},
            tables={k: v for k, v in tables.items() if k != "overlaps"},
            members={(h.kind, h.key): [r.id for r in h.recs] for hub_list in generated.hubs.values() for h in hub_list},
            whole=whole,
            slices=by_folder(slices),
        )
    timings["recommendations"] = len(recs)
    return timings


def by_folder(found: list[downloads.Download]) -> dict[str, list[downloads.Download]]:
    """Downloads grouped by their folder (one hub's slice each), in order."""
    folders: dict[str, list[downloads.Download]] = {}
    for download in found:
        folders.setdefault(download.path.rsplit("/", 1)[0], []).append(download)
    return folders
