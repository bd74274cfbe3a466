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
from ..model.states import StateNames
from . import precedence
from .import_report import ImportReport

ALIAS = "add it to state_names.yaml as an alias of the state it names"
UHRI_ID = "a UHRI country id no evidence names yet: add it to data/reference/uhri_countries.yaml with its evidence"
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


def first_place(rec: Recommendation, field_name: str) -> str:
    """file:row:field of a record's first row in the last file it comes from ("a.csv:3; b.csv:5,6" ->
    b.csv:5): the file that names the states where a text file comes first (NZ: official paragraphs
    file, then the enriched file's rows with recommending_state and country)."""
    file, _, rows = rec.source_ref.split(";")[-1].partition(":")
    return f"{file.strip()}:{rows.split(',')[0].strip() or 0}:{field_name}"


def normalise_states(imported: Imported, report: ImportReport, names: StateNames) -> None:
    """Every state name (recommending states, the state under review, the states' regional groups)
    as its one canonical name (data/reference/state_names.yaml, ISO 3166-1). A name neither knows is
    kept as written and reported: counted in the import report and one warning (file:row:field) each."""
    read: set[str] = set()
    unknown: dict[str, str] = {}  # name -> where it is first seen

    def canonical(name: str, rec: Recommendation, field_name: str) -> str:
        read.add(name)
        found = names.lookup(name)
        if found is None:
            unknown.setdefault(name, first_place(rec, field_name))
        return found[0] if found else name

    for rec in imported.recommendations:
        rec.recommending_states = list(dict.fromkeys(canonical(s, rec, "recommending_states") for s in rec.recommending_states))
        rec.country = canonical(rec.country, rec, "country")
    grouped: dict[str, str] = {}
    for name, group in imported.states.items():
        found = names.lookup(name)
        grouped[found[0] if found else name] = grouped.get(found[0] if found else name) or group
    imported.states = grouped
    report.mapped("state names", len(read), list(unknown))
    report.warnings += [
        f"{where}: state name {name!r} is not in data/reference/state_names.yaml or ISO 3166-1: kept as written,"
        f" with no ISO code; {UHRI_ID if name.startswith('UHRI country ') else ALIAS}"
        for name, where in unknown.items()
    ]


def run(importer: str, files: list[Path], country: str | None = None, context: Context | None = None) -> Imported:
    """Import files with the named importer; every input row must be accounted for, and each file
    must hold at least one (a file of records that are all rejected is fine, one of none is refused).
    context: the run's curated files (default: read afresh)."""
    if importer not in IMPORTERS:
        raise ValueError(f"unknown importer {importer!r}; choose from {', '.join(IMPORTERS)}")
    for path in files:
        if not path.is_file():
            raise SourceError(path, 0, "-", "is a folder, not a file" if path.is_dir() else "no such file")
    module = importlib.import_module(f".{IMPORTERS[importer]}", __name__)
    report = ImportReport(importer)
    imported = Imported(reports=[report])
    context = context or Context()
    found = module.run(files, country, report, context)
    normalise_states(found, report, context.state_names)
    imported.extend(found)
    imported.reports = [report]
    empty = [path for path in files if not report.rows_read[path.name]]
    if empty:  # rows that were all rejected are fine; a file with none at all is not what was meant
        raise SourceError(empty[0], 0, "-", f"no records in {empty[0].name}: nothing to import")
    if report.unaccounted():
        raise RuntimeError(f"{importer}: {report.unaccounted()} rows read but not accounted for (a bug)")
    return imported
