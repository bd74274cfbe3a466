"""The overlaps' quality on the labelled New Zealand pairs (docs/overlaps.md): precision >= 0.9 and
recall >= 0.8, for the pairs `build.py overlaps` lists and for the pairs implied by shared asks."""

from __future__ import annotations

from pathlib import Path

import pytest

from recommendations_site.model.package import read_recommendations
from recommendations_site.overlaps import evaluate


@pytest.mark.parametrize("which", ["listed", "implied"])
def test_precision_and_recall_meet_the_targets(nz: tuple[Path, Path], which: str) -> None:
    recs = read_recommendations(nz[0])
    found = evaluate.listed(recs) if which == "listed" else evaluate.implied(recs)
    score = evaluate.score(found, evaluate.labels())
    assert score.precision >= 0.9, score
    assert score.recall >= 0.8, score


def test_the_evaluation_set_covers_every_paragraph_and_holds_no_text() -> None:
    labelled = evaluate.labels()
    ids = {i for key in labelled for i in key}
    assert len(ids) == 219
    assert set(labelled.values()) <= {"same", "related", "different"}
    header = evaluate.LABELS.read_text(encoding="utf-8").splitlines()[0]
    assert header == "id_a,id_b,label,reason"
