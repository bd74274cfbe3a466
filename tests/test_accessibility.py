"""WCAG 2.2 AA, keyboard use, small screens, privacy and Lighthouse, in Debian chromium.

Every kind of page is checked: the home page, each top-level folder's own page and its largest
sub-page (so every hub index and the fullest hub of each kind, every narrative page), a recommendation,
the downloads page, a search with its results open and the 404 page. docs/quality.md says what
each check covers and how long it takes."""

from __future__ import annotations

import functools
import json
import os
import subprocess
import threading
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import CHROMIUM, CHROMIUM_ARGS, FIXTURES, ROOT, QuietHandler, browser_context
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
        expect(page.locator(RESULT).first).to_be_visible()


def new_page(browser: Browser, base_url: str, viewport: str, axe: bool = False) -> Page:
    """A page in a context of its own at viewport (DESKTOP, or PHONE with touch); with axe, axe-core
    is loaded into every document it opens: an init script is not subject to the pages'
    Content-Security-Policy (which rightly refuses an injected script) and is sent once."""
    size = {"desktop": DESKTOP, "phone": PHONE}[viewport]
    context = browser_context(browser, base_url=base_url, viewport=size, is_mobile=viewport == "phone", has_touch=viewport == "phone")
    if axe:
        context.add_init_script(path=AXE)
    return context.new_page()


@pytest.fixture(scope="module")
def desktop(browser: Browser, base_url: str) -> Iterator[Page]:
    """One desktop tab for the keyboard tests: each opens its page afresh (open_page)."""
    page = new_page(browser, base_url, "desktop")
    yield page
    page.context.close()


# Only the violations come back, as lines: axe keeps one node per passing or inapplicable rule
# instead of every node it looked at, and the page hands over a few lines, not the whole result.
AXE_RUN = """tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})
  .then(r => r.violations.flatMap(v => v.nodes.map(n => `${v.id} (${v.impact}): ${v.help} at ${JSON.stringify(n.target)}`)))"""


