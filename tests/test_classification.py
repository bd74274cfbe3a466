"""Classification: the out-of-sample figures beat the baseline and what is shown holds its measured
precision, the New Zealand targets of issues 13 and 26 hold on the real data, and pages say which
labels and agencies are suggested and show "Not yet classified" where nothing is."""

from __future__ import annotations

import collections
import json
import re
import unicodedata
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from recommendations_site.classify import MODEL, TREATY_ACTIONS, learn
from recommendations_site.classify.train import METRICS
from recommendations_site.overlaps import asks
from recommendations_site.project import Project
from recommendations_site.tracking.template import template

FIGURES = json.loads(METRICS.read_text())


def fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()


# topic: (what marks a recommendation as on it, agencies whose portfolio it is)
TOPICS = {
    "child poverty": (r"child poverty|poverty|disadvantaged families|low-income", {"msd", "dpmc"}),
    "family violence": (
        r"violence against women|domestic violence|family violence|gender-based violence|sexual violence",
        {"te-puna-aonui", "moj"},
    ),
    "child protection": (
        r"child abuse|abuse or neglect|neglect of children|children against abuse|vulnerable children",
        {"oranga-tamariki"},
    ),
    "Maori and Pacific education": (r"(maori|pacific).*education|education.*(maori|pacific)", {"moe"}),
    "Maori and Pacific health": (r"(maori|pacific).*health|health.*(maori|pacific)", {"moh"}),
    "Maori and Pacific justice": (
        r"(maori|pacific).*(justice|prison|penal|policing)|(justice|prison|penal|policing).*(maori|pacific)",
        {"moj", "corrections", "police"},
    ),
    "pay gap": (r"pay gap|gap in salaries", {"mfw"}),
    "Treaty settlements": (r"land claims|treaty settlement|loss of land|treaty of waitangi", {"te-arawhiti"}),
}


@pytest.fixture(scope="module")
def recs(nz: tuple[Path, Path]) -> list[dict]:
    return json.loads((nz[0] / "recommendations.json").read_text())


@pytest.mark.parametrize("split", sorted(FIGURES))
def test_the_model_beats_the_baseline_out_of_sample(split: str) -> None:
    """Both every kept label (the candidates) and the labels shown beat the baseline."""
    for family, fig in FIGURES[split]["candidates"].items():
        baseline = FIGURES[split]["baseline"][family]["f1"]
        assert fig["f1"] > baseline + 0.03 and FIGURES[split]["model_alone"][family]["f1"] > baseline + 0.03, (split, family)


def test_held_out_review_floor() -> None:
    """What the site shows on a whole review held out (docs/classification.md), at the figures
    measured now: a change that makes them worse fails."""
    costa_rica, cycle3 = FIGURES["ohchr-cycle4-costa-rica"]["model"], FIGURES["ohchr-cycle3"]["model"]
    assert (costa_rica["themes"]["n"], costa_rica["sdg_goals"]["n"]) == (157, 156)
    assert costa_rica["themes"]["precision"] >= 0.85 and costa_rica["themes"]["recall"] >= 0.53
    assert costa_rica["sdg_goals"]["precision"] >= 0.85 and costa_rica["sdg_goals"]["recall"] >= 0.60
    assert FIGURES["ohchr-cycle4-costa-rica"]["model_alone"]["sdg_goals"]["precision"] >= 0.90
    # cycle 3 (the older vocabulary) lost F1 with the shifted themes (0.654 and 0.740 before): see the docs
    assert cycle3["themes"]["f1"] >= 0.63 and cycle3["sdg_goals"]["f1"] >= 0.70


def test_display_thresholds_are_calibrated_per_label() -> None:
    model = learn.load(MODEL)
    for family in ("themes", "affected_groups", "sdg_goals"):
        fam = model.families[family]
        assert fam.slope is not None and len(set(fam.slope.tolist())) > 1, family  # per label, not one curve
        assert 0.3 <= fam.show <= 0.95, family


