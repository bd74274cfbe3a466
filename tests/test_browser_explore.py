"""Exploring and reusing the data in a real browser (Debian chromium via playwright), as a
journalist would: narrow a search and a browse list by year, response and state; download exactly
what the search found; cite a recommendation from the keyboard; read a chart on a phone and reach
its data; tap link lists at 360 px (axe's target-size rule enabled)."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT, browser_context
from playwright.sync_api import Browser, Page, expect
from test_accessibility import axe_violations
from test_browser import found

from recommendations_site.model.package import read_recommendations

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 720}  # playwright's default size, the size of a new context


# One desktop tab and one phone tab for the module, not a context per test: every test opens its
# pages itself, and the tabs' caches keep the theme, Pagefind and the package files between tests.
@pytest.fixture(scope="module")
def desktop_tab(browser: Browser, base_url: str) -> Iterator[Page]:
    context = browser_context(browser, base_url=base_url, accept_downloads=True, permissions=["clipboard-read", "clipboard-write"])
    yield context.new_page()
    context.close()


@pytest.fixture
def page(desktop_tab: Page) -> Iterator[Page]:
    """The desktop tab at its own size, failing the test on a console error or uncaught exception."""
    errors: list[str] = []
    listeners = {"console": lambda m: errors.append(m.text) if m.type == "error" else None, "pageerror": lambda e: errors.append(str(e))}
    for event, listener in listeners.items():
        desktop_tab.on(event, listener)
    yield desktop_tab
    desktop_tab.goto("about:blank")  # the test's page ends here, as it did when its context closed
    for event, listener in listeners.items():
        desktop_tab.remove_listener(event, listener)
    desktop_tab.set_viewport_size(DESKTOP)  # a test may have resized it
    assert errors == []


@pytest.fixture(scope="module")
def phone(browser: Browser, base_url: str) -> Iterator[Page]:
    context = browser_context(browser, base_url=base_url, viewport=PHONE, is_mobile=True, has_touch=True)
    yield context.new_page()
    context.close()


def test_search_narrows_by_year_response_and_state_with_counts_in_the_address(page: Page, nz: tuple[Path, Path]) -> None:
    recs = read_recommendations(nz[0])
    page.goto("search/?year=2014&response=Noted")
    noted_2014 = [r for r in recs if r.year == 2014 and r.response == "noted"]
    assert found(page) == len(noted_2014)
    page.locator("summary", has_text="Recommending state").click()
    france = page.get_by_label(re.compile(r"^France \(\d+\)$"))
    expected = sum(1 for r in noted_2014 if "France" in r.recommending_states)
    expect(france).to_have_accessible_name(f"France ({expected})")
    france.check()
    expect(page).to_have_url(re.compile(r"year=2014&response=Noted&state=France$"))
    assert found(page) == expected
    page.locator("summary", has_text="Regional group").click()
    expect(page.get_by_label(re.compile(r"^WEOG \("))).to_be_visible()


def test_a_browse_list_narrows_and_a_pivot_count_opens_exactly_its_recommendations(page: Page, nz: tuple[Path, Path]) -> None:
    recs = read_recommendations(nz[0])
    page.goto("pivots/states-a-hrc-26-3/")
    row = page.locator("tbody tr", has=page.locator("th", has_text="Australia"))
    count = row.locator("td.num a").first
    n = int(count.inner_text())
    count.click()
    expect(page).to_have_url(re.compile(r"/states/australia/\?review=UPR\+cycle\+2.*&response=supported$"))
    expect(page.locator(".browse__status")).to_have_text(re.compile(rf"^Showing {n} of \d+ recommendations\.$"))
    assert page.locator(".rec-list__item:visible").count() == n
    page.goto("reviews/a-hrc-26-3/")
    page.get_by_label("Response", exact=True).select_option("noted")
    expect(page).to_have_url(re.compile(r"\?response=noted$"))
    noted = sum(1 for r in recs if r.document_symbol == "A/HRC/26/3" and r.response == "noted")
    assert page.locator(".rec-list__item:visible").count() == noted
    expect(page.get_by_label("Response", exact=True).locator("option:checked")).to_have_text(f"Noted ({noted})")
    page.get_by_role("button", name="Show all").click()
    expect(page).to_have_url(re.compile(r"/reviews/a-hrc-26-3/$"))


def test_download_these_results_is_exactly_the_filtered_set(page: Page, nz: tuple[Path, Path], tmp_path: Path) -> None:
    data = nz[0]
    page.goto("search/?q=children&year=2014")
    n = found(page)
    assert n > 0
    with page.expect_download() as csv_download:
        page.get_by_role("button", name="CSV", exact=True).click()
    saved = tmp_path / csv_download.value.suggested_filename
    csv_download.value.save_as(saved)
    assert saved.name == "recommendations-children-2014.csv"
    got = saved.read_bytes()
    # the package as the site publishes it (with each recommendation's public address, `url`)
    package = (nz[1] / "data" / "package" / "recommendations.csv").read_bytes().decode("utf-8-sig").splitlines(keepends=True)
    ids = [row["id"] for row in csv.DictReader(io.StringIO(got.decode("utf-8-sig")))]
    assert len(ids) == n == len(set(ids))
    wanted = set(ids)
    lines = [package[0]] + [line for line in package[1:] if line.split(",", 1)[0] in wanted]
    assert got == ("\ufeff" + "".join(lines)).encode("utf-8")  # the package's columns and lines, byte for byte
    assert all(r.year == 2014 for r in read_recommendations(data) if r.id in wanted)
    expect(page.locator("#search-download-status")).to_contain_text(f"{n} recommendations")
    with page.expect_download() as json_download:
        page.get_by_role("button", name="JSON", exact=True).click()
    record = json.loads(Path(json_download.value.path()).read_text(encoding="utf-8"))
    assert record["count"] == n and [r["id"] for r in record["recommendations"]] == ids
    assert record["search"].endswith("/search/?q=children&year=2014")
    page.goto(record["search"])
    assert found(page) == n  # the address reproduces the search


def test_cite_from_the_keyboard(page: Page) -> None:
    page.goto("recommendations/a-hrc-26-3-128-14/")
    copy = page.get_by_role("button", name="Copy the citation")
    copy.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#cite-status")).to_have_text("Copied the citation.")
    text = page.locator("#cite-text").inner_text()
    assert page.evaluate("navigator.clipboard.readText()") == text and "/recommendations/a-hrc-26-3-128-14/" in text
    page.locator("summary", has_text="RIS").click()
    ris = page.get_by_role("button", name="Download a-hrc-26-3-128-14.ris")
    ris.focus()
    with page.expect_download() as download:
        page.keyboard.press("Space")
    assert Path(download.value.path()).read_text(encoding="utf-8").startswith("TY  - RPRT")
    page.locator("summary", has_text="BibTeX").click()
    page.get_by_role("button", name="Copy the BibTeX record").press("Enter")
    assert page.evaluate("navigator.clipboard.readText()").startswith("@techreport{a-hrc-26-3-128-14,")


def test_charts_are_legible_on_a_phone_and_lead_to_their_numbers(phone: Page) -> None:
    phone.goto("./")
    sizes = phone.evaluate(
        "() => [...document.querySelectorAll('.chart__label, .chart__value, .chart__legend li, .chart__data')]"
        ".map(e => parseFloat(getComputedStyle(e).fontSize))"
    )
    assert sizes and min(sizes) >= 12
    chart = phone.locator("figure.chart").first
    label = chart.locator(".chart__label").first.inner_text()
    value = chart.locator(".chart__value").first.inner_text().split()[0]
    href = chart.get_by_role("link", name=re.compile(r"\(CSV\)$")).get_attribute("href")
    rows = {row[0]: row[-1] for row in csv.reader(io.StringIO(phone.request.get(href).text().lstrip("\ufeff")))}
    assert rows[label] == value
    chart.get_by_role("link", name="as a table").click()
    expect(phone).to_have_url(re.compile(r"/pivots/reviews/$"))
    row = phone.locator("tbody tr", has=phone.locator("th", has_text=label))
    expect(row.locator("td").last).to_have_text(value)


@pytest.mark.parametrize("path", ["recommendations/a-hrc-26-3-128-14/", "", "states/france/", "pivots/states/", "data/"])
def test_link_lists_are_comfortable_to_tap_at_360px(phone: Page, path: str) -> None:
    """axe's target-size rule (WCAG 2.2 SC 2.5.8), off by default, enabled; axe leaves out links
    inside text, so every link of a list of links (the theme and group lists among them) is also
    measured: at least 24 by 24 CSS pixels."""
    phone.goto(path)
    phone.evaluate(AXE.read_text(encoding="utf-8") + "\n;0")
    result = phone.evaluate("() => axe.run(document, {runOnly: ['target-size'], rules: {'target-size': {enabled: true}}})")
    assert [n["target"] for v in result["violations"] for n in v["nodes"]] == []
    assert sum(len(p["nodes"]) for p in result["passes"]) > 5
    small = phone.evaluate(
        "() => [...document.querySelectorAll('ul.inline-list a, ul.link-list a, .site-footer__links a, .chart__data a')]"
        ".map(a => [a.textContent.trim(), a.getBoundingClientRect()]).filter(([, r]) => r.width && (r.height < 24 || r.width < 24))"
        ".map(([t, r]) => `${t}: ${Math.round(r.width)}x${Math.round(r.height)}`)"
    )
    assert small == []


def column(page: Page, index: int) -> list[str]:
    return page.locator("table.pivot-table tbody tr").evaluate_all(f"rows => rows.map(r => r.children[{index}].textContent.trim())")


def test_a_pivot_table_sorts_by_any_column_heading_and_keeps_its_totals_last(page: Page) -> None:
    page.goto("pivots/themes/")
    expect(page.locator(".pivot-sort-hint")).to_be_visible()
    before = column(page, 0)
    heads = page.locator("table.pivot-table thead th").all_inner_texts()
    at = next(i for i, h in enumerate(heads) if h.startswith("Noted"))
    noted = page.locator("thead th").nth(at)
    noted.get_by_role("button").click()
    counts = [int(n) for n in column(page, at)]
    assert counts == sorted(counts, reverse=True) and column(page, 0) != before
    expect(noted).to_have_attribute("aria-sort", "descending")
    noted.get_by_role("button").click()
    assert [int(n) for n in column(page, at)] == sorted(counts)
    expect(noted).to_have_attribute("aria-sort", "ascending")
    theme = page.locator("thead th", has_text="Theme")
    theme.get_by_role("button").press("Enter")  # from the keyboard too
    expect(theme).to_have_attribute("aria-sort", "ascending")
    expect(noted).not_to_have_attribute("aria-sort", re.compile(".*"))
    names = column(page, 0)
    assert names == sorted(before, key=str.casefold) and sorted(names) == sorted(before)
    expect(page.locator("table.pivot-table tr").last).to_contain_text("Total")
    assert axe_violations(page) == []


def test_on_a_phone_the_first_search_result_comes_before_the_filters(phone: Page) -> None:
    """At 360 x 740 the first result sits at most 1,000 px down (1,670 before the results came
    first and the menu folded); the filters are one tap away and lead back to the results."""
    phone.goto("search/?q=children")
    expect(phone.locator("#search-results li").first).to_be_visible()
    top = phone.evaluate("() => document.querySelector('#search-results li').getBoundingClientRect().top + scrollY")
    filters = phone.evaluate("() => document.querySelector('#search-filters').getBoundingClientRect().top + scrollY")
    assert top <= 1000 < filters, (top, filters)
    phone.get_by_role("link", name="Filters: narrow the results").tap()
    expect(phone.get_by_role("heading", name="Narrow the results")).to_be_in_viewport()
    phone.locator("summary", has_text="Year").tap()
    phone.get_by_label(re.compile(r"^2014 \(")).check()
    expect(phone).to_have_url(re.compile(r"year=2014"))
    phone.get_by_role("link", name="Back to the results").tap()
    expect(phone.locator("#search-results li").first).to_be_in_viewport()


def test_on_a_wide_screen_the_filters_stay_beside_the_results(page: Page) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("search/?q=children")
    expect(page.locator("#search-results li").first).to_be_visible()
    filters, results = (page.locator(s).bounding_box() for s in ("#search-filters", "#search-results"))
    assert filters and results and filters["x"] + filters["width"] <= results["x"] and abs(filters["y"] - results["y"]) < 80
    expect(page.get_by_role("link", name="Filters: narrow the results")).to_be_hidden()


def test_the_menu_folds_on_a_phone_and_opens_from_the_keyboard(phone: Page, page: Page) -> None:
    phone.goto("about/")
    nav = phone.get_by_role("navigation", name="Main")
    assert phone.locator("header").bounding_box()["height"] <= 180  # 270 px when the menu was open on every page
    expect(nav.get_by_role("link", name="By theme")).to_be_hidden()
    nav.locator("summary").focus()
    phone.keyboard.press("Enter")
    expect(nav.get_by_role("link", name="By theme")).to_be_visible()
    assert axe_violations(phone) == []
    nav.get_by_role("link", name="By theme").tap()
    expect(phone).to_have_url(re.compile(r"/themes/$"))
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("about/")
    wide = page.get_by_role("navigation", name="Main")
    expect(wide.get_by_role("link", name="By theme")).to_be_visible()
    expect(wide.locator("summary")).to_be_hidden()
