"""The built New Zealand site, checked structurally (BeautifulSoup selectors) as a visitor and a
journalist would use it: one page per recommendation, hubs that add up, links that resolve,
downloads that validate, markup in recommendation text shown as text."""

from __future__ import annotations

import csv
import json
import re
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup
from conftest import NZ_FILES, run_build
from frictionless import Package
from pages import has_class, lang_of, pages, parse, strings, text_of

from recommendations_site.importers.upr_info import ENRICHED_COLUMNS
from recommendations_site.model.package import read_recommendations


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_one_page_per_recommendation(nz: tuple[Path, Path]) -> None:
    data, site = nz
    ids = {r.id for r in read_recommendations(data)}
    pages = {p.parent.name for p in (site / "recommendations").glob("*/index.html")}
    assert len(ids) == 219
    assert pages == ids


def test_recommendation_page_shows_the_record(nz: tuple[Path, Path]) -> None:
    _, site = nz
    page = soup(site / "recommendations" / "a-hrc-26-3-128-14" / "index.html")
    assert page.html["lang"] == "en-NZ"
    assert page.select_one("h1").get_text() == "UPR 2014, paragraph 128.14"
    facts = {dt.get_text(strip=True): dt.find_next_sibling("dd") for dt in page.select(".rec-facts dt")}
    assert facts["Document"].select_one("a")["href"] == "https://undocs.org/en/A/HRC/26/3"
    assert "128.14" in facts["Document"].get_text()
    assert [a.get_text() for a in facts["Recommended by"].select("a")] == ["Norway"]
    assert facts["Response"].select_one(".response").get_text() == "Noted"
    assert {a["href"] for a in facts["Lead agencies"].select("li > a")} == {
        f"../../agencies/{a}/" for a in ("mbie", "tpk", "mfat", "moj")
    }  # ratifying ILO 169: its leads (MBIE, Te Puni Kōkiri) with MFAT and MoJ (docs/classification.md)
    assert "suggested" in facts["Lead agencies"].get_text()
    assert {a["href"] for a in facts["Coordinating agencies"].select("a")} == {"../../agencies/mfat/", "../../agencies/moj/"}
    assert "a-hrc-26-3-128-14" in page.select_one(".cite").get_text()
    assert page.select_one('meta[property="og:title"]')["content"] == "UPR 2014, paragraph 128.14"
    record = json.loads((site / "recommendations" / "a-hrc-26-3-128-14" / "a-hrc-26-3-128-14.json").read_text(encoding="utf-8"))
    assert record["paragraph"] == "128.14" and record["recommending_states"] == ["Norway"]
    raw = (site / "recommendations" / "a-hrc-26-3-128-14" / "a-hrc-26-3-128-14.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")


def test_hub_counts_add_up(nz: tuple[Path, Path]) -> None:
    _, site = nz
    index = soup(site / "bodies" / "index.html")
    totals = {row.select_one("th a").get_text(): int(row.select("td")[0].get_text()) for row in index.select("tbody tr")}
    assert totals["UPR – Universal Periodic Review (Human Rights Council)"] == 219
    for review, expected in (("a-hrc-12-8", 64), ("a-hrc-26-3", 155)):
        page = soup(site / "reviews" / review / "index.html")
        listed = page.select(".rec-list__item")
        counts = [int(n.get_text()) for n in page.select(".response-counts__n")]
        assert len(listed) == expected == sum(counts)
    upr = soup(site / "bodies" / "upr" / "index.html")
    assert upr.select_one(".rec-section h2").get_text(" ", strip=True).startswith("UPR cycle 2, 2014")
    facts = {dt.get_text(strip=True): dd.get_text(strip=True) for dt, dd in zip(upr.select("dt"), upr.select("dd"), strict=True)}
    assert facts["Mechanism"] == "Universal Periodic Review"
    crc = soup(site / "bodies" / "crc" / "index.html")
    crc_facts = {
        dt.get_text(strip=True): dd.get_text(strip=True) for dt, dd in zip(crc.select("dt"), crc.select("dd"), strict=True)
    }
    assert crc_facts["New Zealand ratified"] == "1993-04-06"
    # both official names, each marked with its language (data/reference/agencies.yaml: name_mi)
    assert crc_facts["Lead agency"] == "Ministry of Social Development–Te Manatū Whakahiato Ora"
    assert crc.select_one('dd a span[lang="mi"]').get_text() == "Te Manatū Whakahiato Ora"


