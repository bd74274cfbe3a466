"""What is due from an agency in the current six-monthly period, in the editor: the same
judgement the public agency page makes (render/actions.py), from the tracking files as they are now."""

from __future__ import annotations

import datetime as dt

from ...model import Recommendation
from ...render.actions import Implementation
from ...render.views import heading
from ...tracking import Tracking


def due(agency: str, tracking: Tracking, recs: list[Recommendation], as_of: dt.date, agencies: dict[str, dict]) -> dict:
    """The agency's accountability (overdue, due, period end) and the recommendations it leads
    still awaiting an update this period."""
    found = Implementation.of(tracking.tables(), as_of, {r.id: heading(r) for r in recs})
    view = found.for_agency(agency, agencies)
    led = [r.id for r in recs if agency in r.lead_agencies]
    return view | {"awaiting": found.awaiting(led), "led": len(led)}
