"""The Māori pages (docs/te-reo.md): dates, states and agencies in te reo from CLDR and the
agencies' own names, English marked as English, an honest language switch, the Te Tiriti view
under /mi/ grouped by ask and collapsible."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel import Locale
from bs4 import BeautifulSoup, Comment
from playwright.sync_api import Browser, Page

from recommendations_site.render import i18n
from recommendations_site.render.dates import MONTHS

# English words that are never Māori words (so "a", "i", "me", "he", "to", "ko" are left out)
FUNCTION_WORDS = set(
    [
        "the",
        "of",
        "and",
        "in",
        "is",
        "for",
        "on",
        "by",
        "with",
        "this",
        "that",
        "from",
        "as",
        "or",
        "are",
        "be",
        "at",
        "its",
        "an",
        "which",
        "each",
        "has",
        "have",
        "not",
        "all",
        "their",
        "was",
        "were",
        "these",
        "what",
        "who",
        "how",
        "it",
        "been",
        "but",
        "than",
        "any",
    ]
)
ENGLISH_DATE = re.compile(rf"\b\d{{4}}-\d{{2}}-\d{{2}}\b|\b({'|'.join(MONTHS)}) \d{{4}}\b")


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def visible(page: BeautifulSoup) -> Iterator[tuple[str, str]]:
    """(language, text) of every visible text of the page's body."""
    for node in page.body.find_all(string=True):
        if isinstance(node, Comment) or any(p.name in ("script", "style") for p in node.parents):
            continue
        marked = node.find_parent(attrs={"lang": True})
        yield (marked["lang"] if marked else page.html["lang"]), str(node)


@pytest.fixture(scope="module")
def maori(nz: tuple[Path, Path]) -> dict[str, BeautifulSoup]:
    return {str(p.parent.relative_to(nz[1])): soup(p) for p in sorted((nz[1] / "mi").rglob("index.html"))}


def test_every_date_on_a_maori_page_is_in_te_reo(maori: dict[str, BeautifulSoup]) -> None:
    english = [
        [page, text.strip()[:60]] for page, html in maori.items() for _, text in visible(html) if ENGLISH_DATE.search(text)
    ]
    assert english == []
    agencies = maori["mi/agencies/msd"].select_one(".note").get_text()
    assert re.search(
        r"\d{1,2} (Hānuere|Pēpuere|Māehe|Āperira|Mei|Hune|Hūrae|Ākuhata|Hepetema|Oketopa|Noema|Tīhema) \d{4}", agencies
    )


def test_english_function_words_inside_lang_mi_are_at_most_3_percent(maori: dict[str, BeautifulSoup]) -> None:
    words = [
        w for html in maori.values() for lang, text in visible(html) if lang == "mi" for w in re.findall(r"[\wāēīōū']+", text)
    ]
    english = [w for w in words if w.lower() in FUNCTION_WORDS]
    assert len(words) > 1000
    assert len(english) / len(words) <= 0.03, sorted(set(english))


def names(row: BeautifulSoup) -> list[tuple[str, str]]:
    return [(s["lang"], s.get_text()) for s in row.select("th > a > span[lang], th > a > .other-name > span[lang]")]


def test_agencies_and_states_are_named_in_te_reo_first_on_maori_pages(
    nz: tuple[Path, Path], maori: dict[str, BeautifulSoup]
) -> None:
    english = {r.th.a["href"].split("/")[-2]: names(r) for r in soup(nz[1] / "agencies/index.html").select("tbody tr")}
    for row in maori["mi/agencies"].select("tbody tr"):
        key, found = row.th.a["href"].split("/")[-2], names(row)
        assert found == sorted(english[key], key=lambda n: n[0] != "mi"), key  # Māori first, where there is one
    assert names(next(r for r in maori["mi/agencies"].select("tbody tr") if "msd" in r.th.a["href"])) == [
        ("mi", "Te Manatū Whakahiato Ora"),
        ("en", "Ministry of Social Development"),
    ]
    states = {names(r)[-1][1]: names(r) for r in maori["mi/states"].select("tbody tr")}
    cldr = Locale("mi").territories
    assert states["France"] == [("mi", cldr["FR"]), ("en", "France")]
    assert sum(n[0][0] == "mi" for n in states.values()) >= len(states) - 1  # "Unknown" is not a state
    english_states = soup(nz[1] / "states/index.html").select("tbody tr")
    assert all(names(r)[0][0] == "en" and len(names(r)) == 1 for r in english_states)  # the English page unchanged


