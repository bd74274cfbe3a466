"""Pivot tables: recommendations counted by response for each recommending state, review, theme and
lead agency (and, once agencies record progress, actions by status for each agency and theme).
Each cell links to the recommendations it counts: the hub page narrowed by its browse filters
(assets/browse.js reads ?response=…&review=…). Outputs render them as pages, CSV files and charts."""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode

from ..model import Recommendation, slug
from .actions import STATUS_LABELS, Implementation
from .hubs import RESPONSE_LABELS, Hub, review_key, review_title
from .urls import url

FOLDER = "pivots"


@dataclass
class Pivot:
    id: str  # its page is pivots/<id>/, its data pivots/<id>.csv
    title: str
    intro: str
    heading: str  # the rows' column heading
    columns: list[tuple[str, str]]  # (key, label) of the counted columns, in order
    unit: str = "recommendations"
    extra: list[tuple[str, str]] = field(default_factory=list)  # (key, label) of text columns after the row's name
    rows: list[dict] = field(default_factory=list)  # {label, url, lang, extra: [str], counts: {key: n}, links: {key: url}, members: {key: ids}}

    @property
    def url(self) -> str:
        return f"{FOLDER}/{self.id}/"

    @property
    def csv_path(self) -> str:
        return f"{FOLDER}/{self.id}.csv"

    def totals(self) -> dict[str, int]:
        """Each column's total, counting each recommendation (or action) once: one made by several
        states or with several themes is in several rows, so the total can be less than the rows' sum."""
        found: dict[str, set[str]] = {}
        for row in self.rows:
            for key, ids in row.get("members", {}).items():
                found.setdefault(key, set()).update(ids)
        return {key: len(found.get(key, ())) for key, _ in self.columns}

    def shown_columns(self) -> list[tuple[str, str]]:
        """The counted columns with anything in them: the page leaves out empty ones (the CSV keeps all)."""
        return [(k, lbl) for k, lbl in self.columns if any(r["counts"].get(k) for r in self.rows)]


def narrowed(hub_url: str, **filters: str) -> str:
    """The hub page narrowed by its browse filters (the filters in the address)."""
    query = urlencode({k: v for k, v in filters.items() if v})
    return f"{hub_url}?{query}" if query else hub_url


def _response_row(
    label: str, hub_url: str, recs: list[Recommendation], lang: str = "", extra: list[str] | None = None, **filters: str
) -> dict:
    counts = Counter(r.response for r in recs)
    row_counts = {k: counts[k] for k in RESPONSE_LABELS} | {"total": len(recs)}
    links = {k: narrowed(hub_url, response=k, **filters) for k in RESPONSE_LABELS} | {"total": narrowed(hub_url, **filters)}
    members = {k: {r.id for r in recs if r.response == k} for k in RESPONSE_LABELS} | {"total": {r.id for r in recs}}
    row = {"label": label, "url": hub_url, "lang": lang, "extra": extra or [], "counts": row_counts, "links": links}
    return row | {"members": members}


RESPONSE_COLUMNS = [*RESPONSE_LABELS.items(), ("total", "Total")]


def by_hub(
    pivot_id: str,
    title: str,
    intro: str,
    heading: str,
    hub_list: list[Hub],
    pick: Callable[[Hub], tuple[list, dict]] | None = None,
) -> Pivot:
    """Responses per hub of one kind. pick(hub) -> (its recommendations counted here, extra filters)."""
    pivot = Pivot(pivot_id, title, intro, heading, RESPONSE_COLUMNS)
    for hub in hub_list:
        recs, filters = pick(hub) if pick else (hub.recs, {})
        if recs:
            pivot.rows.append(_response_row(hub.title, hub.url, recs, hub.lang, **filters))
    return pivot


def by_state(
    hub_list: list[Hub], regions: dict[str, str], review: tuple[str, str] | None = None, reviews_of: list[dict] | None = None
) -> Pivot:
    """Responses per recommending state, all reviews or one (review: (key, title)); reviews_of: each
    hub's recommendations by review (by_review), made once for the tables of every review."""
    suffix = f": {review[1]}" if review else ""
    pivot = Pivot(
        f"states-{review[0]}" if review else "states",
        f"Responses by recommending state{suffix}",
        "How many recommendations each state made, and how the Government responded."
        + (" This review only." if review else " All reviews together; each review has a table of its own below."),
        "State",
        RESPONSE_COLUMNS,
        extra=[("regional_group", "Regional group")],
    )
    grouped = (reviews_of or by_review(hub_list)) if review else []
    for n, hub in enumerate(hub_list):
        recs = grouped[n].get(review[0], []) if review else hub.recs
        if recs:
            extra = [regions.get(hub.title, "")]
            pivot.rows.append(_response_row(hub.title, hub.url, recs, extra=extra, review=review[1] if review else ""))
    return pivot


