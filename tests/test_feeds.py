"""Atom feeds (outputs/changes/feeds.py): the whole site's and one per UN body, agency and theme, from the
fixture package (tracking fixtures included). Valid Atom, dated by the data, stable ids, each
agency's feed only its own, and markup in the data kept as text."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from releases import NEW_UPDATE

from recommendations_site.model.package import natural_key
from recommendations_site.outputs.changes.feeds import LIMIT, published_entries

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def sites(released: Path) -> dict[str, Path]:
    """The fixture package built twice (the second time once its release is recorded: the feed
    must not change with that either), and a later release built against the first (tests/releases.py)."""
    return {"one": released / "first", "two": released / "again", "later": released / "later"}


def feed(site: Path, path: str) -> ET.Element:
    root = ET.parse(site / "feeds" / path).getroot()
    assert root.tag == f"{ATOM}feed"
    return root


def entries(root: ET.Element) -> list[dict]:
    found = []
    for entry in root.findall(f"{ATOM}entry"):
        found.append(
            {
                "id": entry.findtext(f"{ATOM}id"),
                "title": entry.findtext(f"{ATOM}title"),
                "updated": entry.findtext(f"{ATOM}updated"),
                "content": entry.findtext(f"{ATOM}content"),
                "link": entry.find(f"{ATOM}link").get("href"),
            }
        )
    return found


def test_the_site_feed_is_atom_with_dated_entries(sites):
    root = feed(sites["one"], "all.atom")
    assert root.findtext(f"{ATOM}id").startswith("tag:") and root.findtext(f"{ATOM}title")
    assert root.find(f"{ATOM}author/{ATOM}name").text
    assert root.find(f"{ATOM}link[@rel='self']").get("href").endswith("feeds/all.atom")
    found = entries(root)
    assert len(found) == 100  # the newest 100: the first release publishes every recommendation on its as_of
    assert len({e["id"] for e in found}) == len(found) and all(e["id"].startswith("tag:") for e in found)
    assert all(e["title"] and e["content"] and e["link"].startswith("http://127.0.0.1:8000/") for e in found)
    days = [dt.datetime.fromisoformat(e["updated"]) for e in found]
    assert days == sorted(days, reverse=True), "newest first"
    assert dt.datetime.fromisoformat(root.findtext(f"{ATOM}updated")) == days[0]
    assert max(days).date() <= dt.date(2026, 11, 23), "dated by the data, never by the clock"


def test_entry_ids_are_stable(sites):
    one, two = (entries(feed(sites[s], "all.atom")) for s in ("one", "two"))
    assert one == two
    assert (sites["one"] / "feeds" / "all.atom").read_bytes() == (sites["two"] / "feeds" / "all.atom").read_bytes()
    later = {e["id"]: e for e in entries(feed(sites["later"], "all.atom"))}
    dated = {e["id"] for e in one if not e["id"].endswith("/published")}
    assert dated <= set(later), "a later release keeps every dated entry's id"
    assert any(i.endswith(f"progress/{NEW_UPDATE}") for i in later)


def test_the_first_release_publishes_each_recommendation(sites):
    found = [e for e in entries(feed(sites["one"], "all.atom")) if e["id"].endswith("/published")]
    assert len(found) == 100 and all(e["title"].startswith("Published: ") for e in found)
    assert {e["updated"] for e in found} == {"2026-11-23T00:00:00+00:00"}  # the release's as_of
    assert all("/recommendations/" in e["link"] and "Published in the release as at" in e["content"] for e in found)
    msd = entries(feed(sites["one"], "agencies/msd.atom"))
    assert [e for e in msd if e["id"].endswith("/published")]  # a hub's feed: its recommendations published
    later = entries(feed(sites["later"], "all.atom"))
    assert not [e for e in later if e["id"].endswith("/published")], "a later release lists its changes instead"


def test_a_later_release_dates_its_changes_by_its_as_of(sites):
    found = entries(feed(sites["later"], "all.atom"))
    changes = [e for e in found if ":changes/" in e["id"]]
    assert {e["title"].split(":")[0] for e in changes} == {"Response changed", "Recommendation no longer in the data"}
    assert {e["updated"] for e in changes} == {"2027-05-01T00:00:00+00:00"}
    assert not [e for e in changes if NEW_UPDATE in e["id"]], "a new progress update has its own dated entry"


def tracked(site: Path, path: str) -> list[dict]:
    """A feed's entries about actions and progress (not the first release's recommendations)."""
    return [e for e in entries(feed(site, path)) if not e["id"].endswith("/published")]


def test_an_agency_feed_holds_only_that_agencys_items(sites):
    msd = tracked(sites["one"], "agencies/msd.atom")
    assert msd and all("child poverty" in e["title"] for e in msd)
    moj = tracked(sites["one"], "agencies/moj.atom")
    assert not [e for e in moj if "child poverty" in e["title"]]
    mbie = tracked(sites["one"], "agencies/mbie.atom")  # supports the migrant workers review
    assert mbie and all("Migrant Workers" in e["title"] for e in mbie)


def test_markup_in_the_data_stays_text(sites):
    """(The later release: the first's feed is full of its recommendations, newest.)"""
    raw = (sites["later"] / "feeds" / "all.atom").read_text(encoding="utf-8")
    assert "<script" not in raw and "<b>" not in raw
    assert "&lt;script&gt;alert('action')&lt;/script&gt;" in raw and "&lt;b&gt;not bold&lt;/b&gt;" in raw
    contents = [e["content"] for e in entries(feed(sites["later"], "all.atom"))]
    assert any("<script>alert('action')</script> & friends." in c for c in contents)
    assert any("<b>not bold</b>" in c for c in contents)
    root = feed(sites["later"], "all.atom")
    assert all(not el.tag.endswith(("script", "b", "i")) for el in root.iter())
    assert {c.get("type") for c in root.iter(f"{ATOM}content")} == {"text"}


def test_hub_pages_link_their_feed(sites):
    for hub in ("bodies/upr", "agencies/moj", "themes/migrants-refugees"):
        page = BeautifulSoup((sites["one"] / hub / "index.html").read_text(encoding="utf-8"), "html.parser")
        alternate = page.select_one('head link[rel="alternate"][type="application/atom+xml"]')
        assert alternate is not None, hub
        target = (sites["one"] / hub / alternate["href"]).resolve()
        assert target.is_file() and target.suffix == ".atom"
        visible = page.select_one('article a[type="application/atom+xml"]')
        assert visible.get_text() == "Follow this page (Atom feed)" and visible["href"] == alternate["href"]
    review = BeautifulSoup((sites["one"] / "reviews" / "a-hrc-26-3" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert review.select_one('link[type="application/atom+xml"]') is None  # reviews have no feed of their own


def test_entries_are_newest_first_then_in_paragraph_order(sites):
    """feedparser-like: by day, newest first; within a day in natural order, so paragraph 81.9 comes
    before 81.10 and 128.9 before 128.10 (as text, "128-10" sorted before "128-9")."""
    for site in ("one", "later"):
        found = entries(feed(sites[site], "all.atom"))
        days = [e["updated"] for e in found]
        assert days == sorted(days, reverse=True), site
        for day in set(days):
            ids = [e["id"].split(":", 2)[2] for e in found if e["updated"] == day]
            assert ids == sorted(ids, key=natural_key), (site, day)
    ids = [e["id"] for e in entries(feed(sites["one"], "all.atom"))]
    nine, ten = (next(i for i, e in enumerate(ids) if e.endswith(f"a-hrc-12-8-81-{n}/published")) for n in (9, 10))
    assert nine < ten


def test_the_feeds_cap_is_stated_where_the_feeds_are_listed(sites):
    page = BeautifulSoup((sites["one"] / "changes" / "index.html").read_text(encoding="utf-8"), "html.parser")
    follow = page.select_one("#follow + ul").get_text(" ", strip=True)
    assert f"A feed holds its newest {LIMIT} entries" in follow
    assert page.select_one('#follow + ul a[href="../data/"]') is not None  # how to get everything
    subtitle = feed(sites["one"], "all.atom").findtext(f"{ATOM}subtitle")
    assert f"the newest {LIMIT} entries" in subtitle and subtitle.endswith("/data/).")


def test_a_recommendation_is_dated_by_the_release_that_first_published_it(tmp_path):
    """updated is each entry's own: the as_of of the earliest recorded release holding it, else this one's."""
    from recommendations_site.model import Recommendation, release

    def rec(n: int) -> Recommendation:
        return Recommendation(f"r{n}", "New Zealand", "upr", "UPR", 2014, "A/HRC/26/3", f"Text {n}", "supported", "s", f"s:{n}")

    for as_of, held in (("2026-01-01", [rec(1)]), ("2026-06-01", [rec(1), rec(2)]), ("2027-01-01", [rec(9)])):
        release.record(release.manifest(held, {}, {"as_of": as_of}), tmp_path)
    first = release.first_published(tmp_path, "2026-11-23", ["New Zealand"])
    assert first == {"r1": "2026-01-01", "r2": "2026-06-01"}  # a release after as_of is not counted
    found = published_entries([rec(1), rec(2), rec(3)], {}, [], dt.date(2026, 11, 23), first)
    assert [(e.key, e.day.isoformat()) for e in found] == [
        ("recommendations/r1/published", "2026-01-01"),
        ("recommendations/r2/published", "2026-06-01"),
        ("recommendations/r3/published", "2026-11-23"),
    ]
    assert "Published in the release as at 1 January 2026." in found[0].text
