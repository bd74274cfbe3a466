"""WCAG 2.2 AA, keyboard use, small screens, privacy and Lighthouse, in Debian chromium.

Every kind of page is checked: the home page, each top-level folder's own page and its largest
sub-page (so every hub index and the fullest hub of each kind, every narrative page), a recommendation,
the downloads page, a search with its results open and the 404 page. docs/quality.md says what
each check covers and how long it takes."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import CHROMIUM, CHROMIUM_ARGS, ROOT
from playwright.sync_api import Browser, Page, expect

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SEARCH = "search/?q=Maori"
RESULT = ".search-result__link"
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
# Outline or box-shadow on the focused element: site.css gives every :focus-visible both.
FOCUS_STYLE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const s = getComputedStyle(el), r = el.getBoundingClientRect();
  return {tag: el.tagName, id: el.id, cls: el.className, text: (el.textContent || "").trim().slice(0, 40),
          outline: s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2, shadow: s.boxShadow !== "none",
          onscreen: r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth};
}"""


def page_paths(site: Path) -> list[str]:
    """One page of every kind (see the module docstring), by path from the site root."""
    paths = {"", "recommendations/a-hrc-26-3-128-14/", "groups/maori/", SEARCH, "404.html"}
    for folder in sorted(p for p in site.iterdir() if p.is_dir() and p.name not in ("assets", "pagefind")):
        if (folder / "index.html").is_file():
            paths.add(f"{folder.name}/")
        subs = [sub for sub in folder.iterdir() if (sub / "index.html").is_file()]
        if subs:  # the largest: a hub with the most recommendations listed
            largest = max(subs, key=lambda sub: ((sub / "index.html").stat().st_size, sub.name))
            paths.add(f"{folder.name}/{largest.name}/")
    # The Māori interface (/mi/): every kind of page it has, checked as the English ones are.
    paths |= {f"mi/{p}" for p in list(paths) if p and p != "mi/" and (site / "mi" / p.split("?")[0] / "index.html").is_file()}
    paths |= {"mi/", "mi/" + SEARCH}
    return sorted(paths)


@pytest.fixture(scope="module")
def paths(nz: tuple[Path, Path]) -> list[str]:
    found = page_paths(nz[1])
    assert {"bodies/", "mechanisms/", "reviews/", "agencies/", "themes/", "groups/", "sdgs/", "states/"} <= set(found)
    assert {"data/", "calendar/", "about/", "contact/", "accessibility/", "privacy/"} <= set(found)
    assert "reports/" in found and any(p.startswith("reports/") and p != "reports/" for p in found)  # the annual report
    assert {"mi/", "mi/" + SEARCH, "mi/groups/maori/", "mi/about/", "mi/themes/"} <= set(found)
    return found


def open_page(page: Page, path: str) -> None:
    response = page.goto(path)
    assert response is not None and response.ok, path
    if path.removeprefix("mi/") == SEARCH:
        expect(page.locator(RESULT).first).to_be_visible(timeout=10_000)


@pytest.fixture
def desktop(browser: Browser, base_url: str) -> Iterator[Page]:
    context = browser.new_context(base_url=base_url, viewport=DESKTOP)
    yield context.new_page()
    context.close()


@pytest.fixture
def phone(browser: Browser, base_url: str) -> Iterator[Page]:
    context = browser.new_context(base_url=base_url, viewport=PHONE, is_mobile=True, has_touch=True)
    yield context.new_page()
    context.close()


