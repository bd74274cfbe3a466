"""A new agency's tracking file: the fields to fill in, and the recommendations the agency leads
or supports listed by id (never their text, which stays in the UN documents and the site)."""

from __future__ import annotations

from ..model import Recommendation

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
"""


def template(agency: dict, recs: list[Recommendation]) -> str:
    """The tracking file text for agency, listing the recommendations it leads, then those it supports."""
    lines = [HEAD.format(agency=agency["id"], name=agency["name"])]
    for role, field in (("leads", "lead_agencies"), ("supports", "supporting_agencies")):
        mine = [r for r in recs if agency["id"] in getattr(r, field)]
        lines.append(f"\n# Recommendations {agency['short_name'] or agency['name']} {role} ({len(mine)}):\n")
        lines += [f"#   {r.id}  ({r.body} {r.year}, {r.document_symbol} para {r.paragraph}, {r.response})\n" for r in mine]
    return "".join(lines)
