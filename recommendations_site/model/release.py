"""Release manifests and what changed between two releases.

When officials publish a release, `build.py release` records its manifest in
data/releases/<as_of>.json: for each row of the recommendations and tracking tables, its id, a
SHA-256 of its canonical CSV line and, for recommendations, the response and a hash of the text
alone, for actions the status. Ids, hashes, responses and statuses only: never a text, so the
manifest can be committed (recommendation texts reach the site only through an import).

The build compares its package with the newest manifest dated strictly before the package's
as_of (a manifest for as_of itself records this release, so rebuilding a published release shows
the same changes) that covers the same countries. Where the row was recorded (`source_ref`: file
and line) is left out of the hash: moving a row in its file is not a change."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InvalidPackage, OutputError, PackageError, Problem
from ..files import atomic_write
from ..reading import ReadError, jsonfile
from ..reading.schema import problems as schema_problems
from ..reading.text import line_of, read_text
from ..reading.yamlfile import Loaded
from . import package
from .recommendation import Recommendation
from .reference import file_schema, shown

TABLES = {  # table -> (the field that identifies a row, fields recorded as they are)
    "recommendations": ("id", ("response",)),
    "actions": ("id", ("status",)),
    "progress_updates": ("id", ()),
    "response_rationales": ("recommendation", ()),
}
KINDS = {  # kind of change -> (table, what it is)
    "recommendation-new": ("recommendations", "new"),
    "recommendation-removed": ("recommendations", "removed"),
    "response-changed": ("recommendations", "response"),
    "text-changed": ("recommendations", "text"),
    "recommendation-changed": ("recommendations", "changed"),
    "action-new": ("actions", "new"),
    "action-removed": ("actions", "removed"),
    "status-changed": ("actions", "status"),
    "action-changed": ("actions", "changed"),
    "progress-new": ("progress_updates", "new"),
    "progress-removed": ("progress_updates", "removed"),
    "progress-changed": ("progress_updates", "changed"),
    "rationale-new": ("response_rationales", "new"),
    "rationale-removed": ("response_rationales", "removed"),
    "rationale-changed": ("response_rationales", "changed"),
}
PREFIX = {
    "recommendations": "recommendation",
    "actions": "action",
    "progress_updates": "progress",
    "response_rationales": "rationale",
}
UNRECORDED = {"source_ref", "field_sources"}  # where a row is recorded and from which source, not what it says


class ReleaseError(PackageError):
    """A manifest that cannot be read, or one that would overwrite another."""


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _hashed_lines(table: str, rows: list[dict]) -> list[str]:
    return package.csv_lines(Path(f"{table}.csv"), table, [{**row, **dict.fromkeys(UNRECORDED)} for row in rows])


def manifest(recs: list[Recommendation], tables: dict[str, list[dict]], meta: dict) -> dict:
    """The manifest of a package (its recommendations, tables and descriptor): ids, hashes,
    responses and statuses only."""
    rows = {t: tables.get(t, []) for t in TABLES} | {"recommendations": [package.as_row(r) for r in recs]}
    recorded: dict[str, dict[str, dict]] = {}
    for table, (key, kept) in TABLES.items():
        entries = recorded[table] = {}
        for row, line in zip(rows[table], _hashed_lines(table, rows[table]), strict=True):
            entry = {"sha256": _sha256(line)} | {name: row.get(name) or "" for name in kept}
            if table == "recommendations":
                entry["text_sha256"] = _sha256(row["text"])
            entries[str(row[key])] = entry
    return {"as_of": meta.get("as_of", ""), "countries": sorted({r.country for r in recs}), "tables": recorded}


def manifest_path(releases: Path, as_of: str) -> Path:
    return releases / f"{as_of}.json"


def check_folder(releases: Path) -> None:
    """releases is a folder, or none yet: a file given as --releases is refused (OutputError), never
    read as 'no releases' nor written under."""
    for place in (releases, *releases.parents):
        if place.exists() and not place.is_dir():
            where = "" if place == releases else f" ({place} is a file)"
            raise OutputError(f"{releases}: --releases names a file, not a folder{where}: give the folder of release manifests")
        if place.exists():
            return


def record(found: dict, releases: Path) -> Path:
    """Write a manifest as releases/<as_of>.json; an existing one is never overwritten."""
    try:
        dt.date.fromisoformat(found["as_of"])
    except ValueError:
        raise ReleaseError(f"datapackage.json:0:as_of: {found['as_of']!r} is not a date: import the package again") from None
    check_folder(releases)
    target = manifest_path(releases, found["as_of"])
    if target.exists():
        raise OutputError(
            f"{target}: a release for {found['as_of']} is already recorded and is never overwritten; "
            "move as_of in data/release.yaml forward for a new release"
        )
    releases.mkdir(parents=True, exist_ok=True)
    atomic_write(target, json.dumps(found, ensure_ascii=False, indent=1) + "\n")
    return target


@dataclass
class _Manifest(Loaded):
    """A manifest's data and text: a value's line is where its keys are first found in order (the
    manifest is written one key a line)."""

    text: str = ""

    def line(self, where: tuple[str | int, ...]) -> int:
        at = 0
        for step in (s for s in where if isinstance(s, str)):
            found = self.text.find(json.dumps(step, ensure_ascii=False) + ":", at)
            if found < 0:
                break
            at = found
        return line_of(self.text, at)


def read_manifest(path: Path) -> dict:
    """A release manifest read strictly (no duplicate keys, nesting bounded) and checked against its
    schema (curated.yaml); InvalidPackage (file:line:field) otherwise."""
    name, fix = shown(path), "restore it from the repository"
    try:
        text = read_text(path)
        found = jsonfile.parse(path, text)  # the text is kept: problems are located in it
    except ReadError as err:
        raise InvalidPackage([Problem(name, int(err.row), err.field, f"{err.message}; {fix}")]) from None
    problems = schema_problems(_Manifest(found, text=text), file_schema("releases/AS_OF.json"), name)
    if not problems and found["as_of"] != path.stem:
        problems = [
            Problem(
                name, _Manifest(found, text=text).line(("as_of",)), "as_of", f"{found['as_of']!r} is not the date in its name"
            )
        ]
    if problems:
        raise InvalidPackage([Problem(p.file, p.row, p.field, f"{p.message}; {fix}") for p in problems])
    return found


def previous(releases: Path, as_of: str, countries: list[str]) -> dict | None:
    """The newest manifest in releases dated strictly before as_of that covers the same
    countries, or None (this is the first recorded release). A file there that is not a manifest
    named by its date (AS_OF.json) is refused: InvalidPackage."""
    check_folder(releases)
    if not releases.is_dir():
        return None
    dated = []
    for path in releases.glob("*.json"):
        try:
            day = dt.date.fromisoformat(path.stem).isoformat()
        except ValueError:
            day = ""
        if day != path.stem:
            message = "not a release manifest's name (AS_OF.json, as 2026-11-23.json): rename it or move it elsewhere"
            raise InvalidPackage([Problem(shown(path), 0, "-", message)])
        if day < as_of:
            dated.append((day, path))
    for _, path in sorted(dated, reverse=True):
        found = read_manifest(path)
        if found["countries"] == countries:
            return found
    return None


def first_published(releases: Path, as_of: str, countries: list[str]) -> dict[str, str]:
    """Recommendation id -> the as_of of the earliest recorded release (up to as_of, same countries)
    that held it: the day it was first published. A recommendation no release holds yet is absent."""
    if not releases.is_dir():
        return {}
    found: dict[str, str] = {}
    for path in sorted(releases.glob("*.json"), reverse=True):  # the earliest last, so it wins
        if path.stem <= as_of:
            manifest = read_manifest(path)
            if manifest["countries"] == countries:
                found.update(dict.fromkeys(manifest["tables"]["recommendations"], manifest["as_of"]))
    return found


def changes(recs: list[Recommendation], tables: dict[str, list[dict]], meta: dict, releases: Path) -> Changes:
    """What changed in this package since the previous recorded release (hashing the package's rows
    only when there is one to compare with)."""
    countries = sorted({r.country for r in recs})
    old = previous(releases, meta.get("as_of", ""), countries)
    if old is None:
        counts = {t: len(recs) if t == "recommendations" else len(tables.get(t, [])) for t in TABLES}
        return Changes(meta.get("as_of", ""), "", counts)
    return compare(old, manifest(recs, tables, meta))


@dataclass
class Changes:
    """What changed since the previous release, by kind of change, each a list of
    {"id", and for a changed response or status "from" and "to"}; since is the previous release's
    as_of, or "" when there is none (then only counts describes this release)."""

    as_of: str
    since: str
    counts: dict[str, int]
    items: dict[str, list[dict]] = field(default_factory=lambda: {kind: [] for kind in KINDS})

    @property
    def total(self) -> int:
        return sum(len(v) for v in self.items.values())


def compare(old: dict | None, new: dict) -> Changes:
    """The changes from manifest old (None: no earlier release) to manifest new, by id, in the
    order of the new package's rows (removed ones in the order of the old)."""
    changes = Changes(new["as_of"], old["as_of"] if old else "", {t: len(rows) for t, rows in new["tables"].items()})
    if old is None:
        return changes
    for table, (_, kept) in TABLES.items():
        before, after = old["tables"].get(table, {}), new["tables"][table]
        prefix = PREFIX[table]
        for key, entry in after.items():
            was = before.get(key)
            if was is None:
                changes.items[f"{prefix}-new"].append({"id": key})
                continue
            if was.get("sha256") == entry["sha256"]:
                continue
            told = False  # a change of response, status or text is named; any other is "changed"
            for name in kept:
                if was.get(name) != entry[name]:
                    kind = "response-changed" if name == "response" else "status-changed"
                    changes.items[kind].append({"id": key, "from": was.get(name) or "", "to": entry[name]})
                    told = True
            if "text_sha256" in entry and was.get("text_sha256") != entry["text_sha256"]:
                changes.items["text-changed"].append({"id": key})
                told = True
            if not told:
                changes.items[f"{prefix}-changed"].append({"id": key})
        changes.items[f"{prefix}-removed"] += [{"id": key} for key in before if key not in after]
    return changes
