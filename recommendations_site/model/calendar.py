"""The reporting calendar: the reviews, reports and visits officials enter in data/calendar.yaml,
plus the next steps projected from each body's usual cycle (seed 001 Annex I).

Only `held` and `scheduled` events are typed; `projected` ones are computed here, from the latest
held review or concluding observations of each body and its `report_cycle_years`: the UPR's next
review (a window: every four to five years), a treaty body's next periodic report, and, for every
treaty body but CERD, the list of issues prior to reporting that comes before that report (no
interval is documented, so it gets no date). A projection is never made from another projection.
Whether an event is upcoming is judged by the renderer against the release's `as_of`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from ..errors import SourceError
from .recommendation import slug
from .reference import file_schema, read_loaded

KINDS = {  # kind -> what happens, in plain words
    "review": "Review",
    "concluding-observations": "Findings and recommendations published",
    "state-report-due": "Periodic report due from the Government",
    "loipr": "List of issues prior to reporting expected",
    "follow-up-report-due": "Follow-up report due",
    "mid-term-report": "Mid-term progress report",
    "report-due": "Report due to the committee",
    "country-visit": "Country visit",
}
TYPED_BASES = ("held", "scheduled")
BASES = (*TYPED_BASES, "projected")
FIELDS = ("body", "kind", "date", "basis", "document", "source", "note")
REQUIRED = ("body", "kind", "date", "basis", "source")
ANCHORS = ("review", "concluding-observations")  # what a projection counts from
DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
CABINET_PAPER = "Cabinet paper \"Establishment of a Human Rights 'National Mechanism'\" (2021)"  # seed 001
NO_LOIPR = {"CERD"}  # seed 001 Annex I: every treaty body but CERD uses the simplified procedure


@dataclass(frozen=True, order=True)
class Partial:
    """A date known to the day, the month or only the year."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, text: str) -> Partial:
        """YYYY, YYYY-MM or YYYY-MM-DD; ValueError naming what is wrong."""
        match = DATE.fullmatch(text)
        if not match:
            raise ValueError(f"{text!r} is not a date: write YYYY-MM-DD, YYYY-MM or YYYY")
        year, month, day = (int(p) if p else None for p in match.groups())
        if month is not None:
            try:
                date(year, month, day or 1)
            except ValueError as err:
                raise ValueError(f"{text!r} is not a date ({err})") from None
        return cls(year, month, day)  # type: ignore[arg-type]

    def first(self) -> date:
        return date(self.year, self.month or 1, self.day or 1)

    def last(self) -> date:
        """The last day the date may mean (31 December for a year, the month's last day for a month)."""
        if self.day is not None:
            return self.first()
        if self.month is None or self.month == 12:
            return date(self.year, 12, 31)
        return date(self.year, self.month + 1, 1) - timedelta(days=1)

    def key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)


def cycle_years(text: str | None) -> tuple[int, int] | None:
    """'8' -> (8, 8), '4-5' -> (4, 5); empty (no cycle: special procedures) -> None."""
    if not text:
        return None
    low, _, high = str(text).partition("-")
    return int(low), int(high or low)


def event_id(body: str, kind: str, when: str) -> str:
    return slug(f"{body} {kind} {when}")


# --- reading data/calendar.yaml ------------------------------------------------------------------


def _text(value: object) -> str:
    """A value as its text (the schema allows text, a whole number such as a year, or nothing)."""
    return "" if value is None else str(value).strip()


def entry_problems(row: dict, bodies: dict[str, dict], *, typed: bool) -> list[tuple[str, str]]:
    """(field, message) for each thing wrong with one event (typed: an entry of calendar.yaml,
    where projected events may not appear); the package validation runs it on every row."""
    problems = []
    for name in REQUIRED:
        if not row.get(name):
            if name == "date" and row.get("kind") == "loipr" and row.get("basis") == "projected":
                continue  # the list of issues comes "before the report": no documented interval, no date
            problems.append((name, "missing: every event has " + ", ".join(REQUIRED)))
    if row.get("body") and row["body"] not in bodies:
        problems.append(("body", f"{row['body']!r} is not in bodies.yaml (one of {', '.join(bodies)})"))
    if row.get("kind") and row["kind"] not in KINDS:
        problems.append(("kind", f"{row['kind']!r} is not one of {', '.join(KINDS)}"))
    allowed = TYPED_BASES if typed else BASES
    if row.get("basis") and row["basis"] not in allowed:
        why = " (projected dates are computed by the build, never typed)" if row["basis"] == "projected" else ""
        problems.append(("basis", f"{row['basis']!r} is not one of {', '.join(allowed)}{why}"))
    for name in ("date", "date_end"):
        if row.get(name):
            try:
                Partial.parse(row[name])
            except ValueError as err:
                problems.append((name, str(err)))
    return problems


def read_typed(path: Path, bodies: dict[str, dict]) -> tuple[str, list[dict]]:
    """The country and the typed events of a calendar file. A file that cannot be read strictly or
    is not of the shape curated.yaml gives it: InvalidPackage (file:line:field). A bad event:
    SourceError (file:entry:field) on the first, entry being its number in `events` (its line is in
    the message)."""
    loaded = read_loaded(path, file_schema("calendar.yaml"))
    data: dict = loaded.data  # type: ignore[assignment]
    seen: dict[str, int] = {}
    events = []
    for number, entry in enumerate(data["events"], start=1):
        where = f"entry {number} (line {loaded.line(('events', number - 1))})"
        unknown = sorted(set(entry) - set(FIELDS))
        if unknown:
            raise SourceError(path, number, unknown[0], f"{where}: unknown field; the fields are {', '.join(FIELDS)}")
        row = {name: _text(entry.get(name)) for name in FIELDS}
        for name, message in entry_problems(row, bodies, typed=True):
            raise SourceError(path, number, name, f"{where}: {message}")
        row["id"] = event_id(row["body"], row["kind"], row["date"])
        if row["id"] in seen:
            raise SourceError(path, number, "date", f"{where}: same body, kind and date as entry {seen[row['id']]}")
        seen[row["id"]] = number
        events.append(row)
    return data["country"], events


