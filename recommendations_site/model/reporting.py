"""The vocabulary of implementation reporting: an action's statuses (which of them are still open)
and the six-monthly reporting periods agencies report progress for: January–June (H1) and
July–December (H2)."""

from __future__ import annotations

import datetime as dt

Date = dt.date
STATUSES = ("not-started", "planned", "in-progress", "ongoing", "completed")
OPEN = ("not-started", "planned", "in-progress", "ongoing")


def period_of(day: Date) -> str:
    return f"{day.year}-H{1 if day.month <= 6 else 2}"


def bounds(period: str) -> tuple[Date, Date]:
    """First and last day of a period such as '2026-H1'."""
    year, half = int(period[:4]), period[-1]
    return (Date(year, 1, 1), Date(year, 6, 30)) if half == "1" else (Date(year, 7, 1), Date(year, 12, 31))


def previous(period: str) -> str:
    year, half = int(period[:4]), period[-1]
    return f"{year}-H1" if half == "2" else f"{year - 1}-H2"


def label(period: str) -> str:
    """'2026-H1' -> 'January to June 2026'."""
    return f"{'January to June' if period.endswith('H1') else 'July to December'} {period[:4]}"


def parse_date(value: object) -> Date:
    """A date as YAML gives it (a date) or as ISO text; ValueError otherwise."""
    if isinstance(value, dt.datetime):
        raise ValueError(f"{value!r} has a time; give the date only (YYYY-MM-DD)")
    if isinstance(value, Date):
        return value
    if isinstance(value, str):
        try:
            return Date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError(f"{value!r} is not a date (YYYY-MM-DD)")