def test_every_internal_link_resolves(nz: tuple[Path, Path]) -> None:
    """Every link, stylesheet, script and form on every page reaches a built file, and every
    #fragment (same page or another) names an element id on its target page."""
    _, site = nz
    broken = []
    ids = {page: set(html.xpath("//@id")) for page, html in pages(site)}

    def ids_of(page: Path) -> set[str]:
        return ids[page] if page in ids else set(parse(page.read_bytes()).xpath("//@id"))

    for page, html in pages(site):
        for tag in html.xpath("//a[@href] | //link[@href] | //script[@src] | //form[@action]"):
            url = tag.get("src") or tag.get("href") or tag.get("action")
            if not url:
                broken.append(f"{page.relative_to(site)} -> empty {tag.tag}")
                continue
            parts = urlsplit(url)
            if parts.scheme or parts.netloc:
                continue
            base = site if url.startswith("/") else page.parent  # 404.html is served anywhere, so its links are absolute
            target = (base / unquote(parts.path).lstrip("/")).resolve() if parts.path else page
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{page.relative_to(site)} -> {url}")
            elif parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in ids_of(target):
                broken.append(f"{page.relative_to(site)} -> {url} (no id {parts.fragment!r} there)")
    assert broken == []


SITE_URL = "http://127.0.0.1:8000/"  # mkdocs.yml's site_url: the fixture's absolute addresses
ADDRESS_KEYS = {"contentUrl", "url", "identifier", "@id"}


