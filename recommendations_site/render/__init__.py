"""Render the generated pages (home, one per recommendation, hubs, search) with Jinja2 from
site_templates/. Every value is autoescaped: recommendation text is data, never markup."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from .. import paths
from ..model import Recommendation
from ..progress import progress
from . import hubs, views

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
    )


class Writer:
    def __init__(self, out: Path, site: Site):
        self.out, self.site, self.env = out, site, environment()
        self.pages: list[str] = []

    def page(self, url: str, template: str, title: str, description: str, **context: object) -> None:
        """Write url (a folder path such as 'themes/health/') as url/index.html."""
        depth = url.count("/")
        html = self.env.get_template(template).render(
            root="../" * depth,
            site_name=self.site.name,
            stylesheets=self.site.stylesheets,
            title=title,
            description=description,
            breadcrumbs=context.pop("breadcrumbs", []),
            responses=[{"label": v} for v in hubs.RESPONSE_LABELS.values()],
            **context,
        )
        target = self.out / url / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")
        self.pages.append(url)


def render(recs: list[Recommendation], tables: dict[str, list[dict]], write: Writer) -> dict[str, list[hubs.Hub]]:
    """Write every generated page; returns the hubs (the downloads follow the same groupings)."""
    site = write.site
    look = views.Lookups.of(tables)
    all_hubs = hubs.build(recs, tables)
    home = views.home(recs, all_hubs, look, site.country)
    write.page("", "home.html", home["heading"], site.description, home=home)
    write.page("search/", "search.html", "Search recommendations", "Search every UN recommendation to " + site.country)
    for rec in progress(recs, "recommendation pages"):
        view = views.recommendation(rec, look, site.url, site.name)
        crumbs = [
            {"title": view["body"], "url": f"bodies/{view['body_slug']}/"},
            {"title": view["review_title"], "url": f"reviews/{view['review_slug']}/"},
        ]
        write.page(
            f"recommendations/{rec.id}/",
            "recommendation.html",
            view["heading"],
            views.excerpt(rec.text),
            rec=view,
            breadcrumbs=crumbs,
        )
    for kind, hub_list in all_hubs.items():
        index = views.hub_index(kind, hub_list)
        folder = hubs.HUB_KINDS[kind][0]
        write.page(f"{folder}/", "hub_index.html", index["title"], index["title"], index=index)
        for hub in progress(hub_list, f"{folder} pages"):
            page = views.hub_page(hub, look)
            description = f"{len(hub.recs)} UN human rights recommendations: {hub.title}"
            crumbs = [{"title": index["title"], "url": f"{folder}/"}]
            write.page(hub.url, "hub.html", hub.title, description, hub=page, breadcrumbs=crumbs)
    return all_hubs
