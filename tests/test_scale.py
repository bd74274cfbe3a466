"""The scale work keeps results exact: the shortcuts taken for 41,000 recommendations give what the
plain computation gives (tests/test_bench.py runs the benchmark itself; no timing is asserted here)."""

from __future__ import annotations

import random

import pytest
import regex

from recommendations_site.classify import MODEL, learn
from recommendations_site.errors import Problem
from recommendations_site.overlaps import cosines, parallel
from recommendations_site.overlaps.askmodel import proposals, similarities
from recommendations_site.overlaps.similarity import vectorise
from recommendations_site.reading.patterns import compiled, needed

TEXTS = [
    "Ratify the Convention against Torture and its Optional Protocol (Chile);",
    "Consider ratifying the Optional Protocol to the Convention against Torture (Peru);",
    "Take further measures to reduce child poverty, in particular among Maori and Pacific children",
    "Intensify efforts to combat domestic violence and violence against women and girls",
    "Adopt a national action plan to reduce child poverty",
    "Strengthen measures against family violence, including violence against children",
    "Ensure access to education for children with disabilities",
]


@pytest.mark.parametrize(
    ("pattern", "needles"),
    [
        (r"(?<!\w)child poverty", ("child poverty",)),
        (r"(?<!\w)(child|youth|famil)", ("child", "youth", "famil")),
        (r"(?<!\w)(domestic|family|gender.based) violence", (" violence",)),
        (r"(?<!\w)ab+c", ("a",)),
        (r"x|abc", ("x", "abc")),
        (r"(?<!\w)(a|)cd", ("cd",)),
        (r"(.|.)+\d", ()),  # nothing plain: always searched (and stopped by the time bound if it backtracks)
        (r"(?i)abc", ()),  # flags of its own: case may differ
        (r"[[:alpha:]]x", ()),  # regex reads a POSIX class where re reads a set
    ],
)
def test_a_curated_pattern_names_only_text_every_match_holds(pattern: str, needles: tuple[str, ...]) -> None:
    assert needed(pattern) == needles


@pytest.mark.parametrize("pattern", [r"(?<!\w)(abuse|neglect|violence)", r"(?<!\w)povert", r"violence against (women|girls)"])
def test_skipping_texts_without_the_needles_finds_what_the_pattern_finds(pattern: str) -> None:
    curated = compiled(pattern, Problem("asks.yaml", 1, "match", ""))
    plain = regex.compile(pattern, regex.VERSION0)
    for text in (t.lower() for t in TEXTS):
        found, expected = curated.search(text), plain.search(text)
        assert (found and found.span()) == (expected and expected.span()), text


def test_pair_cosines_in_blocks_are_exactly_one_product_per_pair() -> None:
    matrix = vectorise(TEXTS).tocsr()
    rng = random.Random(3)
    pairs = [(rng.randrange(len(TEXTS)), rng.randrange(len(TEXTS))) for _ in range(60)]
    alone = [float(matrix[a].multiply(matrix[b]).sum()) for a, b in pairs]
    assert cosines(matrix, [a for a, _ in pairs], [b for _, b in pairs]) == alone


def test_similarities_in_blocks_are_exactly_each_row_alone() -> None:
    matrix = vectorise(TEXTS).tocsr()
    assert [list(row) for row in similarities(matrix)] == [list((matrix[i] @ matrix.T).toarray()[0]) for i in range(len(TEXTS))]


def test_states_on_every_core_give_what_one_process_gives() -> None:
    jobs = [[(f"r{n % 5}", text) for n, text in enumerate(TEXTS[k:] + TEXTS[:k])] for k in range(4)]
    assert parallel.mapped(proposals, jobs, len, least=0) == [proposals(job) for job in jobs]


def test_families_scored_together_are_each_family_scored_alone() -> None:
    model = learn.load(MODEL)
    together = model.predict_families(("themes", "affected_groups", "sdg_goals"), TEXTS)
    assert together == {family: model.predict(family, TEXTS) for family in together}
    dense = model.vectors(TEXTS).toarray()  # sparse vectors score as the dense ones do
    assert model.scores("themes", dense).round(12).tolist() == model.scores("themes", model.vectors(TEXTS)).round(12).tolist()


def test_resampled_new_zealand_keeps_each_real_report_at_its_size(tmp_path) -> None:
    """Copies beyond the real paragraphs are reports of their own: the published totals still hold."""
    import csv

    from bench import resample, run

    official, _ = resample.nz_upstream(*run.NZ_FILES, 500, tmp_path)
    with official.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    with run.NZ_FILES[0].open(encoding="utf-8", newline="") as handle:
        real = list(csv.DictReader(handle))
    held = {symbol: sum(r["document_symbol"] == symbol for r in rows) for symbol in {r["document_symbol"] for r in real}}
    assert len(rows) == 500 and held == {s: sum(r["document_symbol"] == s for r in real) for s in held}


def test_the_upr_info_export_grows_in_its_own_format(tmp_path) -> None:
    from bench import resample, run

    files = resample.upr_info_upstream(run.UPR_INFO, 20_000, tmp_path)
    assert [f.read_bytes() for f in files[:3]] == [f.read_bytes() for f in run.UPR_INFO]  # the real files unchanged
    later = files[3].read_text(encoding="utf-8").splitlines()
    assert later[0].startswith("To,") and len(later) - 1 == 20_000 - 15_384
