"""Precision and recall of the overlap suggestions against the labelled New Zealand pairs in
data/curation/overlap_evaluation.csv (how the set was made: docs/overlaps.md).

Run: python -m recommendations_site.overlaps.evaluate [--data DIR]   (prints Markdown tables: the
scores at each threshold, and a grouped cross-validation of the choice of threshold)"""

from __future__ import annotations

import argparse
import csv
import random
import statistics
from dataclasses import dataclass
from pathlib import Path

from .. import paths
from ..model import Recommendation
from ..model.package import read_recommendations
from . import THRESHOLD, ordered, suggest

LABELS = paths.CURATION / "overlap_evaluation.csv"
THRESHOLDS = (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7)
CV_THRESHOLDS = tuple(round(0.3 + 0.025 * k, 3) for k in range(13))  # 0.30 to 0.60
TARGET_PRECISION = 0.9


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


def topics(labelled: dict[tuple[str, str], str]) -> dict[tuple[str, str], str]:
    """Each labelled pair's fold group: the recommendations linked by 'same' pairs form one group
    (a pair's group is its first id's), so the many pairs about one ask never straddle folds."""
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            x = parent[x]
        return x

    for (a, b), label in sorted(labelled.items()):
        if label == "same":
            ra, rb = root(a), root(b)
            parent[max(ra, rb)] = min(ra, rb)
    return {key: root(key[0]) for key in labelled}


def cross_validate(recs: list[Recommendation], labelled: dict[tuple[str, str], str], folds: int = 5, repeats: int = 5) -> str:
    """Grouped k-fold cross-validation of the one fitted choice, the threshold: on each training
    part, the threshold with the best recall at precision >= 0.9; counted on the held-out part.
    Deterministic (seeded). Returns a Markdown table of the held-out precision and recall."""
    suggested = {t: set(suggest(recs, t)) & set(labelled) for t in CV_THRESHOLDS}
    same = {key for key, label in labelled.items() if label == "same"}
    group_of = topics(labelled)
    names = sorted(set(group_of.values()))
    rows = ["| repeat | thresholds chosen | held-out precision | held-out recall |", "|---|---|---|---|"]
    pooled = []
    for repeat in range(repeats):
        random.Random(repeat).shuffle(names)
        fold_of = {name: k % folds for k, name in enumerate(names)}
        chosen, tp, found = [], 0, 0
        for fold in range(folds):
            train = {key for key in labelled if fold_of[group_of[key]] != fold}
            test = set(labelled) - train

            def counts(t: float, part: set[tuple[str, str]]) -> tuple[int, int, int]:
                hits = suggested[t] & part
                return len(hits & same), len(hits), len(same & part)

            ok = [t for t in CV_THRESHOLDS if (c := counts(t, train))[0] >= TARGET_PRECISION * c[1]]
            best = max(ok or CV_THRESHOLDS[-1:], key=lambda t: (counts(t, train)[0], t))
            chosen.append(best)
            t_tp, t_found, _ = counts(best, test)
            tp, found = tp + t_tp, found + t_found
        precision, recall = tp / found if found else 1.0, tp / len(same)
        pooled.append((precision, recall))
        rows.append(f"| {repeat + 1} | {min(chosen):.3f}–{max(chosen):.3f} | {precision:.2f} | {recall:.2f} |")
    p, r = zip(*pooled, strict=True)
    rows.append(
        f"| mean ± sd | | {statistics.mean(p):.2f} ± {statistics.stdev(p):.2f} | {statistics.mean(r):.2f} ± {statistics.stdev(r):.2f} |"
    )
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=paths.BUILD / "canonical", help="canonical NZ package")
    args = parser.parse_args()
    labelled = labels()
    print(f"{len(labelled)} labelled pairs, {sum(v == 'same' for v in labelled.values())} of them 'same'\n")
    recs = read_recommendations(args.data)
    print(table(recs, labelled))
    print("\nGrouped 5-fold cross-validation of the threshold, repeated 5 times (held-out pairs pooled):\n")
    print(cross_validate(recs, labelled))


if __name__ == "__main__":
    main()
