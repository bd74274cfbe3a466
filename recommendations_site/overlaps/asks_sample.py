"""Issue 26's held-out pair sample: how tests/fixtures/ask_pair_test.csv was drawn (docs/overlaps.md).

Every pair of a state's recommendations falls in a stratum by the best TF-IDF cosine of their
requests (word uni- and bigrams, English stop words out; bands 0 >= 0.5, 1 >= 0.3, 2 >= 0.18,
3 >= 0.08, 4 below) and, in bands 3 and 4, by whether they share an upstream issue tag (UPR Info's,
not a theme the site's classifier gives). Pairs of the tuning sample (ask_pair_sample.csv) are left
out; a fixed number is drawn from each stratum (seed 26). Nothing here looks at the asks: the sample
was drawn and labelled before the method was changed.

Run: python -m recommendations_site.overlaps.asks_sample PACKAGE OUT.csv   (ids, strata; no labels)"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import random
from collections import defaultdict
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from . import ordered
from .requests import SPLIT
from .similarity import STATES, action_text

TAKE = {"band-0": 30, "band-1": 30, "band-2": 30, "band-3-tag": 30, "band-3-notag": 15, "band-4-tag": 60, "band-4-notag": 30}
TUNE = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "ask_pair_sample.csv"


def band(cosine: float) -> int:
    return 0 if cosine >= 0.5 else 1 if cosine >= 0.3 else 2 if cosine >= 0.18 else 3 if cosine >= 0.08 else 4


def parts_of(text: str) -> list[str]:
    """The requests as requests.py cut them when the sample was drawn (before "sign and ratify X" was
    kept whole), so the draw can be repeated exactly."""
    parts = [p.strip(" .,;") for segment in STATES.split(text) for p in SPLIT.split(segment)]
    return [p for p in parts if p] or [text.strip()]


def best_cosines(recs: list[dict]) -> np.ndarray:
    """Recommendation x recommendation: the best cosine of any request of one with any of the other."""
    parts = [(n, p) for n, r in enumerate(recs) for p in parts_of(action_text(r["text"]))]
    vectoriser = TfidfVectorizer(ngram_range=(1, 2), stop_words="english", sublinear_tf=True)
    matrix = vectoriser.fit_transform([p for _, p in parts])
    cosines = (matrix @ matrix.T).toarray()
    owner = np.array([n for n, _ in parts])
    best = np.zeros((len(recs), len(recs)))
    for a, b in zip(*np.nonzero(cosines), strict=True):
        best[owner[a], owner[b]] = max(best[owner[a], owner[b]], cosines[a, b])
    return best


def strata(recs: list[dict]) -> dict[str, list[tuple[str, str]]]:
    best = best_cosines(recs)
    tags = [set(r["source_tags"]) for r in recs]
    found: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for i, j in itertools.combinations(range(len(recs)), 2):
        b = band(best[i, j])
        name = f"band-{b}" + (("-tag" if tags[i] & tags[j] else "-notag") if b >= 3 else "")
        found[name].append(ordered(recs[i]["id"], recs[j]["id"]))
    return found


def draw(recs: list[dict], tune: set[tuple[str, str]]) -> list[tuple[str, str, str, int, int]]:
    """(id_a, id_b, stratum, pairs in the stratum outside the tuning sample, pairs drawn)."""
    rng = random.Random(26)
    rows = []
    for name, pairs in sorted(strata(recs).items()):
        pool = sorted(k for k in pairs if k not in tune)
        taken = min(TAKE[name], len(pool))
        rows += [(*k, name, len(pool), taken) for k in sorted(rng.sample(pool, taken))]
    return sorted(rows, key=lambda r: (r[2], r[0], r[1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("package", type=Path)
    parser.add_argument("out", type=Path)
    args = parser.parse_args()
    recs = json.loads((args.package / "recommendations.json").read_text(encoding="utf-8"))
    with TUNE.open(encoding="utf-8", newline="") as handle:
        tune = {ordered(r["id_a"], r["id_b"]) for r in csv.DictReader(handle)}
    with args.out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["id_a", "id_b", "stratum", "stratum_pairs", "sampled"])
        writer.writerows(draw(recs, tune))


if __name__ == "__main__":
    main()
