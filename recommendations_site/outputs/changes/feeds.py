"""Atom feeds (feedgen): feeds/all.atom for the whole site and feeds/<hub folder>/<key>.atom for each
UN body, agency and theme (render/hubs.py FEED_KINDS: Hub.feed), each linked from its page.

Entries are dated events only, never the clock:
- a progress update, on its date;
- an action, on its start date (once started by as_of);
- an independent monitor's assessment, on its date (docs/monitors.md);
- a recommendation whose review date is known to the day, on that date (one known only to the
  year gets no entry of its own: no precision is invented);
- in the first recorded release (no earlier one to compare with), each recommendation published,
  on the as_of of the earliest recorded release (data/releases) that holds it, else on this
  release's as_of, unless it has a dated entry of its own;
- each change a later release records (the changes page), on the release's as_of date, unless the
  thing changed has a dated entry of its own (a new progress update, a new started action, a new
  dated recommendation); changes to other details of a recommendation (themes, agencies, ...)
  are on the changes page only.
A feed holds its newest LIMIT entries, newest day first and within a day in natural order of their
ids (paragraph 81.9 before 81.10), as the "What changed" page says; everything is in the data
download. Each entry's `updated` is its own event's day; the feed's is its newest entry's (as_of
when it has none). Entry ids are tag: URIs named after the dataset, not the site's host, so that they outlive
a move. Every text is an Atom text construct (type text): markup in the data stays text."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass

from feedgen.feed import FeedGenerator

from ...model import Recommendation, slug
from ...model.package import natural_key
from ...model.release import Changes
from ...render import Site, Writer
from ...render.actions import STATUS_LABELS
from ...render.dates import iso_text
from ...render.hubs import FEED_KINDS, Hub
from ...render.monitors import RATING_LABELS
from ...render.urls import url
from ...render.views import heading
from . import view as changes_view

LIMIT = 100
TAG_DATE = "2026"  # the year the feeds began: part of every entry id, never to change
CHANGE_TITLES = {  # kind of change -> entry title; progress-new and recommendation-changed have no entry
    "recommendation-new": "New recommendation",
    "recommendation-removed": "Recommendation no longer in the data",
    "response-changed": "Response changed",
    "text-changed": "Text changed",
    "action-new": "New action",
    "action-removed": "Action no longer recorded",
    "status-changed": "Action status changed",
    "action-changed": "Action updated",
    "progress-changed": "Progress update changed",
    "progress-removed": "Progress update no longer recorded",
    "rationale-new": "Reasons for the response recorded",
    "rationale-changed": "Reasons for the response changed",
    "rationale-removed": "Reasons for the response no longer recorded",
}
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # characters XML 1.0 cannot hold


@dataclass(frozen=True)
class Entry:
    key: str  # unique and permanent: the tag: URI's specific part
    day: dt.date
    title: str
    text: str
    url: str  # from the site root
    author: str
    recs: tuple[str, ...]  # the recommendations it concerns
    agencies: tuple[str, ...] | None = None  # an action's agencies: an agency's feed holds it only if listed


def _date(value: object) -> dt.date | None:
    if isinstance(value, dt.date) or value is None:
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None  # a date known only to the month or year


def dated_entries(recs: list[Recommendation], tables: dict[str, list[dict]], as_of: dt.date) -> list[Entry]:
    """Progress updates, started actions and recommendations dated to the day."""
    made = changes_view.Items({}, tables)
    bodies = {b["id"]: b["name"] for b in tables.get("bodies", [])}
    found = []
    for rec in recs:
        day = _date(rec.date) if len(rec.date or "") == 10 else None
        if day is not None:
            found.append(
                Entry(
                    f"recommendations/{rec.id}",
                    day,
                    heading(rec),
                    rec.text,
                    url("recommendation", rec.id),
                    bodies.get(rec.body, rec.body),
                    (rec.id,),
                )
            )
    for action in made.actions.values():
        day = _date(action["start_date"])
        if day is None or day > as_of:
            continue
        lead = made.agency(action["lead_agency"])
        status = f"Status as at {iso_text(as_of.isoformat())}: {STATUS_LABELS[action['status']]}."
        text = "\n\n".join(t for t in (action.get("description") or "", f"Led by {lead}. {status}") if t)
        agencies = (action["lead_agency"], *action["supporting_agencies"])
        found.append(
            Entry(
                f"actions/{action['id']}",
                day,
                f"Action: {action['title']}",
                text,
                made.action_url(action["id"]),
                lead,
                tuple(made.answers.get(action["id"], [])),
                agencies,
            )
        )
    for update in made.updates.values():
        action = made.actions[update["action"]]
        evidence = "Evidence: " + " ".join(update["evidence"])
        agencies = (action["lead_agency"], *action["supporting_agencies"])
        found.append(
            Entry(
                f"progress/{update['id']}",
                _date(update["date"]) or as_of,
                f"Progress: {action['title']}",
                f"{update['text']}\n\n{evidence}",
                made.action_url(action["id"]),
                made.agency(update["agency"]),
                tuple(made.answers.get(action["id"], [])),
                agencies,
            )
        )
    return found + assessment_entries(tables, as_of)


def assessment_entries(tables: dict[str, list[dict]], as_of: dt.date) -> list[Entry]:
    """An independent monitor's assessment, on its date, in the feeds of the recommendations it judges."""
    monitors = {m["id"]: m["name"] for m in tables.get("monitors", [])}
    judged: dict[str, list[str]] = defaultdict(list)
    for link in tables.get("assessment_recommendations", []):
        judged[link["assessment"]].append(link["recommendation"])
    found = []
    for row in tables.get("assessments", []):
        name, recs = monitors.get(row["monitor"], row["monitor"]), judged.get(row["id"], [])
        grade = f" (follow-up grade {row['grade']})" if row.get("grade") else ""
        text = f"{RATING_LABELS[row['rating']]}{grade}. {row['summary']}\n\nSource: {row['source']}"
        first = recs[0] if recs else ""
        page = f"{url('recommendation', first)}#monitors" if first else url("monitor", row["monitor"])
        day = _date(row["date"]) or as_of
        found.append(Entry(f"assessments/{row['id']}", day, f"Assessment by {name}", text, page, name, tuple(recs)))
    return found


