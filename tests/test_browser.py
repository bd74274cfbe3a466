"""The site in a real browser (Debian chromium driven by playwright), as a visitor uses it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

pytestmark = pytest.mark.browser


@pytest.fixture
def page(browser: Browser, base_url: str) -> Iterator[Page]:
    context = browser.new_context(base_url=base_url, accept_downloads=True)
    page = context.new_page()
    yield page
    context.close()


def test_search_maori_reaches_a_maori_recommendation(page: Page) -> None:
    page.goto("./")
    page.get_by_label("Search all 219 recommendations").fill("Maori")
    page.get_by_label("Search all 219 recommendations").press("Enter")
    first = page.locator(".pagefind-ui__result-link").first
    expect(first).to_be_visible(timeout=10_000)
    first.click()
    expect(page).to_have_url(re.compile(r"/recommendations/[a-z0-9-]+/$"))
    expect(page.locator(".rec-text")).to_contain_text("Māori")


def test_open_a_recommendation_by_its_permalink(page: Page) -> None:
    response = page.goto("recommendations/a-hrc-26-3-128-14/")
    assert response is not None and response.ok
    expect(page.locator("h1")).to_have_text("UPR 2014, paragraph 128.14")
    expect(page.locator(".rec-text")).to_contain_text("ILO Convention No. 169")


def test_download_a_csv_slice(page: Page, tmp_path: Path) -> None:
    page.goto("groups/maori/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="CSV").click()
    saved = tmp_path / download_info.value.suggested_filename
    download_info.value.save_as(saved)
    text = saved.read_text(encoding="utf-8-sig")
    assert saved.name == "recommendations-groups-maori.csv"
    assert text.splitlines()[0].startswith("id,country,mechanism,body")
    assert "Māori" in text
