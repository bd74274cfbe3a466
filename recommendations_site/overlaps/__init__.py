"""Overlapping recommendations: the asks each recommendation states (askmodel.py), the pairs of
recommendations sharing an ask, officials' confirmations and rejections of pairs from
data/curation/overlaps.csv, and clusters (kept for the scale benchmark's resampling).

A pair an official rejected never comes back; a pair an official confirmed is published even if
the machine does not suggest it. Pairs are only suggested between recommendations to the same state."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy import sparse

from ..errors import SourceError
from ..model import Recommendation
from ..model.context import Context
from ..model.reference import load_yaml
from ..project import Project
from ..reading.text import read_text
from . import askmodel, asks, catalogue, parallel
from .similarity import vectorise

CURATION = "curation/overlaps.csv"  # officials' decisions on pairs, under the project's data folder
METHOD = "shared-ask"  # the two recommendations share an ask (askmodel.py)
STATUSES = ("machine-suggested", "confirmed", "rejected")


@dataclass(frozen=True)
class Pair:
    id_a: str
    id_b: str
    score: float | None
    method: str
    status: str


@dataclass
class Overlaps:
    """The asks found, every recommendation's links to them, and the pairs they imply."""

    pairs: list[Pair]
    asks: list[dict]
    links: list[dict]
    decided: dict[tuple[str, str], str] | None = None  # officials' decisions, while the pairs' scores are not yet found


def scored(found: Overlaps, recs: list[Recommendation]) -> Overlaps:
    """found with its pairs' scores, as analyse(recs) finds them: the cosines of the pairs' texts.
    No page shows a score (only the package does), so the preview renders the open page from
    analyse(..., scores=False) and finds the scores after its reload."""
    if found.decided is None:
        return found
    return Overlaps(combine(shared_pairs(recs, found.links), found.decided, {r.id for r in recs}), found.asks, found.links)


