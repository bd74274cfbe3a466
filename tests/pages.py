"""The built site's HTML pages for the tests that scan every page (links, titles, words, lang):
parsed with lxml, some twenty times faster than BeautifulSoup's html.parser over the ~1,050 pages,
and once per worker for a site (the shared builds are read-only). The trees are shared: a test
reads them and never changes them (no drop_tree, no set)."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from pathlib import Path

import lxml.html
from lxml.etree import _Comment, _Element, _ProcessingInstruction

_NOT_TAGS = (_Comment, _ProcessingInstruction)  # nodes whose text is not inside an element of their own

PARSER = lxml.html.HTMLParser(encoding="utf-8")


def parse(data: bytes | str) -> lxml.html.HtmlElement:
    """A page (or a fragment, put in a body) as its <html> element."""
    return lxml.html.document_fromstring(data.encode("utf-8") if isinstance(data, str) else data, parser=PARSER)


def html_pages(site: Path) -> list[Path]:
    """Every HTML page of a built site but Pagefind's own."""
    return sorted(p for p in site.rglob("*.html") if "pagefind" not in p.parts)


@functools.lru_cache(maxsize=2)  # the nz site, and another one a module scans (monitored, published)
def pages(site: Path) -> tuple[tuple[Path, lxml.html.HtmlElement], ...]:
    """(path, its parsed <html>) for every page of html_pages(site), read once per worker."""
    return tuple((page, parse(page.read_bytes())) for page in html_pages(site))


def has_class(element: _Element, name: str) -> bool:
    return name in (element.get("class") or "").split()


def text_of(element: _Element) -> str:
    """All the text inside element, as BeautifulSoup's get_text() gives it (comments left out)."""
    return "".join(element.itertext())  # lxml's itertext() leaves comments out too


def strings(element: _Element, skip: Callable[[_Element], bool] = lambda e: False) -> Iterator[tuple[str, _Element]]:
    """Every text node in element (a comment's text too, as BeautifulSoup's find_all(string=True)
    has them) with the element that holds it, in document order. An element for which skip() is
    true is left out with everything inside it; its tail (the text after it) is its parent's and stays."""
    if skip(element):
        return
    if element.text:
        yield element.text, (element.getparent() if isinstance(element, _NOT_TAGS) else element)
    for child in element:
        yield from strings(child, skip)
        if child.tail:
            yield child.tail, element


def ancestors(element: _Element) -> Iterator[_Element]:
    """element and every element around it, innermost first."""
    while element is not None:
        yield element
        element = element.getparent()


def lang_of(element: _Element) -> str | None:
    """The lang attribute of element or of the nearest element around it that has one."""
    return next((e.get("lang") for e in ancestors(element) if e.get("lang") is not None), None)


def elements(element: _Element, skip: Callable[[_Element], bool] = lambda e: False) -> Iterator[_Element]:
    """element and every element in it, in document order, but those for which skip() is true
    and everything inside them (comments are not elements here)."""
    if not isinstance(element.tag, str) or skip(element):
        return
    yield element
    for child in element:
        yield from elements(child, skip)