def axe_violations(page: Page) -> list[str]:
    """axe-core's WCAG 2.0/2.1/2.2 A and AA rules on the page as it is now. page.evaluate runs
    outside the page's Content-Security-Policy, which rightly refuses an injected script."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;0")
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
    return [f"{v['id']} ({v['impact']}): {v['help']} at {node['target']}" for v in result["violations"] for node in v["nodes"]]


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_axe_finds_no_wcag_violations(viewport: str, paths: list[str], request: pytest.FixtureRequest) -> None:
    assert AXE.is_file(), "install the npm tools: bash scripts/install --with-browser"
    page: Page = request.getfixturevalue(viewport)
    found = []
    for path in paths:
        open_page(page, path)
        found += [f"/{path}: {v}" for v in axe_violations(page)]
    assert found == []


def test_no_page_scrolls_sideways_on_a_360px_screen(phone: Page, paths: list[str]) -> None:
    wide = {}
    for path in paths:
        open_page(phone, path)
        width = phone.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            wide[path] = width
    assert wide == {}


def test_no_page_asks_another_host_for_anything(desktop: Page, paths: list[str], base_url: str) -> None:
    """Privacy: every request of every page (search included: its index, filters and fragments)
    goes to the site itself; nothing is blocked by the Content-Security-Policy or fails."""
    requests: list[str] = []
    errors: list[str] = []
    desktop.on("request", lambda r: requests.append(r.url))
    desktop.on("console", lambda m: errors.append(f"{desktop.url}: {m.text}") if m.type == "error" else None)
    desktop.on("pageerror", lambda e: errors.append(f"{desktop.url}: {e}"))
    for path in [*paths, SEARCH]:
        open_page(desktop, path)
    desktop.locator(".search-filter__name").first.click()  # opening a filter group shows its values
    expect(desktop.locator(".search-filter__checkbox").first).to_be_visible()
    assert any("/pagefind/filter/" in url for url in requests) and any("/pagefind/fragment/" in url for url in requests)
    assert [url for url in requests if not url.startswith(base_url)] == []
    assert errors == []


def test_the_skip_link_is_the_first_tab_stop_on_every_page(desktop: Page, paths: list[str]) -> None:
    wrong = {}
    for path in paths:
        open_page(desktop, path)
        desktop.keyboard.press("Tab")
        focused = desktop.evaluate(FOCUS_STYLE)
        if not focused or focused["cls"] != "skip-link" or not (focused["outline"] and focused["onscreen"]):
            wrong[path] = focused
    assert wrong == {}
    desktop.keyboard.press("Enter")  # the skip link moves focus to the main content
    assert desktop.evaluate("document.activeElement.id") == "main"


@pytest.mark.parametrize("path", ["", "recommendations/a-hrc-26-3-128-14/", "bodies/", "groups/maori/", SEARCH, "about/"])
def test_focus_is_always_visible(desktop: Page, path: str) -> None:
    """Tab through the whole page: every element that takes focus shows it and is on screen."""
    open_page(desktop, path)
    seen, hidden = 0, []
    for _ in range(400):
        desktop.keyboard.press("Tab")
        focused = desktop.evaluate(FOCUS_STYLE)
        if focused is None or (seen and focused["cls"] == "skip-link"):
            break  # back at the top: the walk has gone round the page
        seen += 1
        if not ((focused["outline"] or focused["shadow"]) and focused["onscreen"]):
            hidden.append(focused)
    assert seen > 10 and hidden == []


def test_search_works_without_a_mouse(desktop: Page) -> None:
    """Tab to the header search box, type, Enter: results appear and Tab reaches one; Enter opens it."""
    open_page(desktop, "about/")
    for _ in range(5):
        desktop.keyboard.press("Tab")
        if desktop.evaluate("document.activeElement.id") == "site-search-q":
            break
    assert desktop.evaluate("document.activeElement.id") == "site-search-q"
    desktop.keyboard.type("Maori")
    desktop.keyboard.press("Enter")
    expect(desktop.locator(RESULT).first).to_be_visible(timeout=10_000)
    for _ in range(80):
        desktop.keyboard.press("Tab")
        if desktop.evaluate("selector => document.activeElement.matches(selector)", RESULT):
            break
    focused = desktop.evaluate(FOCUS_STYLE)
    assert focused and "search-result__link" in focused["cls"] and focused["outline"], focused
    href = desktop.evaluate("document.activeElement.href")
    desktop.keyboard.press("Enter")
    expect(desktop).to_have_url(href)
    expect(desktop.locator(".rec-text")).to_contain_text("Māori")


@pytest.mark.parametrize("path", ["", "recommendations/a-hrc-26-3-128-14/"])
def test_lighthouse_scores(path: str, base_url: str, tmp_path: Path) -> None:
    """Lighthouse (its own run of Debian chromium, offline): accessibility, best practices and SEO >= 0.95."""
    assert LIGHTHOUSE.is_file(), "install the npm tools: bash scripts/install --with-browser"
    report = tmp_path / "lighthouse.json"
    flags = " ".join(["--headless=new", *CHROMIUM_ARGS, f"--user-data-dir={tmp_path / 'profile'}"])
    command = [str(LIGHTHOUSE), base_url + path, "--only-categories=accessibility,best-practices,seo", "--quiet"]
    run = subprocess.run(
        [*command, "--output=json", f"--output-path={report}", f"--chrome-flags={flags}"],
        env={**os.environ, "CHROME_PATH": CHROMIUM},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    result = json.loads(report.read_text(encoding="utf-8"))
    scores = {name: category["score"] for name, category in result["categories"].items()}
    failing = [
        f"{name}: {result['audits'][ref['id']]['title']}"
        for name, category in result["categories"].items()
        for ref in category["auditRefs"]
        if ref["weight"] and (result["audits"][ref["id"]]["score"] or 0) < 1
    ]
    assert min(scores.values()) >= 0.95, (scores, failing)
