"""The steps in order: import -> canonical model -> validate -> (render -> publish).
Each step writes into a fresh directory that replaces its target only when the step succeeds."""

from __future__ import annotations

from pathlib import Path

from . import importers, paths, validate
from .importers import Imported
from .model import assemble, package
from .model.reference import sources_config


class InvalidPackage(Exception):
    def __init__(self, problems: list[validate.Problem]):
        self.problems = problems
        super().__init__("\n".join(map(str, problems)))


def write_canonical(imported: Imported, into: Path, title: str) -> None:
    """Write, validate and only then publish the canonical package into `into`."""
    tables = assemble.tables(imported.recommendations, imported.states, imported.files)
    meta = assemble.metadata(title, imported.recommendations, tables["sources"])
    with package.replacing(into) as work:
        package.write_package(work, tables, meta)
        for report in imported.reports:
            report.write_csv(work / f"import-report-{report.importer}.csv")
        problems = validate.check(work)
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
