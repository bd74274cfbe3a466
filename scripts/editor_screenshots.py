"""Retake docs/tracking/editor-*.png: the editor (preview/editor) served by uvicorn on loopback
over a copy of data/, driven by playwright with Debian chromium. Then walk the issue's target as
an official would (open the editor, choose MSD, find a recommendation by its words, add an action
for it, add a progress update on it), timing each step, and run axe-core (WCAG 2.2 AA) on the pages.

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
from playwright.sync_api import Browser, Page, sync_playwright
from starlette.applications import Starlette
from starlette.routing import Mount

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from recommendations_site.preview import editor  # noqa: E402
from recommendations_site.project import Project  # noqa: E402

PORT = 8765
OUT = ROOT / "docs" / "tracking"


def main(package: Path) -> None:
    work = Path(tempfile.mkdtemp(prefix="editor-shots-"))
    project = Project.default().copied(work / "data", work / "build", work / "site")  # the editor writes the copy
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
        walk(browser, base)
        browser.close()
    server.should_exit = True
    shutil.rmtree(work)  # the temporary copy this script made


AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def axe(page: Page) -> list[str]:
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;0")
    found = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG)
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])})" for v in found["violations"]]


def walk(browser: Browser, base: str) -> None:
    """The target: an action and a progress update for a recommendation, without opening a file."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    started = time.perf_counter()
    lap = lambda what: print(f"{time.perf_counter() - started:6.2f}s  {what}")  # noqa: E731
    page.goto(base.rsplit("agencies/", 1)[0])
    print("axe, agency list:", axe(page) or "no violations")
    page.get_by_role("link", name="Ministry of Social Development").click()
    lap("1. opened /edit/ and chose the Ministry of Social Development")
    print("axe, agency page:", axe(page) or "no violations")
    page.get_by_label("Find a recommendation by its words or id").fill("child poverty indicators")
    page.get_by_role("button", name="Search").click()
    lap("2. searched the recommendations for 'child poverty indicators'")
    form = page.locator("form[action$='/actions/']")
    form.locator("[name=id]").fill("msd-child-poverty-measures")
    form.locator("[name=title]").fill("Child poverty measures published each year")
    form.locator("input[type=checkbox][name=recommendations]").first.check()
    form.locator("[name=status]").select_option("in-progress")
    form.locator("[name=start_date]").fill("2026-07-01")
    form.locator("[name=target_date]").fill("2027-06-30")
    form.get_by_role("button").click()
    lap("3. filled in and saved the action (id, title, ticked recommendation, status, dates)")
    form = page.locator("form[action$='/progress/']")
    form.locator("[name=action]").select_option("msd-child-poverty-measures")
    form.locator("[name=date]").fill("2026-11-01")
    form.locator("[name=text]").fill("The first annual measures were published.")
    form.locator("[name=evidence]").fill("https://www.msd.govt.nz/")
    form.get_by_role("button").click()
    lap("4. filled in and saved the progress update (action, date, text, evidence)")
    print("saved:", page.locator("[role=status]").first.inner_text())
    page.goto(base + "actions/0/")
    page.locator("[name=target_date]").fill("2027-02-30")
    page.get_by_role("button", name="Save").click()
    print("axe, refused form:", axe(page) or "no violations")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
