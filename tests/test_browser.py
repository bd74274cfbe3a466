"""The site in a real browser (Debian chromium driven by playwright), as a visitor uses it."""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import QuietHandler, browser_context
from playwright.sync_api import Browser, Page, expect
from test_search_terms import every_result

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def page(browser: Browser, base_url: str) -> Iterator[Page]:
    """One tab for the module: every test opens its own page first, and the cache keeps Pagefind's
    script, WebAssembly and index between tests instead of a new context fetching them each time."""
    context = browser_context(browser, base_url=base_url, accept_downloads=True)
    page = context.new_page()
    yield page
    context.close()


RESULT = ".search-result__link"


def errors_of(page: Page) -> list[str]:
    """Console errors and uncaught exceptions of page from now on (the list fills as they come)."""
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return errors


def found(page: Page) -> int:
    """The number of results the page announces (its role=status line, read by screen readers)."""
    status = page.get_by_role("status")
    expect(status).to_contain_text("found")
    match = re.match(r"(No|[\d,]+) recommendations? found", status.inner_text())
    assert match, status.inner_text()
    return 0 if match[1] == "No" else int(match[1].replace(",", ""))


def test_search_maori_reaches_a_maori_recommendation(page: Page) -> None:
    errors = errors_of(page)
    page.goto("./")
    page.get_by_label("Search all 219 recommendations").fill("Maori")
    page.get_by_label("Search all 219 recommendations").press("Enter")
    first = page.locator(RESULT).first
    expect(first).to_be_visible()
    expect(page).to_have_url(re.compile(r"/search/\?q=Maori$"))
    expect(page.locator(".search-result__excerpt mark").first).to_contain_text("Māori")  # without the accent, found
    first.click()
    expect(page).to_have_url(re.compile(r"/recommendations/[a-z0-9-]+/$"))
    expect(page.locator(".rec-text")).to_contain_text("Māori")
    assert errors == []


def test_a_search_for_an_ask_finds_the_recommendations_that_state_it(page: Page) -> None:
    """An ask's title is indexed with each recommendation stating it: "leadership" is in no
    recommendation's text, only in the title of the ask "Increase the representation of women in
    leadership"."""
    page.goto("asks/women-in-leadership/")
    members = {a.get_attribute("href").split("/")[-2] for a in page.locator("#recommendations + ol > li > a").all()}
    assert len(members) >= 2
    page.goto("search/?q=leadership")
    assert found(page) == len(members)
    expect(page.locator(RESULT)).to_have_count(len(members))
    hits = {a.get_attribute("href").rstrip("/").split("/")[-1] for a in page.locator(RESULT).all()}
    assert hits == members


def test_a_search_is_linkable_and_shows_ten_results_at_a_time(page: Page) -> None:
    errors = errors_of(page)
    fragments: list[str] = []
    page.on("request", lambda r: fragments.append(r.url) if r.url.endswith(".pf_fragment") else None)
    page.goto("search/?q=Maori")
    expect(page.get_by_label("Words to search for")).to_have_value("Maori")
    total = found(page)
    assert total > 20
    expect(page.locator(RESULT)).to_have_count(10)
    page.wait_for_load_state("networkidle")
    assert len(fragments) == 10  # only the results shown are fetched
    page.get_by_role("button", name=re.compile("^Show 10 more")).click()
    expect(page.locator(RESULT)).to_have_count(20)
    assert page.evaluate("document.activeElement.href") == page.locator(RESULT).nth(10).evaluate("a => a.href")
    for link in page.locator(RESULT).all():
        assert re.search(r"/recommendations/[a-z0-9-]+/$", link.get_attribute("href") or ""), link
    page.get_by_label("Words to search for").fill("child poverty")
    expect(page).to_have_url(re.compile(r"/search/\?q=child\+poverty$"))
    assert found(page) > 0
    page.get_by_label("Words to search for").fill("zzzznotaword")
    expect(page.get_by_role("status")).to_have_text("No recommendation found for “zzzznotaword”.")
    expect(page.locator(RESULT)).to_have_count(0)
    assert errors == []


def test_filters_narrow_the_results_and_stay_in_the_address(page: Page) -> None:
    errors = errors_of(page)
    page.goto("search/?q=Maori")
    total = found(page)
    page.locator("summary", has_text="Response").click()
    supported = page.get_by_label(re.compile(r"^Supported \("))
    supported.check()
    expect(page).to_have_url(re.compile(r"/search/\?q=Maori&response=Supported$"))
    narrowed = found(page)
    assert 0 < narrowed < total
    expect(page.get_by_role("status")).to_contain_text(f"({total} matches without the filters)")
    for badge in page.locator(".search-result__facts .response").all():
        assert badge.inner_text() == "Supported"
    page.locator("summary", has_text="Theme").click()
    theme = page.locator(".search-filter__checkbox[id^=filter-theme-]").first
    theme.check()
    assert found(page) <= narrowed
    # the address brings the same search back, filters ticked
    url = page.url
    page.goto(url)
    expect(page.get_by_label(re.compile(r"^Supported \("))).to_be_checked()
    assert found(page) <= narrowed
    # a filter alone, without words, lists what it holds
    page.goto("search/?response=Supported")
    assert found(page) > narrowed
    assert errors == []


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
    assert text.splitlines()[0].startswith("id,country,mechanism,mechanism_name,body,body_name")  # names beside codes
    assert "Māori" in text


