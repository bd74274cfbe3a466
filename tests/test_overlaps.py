"""Overlap suggestions on the real NZ data: quality against the labelled set, officials'
decisions respected (a rejected pair never comes back), and what the site shows."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import run_build

from recommendations_site import overlaps
from recommendations_site.errors import SourceError
from recommendations_site.model.package import read_recommendations
from recommendations_site.overlaps import similarity

ICRMW_2009, ICRMW_2014 = "a-hrc-12-8-81-1", "a-hrc-26-3-128-17"


def write_decisions(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([["id_a", "id_b", "status", "note"], *rows])
    return path


def test_the_same_ask_in_two_cycles_is_suggested(nz: tuple[Path, Path]) -> None:
    pairs = {(p.id_a, p.id_b): p for p in overlaps.find(read_recommendations(nz[0]), curation=Path("/nonexistent"))}
    assert pairs[(ICRMW_2009, ICRMW_2014)].status == "machine-suggested"
    assert pairs[(ICRMW_2009, ICRMW_2014)].score >= overlaps.THRESHOLD


def test_officials_decisions_are_respected(nz: tuple[Path, Path], tmp_path: Path) -> None:
    recs = read_recommendations(nz[0])
    unrelated = ("a-hrc-12-8-81-30", "a-hrc-26-3-128-90")
    decisions = write_decisions(
        tmp_path / "decisions.csv", [[ICRMW_2014, ICRMW_2009, "rejected", "fixture"], [*unrelated, "confirmed", ""]]
    )
    pairs = {(p.id_a, p.id_b): p for p in overlaps.find(recs, curation=decisions)}
    assert pairs[(ICRMW_2009, ICRMW_2014)].status == "rejected"
    assert pairs[unrelated].status == "confirmed" and pairs[unrelated].method == "curated"
    by_id = {r.id: r for r in recs}
    assert by_id[unrelated[0]].overlap_cluster == by_id[unrelated[1]].overlap_cluster != ""


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


def test_the_site_shows_overlaps_and_recurring_asks(nz: tuple[Path, Path]) -> None:
    site = nz[1]
    page = BeautifulSoup((site / "recommendations" / ICRMW_2009 / "index.html").read_text(encoding="utf-8"), "html.parser")
    also = page.select(".also-list li")
    assert any(f"/{ICRMW_2014}/" in li.a["href"] for li in also)
    labels = {li.a["href"].split("/")[-2]: li.select_one(".overlap").get_text() for li in also}
    # both ask to ratify the Migrant Workers Convention (ICRMW): found as the same request, however alike the words
    assert labels[ICRMW_2014] == labels["a-hrc-26-3-128-20"] == "Suggested: the same request about the same treaty"
    assert set(labels.values()) <= {"Suggested by text similarity", "Suggested: the same request about the same treaty"}
    recurring = BeautifulSoup((site / "recurring" / "index.html").read_text(encoding="utf-8"), "html.parser")
    headings = [h.get_text() for h in recurring.select(".rec-section h2")]
    assert headings and all(h.endswith("in 2009 and 2014") for h in headings)
    times = [int(h.split()[1]) for h in headings]
    assert times == sorted(times, reverse=True)
