"""The independent monitors' pages: an index (monitors/) and a page per monitor (monitors/<id>/)
with who it is, its members, its assessments and their counts by rating. The monitors are sourced
reference data (data/reference/monitors.yaml), so their pages exist in every build; a build with
no assessment says so on each."""

from __future__ import annotations

from ..render.artefacts import Stylesheets
from ..render.build import PAGES, Build, Change, reads
from ..render.monitors import KIND_LABELS
from ..render.urls import url

READS = reads(PAGES, uses=("monitoring",))
PROVIDES: frozenset[type] = frozenset()
NEEDS: frozenset[type] = frozenset({Stylesheets})

INTRO = (
    "Bodies independent of the Government that monitor how New Zealand implements UN recommendations: "
    "the independent monitoring mechanisms, the national human rights institution, independent offices, "
    "the UN treaty bodies' follow-up procedures and civil-society coalitions. What they find is theirs, "
    "shown beside what the Government reports."
)


def index(build: Build) -> dict:
    monitoring = build.monitoring
    totals = {m: 0 for m in monitoring.monitors}
    for row in monitoring.assessments.values():
        totals[row["monitor"]] += 1
    groups = []
    for kind, label in KIND_LABELS.items():
        members = [monitoring.monitor(m) | {"total": totals[m]} for m, row in monitoring.monitors.items() if row["kind"] == kind]
        if members:
            groups.append({"kind": kind, "label": label, "monitors": members})
    return {"intro": INTRO, "groups": groups, "total": len(monitoring.assessments)}


def write_index(build: Build) -> None:
    title = "Independent monitors"
    build.writer.page(url("monitor"), "monitors.html", title, INTRO, index=index(build))


def write_monitor(build: Build, monitor_id: str) -> None:
    page = build.monitoring.for_monitor(monitor_id)
    description = f"{page['name']}: its assessments of the implementation of UN human rights recommendations"
    crumbs = [{"title": "Independent monitors", "url": url("monitor")}]
    build.writer.page(url("monitor", monitor_id), "monitor.html", page["name"], description, monitor=page, breadcrumbs=crumbs)


def write(build: Build) -> None:
    write_index(build)
    for monitor_id in build.monitoring.monitors:
        write_monitor(build, monitor_id)


def update(build: Build, change: Change) -> None:
    """An edit of a recommendation changes its heading, which the monitors' pages list."""
    write(build)
