"""Out-of-sample measurement: the model is fitted and calibrated without a whole held-out set (one
state's UPR cycle, with OHCHR's own labels) and judged on it with micro precision, recall and F1
per label family, for the labels the site shows and for every candidate the data keeps, beside the
baseline (the same TF-IDF and logistic regressions at the usual 0.5, no weight for OHCHR's rows)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from ..model import Recommendation
from ..project import Project
from . import curated, learn

# name: (what is held out, the sets it is fitted on, the families judged). Each model is fitted and
# calibrated (its display thresholds chosen) without the held-out set.
SPLITS = {
    "ohchr-cycle4-costa-rica": (
        "OHCHR matrix, Costa Rica, UPR cycle 4 (A/HRC/58/13), held out",
        ("upr-info", "ohchr-cycle2", "ohchr-cycle3", "uhri"),
        ("themes", "affected_groups", "sdg_goals"),
    ),
    "ohchr-cycle3": (
        "OHCHR matrix, Slovenia, UPR cycle 3 (A/HRC/43/15), held out",
        ("upr-info", "ohchr-cycle2", "ohchr-cycle4-costa-rica", "uhri"),
        ("themes", "affected_groups", "sdg_goals"),
    ),
}


def decide(model: learn.Model, family: str, texts: list[str], shown: bool = True) -> list[set[str]]:
    """The model's labels the site shows (confidence at or above the display threshold) or,
    shown=False, every candidate the data keeps (raw score at or above the floor)."""
    fam = model.families[family]
    scores = model.scores(family, model.vectors(texts))
    cut, values = (fam.show, fam.confidence(scores)) if shown else (fam.threshold, scores)
    return [{fam.labels[j] for j in range(len(fam.labels)) if row[j] >= cut} for row in values]


def ruled(rules: list[curated.Rule], family: str, texts: list[str]) -> list[set[str]]:
    """The curated text rules' labels of a family (a target's goal counts as a goal)."""
    out = []
    for text in map(curated.matchable, texts):
        hits = [rule.labels for rule in rules if rule.pattern.search(text)]
        labels = {label for h in hits for label in h.get(family, [])}
        if family == "sdg_goals":
            labels |= {t.split(".")[0] for h in hits for t in h.get("sdg_targets", [])}
        out.append(labels)
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
        "labels_shown": n_guess,
        "labels_true": n_true,
        "records_with_a_label": sum(bool(g) for g in guess),
    }


def baseline(model: learn.Model) -> learn.Model:
    """Judged at the usual 0.5 on the raw score, every candidate shown."""
    fams = {k: dataclasses.replace(f, threshold=0.5, show=0.5, slope=None, offset=None) for k, f in model.families.items()}
    return dataclasses.replace(model, families=fams)


def judge(
    model: learn.Model,
    test: list[Recommendation],
    families: tuple[str, ...],
    shown: bool = True,
    rules: list[curated.Rule] | None = None,
) -> dict:
    """Figures per family; with rules, of what the site shows: the curated rules' labels and the model's."""
    figures = {}
    for family in families:
        rows = [r for r in test if getattr(r, family)]
        texts = [r.text for r in rows]
        guess = decide(model, family, texts, shown)
        if rules is not None:
            guess = [g | h for g, h in zip(guess, ruled(rules, family, texts), strict=True)]
        figures[family] = micro([getattr(r, family) for r in rows], guess)
        figures[family]["show"] = model.families[family].show
    return figures


def run(sets: dict[str, list[Recommendation]], fit: Callable, unweighted: Callable | None = None) -> dict:
    """{split: {"held_out", "model": what the site shows (rules and the model's shown labels),
    "model_alone": the model's shown labels, "candidates": every kept label, "baseline"}}."""
    out, rules = {}, curated.load(Project.default()).rules
    for name, (held_out, train_on, families) in SPLITS.items():
        model = fit(sets, train_on)
        base = baseline(unweighted(sets, train_on) if unweighted else model)
        out[name] = {
            "held_out": held_out,
            "model": judge(model, sets[name], families, rules=rules),
            "model_alone": judge(model, sets[name], families),
            "candidates": judge(model, sets[name], families, shown=False),
            "baseline": judge(base, sets[name], families),
        }
    return out


def table(figures: dict) -> str:
    lines = [
        "| held out | family | n | shown from | precision | recall | F1 | records with a label shown | model alone P / R | candidates P / R | baseline P / R / F1 |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for split in figures.values():
        for family, f in split["model"].items():
            b, c, m = split["baseline"][family], split["candidates"][family], split["model_alone"][family]
            lines.append(
                f"| {split['held_out']} | {family} | {f['n']} | {f['show']:.2f} | **{f['precision']:.3f}** | **{f['recall']:.3f}** | "
                f"{f['f1']:.3f} | {f['records_with_a_label']} | {m['precision']:.3f} / {m['recall']:.3f} | {c['precision']:.3f} / {c['recall']:.3f} | "
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
