"""What a visitor's browser downloads: Debian chromium driven by playwright (the tests' setup)
against a plain local http.server of the built site, which sends files as they are (no
compression): the bytes counted are the bytes that cross the network from such a host."""

from __future__ import annotations

import functools
import gzip
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urljoin, urlparse

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def served(site: Path) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


def kind(url: str) -> str:
    path = urlparse(url).path
    if "/pagefind/" in path:
        return (
            "search index"
            if re.search(r"\.pf_(meta|index|filter)$", path)
            else ("search results" if path.endswith(".pf_fragment") else "search code")
        )
    suffix = path.rsplit(".", 1)[-1] if "." in path.rsplit("/", 1)[-1] else "html"
    return {"css": "CSS", "js": "JS", "png": "images", "svg": "images", "ico": "images", "woff2": "fonts", "woff": "fonts"}.get(
        suffix, suffix.upper()
    )


def gzipped(body: bytes) -> int:
    """Bytes a host that compresses (gzip -6, as GitHub Pages, Netlify or nginx do) would send;
    files that are compressed already (Pagefind's index and WebAssembly, PNG) go as they are."""
    return min(len(body), len(gzip.compress(body, 6)))


def load(site: Path, path: str, wait_for: str | None = None) -> list[dict]:
    """Every response a fresh browser gets opening path (after wait_for is visible, at network idle)."""
    from playwright.sync_api import sync_playwright

    found: list[dict] = []
    with served(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            context = browser.new_context()
            page = context.new_page()
            responses: list = []
            page.on("response", lambda response: responses.append(response))
            page.goto(urljoin(base, path))
            if wait_for:
                page.locator(wait_for).first.wait_for(state="visible", timeout=60_000)
            page.wait_for_load_state("networkidle")
            icons = page.eval_on_selector_all("link[rel~=icon]", "els => els.map(e => e.href)")
            for response in responses:
                try:
                    body = response.body()
                except Exception:  # a redirect has no body
                    continue
                found.append(
                    {"url": response.url[len(base) - 1 :], "kind": kind(response.url), "bytes": len(body), "gzip": gzipped(body)}
                )
            seen = {f["url"] for f in found}
            for icon in icons:  # headless chromium does not fetch favicons; a visitor's browser does
                rel = icon[len(base) - 1 :]
                if rel not in seen and (site / rel.lstrip("/")).is_file():
                    body = (site / rel.lstrip("/")).read_bytes()
                    found.append({"url": rel, "kind": "images", "bytes": len(body), "gzip": gzipped(body)})
            context.close()
        finally:
            browser.close()
    return found


def summary(found: list[dict]) -> dict:
    kinds: dict[str, dict] = {}
    for f in found:
        k = kinds.setdefault(f["kind"], {"files": 0, "bytes": 0, "gzip": 0})
        k["files"] += 1
        k["bytes"] += f["bytes"]
        k["gzip"] += f["gzip"]
    return {
        "files": len(found),
        "bytes": sum(f["bytes"] for f in found),
        "gzip": sum(f["gzip"] for f in found),
        "kinds": dict(sorted(kinds.items())),
    }


def first_search(site: Path, query: str = "Maori") -> dict:
    return summary(load(site, f"search/?q={query}", ".search-result__link"))


def first_view(site: Path, path: str) -> dict:
    return summary(load(site, path))
