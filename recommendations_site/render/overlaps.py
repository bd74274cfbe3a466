"""Overlapping recommendations as pages show them: 'also recommended' on each recommendation page,
and each member of a group of recurring asks."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
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
    members: dict[str, dict] = {}  # member() of each, made once: a recommendation is listed on ~70 pages at 2,000
    also: dict[str, list[dict]] = defaultdict(list)
    for pair in pairs:
        if pair["status"] == "rejected" or pair["id_a"] not in by_id or pair["id_b"] not in by_id:
            continue
        of_b = {a["id"] for a in asks_of.get(pair["id_b"], [])}
        shared = [
            {"id": a["id"], "title": a["title"], "times": a["times"]} for a in asks_of.get(pair["id_a"], []) if a["id"] in of_b
        ]
        for this, other in ((pair["id_a"], pair["id_b"]), (pair["id_b"], pair["id_a"])):
            also[this].append(
                {
                    **(members.get(other) or members.setdefault(other, member(by_id[other], look))),
                    "shared": shared,
                    "status": pair["status"],
                    "status_label": status_label(pair),
                    # what the pair's part of the entry shows: many pairs share the same asks, rendered once
                    "said": tuple(a["id"] for a in shared),
                }
            )
    for items in also.values():
        items.sort(key=lambda m: (m["status"] != "confirmed", -max((a["times"] for a in m["shared"]), default=0), m["id"]))
    return also


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