def by_review(hub_list: list[Hub]) -> list[dict[str, list[Recommendation]]]:
    """Each hub's recommendations by review key, in the hub's order."""
    grouped: list[dict[str, list[Recommendation]]] = []
    for hub in hub_list:
        grouped.append({})
        for rec in hub.recs:
            grouped[-1].setdefault(review_key(rec), []).append(rec)
    return grouped


def by_lead_agency(hub_list: list[Hub]) -> Pivot:
    """Responses per lead agency: only the recommendations it leads (an agency's page also lists those it supports)."""

    def pick(hub: Hub) -> tuple[list[Recommendation], dict]:
        return [r for r in hub.recs if hub.key in r.lead_agencies], {"lead": hub.title}

    return by_hub(
        "agencies",
        "Responses by lead agency",
        "Recommendations each agency leads, by the Government's response. Lead agencies are assigned by officials or suggested from the text: each recommendation's page says which.",
        "Lead agency",
        hub_list,
        pick,
    )


def responses(all_hubs: dict[str, list[Hub]], regions: dict[str, str]) -> list[Pivot]:
    """Every response pivot: by state (all reviews, then each review with states), review, theme, lead agency, body."""
    pivots = [by_state(all_hubs["state"], regions)]
    pivots.append(
        by_hub(
            "reviews",
            "Responses by review",
            "Each review's recommendations by the Government's response, newest first.",
            "Review",
            all_hubs["review"],
        )
    )
    pivots.append(
        by_hub(
            "themes",
            "Responses by theme",
            "Themes are assigned by a published mapping from the sources' tags: a guide, not an official classification. A recommendation can have several.",
            "Theme",
            all_hubs["theme"],
        )
    )
    pivots.append(by_lead_agency(all_hubs["agency"]))
    pivots.append(
        by_hub(
            "bodies",
            "Responses by UN body",
            "Each UN body's recommendations by the Government's response.",
            "Body",
            all_hubs["body"],
        )
    )
    reviews = {review_key(r): review_title(r) for hub in all_hubs["state"] for r in hub.recs}
    grouped = by_review(all_hubs["state"])
    for hub in all_hubs["review"]:
        if hub.key in reviews:
            pivots.append(by_state(all_hubs["state"], regions, (hub.key, reviews[hub.key]), grouped))
    return pivots


def progress(
    implementation: Implementation, recs: list[Recommendation], agencies: dict[str, dict], themes: dict[str, dict]
) -> list[Pivot]:
    """Actions by status per lead agency and per theme of the recommendations they answer; none
    until an agency has recorded an action (the default build has none, and shows none)."""
    if not implementation.actions:
        return []
    columns = [*STATUS_LABELS.items(), ("total", "Total")]
    themes_of = {r.id: r.themes for r in recs}
    by_agency: dict[str, dict[str, set[str]]] = {}  # agency -> status -> the actions' ids
    by_theme: dict[str, dict[str, set[str]]] = {}
    for action in implementation.actions.values():
        by_agency.setdefault(action["lead_agency"], {}).setdefault(action["status"], set()).add(action["id"])
        for theme in dict.fromkeys(t for r in implementation.recs_of.get(action["id"], []) for t in themes_of.get(r, [])):
            by_theme.setdefault(theme, {}).setdefault(action["status"], set()).add(action["id"])
    pivots = []
    for pivot_id, title, heading, counts, table, kind in (
        ("progress-agencies", "Progress by lead agency", "Lead agency", by_agency, agencies, "agency"),
        ("progress-themes", "Progress by theme", "Theme", by_theme, themes, "theme"),
    ):
        pivot = Pivot(
            pivot_id, title, "Actions agencies have recorded, by their latest status.", heading, columns, unit="actions"
        )
        for key in sorted(counts, key=lambda k: table.get(k, {}).get("name", k).casefold()):
            members = {k: counts[key].get(k, set()) for k in STATUS_LABELS} | {"total": set().union(*counts[key].values())}
            row = {k: len(ids) for k, ids in members.items()}
            hub_url = url(kind, key) + ("#actions" if kind == "agency" else "")
            name = table.get(key, {})
            pivot.rows.append(
                {
                    "label": name.get("name", key),
                    "url": hub_url,
                    "lang": name.get("name_lang") or "",
                    "extra": [],
                    "counts": row,
                    "links": {},
                    "members": members,
                }
            )
        pivots.append(pivot)
    return pivots


def as_csv(pivot: Pivot) -> bytes:
    """The table as CSV, every counted column (with a byte order mark, as every CSV of the site)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        [slug(pivot.heading).replace("-", "_"), *(k for k, _ in pivot.extra), *(k.replace("-", "_") for k, _ in pivot.columns)]
    )
    for row in pivot.rows:
        writer.writerow([row["label"], *row["extra"], *(row["counts"].get(k, 0) for k, _ in pivot.columns)])
    return b"\xef\xbb\xbf" + out.getvalue().encode("utf-8")
