"""Precision and recall of the overlap suggestions against the labelled New Zealand pairs in
data/curation/overlap_evaluation.csv (how the set was made: docs/overlaps.md).

Run: python -m recommendations_site.overlaps.evaluate [--data DIR]   (prints a Markdown table)"""

from __future__ import annotations

import argparse
import csv
from dataclasses import dataclass
from pathlib import Path

from .. import paths
from ..model import Recommendation
from ..model.package import read_recommendations
from . import THRESHOLD, ordered, suggest

LABELS = paths.CURATION / "overlap_evaluation.csv"
THRESHOLDS = (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7)


@dataclass(frozen=True)
class Score:
    threshold: float
    true_positives: int
    suggested: int
    same: int

    @property
    def precision(self) -> float:
        return self.true_positives / self.suggested if self.suggested else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.same if self.same else 1.0


def labels(path: Path = LABELS) -> dict[tuple[str, str], str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return {ordered(r["id_a"], r["id_b"]): r["label"] for r in csv.DictReader(handle)}


def score(recs: list[Recommendation], labelled: dict[tuple[str, str], str], threshold: float) -> Score:
    """Counted over the labelled pairs only: a suggestion outside them is neither right nor wrong."""
    suggested = {key for key in suggest(recs, threshold) if key in labelled}
    same = {key for key, label in labelled.items() if label == "same"}
    return Score(threshold, len(suggested & same), len(suggested), len(same))


def table(recs: list[Recommendation], labelled: dict[tuple[str, str], str]) -> str:
    rows = ["| threshold | suggested (labelled) | correct | precision | recall |", "|---|---|---|---|---|"]
    for t in THRESHOLDS:
        s = score(recs, labelled, t)
        mark = " (chosen)" if t == THRESHOLD else ""
        rows.append(f"| {t:.2f}{mark} | {s.suggested} | {s.true_positives} | {s.precision:.2f} | {s.recall:.2f} |")
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=paths.BUILD / "canonical", help="canonical NZ package")
    args = parser.parse_args()
    labelled = labels()
    print(f"{len(labelled)} labelled pairs, {sum(v == 'same' for v in labelled.values())} of them 'same'\n")
    print(table(read_recommendations(args.data), labelled))


if __name__ == "__main__":
    main()
