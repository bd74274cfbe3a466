"""Assemble the canonical tables: imported recommendations plus the reference tables they use."""

from __future__ import annotations

from .. import paths
from .package import recommendation_rows
from .recommendation import Recommendation
from .reference import sdg_table, sources_config, yaml_tables


def tables(recs: list[Recommendation], states: dict[str, str], files: dict[str, list[str]]) -> dict[str, list[dict]]:
    reference = yaml_tables()
    used_sources = {r.source for r in recs} | set(files)
    reference["sources"] = [
        {**row, "files": sorted(files.get(row["id"], []))} for row in reference["sources"] if row["id"] in used_sources
    ]
    named = {s for r in recs for s in r.recommending_states}
    return {
        "recommendations": recommendation_rows(recs),
        **reference,
        "sdgs": sdg_table(paths.from_root(sources_config()["sdg_taxonomy"])),
        "states": [{"name": n, "regional_group": states.get(n, "")} for n in sorted(named)],
    }


def metadata(title: str, recs: list[Recommendation], source_rows: list[dict]) -> dict:
    """Descriptor fields; data_date is the latest review date or year in the data, never the clock."""
    latest = max((r.date or str(r.year) for r in recs), default="")
    return {
        "name": "un-human-rights-recommendations",
        "title": title,
        "data_date": latest,
        "sources": [
            {"title": s["title"], "path": "|".join(s["files"]) or "", "attribution": s["attribution"]} for s in source_rows
        ],
    }