@pytest.fixture(scope="module")
def split_url(nz: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The New Zealand site with its index in three parts, searched in Pagefind's worker, as a site
    of more than PART pages has it (outputs/search.py), served like the other."""
    from recommendations_site import pipeline
    from recommendations_site.outputs import search

    site = tmp_path_factory.mktemp("split") / "site"
    patch = pytest.MonkeyPatch()
    patch.setattr(search, "PART", 100)
    patch.setattr(search, "WORKER_FROM", 100)
    try:
        pipeline.build_site(nz[0], site)
    finally:
        patch.undo()
    assert sorted(p.name for p in (site / "pagefind").glob("part-*")) == ["part-2", "part-3"]
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()


def test_an_index_in_parts_finds_what_one_index_finds(page: Page, browser: Browser, split_url: str) -> None:
    """The search page merges the parts: same results, same filter counts as the one index. The
    small site searches on the page's thread, the large one in Pagefind's worker."""
    seen, workers = {}, {}
    for which, base in (("one", None), ("parts", split_url)):
        context = browser_context(browser, base_url=base) if base else None
        tab = context.new_page() if context else page
        errors = errors_of(tab)
        fetched: list[str] = []
        tab.on("request", lambda request, fetched=fetched: fetched.append(request.url))
        tab.goto("search/?q=Maori&response=Supported")
        total = found(tab)
        tab.locator("summary", has_text="Theme").click()
        counts = tab.locator("#search-filters label").all_inner_texts()
        links = every_result(tab, total)
        seen[which] = (total, counts, set(links))
        workers[which] = any(url.endswith("/pagefind-worker.js") for url in fetched)
        assert errors == []
        if context:
            context.close()
    assert seen["one"] == seen["parts"]
    assert seen["one"][0] > 10
    assert workers == {"one": False, "parts": True}


def test_the_agency_filter_names_each_agency_by_both_its_names(page: Page) -> None:
    page.goto("search/?q=Maori")
    expect(page.locator(".search-result__link").first).to_be_visible()
    agencies = page.locator("details.search-filter", has_text="Lead agency")
    agencies.locator("summary").click()
    expect(agencies.locator(".search-filter__label", has_text="Ministry of Justice – Te Tāhū o te Ture")).to_be_visible()


def test_the_maori_search_page_searches_the_english_index(page: Page) -> None:
    """/mi/search/ (html lang="mi") has no index of its own language: Pagefind loads the English
    one, and finds the same recommendations, each once."""
    page.goto("mi/search/?q=Maori")
    expect(page.locator(".search-result__link").first).to_be_visible()
    links = [a.get_attribute("href") for a in page.locator(".search-result__link").all()]
    assert links and all("/mi/" not in link for link in links) and len(links) == len(set(links))


def indexed_text(html: str) -> str:
    """What Pagefind indexes of a recommendation page: its body without the parts it ignores
    (outputs/search.py IGNORE, data-pagefind-ignore), with its title and synonyms (meta)."""
    from bs4 import BeautifulSoup

    from recommendations_site.outputs.search import IGNORE

    body = BeautifulSoup(html, "html.parser").select_one("[data-pagefind-body]")
    assert body is not None
    meta = " ".join(e.get("data-title", "") + " " + e.get("data-terms", "") for e in body.select("[data-pagefind-meta]"))
    for part in body.select(", ".join([*IGNORE, "[data-pagefind-ignore]"])):
        part.decompose()
    return body.get_text(" ") + " " + meta


@pytest.mark.parametrize(
    ("word", "says", "may_say"),
    [
        ("torture", r"torture", r"tortur\w*|opcat|op-cat|cat"),  # the OPCAT group and the CAT legitimately
        ("housing", r"housing", r"hous\w*"),  # Pagefind stems: "house", "households" too
    ],
)
def test_an_english_word_finds_only_the_recommendations_that_say_it(
    page: Page, nz: tuple[Path, Path], word: str, says: str, may_say: str
) -> None:
    """Pagefind stands in for a word in no page with the longest start of it that is in one: it
    found every recommendation saying "to" for "torture". The search finds only pages that say the
    word (or, for a word being typed, a word it begins)."""
    texts = {p.parent.name: indexed_text(p.read_text(encoding="utf-8")) for p in (nz[1] / "recommendations").glob("*/index.html")}
    must = {i for i, text in texts.items() if re.search(rf"(?<!\w)({says})(?!\w)", text, re.IGNORECASE)}
    allowed = {i for i, text in texts.items() if re.search(rf"(?<!\w)({may_say})(?!\w)", text, re.IGNORECASE)}
    page.goto(f"search/?q={word}")
    total = found(page)
    for shown in range(10, total, 10):
        expect(page.locator(RESULT)).to_have_count(shown)
        page.get_by_role("button", name=re.compile("^Show ")).click()
    expect(page.locator(RESULT)).to_have_count(total)
    hits = {a.get_attribute("href").rstrip("/").split("/")[-1] for a in page.locator(RESULT).all()}
    assert [sorted(hits - allowed), sorted(must - hits)] == [[], []]
