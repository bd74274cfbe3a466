"""Retake docs/tracking/editor-*.png: the editor (preview/editor) served by uvicorn on loopback
over a copy of data/, driven by playwright with Debian chromium.

    .venv/bin/python scripts/editor_screenshots.py PACKAGE   # a canonical package (build.py import --into)
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

import uvicorn
from playwright.sync_api import sync_playwright
from starlette.applications import Starlette
from starlette.routing import Mount

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from recommendations_site.preview import editor  # noqa: E402

PORT = 8765
OUT = ROOT / "docs" / "tracking"


def main(package: Path) -> None:
    project = Path(tempfile.mkdtemp(prefix="editor-shots-"))
    shutil.copytree(ROOT / "data", project / "data")
    app = Starlette(routes=[Mount("/edit", routes=editor.routes(project, lambda path: None, canonical=package))])
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=PORT, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{PORT}/edit/agencies/msd/"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1280, "height": 1500})
        page.goto(base + "?q=poverty")
        page.screenshot(path=OUT / "editor-1280.png")
        page = browser.new_page(viewport={"width": 360, "height": 900})
        page.goto(base)
        form = page.locator("form[action$='/actions/']")
        form.locator("[name=id]").fill("msd-example")
        form.locator("[name=title]").fill("An example action")
        form.locator("[name=recommendations]").fill(page.locator("datalist option").first.get_attribute("value") or "")
        form.locator("[name=target_date]").fill("2027-02-30")
        form.locator("button").click()
        page.wait_for_load_state()
        page.screenshot(path=OUT / "editor-error-360.png")
        browser.close()
    server.should_exit = True
    shutil.rmtree(project)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
