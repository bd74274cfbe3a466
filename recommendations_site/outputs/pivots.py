"""Pivot tables as static pages (pivots/): responses by recommending state, review, theme, lead
agency and body, and progress by agency and theme once any is recorded (render/pivots.py). Each
table is a page whose cells link to the recommendations they count, with its data as CSV beside it
(pivots/<id>.csv); pivots/ lists them."""

from __future__ import annotations

from ..render.artefacts import Stylesheets
from ..render.build import PAGES, Build, Change, reads
from ..render.pivots import FOLDER, Pivot, as_csv

READS = reads(PAGES, uses=("pivots",))
PROVIDES: frozenset[type] = frozenset()
NEEDS: frozenset[type] = frozenset({Stylesheets})

INDEX_TITLE = "Tables: recommendations by state, review, theme and agency"


def table(pivot: Pivot) -> dict:
    """What pivot.html shows: the columns with anything in them, every row with its total, and each
    column's total counting each recommendation once (Pivot.totals)."""
    shown = pivot.shown_columns()
    totals = pivot.totals()
    return {
        "id": pivot.id,
        "title": pivot.title,
        "intro": pivot.intro,
        "heading": pivot.heading,
        "unit": pivot.unit,
        "csv": pivot.csv_path,
        "extra": [label for _, label in pivot.extra],
        "columns": [label for _, label in shown],
        "totals": [totals[k] for k, _ in shown],
        "overlapping": sum(row["counts"].get("total", 0) for row in pivot.rows) > totals.get("total", 0),
        "rows": [
            {
                "label": row["label"],
                "url": row["url"],
                "lang": row["lang"],
                "extra": row["extra"],
                "cells": [{"value": row["counts"].get(k, 0), "url": row["links"].get(k, "")} for k, _ in shown],
            }
            for row in pivot.rows
        ],
    }


def write(build: Build) -> None:
    listed = []
    for pivot in build.pivots:
        build.writer.file(pivot.csv_path, as_csv(pivot))
        view = table(pivot)
        crumbs = [{"title": "Tables", "url": f"{FOLDER}/"}]
        description = f"{pivot.title}: a table of {len(pivot.rows)} rows, with its data as CSV."
        build.writer.page(pivot.url, "pivot.html", pivot.title, description, pivot=view, breadcrumbs=crumbs)
        listed.append(
            {"title": pivot.title, "url": pivot.url, "csv": pivot.csv_path, "rows": len(pivot.rows), "intro": pivot.intro}
        )
    build.writer.page(
        f"{FOLDER}/",
        "pivot_index.html",
        INDEX_TITLE,
        "Recommendations counted by response for each recommending state, review, theme and lead agency, each table downloadable as CSV.",
        tables=listed,
    )


def update(build: Build, change: Change) -> None:
    write(build)  # an edit can change any count
