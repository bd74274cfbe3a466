"""`python -m recommendations_site.classify.train`: fit the classifier on every UN-labelled set
(classify/data.py), write it to classify/model.json.gz (committed: small, and the same data gives
the same bytes), and measure it out of sample (classify/evaluate.py) into classify/metrics.json.
Takes a few minutes; the build only loads the written model."""

from __future__ import annotations

import argparse
import collections
import json
import sys
from pathlib import Path

from ..model import Recommendation, curation
from ..project import Project
from . import calibrate, data, evaluate, learn

HERE = Path(__file__).resolve().parent
MODEL = HERE / "model.json.gz"
METRICS = HERE / "metrics.json"
# The candidate floor: a label scoring below it is not kept at all. Chosen (issue 13) on splits never
# reported; what is shown is decided by the calibrated confidence (calibrate.py).
THRESHOLDS = {"themes": 0.375, "affected_groups": 0.35, "sdg_goals": 0.6}
# SDG goals are learnt from about 1,000 rows; themes and groups from 14,000: their scores are features.
INPUTS = {"sdg_goals": ("themes", "affected_groups")}
# A label OHCHR's matrices give this many times as often as UPR Info's tags: learnt from OHCHR's rows only.
SHIFT = 3.0
OHCHR_WEIGHT = 5.0  # an OHCHR-labelled row counts as five UPR Info rows: its labels are the ones the site is measured against
# Which sets label which family: a set not named here gives no negatives either.
LABELLED_BY = {
    "themes": ("upr-info", *data.OHCHR),
    "affected_groups": ("upr-info", *data.OHCHR),
    "sdg_goals": ("uhri", "ohchr-cycle3", "ohchr-cycle4-costa-rica"),
}


def nameable() -> dict[str, frozenset[str]]:
    """Per family, the labels UPR Info's issue tags can give (theme_map.yaml, and the groups of
    the keyword rule every import applies): a UPR Info row is no negative for any other label,
    e.g. "violence-against-women" or "family-identity", which its vocabulary has no tag for."""
    rules = curation.load(Project.default())
    table = rules.theme_map["upr-info"].values()
    return {
        "themes": frozenset(t for entry in table for t in entry.get("themes", [])),
        "affected_groups": frozenset(
            [g for entry in table for g in entry.get("groups", [])] + [g for g, _ in rules.group_patterns]
        ),
    }


def shifted(recs: list[Recommendation], origin: list[str], family: str = "themes") -> frozenset[str]:
    """Labels OHCHR gives more than SHIFT times as often as UPR Info's tags map to them, among the
    training rows: the same name means something broader in OHCHR's vocabulary (e.g. "Equality &
    non-discrimination" on 44 % of the matrices' rows, UPR Info's tags on 3 %), so a UPR Info row
    is no evidence either way for it and the label is learnt from OHCHR's rows alone."""

    def share(rows: list[Recommendation]) -> collections.Counter:
        rows = [r for r in rows if getattr(r, family)]
        counts = collections.Counter(label for r in rows for label in getattr(r, family))
        return collections.Counter({label: n / len(rows) for label, n in counts.items()})

    upr = share([r for r, o in zip(recs, origin, strict=True) if o == "upr-info"])
    ohchr = share([r for r, o in zip(recs, origin, strict=True) if o in data.OHCHR])
    return frozenset(label for label, p in ohchr.items() if upr[label] and p > SHIFT * upr[label])


def without_shifted(labels: list, names: list, origin: list[str], broader: frozenset[str]) -> tuple[list, list]:
    """UPR Info's rows neither positives nor negatives for the shifted labels."""
    upr = [o == "upr-info" for o in origin]
    labels = [[x for x in lab if x not in broader] if lab is not None and u else lab for lab, u in zip(labels, upr, strict=True)]
    return labels, [n - broader if n is not None and u else n for n, u in zip(names, upr, strict=True)]


def training(
    sets: dict[str, list[Recommendation]], names: tuple[str, ...], shift: bool = True
) -> tuple[list[str], dict, list[float]]:
    """Texts, per-family labels and sample weights from the named sets (shift: the shifted labels
    learnt from OHCHR's rows alone)."""
    texts, weights, origin, recs = [], [], [], []
    for name in names:
        for rec in sets[name]:
            texts.append(rec.text)
            weights.append(1.0 if name == "upr-info" else OHCHR_WEIGHT)
            origin.append(name)
            recs.append(rec)
    targets, upr_info = {}, nameable()
    for family, labelled_by in LABELLED_BY.items():
        labels = [
            getattr(r, family) if o in labelled_by and (getattr(r, family) or family != "sdg_goals") else None
            for r, o in zip(recs, origin, strict=True)
        ]
        names = [upr_info.get(family) if o == "upr-info" else None for o in origin]
        if shift and family == "themes":
            labels, names = without_shifted(labels, names, origin, shifted(recs, origin))
        targets[family] = learn.Target(labels, THRESHOLDS[family], INPUTS.get(family, ()), names)
    return texts, targets, weights


def fit_raw(sets: dict[str, list[Recommendation]], names: tuple[str, ...]) -> learn.Model:
    texts, targets, weights = training(sets, names)
    return learn.compact(learn.fit(texts, targets, weights))


def fit(sets: dict[str, list[Recommendation]], names: tuple[str, ...]) -> learn.Model:
    """Fitted on `names`, calibrated on each OHCHR set among them held out in turn."""
    return calibrate.calibrate(fit_raw(sets, names), sets, names, fit_raw, data.OHCHR)


def plain(sets: dict[str, list[Recommendation]], names: tuple[str, ...]) -> learn.Model:
    """The baseline: every row weighs the same, every row of a labelling set is a negative, no
    class balance, no stacking (evaluate.baseline judges it at 0.5)."""
    texts, targets, _weights = training(sets, names, shift=False)
    bare = {family: learn.Target(t.labels_of, 0.5, balanced=False) for family, t in targets.items()}
    return learn.compact(learn.fit(texts, bare))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m recommendations_site.classify.train", description=__doc__)
    parser.add_argument("--data", type=Path, default=data.shared_data(Project.default()), help="the shared data folder (default ../shared/data)")
    parser.add_argument("--skip-evaluation", action="store_true", help="fit and write the model only")
    args = parser.parse_args(argv)
    sets = data.read(args.data)
    model = learn.compact(fit(sets, tuple(sets)))
    learn.save(model, MODEL)
    print(f"wrote {MODEL.name}: {MODEL.stat().st_size:,} bytes", file=sys.stderr)
    if not args.skip_evaluation:
        figures = evaluate.run(sets, fit, plain)
        METRICS.write_text(json.dumps(figures, indent=1, sort_keys=True) + "\n")
        print(evaluate.table(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
