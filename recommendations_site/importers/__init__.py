"""Importers: one module per upstream format, each turning its files into canonical records.

Every importer module has `VOCABULARY` (its theme vocabulary in data/curation/theme_map.yaml)
and `run(files, country, report, context) -> Imported`."""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import SourceError
from ..model import Recommendation
from ..model.context import Context
from . import precedence
from .import_report import ImportReport

IMPORTERS = {"upr-info": "upr_info", "ohchr-matrix": "ohchr_matrix", "uhri": "uhri"}


@dataclass
class Imported:
    recommendations: list[Recommendation] = field(default_factory=list)
    states: dict[str, str] = field(default_factory=dict)  # recommending state -> regional group
    files: dict[str, list[str]] = field(default_factory=dict)  # source id -> file names read
    reports: list[ImportReport] = field(default_factory=list)

    def extend(self, other: Imported) -> None:
        """Add other's records; a paragraph another source already gave is merged by precedence
        (importers/precedence.py), one a source gives twice is refused."""
        seen = {r.id: n for n, r in enumerate(self.recommendations)}
        for rec in other.recommendations:
            if rec.id not in seen:
                seen[rec.id] = len(self.recommendations)
                self.recommendations.append(rec)
                continue
            known = self.recommendations[seen[rec.id]]
            if not precedence.mergeable(known, rec):
                file, _, rows = rec.source_ref.split(";")[0].partition(":")  # "a.csv:3,4; b.csv:5" -> a.csv, 3,4
                raise SourceError(file.strip(), rows, "id", f"duplicate id {rec.id!r}: already imported from {known.source_ref}")
            self.recommendations[seen[rec.id]] = precedence.merge(known, rec)
            low = max((known, rec), key=precedence.rank)
            high = known if low is rec else rec
            for report in [*self.reports, *other.reports]:
                report.merged_by_precedence(low, high.source, precedence.differences(high, low))
        for name, group in other.states.items():
            self.states[name] = self.states.get(name) or group
        for source, names in other.files.items():
            self.files.setdefault(source, []).extend(n for n in names if n not in self.files.get(source, []))
        self.reports += other.reports


def run(importer: str, files: list[Path], country: str | None = None, context: Context | None = None) -> Imported:
    """Import files with the named importer; every input row must be accounted for, and each file
    must hold at least one (a file of records that are all rejected is fine, one of none is refused).
    context: the run's curated files (default: read afresh)."""
    if importer not in IMPORTERS:
        raise ValueError(f"unknown importer {importer!r}; choose from {', '.join(IMPORTERS)}")
    for path in files:
        if not path.is_file():
            raise SourceError(path, 0, "-", "no such file")
    module = importlib.import_module(f".{IMPORTERS[importer]}", __name__)
    report = ImportReport(importer)
    imported = Imported(reports=[report])
    imported.extend(module.run(files, country, report, context or Context()))
    imported.reports = [report]
    empty = [path for path in files if not report.rows_read[path.name]]
    if empty:  # rows that were all rejected are fine; a file with none at all is not what was meant
        raise SourceError(empty[0], 0, "-", f"no records in {empty[0].name}: nothing to import")
    if report.unaccounted():
        raise RuntimeError(f"{importer}: {report.unaccounted()} rows read but not accounted for (a bug)")
    return imported
