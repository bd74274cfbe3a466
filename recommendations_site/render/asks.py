"""Asks as pages show them (tables asks and recommendation_asks): each ask with its members in
natural paragraph order, how often and in which reviews it was asked, by which states; and each
recommendation's asks. Which links are machine-suggested and which confirmed is said for each."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from ..model import Recommendation
from ..model.package import natural_key
from .hubs import RESPONSE_LABELS
from .views import excerpt, heading

KIND_LABELS = {
    "instrument": "Treaty ask: found from the instrument's name and the action asked of it",
    "policy": "Policy ask from the catalogue officials curate",
    "proposed": "Proposed by the machine from similar requests; officials have not yet named or accepted it",
}
LINK_LABELS = {
    ("machine-suggested", "instrument-name"): "Machine-suggested: names the instrument",
    ("machine-suggested", "catalogue"): "Machine-suggested: matches the curated catalogue",
    ("machine-suggested", "request-similarity"): "Machine-suggested: a similar request",
    ("confirmed", ""): "Confirmed by officials",
}


def link_label(row: dict) -> str:
    return LINK_LABELS.get((row["status"], "" if row["status"] == "confirmed" else row["method"]), "Confirmed by officials")


def years_text(years: list[int]) -> str:
    return " and ".join([", ".join(map(str, years[:-1])), str(years[-1])]) if len(years) > 1 else str(years[0])


@dataclass
class AskIndex:
    asks: dict[str, dict]  # ask id -> the ask's view, members included
    of_recommendation: dict[str, list[dict]]  # recommendation id -> its asks (summaries)

    @classmethod
    def of(cls, recs: list[Recommendation], tables: dict[str, list[dict]]) -> AskIndex:
        by_id = {r.id: r for r in recs}
        members: dict[str, list[tuple[Recommendation, dict]]] = defaultdict(list)
        for row in tables.get("recommendation_asks", []):
            if row["status"] != "rejected" and row["recommendation_id"] in by_id:
                members[row["ask_id"]].append((by_id[row["recommendation_id"]], row))
        asks = {}
        for ask in tables.get("asks", []):
            if members.get(ask["id"]):
                asks[ask["id"]] = view(ask, members[ask["id"]])
        mine: dict[str, list[dict]] = defaultdict(list)
        for ask in asks.values():
            for member in ask["members"]:
                summary = {k: ask[k] for k in ("id", "title", "times", "first_year", "years_text", "kind")}
                mine[member["id"]].append({**summary, "status_label": member["status_label"]})
        for items in mine.values():
            items.sort(key=lambda a: (-a["times"], a["id"]))
        return cls(asks, dict(mine))


def view(ask: dict, members: list[tuple[Recommendation, dict]]) -> dict:
    members = sorted(
        members,
        key=lambda m: (m[0].country, m[0].year, natural_key(m[0].document_symbol), natural_key(m[0].paragraph or m[0].id)),
    )
    per_year = Counter(rec.year for rec, _ in members)
    states = Counter(s for rec, _ in members for s in rec.recommending_states)
    years = sorted(per_year)
    confirmed = sum(row["status"] == "confirmed" for _, row in members)
    return {
        **ask,
        "kind_label": KIND_LABELS[ask["kind"]],
        "times": len(members),
        "confirmed": confirmed,
        "years": years,
        "first_year": years[0],
        "years_text": years_text(years),
        "timeline": [{"year": y, "count": per_year[y]} for y in years],
        "states": [{"name": s, "count": n} for s, n in sorted(states.items(), key=lambda x: (-x[1], x[0]))],
        "countries": sorted({rec.country for rec, _ in members}),
        "members": [
            {
                "id": rec.id,
                "label": heading(rec),
                "year": rec.year,
                "country": rec.country,
                "excerpt": excerpt(rec.text),
                "response": rec.response,
                "response_label": RESPONSE_LABELS[rec.response],
                "status": row["status"],
                "status_label": link_label(row),
            }
            for rec, row in members
        ],
    }