def ordered(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


def instrument_names(project: Project) -> dict[str, str]:
    """Instrument id -> the name an ask's title uses (instruments.yaml, else asks.yaml's first name
    that is not an abbreviation: titles are in plain words); "id:committee" -> its committee's name."""
    rows = load_yaml(project.reference("instruments"))
    names = {row["id"]: row["name"] for row in rows}  # type: ignore[union-attr]
    for instrument, aliases in load_yaml(asks.ASKS)["instruments"].items():  # type: ignore[index]
        names.setdefault(instrument, next((a for a in aliases if not a.isupper()), aliases[0]))
    # "id:committee": the name of the body that monitors it, so a title says whose committee "its Committee" is
    bodies = {row["id"]: row["name"] for row in load_yaml(project.reference("bodies"))}  # type: ignore[union-attr]
    names |= {f"{row['id']}:committee": bodies[row["body"]] for row in rows if row.get("body") in bodies}  # type: ignore[union-attr]
    return names


def found_asks(recs: list[Recommendation], context: Context | None = None) -> askmodel.Found:
    context = context or Context()
    project = context.project
    themes = {row["id"] for row in load_yaml(project.reference("themes"))}  # type: ignore[union-attr]
    entries = context.memo("ask catalogue", lambda: catalogue.load(project.file(catalogue.CATALOGUE), themes=themes))
    vocabulary = context.memo("overlap asks", lambda: asks.load(project))
    names = context.memo("instrument names", lambda: instrument_names(project))
    memo = context.memo("asks stated", dict)  # per text: what an earlier run of this context found in it
    return askmodel.find(recs, entries, catalogue.decisions(project.file(catalogue.DECISIONS)), vocabulary, names, memo)


def shared_pairs(
    recs: list[Recommendation], links: list[dict], scores: bool = True, context: Context | None = None
) -> dict[tuple[str, str], Pair]:
    """Every pair of recommendations to the same state sharing an ask (links not rejected), with
    the cosine of their texts as score (scores=False: None, the texts not compared)."""
    by_id = {r.id: r for r in recs}
    members: dict[tuple[str, str], list[str]] = defaultdict(list)  # (country, ask) -> recommendation ids
    for row in links:
        if row["status"] != "rejected" and row["recommendation_id"] in by_id:
            members[(by_id[row["recommendation_id"]].country, row["ask_id"])].append(row["recommendation_id"])
    if not scores:
        return unscored_pairs(members, context)
    keys = pair_keys(members)
    by_country: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for key in keys:
        by_country[by_id[key[0]].country].append(key)
    texts: dict[str, list[str]] = defaultdict(list)
    row_of: dict[str, int] = {}
    for r in recs:
        if r.country in by_country:
            row_of[r.id] = len(texts[r.country])
            texts[r.country].append(r.text)
    jobs = [(texts[c], [row_of[a] for a, _ in keys], [row_of[b] for _, b in keys]) for c, keys in by_country.items()]
    pairs = {}
    for country_keys, scores in zip(by_country.values(), parallel.mapped(state_cosines, jobs, lambda job: len(job[0])), strict=True):
        for (a, b), score in zip(country_keys, scores, strict=True):
            pairs[(a, b)] = Pair(a, b, round(min(score, 1.0), 4), METHOD, "machine-suggested")
    return pairs


def pair_keys(members: dict[tuple[str, str], list[str]]) -> set[tuple[str, str]]:
    return {ordered(a, b) for ids in members.values() for n, a in enumerate(ids) for b in ids[n + 1 :] if a != b}


def unscored_pairs(members: dict[tuple[str, str], list[str]], context: Context | None) -> dict[tuple[str, str], Pair]:
    """The pairs of members, without scores. The preview finds them after every edit, mostly from
    the same members (an edit seldom changes which asks a text shares): the pairs are remembered
    per context with the members they came from, and each pair is made once."""
    memo = context.memo("pairs without scores", dict) if context else {}
    signature = {key: frozenset(ids) for key, ids in members.items()}  # the pairs depend on nothing else
    if memo.get("members") == signature:
        return memo["pairs"]
    made = memo.setdefault("made", {})
    pairs = {key: made.get(key) or made.setdefault(key, Pair(*key, None, METHOD, "machine-suggested")) for key in pair_keys(members)}
    memo.update(members=signature, pairs=pairs)
    return pairs


def state_cosines(job: tuple[list[str], list[int], list[int]]) -> list[float]:
    """One state's texts compared (vectorise), and the cosine of each pair of them (rows a, rows b)."""
    texts, rows_a, rows_b = job
    return cosines(vectorise(texts).tocsr(), rows_a, rows_b)


PAIRS_AT_ONCE = 20_000  # pairs whose elementwise products are held at once: bounds memory at any scale


def cosines(matrix: sparse.csr_matrix, rows_a: list[int], rows_b: list[int]) -> list[float]:
    """The dot product of row a and row b of matrix, for each pair: the products of a pair summed in
    column order, exactly as float(matrix[a].multiply(matrix[b]).sum()), but for many pairs at once
    (one sparse product per pair took 41,000 recommendations' import minutes)."""
    scores: list[float] = []
    for start in range(0, len(rows_a), PAIRS_AT_ONCE):
        products = matrix[rows_a[start : start + PAIRS_AT_ONCE]].multiply(matrix[rows_b[start : start + PAIRS_AT_ONCE]]).tocsr()
        products.sum_duplicates()  # sorts each row's products by column, as .sum() of one pair does
        data, bounds = products.data, products.indptr
        scores.extend(float(np.sum(data[bounds[k] : bounds[k + 1]])) for k in range(len(bounds) - 1))
    return scores


def read_curation(path: Path) -> dict[tuple[str, str], str]:
    """Officials' decisions: (id_a, id_b) -> confirmed | rejected. The file is read strictly: UTF-8
    without NUL bytes, a header naming each column once, every row as long as the header."""
    decisions: dict[tuple[str, str], str] = {}
    if not path.exists():
        return decisions
    rows = csv.reader(io.StringIO(read_text(path), newline=""), strict=True)  # strict: an unterminated quote is an error
    done = 0  # the last line of the last row read: a row that cannot be read begins on the next
    try:
        header = next(rows, [])
        done = rows.line_num
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
            if not cells:  # a blank line
                done = rows.line_num
                continue
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
            done = rows.line_num
    except csv.Error as err:
        hint = ": a quote opened here is never closed" if "end of data" in str(err) else ""
        raise SourceError(path, done + 1, "-", f"not readable CSV ({err}){hint}") from None
    return decisions


def combine(suggested: dict[tuple[str, str], Pair], decisions: dict[tuple[str, str], str], ids: set[str]) -> list[Pair]:
    """Suggestions with officials' decisions applied; decisions about other datasets' ids are skipped."""
    pairs = dict(suggested)
    for key, status in decisions.items():
        if not set(key) <= ids:
            continue
        found = pairs.get(key)
        pairs[key] = Pair(*key, found.score if found else None, found.method if found else "curated", status)
    return [pairs[key] for key in sorted(pairs)]  # by (id_a, id_b)


def combined(
    suggested: dict[tuple[str, str], Pair], decisions: dict[tuple[str, str], str], ids: set[str], context: Context | None
) -> list[Pair]:
    """combine(...), the very same list again (context: remembered per context) when the same
    suggestions (the same object: unscored_pairs()), decisions and ids come again."""
    if context is None:
        return combine(suggested, decisions, ids)
    memo = context.memo("pairs combined", dict)
    if memo.get("suggested") is not suggested or memo.get("decisions") != decisions or memo.get("ids") != ids:
        memo.update(suggested=suggested, decisions=decisions, ids=ids, pairs=combine(suggested, decisions, ids))
    return memo["pairs"]


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


def analyse(
    recs: list[Recommendation], curation: Path | None = None, context: Context | None = None, scores: bool = True
) -> Overlaps:
    """Asks, links and pairs; sets each recommendation's overlap_cluster to its most shared ask.
    scores=False: the pairs without their scores, found later by scored()."""
    context = context or Context()
    found = found_asks(recs, context)
    asks_rows, links = askmodel.tables(found)
    decided = read_curation(curation or context.project.file(CURATION))
    pairs = combined(shared_pairs(recs, links, scores, context), decided, {r.id for r in recs}, None if scores else context)
    sizes: dict[str, int] = defaultdict(int)
    for row in links:
        if row["status"] != "rejected":
            sizes[row["ask_id"]] += 1
    mine: dict[str, list[str]] = defaultdict(list)
    for row in links:
        if row["status"] != "rejected" and sizes[row["ask_id"]] > 1:
            mine[row["recommendation_id"]].append(row["ask_id"])
    for rec in recs:
        rec.overlap_cluster = min(mine[rec.id], key=lambda a: (-sizes[a], a)) if mine.get(rec.id) else ""
    return Overlaps(pairs, asks_rows, links, None if scores else decided)


def find(recs: list[Recommendation], curation: Path | None = None, context: Context | None = None) -> list[Pair]:
    """Every published pair (rejected ones included, so the decision is visible in the data)."""
    return analyse(recs, curation, context).pairs