def axe_violations(page: Page) -> list[str]:
    """axe-core's WCAG 2.0/2.1/2.2 A and AA rules on the page as it is now. page.evaluate runs
    outside the page's Content-Security-Policy, so axe is loaded here if no init script did."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;0")
    return page.evaluate(AXE_RUN, WCAG_TAGS)


def skip_link_problem(page: Page) -> dict | None:
    """None when the first Tab of the freshly opened page focuses a visible skip link whose Enter
    moves focus to the main content; else what was focused."""
    page.keyboard.press("Tab")
    focused = page.evaluate(FOCUS_STYLE)
    if not focused or focused["cls"] != "skip-link" or not (focused["outline"] and focused["onscreen"]):
        return focused or {"focused": None}
    page.keyboard.press("Enter")
    main = page.evaluate("document.activeElement.id")
    return None if main == "main" else {**focused, "after Enter": main}


def open_a_search_filter(page: Page) -> None:
    """Opening a filter group shows its values (Pagefind fetches the filter index for them)."""
    page.locator(".search-filter__name").first.click()
    expect(page.locator(".search-filter__checkbox").first).to_be_visible()


def visit_every_page(page: Page, paths: list[str], base_url: str, viewport: str) -> dict[str, list[str]]:
    """Opens each page ONCE and runs every per-page check there: axe's WCAG A/AA rules; on a phone,
    nothing wider than the screen; on a desktop, the skip link is the first tab stop; everywhere,
    no request to another host, no console error or uncaught exception (the Content-Security-
    Policy reports what it blocks there). Returns each check's findings, '/path: what' lines."""
    found: dict[str, list[str]] = {"axe": [], "other hosts": [], "console errors": []}
    found["wider than the screen" if viewport == "phone" else "skip link"] = []
    at = [""]  # the page being checked, for the listeners below
    page.on("request", lambda r: None if r.url.startswith(base_url) else found["other hosts"].append(f"/{at[0]}: {r.url}"))
    page.on("console", lambda m: found["console errors"].append(f"/{at[0]}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: found["console errors"].append(f"/{at[0]}: {e}"))
    for path in paths:
        at[0] = path
        open_page(page, path)
        found["axe"] += [f"/{path}: {v}" for v in page.evaluate(AXE_RUN, WCAG_TAGS)]
        if viewport == "phone" and (width := page.evaluate("document.documentElement.scrollWidth")) > PHONE["width"]:
            found["wider than the screen"].append(f"/{path}: {width}px")
        if viewport == "desktop" and (problem := skip_link_problem(page)):
            found["skip link"].append(f"/{path}: {problem}")
        if path.removeprefix("mi/") == SEARCH:
            open_a_search_filter(page)
    return found


@pytest.mark.parametrize("half", ["en", "mi"])  # two tests per width, which two workers can share
@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_every_page_passes_every_check(viewport: str, half: str, paths: list[str], base_url: str, browser: Browser) -> None:
    """Every page of every kind, opened once per width (1280 px; 360 px with touch), with every
    check run in that one visit (visit_every_page): WCAG 2.x A/AA by axe with no rule excluded,
    nothing wider than a phone, the skip link first, nothing asked of another host (search
    included: its index, filters and fragments), no console error. The English pages and the
    Māori ones (/mi/, each half with its search page) are two tests."""
    assert AXE.is_file(), "install the npm tools: bash scripts/install --with-browser"
    mine = [path for path in paths if path.startswith("mi/") == (half == "mi")]
    assert len(mine) > 30 and any(path.endswith(SEARCH) for path in mine)
    requests: list[str] = []
    page = new_page(browser, base_url, viewport, axe=True)
    page.on("request", lambda r: requests.append(r.url))
    try:
        found = visit_every_page(page, mine, base_url, viewport)
    finally:
        page.context.close()
    assert any("/pagefind/filter/" in url for url in requests) and any("/pagefind/fragment/" in url for url in requests)
    assert {check: lines for check, lines in found.items() if lines} == {}


@pytest.fixture(scope="module")
def faults_url() -> Iterator[str]:
    """tests/fixtures/browser-faults, served: five invented pages, one fault each (one none)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(FIXTURES / "browser-faults")))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_each_check_of_the_one_visit_reports_its_fault(viewport: str, faults_url: str, browser: Browser) -> None:
    """The checks share one visit per page, and each still fails on its fault, naming the page and
    what is wrong (axe: the rule and the element), and only there: the clean page passes them all."""
    page = new_page(browser, faults_url, viewport, axe=True)
    try:
        found = visit_every_page(page, ["clean/", "unlabelled/", "wide/", "offsite/", "no-skip-link/"], faults_url, viewport)
    finally:
        page.context.close()
    pages = {check: sorted({line.split(":")[0] for line in lines}) for check, lines in found.items()}
    assert pages == {
        "axe": ["/unlabelled/"],
        "other hosts": ["/offsite/"],
        "console errors": ["/offsite/"],
        **({"wider than the screen": ["/wide/"]} if viewport == "phone" else {"skip link": ["/no-skip-link/"]}),
    }
    assert found["axe"][0].startswith("/unlabelled/: label (critical): Form elements must have labels at ")
    assert found["other hosts"] == ["/offsite/: http://offsite.invalid/pixel.png"]
    if viewport == "phone":
        assert found["wider than the screen"] == ["/wide/: 1016px"]  # 1 rem margin + 1,000 px


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
    expect(desktop.locator(RESULT).first).to_be_visible()
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


def test_lighthouse_scores(base_url: str, tmp_path: Path) -> None:
    """Lighthouse (its own run of Debian chromium, offline), one run per page: accessibility, best
    practices and SEO >= 0.95 on the home page and a recommendation. tests/lighthouse.mjs runs the
    pages with one Chrome and one load of Lighthouse, where the CLI starts both again per page."""
    assert LIGHTHOUSE.is_file(), "install the npm tools: bash scripts/install --with-browser"
    report = tmp_path / "lighthouse.json"
    flags = json.dumps(["--headless=new", *CHROMIUM_ARGS, f"--user-data-dir={tmp_path / 'profile'}"])
    urls = [base_url + path for path in ("", "recommendations/a-hrc-26-3-128-14/")]
    run = subprocess.run(
        ["node", str(ROOT / "tests" / "lighthouse.mjs"), str(report), flags, "accessibility,best-practices,seo", *urls],
        env={**os.environ, "CHROME_PATH": CHROMIUM},
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    results = json.loads(report.read_text(encoding="utf-8"))
    assert sorted(results) == sorted(urls)
    assert all(sorted(result["scores"]) == ["accessibility", "best-practices", "seo"] for result in results.values())
    assert {url: result for url, result in results.items() if min(result["scores"].values()) < 0.95} == {}
