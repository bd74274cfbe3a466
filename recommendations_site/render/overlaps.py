"""Overlapping recommendations as pages show them: 'also recommended' on each recommendation page,
and each member of a group of recurring asks."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from operator import itemgetter
from typing import Any

from markupsafe import Markup

from ..model import Recommendation
from .hubs import RESPONSE_LABELS
from .views import Lookups, excerpt, heading

ALSO_SHOWN = 10  # "also recommended" entries a page lists; the rest are counted and reached through their asks' pages
STATUS_LABELS = {"machine-suggested": "Machine-suggested: shares an ask", "confirmed": "Confirmed by officials"}


def status_label(pair: dict) -> str:
    """Who or what says the pair overlaps: officials, or the machine."""
    return STATUS_LABELS[pair["status"]]


def member(rec: Recommendation, look: Lookups) -> dict:
    return {
        "id": rec.id,
        "label": heading(rec),
        "year": rec.year,
        "mechanism": look.mechanisms.get(rec.mechanism, {}).get("name", rec.mechanism),
        "body": rec.body,
        "response": rec.response,
        "response_label": RESPONSE_LABELS[rec.response],
        "excerpt": excerpt(rec.text),
    }


def also_recommended(
    recs: list[Recommendation], pairs: list[dict], look: Lookups, asks_of: dict[str, list[dict]] | None = None
) -> dict[str, list[dict]]:
    """Recommendation id -> the others it overlaps (not rejected), confirmed first, then those
    sharing the most-asked ask, each with the asks the two share (asks_of: AskIndex.of_recommendation)."""
    by_id = {r.id: r for r in recs}
    asks_of = asks_of or {}
    # What two recommendations share depends only on their asks, and an entry only on the other
    # recommendation, what the two share and the pair's status: each is made once and listed on every
    # page it belongs to (at 2,000 recommendations, 127,346 entries, 63,673 pairs; none is changed after).
    ask_ids = {rec_id: tuple(a["id"] for a in found) for rec_id, found in asks_of.items()}
    sharing: dict[tuple[tuple, tuple], tuple[list[dict], tuple, int]] = {}
    entries: dict[tuple[str, tuple, str], dict] = {}
    also: dict[str, list[tuple[tuple, dict]]] = defaultdict(list)  # each entry with its sort key
    for pair in pairs:
        if pair["status"] == "rejected" or pair["id_a"] not in by_id or pair["id_b"] not in by_id:
            continue
        key = (ask_ids.get(pair["id_a"], ()), ask_ids.get(pair["id_b"], ()))
        found = sharing.get(key)
        if found is None:
            found = sharing[key] = shared_asks(asks_of.get(pair["id_a"], []), set(key[1]))
        shared, said, most = found
        status = pair["status"]
        for this, other in ((pair["id_a"], pair["id_b"]), (pair["id_b"], pair["id_a"])):
            entry = entries.get((other, said, status))
            if entry is None:
                entry = entries[other, said, status] = {
                    **member(by_id[other], look),
                    "shared": shared,
                    "status": status,
                    "status_label": status_label(pair),
                    # what the pair's part of the entry shows: many pairs share the same asks, rendered once
                    "said": said,
                }
            also[this].append(((status != "confirmed", -most, other), entry))
    return {rec_id: [entry for _, entry in sorted(items, key=itemgetter(0))] for rec_id, items in also.items()}


def shared_asks(asks: list[dict], of_other: set[str]) -> tuple[list[dict], tuple, int]:
    """The asks of a pair's first recommendation its second states too, their ids, and how many
    recommendations state the most-stated of them (0 for none): also_recommended's order."""
    shared = [{"id": a["id"], "title": a["title"], "times": a["times"]} for a in asks if a["id"] in of_other]
    return shared, tuple(a["id"] for a in shared), max((a["times"] for a in shared), default=0)


def capped(also: list[dict], cap: int = ALSO_SHOWN) -> tuple[list[dict], dict]:
    """The entries a page lists and what it says of the rest. The first `cap` in also_recommended's
    order are listed, and every entry sharing no ask (it is on no ask page, so nowhere else); the
    others are counted, with the asks they share, whose pages list every one of them. At 2,000
    recommendations a page had up to 218 near-identical entries."""
    shown: list[dict] = []
    hidden: list[dict] = []
    for m in also:
        (shown if len(shown) < cap or not m["shared"] else hidden).append(m)
    asks: dict[str, dict] = {}
    for m in hidden:
        for a in m["shared"]:
            asks.setdefault(a["id"], a)
    more = {"count": len(hidden), "asks": sorted(asks.values(), key=lambda a: (-a["times"], a["id"]))}
    return shown, more


def also_items(once: Callable[..., Any], also: list[dict], lroot: str, head: Callable, said: Callable, tail: Callable) -> Markup:
    """The <li> of each "also recommended" entry, from parts made once per build and language
    (Writer.once keeps the tables): the other recommendation's start and end of the entry, the
    same on every page listing it, and what the two share, the same for every pair sharing those
    asks. Joined here, not in a template loop, whose calls per entry cost more than the parts
    (about 70 entries a page at 2,000 recommendations)."""
    ends: dict[str, tuple[str, str]] = once(("also-ends", lroot), dict)
    middles: dict[tuple, str] = once(("also-said", lroot), dict)
    out: list[str] = []
    for m in also:
        end = ends.get(m["id"])
        if end is None:
            end = ends[m["id"]] = (f"<li>{head(m, lroot)}\n", f"\n    {tail(m)}</li>\n")
        middle = middles.get(key := (m["said"], m["status"]))
        if middle is None:
            middle = middles[key] = str(said(m, lroot))
        out += (end[0], middle, end[1])
    return Markup("".join(out))