def test_upr_info_rows_are_no_negatives_for_labels_its_tags_cannot_give() -> None:
    from recommendations_site.classify.train import nameable

    names = nameable()
    assert "violence-against-women" not in names["themes"] and "family-identity" not in names["themes"]
    assert {"womens-rights", "childrens-rights"} <= names["themes"] and "stateless-people" not in names["affected_groups"]


def test_a_label_ohchr_gives_far_more_often_is_learnt_from_ohchr_rows_alone() -> None:
    """A theme on 40 % of OHCHR's rows and 1 % of UPR Info's is shifted: UPR Info's rows give it
    neither positives nor negatives; one given about as often by both is not."""
    from recommendations_site.classify.train import shifted, without_shifted
    from recommendations_site.model import Recommendation

    def rec(themes: list[str]) -> Recommendation:
        r = Recommendation("x", "nzl", "upr", "UPR", 2024, "d", "t", "", "upr-info", "s")
        r.themes = themes
        return r

    upr = [rec(["equality"])] + [rec(["health"]) for _ in range(9)] + [rec(["justice"]) for _ in range(90)]
    ohchr = [rec(["equality", "health"]) for _ in range(4)] + [rec(["justice"]) for _ in range(6)]
    origin = ["upr-info"] * len(upr) + ["ohchr-cycle3"] * len(ohchr)
    broader = shifted(upr + ohchr, origin)
    assert broader == {"equality", "health"}  # 0.40 > 3 x 0.01 and 0.40 > 3 x 0.09; justice 0.6 against 0.9
    labels, names = without_shifted([["equality", "justice"], ["equality"]], [frozenset({"equality", "justice"}), None], ["upr-info", "ohchr-cycle3"], frozenset({"equality"}))
    assert labels == [["justice"], ["equality"]] and names == [frozenset({"justice"}), None]


def test_sdg_goals_read_the_theme_and_group_scores() -> None:
    model = learn.load(MODEL)
    sdg = model.families["sdg_goals"]
    assert sdg.inputs == ("themes", "affected_groups")
    assert sdg.weights.shape[0] == len(model.vocabulary) + sum(len(model.families[f].labels) for f in sdg.inputs)


THEMES_SHORT = (
    "issue 26's target is not met for themes: on Costa Rica's 4th cycle held out, what the site shows scores "
    "P 0.850 / R 0.532 (n 157; F1 0.655); no threshold reaches P 0.85 at R 0.6 (P 0.81 at R 0.59); session 8's linear SVMs, "
    "second stage over the scores and neighbour vote by sentence embeddings rank no better, nor session 9's label-description "
    "priors, embedding features or harder regularisation (best recall at P 0.85: 0.55; docs/classification.md)"
)


@pytest.mark.parametrize(
    "family", [pytest.param("themes", marks=pytest.mark.xfail(strict=True, reason=THEMES_SHORT)), "sdg_goals"]
)
def test_held_out_review_target(family: str) -> None:
    """On an unseen state's 4th cycle: F1 >= 0.8, or precision >= 0.85 at recall >= 0.6, for what is shown.
    SDG goals: P 0.852 / R 0.603 (n 156), met by a margin of one label either way."""
    f = FIGURES["ohchr-cycle4-costa-rica"]["model"][family]
    assert f["f1"] >= 0.8 or (f["precision"] >= 0.85 and f["recall"] >= 0.6), family


def test_model_is_deterministic() -> None:
    model = learn.load(MODEL)
    assert learn.dump(model) == learn.dump(learn.compact(model))
    texts = ["Combat child poverty, in particular that which affects Maori children (Iran);"]
    assert model.predict("themes", texts) == model.predict("themes", texts)


def test_every_recommendation_about_violence_against_women_has_that_theme(recs: list[dict]) -> None:
    about = [r for r in recs if re.search(TOPICS["family violence"][0], fold(r["text"]))]
    assert len(about) >= 20
    assert [r["id"] for r in about if "violence-against-women" not in r["themes"]] == []


