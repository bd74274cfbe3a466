"""Independent monitors' assessment files: one YAML file per monitor (data/assessments/<monitor>.yaml)
recording what the monitor found about the implementation of recommendations. Read as strictly
as the tracking files (the same reader: file:line:field problems, nothing judged against the
clock) and checked against the monitors (data/reference/monitors.yaml), the recommendations and
as_of. They become the canonical tables assessments and assessment_recommendations.

A treaty body's follow-up grade (A, B1, B2, C, D, E) is kept as given and mapped to a rating, so
that every monitor's findings can be counted on one scale (docs/monitors.md)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from ..reading.schema import load_schema
from . import LINK, Entry, Tracking, _File, files_in, folder_problem, load, publish_refs

SCHEMA = Path(__file__).with_name("assessments.schema.yaml")
RATINGS = ("implemented", "partly-implemented", "not-implemented", "no-information")
GRADES = {  # a treaty body's follow-up grade -> the rating it means
    "A": "implemented",  # reply or action largely satisfactory
    "B1": "partly-implemented",  # substantive action taken, more information needed
    "B2": "partly-implemented",  # initial action taken, more action and information needed
    "C": "not-implemented",  # reply received, but the action taken does not implement it
    "D": "no-information",  # no reply, or no cooperation with the follow-up procedure
    "E": "not-implemented",  # the measures taken run contrary to the recommendation
}
FOLDER = "assessment files are read from a folder (data/assessments, or --assessments DIR)"


@cache  # part of the program, not data
def file_schema() -> dict:
    return load_schema(SCHEMA)


@dataclass
class Assessments(Tracking):
    """The assessment tables and what checking them found (problems as for tracking files)."""

    assessments: list[dict] = field(default_factory=list)
    assessment_recommendations: list[dict] = field(default_factory=list)

    def tables(self) -> dict[str, list[dict]]:
        return {"assessments": self.assessments, "assessment_recommendations": self.assessment_recommendations}


def read_assessment(source: _File, at: Entry, rec_ids: set[str], graded: bool, as_of: dt.date) -> dict | None:
    """One assessment, checked; None when it cannot be recorded (its problems are)."""
    where, entry = at
    recs = source.ids(where, entry, "recommendations", rec_ids, "a recommendation in this build")
    if not entry.get("recommendations"):
        source.error((*where, "recommendations"), "recommendations", "name at least one recommendation the assessment judges")
    day = source.date(entry, "date")
    if day and day > as_of:
        source.error((*where, "date"), "date", f"{day} is after the release date {as_of} (data/release.yaml as_of)")
    link = " ".join((entry.get("source") or "").split())
    if not link:
        source.error((*where, "source"), "source", "missing source: give the link (http or https) to the monitor's public report")
    elif not LINK.fullmatch(link):
        source.error((*where, "source"), "source", f"{link!r} is not an http(s) link to the monitor's public report")
    rating = entry["rating"]
    if rating in GRADES and not graded:
        message = f"{rating!r} is a treaty body's follow-up grade: use one of {', '.join(RATINGS)}"
        source.error((*where, "rating"), "rating", message)
    summary = source.text(where, entry, "summary")
    if not recs or not day or not LINK.fullmatch(link):
        return None
    return {
        "monitor": source.agency,
        "date": day,
        "rating": GRADES.get(rating, rating),
        "grade": rating if rating in GRADES else "",
        "summary": summary,
        "source": link,
        "source_ref": source.ref(where),
        "recommendations": recs,
    }


def read(directory: Path, rec_ids: set[str], monitors: dict[str, dict], as_of: dt.date) -> Assessments:
    """Every assessment file in directory, read and checked against the monitors (id -> row), the
    recommendations and as_of."""
    found = Assessments()
    problem = folder_problem(directory, FOLDER)
    if problem:
        found.errors.append(problem)
        return found
    paths = files_in(directory, found, "assessment file (MONITOR.yaml)")
    loaded = [x for x in (load(p, found, file_schema(), "monitor") for p in paths) if x]
    found.files = [source.name for source in loaded]
    rows: dict[str, dict] = {}
    for source in loaded:
        monitor = monitors.get(source.agency)
        if monitor is None:
            source.error(("monitor",), "monitor", f"{source.agency!r} is not a monitor in data/reference/monitors.yaml")
            continue
        graded = monitor["kind"] == "treaty-body-follow-up"
        for at in source.entries("assessments"):
            row = read_assessment(source, at, rec_ids, graded, as_of)
            if row:
                base = f"{row['monitor']}-{row['date']}"
                same_day = sum(1 for key in rows if key == base or key.startswith(base + "-"))
                rows[base + (f"-{same_day + 1}" if same_day else "")] = row
    ordered = sorted(rows.items(), key=lambda item: (item[1]["monitor"], str(item[1]["date"]), item[0]))
    found.assessments = publish_refs(
        [{"id": key, **{k: v for k, v in row.items() if k != "recommendations"}} for key, row in ordered], loaded
    )
    found.assessment_recommendations = [
        {"assessment": key, "recommendation": rec} for key, row in ordered for rec in dict.fromkeys(row["recommendations"])
    ]
    return found
