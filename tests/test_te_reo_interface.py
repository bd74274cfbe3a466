"""The interface in te reo Māori: the message catalogue holds every interface string of the
templates and views (extracted and compared), translations only with a source, and the Māori
pages under /mi/ are marked up as such (lang, hreflang both ways, the language switch)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po
from pages import ancestors, has_class, pages, parse, strings

from recommendations_site.render import i18n, review

ROOT = Path(__file__).resolve().parent.parent
KEYWORDS = {**DEFAULT_KEYWORDS, "_t": None, "N_": None}
METHODS = [("recommendations_site/**.py", "python"), ("site_templates/**.html", "jinja2")]
# Templates the Māori pages are made of: no text of theirs may bypass the catalogue.
TRANSLATED = [
    "layout.html", "main.html", "_header.html", "_footer.html", "_breadcrumbs.html", "_language_switch.html",
    "home.html", "hub.html", "hub_index.html", "search.html", "_recommendation_list.html",
    "_response_counts.html", "_bar_chart.html", "_disagreements.html", "_names.html",
    "recommendation.html", "_plain_words.html", "_action.html", "_assessment.html", "_cite.html", "_monitors_say.html",
    "easy_read.html", "monitors.html", "asks.html", "ask.html", "pivot.html", "pivot_index.html", "recurring.html",
    "te_tiriti.html", "downloads.html", "monitor.html", "changes.html", "calendar.html",
    "_accountability.html", "_report_monitors.html", "reports.html", "_report.html", "_agency_notes.html",
]  # fmt: skip
NOT_WORDS = {"CSV", "JSON", "Data Package", "CC BY 4.0", "Te Tiriti o Waitangi", "·", "–", ".", ",", ":", "(", ")"}


def catalogue():
    with i18n.CATALOGUE.open("rb") as f:
        return read_po(f, locale="mi")


def extracted() -> set[str]:
    found = extract_from_dir(
        ROOT, method_map=METHODS, keywords=KEYWORDS, options_map={"site_templates/**.html": {"extensions": "jinja2.ext.i18n"}}
    )
    return {m[2] if isinstance(m[2], str) else m[2][0] for m in found}


def test_the_catalogue_holds_every_interface_string_and_no_other() -> None:
    in_catalogue = {m.id if isinstance(m.id, str) else m.id[0] for m in catalogue() if m.id}
    found = extracted()
    assert sorted(found - in_catalogue) == [], "not in the catalogue: run pybabel extract/update (docs/te-reo.md)"
    assert sorted(in_catalogue - found) == [], "no longer used: pybabel update --ignore-obsolete"


@pytest.mark.parametrize("name", TRANSLATED)
def test_a_translated_template_has_no_text_outside_the_catalogue(name: str) -> None:
    text = (ROOT / "site_templates" / name).read_text(encoding="utf-8")
    text = re.sub(r"\{#.*?#\}|\{%.*?%\}|\{\{.*?\}\}", " ", text, flags=re.S)
    text = re.sub(r"<[^>]*>", "\n", text)
    leftover = [t.strip() for t in text.splitlines() if re.search(r"[A-Za-zāēīōū]", t) and t.strip() not in NOT_WORDS]
    assert leftover == []


def test_every_translation_names_its_source_and_none_is_invented() -> None:
    for m in catalogue():
        if m.id and (m.string if isinstance(m.string, str) else any(m.string)):
            assert re.match(r"https://\S+", i18n.field_of(m, "source")), m.id


def test_every_entry_carries_what_a_reviewer_needs() -> None:
    """Context, where it appears, a screenshot reference and a reviewed flag (render/review.py)."""
    missing = [
        [m.id if isinstance(m.id, str) else m.id[0], name]
        for m in catalogue()
        if m.id
        for name in review.FIELDS
        if not i18n.field_of(m, name)
    ]
    assert missing == [], "run .venv/bin/python -m recommendations_site.render.review"
    shots = {i18n.field_of(m, "screenshot") for m in catalogue() if m.id} - {"none (no Māori page yet)", "none"}
    assert shots and all((ROOT / s).is_file() for s in shots), shots


def test_a_reviewer_flag_counts_and_a_wrapped_source_still_reads(tmp_path: Path) -> None:
    po = tmp_path / "messages.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: mi\\n"\n\n# source:\n# https://example.org/a-long-page\n# (its title)\n'
        '# reviewed: yes (a speaker, 2026-12-05)\nmsgid "About"\nmsgstr "Mō mātou"\n\n# reviewed: no\nmsgid "Home"\nmsgstr ""\n',
        encoding="utf-8",
    )
    entry = next(m for m in review.read(po) if m.id == "About")
    assert i18n.field_of(entry, "source") == "https://example.org/a-long-page (its title)"
    assert i18n.progress.__wrapped__(po) == {"total": 2, "translated": 1, "reviewed": 1}
    assert "| `Home` |" in review.review_section(po) and "`About`" not in review.review_section(po)


def test_the_strings_awaiting_review_are_listed_in_the_docs() -> None:
    assert review.review_section() in review.DOC.read_text(encoding="utf-8"), (
        "docs/te-reo.md is out of date: .venv/bin/python -m recommendations_site.render.review"
    )


def test_an_untranslated_string_falls_back_to_english_marked_as_such(tmp_path: Path) -> None:
    po = tmp_path / "messages.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: mi\\n"\n\n# source: https://example.org/\nmsgid "Home"\nmsgstr "Kāinga"\n\nmsgid "Search"\nmsgstr ""\n',
        encoding="utf-8",
    )
    ui = i18n.Interface("mi", i18n.compiled(po))
    assert ui.gettext("Home") == '<span lang="mi">Kāinga</span>'  # marked: it may stand in English
    assert ui.gettext("Search") == '<span lang="en">Search</span>'
    assert ui.text("Search") == "Search"
    assert ui._("%(n)s <b>x</b>", n="<i>") == '<span lang="en">&lt;i&gt; <b>x</b></span>'
    assert i18n.interface("en").gettext("Search") == "Search"


def maori_pages(site: Path) -> list[Path]:
    return sorted(p for p in (site / "mi").rglob("index.html"))


def test_the_maori_pages_exist_for_home_hubs_search_and_narrative(nz: tuple[Path, Path]) -> None:
    site = nz[1] / "mi"
    for folder in (
        "",
        "bodies/",
        "themes/",
        "groups/maori/",
        "agencies/",
        "reviews/",
        "states/",
        "search/",
        "about/",
        "licence/",
        "te-tiriti/",
        "asks/",
    ):
        assert (site / folder / "index.html").is_file(), folder
    assert (site / "recommendations" / "a-hrc-26-3-128-14" / "index.html").is_file()  # the interface in te reo Māori
    assert not (
        site / "recommendations" / "a-hrc-26-3-128-14" / "a-hrc-26-3-128-14.json"
    ).exists()  # data once, beside the English page


def test_each_maori_page_and_its_english_page_link_each_other(nz: tuple[Path, Path]) -> None:
    site = nz[1]
    parsed = dict(pages(site))
    mi_pages = maori_pages(site)
    assert len(mi_pages) > 50
    for mi in mi_pages:
        en = site / mi.relative_to(site / "mi")
        for page, lang, other in ((mi, "mi", en), (en, "en-NZ", mi)):
            html = parsed[page] if page in parsed else parse(page.read_bytes())
            assert html.get("lang") == lang, page
            alt = {a.get("hreflang"): a.get("href") for a in html.xpath('//link[@rel="alternate"][@hreflang]')}
            path = str(en.parent.relative_to(site)).replace(".", "") + "/"
            assert alt["en"] == alt["x-default"] != alt["mi"], page
            assert alt["mi"].endswith("/mi" + ("/" + path if path != "/" else "/")), (page, alt)
            switch = [e for e in html.iter("*") if has_class(e, "site-header__language")]
            assert len(switch) == 1 and switch[0].get("hreflang") == switch[0].get("lang"), page
            assert (page.parent / switch[0].get("href") / "index.html").resolve() == other.resolve(), page


def test_english_text_on_a_maori_page_is_marked_english(nz: tuple[Path, Path]) -> None:
    """Every word on a Māori page is in an element marked lang="en" (or "mi" for a Māori name)
    unless it is a sourced translation from the catalogue."""
    translated = {m.string for m in catalogue() if m.id and isinstance(m.string, str) and m.string} | NOT_WORDS
    unmarked = set()
    parsed = dict(pages(nz[1]))
    for page in maori_pages(nz[1]):
        for node, holder in strings(parsed[page].body):  # comments' text too, as before
            if not re.search(r"[A-Za-zāēīōū]{2}", node) or holder.tag in ("script", "style"):
                continue
            marked = next((e for e in ancestors(holder) if e.get("lang") is not None), None)
            if marked is None or (marked.tag == "html" and node.strip() not in translated):
                unmarked.add(f"{page.parent.relative_to(nz[1])}: {node.strip()[:80]}")
    assert sorted(unmarked) == []


def test_no_attribute_of_a_maori_page_holds_markup(nz: tuple[Path, Path]) -> None:
    parsed = dict(pages(nz[1]))
    marked_up = [
        (page, a.getparent().tag) for page in maori_pages(nz[1]) for a in parsed[page].xpath('//@*[contains(., "<span")]')
    ]
    assert marked_up == []
