"""Asks on the real NZ data: what a recommendation asks, the pairs sharing an ask, officials'
decisions about pairs and about asks (confirm, reject, merge, split, rename) surviving rebuilds,
and what the site shows (ask pages, the recurring asks, each recommendation's asks)."""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import NZ_FILES, run_build

from recommendations_site import overlaps
from recommendations_site.errors import InvalidPackage, SourceError
from recommendations_site.model.context import Context
from recommendations_site.model.package import read_recommendations
from recommendations_site.overlaps import similarity
from recommendations_site.project import Project

ICRMW_2009, ICRMW_2014 = "a-hrc-12-8-81-1", "a-hrc-26-3-128-17"
CPED_2009 = "a-hrc-12-8-81-11"  # asks to ratify the CPED, not the ICRMW


def write_decisions(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([["id_a", "id_b", "status", "note"], *rows])
    return path


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def links_of(data: Path) -> dict[str, set[str]]:
    """Ask id -> the recommendations linked to it (not rejected), from the package."""
    members: dict[str, set[str]] = defaultdict(set)
    with (data / "recommendation_asks.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["status"] != "rejected":
                members[row["ask_id"]].add(row["recommendation_id"])
    return members


# --- the machine's asks and pairs ---------------------------------------------------------------


def test_the_same_treaty_ask_in_two_cycles_is_one_ask(nz: tuple[Path, Path]) -> None:
    members = links_of(nz[0])
    assert {ICRMW_2009, ICRMW_2014, "a-hrc-26-3-128-20"} <= members["ratify-icmw"]
    assert CPED_2009 not in members["ratify-icmw"] and CPED_2009 in members["ratify-cped"]
    pairs = {(p.id_a, p.id_b): p for p in overlaps.find(read_recommendations(nz[0]), curation=Path("/nonexistent"))}
    assert pairs[(ICRMW_2009, ICRMW_2014)].status == "machine-suggested"
    assert pairs[(ICRMW_2009, ICRMW_2014)].method == overlaps.METHOD


def test_every_listed_pair_shares_an_ask_so_no_group_is_a_chain(nz: tuple[Path, Path]) -> None:
    members = links_of(nz[0])
    asks_of: dict[str, set[str]] = defaultdict(set)
    for ask, recs in members.items():
        for rec in recs:
            asks_of[rec].add(ask)
    with (nz[0] / "overlaps.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows
    for row in rows:
        assert asks_of[row["id_a"]] & asks_of[row["id_b"]] or row["status"] == "confirmed", row
    # a group is one ask: no ask holds recommendations asking to ratify two different treaties only
    instrument = {}
    with (nz[0] / "asks.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            instrument[row["id"]] = row["instrument"]
    for ask, recs in members.items():
        if instrument.get(ask):
            for rec in recs:
                assert any(instrument.get(a) == instrument[ask] for a in asks_of[rec])


def test_officials_pair_decisions_are_respected(nz: tuple[Path, Path], tmp_path: Path) -> None:
    recs = read_recommendations(nz[0])
    unrelated = ("a-hrc-12-8-81-30", "a-hrc-26-3-128-90")
    decisions = write_decisions(
        tmp_path / "decisions.csv", [[ICRMW_2014, ICRMW_2009, "rejected", "fixture"], [*unrelated, "confirmed", ""]]
    )
    pairs = {(p.id_a, p.id_b): p for p in overlaps.find(recs, curation=decisions)}
    assert pairs[(ICRMW_2009, ICRMW_2014)].status == "rejected"
    assert pairs[unrelated].status == "confirmed" and pairs[unrelated].method == "curated"


@pytest.mark.parametrize(
    ("row", "field"),
    [(["a", "b", "maybe", ""], "status"), (["a", "a", "rejected", ""], "id_b")],
)
def test_bad_decisions_are_refused_with_their_place(tmp_path: Path, row: list[str], field: str) -> None:
    with pytest.raises(SourceError, match=f"decisions.csv:2:{field}:"):
        overlaps.read_curation(write_decisions(tmp_path / "decisions.csv", [row]))


def test_chunked_comparison_finds_the_same_pairs(nz: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [r.text for r in read_recommendations(nz[0])]
    whole = sorted(similarity.similar_pairs(texts, 0.3))
    monkeypatch.setattr(similarity, "CHUNK_CELLS", len(texts) * 7)  # seven rows per block
    assert sorted(similarity.similar_pairs(texts, 0.3)) == whole


def test_overlaps_command_writes_the_pairs(nz: tuple[Path, Path], tmp_path: Path) -> None:
    result = run_build("overlaps", "--data", nz[0], "--out", tmp_path / "pairs.csv")
    assert result.returncode == 0, result.stderr
    with (tmp_path / "pairs.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["id_a", "id_b", "score", "status"]
    assert {"id_a": ICRMW_2009, "id_b": ICRMW_2014} in [{k: r[k] for k in ("id_a", "id_b")} for r in rows]


# --- officials' decisions about asks ------------------------------------------------------------


@pytest.fixture
def decided(curated_project: Project):
    """Write data/curation/ask_decisions.yaml (in a copy of data/) and return the asks found."""

    def run(data: Path, text: str) -> tuple[dict[str, dict], dict[tuple[str, str], dict]]:
        curated_project.file("curation/ask_decisions.yaml").write_text(text or "links: []\n", encoding="utf-8")
        context = Context(curated_project)
        found = overlaps.analyse(read_recommendations(data), curation=Path("/nonexistent"), context=context)
        links = {(r["recommendation_id"], r["ask_id"]): r for r in found.links}
        return {a["id"]: a for a in found.asks}, links

    return run


def test_a_confirmed_ask_is_shown_as_confirmed_and_added_when_missed(nz, decided) -> None:
    missed = "a-hrc-12-8-81-30"
    _asks, links = decided(
        nz[0],
        f"links:\n  - {{recommendation: {ICRMW_2009}, ask: ratify-icmw, status: confirmed}}\n"
        f"  - {{recommendation: {missed}, ask: reduce-child-poverty, status: confirmed, note: test}}\n",
    )
    assert links[(ICRMW_2009, "ratify-icmw")]["status"] == "confirmed"
    assert links[(ICRMW_2009, "ratify-icmw")]["method"] == "instrument-name"
    assert links[(missed, "reduce-child-poverty")] | {"score": None} == {
        "recommendation_id": missed,
        "ask_id": "reduce-child-poverty",
        "method": "curated",
        "status": "confirmed",
        "score": None,
    }


def test_a_rejected_link_never_returns(nz, decided, curated_project) -> None:
    text = f"links:\n  - {{recommendation: {ICRMW_2014}, ask: ratify-icmw, status: rejected}}\n"
    for _ in range(2):  # every rebuild
        _, links = decided(nz[0], text)
        assert links[(ICRMW_2014, "ratify-icmw")]["status"] == "rejected"
        pairs = {
            (p.id_a, p.id_b)
            for p in overlaps.find(read_recommendations(nz[0]), Path("/nonexistent"), Context(curated_project))
            if p.status != "rejected"
        }
        assert (ICRMW_2009, ICRMW_2014) not in pairs
    # merged into another ask, the rejection follows it
    _, links = decided(nz[0], text + "merges:\n  - {ask: ratify-icmw, into: ratify-cped}\n")
    assert links[(ICRMW_2014, "ratify-cped")]["status"] == "rejected"


def test_a_merge_moves_every_recommendation_and_removes_the_ask(nz, decided) -> None:
    _before, links_before = decided(nz[0], "")
    support = {r for r, a in links_before if a == "support-undrip"}
    asks, links = decided(nz[0], "merges:\n  - {ask: support-undrip, into: implement-undrip}\n")
    assert "support-undrip" not in asks and not any(a == "support-undrip" for _, a in links)
    assert support <= {r for r, a in links if a == "implement-undrip"}


def test_a_split_makes_a_new_ask_of_the_named_recommendations(nz, decided) -> None:
    _, links_before = decided(nz[0], "")
    violence = sorted(r for r, a in links_before if a == "combat-violence-against-women")
    moved = violence[:2]
    asks, links = decided(
        nz[0],
        f"splits:\n  - {{ask: combat-violence-against-women, into: family-violence-data, title: Record family violence, "
        f"recommendations: [{', '.join(moved)}]}}\n",
    )
    assert asks["family-violence-data"]["title"] == "Record family violence"
    assert sorted(r for r, a in links if a == "family-violence-data") == moved
    assert sorted(r for r, a in links if a == "combat-violence-against-women") == violence[2:]


def test_a_rename_changes_the_title_only(nz, decided) -> None:
    asks, links = decided(nz[0], "renames:\n  - {ask: ratify-icmw, title: Join the Migrant Workers Convention}\n")
    assert asks["ratify-icmw"]["title"] == "Join the Migrant Workers Convention"
    assert (ICRMW_2009, "ratify-icmw") in links


@pytest.mark.parametrize(
    ("text", "line", "field", "words"),
    [
        ("merges:\n  - {ask: no-such-ask, into: ratify-icmw}\n", 2, "ask", "no ask 'no-such-ask'"),
        ("renames:\n  - {ask: ratify-icmw, title: A}\n  - {ask: ratify-icmw, title: B}\n", 3, "ask", "decided twice"),
        ("splits:\n  - {ask: ratify-icmw, into: ratify-cped, title: X, recommendations: [a-1]}\n", 2, "into", "exists already"),
    ],
    ids=["merge of a missing ask", "renamed twice", "split into an existing ask"],
)
def test_impossible_ask_decisions_are_located(nz, decided, text, line, field, words) -> None:
    with pytest.raises(InvalidPackage) as caught:
        decided(nz[0], text)
    problem = caught.value.problems[0]
    assert (Path(problem.file).name, problem.row, problem.field) == ("ask_decisions.yaml", line, field)
    assert words in problem.message


# --- what the site shows ------------------------------------------------------------------------


def test_an_ask_page_shows_the_action_timeline_states_and_members_in_paragraph_order(nz: tuple[Path, Path]) -> None:
    page = soup(nz[1] / "asks" / "support-undrip" / "index.html")
    assert page.h1.get_text() == "Support the Declaration on the Rights of Indigenous Peoples"
    assert [li.strong.get_text() for li in page.select(".ask-timeline li")] == ["2009"]
    assert page.select_one("#states + p").get_text().strip()
    members = [li.a["href"].split("/")[-2] for li in page.select("#recommendations + ol > li")]
    assert members.index("a-hrc-12-8-81-9") < members.index("a-hrc-12-8-81-10")  # 81.9 before 81.10
    for li in page.select("#recommendations + ol > li"):
        assert li.select_one(".response") and li.select_one(".rec-list__text").get_text().strip()
        assert li.select_one(".overlap").get_text().startswith(("Machine-suggested", "Confirmed by officials"))
    icmw = soup(nz[1] / "asks" / "ratify-icmw" / "index.html")
    assert [li.strong.get_text() for li in icmw.select(".ask-timeline li")] == ["2009", "2014"]
    icmw_members = [li.a["href"].split("/")[-2] for li in icmw.select("#recommendations + ol > li")]
    assert ICRMW_2009 in icmw_members and CPED_2009 not in icmw_members  # never chained to another treaty


def test_the_recurring_page_lists_asks_of_more_than_one_review_most_asked_first(nz: tuple[Path, Path]) -> None:
    page = soup(nz[1] / "recurring" / "index.html")
    rows = page.select("table.recurring tbody tr")
    assert rows
    times = [int(r.select("td")[0].get_text()) for r in rows]
    assert times == sorted(times, reverse=True) and min(times) >= 2
    assert all(r.select("td")[1].get_text() == "2009 and 2014" for r in rows)
    hrefs = [r.th.a["href"] for r in rows]
    assert all(h.startswith("../asks/") for h in hrefs) and len(set(hrefs)) == len(hrefs)
    assert "../asks/ratify-icmw/" in hrefs


def test_a_recommendation_page_lists_its_asks_and_what_it_shares(nz: tuple[Path, Path]) -> None:
    page = soup(nz[1] / "recommendations" / ICRMW_2009 / "index.html")
    asks = page.select("#asks ~ ul.ask-list > li")
    assert [li.a["href"] for li in asks] == ["../../asks/ratify-icmw/"]
    assert "asked 10 times since 2009" in asks[0].get_text()
    also = {li.a["href"].split("/")[-2]: li for li in page.select(".also-list li")}
    assert ICRMW_2014 in also and CPED_2009 not in also
    shared = also[ICRMW_2014].select_one(".shared-ask")
    assert shared.a["href"] == "../../asks/ratify-icmw/" and "similarity" not in also[ICRMW_2014].get_text()


def test_a_rejected_link_is_not_on_the_site(tmp_path: Path, curated_project: Project) -> None:
    curated_project.file("curation/ask_decisions.yaml").write_text(
        f"links:\n  - {{recommendation: {ICRMW_2014}, ask: ratify-icmw, status: rejected, note: test}}\n", encoding="utf-8"
    )
    from recommendations_site import cli

    into = ["--into", str(tmp_path / "package")]
    assert cli.main(["import", "upr-info", *map(str, NZ_FILES), *into], project=curated_project) == 0
    assert cli.main(["build", "--data", str(tmp_path / "package"), "--out", str(tmp_path / "site")], project=curated_project) == 0
    icmw = soup(tmp_path / "site" / "asks" / "ratify-icmw" / "index.html")
    assert ICRMW_2014 not in {li.a["href"].split("/")[-2] for li in icmw.select("#recommendations + ol > li")}
    page = soup(tmp_path / "site" / "recommendations" / ICRMW_2014 / "index.html")
    assert "ratify-icmw" not in str(page.select_one("#asks").find_next("ul"))


def test_also_recommended_is_capped_and_never_hides_an_entry_no_ask_page_lists() -> None:
    from recommendations_site.render.overlaps import ALSO_SHOWN, capped

    def entry(n: int, asks: list[str]) -> dict:
        return {"id": f"r{n}", "shared": [{"id": a, "title": a, "times": len(a)} for a in asks]}

    also = [entry(n, ["ab"]) for n in range(ALSO_SHOWN)] + [entry(90, ["ab", "abc"]), entry(91, []), entry(92, ["ab"])]
    shown, more = capped(also)
    assert [m["id"] for m in shown] == [f"r{n}" for n in range(ALSO_SHOWN)] + ["r91"]  # r91 shares no ask: on no ask page
    assert more == {"count": 2, "asks": [{"id": "abc", "title": "abc", "times": 3}, {"id": "ab", "title": "ab", "times": 2}]}
    assert capped(also[:ALSO_SHOWN]) == (also[:ALSO_SHOWN], {"count": 0, "asks": []})


def test_a_page_lists_at_most_the_cap_and_links_the_asks_listing_every_other(nz: tuple[Path, Path]) -> None:
    """Every pair is on the page, listed or counted; each counted one is a member of a linked ask's page; both languages."""
    from recommendations_site.render.overlaps import ALSO_SHOWN

    others: dict[str, set[str]] = defaultdict(set)
    with (nz[0] / "overlaps.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["status"] != "rejected":
                others[row["id_a"]].add(row["id_b"])
                others[row["id_b"]].add(row["id_a"])
    capped_pages = [rec for rec, ids in others.items() if len(ids) > ALSO_SHOWN]
    assert len(capped_pages) > 10  # real NZ pages have up to 23 entries
    for rec in capped_pages[:5]:
        for prefix in (nz[1], nz[1] / "mi"):
            page = soup(prefix / "recommendations" / rec / "index.html")
            listed = {li.a["href"].split("/")[-2] for li in page.select(".also-list > li")}
            more = page.select_one(".also-list + p.also-more")
            count = int(more.get_text().split()[0])
            assert len(listed) == ALSO_SHOWN and count == len(others[rec]) - ALSO_SHOWN and listed < others[rec]
            here = prefix / "recommendations" / rec
            asks = [(here / a["href"]).resolve() / "index.html" for a in more.select("a")]
            assert asks and all(a.parent.parent == (prefix / "asks").resolve() for a in asks)  # its language's ask pages
            members = set().union(*({li.a["href"].split("/")[-2] for li in soup(a).select("#recommendations + ol > li")} for a in asks))
            assert others[rec] - listed <= members
    with (nz[1] / "data" / "package" / "overlaps.csv").open(encoding="utf-8-sig", newline="") as handle:
        downloaded = {frozenset((row["id_a"], row["id_b"])) for row in csv.DictReader(handle) if row["status"] != "rejected"}
    assert downloaded == {frozenset((a, b)) for a, ids in others.items() for b in ids}  # the download holds every pair
    few = next(rec for rec, ids in others.items() if len(ids) <= ALSO_SHOWN)
    page = soup(nz[1] / "recommendations" / few / "index.html")
    assert len(page.select(".also-list > li")) == len(others[few]) and not page.select(".also-more")
