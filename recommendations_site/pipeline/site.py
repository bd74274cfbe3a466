"""The site build: every output (outputs/OUTPUTS) written into a fresh folder beside the target,
in the order of the build graph (graph.py: from what each declares it reads, provides and needs),
then each one's finish() in that order, and only then the folder swapped in: the target changes
only if every step succeeds."""

from __future__ import annotations

import gc
import re
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from urllib.parse import SplitResult, urlsplit, urlunsplit

from ..errors import OutputError
from ..files import replacing
from ..model import package
from ..model.reference import sources_config
from ..outputs import narrative
from ..progress import Laps
from ..project import Project
from ..render import Site
from ..render.build import FORK, Build, freeze_before_fork

MARKER = "sitemap.xml"  # in every site an earlier version wrote, which kept no manifest (files.py)


def site_settings(
    project: Project, stylesheets: tuple[str, ...] = (), sources: dict | None = None, base_url: str | None = None
) -> Site:
    """The site's settings; base_url (default: site_url in mkdocs.yml) is the address every
    absolute URL is made from: the sitemap, feeds, calendar, JSON-LD, citations, the PDF."""
    config = narrative.settings(project.root)
    return Site(
        config["site_name"],
        site_address(base_url or config["site_url"]),
        " ".join(config["site_description"].split()),
        (sources or sources_config(project))["dataset"]["country"],
        stylesheets,
    )


# What an address never holds, so that it lands unchanged in every format (HTML attributes, XML,
# JSON-LD, iCalendar, robots.txt, the PDF): quotes, angle brackets, backslashes, spaces, controls.
NOT_IN_ADDRESS = re.compile(r"[\"'`<>\\\s\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")


def site_address(url: str) -> str:
    """url as the site's address: http(s), a host, ending in '/' (links below it are relative)."""
    bad = NOT_IN_ADDRESS.search(url)
    if bad:
        raise OutputError(f"{url!r} is not a site address: it holds {bad[0]!r}, which an address never does (percent-encode it)")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment or not port_of(parts):
        raise OutputError(f"{url!r} is not a site address: give an http(s) URL such as https://example.govt.nz/recommendations/")
    return urlunsplit((parts.scheme, parts.netloc, parts.path.rstrip("/") + "/", "", ""))


def port_of(parts: SplitResult) -> bool:
    """The address's port is a number from 0 to 65535, or none is given."""
    try:
        _ = parts.port
    except ValueError:
        return False
    return True


def build(
    data: Path,
    out: Path,
    *,
    sources: dict | None = None,
    releases: Path | None = None,
    base_url: str | None = None,
    project: Project | None = None,
    observe: Callable[[ModuleType, Build], None] | None = None,
) -> Build:
    """Build the whole site from the canonical package in data into out; returns the build (its
    timings: seconds per output's write and finish). out changes only if every step succeeds.
    project: where the content, templates and curated files are (the checkout's own by default);
    observe: called after each output's write() and finish() (the preview learns who wrote what)."""
    project = project or Project.default()
    from . import graph  # here, not at the top: `python -m recommendations_site.pipeline.graph` runs it as __main__

    steps = graph.order()  # a graph that does not hold (a cycle, an artefact nobody makes) stops here, before any work
    with prepared(data, out, site_settings(project, (), sources, base_url), releases, project, steps) as done:
        run(done, steps, observe)
    return done


@contextmanager
def prepared(
    data: Path, out: Path, settings: Site, releases: Path | None, project: Project, steps: list[ModuleType]
) -> Iterator[Build]:
    """A build of the package in data into a fresh folder beside out (files.replacing), swapped in
    when the block ends without an error; the build's cleanups run however it ends. steps: the
    graph's outputs in order (what each PROVIDES tells the build who makes an artefact)."""
    timings: dict[str, float | int] = {}
    lap = Laps(timings)
    recs, tables, meta = package.read_package(data)
    lap("read")
    freeze_before_fork()  # the package lives as long as the build
    with replacing(out, marker=MARKER) as work, ProcessPoolExecutor(1, mp_context=FORK) as aside:
        done = Build(work, data, recs, tables, meta, settings, releases, aside, timings=timings, project=project)
        done.producers.update({kind: name(output) for output in steps for kind in getattr(output, "PROVIDES", ())})
        try:
            yield done
        finally:
            for cleanup in done.cleanups:
                cleanup()
            gc.unfreeze()
    done.moved_to(out.resolve())
    timings["recommendations"] = len(recs)


def run(
    done: Build,
    steps: list[ModuleType],
    observe: Callable[[ModuleType, Build], None] | None = None,
    written: frozenset[ModuleType] = frozenset(),
) -> None:
    """Every step's write() in order, then every step's finish() (the one loop of a build, whole or
    of the dirty outputs only); observe after each; written: steps whose write() already ran."""
    for kind in ("write", "finish"):
        for output in steps:
            if hasattr(output, kind) and not (kind == "write" and output in written):
                getattr(output, kind)(done)
                done.lap(f"{kind} {name(output)}")
                if observe:
                    observe(output, done)


def name(output: ModuleType) -> str:
    return output.__name__.rsplit(".", 1)[1]


def build_site(
    data: Path,
    out: Path,
    *,
    sources: dict | None = None,
    releases: Path | None = None,
    base_url: str | None = None,
    project: Project | None = None,
) -> dict[str, float | int]:
    """build(), returning its timings only (the command line and the benchmark report them)."""
    return build(data, out, sources=sources, releases=releases, base_url=base_url, project=project).timings
