"""What the pages show of the independent monitors: each recommendation's assessments by monitor,
where a monitor's latest rating disagrees with the Government's latest status, each monitor's
assessments and counts by rating, and the plain-language summaries (docs/monitors.md)."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from ..model import slug
from .actions import STATUS_LABELS, Implementation
from .dates import day_text, optional_date

RATINGS = ("implemented", "partly-implemented", "not-implemented", "no-information")
RATING_LABELS = {
    "implemented": "Implemented",
    "partly-implemented": "Partly implemented",
    "not-implemented": "Not implemented",
    "no-information": "No information",
}
KIND_LABELS = {
    "independent-monitoring-mechanism": "Independent monitoring mechanism",
    "national-human-rights-institution": "National human rights institution",
    "independent-office": "Independent office",
    "treaty-body-follow-up": "Treaty body follow-up procedure",
    "civil-society": "Civil society",
}
DISAGREEING = {"partly-implemented", "not-implemented"}  # ratings that dispute a completion


@dataclass
class Monitoring:
    """The monitors, their assessments indexed by recommendation, the Government's latest status
    of each recommendation (from the tracking tables) and the summaries."""

    monitors: dict[str, dict]
    assessments: dict[str, dict] = field(default_factory=dict)  # id -> row, oldest first
    of_rec: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    recs_of: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    summaries: dict[str, dict] = field(default_factory=dict)
    government: dict[str, dict] = field(default_factory=dict)  # rec -> its latest reported action
    labels: dict[str, str] = field(default_factory=dict)  # recommendation id -> its heading

    @classmethod
    def of(cls, tables: dict[str, list[dict]], implementation: Implementation, labels: dict[str, str]) -> Monitoring:
        found = cls({row["id"]: row for row in tables.get("monitors", [])}, labels=labels)
        rows = sorted(tables.get("assessments", []), key=lambda r: (str(r["date"]), r["id"]))
        found.assessments = {row["id"]: {**row, "date": optional_date(row["date"])} for row in rows}
        for link in tables.get("assessment_recommendations", []):
            found.recs_of[link["assessment"]].append(link["recommendation"])
        for key in found.assessments:  # in date order
            for rec in found.recs_of.get(key, []):
                found.of_rec[rec].append(key)
        found.summaries = {
            row["recommendation"]: {**row, "date": optional_date(row["date"]), "lines": row["summary"].split("\n")}
            for row in tables.get("summaries", [])
        }
        found.government = {rec: latest_action(implementation, rec) for rec in found.of_rec}
        return found

    def monitor(self, monitor_id: str) -> dict:
        row = self.monitors.get(monitor_id, {"id": monitor_id, "name": monitor_id})
        return {**row, "kind_label": KIND_LABELS.get(row.get("kind", ""), ""), "body_slug": slug(row.get("body") or "")}

    def view(self, key: str) -> dict:
        row = self.assessments[key]
        recs = [{"id": r, "label": self.labels.get(r, r)} for r in self.recs_of.get(key, [])]
        return {**row, "rating_label": RATING_LABELS[row["rating"]], "date_text": day_text(row["date"]), "recs": recs}

    def latest(self, rec_id: str) -> dict[str, dict]:
        """Each monitor's latest assessment of the recommendation, by monitor."""
        return {self.assessments[key]["monitor"]: self.assessments[key] for key in self.of_rec.get(rec_id, [])}

    def disagreements(self, rec_id: str) -> list[dict]:
        """The monitors whose latest rating disputes the Government's report that it is completed."""
        government = self.government.get(rec_id)
        if not government or government["status"] != "completed":
            return []
        return [
            {"monitor": self.monitor(m), "assessment": self.view(row["id"]), "government": government}
            for m, row in self.latest(rec_id).items()
            if row["rating"] in DISAGREEING
        ]

    def disputed(self, rec_ids: list[str]) -> int:
        """How many of the recommendations a monitor's latest rating disagrees on."""
        return sum(1 for rec in rec_ids if rec in self.of_rec and self.disagreements(rec))

    def for_recommendation(self, rec_id: str) -> dict:
        by_monitor: dict[str, list[dict]] = defaultdict(list)
        for key in reversed(self.of_rec.get(rec_id, [])):  # newest first
            by_monitor[self.assessments[key]["monitor"]].append(self.view(key))
        return {
            "monitors": [{"monitor": self.monitor(m), "assessments": views} for m, views in sorted(by_monitor.items())],
            "disagreements": self.disagreements(rec_id),
            "summary": self.summaries.get(rec_id),
            "ratings": sorted({RATING_LABELS[row["rating"]] for row in self.latest(rec_id).values()}),
        }

    def for_monitor(self, monitor_id: str) -> dict:
        mine = [key for key, row in self.assessments.items() if row["monitor"] == monitor_id]
        counts = Counter(self.assessments[key]["rating"] for key in mine)
        members = [
            {"id": m, "name": self.monitors[m]["name"]} if m in self.monitors else {"id": "", "name": m}
            for m in self.monitors.get(monitor_id, {}).get("members") or []
        ]
        return {
            **self.monitor(monitor_id),
            "member_list": members,
            "member_of": [self.monitor(m) for m, row in self.monitors.items() if monitor_id in (row.get("members") or [])],
            "assessments": [self.view(key) for key in reversed(mine)],
            "counts": [{"rating": r, "label": RATING_LABELS[r], "count": counts[r]} for r in RATINGS],
            "total": len(mine),
            "grades": sorted({self.assessments[key]["grade"] for key in mine if self.assessments[key]["grade"]}),
        }

    def in_period(self, began: dt.date, ended: dt.date) -> list[dict]:
        """The assessments dated in a period, newest first (the annual report)."""
        return [self.view(key) for key, row in reversed(self.assessments.items()) if began <= row["date"] <= ended]


def latest_action(implementation: Implementation, rec_id: str) -> dict | None:
    """The Government's latest status of a recommendation: the status of the action recorded
    against it that was reported on last (its latest progress update, else its start)."""
    dated = []
    for action_id in implementation.actions_of.get(rec_id, []):
        action = implementation.actions[action_id]
        day = implementation.latest(action_id) or action["start_date"] or dt.date.min
        dated.append((day, action_id, action))
    if not dated:
        return None
    day, _, action = max(dated, key=lambda item: (item[0], item[1]))
    status = action["status"]
    return {"status": status, "label": STATUS_LABELS[status], "action": action, "date": day if day != dt.date.min else None}


def report(monitoring: Monitoring, began: dt.date, ended: dt.date) -> dict:
    """The annual report's section: the assessments dated in the period, their counts by rating,
    and the recommendations a monitor's latest rating (by the period's end) disputes."""
    found = monitoring.in_period(began, ended)
    counts = Counter(a["rating"] for a in found)
    disputed = [
        {
            "id": rec,
            "label": monitoring.labels.get(rec, rec),
            "monitors": [d["monitor"]["name"] for d in monitoring.disagreements(rec)],
        }
        for rec in sorted(monitoring.of_rec)
        if monitoring.disagreements(rec)
    ]
    return {
        "assessments": found,
        "counts": [{"rating": r, "label": RATING_LABELS[r], "count": counts[r]} for r in RATINGS],
        "disputed": disputed,
    }
