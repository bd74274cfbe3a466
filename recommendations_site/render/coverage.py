"""What share of each UN document the site holds, as the pages show it: the package's coverage
table (model/coverage.py) by review and by body, a body's status for the bodies index, and the
figures for home, search and downloads. A total no source gives stays "not known"."""

from __future__ import annotations

from ..model import slug
from ..model.coverage import summary
from .i18n import N_
from .urls import url

EXPLAINED = "what-this-site-holds/"  # the narrative page explaining coverage and how sources are added
BODY_STATUS = {  # a body's coverage, in the bodies index
    "none": N_("Not yet imported"),
    "partial": N_("Partly imported"),
    "total-unknown": N_("Imported; total not known"),
    "complete": N_("Complete"),
}


def shown(row: dict) -> dict:
    """A coverage row as a page shows it: with its review page's address when it holds any."""
    return {**row, "url": url("review", row["id"]) if row["held"] else ""}


def by_review(rows: list[dict]) -> dict[str, dict]:
    return {row["id"]: shown(row) for row in rows}


def of_body(rows: list[dict], body_key: str) -> list[dict]:
    """The rows of a body (body_key: its hub key, the slug of its id), newest first."""
    return [shown(row) for row in rows if slug(row["body"]) == body_key]


def body_status(rows: list[dict], held: int) -> str:
    """none (nothing held), partial (a document known to hold more), total-unknown, or complete."""
    if not held:
        return "none"
    statuses = {row["status"] for row in rows}
    return "partial" if "partial" in statuses else "total-unknown" if "total-unknown" in statuses or not rows else "complete"


def figures(rows: list[dict]) -> dict:
    """The whole dataset's coverage, for home, search and downloads: model/coverage.summary and
    the share held of what sources count ("" when no source counts any)."""
    found = summary(rows)
    found["share"] = f"{found['held_of_known'] / found['total']:.0%}" if found["total"] else ""
    found["explained"] = EXPLAINED
    return found
