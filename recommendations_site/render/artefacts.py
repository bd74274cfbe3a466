"""What one output makes for another (or for its own finish(), or the next preview update): small
frozen values, one class each, held by the Build in a registry keyed by class (Build.provide,
Build.need). Each output module declares the classes it PROVIDES and NEEDS; the build graph
(pipeline/graph.py) orders the outputs from those declarations, so nothing depends on a
hand-kept order or on a string key."""

from __future__ import annotations

from concurrent.futures import Future
from dataclasses import dataclass
from typing import Protocol

from .hubs import Hub


@dataclass
class Download:
    """One file of the downloads (data/): its path from the site root, size and sha256."""

    path: str
    title: str
    format: str
    bytes: int
    sha256: str
    records: int | None = None


class MissingArtefact(LookupError):
    """An output asked for an artefact no output has provided (yet): the graph's order is wrong."""


@dataclass(frozen=True)
class Stylesheets:
    """The theme's stylesheets the narrative (mkdocs) build copied, which every page links."""

    # What it depends on of what its maker reads: the theme, never the narrative pages' text, so
    # an edit of content/ leaves the other outputs clean (pipeline/graph.py: dirty).
    DEPENDS_ON = frozenset({"mkdocs", "templates"})

    paths: tuple[str, ...]


@dataclass(frozen=True)
class RecommendationPages:
    """The recommendation pages are on disk (recommendations/*/index.html): Pagefind indexes them."""

    count: int


class TiritiHub(Hub):
    """The Te Tiriti o Waitangi view as a hub: its data slice and its feed are made as any hub's."""

    @property
    def feed_path(self) -> str:
        return "feeds/te-tiriti.atom"


@dataclass(frozen=True)
class TiritiView:
    """The recommendations of the Te Tiriti o Waitangi view (outputs/te_tiriti.py): the downloads
    write its slice first, the feeds its feed, and home gives its count."""

    hub: TiritiHub

    @property
    def total(self) -> int:
        return len(self.hub.recs)


@dataclass(frozen=True)
class Slices:
    """Every data slice written (folder -> its files), the Te Tiriti view's first, then the hubs'."""

    folders: dict[str, list[Download]]

    def files(self) -> list[Download]:
        return [d for folder in self.folders.values() for d in folder]


@dataclass(frozen=True, eq=False)
class WholePending:
    """The whole package being written in a process of its own (a large build)."""

    future: Future


@dataclass(frozen=True)
class WholePackage:
    """The whole package's files, once written."""

    files: list[Download]


@dataclass(frozen=True)
class ReportHtml:
    """The annual report as its PDF is rendered from: a preview update redraws the PDF only if it changed."""

    html: str


@dataclass(frozen=True, eq=False)
class ReportPending:
    """The report's PDF being rendered in the spare process."""

    future: Future


class Indexer(Protocol):
    seconds: float

    def finish(self) -> None: ...

    def stop(self) -> None: ...


@dataclass(frozen=True, eq=False)
class SearchIndexing:
    """Pagefind, indexing the recommendation pages while the rest of the site is written."""

    indexing: Indexer
