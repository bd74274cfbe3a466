"""The steps in order: import -> canonical model -> validate -> (render -> publish).
Each step writes into a fresh directory that replaces its target only when the step succeeds."""

from __future__ import annotations

import time
from pathlib import Path

from . import importers, paths, render, validate
from .importers import Imported
from .model import assemble, package
from .model.reference import sources_config
from .progress import progress
from .publish import downloads, pages, search, sitemap
from .render import narrative


class InvalidPackage(Exception):
    def __init__(self, problems: list[validate.Problem]):
        self.problems = problems
        super().__init__("\n".join(map(str, problems)))


def write_canonical(imported: Imported, into: Path, title: str) -> None:
    """Write, validate and only then publish the canonical package into `into`."""
    tables = assemble.tables(imported.recommendations, imported.states, imported.files)
    meta = assemble.metadata(title, imported.recommendations, tables["sources"])
    with package.replacing(into, marker="datapackage.json") as work:
        steps = progress(["write", "validate"], "canonical package")
        next(steps)
        package.write_package(work, tables, meta)
        for report in imported.reports:
            report.write_csv(work / f"import-report-{report.importer}.csv")
        next(steps)
        problems = validate.check(work)
        steps.close()
        if problems:
            raise InvalidPackage(problems)


def import_files(importer: str, files: list[Path], country: str | None, into: Path) -> Imported:
    imported = importers.run(importer, files, country)
    countries = sorted({r.country for r in imported.recommendations})
    title = f"UN human rights recommendations to {', '.join(countries) or 'no country'}"
    write_canonical(imported, into, title)
    return imported


def import_configured(into: Path) -> Imported:
    """Import every source named in data/sources.yaml into one canonical package."""
    config = sources_config()
    imported = Imported()
    for entry in config["imports"]:
        files = [paths.from_root(f) for f in entry["files"]]
        imported.extend(importers.run(entry["importer"], files, config["dataset"].get("country")))
    write_canonical(imported, into, config["dataset"]["title"])
    return imported


def build_site(data: Path, out: Path) -> dict[str, float | int]:
    """Build the whole site from a canonical package into out; out changes only if every step succeeds."""
    timings: dict[str, float | int] = {}
    started = time.perf_counter()

    def lap(step: str) -> None:
        nonlocal started
        timings[step] = round(time.perf_counter() - started, 2)
        started = time.perf_counter()

    recs, tables, meta = package.read_package(data)
    config = narrative.settings()
    lap("read")
    with package.replacing(out, marker="sitemap.xml") as work:
        stylesheets = narrative.build_into(work)
        lap("narrative")
        site = render.Site(
            config["site_name"],
            config["site_url"],
            " ".join(config["site_description"].split()),
            sources_config()["dataset"]["country"],
            stylesheets,
        )
        writer = render.Writer(work, site)
        all_hubs = render.render(recs, tables, writer)
        lap("render")
        whole = downloads.whole_package(work, data, meta, len(recs))
        slices = downloads.hub_slices(work, meta, all_hubs)
        downloads.record_files(work, recs)
        pages.write(writer, meta, whole, slices, all_hubs)
        timings["pages"] = sitemap.write(work, site.url)
        lap("downloads")
        search.index(work)
        lap("search")
        built = sum(1 for p in (work / "recommendations").iterdir() if (p / "index.html").is_file()) if recs else 0
        if built != len(recs):
            raise RuntimeError(f"{len(recs)} recommendations but {built} recommendation pages")
    timings["recommendations"] = len(recs)
    return timings
