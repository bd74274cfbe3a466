"""Render the generated pages (home, one per recommendation, hubs, search) with Jinja2 from
site_templates/. Every value is autoescaped: recommendation text is data, never markup."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, Template, select_autoescape

from .. import paths
from ..model import Recommendation
from ..progress import progress
from ..publish import search as search_index
from . import actions, hubs, overlaps, views

TEMPLATES = paths.ROOT / "site_templates"


@dataclass(frozen=True)
class Site:
    """Site-wide settings (from mkdocs.yml) and the stylesheets the narrative build produced."""

    name: str
    url: str
    description: str
    country: str
    stylesheets: tuple[str, ...]


def environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # one build never sees a template change: no stat of every template per page
    )


RESPONSES = [{"label": v} for v in hubs.RESPONSE_LABELS.values()]


class Writer:
    """Renders pages into out. With hold=True pages are kept in memory until flush() (the
    preview renders everything that changed first, then writes it, so a failure writes nothing)."""

    def __init__(self, out: Path, site: Site, *, hold: bool = False):
        self.out, self.site, self.env = out, site, environment()
        self.pages: list[str] = []
        self.held: dict[str, str] | None = {} if hold else None
        self.templates: dict[str, Template] = {}

    def render(self, url: str, template: str, title: str, description: str, **context: object) -> str:
        if template not in self.templates:
            self.templates[template] = self.env.get_template(template)
        return self.templates[template].render(
            root="../" * url.count("/"),
            site_name=self.site.name,
            stylesheets=self.site.stylesheets,
            title=title,
            description=description,
            breadcrumbs=context.pop("breadcrumbs", []),
            responses=RESPONSES,
            **context,
        )

    def page(self, url: str, template: str, title: str, description: str, **context: object) -> None:
        """Write url (a folder path such as 'themes/health/') as url/index.html."""
        html = self.render(url, template, title, description, **context)
        self.pages.append(url)
        if self.held is not None:
            self.held[url] = html
            return
        target = self.out / url / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")

    def flush(self) -> dict[Path, bytes | None]:
        """Write the held pages, each by one rename (a reader never sees half a page); returns what
        each file held before (None: it is new), so that a caller can put it back."""
        held, self.held = self.held or {}, {}
        before: dict[Path, bytes | None] = {}
        for url, html in held.items():
            target = self.out / url / "index.html"
            before[target] = target.read_bytes() if target.exists() else None
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = target.with_name(".index.html.tmp")
            tmp.write_text(html, encoding="utf-8")
            tmp.replace(target)
        return before


class Pages:
    """What every generated page needs (lookups, hubs, overlaps), computed once; one method per
    kind of page, so that the preview can re-render only the pages a change touches."""

    def __init__(self, recs: list[Recommendation], tables: dict[str, list[dict]], write: Writer, as_of: dt.date = dt.date.min):
        """as_of: the release's date (the package's descriptor), against which overdue and stale are judged."""
        self.recs, self.write, self.site = recs, write, write.site
        self.look = views.Lookups.of(tables)
        self.implementation = actions.Implementation.of(tables, as_of, {r.id: views.heading(r) for r in recs})
        self.hubs = hubs.build(recs, tables)
        self.also = overlaps.also_recommended(recs, tables.get("overlaps", []), self.look)
        self.items: dict[str, dict] = {}  # list item of each recommendation, shared by the hubs it is in

    def all(self, *, recommendations: bool = True) -> None:
        self.home()
        self.search()
        if recommendations:
            for rec in progress(self.recs, "recommendation pages"):
                self.recommendation(rec)
        self.recurring()
        for kind, hub_list in self.hubs.items():
            self.hub_index(kind)
            for hub in progress(hub_list, f"{hubs.HUB_KINDS[kind][0]} pages"):
                self.hub(hub)

    def home(self) -> None:
        home = views.home(self.recs, self.hubs, self.look, self.site.country)
        self.write.page("", "home.html", home["heading"], self.site.description, home=home)

    def search(self) -> None:
        self.write.page(
            "search/",
            "search.html",
            "Search recommendations",
            "Search every UN recommendation to " + self.site.country,
            search_bundles=search_index.bundles(r.id for r in self.recs),
        )

    def recommendation(self, rec: Recommendation) -> None:
        view = views.recommendation(rec, self.look, self.site.url, self.site.name)
        crumbs = [
            {"title": view["body"], "url": f"bodies/{view['body_slug']}/"},
            {"title": view["review_title"], "url": f"reviews/{view['review_slug']}/"},
        ]
        self.write.page(
            f"recommendations/{rec.id}/",
            "recommendation.html",
            view["heading"],
            views.excerpt(rec.text),
            rec=view,
            also=self.also.get(rec.id, []),
            implementation=self.implementation.for_recommendation(rec.id, self.look.agencies),
            breadcrumbs=crumbs,
        )

    def recurring(self) -> None:
        self.write.page(
            "recurring/",
            "recurring.html",
            "Recurring recommendations",
            "UN recommendations asked again in later reviews",
            asks=overlaps.recurring(self.recs, self.look),
            country=self.site.country,
        )

    def hub_index(self, kind: str) -> None:
        index = views.hub_index(kind, self.hubs[kind])
        self.write.page(f"{hubs.HUB_KINDS[kind][0]}/", "hub_index.html", index["title"], index["title"], index=index)

    def hub(self, hub: hubs.Hub) -> None:
        folder, index_title, _ = hubs.HUB_KINDS[hub.kind]
        page = views.hub_page(hub, self.look, self.items)
        description = f"{len(hub.recs)} UN human rights recommendations: {hub.title}"
        crumbs = [{"title": index_title, "url": f"{folder}/"}]
        title = f"{hub.title} – {index_title}"  # a theme and a group may share a name; titles may not
        accountability = self.implementation.for_agency(hub.key, self.look.agencies) if hub.kind == "agency" else None
        self.write.page(hub.url, "hub.html", title, description, hub=page, breadcrumbs=crumbs, accountability=accountability)


def render(recs: list[Recommendation], tables: dict[str, list[dict]], write: Writer) -> dict[str, list[hubs.Hub]]:
    """Write every generated page; returns the hubs (the downloads follow the same groupings)."""
    pages = Pages(recs, tables, write)
    pages.all()
    return pages.hubs