# main social topic: (its words in the text, the themes that are the topic's; any one counts)
THEMED = {
    "family violence": (TOPICS["family violence"][0], {"violence-against-women"}),
    "poverty": (r"poverty", {"standard-of-living"}),
    "child protection and youth justice": (
        TOPICS["child protection"][0] + r"|juvenile justice|youth justice|criminal responsibility",
        {"childrens-rights"},
    ),
    "education": (r"\beducation|\bschool", {"education", "human-rights-education"}),
    "health": (r"\bhealth", {"health"}),
    "disability": (r"disabilit", {"disability-rights"}),
    "women's equality": (r"pay gap|gender equality|equality between (men and )?women", {"womens-rights"}),
    "Maori and indigenous": (r"\bmaori|indigenous", {"indigenous-rights"}),
    "racism": (r"racis|racial", {"racial-discrimination"}),
    "migrants": (r"migrant|refugee|asylum", {"migrants-refugees"}),
    "ratification": (r"\bratif|\baccede|accession", {"international-instruments"}),
}


@pytest.mark.parametrize("topic", sorted(THEMED))
def test_main_social_topics_carry_their_theme(recs: list[dict], topic: str) -> None:
    """Issue 26: >= 90 % of the New Zealand recommendations on a main social topic carry its theme."""
    pattern, themes = THEMED[topic]
    about = [r for r in recs if re.search(pattern, fold(r["text"]))]
    missing = [r["id"] for r in about if not themes & set(r["themes"])]
    assert len(about) >= 5 and len(missing) <= 0.1 * len(about), (len(about), missing)


@pytest.mark.parametrize("topic", sorted(TOPICS))
def test_social_topics_are_led_by_the_portfolio_agency(recs: list[dict], topic: str) -> None:
    pattern, agencies = TOPICS[topic]
    about = [r for r in recs if re.search(pattern, fold(r["text"]))]
    led = [r for r in about if agencies & set(r["lead_agencies"])]
    assert about and len(led) >= 0.8 * len(about), [r["id"] for r in about if r not in led]


def test_lead_agencies_vary_and_every_label_says_how(recs: list[dict]) -> None:
    assert len({tuple(sorted(r["lead_agencies"])) for r in recs}) >= 8
    assert all(r["themes"] for r in recs) and sum(bool(r["sdg_goals"]) for r in recs) > 150
    model, vocabulary = learn.load(MODEL), asks.load(Project.default())
    for r in recs:
        treaty_action = any(a in TREATY_ACTIONS for a, _ in asks.asks(r["text"], vocabulary))
        for basis in r["label_basis"]:
            family, _, rest = basis.partition(":")
            label, _, method = rest.partition("=")
            assert label in r[family] and method in {"rule", "model", "curated"}
        for entry in r["label_confidence"]:  # every model label, shown only from its family's threshold
            family, _, rest = entry.partition(":")
            label, _, confidence = rest.partition("=")
            shown = f"{family}:{label}=model" in r["label_basis"]
            withheld = family == "affected_groups" and treaty_action  # the model reads a treaty's name as a topic
            assert shown == (float(confidence) >= model.families[family].show and label != "general" and not withheld), entry
        if r["lead_agency_basis"] == "suggested":
            assert {x.split("=")[0] for x in r["lead_agency_reasons"]} == set(r["lead_agencies"])
            assert r["coordinating_agencies"] == ["mfat", "moj"]


def test_no_portfolio_agency_page_is_empty(recs: list[dict], nz: tuple[Path, Path]) -> None:
    portfolio = collections.Counter(a for r in recs for a in r["lead_agencies"])
    for agency in portfolio:
        page = BeautifulSoup((nz[1] / "agencies" / agency / "index.html").read_text(), "html.parser")
        assert page.select("a[href*='recommendations/']"), agency
    assert portfolio["msd"] >= 10 and portfolio["te-puna-aonui"] >= 20


def test_page_marks_suggested_labels_and_agency_reasons(nz: tuple[Path, Path]) -> None:
    page = BeautifulSoup((nz[1] / "recommendations" / "a-hrc-26-3-128-57" / "index.html").read_text(), "html.parser")
    facts = page.select_one("dl.rec-facts").get_text(" ", strip=True)
    assert "suggested from the text" in facts
    assert "Ministry of Social Development – Te Manatū Whakahiato Ora (suggested by portfolio: child poverty)" in facts
    assert "Coordinating agencies" in facts
    title = page.select_one("[data-pagefind-meta='title[data-title]']")["data-title"]
    assert title.startswith("UPR 2014, paragraph 128.57: Continue its efforts to protect the rights of the child")


