"""Assemble the canonical tables: imported recommendations plus the reference tables they use."""

from __future__ import annotations

import datetime as dt

from ..project import Project
from . import calendar, coverage
from . import states as state_names
from .package import DESCRIPTION, recommendation_rows
from .recommendation import Recommendation
from .reference import load_yaml, sdg_table, sources_config, yaml_tables

TREATY_PRINCIPLES = "curation/treaty_principles.yaml"


def tables(
    recs: list[Recommendation],
    states: dict[str, str],
    files: dict[str, list[str]],
    tracked: dict[str, list[dict]],
    project: Project,
) -> dict[str, list[dict]]:
    """Every canonical table: the recommendations, what officials track about them (tracked), and
    the reference tables they use."""
    reference = yaml_tables(project)
    used_sources = {r.source for r in recs} | set(files)
    reference["sources"] = [
        {**row, "files": sorted(files.get(row["id"], []))} for row in reference["sources"] if row["id"] in used_sources
    ]
    named, names = {s for r in recs for s in r.recommending_states}, state_names.load(project.reference("state_names"))
    return {
        "recommendations": recommendation_rows(recs),
        **tracked,
        **reference,
        "sdgs": sdg_table(project.from_root(sources_config(project)["sdg_taxonomy"])),
        "states": [{"name": n, "iso_code": names.iso_code(n), "regional_group": states.get(n, "")} for n in sorted(named)],
        "reporting_events": calendar.rows({r.country for r in recs}, reference["bodies"], project.file("calendar.yaml")),
        "treaty_principles": treaty_principles(project),
        "coverage": coverage.rows(recs, {b["id"]: b for b in reference["bodies"]}, project),
    }


def treaty_principles(project: Project) -> list[dict]:
    """What curators recorded (never the machine): the package's foreign key to the recommendations
    stops a build that names one not in the data."""
    found: dict = load_yaml(project.file(TREATY_PRINCIPLES), TREATY_PRINCIPLES)  # type: ignore[assignment]
    return sorted(
        ({**row, "principles": list(row["principles"])} for row in found["principles"]), key=lambda r: r["recommendation"]
    )


def metadata(
    title: str, recs: list[Recommendation], source_rows: list[dict], as_of: dt.date, covered: list[dict] = ()  # type: ignore[assignment]
) -> dict:
    """Descriptor fields; data_date is the latest review date or year in the data and as_of the
    release's date (data/release.yaml), never the clock; the description says what share of each
    document is held (covered: the coverage table)."""
    latest = max((r.date or str(r.year) for r in recs), default="")
    return {
        "name": "un-human-rights-recommendations",
        "title": title,
        "description": f"{title}: {DESCRIPTION} {coverage.sentence(list(covered))}",
        "data_date": latest,
        "as_of": as_of.isoformat(),
        "sources": [
            {"title": s["title"], "path": s["url"], "attribution": s["attribution"], "files": s["files"]} for s in source_rows
        ],
    }
