"""The import steps: upstream files -> canonical records -> overlaps found, tracking files read ->
a validated canonical Data Package, written beside its target and swapped in only when valid."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .. import importers, tracking
from ..errors import InvalidPackage
from ..files import replacing
from ..importers import Imported
from ..model import Recommendation, assemble, package, reference, successors
from ..model.context import Context
from ..model.reference import sources_config
from ..progress import Laps, progress
from ..project import Project
from ..tracking import assessments, summaries
from . import tiriti

if TYPE_CHECKING:
    from ..overlaps import Overlaps


@dataclass(frozen=True)
class Release:
    """What officials and monitors curate beside the upstream data: the tracking files, the release
    date, the independent monitors' assessment files and the plain-language summaries."""

    tracking: Path
    as_of: dt.date
    assessments: Path
    summaries: Path

    @classmethod
    def configured(cls, config: dict, project: Project) -> Release:
        """From data/sources.yaml's `tracking`, `release`, `assessments` and `summaries` entries (or
        --tracking, --release, --assessments and --summaries): a folder or file that does not exist
        and a release file that cannot be read, or whose as_of is not a date, are refused before
        anything is imported (InvalidPackage). Relative paths are from the project root; the
        defaults are the project's own (its registry: tracking/, assessments/, curation/summaries.yaml)."""
        folder = project.from_root(config.get("tracking") or project.file("tracking/"))
        judged = project.from_root(config.get("assessments") or project.file("assessments/"))
        summaries_file = project.from_root(config.get("summaries") or project.file("curation/summaries.yaml"))
        problems = [
            tracking.folder_problem(folder),
            tracking.folder_problem(judged, assessments.FOLDER),
            summaries.missing(summaries_file),
        ]
        if any(problems):
            raise InvalidPackage([p for p in problems if p])
        as_of = reference.as_of(project.from_root(config.get("release") or project.file("release.yaml")))
        return cls(folder, as_of, judged, summaries_file)


def tracked_tables(recs: list[Recommendation], release: Release, project: Project) -> dict[str, list[dict]]:
    """The tracking files' tables; their errors stop the build, their warnings are printed."""
    agencies = {row["id"] for row in reference.yaml_tables(project)["agencies"]}
    found = tracking.read(release.tracking, {r.id for r in recs}, agencies, release.as_of)
    for warning in found.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if found.errors:
        raise InvalidPackage(sorted(found.errors))
    return found.tables() | monitored_tables(recs, release, project)


def monitored_tables(recs: list[Recommendation], release: Release, project: Project) -> dict[str, list[dict]]:
    """The monitors' assessments and the plain-language summaries; their errors stop the build."""
    rec_ids = {r.id for r in recs}
    monitors = {row["id"]: row for row in reference.read_table(project, "monitors")}
    found = assessments.read(release.assessments, rec_ids, monitors, release.as_of)
    for warning in found.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    rows, problems = summaries.read(release.summaries, rec_ids, release.as_of)
    if found.errors or problems:
        raise InvalidPackage(sorted(found.errors + problems))
    return found.tables() | {"summaries": rows}


def canonical_tables(
    imported: Imported, title: str, timings: dict | None = None, release: Release | None = None, *, context: Context
) -> tuple[dict[str, list[dict]], dict]:
    """The canonical package's tables (overlaps found, tracking and reference tables added) and its
    descriptor fields; the curated files are the context's project's."""
    lap = Laps(timings)
    from .. import classify  # scikit-learn-free, but loads the model: only the steps that import need it

    classify.apply(imported.recommendations, context)
    lap("classify")
    return classified_tables(imported, title, timings, release, context=context)


