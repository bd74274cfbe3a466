"""Calibrated confidence and the display threshold, per label family, from held-out sets only:
each OHCHR set in the training data (a whole state and cycle) is held out in turn, the model is
fitted without it, and its raw scores on that set, for every label of the family, are pooled with
whether OHCHR gives the label. An isotonic regression on the pooled scores turns a raw score into
the share of such labels OHCHR gives (the confidence); the display threshold is the lowest
confidence at which the pooled held-out precision of every label at or above it is >= PRECISION."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import numpy as np

from ..model import Recommendation
from . import learn

PRECISION = 0.85  # what the site shows must be right this often, measured out of sample (issue 26)
MIN_SHOWN = 20  # a threshold resting on fewer held-out labels than this is no measurement


def pooled(model: learn.Model, family: str, recs: list[Recommendation]) -> tuple[np.ndarray, np.ndarray]:
    """Raw scores and truths of every (labelled record, label) pair, flattened."""
    rows = [r for r in recs if getattr(r, family)]
    if not rows:
        return np.zeros(0), np.zeros(0, dtype=bool)
    scores = model.scores(family, model.vectors([r.text for r in rows]))
    labels = model.families[family].labels
    truth = np.array([[label in getattr(r, family) for label in labels] for r in rows])
    return scores.ravel(), truth.ravel()


def knots(raw: np.ndarray, truth: np.ndarray) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """Isotonic regression of truth on raw score, as interpolation knots (rounded: the same data
    gives the same bytes)."""
    from sklearn.isotonic import IsotonicRegression

    iso = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip", increasing=True).fit(raw, truth.astype(float))
    xs, ys = [round(float(x), 4) for x in iso.X_thresholds_], [round(float(y), 3) for y in iso.y_thresholds_]
    keep = [i for i in range(len(xs)) if i == 0 or xs[i] != xs[i - 1]]
    return tuple(xs[i] for i in keep), tuple(ys[i] for i in keep)


def display_threshold(confidence: np.ndarray, truth: np.ndarray, target: float = PRECISION) -> float:
    """The lowest confidence whose labels at or above it are right >= target of the time."""
    for t in sorted(set(np.round(confidence, 2).tolist())):
        chosen = confidence >= t
        if chosen.sum() >= MIN_SHOWN and truth[chosen].mean() >= target:
            return float(t)
    return 1.01


def attach(model: learn.Model, held: dict[str, tuple[np.ndarray, np.ndarray]]) -> learn.Model:
    """The model with each family's knots and display threshold from its pooled held-out pairs."""
    families = dict(model.families)
    for family, (raw, truth) in held.items():
        if truth.sum() == 0:
            continue
        k = knots(raw, truth)
        fam = dataclasses.replace(families[family], knots=k)
        families[family] = dataclasses.replace(fam, show=display_threshold(fam.confidence(raw), truth))
    return dataclasses.replace(model, families=families)


def calibrate(model: learn.Model, sets: dict[str, list[Recommendation]], names: tuple[str, ...], fit: Callable, held_out: tuple[str, ...]) -> learn.Model:
    """`model` (fitted on `names`) calibrated on each of `held_out` in `names` left out in turn."""
    raw: dict[str, list[np.ndarray]] = {f: [] for f in learn.FAMILIES}
    truth: dict[str, list[np.ndarray]] = {f: [] for f in learn.FAMILIES}
    for name in [n for n in held_out if n in names]:
        without = fit(sets, tuple(n for n in names if n != name))
        for family in learn.FAMILIES:
            r, t = pooled(without, family, sets[name])
            raw[family].append(r)
            truth[family].append(t)
    return attach(model, {f: (np.concatenate(raw[f]), np.concatenate(truth[f])) for f in learn.FAMILIES if raw[f]})
