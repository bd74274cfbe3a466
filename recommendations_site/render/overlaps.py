"""Views of overlapping recommendations: 'also recommended' on each recommendation page and
the page of recurring asks (the same action asked in more than one year)."""

from __future__ import annotations

from collections import defaultdict

from ..model import Recommendation
from .hubs import RESPONSE_LABELS
from .views import Lookups, excerpt, heading

STATUS_LABELS = {"machine-suggested": "Suggested by text similarity", "confirmed": "Confirmed by officials"}
ASK_METHOD = "instrument-ask"  # overlaps.ASK_METHOD, named here: importing overlaps would load scikit-learn
ASK_LABEL = "Suggested: the same request about the same treaty"


def status_label(pair: dict) -> str:
    """Who or what says the pair overlaps: officials, or which of the two machine methods."""
    if pair["status"] == "machine-suggested" and pair["method"] == ASK_METHOD:
        return ASK_LABEL
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


def also_recommended(recs: list[Recommendation], pairs: list[dict], look: Lookups) -> dict[str, list[dict]]:
    """Recommendation id -> the others it overlaps (not rejected), most similar first."""
    by_id = {r.id: r for r in recs}
    also: dict[str, list[dict]] = defaultdict(list)
    for pair in pairs:
        if pair["status"] == "rejected" or pair["id_a"] not in by_id or pair["id_b"] not in by_id:
            continue
        score = f"{float(pair['score']):.2f}" if pair["score"] not in (None, "") else "–"
        for this, other in ((pair["id_a"], pair["id_b"]), (pair["id_b"], pair["id_a"])):
            also[this].append(
                {
                    **member(by_id[other], look),
                    "score": score,
                    "status": pair["status"],
                    "status_label": status_label(pair),
                }
            )
    for items in also.values():
        items.sort(
            key=lambda m: (m["status"] != "confirmed", m["score"] == "–", -float(m["score"]) if m["score"] != "–" else 0, m["id"])
        )
    return also


def recurring(recs: list[Recommendation], look: Lookups) -> list[dict]:
    """Groups asked in more than one year, most often and longest first."""
    groups: dict[str, list[Recommendation]] = defaultdict(list)
    for rec in recs:
        if rec.overlap_cluster:
            groups[rec.overlap_cluster].append(rec)
    asks = []
    for cluster, members in groups.items():
        years = sorted({r.year for r in members})
        if len(years) < 2:
            continue
        members.sort(key=lambda r: (r.year, r.id))
        asks.append(
            {
                "id": cluster,
                "title": excerpt(members[0].text),
                "times": len(members),
                "years": years,
                "years_text": " and ".join([", ".join(map(str, years[:-1])), str(years[-1])]),
                "span": years[-1] - years[0],
                "bodies": sorted({r.body for r in members}),
                "members": [member(r, look) for r in members],
            }
        )
    asks.sort(key=lambda a: (-a["times"], -a["span"], a["years"][0], a["id"]))
    return asks