def classified_tables(
    imported: Imported,
    title: str,
    timings: dict | None = None,
    release: Release | None = None,
    *,
    context: Context,
    analyse: Callable[[list[Recommendation]], Overlaps] | None = None,
) -> tuple[dict[str, list[dict]], dict]:
    """canonical_tables() from classified recommendations on: what the preview redoes when only
    tracking, assessments, summaries or the release date changed. analyse: the overlaps step (the
    preview passes the last one's result when the recommendations' texts did not change)."""
    project = context.project
    release = release or Release.configured({}, project)
    lap = Laps(timings)
    from .. import classify, overlaps  # scikit-learn takes over a second to import: `build --data` does not need it

    tracked = tracked_tables(imported.recommendations, release, project)
    classify.decide(imported.recommendations, tracked["lead_decisions"])
    successors.apply(imported.recommendations, reference.yaml_tables(project)["agencies"])  # ODI's work is Whaikaha's now
    found = (analyse or (lambda recs: overlaps.analyse(recs, context=context)))(imported.recommendations)
    lap("overlaps")
    tables = assemble.tables(imported.recommendations, imported.states, imported.files, tracked, project)
    tables["overlaps"] = pair_rows(found.pairs, context)
    tables["asks"], tables["recommendation_asks"] = found.asks, found.links
    tables |= tiriti.tables(imported.recommendations, tables, project)  # data/curation/te_tiriti.yaml checked here, not at site build
    return tables, assemble.metadata(title, imported.recommendations, tables["sources"], release.as_of, tables["coverage"])


def pair_rows(pairs: list, context: Context) -> list[dict]:
    """The overlaps table's rows: each pair's fields, in order (asdict's deep copy took 1 s at 41k);
    the same rows again for the same list of pairs (the preview's edits mostly find the same)."""
    memo = context.memo("pair rows", dict)
    if memo.get("pairs") is not pairs:
        memo.update(pairs=pairs, rows=[dict(vars(p)) for p in pairs])
    return memo["rows"]


def publish_canonical(
    tables: dict[str, list[dict]], meta: dict, imported: Imported, into: Path, timings: dict | None = None
) -> None:
    """Write and validate the package beside `into`, and only then replace `into` with it."""
    lap = Laps(timings)
    with replacing(into, marker="datapackage.json") as work:
        steps = progress(["write", "validate"], "canonical package")
        next(steps)
        package.write_package(work, tables, meta)
        for report in imported.reports:
            report.write_csv(work / f"import-report-{report.importer}.csv")
        lap("write")
        next(steps)
        from .. import validate  # frictionless: imported by the steps that validate, not by every command

        problems = validate.check(work)
        steps.close()
        lap("validate")
        if problems:
            raise InvalidPackage(problems)


def write_canonical(
    imported: Imported,
    into: Path,
    title: str,
    timings: dict | None = None,
    release: Release | None = None,
    *,
    context: Context,
) -> None:
    """Write, validate and only then publish the canonical package into `into`."""
    tables, meta = canonical_tables(imported, title, timings, release, context=context)
    publish_canonical(tables, meta, imported, into, timings)


def import_files(
    importer: str,
    files: list[Path],
    country: str | None,
    into: Path,
    timings: dict | None = None,
    release: Release | None = None,
    project: Project | None = None,
) -> Imported:
    """Import files into the package at into, with the curated files of project (the command
    line's; the checkout's own by default)."""
    lap = Laps(timings)
    context = Context(project or Project.default())
    imported = importers.run(importer, files, country, context)
    lap("import")
    countries = sorted({r.country for r in imported.recommendations})
    title = f"UN human rights recommendations to {', '.join(countries) or 'no country'}"
    write_canonical(imported, into, title, timings, release, context=context)
    return imported


def read_sources(config: dict, context: Context) -> Imported:
    """Every source named in config (data/sources.yaml), imported, not yet written."""
    imported = Imported()
    for entry in config["imports"]:
        files = [context.project.from_root(f) for f in entry["files"]]
        imported.extend(importers.run(entry["importer"], files, config["dataset"].get("country"), context))
    return imported


def import_configured(
    into: Path, config: dict | None = None, timings: dict | None = None, project: Project | None = None
) -> Imported:
    """Import every source named in the project's data/sources.yaml (or config) into one canonical
    package (project: the command line's; the checkout's own by default)."""
    project = project or Project.default()
    config = config or sources_config(project)
    lap = Laps(timings)
    context = Context(project)
    imported = read_sources(config, context)
    lap("import")
    release = Release.configured(config, project)
    write_canonical(imported, into, config["dataset"]["title"], timings, release, context=context)
    return imported
