"""Screenshots of the Māori pages a reviewer of the catalogue is pointed to (docs/te-reo.md), at
phone (360 px) and desktop (1280 px) widths, with each page's height.

    .venv/bin/python build.py build --out /tmp/site
    .venv/bin/python scripts/te_reo_screenshots.py /tmp/site
"""

from __future__ import annotations

import functools
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "te-reo" / "screenshots"
PAGES = {
    "mi-home": "mi/",
    "mi-agencies": "mi/agencies/",
    "mi-te-tiriti": "mi/te-tiriti/",
    "mi-asks": "mi/asks/",
    "mi-recommendation": "mi/recommendations/a-hrc-26-3-128-14/",
}
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"]


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def main(site: Path) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}/"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for width in (360, 1280):
            page = browser.new_page(viewport={"width": width, "height": 800})
            for name, path in PAGES.items():
                page.goto(base + path)
                height = page.evaluate("document.documentElement.scrollHeight")
                page.screenshot(path=str(OUT / f"{name}-{width}.png"), full_page=height <= 6000)
                print(f"{path} at {width} px: {height} px tall")
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main(Path(sys.argv[1]))