def change_entries(changes: Changes, listed: dict[str, list[dict]], dated: list[Entry], as_of: dt.date) -> list[Entry]:
    """One entry per change of this release, dated as_of, but for what has a dated entry already."""
    own = {e.key for e in dated}
    since = iso_text(changes.since)
    found = []
    for kind, items in listed.items():
        if kind not in CHANGE_TITLES:
            continue
        table = {"recommendation": "recommendations", "action": "actions"}.get(kind.split("-")[0])
        for item in items:
            if kind.endswith("-new") and f"{table}/{item['id']}" in own:
                continue
            change = f"{item['from_label']} to {item['to_label']}." if item["to_label"] else ""
            about = changes_view.SECTIONS[kind][1]
            text = " ".join(t for t in (change, item["detail"], about, f"Compared with the release as at {since}.") if t)
            found.append(
                Entry(
                    f"changes/{changes.as_of}/{kind}/{item['id']}",
                    as_of,
                    f"{CHANGE_TITLES[kind]}: {item['label']}",
                    text,
                    item["url"] or f"{changes_view.FOLDER}#{item['anchor']}",
                    "",
                    tuple(item["recs"]),
                    None if item["agencies"] is None else tuple(item["agencies"]),
                )
            )
    return found


def published_entries(
    recs: list[Recommendation],
    tables: dict[str, list[dict]],
    dated: list[Entry],
    as_of: dt.date,
    first: dict[str, str] | None = None,
) -> list[Entry]:
    """The first release: each recommendation published, but for those dated already, on the day
    the recorded releases first held it (first: id -> as_of, model/release.first_published), else
    on this release's as_of."""
    own = {e.key for e in dated}
    bodies = {b["id"]: b["name"] for b in tables.get("bodies", [])}
    found = []
    for rec in recs:
        if f"recommendations/{rec.id}" in own:
            continue
        day = _date((first or {}).get(rec.id)) or as_of
        published = f"Published in the release as at {iso_text(day.isoformat())}."
        found.append(
            Entry(
                f"recommendations/{rec.id}/published",
                day,
                f"Published: {heading(rec)}",
                f"{rec.text}\n\n{published}",
                url("recommendation", rec.id),
                bodies.get(rec.body, rec.body),
                (rec.id,),
            )
        )
    return found


def newest(entries: list[Entry]) -> list[Entry]:
    """The LIMIT newest entries: newest day first, and within a day in natural order of their
    keys, so recommendations come in paragraph order (81.9 before 81.10, 128.9 before 128.99)."""
    return sorted(entries, key=lambda e: (-e.day.toordinal(), natural_key(e.key)))[:LIMIT]


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)


def _moment(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def atom(entries: list[Entry], site: Site, path: str, title: str, subtitle: str, page: str, as_of: dt.date) -> bytes:
    """One feed: its newest LIMIT entries, newest first (newest())."""
    shown = newest(entries)
    authority = f"{slug(site.country)}-un-recommendations"  # the dataset, not the site's host
    feed = FeedGenerator()
    feed.id(f"tag:{authority},{TAG_DATE}:{path}")
    feed.title(_clean(title))
    feed.subtitle(_clean(subtitle))
    feed.author({"name": site.name})
    feed.link(href=site.url + page, rel="alternate", type="text/html")
    feed.link(href=site.url + path, rel="self", type="application/atom+xml")
    feed.language("en-NZ")
    feed.updated(_moment(shown[0].day if shown else as_of))
    for entry in shown:
        item = feed.add_entry(order="append")
        item.id(f"tag:{authority},{TAG_DATE}:{entry.key}")
        item.title(_clean(entry.title))
        item.updated(_moment(entry.day))
        item.link(href=site.url + entry.url)
        item.content(_clean(entry.text), type="text")
        if entry.author:
            item.author({"name": _clean(entry.author)})
    return feed.atom_str(pretty=True)


def write(writer: Writer, entries: list[Entry], hubs: dict[str, list[Hub]], as_of: dt.date) -> None:
    site = writer.site
    about = f"Progress updates, actions and the changes of each release, as at {iso_text(as_of.isoformat())}"
    cap = f": the newest {LIMIT} entries (every recommendation, action and update is in the data download, {site.url}data/)."
    writer.file(
        "feeds/all.atom",
        atom(
            entries, site, "feeds/all.atom", f"What's new: {site.name}", f"{about}, newest first{cap}", changes_view.FOLDER, as_of
        ),
    )
    by_rec: dict[str, list[Entry]] = defaultdict(list)
    by_agency: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries:
        for rec_id in entry.recs:
            by_rec[rec_id].append(entry)
        for agency in entry.agencies or ():
            by_agency[agency].append(entry)
    for kind in FEED_KINDS:
        for hub in hubs.get(kind, []):
            found = {e.key: e for rec in hub.recs for e in by_rec.get(rec.id, []) if kind != "agency" or e.agencies is None}
            if kind == "agency":
                found.update((e.key, e) for e in by_agency.get(hub.key, []))
            path = hub.feed
            subtitle = f"{about}: {hub.title}, newest first{cap}"
            writer.file(path, atom(list(found.values()), site, path, f"{hub.title} – {site.name}", subtitle, hub.url, as_of))
