"""Overlapping recommendations: machine-suggested pairs asking for substantially the same action,
officials' confirmations and rejections from data/curation/overlaps.csv, and clusters.

A pair an official rejected never comes back; a pair an official confirmed is published even if
the machine does not suggest it. Pairs are only suggested between recommendations to the same state."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from .. import paths
from ..errors import SourceError
from ..model import Recommendation
from ..model.context import Context
from ..reading.text import read_text
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
    """Officials' decisions: (id_a, id_b) -> confirmed | rejected. The file is read strictly: UTF-8
    without NUL bytes, a header naming each column once, every row as long as the header."""
    path = path or CURATION
    decisions: dict[tuple[str, str], str] = {}
    if not path.exists():
        return decisions
    rows = csv.reader(io.StringIO(read_text(path), newline=""))
    try:
        header = next(rows, [])
        blank = next((n for n, name in enumerate(header, start=1) if not name.strip()), None)
        if blank is not None:
            raise SourceError(path, 1, "-", f"column {blank} of the header has no name")
        twice = next((name for n, name in enumerate(header) if name in header[:n]), None)
        if twice is not None:
            raise SourceError(path, 1, twice, f"column {twice!r} is named twice in the header")
        missing = sorted({"id_a", "id_b", "status"} - set(header))
        if missing:
            raise SourceError(path, 1, missing[0], f"missing column {missing[0]!r}")
        for row_no, cells in enumerate(rows, start=2):
            if not cells:
                continue  # a blank line
            if len(cells) != len(header):
                raise SourceError(path, row_no, "-", f"{len(cells)} cells where the header has {len(header)}")
            row = dict(zip(header, cells, strict=True))
            if row["status"] not in ("confirmed", "rejected"):
                raise SourceError(path, row_no, "status", f"{row['status']!r} is not confirmed or rejected")
            id_a, id_b = row["id_a"].strip(), row["id_b"].strip()
            if not id_a or not id_b:
                raise SourceError(path, row_no, "id_a" if not id_a else "id_b", "empty: give a recommendation id")
            if id_a == id_b:
                raise SourceError(path, row_no, "id_b", "a recommendation cannot overlap itself")
            key = ordered(id_a, id_b)
            if key in decisions:
                raise SourceError(path, row_no, "id_a", f"pair {key[0]} / {key[1]} is decided twice")
            decisions[key] = row["status"]
    except csv.Error as err:
        raise SourceError(path, rows.line_num, "-", f"not readable CSV: {err}") from None
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
