"""Dates as the pages write them ('7 May 2009') and as the package holds them (ISO text or empty)."""

from __future__ import annotations

import datetime as dt

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


def day_text(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def iso_text(iso: str) -> str:
    """'2026-11-23' -> '23 November 2026'; '' stays ''."""
    return day_text(dt.date.fromisoformat(iso)) if iso else ""


def optional_date(value: object) -> dt.date | None:
    """A date cell of the package (ISO text, a date, or empty)."""
    return value if isinstance(value, dt.date) or value is None else dt.date.fromisoformat(str(value)) if value else None
