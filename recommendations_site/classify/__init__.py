"""Themes, affected groups, SDG goals and lead agencies for every recommendation, from its own text.

Order of precedence, per label: an official's correction (data/curation/classification.yaml)
over the source's own label over a curated text rule over the model (classify/model.json.gz,
fitted by `python -m recommendations_site.classify.train`). Every label not from the source is
recorded in the record's `label_basis` as `family:label=method` (rule, model or curated), so the
data and the page say which labels are suggested. Lead agencies: the portfolios of
data/curation/agency_portfolios.yaml, each with its reason; the body's default stays as the
coordinating agency; an agency's own decision in its tracking file (`leads`: confirmed or
declined) wins over every suggestion and assignment (docs/classification.md)."""

from __future__ import annotations

from pathlib import Path

from ..model import Recommendation
from ..model.context import Context
from ..model.recommendation import ASSIGNED, CONFIRMED
from . import curated, learn

MODEL = Path(__file__).resolve().parent / "model.json.gz"
FAMILIES = ("themes", "affected_groups", "sdg_goals")


def model(context: Context) -> learn.Model:
    return context.memo("classify.model", lambda: learn.load(MODEL))


def add(rec: Recommendation, family: str, label: str, method: str) -> None:
    values = getattr(rec, family)
    if label not in values:
        values.append(label)
        rec.label_basis.append(f"{family}:{label}={method}")


def drop(rec: Recommendation, family: str, label: str) -> None:
    if label in getattr(rec, family):
        getattr(rec, family).remove(label)
    rec.label_basis = [b for b in rec.label_basis if not b.startswith(f"{family}:{label}=")]


def suggest(recs: list[Recommendation], rules: list[curated.Rule], fitted: learn.Model) -> None:
    """Rule labels, then the model's, added to what the source gave."""
    texts = [curated.matchable(r.text) for r in recs]
    predicted = {family: fitted.predict(family, [r.text for r in recs]) for family in FAMILIES}
    for n, rec in enumerate(recs):
        for rule in rules:
            if rule.pattern.search(texts[n]):
                for family, labels in rule.labels.items():
                    for label in labels:
                        if family == "sdg_targets" and label.split(".")[0] not in rec.sdg_goals:
                            add(rec, "sdg_goals", label.split(".")[0], "rule")
                        add(rec, family, label, "rule")
        for family in FAMILIES:
            for label, _score in predicted[family][n]:
                if not (family == "themes" and label == "general" and rec.themes):
                    add(rec, family, label, "model")
        if not rec.themes and predicted["themes"][n] == []:
            best = fitted.predict_best("themes", rec.text)
            add(rec, "themes", best, "model")


def correct(rec: Recommendation, change: dict) -> None:
    for family in FAMILIES:
        for label in change.get(family, {}).get("remove", []):
            drop(rec, family, label)
        for label in change.get(family, {}).get("add", []):
            drop(rec, family, label)
            add(rec, family, label, "curated")
    if "lead_agencies" in change:
        rec.lead_agencies = list(change["lead_agencies"])
        rec.lead_agency_basis = "curated"
        rec.lead_agency_reasons = [f"{a}={ASSIGNED}" for a in rec.lead_agencies]


def assign_agencies(rec: Recommendation, portfolios: list[curated.Portfolio]) -> None:
    """Lead agencies whose portfolio the recommendation falls in; the body default coordinates."""
    text = curated.matchable(rec.text)
    leads: list[str] = []
    reasons: list[str] = []
    for rule in portfolios:
        by_theme = sorted(rule.themes & set(rec.themes))
        by_term = bool(rule.terms and rule.terms.search(text) and (rule.all_terms is None or rule.all_terms.search(text)))
        if not by_theme and not by_term:
            continue
        why = f"theme {by_theme[0]}" if by_theme else rule.name
        for agency in rule.agencies:
            if agency not in leads:
                leads.append(agency)
                reasons.append(f"{agency}={why}")
    if rec.lead_agency_basis == "body-default":
        rec.coordinating_agencies = list(rec.lead_agencies)
    if leads:
        rec.lead_agencies, rec.lead_agency_reasons, rec.lead_agency_basis = leads, reasons, "suggested"


def apply(recs: list[Recommendation], context: Context | None = None) -> None:
    """Classify recs in place (see the module's docstring)."""
    context = context or Context()
    rules = context.memo("classify.curated", curated.load)
    suggest(recs, rules.rules, model(context))
    for rec in recs:
        if rec.country == rules.country and rec.lead_agency_basis != "curated":
            assign_agencies(rec, rules.portfolios)
        if rec.id in rules.corrections:
            correct(rec, rules.corrections[rec.id])


def decide(recs: list[Recommendation], decisions: list[dict]) -> None:
    """Apply the agencies' own decisions (tracking files' `leads`): a confirmed agency leads, a
    declined one does not; when every lead declined, the coordinating agencies lead again."""
    by_rec: dict[str, list[dict]] = {}
    for decision in decisions:
        by_rec.setdefault(decision["recommendation"], []).append(decision)
    for rec in recs:
        if rec.id in by_rec:
            settle(rec, by_rec[rec.id])


def settle(rec: Recommendation, decisions: list[dict]) -> None:
    confirmed = [d["agency"] for d in decisions if d["decision"] == "confirmed"]
    declined = {d["agency"] for d in decisions if d["decision"] == "declined"}
    if rec.lead_agency_basis == "body-default":
        rec.coordinating_agencies = list(rec.lead_agencies)
    reasons = dict(r.split("=", 1) for r in rec.lead_agency_reasons)
    leads = [a for a in rec.lead_agencies if a not in declined]
    leads += [a for a in confirmed if a not in leads]
    reasons.update({a: CONFIRMED for a in confirmed})
    if confirmed:
        rec.lead_agency_basis = "agency"
    elif not leads:
        leads = [a for a in rec.coordinating_agencies if a not in declined]
        rec.lead_agency_basis = "body-default" if leads else ""
        reasons = {}
    rec.lead_agencies = leads
    rec.lead_agency_reasons = [f"{a}={reasons[a]}" for a in leads if a in reasons]
