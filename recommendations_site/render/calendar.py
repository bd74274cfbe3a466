"""What the reporting calendar page (calendar/) shows, prepared as plain values: the
reporting_events table split by the release's as_of date into upcoming, passed without a record,
and history, and each body's cycle and last recorded review."""

from __future__ import annotations

from datetime import date

from ..model import slug
from ..model.calendar import KINDS, Partial, cycle_years

ODS_URL = "https://undocs.org/en/{symbol}"
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
BASIS_LABELS = {
    "held": "Held",
    "scheduled": "Scheduled (date in a UN document)",
    "projected": "Projected (usual cycle; not a UN date)",
}


def day_text(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


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
        "body_url": f"bodies/{slug(row['body'])}/",
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
                "url": f"bodies/{slug(body['id'])}/",
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
