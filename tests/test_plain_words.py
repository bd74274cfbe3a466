"""Plain words on every public page (issue 22): no internal file name, repository path or raw
code of a theme, affected group or agency in what a visitor reads, in any built HTML page.

What is read: every text node (hidden ones too: Pagefind shows filter values and metadata in its
results), every text of the JSON-LD (search engines show its names and keywords), and the attributes a browser or a search result shows (title, aria-label, alt,
placeholder, a meta tag's content, the search metadata data-title, data-names, data-terms).
Link targets (href, src) are not read: a download's file name is a fine address, as long as the
words beside it name the thing. Text inside a URL is not read either (an address is an address).
The allow-list is ALLOWED below, each entry with why it is public."""

from __future__ import annotations

import json
import re
import unicodedata
from copy import deepcopy
from functools import cache
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from lxml.html import HtmlElement
from pages import has_class, pages, parse

ROOT = Path(__file__).resolve().parent.parent
SHOWN_ATTRIBUTES = ("title", "aria-label", "alt", "placeholder", "content", "data-title", "data-names", "data-terms")
URL = re.compile(r"\b(?:https?|ftp)://\S+|\bwww\.\S+")
INTERNAL = {
    "repository path": re.compile(
        r"(?<![\w.-])(?:data/(?:curation|reference|tracking|releases|assessments)|site_templates|recommendations_site|"
        r"locales|content|tests|docs|\.\./shared)/[\w./-]*"
    ),
    "program file": re.compile(r"(?<![\w-])(?:build\.py|[\w-]+\.(?:py|ya?ml|po|toml))(?![\w-])"),
    "file and line": re.compile(r"[\w-]+\.(?:csv|xlsx|json|jsonl|txt|docx?)(?::\d+)"),
    "upstream file": re.compile(r"(?<![\w/-])[\w-]*(?:nz_upr|upr-info_enriched|export-full|uhri)[\w.-]*\.(?:csv|xlsx|jsonl?)"),
}
# Words that look internal but are public, with the reason. Keep it short.
ALLOWED: dict[str, str] = {
    "civil-society": "an English compound ('civil-society coalitions'), as well as a theme's id",
}
# Places where a code is the thing shown: the data dictionary documents the files' own values
# ("msd=child poverty" is how a reason is written in the CSV). Paths are checked there too.
CODES_SHOWN = "dictionary-table"  # a class


