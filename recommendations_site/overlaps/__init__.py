"""Overlapping recommendations: machine-suggested pairs asking for substantially the same action,
officials' confirmations and rejections from data/curation/overlaps.csv, and clusters.

A pair an official rejected never comes back; a pair an official confirmed is published even if
the machine does not suggest it. Pairs are only suggested between recommendations to the same state."""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from .. import paths
from ..errors import SourceError
from ..model import Recommendation
from ..model.context import Context
from . import asks
from .similarity import similar_pairs

CURATION = paths.CURATION / "overlaps.csv"
METHOD = "tfidf-word-char"  # texts similar enough
ASK_METHOD = "instrument-ask"  # the same action asked on the same instrument (asks.py)
# Chosen on the labelled NZ evaluation set (docs/overlaps.md).
THRESHOLD = 0.45
STATUSES = ("machine-suggested", "confirmed", "rejected")


@dataclass(frozen=True)
class Pair:
    id_a: str
    id_b: str
    score: float | None
    method: str
    status: str


def ordered(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


def suggest(
    recs: list[Recommendation], threshold: float = THRESHOLD, context: Context | None = None
) -> dict[tuple[str, str], Pair]:
    by_country: dict[str, list[Recommendation]] = defaultdict(list)
    for rec in recs:
        by_country[rec.country].append(rec)
    vocabulary = (context or Context()).memo("overlap asks", asks.load)
    pairs = {}
    for group in by_country.values():
        for i, j, score, same_ask in similar_pairs([r.text for r in group], threshold, vocabulary=vocabulary):
            key = ordered(group[i].id, group[j].id)
            pairs[key] = Pair(*key, score, ASK_METHOD if same_ask else METHOD, "machine-suggested")
    return pairs


def read_curation(path: Path | None = None) -> dict[tuple[str, str], str]:
    """Officials' decisions: (id_a, id_b) -> confirmed | rejected."""
    path = path or CURATION
    decisions: dict[tuple[str, str], str] = {}
    if not path.exists():
        return decisions
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = {"id_a", "id_b", "status"} - set(reader.fieldnames or [])
        if missing:
            raise SourceError(path, 1, sorted(missing)[0], f"missing column {sorted(missing)[0]!r}")
        for row_no, row in enumerate(reader, start=2):
            if row["status"] not in ("confirmed", "rejected"):
                raise SourceError(path, row_no, "status", f"{row['status']!r} is not confirmed or rejected")
            if row["id_a"] == row["id_b"]:
                raise SourceError(path, row_no, "id_b", "a recommendation cannot overlap itself")
            key = ordered(row["id_a"].strip(), row["id_b"].strip())
            if key in decisions:
                raise SourceError(path, row_no, "id_a", f"pair {key[0]} / {key[1]} is decided twice")
            decisions[key] = row["status"]
    return decisions


def combine(suggested: dict[tuple[str, str], Pair], decisions: dict[tuple[str, str], str], ids: set[str]) -> list[Pair]:
    """Suggestions with officials' decisions applied; decisions about other datasets' ids are skipped."""
    pairs = dict(suggested)
    for key, status in decisions.items():
        if not set(key) <= ids:
            continue
        found = pairs.get(key)
        pairs[key] = Pair(*key, found.score if found else None, found.method if found else "curated", status)
    return sorted(pairs.values(), key=lambda p: (p.id_a, p.id_b))


def clusters(pairs: list[Pair]) -> dict[str, str]:
    """Recommendation id -> cluster id ('c-' + the smallest member id), over pairs not rejected."""
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for pair in pairs:
        if pair.status != "rejected":
            a, b = root(pair.id_a), root(pair.id_b)
            parent[max(a, b)] = min(a, b)
    return {x: f"c-{root(x)}" for x in parent}


def find(recs: list[Recommendation], curation: Path | None = None, context: Context | None = None) -> list[Pair]:
    """Every published pair (rejected ones included, so the decision is visible in the data);
    sets each recommendation's overlap_cluster."""
    pairs = combine(suggest(recs, context=context), read_curation(curation), {r.id for r in recs})
    cluster_of = clusters(pairs)
    for rec in recs:
        rec.overlap_cluster = cluster_of.get(rec.id, "")
    return pairs
