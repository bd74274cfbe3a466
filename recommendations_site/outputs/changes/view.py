"""What the "What changed" page (changes/) shows, prepared as plain values: the changes since the
previous release (model/release.py), one section per kind of change, each item named and linked
to its recommendation's page."""

from __future__ import annotations

from ...model import Recommendation
from ...model.release import KINDS, Changes
from ...render.actions import STATUS_LABELS
from ...render.dates import iso_text
from ...render.hubs import RESPONSE_LABELS
from ...render.urls import url
from ...render.views import heading

FOLDER = "changes/"
SECTIONS = {  # kind -> (heading, what it means)
    "recommendation-new": ("New recommendations", "Recommendations this release holds that the previous one did not."),
    "response-changed": ("Responses changed", "The Government's recorded response is different."),
    "text-changed": (
        "Text changed",
        "The recommendation's text differs from the previous release's, as the source now gives it.",
    ),
    "recommendation-changed": (
        "Other details changed",
        "Response and text are unchanged; something else recorded about the recommendation differs: its themes, groups, "
        "agencies, overlaps, SDGs or source record.",
    ),
    "recommendation-removed": (
        "Recommendations no longer in the data",
        "The previous release held these; this one does not, so their pages are gone. Only their ids are kept.",
    ),
    "action-new": ("New actions", "Actions agencies recorded since the previous release."),
    "status-changed": ("Action status changed", "The lead agency recorded a different status."),
    "action-changed": (
        "Actions updated",
        "Status unchanged; the title, description, agencies, dates or recommendations it answers differ.",
    ),
    "action-removed": ("Actions no longer recorded", "The previous release held these actions; this one does not."),
    "progress-new": ("New progress updates", "Updates agencies recorded since the previous release."),
    "progress-changed": ("Progress updates changed", "An update's text, evidence or status differs from the previous release's."),
    "progress-removed": ("Progress updates no longer recorded", "The previous release held these updates; this one does not."),
    "rationale-new": ("Reasons for responses added", "The Government's reasons for its response, newly recorded."),
    "rationale-changed": ("Reasons for responses changed", "The recorded reasons or their source differ."),
    "rationale-removed": (
        "Reasons for responses no longer recorded",
        "The previous release recorded these reasons; this one does not.",
    ),
}
COUNTED = {  # table -> (singular, plural)
    "recommendations": ("recommendation", "recommendations"),
    "actions": ("action", "actions"),
    "progress_updates": ("progress update", "progress updates"),
    "response_rationales": ("recorded reason for a response", "recorded reasons for responses"),
}
assert SECTIONS.keys() == KINDS.keys()


def counted(n: int, table: str) -> str:
    one, many = COUNTED[table]
    return f"{n} {one if n == 1 else many}"


class Items:
    """Each change as a list item: label, link (from the site root), detail, and what it concerns
    (its recommendations and, for an action or update, the action's agencies) for the feeds."""

    def __init__(self, recs: dict[str, Recommendation], tables: dict[str, list[dict]]):
        self.recs = recs
        self.actions = {row["id"]: row for row in tables.get("actions", [])}
        self.updates = {row["id"]: row for row in tables.get("progress_updates", [])}
        self.agencies = {row["id"]: row for row in tables.get("agencies", [])}
        self.answers: dict[str, list[str]] = {}
        for link in tables.get("action_recommendations", []):
            self.answers.setdefault(link["action"], []).append(link["recommendation"])

    def agency(self, agency_id: str) -> str:
        return self.agencies.get(agency_id, {}).get("name", agency_id)

    def action_url(self, action_id: str) -> str:
        answers = self.answers.get(action_id)
        if answers:
            return f"{url('recommendation', answers[0])}#action-{action_id}"
        return url("agency", self.actions[action_id]["lead_agency"])

    def item(self, kind: str, change: dict) -> dict:
        table, what = KINDS[kind]
        key = change["id"]
        found = {
            "kind": kind,
            "id": key,
            "anchor": f"{kind}-{key}",
            "label": key,
            "url": "",
            "detail": "",
            "recs": [],
            "agencies": None,
        }
        found.update(from_label="", to_label="", from_value="", to_value="")
        if what == "removed":
            return found
        if table in ("recommendations", "response_rationales"):
            rec = self.recs[key]
            found.update(label=heading(rec), url=url("recommendation", key), recs=[key])
            if kind == "response-changed":
                labels = RESPONSE_LABELS | {"": "None recorded"}
                found.update(from_label=labels.get(change["from"], change["from"]), to_label=labels[change["to"]])
                found.update(from_value=change["from"], to_value=change["to"])
            return found
        action_id = key if table == "actions" else self.updates[key]["action"]
        action = self.actions[action_id]
        found.update(
            url=self.action_url(action_id),
            recs=self.answers.get(action_id, []),
            agencies=[action["lead_agency"], *action["supporting_agencies"]],
        )
        if table == "actions":
            found.update(label=action["title"], detail=f"Led by {self.agency(action['lead_agency'])}.")
            if kind == "status-changed":
                labels = STATUS_LABELS | {"": "None recorded"}
                found.update(from_label=labels.get(change["from"], change["from"]), to_label=labels[change["to"]])
            return found
        update = self.updates[key]
        found.update(
            label=f"{action['title']}: update of {iso_text(str(update['date']))}",
            detail=f"Recorded by {self.agency(update['agency'])}.",
        )
        return found


def items(changes: Changes, recs: dict[str, Recommendation], tables: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """Every change as a list item, by kind."""
    made = Items(recs, tables)
    return {kind: [made.item(kind, c) for c in found] for kind, found in changes.items.items()}


def view(changes: Changes, listed: dict[str, list[dict]], country: str, feed: str) -> dict:
    return {
        "country": country,
        "as_of": iso_text(changes.as_of),
        "as_of_iso": changes.as_of,
        "since": iso_text(changes.since),
        "since_iso": changes.since,
        "first": not changes.since,
        "total": changes.total,
        "holds": [counted(n, table) for table, n in changes.counts.items()],
        "summary": [{"anchor": kind, "title": SECTIONS[kind][0], "count": len(found)} for kind, found in listed.items() if found],
        "sections": [
            {"anchor": kind, "title": SECTIONS[kind][0], "about": SECTIONS[kind][1], "entries": found}
            for kind, found in listed.items()
            if found
        ],
        "json": "changes.json",
        "feed": feed,
    }


def as_json(changes: Changes, listed: dict[str, list[dict]], site_url: str) -> dict:
    """changes/changes.json: the same changes as data, each with the address of its page."""

    def entry(change: dict, item: dict) -> dict:
        return {**change, "url": site_url + item["url"]} if item["url"] else change

    return {
        "as_of": changes.as_of,
        "compared_with": changes.since or None,
        "first_recorded_release": not changes.since,
        "counts": changes.counts,
        "changes": {
            kind: [entry(c, i) for c, i in zip(found, listed[kind], strict=True)] for kind, found in changes.items.items()
        },
    }
