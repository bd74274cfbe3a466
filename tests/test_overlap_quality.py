"""Quality of the overlap suggestions on the labelled New Zealand pairs (docs/overlaps.md)."""

from __future__ import annotations

from pathlib import Path

from recommendations_site import overlaps
from recommendations_site.model.package import read_recommendations
from recommendations_site.overlaps import evaluate


def test_quality_on_the_labelled_nz_pairs(nz: tuple[Path, Path]) -> None:
    result = evaluate.score(read_recommendations(nz[0]), evaluate.labels(), overlaps.THRESHOLD)
    assert result.precision >= 0.9, result  # the target, met
    # The target is recall >= 0.8; the method reaches 0.31 (docs/overlaps.md). This floor stops it
    # getting worse unnoticed while better methods are tried.
    assert result.recall >= 0.3, result
