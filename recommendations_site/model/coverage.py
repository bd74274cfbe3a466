"""The coverage table: for each UN document (a review's report, a treaty body's concluding
observations), how many recommendations a source says it holds and how many the package holds.

Totals come only from data/reference/document_totals.yaml, each with the source that states it;
a document with no sourced total is `total-unknown`, never estimated. Every document the package
holds gets a row, listed there or not; a listed one the package does not hold gets a row with 0."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from ..errors import InvalidPackage, Problem
from ..project import Project
from .recommendation import Recommendation, slug
from .reference import file_schema, read_loaded, shown

TOTALS = "reference/document_totals.yaml"


def review_id(rec: Recommendation) -> str:
    """One review = one report: its document symbol, else body + session for the state (the
    review page's address; render/hubs.py)."""
    return slug(rec.document_symbol) if rec.document_symbol else slug(f"{rec.country} {rec.body} session {rec.session}")


def curated(countries: set[str], bodies: dict[str, dict], path: Path) -> list[dict]:
    """The listed documents of the package's one country (none for another or several), checked:
    a body not in bodies.yaml or a document listed twice is file:line:field."""
    loaded = read_loaded(path, file_schema(TOTALS))
    if countries != {loaded.data["country"]}:  # type: ignore[index]
        return []
    found, seen, entries = [], {}, []
    for n, entry in enumerate(loaded.data["documents"]):  # type: ignore[index]
        line = loaded.line(("documents", n, "document"))
        if entry["body"] not in bodies:
            found.append(
                Problem(
                    shown(path),
                    loaded.line(("documents", n, "body")),
                    "body",
                    f"{entry['body']!r} is not a body in data/reference/bodies.yaml",
                )
            )
        if entry["document"] in seen:
            found.append(
                Problem(shown(path), line, "document", f"{entry['document']!r} is also listed on line {seen[entry['document']]}")
            )
        seen[entry["document"]] = line
        entries.append({**entry, "line": loaded.line(("documents", n, "total"))})
    if found:
        raise InvalidPackage(found)
    return entries


def status(total: int | None, held: int) -> str:
    if total is None:
        return "total-unknown"
    return "complete" if held >= total else "partial"


def rows(recs: list[Recommendation], bodies: dict[str, dict], project: Project) -> list[dict]:
    """One row per document, newest first; a total fewer than those held stops the build (its
    source or the import is wrong, and the site must not say "complete" of either)."""
    held: dict[str, list[Recommendation]] = defaultdict(list)
    for rec in recs:
        held[review_id(rec)].append(rec)
    countries = {r.country for r in recs}
    listed = {slug(e["document"]): e for e in curated(countries, bodies, project.file(TOTALS))}
    out, found = [], []
    for key in sorted(set(held) | set(listed)):
        entry, members = listed.get(key), held.get(key, [])
        first = members[0] if members else None
        body = entry["body"] if entry else first.body  # type: ignore[union-attr]
        total = entry["total"] if entry else None
        if total is not None and len(members) > total:
            found.append(
                Problem(
                    shown(project.file(TOTALS)),
                    entry["line"],
                    "total",  # type: ignore[index]
                    f"{total} is fewer than the {len(members)} recommendations held for {entry['document']}",
                )
            )  # type: ignore[index]
        out.append(
            {
                "id": key,
                "country": first.country if first else next(iter(countries)),
                "mechanism": bodies.get(body, {}).get("mechanism") or (first.mechanism if first else ""),
                "body": body,
                "document_symbol": entry["document"] if entry else first.document_symbol,  # type: ignore[union-attr]
                "year": entry["year"] if entry else first.year,  # type: ignore[union-attr]
                "total": total,
                "total_source": " ".join(entry["source"].split()) if entry else "",
                "total_source_url": (entry.get("source_url") or "") if entry else "",
                "held": len(members),
                "status": status(total, len(members)),
            }
        )
    if found:
        raise InvalidPackage(found)
    return sorted(out, key=lambda r: (-r["year"], r["body"], r["id"]))


def summary(rows: list[dict]) -> dict:
    """Counts across rows: documents, those with a sourced total, the recommendations those
    totals count, how many of them are held, and what is held of documents with no total."""
    known = [r for r in rows if r["total"] is not None]
    return {
        "documents": len(rows),
        "known": len(known),
        "unknown": len(rows) - len(known),
        "total": sum(r["total"] for r in known),
        "held_of_known": sum(r["held"] for r in known),
        "held_of_unknown": sum(r["held"] for r in rows if r["total"] is None),
        "complete": sum(r["status"] == "complete" for r in rows),
    }


def sentence(rows: list[dict], lead: str = "Coverage", table: str = "are in the coverage table") -> str:
    """Coverage in one plain English sentence, for a Data Package's description (lead: what it is
    the coverage of; held counts are always the whole package's)."""
    if not rows:
        return f"{lead}: no UN document is listed for these recommendations."
    s = summary(rows)
    parts = [f"{lead}: {s['documents']} UN document(s)"]
    if s["known"]:
        parts.append(
            f"; for the {s['known']} whose total a source states, {s['held_of_known']} of their {s['total']} recommendations are held"
        )
    if s["unknown"]:
        parts.append(f"; for {s['unknown']}, the total is not known ({s['held_of_unknown']} held)")
    return "".join(parts) + f". Each document's total, its source and status (complete, partial, total-unknown) {table}."
