"""Searches that understand the words people use (data/reference/search_terms.yaml): in a real
browser on the built site, as a Māori researcher tried them (issue 14)."""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from conftest import browser_context
from playwright.sync_api import Browser, Page, expect

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[1]
RESULT = ".search-result__link"
PAGE = 10  # results drawn per batch (search.js)


@pytest.fixture(scope="module")
def page(browser: Browser, base_url: str) -> Iterator[Page]:
    """One tab for the module: each test opens its own search (results() loads the page afresh),
    and the tab's cache keeps Pagefind's script, WebAssembly and index between them."""
    context = browser_context(browser, base_url=base_url)
    page = context.new_page()
    yield page
    context.close()


def fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).casefold()


def rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def texts(data: Path) -> dict[str, str]:
    """Each recommendation's indexed words: its text and its asks' titles, folded."""
    titles = {row["id"]: row["title"] for row in rows(data / "asks.csv")}
    found = {row["id"]: row["text"] for row in rows(data / "recommendations.csv")}
    for row in rows(data / "recommendation_asks.csv"):
        if row["status"] != "rejected":
            found[row["recommendation_id"]] += " " + titles[row["ask_id"]]
    return {k: fold(v) for k, v in found.items()}


def results(page: Page, q: str) -> list[str]:
    """The ids of every result of a search for q."""
    page.goto(f"search/?q={q}")
    status = page.get_by_role("status")
    expect(status).to_contain_text("found")
    match = re.match(r"(No|[\d,]+) recommendations? found", status.inner_text())
    assert match, status.inner_text()
    total = 0 if match[1] == "No" else int(match[1].replace(",", ""))
    return [href.rstrip("/").split("/")[-1] for href in every_result(page, total)]


def every_result(page: Page, total: int) -> list[str]:
    """The links of all total results of the search on page, every batch shown by "Show more". The
    page marks its list aria-busy while a batch loads: each step waits for that to end (a slow
    machine) and then finds exactly the next batch drawn, never a result twice."""
    listed, shown = page.locator(RESULT), 0
    while True:
        expect(page.locator("#search-results")).not_to_have_attribute("aria-busy", "true")
        expect(listed).to_have_count(min(shown + PAGE, total))
        if (shown := min(shown + PAGE, total)) == total:
            break
        page.locator("#search-more").click()  # the list is busy again before click() returns
    links = [a.get_attribute("href") for a in listed.all()]
    assert len(set(links)) == total, "a result shown twice"
    return links


def holding(data: Path, *words: str) -> set[str]:
    pattern = re.compile("|".join(rf"(?<!\w){re.escape(fold(w))}(?!\w)" for w in words))
    return {i for i, text in texts(data).items() if pattern.search(text)}


def test_te_tiriti_finds_the_treaty_of_waitangi_and_says_the_search_was_widened(page: Page, nz: tuple[Path, Path]) -> None:
    treaty = holding(nz[0], "Treaty of Waitangi", "Te Tiriti", "Waitangi")
    assert treaty, "the data has recommendations naming the Treaty"
    found = results(page, "Te Tiriti")
    assert set(found) == treaty  # nothing about terrorism or territory
    expect(page.locator("#search-widened")).to_contain_text("Treaty of Waitangi")


def test_undrip_finds_the_declaration_not_every_un_recommendation(page: Page, nz: tuple[Path, Path]) -> None:
    declaration = holding(nz[0], "Declaration on the Rights of Indigenous Peoples", "UNDRIP")
    found = results(page, "UNDRIP")
    assert declaration and set(found) == declaration
    expect(page.locator("#search-widened")).to_contain_text("Declaration on the Rights of Indigenous Peoples")


@pytest.mark.parametrize("word", ["iwi", "whānau", "whanau"])
def test_iwi_and_whanau_find_recommendations_about_maori(page: Page, nz: tuple[Path, Path], word: str) -> None:
    maori = holding(nz[0], "Māori", "iwi", "hapū", "whānau")
    found = results(page, word)
    assert maori and set(found) == maori
    expect(page.locator("#search-widened")).to_contain_text("Māori")


