"""sitemap.xml listing every page of the finished site, each with the data's date (the release's
as_of: every page shows the data as at that day), and robots.txt naming it."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from xml.sax.saxutils import escape

from ..render.build import ALL_INPUTS, Build

READS = ALL_INPUTS
PROVIDES: frozenset[type] = frozenset()
NEEDS: frozenset[type] = frozenset()
AFTER_ALL = True  # it reads the finished site: after every other output


def pages(site: Path) -> list[str]:
    """Every folder of site holding an index.html, from the site root ("." for the root itself),
    sorted; none under a folder named pagefind (the search index's). os.walk, not Path.rglob: it
    skips the search index's thousands of files instead of listing them (a quarter of a second at 2,000)."""
    found = []
    for folder, subfolders, names in os.walk(site):
        subfolders[:] = [name for name in subfolders if name != "pagefind"]
        if "index.html" in names:
            found.append(os.path.relpath(folder, site))
    return sorted(found)


def write_sitemap(site: Path, site_url: str, as_of: dt.date) -> int:
    urls = pages(site)
    lastmod = as_of.isoformat()
    entries = [
        f"  <url><loc>{escape(site_url + ('' if u == '.' else u + '/'))}</loc><lastmod>{lastmod}</lastmod></url>" for u in urls
    ]
    xml = '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
    (site / "sitemap.xml").write_text(xml + "\n".join(entries) + "\n</urlset>\n", encoding="utf-8")
    (site / "sitemap.xml.gz").unlink(missing_ok=True)  # mkdocs' own, listing only the narrative pages
    return len(entries)


def robots(site_url: str) -> str:
    """Every page may be crawled; the sitemap is named by its absolute address, as crawlers need.
    (Crawlers read robots.txt only at a host's root: a site published under a sub-path has its
    host's robots.txt name this sitemap, docs/publishing.md.)"""
    return f"User-agent: *\nAllow: /\n\nSitemap: {site_url}sitemap.xml\n"


def finish(build: Build) -> None:
    """Last but one: it lists every page the other outputs wrote."""
    build.timings["pages"] = write_sitemap(build.out, build.site.url, build.as_of)
    (build.out / "robots.txt").write_text(robots(build.site.url), encoding="utf-8")