@pytest.mark.parametrize(("family", "term"), [("sdg_goals", "Sustainable Development Goals"), ("affected_groups", "Affected groups")])
def test_a_page_without_labels_says_not_yet_classified(family: str, term: str, recs: list[dict], nz: tuple[Path, Path]) -> None:
    """Every family says the same when nothing is sure enough to show: not "none", which would
    present the classifier's silence as a finding that no group is concerned."""
    rec = next(r for r in recs if not r[family])
    page = BeautifulSoup((nz[1] / "recommendations" / rec["id"] / "index.html").read_text(), "html.parser")
    facts = page.select_one("dl.rec-facts")
    dt = next(d for d in facts.select("dt") if d.get_text(strip=True) == term)
    assert dt.find_next_sibling("dd").get_text(strip=True) == "Not yet classified"


def test_agency_template_lists_text_and_reason(recs: list[dict]) -> None:
    from recommendations_site.model import Recommendation

    text = template(
        {"id": "msd", "name": "Ministry of Social Development", "short_name": "MSD"}, [Recommendation.from_dict(r) for r in recs]
    )
    assert "a-hrc-26-3-128-57" in text and "suggested: child poverty" in text
    assert "Continue its efforts to protect the rights of the child" in text


def test_when_every_suggested_lead_declines_the_coordinating_agencies_lead_again() -> None:
    from recommendations_site.classify import decide
    from recommendations_site.model import Recommendation

    rec = Recommendation("r1", "New Zealand", "upr", "UPR", 2014, "A/HRC/26/3", "Fixture text", "supported", "s", "s:1")
    rec.lead_agencies, rec.lead_agency_basis, rec.coordinating_agencies = ["msd"], "suggested", ["mfat", "moj"]
    rec.lead_agency_reasons = ["msd=child poverty"]
    decide([rec], [{"recommendation": "r1", "agency": "msd", "decision": "declined"}])
    assert (rec.lead_agencies, rec.lead_agency_basis, rec.lead_agency_reasons) == (["mfat", "moj"], "body-default", [])
    decide(
        [rec],
        [
            {"recommendation": "r1", "agency": "mfat", "decision": "declined"},
            {"recommendation": "r1", "agency": "moj", "decision": "confirmed"},
        ],
    )
    assert (rec.lead_agencies, rec.lead_agency_basis, rec.lead_agency_reasons) == (
        ["moj"],
        "agency",
        ["moj=confirmed by the agency"],
    )


def test_sdg_target_rules_measured_on_uhri() -> None:
    """The curated target rules, judged on every UHRI record whose source gives targets."""
    from recommendations_site.classify import curated, data, evaluate

    figures = evaluate.rule_targets(data.read()["uhri"], curated.load(Project.default()).rules)
    assert figures["n"] == 241 and figures["precision"] >= 0.75 and figures["recall"] >= 0.40  # recommendations only: no concerns


def test_nz_pages_show_suggested_sdg_targets(recs: list[dict], nz: tuple[Path, Path]) -> None:
    with_targets = [r for r in recs if r["sdg_targets"]]
    assert len(with_targets) >= 90  # 99 of 219 when written
    rec = next(r for r in recs if "5.2" in r["sdg_targets"])
    assert "5" in rec["sdg_goals"] and "sdg_targets:5.2=rule" in rec["label_basis"]
    page = BeautifulSoup((nz[1] / "recommendations" / rec["id"] / "index.html").read_text(), "html.parser")
    (target,) = [li for li in page.select("dl.rec-facts li") if li.a.get_text() == "Target 5.2"]
    assert target.select_one(".note").get_text(strip=True) == "(suggested from the text)"
    assert target.select_one(".note a")["href"] == "../../how-labels-are-assigned/#sdgs"  # the page explaining it
