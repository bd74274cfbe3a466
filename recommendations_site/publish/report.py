"""The annual report for Ministers: reports/ (the index), reports/<period>/ (the page, printable:
assets/report.css) and reports/<period>/annual-report-<period>.pdf, which weasyprint renders
from the same content (site_templates/report_pdf.html). The site carries the report for the
twelve months ending with the last complete reporting period before as_of; `build.py report`
compiles one for any period.

The PDF depends only on the package: its dates (creation, modification) are the release's as_of,
and weasyprint writes no other clock value, so two builds give the same bytes."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from concurrent.futures import Executor, Future
from pathlib import Path

from ..model import Recommendation, package
from ..render import TEMPLATES, Site, Writer
from ..render import report as report_view

FOLDER = "reports/"
# The HTML each report's PDF was last rendered from in this process, by folder. A full build writes
# into a fresh folder (no PDF yet: always rendered); the preview, updating the site in place, skips
# rendering a PDF whose HTML has not changed.
_RENDERED: dict[str, str] = {}
STYLESHEET = TEMPLATES / "assets" / "report.css"


def pdf_name(period: report_view.Period) -> str:
    return f"annual-report-{period.id}.pdf"


def title(view: dict) -> str:
    return f"Annual report to Ministers, {view['period']}"


def description(view: dict) -> str:
    return (
        f"UN human rights recommendations to {view['country']}: the Government's responses, and the actions and progress "
        f"agencies recorded, {view['period']}."
    )


def pdf_html(writer: Writer, view: dict, page_url: str) -> str:
    """The report as the PDF shows it: links absolute, no site header or footer."""
    site = writer.site
    return writer.env.get_template("report_pdf.html").render(
        root=site.url,
        site_name=site.name,
        title=title(view),
        description=description(view),
        report=view,
        pdf_name="",
        page_url=page_url,
    )


def pdf_bytes(html: str) -> bytes:
    import weasyprint  # imported only to make a PDF: it takes a second

    sheet = weasyprint.CSS(string=STYLESHEET.read_text(encoding="utf-8"))
    return weasyprint.HTML(string=html).write_pdf(stylesheets=[sheet], pdf_tags=True)  # tagged: readable by screen readers


def write_pdf(html: str, target: Path) -> None:
    """Render and write the PDF by one rename: a reader never sees half a file."""
    data = pdf_bytes(html)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.write_bytes(data)
    tmp.replace(target)


def write(
    writer: Writer, recs: list[Recommendation], tables: dict[str, list[dict]], meta: dict, aside: Executor | None = None
) -> Future | None:
    """The reports index, the default report's page and its PDF. With aside, the PDF is rendered
    there while the build goes on: the caller waits for the future returned."""
    as_of = package.release_date(meta)
    period = report_view.default_period(as_of)
    view = report_view.view(recs, tables, as_of, period, writer.site.country)
    folder = f"{FOLDER}{period.id}/"
    writer.page(
        FOLDER,
        "reports.html",
        "Reports",
        f"Annual reports on the UN human rights recommendations to {writer.site.country}",
        reports=[{"title": title(view), "url": folder, "pdf": pdf_name(period), "period": view["period"]}],
        as_of=view["as_of"],
        as_of_iso=view["as_of_iso"],
    )
    writer.page(folder, "report.html", title(view), description(view), report=view, pdf_name=pdf_name(period))
    html = pdf_html(writer, view, writer.site.url + folder)
    target = writer.out / folder / pdf_name(period)
    if _RENDERED.get(folder) == html and target.is_file():
        return None  # the preview after an edit that leaves the report as it was: so is the PDF
    _RENDERED[folder] = html
    if aside is not None:
        return aside.submit(write_pdf, html, target)
    write_pdf(html, target)
    return None


def day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def add_command(commands: argparse._SubParsersAction) -> None:
    cmd = commands.add_parser("report", help="compile the annual report for Ministers for a period, as a PDF")
    cmd.add_argument("--data", type=Path, metavar="DIR", help="package directory (default: import data/sources.yaml first)")
    cmd.add_argument(
        "--from",
        dest="start",
        type=day,
        metavar="YYYY-MM-DD",
        help="first day of the period (default: a year before --to)",
    )
    cmd.add_argument(
        "--to",
        dest="end",
        type=day,
        metavar="YYYY-MM-DD",
        help="last day of the period (default: the end of the last complete six-monthly period before as_of)",
    )
    cmd.add_argument("--out", type=Path, required=True, metavar="FILE.pdf", help="the PDF to write")


def command(args: argparse.Namespace, data: Path, site: Site) -> int:
    """`build.py report`: the report for the period given, from the package in data."""
    recs, tables, meta = package.read_package(data)
    as_of = package.release_date(meta)
    try:
        period = report_view.chosen_period(as_of, args.start, args.end)
    except report_view.PeriodError as err:
        print(f"error: {err}", file=sys.stderr)
        print("nothing written", file=sys.stderr)
        return 1
    writer = Writer(args.out.parent, site)
    view = report_view.view(recs, tables, as_of, period, writer.site.country)
    on_site = period == report_view.default_period(as_of)  # then the same PDF as the site's
    write_pdf(pdf_html(writer, view, writer.site.url + FOLDER + (f"{period.id}/" if on_site else "")), args.out)
    print(
        f"wrote {args.out}: {view['period']}, {len(recs)} recommendations, {view['actions']} actions, "
        f"{view['updates']} progress updates in the period"
    )
    return 0
