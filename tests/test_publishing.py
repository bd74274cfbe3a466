"""Publishing at a real address (docs/publishing.md): `build --base-url` makes every absolute URL
from the address given, every link is relative (404.html's from the address's path), and the site
works served under a sub-path, as a static host serves it."""

from __future__ import annotations

import functools
import gzip
import re
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from conftest import run_build
from pages import parse

BASE = "https://example.govt.nz/some/path/"
PREFIX = urlsplit(BASE).path
LOCAL = re.compile(rb"127\.0\.0\.1|localhost|0\.0\.0\.0|file://")


@pytest.fixture(scope="module")
def published(nz: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("published") / "site"
    built = run_build("build", "--data", nz[0], "--out", site, "--base-url", BASE.rstrip("/"))  # the slash is added
    assert built.returncode == 0, built.stderr
    return site


class SubPathHandler(SimpleHTTPRequestHandler):
    """The site under PREFIX only; anything else, or a missing file, is the site's 404.html with
    status 404, as GitHub Pages, Netlify and S3 + CloudFront serve it."""

    def log_message(self, *args: object) -> None:
        pass

    def send_head(self):  # type: ignore[no-untyped-def]
        path = urlsplit(self.path).path
        inside = path.startswith(PREFIX)
        target = Path(self.translate_path("/" + path[len(PREFIX) :] if inside else "/"))
        if inside and (target.is_file() or (target / "index.html").is_file()):
            self.path = "/" + path[len(PREFIX) :]
            return super().send_head()
        body = (Path(self.directory) / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body) if self.command == "GET" else None
        return None


@pytest.fixture(scope="module")
def host(published: Path) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(SubPathHandler, directory=str(published)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}{PREFIX}"
    server.shutdown()


def fetch(url: str) -> tuple[int, bytes, str]:
    try:
        with urllib.request.urlopen(url) as response:
            return response.status, response.read(), response.headers.get_content_type()
    except urllib.error.HTTPError as err:
        return err.code, err.read(), err.headers.get_content_type()


def test_no_file_names_a_local_address(published: Path) -> None:
    found = []
    for path in sorted(p for p in published.rglob("*") if p.is_file()):
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        if LOCAL.search(data):
            found.append(str(path.relative_to(published)))
    assert found == []
    assert b"https://example.govt.nz/some/path/recommendations/" in (published / "sitemap.xml").read_bytes()


def links(page: bytes) -> list[str]:
    tags = parse(page).xpath("//a[@href] | //link[@href] | //script[@src] | //img[@src] | //form[@action]")
    return [t.get("href") or t.get("src") or t.get("action") for t in tags]


def test_every_link_works_under_the_sub_path(host: str, published: Path) -> None:
    """A crawl from the home page of every page and file it links, served under /some/path/:
    absolute links to the site's address are followed on the local host, and none fails."""
    seen, todo, broken = set(), [host], []
    while todo:
        url = todo.pop()
        if url in seen:
            continue
        seen.add(url)
        status, body, kind = fetch(url)
        if status != 200:
            broken.append(f"{url} ({status})")
            continue
        if kind != "text/html":
            continue
        for link in links(body):
            target = urldefrag(urljoin(url, link.replace(BASE, host)))[0]
            if target.startswith(host):
                todo.append(target)
            elif target.startswith(host.split(PREFIX)[0]):
                broken.append(f"{url} -> {link}: outside the sub-path")
    assert broken == []
    pages = sum(1 for _ in published.rglob("index.html")) - sum(1 for _ in published.glob("pagefind/**/index.html"))
    assert len([u for u in seen if u.endswith("/")]) >= pages - 1  # every page reached (the 404 page is linked from none)


def test_the_404_page_keeps_its_styling_at_any_depth(host: str) -> None:
    status, body, _ = fetch(host + "no/such/page/")
    assert status == 404
    here = host + "no/such/page/"
    missing = [
        link for link in links(body) if not link.startswith("#") and fetch(urljoin(here, link.replace(BASE, host)))[0] != 200
    ]
    assert missing == []
    assert any(link.endswith(".css") and link.startswith(PREFIX) for link in links(body))


def test_every_page_names_its_canonical_address(published: Path) -> None:
    wrong = []
    for page in sorted(published.rglob("index.html")):
        if "pagefind" in page.parts:
            continue
        folder = page.parent.relative_to(published).as_posix()
        expected = BASE + ("" if folder == "." else folder + "/")
        canonical = [c.get("href") for c in parse(page.read_bytes()).xpath('//link[@rel="canonical"]')]
        if canonical != [expected]:
            wrong.append(f"{folder}: {canonical}")
    assert wrong == []


def test_robots_names_the_sitemap_whose_dates_come_from_the_data(published: Path, nz: tuple[Path, Path]) -> None:
    import json

    robots = (published / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {BASE}sitemap.xml" in robots.splitlines()
    as_of = json.loads((nz[0] / "datapackage.json").read_text(encoding="utf-8"))
    sitemap = BeautifulSoup((published / "sitemap.xml").read_bytes(), "xml")
    dates = {d.get_text() for d in sitemap.select("url > lastmod")}
    assert len(sitemap.select("url")) == len(sitemap.select("url > lastmod")) > 400
    assert len(dates) == 1 and dates.pop() in json.dumps(as_of)


@pytest.mark.parametrize("given", ["example.govt.nz", "ftp://example.govt.nz/", "https://example.govt.nz/?a=1"])
def test_a_base_url_that_is_not_an_address_is_refused(nz: tuple[Path, Path], tmp_path: Path, given: str) -> None:
    built = run_build("build", "--data", nz[0], "--out", tmp_path / "site", "--base-url", given)
    assert built.returncode == 1
    assert "is not a site address" in built.stderr and "Traceback" not in built.stderr
    assert not (tmp_path / "site").exists()
