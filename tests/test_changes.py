"""The "What changed" page (changes/) and the release manifests behind it (build.py release):
the fixture package as a first release, then a later package with a changed response, a new
progress update and a removed recommendation, each listed by id; a manifest holds no text."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from conftest import run_build
from releases import CHANGED, LATER, NEW_UPDATE

from recommendations_site.model import package


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def releases(released: Path) -> dict:
    """The fixture package built as a first release, recorded, then a later release built against
    it, and the first built again (tests/releases.py, made once per test run)."""
    removed = (released / "removed.txt").read_text(encoding="utf-8")
    return {"root": released, "data": released / "data", "manifests": released / "releases", "removed": removed}


def test_without_an_earlier_release_the_page_says_it_is_the_first(releases):
    page = soup(releases["root"] / "first" / "changes" / "index.html")
    article = page.select_one("article")
    assert "first recorded release" in article.get_text()
    assert [li.get_text() for li in article.select("ul")[0].select("li")] == [
        "219 recommendations",
        "5 actions",
        "8 progress updates",
        "1 recorded reason for a response",
    ]
    assert not article.select(".changes-section")
    data = json.loads((releases["root"] / "first" / "changes" / "changes.json").read_text(encoding="utf-8"))
    assert data["first_recorded_release"] and data["compared_with"] is None
    assert all(found == [] for found in data["changes"].values())


def test_rebuilding_a_recorded_release_compares_with_the_one_before_it(releases):
    """A manifest for the package's own as_of is this release: not what it is compared with."""
    assert (releases["manifests"] / "2026-11-23.json").is_file()
    page = soup(releases["root"] / "again" / "changes" / "index.html")
    assert "first recorded release" in page.select_one("article").get_text()


def test_a_later_release_lists_each_change_by_id(releases):
    root = releases["root"]
    page = soup(root / "later" / "changes" / "index.html")
    sections = {s.h2["id"]: s for s in page.select("section.changes-section")}
    assert set(sections) == {"response-changed", "progress-new", "recommendation-removed"}
    [changed] = sections["response-changed"].select("li")
    assert changed["id"] == f"response-changed-{CHANGED}"
    assert changed.a["href"] == f"../recommendations/{CHANGED}/"
    assert [s.get_text() for s in changed.select(".response")] == ["Noted", "Supported"]
    [update] = sections["progress-new"].select("li")
    assert update["id"] == f"progress-new-{NEW_UPDATE}"
    assert update.a["href"] == "../recommendations/a-hrc-26-3-128-55/#action-fixture-child-poverty"
    assert "Ministry of Social Development" in update.get_text()
    [removed] = sections["recommendation-removed"].select("li")
    assert removed.get_text(strip=True) == releases["removed"] and removed.a is None
    assert "23 November 2026" in page.select_one("article p").get_text()
    data = json.loads((root / "later" / "changes" / "changes.json").read_text(encoding="utf-8"))
    assert data["compared_with"] == "2026-11-23" and data["as_of"] == LATER
    assert data["changes"]["response-changed"] == [
        {"id": CHANGED, "from": "noted", "to": "supported", "url": f"http://127.0.0.1:8000/recommendations/{CHANGED}/"}
    ]
    assert [c["id"] for c in data["changes"]["progress-new"]] == [NEW_UPDATE]
    assert data["changes"]["recommendation-removed"] == [{"id": releases["removed"]}]
    assert sum(map(len, data["changes"].values())) == 3


def test_every_link_on_the_changes_page_resolves(releases):
    site = releases["root"] / "later"
    page = site / "changes" / "index.html"
    for link in soup(page).select("article a[href]"):
        parts = urlsplit(link["href"])
        if parts.scheme:
            continue
        target = (page.parent / parts.path).resolve() if parts.path else page
        target = target / "index.html" if target.is_dir() else target
        assert target.exists(), link["href"]
        if parts.fragment:
            assert soup(target).select_one(f'[id="{parts.fragment}"]'), link["href"]


def test_the_manifest_holds_ids_and_hashes_but_no_text(releases):
    path = releases["manifests"] / "2026-11-23.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    text = path.read_text(encoding="utf-8")
    recs, tables, _ = package.read_package(releases["data"])
    assert manifest["as_of"] == "2026-11-23" and manifest["countries"] == ["New Zealand"]
    assert list(manifest["tables"]["recommendations"]) == [r.id for r in recs]
    for entries in manifest["tables"].values():
        for entry in entries.values():
            assert set(entry) <= {"sha256", "text_sha256", "response", "status"}
            assert len(entry["sha256"]) == 64
    words = [r.text for r in recs] + [a["title"] for a in tables["actions"]] + [u["text"] for u in tables["progress_updates"]]
    words += [r["rationale"] for r in tables["response_rationales"]]
    assert not [w for w in words if w in text]
    assert not [r.text[:40] for r in recs if r.text[:40] in text]


def test_a_recorded_release_is_never_overwritten(releases):
    path = releases["manifests"] / "2026-11-23.json"
    before = path.read_bytes()
    again = run_build("release", "--data", releases["data"], "--releases", releases["manifests"])
    assert again.returncode == 1 and "never overwritten" in again.stderr
    assert path.read_bytes() == before


def test_the_footer_links_the_changes_page(releases):
    home = soup(releases["root"] / "first" / "index.html")
    assert home.select_one('footer a[href="changes/"]').get_text() == "What changed"
