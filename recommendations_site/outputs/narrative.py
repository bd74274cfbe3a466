"""The narrative pages (content/*.md) built by mkdocs-material, strictly: a warning is an error;
then again under mi/ with the interface in te reo Māori (render/i18n.py), their bodies in English."""

from __future__ import annotations

import logging
import os
import posixpath
import re
import shutil
import tempfile
from pathlib import Path

import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.plugins import BasePlugin

from ..render import i18n
from ..render.artefacts import Stylesheets
from ..render.build import PAGES, Build, reads
from ..render.hubs import HUB_KINDS

READS = reads("content", PAGES)
PROVIDES: frozenset[type] = frozenset({Stylesheets})
NEEDS: frozenset[type] = frozenset()

CONFIG = "mkdocs.yml"  # in the project root, beside content/
# Folders of generated pages that also exist under mi/ (outputs/home.py, hubs.py, search.py).
TRANSLATED_FOLDERS = {*(folder for folder, _, _ in HUB_KINDS.values()), "search", "."}


def settings(root: Path) -> dict:
    """The project's mkdocs.yml, which also holds the site-wide settings the generated pages use."""
    return yaml.safe_load((root / CONFIG).read_text(encoding="utf-8"))


def theme_stylesheets(theme_dirs: list[str]) -> list[str]:
    """The theme's stylesheets (main, then palette) as site-relative paths, for main.html, which
    uses the generated pages' layout rather than material's base.html that names them."""
    found = []
    for pattern in ("assets/stylesheets/main.*.min.css", "assets/stylesheets/palette.*.min.css"):
        sheet = next((p for d in theme_dirs for p in sorted(Path(d).glob(pattern))), None)
        if sheet is not None:
            found.append(pattern.rsplit("/", 1)[0] + "/" + sheet.name)
    return found


class Interface(BasePlugin):
    """The site's interface language in mkdocs' templates: its gettext functions (mkdocs installs
    its own theme's, which we do not use), and each page's versions in every language."""

    def __init__(self, lang: str, site_url: str):
        super().__init__()
        self.lang, self.site_url = lang, site_url

    def on_env(self, env, config, files):
        env.autoescape = True  # as the generated pages' (render/): the site's address and texts escaped where they land
        i18n.install(env, self.lang)
        return env

    def on_page_content(self, html, page, config, files):
        """On a Māori page, a link of the text to a page that has no Māori version (downloads,
        calendar …) leads to the English page, one folder up."""
        if self.lang == "en":
            return html
        translated = {f.url.split("/")[0] for f in files.documentation_pages()} | TRANSLATED_FOLDERS

        def fix(m: re.Match) -> str:
            target = posixpath.normpath(posixpath.join(page.url, m[1]))
            return m[0] if target.split("/")[0] in translated else f'href="../{m[1]}'

        return re.sub(r'href="((?:\.\./)+[^"]*)', fix, html)

    def on_page_context(self, context, page, config, nav):
        context["alternates"] = [] if page.url.endswith(".html") else i18n.alternates(self.site_url, page.url)
        return context


def build_into(site: Path, root: Path, site_url: str | None = None, lang: str = "en") -> tuple[str, ...]:
    """Build content/ into site; return the theme stylesheets (relative paths) to link from generated pages.
    site_url (default mkdocs.yml's): the site's address, from which mkdocs makes canonical links and
    the 404 page's links (root-absolute from the address's path: that page is served at any depth).
    lang: the interface's language; other than English, into site/<lang>/, sharing the root's assets."""
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    root_url = site_url or settings(root)["site_url"]
    target = site / i18n.PREFIX[lang]
    config = load_config(config_file=str(root / CONFIG), site_dir=str(target), strict=True, site_url=root_url + i18n.PREFIX[lang])
    config.plugins["site-interface"] = Interface(lang, root_url)
    sheets = theme_stylesheets(config.theme.dirs)
    config["extra"]["stylesheets"] = sheets  # main.html's, as the generated pages get them from the return value
    build(config)
    if lang != "en":  # the root's stylesheets, 404 page and sitemap serve every language
        shutil.rmtree(target / "assets", ignore_errors=True)
        for name in ("404.html", "sitemap.xml", "sitemap.xml.gz"):
            (target / name).unlink(missing_ok=True)
        return tuple(sheets)
    shutil.rmtree(site / "assets" / "javascripts", ignore_errors=True)  # material's scripts: no page loads them (main.html)
    missing = [sheet for sheet in sheets if not (site / sheet).is_file()]
    if missing:
        raise RuntimeError(f"the theme's stylesheets were not copied into the site: {missing}")
    return tuple(sheets)


def write(build: Build) -> None:
    """First of all outputs: mkdocs empties the folder it builds into. The other languages' pages
    are built meanwhile in the spare process, into a folder beside the site (mkdocs would empty a
    folder inside it), and moved in once the English build has emptied and filled the site."""
    if build.aside is None:
        build.use_stylesheets(build_into(build.out, build.project.root, build.site.url))
        for lang in i18n.LANGUAGES[1:]:
            build_into(build.out, build.project.root, build.site.url, lang)
        return
    aside = Path(tempfile.mkdtemp(prefix=".narrative-", dir=build.out.parent))
    try:
        later = {lang: build.aside.submit(build_into, aside, build.project.root, build.site.url, lang) for lang in i18n.LANGUAGES[1:]}
        build.use_stylesheets(build_into(build.out, build.project.root, build.site.url))
        for lang, done in later.items():
            done.result()
            os.replace(aside / i18n.PREFIX[lang], build.out / i18n.PREFIX[lang])
    finally:
        shutil.rmtree(aside, ignore_errors=True)
