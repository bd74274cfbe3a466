"""The reporting calendar: its page (calendar/) and the same events as iCalendar
(calendar/new-zealand-un-reporting.ics), from the package's reporting_events table.

Both depend only on the package: "upcoming" is judged against the descriptor's as_of (the
release date, data/release.yaml), and the iCalendar's DTSTAMP is that date too, so two builds are
byte-identical. Each event's UID comes from its id (body, kind and date), so a calendar app that
subscribed keeps the same events across releases. A date known only to the month or the year is
an all-day event over that whole month or year; a projected window spans its years.

The page shows the reporting_events table split by the release's as_of date into upcoming,
passed without a record, and history, and each body's cycle and last recorded review."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar, Event

from ..model import slug
from ..model.calendar import KINDS, Partial, cycle_years
from ..render.artefacts import Stylesheets
from ..render.build import PAGES, Build, reads
from ..render.dates import MONTHS, day_text
from ..render.urls import url

READS = reads(PAGES, "bodies", "instruments", "reporting_events", "release")
PROVIDES: frozenset[type] = frozenset()
NEEDS: frozenset[type] = frozenset({Stylesheets})

ODS_URL = "https://undocs.org/en/{symbol}"
BASIS_LABELS = {
    "held": "Held",
    "scheduled": "Scheduled (date in a UN document)",
    "projected": "Projected (usual cycle; not a UN date)",
}


def partial_text(text: str) -> str:
    """'2009-05-07' -> '7 May 2009', '2014-10' -> 'October 2014', '2019' -> '2019'."""
    when = Partial.parse(text)
    if when.day is not None:
        return day_text(when.first())
    if when.month is not None:
        return f"{MONTHS[when.month - 1]} {when.year}"
    return str(when.year)


def when_text(row: dict) -> str:
    if not row["date"]:
        return "Before the report (no date)"
    text = partial_text(row["date"])
    if row.get("date_end"):
        text = f"{text} to {partial_text(row['date_end'])}"
    return f"Around {text}" if row["basis"] == "projected" else text


def last_day(row: dict) -> date:
    return Partial.parse(row.get("date_end") or row["date"]).last()


def status(row: dict, table: list[dict], as_of: date) -> str:
    """history (held), upcoming (may still happen on or after as_of) or lapsed (its date passed
    with no record that it happened). An undated list of issues goes with the report it precedes."""
    if row["basis"] == "held":
        return "history"
    if not row["date"]:
        report = next(
            r
            for r in table
            if r["body"] == row["body"] and r["kind"] == "state-report-due" and r.get("projected_from") == row["projected_from"]
        )
        return status(report, table, as_of)
    return "upcoming" if last_day(row) >= as_of else "lapsed"


def item(row: dict, bodies: dict[str, dict]) -> dict:
    body = bodies.get(row["body"], {})
    return {
        "id": row["id"],
        "when": when_text(row),
        "body": row["body"],
        "body_name": body.get("name", row["body"]),
        "body_url": url("body", slug(row["body"])),
        "what": KINDS[row["kind"]],
        "basis": row["basis"],
        "basis_label": BASIS_LABELS[row["basis"]],
        "note": row.get("note") or "",
        "source": row["source"],
        "document": row.get("document") or "",
        "document_url": ODS_URL.format(symbol=row["document"]) if row.get("document") else "",
    }


def next_step(row: dict, state: str) -> str:
    """'Review: around 2023 to 2024 (projected; passed with no record)'."""
    when = when_text(row)
    when = when[0].lower() + when[1:] if row["basis"] == "projected" else when
    notes = [row["basis"]] if row["basis"] != "held" else []
    if state == "lapsed":
        notes.append("passed with no record")
    return f"{KINDS[row['kind']]}: {when}" + (f" ({'; '.join(notes)})" if notes else "")


def cycle_text(body: dict, instrument: dict | None, country: str) -> str:
    if body["mechanism"] == "treaty-body" and instrument is not None and not instrument.get("ratified"):
        return f"None: {country} has not ratified the {instrument.get('abbreviation') or 'treaty'}, so no reports are due."
    years = cycle_years(body.get("report_cycle_years"))
    if years is None:
        return "No reporting cycle: special procedures report on country visits."
    every = f"{years[0]} to {years[1]}" if years[0] != years[1] else str(years[0])
    if body["mechanism"] == "upr":
        return f"A review about every {every} years."
    loipr = (
        " The committee's list of issues comes first." if body["id"] != "CERD" else " A report, then answers to a list of issues."
    )
    return f"A periodic report about every {every} years, then a review.{loipr}"


def view(table: list[dict], bodies: list[dict], instruments: list[dict], as_of: date, country: str, ics: str) -> dict:
    by_body = {b["id"]: b for b in bodies}
    by_instrument = {i["id"]: i for i in instruments}
    groups: dict[str, list[dict]] = {"upcoming": [], "lapsed": [], "history": []}
    for row in table:
        groups[status(row, table, as_of)].append(row)
    per_body = []
    for body in bodies:
        mine = [r for r in table if r["body"] == body["id"]]
        held = [r for r in mine if r["basis"] == "held"]
        latest = max(held, key=lambda r: Partial.parse(r["date"]).key(), default=None)
        since = Partial.parse(latest["date"]).key() if latest else (0, 0, 0)
        ahead = [r for r in mine if r["basis"] != "held" and (not r["date"] or Partial.parse(r["date"]).key() > since)]
        instrument = by_instrument.get(body.get("instrument") or "")
        cycle = cycle_text(body, instrument, country)
        if ahead:
            steps = [next_step(r, status(r, table, as_of)) for r in ahead]
        elif cycle.startswith("None") or cycle_years(body.get("report_cycle_years")) is None:
            steps = ["None"]
        else:
            steps = ["None recorded" if latest else "No date: no review recorded here to count from"]
        per_body.append(
            {
                "id": body["id"],
                "name": body["name"],
                "url": url("body", slug(body["id"])),
                "cycle": cycle,
                "last": f"{KINDS[latest['kind']]}, {when_text(latest)}" if latest else "None recorded here",
                "next": steps,
            }
        )
    return {
        "country": country,
        "as_of": day_text(as_of),
        "as_of_iso": as_of.isoformat(),
        "ics": ics,
        "events": len(table),
        "upcoming": [item(r, by_body) for r in groups["upcoming"]],
        "lapsed": [item(r, by_body) for r in groups["lapsed"]],
        "history": [item(r, by_body) for r in reversed(groups["history"])],
        "bodies": per_body,
    }


FOLDER = "calendar/"


def ics_name(country: str) -> str:
    return f"{slug(country)}-un-reporting.ics"


def summary(row: dict, bodies: dict[str, dict], country: str) -> str:
    what = KINDS[row["kind"]]
    text = f"{row['body']}: {what} ({country})"
    if row["basis"] == "projected":
        return f"{text} – projected, not a UN date"
    if row["basis"] == "scheduled":
        return f"{text} – scheduled"
    return text


def description(row: dict, bodies: dict[str, dict], page: str) -> str:
    lines = [
        bodies.get(row["body"], {}).get("name", row["body"]) + ".",
        BASIS_LABELS[row["basis"]] + ".",
        row.get("note") or "",
        f"Document: {row['document']}." if row.get("document") else "",
        f"Source: {row['source']}.",
        page,
    ]
    return "\n".join(line for line in lines if line)


def known_to_the_day(row: dict) -> bool:
    return len(row["date"] or "") == 10 and not row.get("date_end")


def span(row: dict) -> tuple[date, date]:
    """All-day start and (exclusive) end: the day, or the whole month, year or window."""
    start = Partial.parse(row["date"]).first()
    end = Partial.parse(row.get("date_end") or row["date"]).last() + timedelta(days=1)
    return start, end


def ics(table: list[dict], bodies: dict[str, dict], country: str, site_name: str, site_url: str, as_of: date) -> bytes:
    domain = ics_name(country).removesuffix(".ics")  # not the site's host: the UIDs outlive a move
    page = f"{site_url}{FOLDER}"
    cal = Calendar()
    cal.add("prodid", f"-//{site_name}//Reporting calendar//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"{country}: UN human rights reporting")
    cal.add(
        "x-wr-caldesc",
        f"UN human rights reviews and reports for {country}, as at {as_of.isoformat()}. Projected dates are not UN dates.",
    )
    cal.add("refresh-interval", timedelta(days=1), parameters={"VALUE": "DURATION"})  # RFC 7986: check daily
    cal.add("x-published-ttl", "P1D")  # the same, for clients that predate RFC 7986
    stamp = datetime(as_of.year, as_of.month, as_of.day, tzinfo=UTC)
    for row in table:
        if not known_to_the_day(row):
            continue  # a year, month or window: on the page as given, never stretched into a long event
        start, end = span(row)
        event = Event()
        event.add("uid", f"{row['id']}@{domain}")
        event.add("dtstamp", stamp)
        event.add("dtstart", start)
        event.add("dtend", end)
        event.add("summary", summary(row, bodies, country))
        event.add("description", description(row, bodies, page))
        event.add("categories", [row["basis"]])
        event.add("transp", "TRANSPARENT")
        event.add("url", f"{page}#{row['id']}")
        cal.add_component(event)
    return cal.to_ical()


def write(build: Build) -> None:
    site, table, bodies = build.site, build.tables.get("reporting_events", []), build.tables["bodies"]
    page = view(table, bodies, build.tables.get("instruments", []), build.as_of, site.country, ics_name(site.country))
    build.writer.page(
        FOLDER,
        "calendar.html",
        "Reporting calendar",
        f"When {site.country} reports to the UN human rights bodies and when they review it: held, scheduled and projected dates.",
        calendar=page,
    )
    data = ics(table, {b["id"]: b for b in bodies}, site.country, site.name, site.url, build.as_of)
    build.writer.file(FOLDER + ics_name(site.country), data)
