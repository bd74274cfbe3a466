"""What the annual report for Ministers (reports/<period>/ and its PDF) shows, prepared as plain
values: for a period, the recommendations by UN body with the Government's responses, the actions
by status per body and per agency, the progress updates made in the period, what was overdue and
stale at its end, and the recommendations with no action recorded.

The period defaults to the twelve months ending with the last complete six-monthly reporting
period before the release's as_of date. Everything is judged from the canonical package as it
stood at the end of the period: actions started by then, progress updates dated by then, overdue
and stale as the agency pages judge them (render/actions.py), on the day after the period ends.
An action's status is the one recorded at as_of: the package keeps no history of statuses."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass

from ...model import Recommendation, slug
from ...model.reporting import STATUSES, bounds, period_of, previous
from ...render.actions import STATUS_LABELS, Implementation, agency_name
from ...render.dates import day_text, optional_date
from ...render.hubs import RESPONSE_LABELS
from ...render.monitors import Monitoring
from ...render.monitors import report as monitor_report
from ...render.urls import url
from ...render.views import heading


class PeriodError(ValueError):
    """A report period that cannot be reported on."""


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date

    @property
    def id(self) -> str:
        """'2025-07-to-2026-06' for whole months, else '2025-07-15-to-2026-01-31'."""
        whole = self.start.day == 1 and (self.end + dt.timedelta(days=1)).day == 1
        shown = (lambda d: d.isoformat()[:7]) if whole else (lambda d: d.isoformat())
        return f"{shown(self.start)}-to-{shown(self.end)}"

    @property
    def text(self) -> str:
        return f"{day_text(self.start)} to {day_text(self.end)}"

    def holds(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


def default_period(as_of: dt.date) -> Period:
    """The twelve months ending with the last complete six-monthly reporting period before as_of."""
    last = previous(period_of(as_of))
    return Period(bounds(previous(last))[0], bounds(last)[1])


def year_before(end: dt.date) -> dt.date:
    """The first day of the twelve months ending on end."""
    day = end + dt.timedelta(days=1)
    if day.year == 1:  # no year 0: the period starts with the calendar
        return dt.date.min
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def chosen_period(as_of: dt.date, start: dt.date | None, end: dt.date | None) -> Period:
    """The period given (either end may be left out), checked against as_of."""
    end = end or default_period(as_of).end
    if end > as_of:  # checked first: a year before a date as late as 9999-12-31 cannot be counted
        raise PeriodError(f"the period ends ({end}) after the data's as_of date ({as_of}): nothing is known after it")
    start = start or year_before(end)
    if start > end:
        raise PeriodError(f"the period starts ({start}) after it ends ({end}): give --from before --to")
    return Period(start, end)


def as_at_end(tables: dict[str, list[dict]], period: Period) -> dict[str, list[dict]]:
    """The tracking tables as they stood at the end of the period: actions started by then (or
    with no start date) and their links, progress updates dated by then."""
    actions = [a for a in tables.get("actions", []) if (optional_date(a["start_date"]) or period.end) <= period.end]
    kept = {a["id"] for a in actions}
    return {
        "actions": actions,
        "action_recommendations": [r for r in tables.get("action_recommendations", []) if r["action"] in kept],
        "progress_updates": [u for u in tables.get("progress_updates", []) if optional_date(u["date"]) <= period.end],
    }


def _counts(statuses: list[str]) -> list[dict]:
    counts = Counter(statuses)
    return [{"status": s, "count": counts[s]} for s in STATUSES]


@dataclass
class Snapshot:
    """The tracking tables as they stood at the end of the period, indexed for the report."""

    implementation: Implementation
    agencies: dict[str, dict]
    actions: list[dict]  # started by the period's end, by lead agency and title
    answered: set[str]  # recommendations with at least one such action

    @classmethod
    def of(cls, tables: dict[str, list[dict]], period: Period) -> Snapshot:
        implementation = Implementation.of(as_at_end(tables, period), period.end + dt.timedelta(days=1))
        actions = sorted(implementation.actions.values(), key=lambda a: (a["lead_agency"], a["title"], a["id"]))
        answered = {r for a in actions for r in implementation.recs_of.get(a["id"], [])}
        return cls(implementation, {a["id"]: a for a in tables["agencies"]}, actions, answered)

    def action_item(self, action: dict) -> dict:
        updates = self.implementation.updates_of.get(action["id"], [])
        return {
            "id": action["id"],
            "title": action["title"],
            "lead": agency_name(action["lead_agency"], self.agencies),
            "status_label": STATUS_LABELS[action["status"]],
            "target_date": day_text(action["target_date"]) if action["target_date"] else "",
            "last_update": day_text(updates[-1]["date"]) if updates else "",
        }


def by_body(recs: list[Recommendation], tables: dict[str, list[dict]], snapshot: Snapshot) -> list[dict]:
    """Per UN body: its recommendations by response, and the actions answering them by status."""
    body_of = {r.id: r.body for r in recs}
    grouped: dict[str, list[Recommendation]] = defaultdict(list)
    for rec in recs:
        grouped[rec.body].append(rec)
    order = [b["id"] for b in tables["bodies"] if b["id"] in grouped] + sorted(set(grouped) - {b["id"] for b in tables["bodies"]})
    names = {b["id"]: b["name"] for b in tables["bodies"]}
    recs_of = snapshot.implementation.recs_of
    bodies_of = {a["id"]: sorted({body_of[r] for r in recs_of.get(a["id"], []) if r in body_of}) for a in snapshot.actions}
    bodies = []
    for body in order:
        mine = grouped[body]
        responses = Counter(r.response for r in mine)
        statuses = [a["status"] for a in snapshot.actions if body in bodies_of[a["id"]]]
        bodies.append(
            {
                "id": body,
                "name": names.get(body, body),
                "url": url("body", slug(body)),
                "total": len(mine),
                "responses": [responses[k] for k in RESPONSE_LABELS],
                "without_action": sum(1 for r in mine if r.id not in snapshot.answered),
                "statuses": _counts(statuses),
                "actions": len(statuses),
            }
        )
    return bodies


def update_item(update: dict, actions: dict[str, dict]) -> dict:
    action = actions[update["action"]]
    return {
        "date": day_text(update["date"]),
        "date_iso": update["date"].isoformat(),
        "action": action["title"],
        "action_url": f"{url('agency', action['lead_agency'])}#action-{update['action']}",
        "text": update["text"],
        "evidence": update["evidence"],
    }


def by_agency(snapshot: Snapshot, updates_in: list[dict]) -> list[dict]:
    """Per agency leading or supporting an action: its actions by status, its updates in the period, what is stale."""
    actions, agencies = snapshot.actions, snapshot.agencies
    involved = sorted(
        {a["lead_agency"] for a in actions} | {s for a in actions for s in a["supporting_agencies"]},
        key=lambda i: agencies.get(i, {}).get("name", i).casefold(),
    )
    per_agency = []
    for agency in involved:
        led = [a for a in actions if a["lead_agency"] == agency]
        theirs = sorted((u for u in updates_in if u["agency"] == agency), key=lambda u: (u["date"], u["id"]))
        per_agency.append(
            {
                "agency": agency_name(agency, agencies),
                "url": url("agency", agency),
                "led": len(led),
                "supported": sum(1 for a in actions if agency in a["supporting_agencies"]),
                "statuses": _counts([a["status"] for a in led]),
                "updates": [update_item(u, snapshot.implementation.actions) for u in theirs],
                "stale": [snapshot.action_item(a) for a in led if snapshot.implementation.stale(a)],
            }
        )
    return per_agency


def view(recs: list[Recommendation], tables: dict[str, list[dict]], as_of: dt.date, period: Period, country: str) -> dict:
    """The report's values for the period, as at as_of."""
    snapshot = Snapshot.of(tables, period)
    bodies = by_body(recs, tables, snapshot)
    updates_in = [u for us in snapshot.implementation.updates_of.values() for u in us if period.holds(u["date"])]
    per_agency = by_agency(snapshot, updates_in)
    return {
        "country": country,
        "period": period.text,
        "period_id": period.id,
        "start_iso": period.start.isoformat(),
        "end_iso": period.end.isoformat(),
        "start": day_text(period.start),
        "end": day_text(period.end),
        "as_of": day_text(as_of),
        "as_of_iso": as_of.isoformat(),
        "recommendations": len(recs),
        "response_labels": list(RESPONSE_LABELS.values()),
        "status_labels": [STATUS_LABELS[s] for s in STATUSES],
        "bodies": bodies,
        "actions": len(snapshot.actions),
        "recorded": len(tables.get("actions", [])),  # in the data, whenever they started
        "answered": len(snapshot.answered),
        "without_action": sum(b["without_action"] for b in bodies),
        "agencies": per_agency,
        "updates": len(updates_in),
        "updating_agencies": [a for a in per_agency if a["updates"]],
        "overdue": [snapshot.action_item(a) for a in snapshot.actions if snapshot.implementation.overdue(a)],
        "stale_agencies": [a for a in per_agency if a["stale"]],
        "stale_actions": sum(len(a["stale"]) for a in per_agency),
        "monitors": monitored(recs, tables, snapshot, period),
    }


def monitored(recs: list[Recommendation], tables: dict[str, list[dict]], snapshot: Snapshot, period: Period) -> dict:
    """The independent monitors' assessments in the period, judged as at its end like the actions."""
    judged = [a for a in tables.get("assessments", []) if (optional_date(a["date"]) or period.end) <= period.end]
    found = Monitoring.of({**tables, "assessments": judged}, snapshot.implementation, {r.id: heading(r) for r in recs})
    return monitor_report(found, period.start, period.end)
