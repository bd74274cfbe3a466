"""Plain-language summaries (data/curation/summaries.yaml): a recommendation in plain words,
written and signed by a person, shown above the UN's text as "In plain words" and in the Easy Read
layout. Read strictly against curated.yaml's schema, then checked against the recommendations
and as_of; they become the canonical table summaries. Nothing here is ever machine-generated."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..errors import Problem
from ..model.reference import curated_schemas, published, read_loaded, shown

KIND = "curation/summaries.yaml"


def missing(path: Path) -> Problem | None:
    """A summaries file that is not there is refused, never taken as 'no summaries'."""
    if path.is_file():
        return None
    what = "is a folder, not a file" if path.is_dir() else "no such file"
    return Problem(shown(path), 0, "-", f"{what}: summaries are read from data/curation/summaries.yaml (or --summaries FILE)")


def lines(text: str) -> str:
    """One idea per line, as written: blank lines and each line's spacing dropped."""
    return "\n".join(" ".join(line.split()) for line in text.splitlines() if line.strip())


def read(path: Path, rec_ids: set[str], as_of: dt.date) -> tuple[list[dict], list[Problem]]:
    """The summaries table and its problems (file:line:field: the line of the field at fault, or of
    the recommendation's id for the entry as a whole). The file is read whole (InvalidPackage when
    it breaks its schema), so its problems here are about the recommendations, dates and texts."""
    name = shown(path)
    loaded = read_loaded(path, curated_schemas()[KIND], name)
    rows, problems = [], []
    for rec, entry in (loaded.data.get("summaries") or {}).items():  # type: ignore[union-attr]
        at = ("summaries", rec)
        if rec not in rec_ids:
            problems.append(Problem(name, loaded.key_line(at), rec, f"{rec!r} is not a recommendation in this build"))
            continue
        day = dt.date.fromisoformat(entry["date"])  # the schema checked it is a date that exists
        if day > as_of:
            message = f"{day} is after the release date {as_of} (data/release.yaml as_of)"
            problems.append(Problem(name, loaded.line((*at, "date")), "date", message))
        row = {"recommendation": rec, "summary": lines(entry["summary"]), "author": " ".join(entry["author"].split())}
        problems += [Problem(name, loaded.line((*at, key)), key, "required: more than spaces") for key in row if not row[key]]
        rows.append({**row, "date": day, "source_ref": f"{published(path)}:{loaded.key_line(at)}"})
    return sorted(rows, key=lambda r: r["recommendation"]), problems
