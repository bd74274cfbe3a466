"""A new agency's tracking file: the fields to fill in, and the recommendations the agency leads,
coordinates or supports, each by id with the start of its text and why the agency was assigned,
so that an official can check the list in one read."""

from __future__ import annotations

from ..model import Recommendation
from ..model.recommendation import lead_reason

HEAD = """\
# Tracking file of {name} (agency id: {agency}). How to fill it in: docs/tracking.md.
# `python build.py validate` checks it and names the line of any problem.
agency: {agency}
actions:
  # - id: {agency}-short-name-of-the-action    # permanent: lower case, digits, hyphens
  #   title: What the action is, in a line
  #   description: What it does and how it answers the recommendations
  #   recommendations: [recommendation-id, ...]  # ids from the list below or the site
  #   supporting_agencies: []                    # other agencies' ids (data/reference/agencies.yaml)
  #   status: planned                            # not-started | planned | in-progress | ongoing | completed
  #   start_date: YYYY-MM-DD
  #   target_date: YYYY-MM-DD                    # leave out for ongoing work
progress:
  # - action: {agency}-short-name-of-the-action
  #   date: YYYY-MM-DD                           # falls in a six-monthly period (January-June, July-December)
  #   text: What was done since the last update
  #   evidence: [https://...]                    # at least one public link
  #   status: in-progress                        # optional: the action's status now
responses:
  # - recommendation: recommendation-id
  #   rationale: Why the Government supported or noted it, as it stated
  #   source: UN document symbol (e.g. A/HRC/26/3/Add.1) or a link
leads:
  # - recommendation: recommendation-id          # one you were suggested to lead, or one you lead
  #   decision: confirmed                        # confirmed | declined: wins over every suggestion
  #   note: Optional: why (e.g. which agency leads it instead)
"""


START = 100  # characters of each recommendation's text shown


def why(rec: Recommendation, agency: str, field: str) -> str:
    """Why the agency holds this role: the portfolio rule, the body default or the officials."""
    if field == "coordinating_agencies":
        return f"coordinates {rec.body} recommendations (Cabinet paper, Annex II)"
    if field == "supporting_agencies":
        return "recorded as supporting"
    reasons = dict(r.split("=", 1) for r in rec.lead_agency_reasons)
    if rec.lead_agency_basis == "body-default":
        return f"default lead for {rec.body} recommendations (Cabinet paper, Annex II)"
    return lead_reason(reasons.get(agency, "portfolio"))


def start(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= START else flat[: START - 1].rsplit(" ", 1)[0] + "…"


def template(agency: dict, recs: list[Recommendation]) -> str:
    """The tracking file text for agency, listing the recommendations it leads, coordinates and supports."""
    lines = [HEAD.format(agency=agency["id"], name=agency["name"])]
    roles = (("leads", "lead_agencies"), ("coordinates", "coordinating_agencies"), ("supports", "supporting_agencies"))
    for role, field in roles:
        mine = [r for r in recs if agency["id"] in getattr(r, field)]
        lines.append(f"\n# Recommendations {agency['short_name'] or agency['name']} {role} ({len(mine)}):\n")
        for r in mine:
            lines.append(
                f"#   {r.id}  ({r.body} {r.year}, {r.document_symbol} para {r.paragraph}, {r.response}) {why(r, agency['id'], field)}\n"
            )
            lines.append(f"#       {start(r.text)}\n")
    return "".join(lines)
