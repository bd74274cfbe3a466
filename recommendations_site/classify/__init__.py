"""Themes, affected groups, SDG goals and lead agencies for every recommendation, from its own text.

Order of precedence, per label: an official's correction (data/curation/classification.yaml)
over the source's own label over a curated text rule over the model (classify/model.json.gz,
fitted by `python -m recommendations_site.classify.train`). Every label not from the source is
recorded in the record's `label_basis` as `family:label=method` (rule, model or curated), so the
data and the page say which labels are suggested. The model's labels join only from their family's
display threshold (calibrated confidence, measured held-out precision 0.85); every model label is
kept with its confidence in `label_confidence`; on a New Zealand treaty action (ratify,
reservations, procedures, incorporation) the model's groups are withheld: it reads a treaty's name
as a topic. Lead agencies: treaty actions to the treaty's lead
with the partners, then the portfolios of data/curation/agency_portfolios.yaml (group agencies
only on their group), each with its reason; the body's default stays as the coordinating agency;
an agency's own decision in its tracking file (`leads`: confirmed or declined) wins over every
suggestion and assignment (docs/classification.md)."""

from __future__ import annotations

from pathlib import Path

from ..model import Recommendation
from ..model.context import Context
from ..model.recommendation import ASSIGNED, CONFIRMED
from ..overlaps import asks
from . import curated, learn

MODEL = Path(__file__).resolve().parent / "model.json.gz"
FAMILIES = ("themes", "affected_groups", "sdg_goals")
CURATED = "classify.curated"  # the context's memo of the classifier's own curated files (project.py: step "classify")


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
    rec.label_confidence = [b for b in rec.label_confidence if not b.startswith(f"{family}:{label}=")]


def suggest(recs: list[Recommendation], rules: list[curated.Rule], fitted: learn.Model) -> None:
    """Rule labels, then the model's, added to what the source gave. Every model label is recorded
    with its calibrated confidence (label_confidence); only those at or above the family's display
    threshold join the family: below it a record shows "not yet classified" for that family."""
    texts = [curated.matchable(r.text) for r in recs]
    predicted = fitted.predict_families(FAMILIES, [r.text for r in recs])
    for n, rec in enumerate(recs):
        for rule in rules:
            if rule.pattern.search(texts[n]):
                for family, labels in rule.labels.items():
                    for label in labels:
                        if family == "sdg_targets" and label.split(".")[0] not in rec.sdg_goals:
                            add(rec, "sdg_goals", label.split(".")[0], "rule")
                        add(rec, family, label, "rule")
        for family in FAMILIES:
            show = fitted.families[family].show
            for label, confidence in predicted[family][n]:
                if label in getattr(rec, family):
                    continue  # the source's or a rule's: not the model's
                rec.label_confidence.append(f"{family}:{label}={confidence:.2f}")
                if confidence >= show and not (family == "themes" and label == "general" and rec.themes):
                    add(rec, family, label, "model")


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


TREATY_ACTIONS = frozenset({"ratify", "withdraw-reservation", "accept-procedure", "incorporate"})  # with the partners
LED_ACTIONS = TREATY_ACTIONS | {"implement", "support"}  # the treaty's lead agency leads these


def without_names(text: str, vocabulary: asks.Vocabulary) -> str:
    """The text with every instrument's name left out: "Persons with Disabilities" in a treaty's
    title says nothing about what else the recommendation is about."""
    folded = asks.fold(text)
    for start, end, _ in reversed(asks.named(folded, vocabulary)):
        folded = f"{folded[:start]} {folded[end:]}"
    return folded


def treaty_leads(text: str, treaties: curated.Treaties, vocabulary: asks.Vocabulary) -> tuple[list[tuple[str, str]], bool]:
    """(agency, reason) of the lead agencies of the treaties the text asks an action of, and
    whether it asks a treaty action (ratify, reservations, procedures, incorporation)."""
    found = {(a, i) for a, i in asks.asks(text, vocabulary) if a in LED_ACTIONS}
    pairs = [(agency, "the treaty's lead agency") for _, i in sorted(found) for agency in treaties.leads.get(i, [])]
    ratifying = any(a in TREATY_ACTIONS for a, _ in found)  # vague names count too: "ratify the core treaties"
    if ratifying:
        pairs += [(agency, "a treaty action") for agency in treaties.partners]
    elif any(a == "support" for a, _ in found):  # supporting a declaration is a position taken abroad
        pairs += [(agency, "a treaty action") for agency in treaties.partners[:1]]
    return pairs, ratifying


def portfolio_leads(rec: Recommendation, rules: curated.Curated, text: str, read_themes: bool) -> list[tuple[str, str]]:
    """(agency, reason) of every portfolio rule matching; a group agency only by terms naming its group."""
    pairs = []
    for rule in rules.portfolios:
        by_theme = sorted(rule.themes & set(rec.themes)) if read_themes else []
        by_term = bool(rule.terms and rule.terms.search(text) and (rule.all_terms is None or rule.all_terms.search(text)))
        for agency in rule.agencies:
            if by_term or (by_theme and agency not in rules.treaties.group_agencies):
                pairs.append((agency, rule.name if by_term else f"theme {by_theme[0]}"))
    return pairs


def withhold_model_groups(rec: Recommendation) -> None:
    """A treaty action's groups are not the model's to say: it reads a treaty's name as a topic (the
    OP-ICESCR as disability, the OP-CRPD as deprivation of liberty). Its suggestions stay in
    label_confidence for curators; the source's and the curated rules' groups stay shown."""
    for basis in [b for b in rec.label_basis if b.startswith("affected_groups:") and b.endswith("=model")]:
        rec.affected_groups.remove(basis.split(":", 1)[1].rsplit("=", 1)[0])
        rec.label_basis.remove(basis)


def assign_agencies(rec: Recommendation, rules: curated.Curated, vocabulary: asks.Vocabulary) -> None:
    """Lead agencies whose portfolio the recommendation falls in; the body default coordinates.
    A treaty action goes to the treaty's lead agency with the partners (docs/classification.md)."""
    treaty, ratifying = treaty_leads(rec.text, rules.treaties, vocabulary)
    text = curated.matchable(without_names(rec.text, vocabulary))
    leads: dict[str, str] = {}
    for agency, why in treaty + portfolio_leads(rec, rules, text, read_themes=not ratifying):
        leads.setdefault(agency, why)
    if rec.lead_agency_basis == "body-default":
        rec.coordinating_agencies = list(rec.lead_agencies)
    if leads:
        rec.lead_agencies, rec.lead_agency_basis = list(leads), "suggested"
        rec.lead_agency_reasons = [f"{a}={why}" for a, why in leads.items()]


def apply(recs: list[Recommendation], context: Context | None = None) -> None:
    """Classify recs in place (see the module's docstring)."""
    context = context or Context()
    rules = context.memo(CURATED, lambda: curated.load(context.project))
    vocabulary = context.memo("overlap asks", lambda: asks.load(context.project))
    suggest(recs, rules.rules, model(context))
    for rec in recs:
        if rec.country == rules.country and treaty_leads(rec.text, rules.treaties, vocabulary)[1]:
            withhold_model_groups(rec)
        if rec.country == rules.country and rec.lead_agency_basis != "curated":
            assign_agencies(rec, rules, vocabulary)
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
