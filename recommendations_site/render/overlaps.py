"""Overlapping recommendations as pages show them: 'also recommended' on each recommendation page,
and each member of a group of recurring asks."""

from __future__ import annotations

from collections import defaultdict

from ..model import Recommendation
from .hubs import RESPONSE_LABELS
from .views import Lookups, excerpt, heading

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
                    **member(by_id[other], look),
                    "shared": shared,
                    "status": pair["status"],
                    "status_label": status_label(pair),
                    "pair": (pair["id_a"], pair["id_b"]),  # both ends show the pair alike: its part is rendered once
                }
            )
    for items in also.values():
        items.sort(key=lambda m: (m["status"] != "confirmed", -max((a["times"] for a in m["shared"]), default=0), m["id"]))
    return also
