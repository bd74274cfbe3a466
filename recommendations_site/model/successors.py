"""Agencies merged into another (data/reference/agencies.yaml: merged_into): the work of the
Office for Disability Issues is Whaikaha's now, so a recommendation the Cabinet paper or a
portfolio rule gives to the former is assigned to the agency it became part of, once. The merged
agency keeps its row (and its page, saying where its work went); nothing else is changed."""

from __future__ import annotations

from .recommendation import Recommendation


def successors(agencies: list[dict]) -> dict[str, str]:
    """id -> the agency it is part of now, following a chain of mergers to its end."""
    merged = {row["id"]: row["merged_into"] for row in agencies if row.get("merged_into")}
    found = {}
    for start in merged:
        seen, now = {start}, merged[start]
        while now in merged and now not in seen:
            seen.add(now)
            now = merged[now]
        found[start] = now
    return found


def _moved(ids: list[str], to: dict[str, str]) -> list[str]:
    return list(dict.fromkeys(to.get(a, a) for a in ids))


def apply(recs: list[Recommendation], agencies: list[dict]) -> None:
    """Replace each merged agency by its successor in every agency list of every recommendation;
    a lead's reason moves with it unless the successor has one of its own."""
    to = successors(agencies)
    if not to:
        return
    for rec in recs:
        rec.lead_agencies = _moved(rec.lead_agencies, to)
        rec.supporting_agencies = _moved(rec.supporting_agencies, to)
        rec.coordinating_agencies = _moved(rec.coordinating_agencies, to)
        reasons: dict[str, str] = {}
        for item in rec.lead_agency_reasons:
            agency, _, reason = item.partition("=")
            reasons.setdefault(to.get(agency, agency), reason)
        rec.lead_agency_reasons = [f"{a}={r}" for a, r in reasons.items()]
