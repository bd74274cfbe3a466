"""sitemap.xml listing every page of the finished site."""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from ..render.build import Build


def write_sitemap(site: Path, site_url: str) -> int:
    urls = sorted(str(p.parent.relative_to(site)) for p in site.rglob("index.html") if "pagefind" not in p.parts)
    entries = [f"  <url><loc>{escape(site_url + ('' if u == '.' else u + '/'))}</loc></url>" for u in urls]
    xml = '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
    (site / "sitemap.xml").write_text(xml + "\n".join(entries) + "\n</urlset>\n", encoding="utf-8")
    (site / "sitemap.xml.gz").unlink(missing_ok=True)  # mkdocs' own, listing only the narrative pages
    return len(entries)


def finish(build: Build) -> None:
    """Last but one: it lists every page the other outputs wrote."""
    build.timings["pages"] = write_sitemap(build.out, build.site.url)
