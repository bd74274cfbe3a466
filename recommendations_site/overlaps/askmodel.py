"""Asks as records of their own: every recommendation's asks, found three ways, with officials'
decisions applied.

- `instrument-name`: an action asked of a named instrument (asks.py): "ratify-icmw".
- `catalogue`: a policy ask of the curated catalogue stated by one of its requests (requests.py).
- `request-similarity`: requests that neither name an instrument nor match the catalogue are
  grouped with the most similar ones (TF-IDF cosine >= PROPOSE to the group's first request, so a
  group never chains); a group of two or more recommendations becomes a proposed ask, titled with
  its first request, for officials to name and accept.

A group is always the recommendations sharing one ask, never a chain of pairs."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from scipy import sparse

from ..errors import InvalidPackage, Problem
from ..model import Recommendation
from ..model.package import natural_key
from . import asks_titles, parallel
from .asks import COMPETENCE, MENTION, Vocabulary, asks, fold, named
from .catalogue import Decisions
from .requests import Entry, catalogue_asks, requests
from .similarity import CHUNK_CELLS, action_text, vectorise

# A treaty body's concerns or observations ("The Committee notes with concern ...", "... commends
# the State party ...") ask nothing: such a paragraph never joins an ask, unless it also states a
# request ("recommends", "urges", "should").
OBSERVES = re.compile(
    r"\b(?:is|are|remains?|was)\s+(?:\w+\s+)?concerned\b|\bnotes?\s+with\s+(?:\w+\s+)?concern\b|\bregrets\b|"
    r"\b(?:commends|welcomes|notes|acknowledges|appreciates)\s+(?:the\s+)?(?:state\s+party|that|with)\b|"
    r"\bcommittee\s+(?:\w+\s+)?(?:commends|welcomes|notes|acknowledges|appreciates|takes\s+note)\b",
    re.IGNORECASE,
)
REQUESTS = re.compile(r"\b(?:recommends?|urges?|calls\s+(?:up)?on|should|requests?|encourages?)\b", re.IGNORECASE)
PROPOSE = 0.6  # cosine of two unmatched requests to the same state for a proposed ask (docs/overlaps.md)
ACTION_TITLES = {
    "ratify": "Ratify the {}",
    "support": "Support the {}",
    "incorporate": "Incorporate the {} into domestic law",
    "implement": "Implement the {}",
    "withdraw-reservation": "Withdraw the reservations to the {}",
    "accept-procedure": "Accept the complaints procedure of the {}",
}


@dataclass
class Found:
    asks: dict[str, dict]  # ask id -> asks row
    links: dict[tuple[str, str], dict]  # (recommendation id, ask id) -> recommendation_asks row


def link(rec_id: str, ask_id: str, method: str, score: float | None = 1.0, status: str = "machine-suggested") -> dict:
    return {"recommendation_id": rec_id, "ask_id": ask_id, "method": method, "status": status, "score": score}


class Stated(NamedTuple):
    """What one text states, whoever recommends it: the same for the same text (Memo)."""

    observes: bool  # a concerns paragraph: it asks nothing
    instrument: tuple[tuple[str, dict], ...]  # (action, asks row) of each instrument ask, in link order
    matched: dict[str, int]  # catalogue ask id -> the request stating it
    unmatched: tuple[str, ...]  # requests left for the proposed asks, in order


Memo = dict[str, Stated]  # text -> what it states, for one catalogue, vocabulary and names


def instrument_rows(text: str, vocabulary: Vocabulary, names: dict[str, str]) -> tuple[tuple[str, dict], ...]:
    """(action, asks row) of every instrument ask text states, in the order they are linked."""
    rows = []
    for action, instrument in sorted(asks(action_text(text), vocabulary)):
        if action == MENTION or instrument in vocabulary.vague:
            continue
        title = ACTION_TITLES[action].format(names.get(instrument, instrument))
        if action == "accept-procedure" and f"{instrument}:committee" in names:  # the body, in words
            title = f"Recognise the competence of the {names[f'{instrument}:committee']} to receive individual complaints"
        rows.append((action, {"id": f"{action}-{instrument}", "title": title, "kind": "instrument", "instrument": instrument}))
    return tuple(rows)


def stated(text: str, catalogue: list[Entry], vocabulary: Vocabulary, names: dict[str, str]) -> Stated:
    """What text states: its instrument and catalogue asks, and the requests neither matches."""
    if observes(text):
        return Stated(True, (), {}, ())
    instrument = instrument_rows(text, vocabulary, names)
    accepts = any(action == "accept-procedure" for action, _ in instrument)
    parts = requests(action_text(text))
    matched = catalogue_asks(parts, catalogue)
    used = set(matched.values())
    unmatched = []
    for index, part in enumerate(parts):
        if accepts and COMPETENCE.search(fold(part)):  # "recognize the competence of its Committee": the treaty's ask
            continue
        if index not in used and not named(fold(part), vocabulary) and len(part.split()) >= 3:
            unmatched.append(part)
    return Stated(False, instrument, matched, tuple(unmatched))


def observes(text: str) -> bool:
    """A concerns or observations paragraph: it observes and asks nothing."""
    return bool(OBSERVES.search(text)) and not REQUESTS.search(text)


def titled(request: str, rec: Recommendation, vocabulary: Vocabulary, names: dict[str, str]) -> str:
    """A proposed ask's title: the action and its object in words (asks_titles.py), "its Committee"
    named after the instrument the recommendation names."""
    committees = [names[f"{i}:committee"] for _, _, i in named(fold(rec.text), vocabulary) if f"{i}:committee" in names]
    parts = requests(action_text(rec.text))
    index = parts.index(request) if request in parts else 0
    previous = parts[index - 1] if index else None
    return asks_titles.title(request, previous, action_text(rec.text), committees[0] if committees else None)


def proposals(requests: list[tuple[str, str]]) -> list[tuple[int, list[tuple[int, float]]]]:
    """One state's unmatched requests (recommendation id, text) grouped around each group's first
    request: (its index, [(member index, cosine)]), for groups of two recommendations or more."""
    if len(requests) < 2:
        return []
    matrix = vectorise([text for _, text in requests]).tocsr()
    taken = np.zeros(len(requests), dtype=bool)
    groups = []
    for i, sims in enumerate(similarities(matrix)):
        if taken[i]:
            continue
        members = [j for j in np.flatnonzero((sims >= PROPOSE) & ~taken) if requests[j][0] != requests[i][0] or j == i]
        if len({requests[j][0] for j in members}) < 2:
            continue
        taken[members] = True
        groups.append((i, [(int(j), round(float(sims[j]), 4)) for j in members]))
    return groups


def propose(
    unmatched: list[tuple[Recommendation, str]],
    groups: list[tuple[int, list[tuple[int, float]]]],
    found: Found,
    vocabulary: Vocabulary,
    names: dict[str, str],
) -> None:
    """Proposed asks from one state's unmatched requests and their groups (proposals())."""
    seeded: dict[str, int] = {}
    for i, members in groups:
        seed, text = unmatched[i]
        # a recommendation seeding two groups (two of its requests) seeds two asks, never one
        seeded[seed.id] = seeded.get(seed.id, 0) + 1
        ask_id = f"proposed-{seed.id}" + (f"-{seeded[seed.id]}" if seeded[seed.id] > 1 else "")
        found.asks.setdefault(
            ask_id,
            {"id": ask_id, "title": titled(text, seed, vocabulary, names), "kind": "proposed", "instrument": "", "themes": []},
        )
        for j, score in members:
            key = (unmatched[j][0].id, ask_id)
            if key not in found.links:
                found.links[key] = link(key[0], ask_id, "request-similarity", score)


