"""Out-of-sample measurement: the model is fitted without a whole held-out set (a UPR cycle of
OHCHR's own labels, or every treaty-body record) and judged on it with micro precision, recall
and F1 per label family, beside the baseline (the same TF-IDF and logistic regressions with the
usual 0.5 threshold and no weight for OHCHR's rows)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from ..model import Recommendation
from . import curated, learn

# name: (what is held out, the sets it is fitted on, the set it is judged on, families judged)
SPLITS = {
    "ohchr-cycle3": (
        "OHCHR matrix, UPR cycle 3 (A/HRC/43/15), held out",
        ("upr-info", "ohchr-cycle2", "uhri"),
        ("themes", "affected_groups", "sdg_goals"),
    ),
    "ohchr-cycle2": (
        "OHCHR matrix, UPR cycle 2 (A/HRC/28/15), held out",
        ("upr-info", "ohchr-cycle3", "uhri"),
        ("themes", "affected_groups"),
    ),
    "uhri-treaty-bodies": (
        "UHRI treaty-body records held out (fitted on UPR records only)",
        ("upr-info", "ohchr-cycle2", "ohchr-cycle3", "uhri"),
        ("sdg_goals",),
    ),
}


def decide(model: learn.Model, family: str, texts: list[str]) -> list[set[str]]:
    """The labels the site would give: those over the threshold; for themes at least the best one."""
    fam = model.families[family]
    scores = model.scores(family, model.vectors(texts))
    out = []
    for row in scores:
        chosen = {fam.labels[j] for j in range(len(fam.labels)) if row[j] >= fam.threshold}
        if not chosen and family == "themes":
            chosen = {fam.labels[int(row.argmax())]}
        out.append(chosen)
    return out


def micro(truth: list[list[str]], guess: list[set[str]]) -> dict:
    tp = sum(len(set(t) & g) for t, g in zip(truth, guess, strict=True))
    n_guess, n_true = sum(len(g) for g in guess), sum(len(t) for t in truth)
    p, r = tp / n_guess if n_guess else 0.0, tp / n_true if n_true else 0.0
    return {
        "precision": round(p, 3),
        "recall": round(r, 3),
        "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0,
        "n": len(truth),
    }


def baseline(model: learn.Model) -> learn.Model:
    return dataclasses.replace(model, families={k: dataclasses.replace(f, threshold=0.5) for k, f in model.families.items()})


def judge(model: learn.Model, test: list[Recommendation], families: tuple[str, ...]) -> dict:
    figures = {}
    for family in families:
        rows = [r for r in test if getattr(r, family)]
        figures[family] = micro([getattr(r, family) for r in rows], decide(model, family, [r.text for r in rows]))
    return figures


def run(sets: dict[str, list[Recommendation]], fit: Callable, unweighted: Callable | None = None) -> dict:
    """{split: {"held_out", "model": {family: figures}, "baseline": {...}}}."""
    out = {}
    for name, (held_out, train_on, families) in SPLITS.items():
        usable = dict(sets)
        if name == "uhri-treaty-bodies":
            usable["uhri"] = [r for r in sets["uhri"] if r.mechanism == "upr"]
            test = [r for r in sets["uhri"] if r.mechanism != "upr"]
        else:
            test = sets[name]
        model = fit(usable, train_on)
        base = baseline(unweighted(usable, train_on) if unweighted else model)
        out[name] = {"held_out": held_out, "model": judge(model, test, families), "baseline": judge(base, test, families)}
    return out


def table(figures: dict) -> str:
    lines = ["| held out | family | n | precision | recall | micro-F1 | baseline P / R / F1 |", "|---|---|---|---|---|---|---|"]
    for split in figures.values():
        for family, f in split["model"].items():
            b = split["baseline"][family]
            lines.append(
                f"| {split['held_out']} | {family} | {f['n']} | {f['precision']:.3f} | {f['recall']:.3f} | **{f['f1']:.3f}** | "
                f"{b['precision']:.3f} / {b['recall']:.3f} / {b['f1']:.3f} |"
            )
    return "\n".join(lines)


def rule_targets(recs: list[Recommendation], rules: list[curated.Rule]) -> dict:
    """The curated rules' SDG targets judged on records whose source gives targets (UHRI). The
    rules are written from the targets' own wording, never fitted to these records."""
    rows = [r for r in recs if r.sdg_targets]
    texts = [curated.matchable(r.text) for r in rows]
    chosen = [r for r in rules if "sdg_targets" in r.labels]
    guess = [{t for rule in chosen if rule.pattern.search(text) for t in rule.labels["sdg_targets"]} for text in texts]
    return micro([r.sdg_targets for r in rows], guess)