def addresses(value: object) -> Iterator[str]:
    """Every address a JSON-LD block advertises (contentUrl, url, identifier, @id), at any depth."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key in ADDRESS_KEYS and isinstance(item, str):
                yield item
            yield from addresses(item)
    elif isinstance(value, list):
        for item in value:
            yield from addresses(item)


def advertised(site: Path) -> Iterator[tuple[str, str]]:
    """(where, address) for every absolute address of the site that a page's JSON-LD, a feed or
    the sitemap advertises."""
    for page, html in pages(site):
        for block in html.xpath('//script[@type="application/ld+json"]'):
            yield from ((page.relative_to(site).as_posix(), a) for a in addresses(json.loads(block.text)))
    for feed in sorted((site / "feeds").rglob("*.atom")):
        for link in ET.parse(feed).getroot().iter("{http://www.w3.org/2005/Atom}link"):
            yield feed.relative_to(site).as_posix(), link.get("href")
    for loc in ET.parse(site / "sitemap.xml").getroot().iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc"):
        yield "sitemap.xml", loc.text or ""


def test_every_advertised_address_exists(nz: tuple[Path, Path]) -> None:
    """Every address of this site in JSON-LD (a Dataset's downloads, a page's url), in the feeds and
    in the sitemap reaches a built file: a hub with no recommendations advertises no Dataset."""
    _, site = nz
    dead, checked = [], 0
    for where, address in advertised(site):
        if not address.startswith(SITE_URL):
            continue  # another site's address (the UN's documents, the licence)
        checked += 1
        path = unquote(urlsplit(address).path).removeprefix(urlsplit(SITE_URL).path)
        target = site / path / "index.html" if not path or path.endswith("/") else site / path
        if not target.is_file():
            dead.append([where, address])
    assert checked > 3000 and dead == []
    empty = soup(site / "agencies" / "nema" / "index.html")  # an agency no recommendation names
    assert not empty.select('script[type="application/ld+json"]') and not (site / "data" / "agencies" / "nema").exists()


def test_every_download_validates(nz: tuple[Path, Path]) -> None:
    _, site = nz
    descriptors = sorted((site / "data").rglob("datapackage.json"))
    assert len(descriptors) > 20
    for descriptor in descriptors:
        package = json.loads(descriptor.read_text(encoding="utf-8"))
        assert package["licenses"] and package["sources"] and package["data_date"] == "2014"
        assert all(r["hash"].startswith("sha256:") for r in package["resources"])
        report = Package(str(descriptor)).validate()
        assert report.valid, (descriptor, report.flatten(["rowNumber", "fieldName", "type"]))
    with (site / "data" / "bodies" / "upr" / "recommendations.csv").open(encoding="utf-8-sig", newline="") as handle:
        assert len(list(csv.DictReader(handle))) == 219
    page = soup(site / "data" / "index.html")
    dataset = json.loads(page.select_one('script[type="application/ld+json"]').string)
    assert dataset["@type"] == "Dataset" and dataset["distribution"]


def test_sitemap_lists_every_page(nz: tuple[Path, Path]) -> None:
    _, site = nz
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    pages = [p for p in site.rglob("index.html") if "pagefind" not in p.parts]
    assert sitemap.count("<loc>") == len(pages)
    assert "recommendations/a-hrc-12-8-81-1/</loc>" in sitemap


def test_no_inline_script_and_a_strict_csp(nz: tuple[Path, Path]) -> None:
    _, site = nz
    for page in [site / "index.html", site / "about" / "index.html", site / "search" / "index.html"]:
        html = soup(page)
        csp = html.select_one('meta[http-equiv="Content-Security-Policy"]')["content"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
        inline = [s for s in html.select("script") if not s.get("src") and s.get("type") != "application/ld+json"]
        assert inline == [], page


def test_injected_markup_is_shown_as_text(tmp_path: Path) -> None:
    """Recommendation text is data: script, javascript: links, markdown and Jinja stay literal."""
    hostile = '<script>alert(1)</script> <a href="javascript:alert(2)">x</a> **bold** {{ 7*7 }} {% raw %}'
    official = tmp_path / "fixture-official.csv"
    enriched = tmp_path / "fixture-enriched.csv"
    with official.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(
            [["review_year", "document_symbol", "paragraph", "text_as_in_report"], ["2014", "A/HRC/99/9", "1.1", hostile]]
        )
    columns = ENRICHED_COLUMNS  # the importer's own list, in its order
    row = ["New Zealand", "2", "18", "2014", "A/HRC/99/9", "1.1", hostile, "Fixtureland", "WEOG", "supported", "3", "General"]
    with enriched.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([columns, row])
    assert run_build("import", "upr-info", official, enriched, "--into", tmp_path / "data").returncode == 0
    assert run_build("build", "--data", tmp_path / "data", "--out", tmp_path / "site").returncode == 0
    page = soup(tmp_path / "site" / "recommendations" / "a-hrc-99-9-1-1" / "index.html")
    assert page.select_one(".rec-text").get_text() == hostile
    assert page.select("article script") == [] and not page.select('a[href^="javascript:"]')
    assert page.select_one('meta[name="description"]')["content"].startswith("<script>")
    listing = soup(tmp_path / "site" / "reviews" / "a-hrc-99-9" / "index.html")
    assert listing.select_one(".rec-list__text").get_text() == hostile


def test_url_does_not_change_when_source_rows_move(tmp_path: Path, nz: tuple[Path, Path]) -> None:
    data, _ = nz
    moved = tmp_path / "moved"
    moved.mkdir()
    for path in NZ_FILES:
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        header, rows = lines[0], lines[1:]
        (moved / path.name).write_text(header + "".join(reversed(rows)), encoding="utf-8")
    assert run_build("import", "upr-info", *sorted(moved.glob("*.csv")), "--into", tmp_path / "data").returncode == 0
    assert {r.id for r in read_recommendations(tmp_path / "data")} == {r.id for r in read_recommendations(data)}


def test_failed_build_leaves_previous_site(tmp_path: Path, nz: tuple[Path, Path]) -> None:
    data, site = nz
    out = tmp_path / "site"
    shutil.copytree(site, out)
    before = sorted(p.relative_to(out) for p in out.rglob("*"))
    broken = tmp_path / "broken"
    shutil.copytree(data, broken)
    (broken / "datapackage.json").write_text("{not json", encoding="utf-8")
    result = run_build("build", "--data", broken, "--out", out)
    assert result.returncode != 0
    assert sorted(p.relative_to(out) for p in out.rglob("*")) == before
    assert not list(tmp_path.glob(".site.new-*"))


def test_output_directories_that_are_not_earlier_outputs_are_refused(tmp_path: Path, nz: tuple[Path, Path]) -> None:
    """--into and --out replace only an earlier package or site, never an unrelated folder."""
    data, _ = nz
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "notes.txt").write_text("keep me", encoding="utf-8")
    for args in (("import", "upr-info", *NZ_FILES, "--into", precious), ("build", "--data", data, "--out", precious)):
        result = run_build(*args)
        assert result.returncode == 1
        assert "is not an earlier output" in result.stderr
    assert [p.name for p in precious.iterdir()] == ["notes.txt"]


TE_REO = re.compile(r"\b(te reo|Te Tiriti o Waitangi|Te Puni Kōkiri|Māori|Maori|whānau|iwi|hapū)\b")
UN_TEXT = ("rec-text", "rec-list__text")  # classes of recommendation texts: the UN's English, quoted as they are


def test_every_page_is_in_new_zealand_english(nz: tuple[Path, Path]) -> None:
    _, site = nz
    english = [(p, html) for p, html in pages(site) if p.relative_to(site).parts[0] != "mi"]  # /mi/: test_te_reo_interface.py
    assert [p.relative_to(site) for p, html in english if html.get("lang") != "en-NZ"] == []


def unmarked_te_reo(site: Path, skip: set[str] = frozenset()) -> list[str]:
    """Text on any page holding a word in te reo Māori outside an element with lang="mi"."""
    unmarked = []
    for page, html in pages(site):
        for text, holder in strings(html.body, skip=lambda e: any(has_class(e, name) for name in UN_TEXT)):
            if TE_REO.search(text) and lang_of(holder) != "mi" and text.strip() not in skip:
                unmarked.append(f"{page.relative_to(site)}: {text.strip()[:80]!r}")
    return unmarked


def agency_names(data: Path, fields: tuple[str, ...] = ("name",)) -> set[str]:
    with (data / "agencies.csv").open(encoding="utf-8", newline="") as handle:
        return {row[f] for row in csv.DictReader(handle) for f in fields if row[f]}


def test_te_reo_maori_is_marked_as_such(nz: tuple[Path, Path]) -> None:
    """Words in te reo Māori sit in an element with lang="mi", so screen readers can pronounce
    them: the Māori group wherever it is named (heading, index, recommendation, downloads) and
    every such word in the site's own text. The UN's texts are quoted as they are. Agency names
    are checked by the next test."""
    data, site = nz
    # an agency's English name may hold a Māori word ("Office for Māori Crown Relations"): lang="en"
    assert unmarked_te_reo(site, skip=agency_names(data, ("name", "name_en"))) == []
    group = soup(site / "groups" / "maori" / "index.html")
    assert group.select_one("h1 > span")["lang"] == "mi" and group.select_one("h1").get_text() == "Māori"
    assert soup(site / "groups" / "index.html").select_one('a[href$="groups/maori/"] > span')["lang"] == "mi"
    assert "Māori" in [s.get_text() for s in soup(site / "data" / "index.html").select('th > span[lang="mi"]')]
    rec = next(
        p for p in sorted(site.glob("recommendations/*/index.html")) if 'href="../../groups/maori/"' in p.read_text("utf-8")
    )
    assert soup(rec).select_one('a[href="../../groups/maori/"]')["lang"] == "mi"


def test_te_reo_maori_agency_names_are_marked(nz: tuple[Path, Path]) -> None:
    data, site = nz
    names = agency_names(data)
    assert [u for u in unmarked_te_reo(site) if u.split(": ", 1)[1].strip("'\"") in names] == []


def test_page_titles_are_unique(nz: tuple[Path, Path]) -> None:
    _, site = nz
    titles: dict[str, list[str]] = {}
    for page, html in pages(site):  # per language: a Māori page may keep its English page's title until translated
        lang = html.get("lang")
        titles.setdefault(f"{lang}: {text_of(html.xpath('//title')[0])}", []).append(str(page.relative_to(site)))
    assert {t: pages for t, pages in titles.items() if len(pages) > 1} == {}


def test_contact_accessibility_and_privacy_are_linked_from_every_page(nz: tuple[Path, Path]) -> None:
    """NZ Web Usability Standard: a contact page, an accessibility statement and a privacy
    statement, built from content/ and reachable from every page's footer."""
    _, site = nz
    headings = {"contact": "Contact", "accessibility": "Accessibility statement", "privacy": "Privacy statement"}
    for folder, heading in headings.items():
        assert soup(site / folder / "index.html").select_one("h1").get_text(strip=True).startswith(heading)
    missing = []
    for page, html in pages(site):
        footer = next(iter(html.xpath("//footer")), None)
        hrefs = {urlsplit(a.get("href")).path for a in footer.xpath(".//a[@href]")} if footer is not None else set()
        for folder in headings:
            base = site if page.name == "404.html" else page.parent
            home = site / "mi" if page.relative_to(site).parts[0] == "mi" else site  # a Māori page: the Māori version
            if not any((base / h.lstrip("/")).resolve() == (home / folder).resolve() for h in hrefs):
                missing.append(f"{page.relative_to(site)}: {folder}")
    assert missing == []