def similarities(matrix: sparse.csr_matrix) -> Iterator[np.ndarray]:
    """Each row's cosines with every row, a block of rows at a time (memory bounded at any size):
    row i of a block's product is summed in the same order as matrix[i] @ matrix.T alone."""
    other = matrix.T.tocsr()
    rows = max(1, CHUNK_CELLS // max(1, matrix.shape[0]))
    for start in range(0, matrix.shape[0], rows):
        yield from (matrix[start : start + rows] @ other).toarray()


def machine(
    recs: list[Recommendation], catalogue: list[Entry], vocabulary: Vocabulary, names: dict[str, str], memo: Memo | None = None
) -> Found:
    """Every ask the machine finds, before officials' decisions. memo: what each text stated in
    an earlier run with the same catalogue, vocabulary and names (the preview's: an edit of one
    recommendation reads one text again, not every one)."""
    memo = {} if memo is None else memo
    found = Found({}, {})
    for entry in catalogue:
        found.asks[entry.id] = {
            "id": entry.id,
            "title": entry.title,
            "kind": "policy",
            "instrument": "",
            "themes": list(entry.themes),
        }
    unmatched: dict[str, list[tuple[Recommendation, str]]] = defaultdict(list)
    for rec in sorted(recs, key=lambda r: (r.country, natural_key(r.id))):
        says = memo.get(rec.text)
        if says is None:
            says = memo[rec.text] = stated(rec.text, catalogue, vocabulary, names)
        for _, row in says.instrument:
            found.asks.setdefault(row["id"], {**row, "themes": []})  # a copy: officials' renames change it
            found.links[(rec.id, row["id"])] = link(rec.id, row["id"], "instrument-name")
        for ask_id in says.matched:
            found.links[(rec.id, ask_id)] = link(rec.id, ask_id, "catalogue")
        unmatched[rec.country].extend((rec, part) for part in says.unmatched)
    countries = sorted(unmatched)  # each state's requests are grouped on its own: on every core
    jobs = [[(rec.id, text) for rec, text in unmatched[country]] for country in countries]
    for country, groups in zip(countries, parallel.mapped(proposals, jobs, len), strict=True):
        propose(unmatched[country], groups, found, vocabulary, names)
    return found


def apply(found: Found, decisions: Decisions, ids: set[str]) -> list[Problem]:
    """Officials' decisions applied in place: merges, splits, renames, then links. Decisions about
    recommendations absent from this dataset are skipped; one naming an ask that does not exist is
    a problem (file:line:field)."""
    problems: list[Problem] = []

    def exists(ask_id: str, line: int, where: str) -> bool:
        if ask_id not in found.asks:
            problems.append(Problem(decisions.file, line, where, f"no ask {ask_id!r}: see asks.csv of the package"))
            return False
        return True

    for ask_id, (into, line) in sorted(decisions.merges.items()):
        if exists(ask_id, line, "ask") and exists(into, line, "into"):
            for key in [k for k in found.links if k[1] == ask_id]:
                row = found.links.pop(key)
                found.links.setdefault((key[0], into), {**row, "ask_id": into})
            del found.asks[ask_id]
    for ask_id, into, title, members, line in decisions.splits:
        if into in found.asks:
            problems.append(Problem(decisions.file, line, "into", f"ask {into!r} exists already: merge into it instead"))
        elif exists(ask_id, line, "ask"):
            found.asks[into] = {**found.asks[ask_id], "id": into, "title": title, "kind": found.asks[ask_id]["kind"]}
            for rec_id in members:
                row = found.links.pop((rec_id, ask_id), None) or link(rec_id, into, "curated", None, "confirmed")
                found.links[(rec_id, into)] = {**row, "ask_id": into}
    for ask_id, (title, line) in sorted(decisions.renames.items()):
        if exists(ask_id, line, "ask"):
            found.asks[ask_id]["title"] = title
    for (rec_id, named_ask), (status, line) in sorted(decisions.links.items()):
        ask_id = merged_into(named_ask, decisions)  # a decision about a merged ask follows it
        if rec_id not in ids or (status == "rejected" and ask_id not in found.asks) or not exists(ask_id, line, "ask"):
            continue
        row = found.links.get((rec_id, ask_id)) or link(rec_id, ask_id, "curated", None)
        found.links[(rec_id, ask_id)] = {**row, "status": status}
    return problems


def merged_into(ask_id: str, decisions: Decisions) -> str:
    """The ask an ask was merged into (following merges of merges), or the ask itself."""
    seen = {ask_id}
    while ask_id in decisions.merges and decisions.merges[ask_id][0] not in seen:
        ask_id = decisions.merges[ask_id][0]
        seen.add(ask_id)
    return ask_id


def tables(found: Found) -> tuple[list[dict], list[dict]]:
    """The asks (those with a link) and recommendation_asks tables, in a fixed order."""
    used = {ask for _, ask in found.links}
    asks_rows = [found.asks[a] for a in sorted(used)]
    links = sorted(found.links.values(), key=lambda r: (natural_key(r["recommendation_id"]), r["ask_id"]))
    return asks_rows, links


def find(
    recs: list[Recommendation],
    catalogue: list[Entry],
    decisions: Decisions,
    vocabulary: Vocabulary,
    names: dict[str, str],
    memo: Memo | None = None,
) -> Found:
    found = machine(recs, catalogue, vocabulary, names, memo)
    problems = apply(found, decisions, {r.id for r in recs})
    if problems:
        raise InvalidPackage(sorted(problems))
    return found
