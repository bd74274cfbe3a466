"""The annual report for Ministers: reports/ (the index), reports/<period>/ (the page, printable:
assets/report.css) and reports/<period>/annual-report-<period>.pdf, which weasyprint renders
from the same content (site_templates/report_pdf.html). The site carries the report for the
twelve months ending with the last complete reporting period before as_of; `build.py report`
compiles one for any period.

The PDF depends only on the package: its dates (creation, modification) are the release's as_of,
and weasyprint writes no other clock value, so two builds give the same bytes."""

from __future__ import annotations

from pathlib import Path

from ...files import atomic_write
from ...model import Recommendation, package
from ...render import TEMPLATES, Site, Writer
from ...render.artefacts import ReportHtml, ReportPending, Stylesheets
from ...render.build import PAGES, Build, Change, reads
from . import view as report_view

READS = reads(PAGES, "agencies", "bodies", "release", uses=("recs", "monitoring"))
PROVIDES: frozenset[type] = frozenset({ReportHtml, ReportPending})
NEEDS: frozenset[type] = frozenset({Stylesheets})

FOLDER = "reports/"
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
    atomic_write(target, pdf_bytes(html))


def write_pages(build: Build) -> tuple[str, str]:
    """The reports index and the default report's page; returns the PDF's HTML and its path."""
    writer = build.writer
    period = report_view.default_period(build.as_of)
    view = report_view.view(build.recs, build.tables, build.as_of, period, writer.site.country)
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
    build.provide(ReportHtml(html))
    return html, folder + pdf_name(period)


def write(build: Build) -> None:
    """The pages, and the PDF rendered in the spare process (if any) while the build goes on."""
    html, path = write_pages(build)
    if build.aside is None:
        write_pdf(html, build.out / path)
    else:
        build.provide(ReportPending(build.aside.submit(write_pdf, html, build.out / path)))


def finish(build: Build) -> None:
    later = build.find(ReportPending)
    if later is not None:
        later.future.result()


def update(build: Build, change: Change) -> None:
    """The pages (response counts change with an edit); the PDF only if what it shows changed."""
    html, path = write_pages(build)
    if ReportHtml(html) != change.before.find(ReportHtml) or not (build.out / path).is_file():
        build.writer.file(path, pdf_bytes(html))


def write_period(
    recs: list[Recommendation], tables: dict[str, list[dict]], meta: dict, site: Site, period: report_view.Period, out: Path
) -> dict:
    """`build.py report`: the PDF for a chosen period, from a package; returns what it shows."""
    as_of = package.release_date(meta)
    writer = Writer(out.parent, site)
    view = report_view.view(recs, tables, as_of, period, site.country)
    on_site = period == report_view.default_period(as_of)  # then the same PDF as the site's
    write_pdf(pdf_html(writer, view, site.url + FOLDER + (f"{period.id}/" if on_site else "")), out)
    return view
