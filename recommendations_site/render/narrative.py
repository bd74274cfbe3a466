"""The narrative pages (content/*.md) built by mkdocs-material, strictly: a warning is an error."""

from __future__ import annotations

import logging
from pathlib import Path

import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config

from .. import paths

CONFIG = paths.ROOT / "mkdocs.yml"


def settings() -> dict:
    """mkdocs.yml, which also holds the site-wide settings the generated pages use."""
    return yaml.safe_load(CONFIG.read_text(encoding="utf-8"))


def build_into(site: Path) -> tuple[str, ...]:
    """Build content/ into site; return the theme stylesheets (relative paths) to link from generated pages."""
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    config = load_config(config_file=str(CONFIG), site_dir=str(site), strict=True)
    build(config)
    sheets = sorted(site.glob("assets/stylesheets/main.*.min.css")) + sorted(site.glob("assets/stylesheets/palette.*.min.css"))
    return tuple(str(p.relative_to(site)) for p in sheets)