def package_problems(table: list[dict], bodies: list[dict]) -> list[tuple[int, str, str]]:
    """(row, field, message) for the reporting_events table of a package (rows as read from its
    CSV, row 2 the first), for what its Table Schema cannot say."""
    problems: list[tuple[int, str, str]] = []
    by_id = {row["id"]: row for row in table}
    known = {b["id"]: b for b in bodies}
    for row_no, row in enumerate(table, start=2):
        basic = entry_problems(row, known, typed=False)
        problems += [(row_no, name, message) for name, message in basic]
        if basic:
            continue
        if row["kind"] != "loipr" and row["id"] != event_id(row["body"], row["kind"], row["date"]):
            problems.append((row_no, "id", f"{row['id']!r} is not derived from body, kind and date"))
        if row.get("date_end") and Partial.parse(row["date_end"]).key() < Partial.parse(row["date"]).key():
            problems.append((row_no, "date_end", f"{row['date_end']} is before the date {row['date']}"))
        basis, start = row["basis"], by_id.get(row.get("projected_from") or "")
        if basis == "projected" and (start is None or start["basis"] != "held"):
            problems.append((row_no, "projected_from", "a projection counts from a held event of this table"))
        elif basis != "projected" and row.get("projected_from"):
            problems.append((row_no, "projected_from", "only a projection has projected_from"))
    return problems


# --- projection ---------------------------------------------------------------------------------


def anchor(events: list[dict], body: str) -> dict | None:
    """The body's latest held review or concluding observations: what projections count from."""
    held = [e for e in events if e["body"] == body and e["basis"] == "held" and e["kind"] in ANCHORS and e["date"]]
    return max(held, key=lambda e: (Partial.parse(e["date"]).key(), e["kind"] == "concluding-observations"), default=None)


def project(events: list[dict], bodies: list[dict]) -> list[dict]:
    """The projected rows: one cycle on from each body's anchor; none for a body with no anchor
    or no cycle, and none where officials have entered that step after the anchor already."""
    projected = []
    for body in bodies:
        cycle = cycle_years(body.get("report_cycle_years"))
        start = anchor(events, body["id"])
        if cycle is None or start is None:
            continue
        year = Partial.parse(start["date"]).year
        low, high = year + cycle[0], year + cycle[1]
        kind = "review" if body["mechanism"] == "upr" else "state-report-due"
        entered = [
            e
            for e in events
            if e["body"] == body["id"]
            and e["kind"] == kind
            and Partial.parse(e["date"]).key() > Partial.parse(start["date"]).key()
        ]
        if entered:
            continue
        every = f"{cycle[0]} to {cycle[1]}" if cycle[0] != cycle[1] else str(cycle[0])
        since = f"{'review' if start['kind'] == 'review' else 'concluding observations'} of {start['date']}"
        paragraph = "5" if kind == "review" else "2"
        source = f"Computed from the {since} and the usual cycle in {CABINET_PAPER}, Annex I paragraph {paragraph}"
        when = str(low)
        row = {
            "id": event_id(body["id"], kind, when),
            "body": body["id"],
            "kind": kind,
            "date": when,
            "date_end": str(high) if high != low else "",
            "basis": "projected",
            "document": "",
            "source": source,
            "note": f"Projected: {every} years after the {since}, the body's usual cycle. Not a UN date.",
            "projected_from": start["id"],
        }
        if body["mechanism"] == "treaty-body" and body["id"] not in NO_LOIPR:
            projected.append(
                {
                    **row,
                    "id": event_id(body["id"], "loipr-before", when),
                    "kind": "loipr",
                    "date": "",
                    "date_end": "",
                    "source": f"{CABINET_PAPER}, Annex I paragraph 3 (the simplified reporting procedure)",
                    "note": (
                        "The Committee sends its list of issues before the report is written; the report answers it. "
                        "No interval is documented, so no date is given."
                    ),
                }
            )
        projected.append(row)
    return projected


def rows(countries: set[str], bodies: list[dict], path: Path) -> list[dict]:
    """The reporting_events table: the typed events and the projections, in date order (an
    undated list of issues just before the report it precedes). Empty unless the package is
    about exactly the calendar's country: the calendar describes one state."""
    country, typed = read_typed(path, {b["id"]: b for b in bodies})
    if countries != {country}:
        return []
    table = [{**e, "country": country, "date_end": "", "projected_from": ""} for e in typed]
    table += [{**e, "country": country} for e in project(typed, bodies)]
    report_date = {
        (e["body"], e["projected_from"]): e["date"]
        for e in table
        if e["kind"] == "state-report-due" and e["basis"] == "projected"
    }

    def key(e: dict) -> tuple:
        undated = not e["date"]
        when = report_date[(e["body"], e["projected_from"])] if undated else e["date"]
        return (Partial.parse(when).key(), e["body"], not undated, e["id"])

    return sorted(table, key=key)
