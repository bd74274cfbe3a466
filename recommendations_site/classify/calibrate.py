"""Calibrated confidence and the display threshold, per label family, from held-out sets only:
each OHCHR set in the training data (one state's UPR cycle) is held out in turn, the model is
fitted without it, and its raw scores on that set are pooled, label by label, with whether OHCHR
gives the label. A logistic regression on the logit of the raw score (Platt scaling), one per
label with at least MIN_POSITIVES held-out positives and one for the family otherwise, turns a
raw score into the share of such labels OHCHR gives (the confidence); the display threshold is the
lowest confidence at which the pooled held-out precision of every label at or above it is >=
PRECISION. Per label, because labels differ: a 0.5 for "education" is right far more often than
a 0.5 for "legal framework" (one family-wide curve showed 7 % of Costa Rica's themes at 0.85)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import numpy as np

from ..model import Recommendation
from . import learn

PRECISION = 0.85  # what the site shows must be right this often, measured out of sample (issue 26)
MIN_SHOWN = 20  # a threshold resting on fewer held-out labels than this is no measurement
MIN_POSITIVES = 10  # fewer held-out positives than this: the label takes the family's curve


def pooled(model: learn.Model, family: str, recs: list[Recommendation]) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Per label, the raw scores and truths of every labelled record."""
    rows = [r for r in recs if getattr(r, family)]
    if not rows:
        return {}
    scores = model.scores(family, model.vectors([r.text for r in rows]))
    labels = model.families[family].labels
    return {label: (scores[:, j], np.array([label in getattr(r, family) for r in rows])) for j, label in enumerate(labels)}


def platt(raw: np.ndarray, truth: np.ndarray) -> tuple[float, float]:
    from sklearn.linear_model import LogisticRegression

    fitted = LogisticRegression(C=1.0).fit(learn.logit(raw)[:, None], truth)
    return round(float(fitted.coef_[0][0]), 4), round(float(fitted.intercept_[0]), 4)


def display_threshold(confidence: np.ndarray, truth: np.ndarray, target: float = PRECISION) -> float:
    """The lowest confidence whose labels at or above it are right >= target of the time."""
    for t in sorted(set(np.round(confidence, 2).tolist())):
        chosen = confidence >= t
        if chosen.sum() >= MIN_SHOWN and truth[chosen].mean() >= target:
            return float(t)
    return 1.01


def attach(family: learn.Family, held: dict[str, tuple[np.ndarray, np.ndarray]]) -> learn.Family:
    """The family with each label's calibration and the display threshold from the held-out pairs."""
    raw = np.concatenate([r for r, _ in held.values()])
    truth = np.concatenate([t for _, t in held.values()])
    if truth.sum() < MIN_POSITIVES:
        return family
    overall = platt(raw, truth)
    fits = {label: platt(r, t) if MIN_POSITIVES <= t.sum() < len(t) else overall for label, (r, t) in held.items()}
    params = [fits.get(label, overall) for label in family.labels]
    fam = dataclasses.replace(family, slope=np.array([p[0] for p in params]), offset=np.array([p[1] for p in params]))
    confidence = np.concatenate([scaled(r, fits[label]) for label, (r, _) in held.items()])
    return dataclasses.replace(fam, show=display_threshold(confidence, truth))


def scaled(raw: np.ndarray, params: tuple[float, float]) -> np.ndarray:
    return 1 / (1 + np.exp(-(params[0] * learn.logit(raw) + params[1])))


def calibrate(
    model: learn.Model, sets: dict[str, list[Recommendation]], names: tuple[str, ...], fit: Callable, held_out: tuple[str, ...]
) -> learn.Model:
    """`model` (fitted on `names`) calibrated on each of `held_out` in `names` left out in turn."""
    held: dict[str, dict[str, tuple[list, list]]] = {f: {} for f in learn.FAMILIES}
    for name in [n for n in held_out if n in names]:
        without = fit(sets, tuple(n for n in names if n != name))
        for family in learn.FAMILIES:
            for label, (raw, truth) in pooled(without, family, sets[name]).items():
                held[family].setdefault(label, ([], []))
                held[family][label][0].append(raw)
                held[family][label][1].append(truth)
    families = dict(model.families)
    for family, by_label in held.items():
        if by_label:
            joined = {label: (np.concatenate(r), np.concatenate(t)) for label, (r, t) in by_label.items()}
            families[family] = attach(families[family], joined)
    return dataclasses.replace(model, families=families)
