"""The search page's parts that need no browser: the index split into parts for a large site, and
the search page's stylesheet cut from the theme's by PurgeCSS (scripts/trim-search-css;
tests/test_browser.py drives the page itself)."""

from __future__ import annotations

import importlib.metadata
import json
import re
import subprocess
from collections import Counter
from pathlib import Path

from bs4 import BeautifulSoup
from conftest import ROOT

from recommendations_site.outputs import search


def test_a_small_site_has_one_index() -> None:
    ids = [f"a-hrc-26-3-128-{k}" for k in range(219)]
    assert search.plan(ids) == [[]]
    assert search.bundles(ids) == []


def part_sizes(ids: list[str], parts: list[list[str]]) -> list[int]:
    length = len(parts[0][0])
    endings = [e for part in parts for e in part]
    assert len(endings) == len(set(endings)) and all(len(e) == length for e in endings)
    sizes = Counter(next(k for k, part in enumerate(parts) if i[-length:] in part) for i in ids)
    return [sizes[k] for k in range(len(parts))]


def test_a_large_site_is_indexed_in_even_parts_that_cover_every_page_once() -> None:
    ids = [f"a-hrc-{k % 97}-{k // 97}-r{k}" for k in range(100_000)]
    parts = search.plan(ids)
    assert len(parts) == 5 and search.bundles(ids) == [f"pagefind/part-{k}/" for k in range(2, 6)]
    assert part_sizes(ids, parts) == [20_000] * 5
    assert search.plan(list(reversed(ids))) == parts  # the same pages give the same parts


def test_uneven_endings_still_give_even_parts() -> None:
    ids = [f"a-hrc-1-{k}-{'x' if k % 3 else 'y'}{k % 7}" for k in range(70_000)]
    sizes = part_sizes(ids, search.plan(ids))
    assert len(sizes) == 4 and sum(sizes) == len(ids) and max(sizes) <= 1.1 * len(ids) / 4


THEME_CSS = ROOT / "site_templates" / "assets" / "search-theme.css"


def test_the_search_page_loads_its_own_cut_of_the_theme(nz: tuple[Path, Path]) -> None:
    _, site = nz
    html = (site / "search" / "index.html").read_text(encoding="utf-8")
    sheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    assert sheets == ["../assets/search-theme.css", "../assets/site.css"]
    cut = site / "assets" / "search-theme.css"
    assert cut.read_bytes() == THEME_CSS.read_bytes()  # copied as it is
    theme = sum(p.stat().st_size for p in (site / "assets" / "stylesheets").glob("*.min.css"))
    assert 2_000 < cut.stat().st_size < theme / 5
    text = cut.read_text(encoding="utf-8")
    for selector in (".md-header{", ".md-typeset h1{", ".md-footer{", "[data-md-color-primary=indigo]", ".md-typeset mark"):
        assert selector in text, selector
    assert "sourceMappingURL" not in text and text.count("@charset") == 1 and text.startswith('@charset "UTF-8";/*')
    assert '<script type="module" src="../assets/search.js"></script>' in html
    other = (site / "about" / "index.html").read_text(encoding="utf-8")
    assert "search-theme.css" not in other and "main." in other  # every other page keeps the whole theme


def test_the_committed_search_stylesheet_is_what_purgecss_makes_now(nz: tuple[Path, Path]) -> None:
    """site_templates/assets/search-theme.css is generated at development time (the build stays
    Python-only): PurgeCSS run again over this build must give the same bytes, so that it cannot
    drift from the templates, search.js, site.css or mkdocs-material."""
    _, site = nz
    assert (ROOT / "node_modules" / "purgecss").is_dir(), "run: bash scripts/install --with-browser"
    material = importlib.metadata.version("mkdocs-material")
    made = subprocess.run(
        ["node", str(ROOT / "scripts" / "trim-search-css.mjs"), str(site), material],
        capture_output=True,
        cwd=ROOT,
        check=True,
    ).stdout
    assert f"mkdocs-material {material}'s".encode() in made
    assert made == THEME_CSS.read_bytes(), "search-theme.css is out of date: run bash scripts/trim-search-css"


def test_the_index_counts_every_recommendation_page(nz: tuple[Path, Path]) -> None:
    _, site = nz
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    pages = sum(1 for p in (site / "recommendations").iterdir() if (p / "index.html").is_file())
    assert sum(lang["page_count"] for lang in entry["languages"].values()) == pages


def test_the_search_page_needs_no_inline_script_or_style(nz: tuple[Path, Path]) -> None:
    """Its Content-Security-Policy allows scripts and styles from the site only (and WebAssembly,
    which Pagefind runs): no 'unsafe-inline', no inline script, no style attribute."""
    _, site = nz
    html = (site / "search" / "index.html").read_text(encoding="utf-8")
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)[1]
    assert "unsafe-inline" not in csp and "script-src 'self' 'wasm-unsafe-eval';" in csp and "style-src 'self';" in csp
    assert not re.search(r"<script(?![^>]*\bsrc=)", html) and " style=" not in html and "<style" not in html
    script = (site / "assets" / "search.js").read_text(encoding="utf-8")
    assert "innerHTML" not in script and "insertAdjacentHTML" not in script  # index text goes in as text


def test_a_recommendation_is_indexed_without_the_texts_of_others_it_lists(nz: tuple[Path, Path]) -> None:
    """'Also recommended' quotes other recommendations: indexed, they would make this page a hit for
    words only those others say (and put their words in this page's excerpt)."""
    page = BeautifulSoup(
        (nz[1] / "recommendations" / "a-hrc-12-8-81-1" / "index.html").read_text(encoding="utf-8"), "html.parser"
    )
    indexed = page.select_one("[data-pagefind-body]")
    assert indexed.select_one("blockquote.rec-text").find_parent(attrs={"data-pagefind-ignore": True}) is None
    asks = indexed.select_one("#asks ~ ul.ask-list a")  # its asks' titles are indexed: a search for an ask finds it
    assert asks.find_parent(attrs={"data-pagefind-ignore": True}) is None
    for section in ("#actions", "#also", "#cite", "#data"):
        assert indexed.select_one(section).find_parent(attrs={"data-pagefind-ignore": True}), section
