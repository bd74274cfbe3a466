"""Recommendation pages put their blocks into a layout rendered once (render/shell.py): each page
is byte-identical to the page rendered whole, values are escaped as the layout escapes them, and a
page the shell cannot make is rendered whole."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from jinja2 import Environment

from recommendations_site.model import package
from recommendations_site.outputs import recommendations
from recommendations_site.pipeline.site import site_settings
from recommendations_site.project import Project
from recommendations_site.render import TEMPLATES, Site, Writer, i18n
from recommendations_site.render.build import Build
from recommendations_site.render.i18n import LANGUAGES


def held_build(canonical: Path, site: Site | None = None) -> Build:
    """A build of the package whose pages stay in memory (Writer hold)."""
    project = Project.default()
    recs, tables, meta = package.read_package(canonical)
    settings = site or site_settings(project)
    return Build(Path("/nonexistent"), canonical, recs, tables, meta, settings, hold=True, project=project)


def pages_both_ways(build: Build, ids: set[str] | None = None) -> list[list[str]]:
    """[page, shell's, whole render] for each page that differs (none should)."""
    writer, differ = build.writer, []
    whole = Writer.render

    for rec in build.recs:
        if ids is None or rec.id in ids:
            recommendations.write_one(build, rec)
    spliced = dict(writer.held or {})
    writer.held = {}
    Writer.render = lambda self, *a, shell=False, **k: whole(self, *a, **k)  # type: ignore[method-assign]
    try:
        for rec in build.recs:
            if ids is None or rec.id in ids:
                recommendations.write_one(build, rec)
    finally:
        Writer.render = whole  # type: ignore[method-assign]
    for path, data in (writer.held or {}).items():
        if spliced.get(path) != data:
            differ.append([path, len(spliced.get(path, b"")), len(data)])
    return differ


def test_every_nz_recommendation_page_is_its_whole_render(nz: tuple[Path, Path]) -> None:
    build = held_build(nz[0])
    assert pages_both_ways(build) == []
    shells = build.writer.shells.shells
    assert sorted(key[0] for key, shell in shells.items() if shell is not None) == sorted(LANGUAGES)  # in use, both languages


def test_values_are_escaped_as_the_layout_escapes_them(nz: tuple[Path, Path]) -> None:
    """A site name, a breadcrumb and a title holding markup land escaped, as in the whole render."""
    build = held_build(nz[0], Site('Recs <b>"&', "https://example.org/a&b/", "d", "New Zealand", ()))
    rec = build.recs[0] = dataclasses.replace(build.recs[0], text='A text with <script>alert("x")</script> & an ampersand', body="<i>CRC</i>")
    assert pages_both_ways(build, {rec.id}) == []
    page = (build.writer.held or {})[f"recommendations/{rec.id}/index.html"].decode()
    soup = BeautifulSoup(page, "html.parser")
    assert soup.select("script:not([type]):not([src])") == []
    assert [soup.title.string, soup.select_one('meta[name="description"]')["content"][:30]] == [
        f'{soup.h1.string} – Recs <b>"&',
        'A text with <script>alert("x")',
    ]
    assert soup.select(".breadcrumbs a")[1].string == "<i>CRC</i>"


def test_a_page_the_shell_cannot_make_is_rendered_whole(nz: tuple[Path, Path]) -> None:
    """A title equal to the site's name takes the layout's other branch: no shell, the whole render."""
    build = held_build(nz[0])
    writer = build.writer
    page = writer.render("recommendations/x/", "recommendation.html", writer.site.name, "d", shell=True, **context_of(build))
    assert page == writer.render("recommendations/x/", "recommendation.html", writer.site.name, "d", **context_of(build))
    assert writer.shells.shells == {}


def context_of(build: Build) -> dict:
    """The context write_one gives the first recommendation's page."""
    found: dict = {}
    real = Writer.page
    Writer.page = lambda self, url, template, title, description, **k: found.update(k)  # type: ignore[method-assign]
    try:
        recommendations.write_one(build, build.recs[0])
    finally:
        Writer.page = real  # type: ignore[method-assign]
    return {k: v for k, v in found.items() if k not in ("lang", "translated", "shell")}


def test_the_interface_text_needs_an_autoescaping_environment() -> None:
    """gettext is a plain function made for autoescaping (render/i18n.py remembered): installing it
    elsewhere fails, and no template turns autoescaping off."""
    env = Environment(extensions=["jinja2.ext.i18n"], autoescape=False)
    with pytest.raises(ValueError, match="autoescaping"):
        i18n.install(env, "en")
    assert [p.name for p in TEMPLATES.glob("*.html") if "autoescape" in p.read_text(encoding="utf-8")] == []
    escaped = Writer(Path("/nonexistent"), Site("s", "https://e.org/", "d", "NZ", ())).env
    said = escaped.from_string('{{ _("Source: %(source)s", source=s) }}|{{ ngettext("%(num)s a", "%(num)s b", 2) }}').render(s="<b>")
    assert said == "Source: &lt;b&gt;|2 b"
