"""`python -m recommendations_site.classify.train`: fit the classifier on every UN-labelled set
(classify/data.py), write it to classify/model.json.gz (committed: small, and the same data gives
the same bytes), and measure it out of sample (classify/evaluate.py) into classify/metrics.json.
Takes a few minutes; the build only loads the written model."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..model import Recommendation
from . import data, evaluate, learn

HERE = Path(__file__).resolve().parent
MODEL = HERE / "model.json.gz"
METRICS = HERE / "metrics.json"
THRESHOLDS = {"themes": 0.15, "affected_groups": 0.3, "sdg_goals": 0.2}  # chosen on the cycle-2 split, never on cycle 3
OHCHR_WEIGHT = 5.0  # an OHCHR-labelled row counts as five UPR Info rows: its labels are the ones the site is measured against
# Which sets label which family: a set not named here gives no negatives either.
LABELLED_BY = {
    "themes": ("upr-info", "ohchr-cycle2", "ohchr-cycle3"),
    "affected_groups": ("upr-info", "ohchr-cycle2", "ohchr-cycle3"),
    "sdg_goals": ("uhri", "ohchr-cycle3"),
}


def training(sets: dict[str, list[Recommendation]], names: tuple[str, ...]) -> tuple[list[str], dict, list[float]]:
    """Texts, per-family labels and sample weights from the named sets."""
    texts, weights, origin, recs = [], [], [], []
    for name in names:
        for rec in sets[name]:
            texts.append(rec.text)
            weights.append(1.0 if name == "upr-info" else OHCHR_WEIGHT)
            origin.append(name)
            recs.append(rec)
    targets = {}
    for family, labelled_by in LABELLED_BY.items():
        labels = [
            getattr(r, family) if o in labelled_by and (getattr(r, family) or family != "sdg_goals") else None
            for r, o in zip(recs, origin, strict=True)
        ]
        targets[family] = (labels, THRESHOLDS[family])
    return texts, targets, weights


def fit(sets: dict[str, list[Recommendation]], names: tuple[str, ...]) -> learn.Model:
    texts, targets, weights = training(sets, names)
    return learn.compact(learn.fit(texts, targets, weights))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m recommendations_site.classify.train", description=__doc__)
    parser.add_argument("--data", type=Path, default=data.DATA, help="the shared data folder (default ../shared/data)")
    parser.add_argument("--skip-evaluation", action="store_true", help="fit and write the model only")
    args = parser.parse_args(argv)
    sets = data.read(args.data)
    model = fit(sets, tuple(data.SETS))
    learn.save(model, MODEL)
    print(f"wrote {MODEL.name}: {MODEL.stat().st_size:,} bytes", file=sys.stderr)
    if not args.skip_evaluation:
        figures = evaluate.run(sets, fit)
        METRICS.write_text(json.dumps(figures, indent=1, sort_keys=True) + "\n")
        print(evaluate.table(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
