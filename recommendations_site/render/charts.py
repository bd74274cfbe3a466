"""Charts drawn from the pivot tables (render/pivots.py), the way Our World in Data draws them: bars
whose labels and numbers are HTML text (legible at any width, never scaled below 12 px), each
chart with its data as CSV beside it and a link to the same numbers as a table."""

from __future__ import annotations

from .actions import STATUS_LABELS
from .hubs import RESPONSE_LABELS
from .pivots import Pivot

SERIES = {"recommendations": RESPONSE_LABELS, "actions": STATUS_LABELS}  # a pivot's unit -> the segments of its bars


def chart(pivot: Pivot, chart_id: str, title: str, *, limit: int = 0, oldest_first: bool = False, note: str = "") -> dict:
    """A stacked bar per row of pivot (its largest `limit` rows, if given), one segment per
    response or status; x and width are percentages of the longest bar."""
    series = SERIES[pivot.unit]
    rows = list(reversed(pivot.rows)) if oldest_first else list(pivot.rows)
    if limit:
        rows = sorted(rows, key=lambda r: -r["counts"]["total"])[:limit]
    longest = max((r["counts"]["total"] for r in rows), default=0) or 1
    used = [k for k in series if any(r["counts"].get(k) for r in rows)]
    bars = []
    for row in rows:
        x, segments = 0.0, []
        for key in used:
            n = row["counts"].get(key, 0)
            if n:
                width = n / longest * 100
                segments.append({"key": key, "label": series[key], "value": n, "x": round(x, 2), "width": round(width, 2)})
                x += width
        total = row["counts"]["total"]
        spoken = ", ".join(f"{s['value']} {s['label'].lower()}" for s in segments)
        bars.append(
            {
                "label": row["label"],
                "url": row["url"],
                "lang": row["lang"],
                "value": total,
                "segments": segments,
                "spoken": spoken,
            }
        )
    return {
        "id": chart_id,
        "title": title,
        "note": note,
        "unit": pivot.unit,
        "legend": [{"key": k, "label": series[k]} for k in used] if len(used) > 1 else [],
        "rows": bars,
        "csv": pivot.csv_path,
        "table": pivot.url,
    }