def deaccent(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


@cache
def codes() -> dict[str, re.Pattern]:
    """kind -> a pattern of the raw ids of themes, groups and agencies (data/reference) that are not
    words of the thing's own names ("police" is a word of New Zealand Police, "counter-terrorism" of
    its theme's name; "moj" and "violence-against-women" are codes, whatever the short name "MOJ" says)."""
    found = {}
    for kind, file in (("theme", "themes"), ("group", "groups"), ("agency", "agencies")):
        rows = yaml.safe_load((ROOT / "data" / "reference" / f"{file}.yaml").read_text(encoding="utf-8"))
        raw = []
        for row in rows:
            names = " ".join(str(row.get(k) or "") for k in ("name", "name_mi", "name_en")).casefold()
            if row["id"] not in re.findall(r"[\w-]+", names):
                raw.append(re.escape(row["id"]))
        found[kind] = re.compile(r"(?<![\w/.#=-])(?:" + "|".join(sorted(raw, key=len, reverse=True)) + r")(?![\w/-])")
    return found


def strings(value: object) -> list[str]:
    """Every text of a JSON-LD block (what search engines show: names, keywords, descriptions)."""
    if isinstance(value, dict):
        return [s for item in value.values() for s in strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in strings(item)]
    return [value] if isinstance(value, str) else []


def not_read(tag: HtmlElement, codes_too: bool) -> bool:
    """Scripts and styles; a link whose words are its own target's file name (a published download
    named by its address: an address); unless codes_too, the data dictionary (CODES_SHOWN)."""
    if tag.tag in ("script", "style"):
        return True
    if tag.tag == "a" and tag.get("href") is not None:
        words = "".join(t.strip() for t in tag.itertext())  # BeautifulSoup's get_text(strip=True)
        if words and tag.get("href").rstrip("/").rsplit("/", 1)[-1] == words:
            return True
    return not codes_too and has_class(tag, CODES_SHOWN)


def shown_texts(html: HtmlElement, codes_too: bool = False) -> list[str]:
    """Every text a visitor or a search result shows: text nodes (comments' too) and shown
    attributes, in a copy of the page without what not_read() leaves out. html: a parsed page
    (tests/pages.py), read, never changed."""
    texts = [v for block in html.xpath('//script[@type="application/ld+json"]') for v in strings(json.loads(block.text))]
    copy = deepcopy(html)
    for tag in copy.xpath(f"//script | //style | //a[@href] | //*[contains(@class, '{CODES_SHOWN}')]"):
        if not_read(tag, codes_too) and tag.getparent() is not None:  # replaced by an empty element: the text
            tag.getparent().replace(tag, gap := copy.makeelement("gap"))  # after it stays a text of its own
            gap.tail = tag.tail
    texts += copy.xpath("//text()", smart_strings=False) + [c.text or "" for c in copy.xpath("//comment()")]
    for name in SHOWN_ATTRIBUTES:  # a content attribute is shown only on a meta tag (description, og:)
        for value in copy.xpath("//meta/@content" if name == "content" else f"//@{name}", smart_strings=False):
            # the search page's JSON (data-terms): keys are never shown
            texts += strings(json.loads(value)) if name == "data-terms" and value.startswith("{") else [value]
    return [URL.sub(" ", t) for t in texts if t.strip()]


def page_findings(relative: str, html: str | HtmlElement) -> list[list[str]]:
    """[[page, kind, the words], ...] on one page (its text, or its parsed tree)."""
    tree = parse(html) if isinstance(html, str) else html
    found = []
    for patterns, codes_too in ((INTERNAL, True), ({f"{k} code": p for k, p in codes().items()}, False)):
        text = "\n".join(shown_texts(tree, codes_too))  # one search per pattern: no pattern matches across a line break
        for kind, pattern in patterns.items():
            found += [[relative, kind, m.group(0)] for m in pattern.finditer(text) if m.group(0) not in ALLOWED]
    return found


def findings(site: Path) -> list[list[str]]:
    """[[page, kind, the words], ...] over every built HTML page (Pagefind's own, if any, read now)."""
    parsed = dict(pages(site))  # parsed once per worker (tests/pages.py)
    return [
        finding
        for page in sorted(site.rglob("*.html"))
        for finding in page_findings(
            page.relative_to(site).as_posix(), parsed[page] if page in parsed else parse(page.read_bytes())
        )
    ]


@pytest.mark.parametrize("built", ["nz", "monitored"])
def test_no_page_names_an_internal_file_path_or_code(built: str, request: pytest.FixtureRequest) -> None:
    """The real data, and with the fixtures' tracking, assessments and summaries (actions, updates,
    monitors' findings and plain-language summaries on the pages)."""
    _, site = request.getfixturevalue(built)
    found = findings(site)
    assert found == [], f"{len(found)} findings on {len({f[0] for f in found})} pages, e.g. {found[:10]}"


def test_the_scan_finds_what_it_must() -> None:
    """The scan itself: each kind of internal word is caught, the plain form of each passes."""
    bad = (
        "<p>portfolio rules in data/curation/agency_portfolios.yaml</p>"
        "<span title='nz_upr_official_recommendation_paragraphs_2009_2014.csv:132'>x</span>"
        "<li>suggested: theme violence-against-women</li><a aria-label='moj'>x</a><p>run build.py</p>"
    )
    kinds = sorted({f[1] for f in page_findings("p.html", bad)})
    assert kinds == ["agency code", "file and line", "program file", "repository path", "theme code", "upstream file"]
    good = (
        "<p>suggested from the text (theme: Violence against women)</p><p>New Zealand Police; Department of Corrections</p>"
        "<a href='../data/themes/violence-against-women/recommendations.csv'>Violence against women as CSV</a>"
        "<p><a href='https://example.org/data/curation/x.yaml'>https://example.org/data/curation/x.yaml</a></p>"
    )
    assert page_findings("p.html", good) == []


def test_a_label_says_its_basis_in_words_linked_to_the_page_explaining_it(nz: tuple[Path, Path]) -> None:
    """A theme's basis names the theme ("theme: Family violence …"), never its id, and every basis
    note links to the public page that explains it, whose sections exist."""
    _, site = nz
    explained = BeautifulSoup((site / "how-labels-are-assigned" / "index.html").read_text(encoding="utf-8"), "html.parser")
    sections = {tag["id"] for tag in explained.select("h2[id]")}
    assert {"themes", "groups", "sdgs", "agencies"} <= sections
    page = BeautifulSoup(
        (site / "recommendations" / "a-hrc-26-3-128-129" / "index.html").read_text(encoding="utf-8"), "html.parser"
    )
    facts = {dt.get_text(strip=True): dt.find_next_sibling("dd") for dt in page.select(".rec-facts dt")}
    reasons = [note.get_text(strip=True) for note in facts["Lead agencies"].select("li .note")]
    assert "(suggested by portfolio (theme: Family violence and violence against women))" in reasons, reasons
    links = [a["href"] for dd in facts.values() for a in dd.select(".note a")]
    assert "../../how-labels-are-assigned/#agencies" in links
    assert all(link.split("#")[1] in sections for link in links if "how-labels-are-assigned" in link)
    source = facts["Source"].get_text(" ", strip=True)
    assert re.search(r"\(rows? [\d, and]+ of the source's files?: where each record comes from \)", source), source
    assert "../../what-this-site-holds/#sources" in links  # the page that explains it, not a file name


def test_a_basis_is_worded_from_the_data_without_its_codes() -> None:
    from recommendations_site.outputs.recommendations import reason_in_words, rows_in_words

    themes = {"violence-against-women": {"name": "Family violence and violence against women"}}
    assert (
        reason_in_words("theme violence-against-women", themes)
        == "suggested by portfolio (theme: Family violence and violence against women)"
    )
    assert reason_in_words("child poverty", themes) == "suggested by portfolio: child poverty"
    assert reason_in_words("confirmed by the agency", themes) == "confirmed by the agency"
    assert rows_in_words("nz_upr_official.csv:12; nz_upr_enriched.csv:18,19") == "12 and 18, 19"
    assert rows_in_words("uhri-records.jsonl:5") == "5" and rows_in_words("") == ""


def test_the_downloads_say_where_a_record_comes_from_without_naming_a_file() -> None:
    """source_ref in published records names the source and the row or line, not the project's files."""
    from recommendations_site.render.formats import source_in_words

    files = {"upr.csv": "UPR Info Database", "uhri.jsonl": "UN Universal Human Rights Index"}
    said = [
        source_in_words(ref, files)
        for ref in ("upr.csv:12,13; uhri.jsonl:7", "data/tracking/msd.yaml:12", "tests/fixtures/assessments/imm.yaml:3")
    ]
    assert said == [
        "UPR Info Database, rows 12, 13; UN Universal Human Rights Index, line 7",
        "the agency's tracking record, line 12",
        "the monitor's assessment record, line 3",
    ]
