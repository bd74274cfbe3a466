"""Dates as the pages write them ('7 May 2009') and as the package holds them (ISO text or empty).
On a page in te reo Māori a date is written by CLDR's Māori locale through Babel ('5 Tīhema 2026',
docs/te-reo.md), marked lang="mi" because it may stand inside English text."""

from __future__ import annotations

import datetime as dt
import re

from babel.dates import format_date, format_interval
from markupsafe import Markup

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
MAORI = Markup('<span lang="mi">{}</span>')


def day_text(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def iso_text(iso: str) -> str:
    """'2026-11-23' -> '23 November 2026'; '' stays ''."""
    return day_text(dt.date.fromisoformat(iso)) if iso else ""


def optional_date(value: object) -> dt.date | None:
    """A date cell of the package (ISO text, a date, or empty)."""
    return value if isinstance(value, dt.date) or value is None else dt.date.fromisoformat(str(value)) if value else None


def in_language(value: object, lang: str) -> object:
    """A date (a date or ISO text) for a page in lang: in English as the page has always written
    it (unchanged); in te reo Māori CLDR's day, month and year, marked lang="mi". Anything that
    is not a date (empty, 'ongoing') is returned as it is."""
    if lang == "en" or not value:
        return value
    try:
        day = optional_date(value)
    except ValueError:
        return value
    return MAORI.format(format_date(day, "d MMMM y", locale=lang)) if day else value


def half_year(period: str, lang: str) -> str:
    """A six-monthly reporting period ('2026-H2') in lang: English 'July to December 2026' (as
    model/reporting.py writes it); te reo Māori CLDR's month interval ('Hōngongoi – Tīhema 2026')."""
    year, half = int(period[:4]), period.endswith("H2")
    start, end = dt.date(year, 7 if half else 1, 1), dt.date(year, 12 if half else 6, 1)
    if lang == "en":
        return f"{'July to December' if half else 'January to June'} {year}"
    return MAORI.format(format_interval(start, end, "yMMMM", locale=lang))


WRITTEN = re.compile(r"\b(\d{1,2}) (" + "|".join(MONTHS) + r") (\d{4})\b")


def in_text(html: str, lang: str) -> str:
    """Every '14 December 2021' in a page's HTML written in lang (CLDR), marked lang="mi": the
    narrative pages' English bodies keep their words, their dates follow the page's language."""
    if lang == "en":
        return html

    def local(m: re.Match) -> str:
        return str(in_language(dt.date(int(m[3]), MONTHS.index(m[2]) + 1, int(m[1])), lang))

    return Markup(WRITTEN.sub(local, str(html)))
