"""An agency's own report for the period, as a PDF: the annual report's rendering
(outputs/report) over the agency's part of the data alone."""

from __future__ import annotations

from pathlib import Path

from ...model import package
from ...outputs.report import pdf_bytes, pdf_html
from ...outputs.report import view as report_view
from ...pipeline import site_settings
from ...project import Project
from ...render import Writer


def agency_tables(agency: str, tables: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """The tracking tables cut to the actions the agency leads or supports and their updates."""
    mine = {a["id"] for a in tables.get("actions", []) if agency == a["lead_agency"] or agency in a["supporting_agencies"]}
    return tables | {
        "actions": [a for a in tables.get("actions", []) if a["id"] in mine],
        "action_recommendations": [x for x in tables.get("action_recommendations", []) if x["action"] in mine],
        "progress_updates": [u for u in tables.get("progress_updates", []) if u["action"] in mine],
    }


def agency_pdf(project: Project, canonical: Path, agency: str) -> tuple[str, bytes]:
    """(file name, PDF) of the default period's report for the recommendations the agency leads
    or supports and its actions, from the preview's last build."""
    recs, tables, meta = package.read_package(canonical)
    as_of = package.release_date(meta)
    period = report_view.default_period(as_of)
    mine = [r for r in recs if agency in r.lead_agencies or agency in r.supporting_agencies]
    site = site_settings(project)
    view = report_view.view(mine, agency_tables(agency, tables), as_of, period, site.country)
    html = pdf_html(Writer(canonical, site), view, site.url)
    return f"report-{agency}-{period.id}.pdf", pdf_bytes(html)