@pytest.mark.parametrize("acronym", ["CERD", "CRPD", "ICRMW", "CAT"])
def test_an_acronym_is_a_whole_word_never_a_prefix(page: Page, nz: tuple[Path, Path], acronym: str) -> None:
    """An acronym finds the recommendations naming it or a synonym of it (search_terms.yaml),
    never a word it starts (CAT never finds "category")."""
    terms = yaml.safe_load((ROOT / "data" / "reference" / "search_terms.yaml").read_text(encoding="utf-8"))
    words = next((g for g in terms["synonyms"] if acronym in g), [acronym])
    pattern = re.compile("|".join(rf"(?<!\w){re.escape(fold(w))}(?!\w)" for w in words))
    found, every = results(page, acronym), texts(nz[0])
    assert [rec_id for rec_id in found if not pattern.search(every[rec_id])] == []
    if acronym != "CAT":  # no recommendation of the NZ data names CAT by its acronym
        assert found


def test_a_plain_search_is_not_said_to_be_widened(page: Page) -> None:
    results(page, "poverty")
    expect(page.locator("#search-widened")).to_be_hidden()


def test_the_synonyms_are_searched_but_never_shown_in_an_excerpt(page: Page, nz: tuple[Path, Path]) -> None:
    """A page found through a synonym ("Te Tiriti" for one naming the Treaty of Waitangi) shows its
    own words in the excerpt, not the synonym words indexed for it."""
    treaty = holding(nz[0], "Treaty of Waitangi") - holding(nz[0], "Te Tiriti")
    assert treaty, "the data has recommendations naming the Treaty of Waitangi only in English"
    found = results(page, "Te Tiriti")
    assert treaty <= set(found)
    for excerpt in page.locator(".search-result__excerpt").all_inner_texts():
        assert "Tiriti" not in excerpt or "Te Tiriti" in excerpt.replace("\n", " ")
    texts_of = dict(zip(found, page.locator(".search-result__excerpt").all_inner_texts(), strict=True))
    assert all("Tiriti" not in texts_of[i] for i in treaty)


@pytest.mark.parametrize("q", ["mana motuhake", "mana", "Mana Motuhake"])
def test_maori_words_are_whole_words_never_stemmed_into_english(page: Page, nz: tuple[Path, Path], q: str) -> None:
    """ "mana" never finds "management": a word in te reo Māori is searched exactly (issue 27)."""
    found, every = results(page, q), texts(nz[0])
    assert [r for r in found if not re.search(rf"(?<!\w){fold(q)}(?!\w)", every[r])] == []
    assert any("management" in text for text in every.values())  # the word the search used to find


def test_a_maori_phrase_of_the_synonyms_is_searched_as_a_phrase(page: Page, nz: tuple[Path, Path]) -> None:
    found, every = results(page, "Te Tiriti o Waitangi"), texts(nz[0])
    group = ["Te Tiriti", "Te Tiriti o Waitangi", "Treaty of Waitangi", "Waitangi"]
    assert found and set(found) == holding(nz[0], *group)
    assert all(any(fold(w) in every[r] for w in group) for r in found)


@pytest.mark.parametrize("q", ["hapū", "iwi", "Maori"])
def test_the_widening_names_only_words_the_results_say(page: Page, nz: tuple[Path, Path], q: str) -> None:
    found, every = results(page, q), texts(nz[0])
    widened = page.locator("#search-widened")
    named = re.findall(r"“([^”]+)”", widened.inner_text()) if widened.is_visible() else []
    assert [w for w in named if not any(re.search(rf"(?<!\w){re.escape(fold(w))}(?!\w)", every[r]) for r in found)] == []
    assert q == "Maori" or named  # hapū and iwi are said by few: their results are found through "Māori"
