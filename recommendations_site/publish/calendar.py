"""The reporting calendar: its page (calendar/) and the same events as iCalendar
(calendar/new-zealand-un-reporting.ics), from the package's reporting_events table.

Both depend only on the package: "upcoming" is judged against the descriptor's as_of (the
release date, data/release.yaml), and the iCalendar's DTSTAMP is that date too, so two builds are
byte-identical. Each event's UID comes from its id (body, kind and date), so a calendar app that
subscribed keeps the same events across releases. A date known only to the month or the year is
an all-day event over that whole month or year; a projected window spans its years."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar, Event

from ..model import package, slug
from ..model.calendar import KINDS, Partial
from ..render import Writer
from ..render import calendar as calendar_view

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
        calendar_view.BASIS_LABELS[row["basis"]] + ".",
        row.get("note") or "",
        f"Document: {row['document']}." if row.get("document") else "",
        f"Source: {row['source']}.",
        f"Date known only as {calendar_view.when_text(row).removeprefix('Around ')}: shown across that whole period."
        if len(row["date"]) < 10 or row.get("date_end")
        else "",
        page,
    ]
    return "\n".join(line for line in lines if line)


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
    stamp = datetime(as_of.year, as_of.month, as_of.day, tzinfo=UTC)
    for row in table:
        if not row["date"]:
            continue  # a list of issues with no documented date: on the page, not in a calendar
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


def write(writer: Writer, meta: dict, tables: dict[str, list[dict]]) -> None:
    site = writer.site
    as_of = package.release_date(meta)
    table = tables.get("reporting_events", [])
    bodies = tables["bodies"]
    page = calendar_view.view(table, bodies, tables.get("instruments", []), as_of, site.country, ics_name(site.country))
    writer.page(
        FOLDER,
        "calendar.html",
        "Reporting calendar",
        f"When {site.country} reports to the UN human rights bodies and when they review it: held, scheduled and projected dates.",
        calendar=page,
    )
    data = ics(table, {b["id"]: b for b in bodies}, site.country, site.name, site.url, as_of)
    target = writer.out / FOLDER / ics_name(site.country)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
