"""The narrative pages (content/*.md) built by mkdocs-material, strictly: a warning is an error."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config

from .. import paths
from ..render.build import Build

CONFIG = paths.ROOT / "mkdocs.yml"


def settings() -> dict:
    """mkdocs.yml, which also holds the site-wide settings the generated pages use."""
    return yaml.safe_load(CONFIG.read_text(encoding="utf-8"))


def theme_stylesheets(theme_dirs: list[str]) -> list[str]:
    """The theme's stylesheets (main, then palette) as site-relative paths, for main.html, which
    uses the generated pages' layout rather than material's base.html that names them."""
    found = []
    for pattern in ("assets/stylesheets/main.*.min.css", "assets/stylesheets/palette.*.min.css"):
        sheet = next((p for d in theme_dirs for p in sorted(Path(d).glob(pattern))), None)
        if sheet is not None:
            found.append(pattern.rsplit("/", 1)[0] + "/" + sheet.name)
    return found


def build_into(site: Path, site_url: str | None = None) -> tuple[str, ...]:
    """Build content/ into site; return the theme stylesheets (relative paths) to link from generated pages.
    site_url (default mkdocs.yml's): the site's address, from which mkdocs makes canonical links and
    the 404 page's links (root-absolute from the address's path: that page is served at any depth)."""
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    given = {"site_url": site_url} if site_url else {}
    config = load_config(config_file=str(CONFIG), site_dir=str(site), strict=True, **given)
    sheets = theme_stylesheets(config.theme.dirs)
    config["extra"]["stylesheets"] = sheets  # main.html's, as the generated pages get them from the return value
    build(config)
    shutil.rmtree(site / "assets" / "javascripts", ignore_errors=True)  # material's scripts: no page loads them (main.html)
    missing = [sheet for sheet in sheets if not (site / sheet).is_file()]
    if missing:
        raise RuntimeError(f"the theme's stylesheets were not copied into the site: {missing}")
    return tuple(sheets)


def write(build: Build) -> None:
    """First of all outputs: mkdocs empties the folder it builds into."""
    build.use_stylesheets(build_into(build.out, build.site.url))