def test_the_switch_and_every_maori_page_say_how_much_is_in_te_reo(
    nz: tuple[Path, Path], maori: dict[str, BeautifulSoup]
) -> None:
    count = i18n.progress()
    switch = soup(nz[1] / "index.html").select_one(".site-header__language")
    assert switch["lang"] == "mi" and switch.select_one('span[lang="en"]').get_text() == "(partly translated)"
    for page, html in maori.items():
        note = html.select_one(".language-note")
        assert note is not None, page
        figures = [int(n) for n in re.findall(r"\d+", note.get_text())]
        assert figures == [count["translated"], count["total"], count["reviewed"]], page
        assert note.find(attrs={"lang": "en"}), page  # the note is English, said so


def test_the_te_tiriti_view_is_in_te_reo_and_grouped_by_collapsible_asks(
    nz: tuple[Path, Path], maori: dict[str, BeautifulSoup]
) -> None:
    mi, en = maori["mi/te-tiriti"], soup(nz[1] / "te-tiriti/index.html")
    assert mi.html["lang"] == "mi" and mi.select_one('link[hreflang="en"]')["href"].endswith("/te-tiriti/")
    index = [a["href"] for a in mi.select(".tiriti-index a")]
    sections = mi.select("section.rec-section")
    assert len(sections) > 3 and index == [f"#{s.h2['id']}" for s in sections]
    assert all(s.select_one("details > summary > h2") for s in sections)
    assert [s.h2.get_text() for s in sections] == [s.h2.get_text() for s in en.select("section.rec-section")]
    assert all(p.get("lang") == "en" for p in mi.select(".rec-list__text"))  # the UN's words stay English
    assert maori["mi"].select_one('main a[href$="mi/te-tiriti/"]'), "the Māori home links to the Māori view"


@pytest.mark.browser
def test_the_te_tiriti_page_fits_a_phone(browser: Browser, base_url: str) -> None:
    page: Page = browser.new_page(viewport={"width": 360, "height": 740}, base_url=base_url)
    for path in ("te-tiriti/", "mi/te-tiriti/"):
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollHeight") <= 20_000, path
    page.goto("mi/te-tiriti/#ask-2")
    assert page.evaluate("document.getElementById('ask-2').closest('details').open")
    page.close()


@pytest.mark.browser
def test_text_scripts_write_on_a_maori_page_is_marked_english(browser: Browser, base_url: str) -> None:
    page: Page = browser.new_page(base_url=base_url)
    page.goto("mi/groups/maori/")
    page.wait_for_selector("form.browse")
    assert page.evaluate("document.querySelector('form.browse').lang") == "en"
    assert page.evaluate("document.querySelector('.browse__status').closest('[lang]').lang") == "en"
    page.close()


def test_a_maori_page_links_to_the_maori_version_of_a_page_that_has_one(
    nz: tuple[Path, Path], maori: dict[str, BeautifulSoup]
) -> None:
    """Chart links, hubs, asks, recommendations, narrative pages: never the English page when a
    Māori one exists (the language switch excepted)."""
    english = []
    for folder, html in maori.items():
        for a in html.select("a[href]"):
            href = a["href"].split("#")[0].split("?")[0]
            if not href or href.startswith(("http", "mailto")) or a.get("hreflang"):
                continue
            target = posixpath.normpath(posixpath.join(f"/{folder}/", href)).lstrip("/")
            if not target.startswith("mi") and (nz[1] / "mi" / target / "index.html").is_file():
                english.append([folder, href])
    assert english == []
