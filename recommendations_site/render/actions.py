"""What the pages show of implementation: each recommendation's actions and their dated progress,
and each agency's accountability (status counts, overdue, stale, due this period). Judged as at
the release's as_of date, never the clock."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from ..model.reporting import OPEN, STATUSES, bounds, label, period_of, previous
from .dates import optional_date
from .views import name_of

STATUS_LABELS = {
    "not-started": "Not started",
    "planned": "Planned",
    "in-progress": "In progress",
    "ongoing": "Ongoing",
    "completed": "Completed",
}


@dataclass
class Implementation:
    """The tracking tables indexed for the pages: actions by recommendation and by agency, updates by action."""

    as_of: dt.date
    actions: dict[str, dict] = field(default_factory=dict)
    recs_of: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    actions_of: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    updates_of: dict[str, list[dict]] = field(default_factory=lambda: defaultdict(list))
    rationale_of: dict[str, dict] = field(default_factory=dict)
    declined_of: dict[str, list[dict]] = field(default_factory=lambda: defaultdict(list))
    labels: dict[str, str] = field(default_factory=dict)  # recommendation id -> its heading

    @classmethod
    def of(cls, tables: dict[str, list[dict]], as_of: dt.date, labels: dict[str, str] | None = None) -> Implementation:
        found = cls(as_of, labels=labels or {})
        for row in tables.get("actions", []):
            found.actions[row["id"]] = {
                **row,
                "start_date": optional_date(row["start_date"]),
                "target_date": optional_date(row["target_date"]),
            }
        for link in tables.get("action_recommendations", []):
            found.recs_of[link["action"]].append(link["recommendation"])
            found.actions_of[link["recommendation"]].append(link["action"])
        for row in sorted(tables.get("progress_updates", []), key=lambda u: (str(u["date"]), u["id"])):
            found.updates_of[row["action"]].append({**row, "date": optional_date(row["date"])})
        found.rationale_of = {row["recommendation"]: row for row in tables.get("response_rationales", [])}
        for row in tables.get("lead_decisions", []):
            if row["decision"] == "declined":
                found.declined_of[row["recommendation"]].append(row)
        return found

    @property
    def period(self) -> str:
        """The reporting period as_of falls in."""
        return period_of(self.as_of)

    def latest(self, action_id: str) -> dt.date | None:
        updates = self.updates_of.get(action_id, [])
        return updates[-1]["date"] if updates else None

    def overdue(self, action: dict) -> bool:
        return action["status"] in OPEN and bool(action["target_date"]) and action["target_date"] < self.as_of

    def stale(self, action: dict) -> bool:
        """Open, existed in the last complete period, and no update in it or since (as tracking warns)."""
        began, ended = bounds(previous(self.period))
        latest = self.latest(action["id"])
        existed = action["start_date"] is None or action["start_date"] <= ended
        return action["status"] in OPEN and existed and (latest is None or latest < began)

    def action(self, action_id: str, agencies: dict[str, dict]) -> dict:
        action = self.actions[action_id]
        return {
            **action,
            "status_label": STATUS_LABELS[action["status"]],
            "lead": agency_name(action["lead_agency"], agencies),
            "supporting": [agency_name(a, agencies) for a in action["supporting_agencies"]],
            "overdue": self.overdue(action),
            "stale": self.stale(action),
            "recommendations": [{"id": r, "label": self.labels.get(r, r)} for r in self.recs_of.get(action_id, [])],
            "updates": [
                {
                    **u,
                    "agency_name": agency_name(u["agency"], agencies),
                    "period_label": label(u["period"]),
                    "status_label": STATUS_LABELS.get(u["status"] or "", ""),
                }
                for u in reversed(self.updates_of.get(action_id, []))  # newest first
            ],
        }

    def for_recommendation(self, rec_id: str, agencies: dict[str, dict]) -> dict:
        return {
            "actions": [self.action(a, agencies) for a in self.actions_of.get(rec_id, [])],
            "rationale": self.rationale_of.get(rec_id),
            "declined": [{**d, "agency": agency_name(d["agency"], agencies)} for d in self.declined_of.get(rec_id, [])],
        }

    def awaiting(self, led: list[str]) -> list[dict]:
        """Of the recommendations an agency leads (led: their ids), those with no progress update
        dated in the current period on any action answering them: what the period still asks of it."""
        began, ended = bounds(self.period)
        updated = {
            rec
            for action_id, updates in self.updates_of.items()
            if any(began <= u["date"] <= ended for u in updates)
            for rec in self.recs_of.get(action_id, [])
        }
        return [{"id": r, "label": self.labels.get(r, r)} for r in led if r not in updated]

    def for_agency(self, agency_id: str, agencies: dict[str, dict]) -> dict:
        """An agency's accountability: the actions it leads or supports, by status, what is overdue,
        stale and due in the current period, and its latest update."""
        mine = [a for a in self.actions.values() if agency_id == a["lead_agency"] or agency_id in a["supporting_agencies"]]
        views = [self.action(a["id"], agencies) for a in mine]
        counts = Counter(a["status"] for a in mine if a["lead_agency"] == agency_id)
        began, ended = bounds(self.period)
        dates = [u["date"] for updates in self.updates_of.values() for u in updates if u["agency"] == agency_id]
        return {
            "leads": [v for v in views if v["lead_agency"] == agency_id],
            "supports": [v for v in views if v["lead_agency"] != agency_id],
            "status_counts": [{"status": s, "label": STATUS_LABELS[s], "count": counts[s]} for s in STATUSES],
            "overdue": [v for v in views if v["overdue"] and v["lead_agency"] == agency_id],
            "stale": [v for v in views if v["stale"] and v["lead_agency"] == agency_id],
            "due": [
                v
                for v in views
                if v["lead_agency"] == agency_id
                and v["status"] in OPEN
                and v["target_date"]
                and began <= v["target_date"] <= ended
            ],
            "update_due": [
                v
                for v in views
                if v["lead_agency"] == agency_id and v["status"] in OPEN and (self.latest(v["id"]) or dt.date.min) < began
            ],
            "last_update": max(dates, default=None),
            "period_label": label(self.period),
            "period": self.period,
            "period_end": ended,
            "as_of": self.as_of,
        }


def agency_name(agency_id: str, agencies: dict[str, dict]) -> dict:
    return name_of(agency_id, agencies.get(agency_id, {}))
