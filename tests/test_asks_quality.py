"""Issue 26's asks, held out: pairs sharing an ask are the same action >= 0.85 of the time at recall
>= 0.8 on a sample drawn and labelled before the method changed; every title names an action and its
object; concerns paragraphs never join (docs/overlaps.md)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from recommendations_site.model import Recommendation
from recommendations_site.model.package import read_recommendations
from recommendations_site.overlaps import asks, asks_sample, asks_titles, catalogue, evaluate, instrument_names, ordered
from recommendations_site.overlaps.askmodel import Found, machine, observes
from recommendations_site.project import Project


def test_pairs_sharing_an_ask_meet_the_target_on_the_held_out_split(nz: tuple[Path, Path]) -> None:
    figures = evaluate.pair_sample(evaluate.implied(read_recommendations(nz[0])), evaluate.HELD_OUT)
    assert (figures["sampled"], figures["sampled_same"]) == (225, 82)
    assert figures["precision"] >= 0.85, figures
    assert figures["recall"] >= 0.8, figures


def test_the_tuning_split_read_a_second_time_meets_the_target_in_sample(nz: tuple[Path, Path]) -> None:
    """The catalogue was tuned on this reading, so it is no evidence of generalising: the held-out split is."""
    figures = evaluate.pair_sample(evaluate.implied(read_recommendations(nz[0])), evaluate.SECOND_READING)
    assert (figures["sampled"], figures["sampled_same"]) == (251, 61)
    assert figures["precision"] >= 0.95 and figures["recall"] >= 0.95, figures


def test_the_held_out_split_is_drawn_again_exactly_and_apart_from_the_tuning_split(nz: tuple[Path, Path]) -> None:
    """The draw looks only at request similarity and upstream tags, never at the asks."""
    recs = json.loads((nz[0] / "recommendations.json").read_text(encoding="utf-8"))
    with evaluate.PAIR_SAMPLE.open(encoding="utf-8", newline="") as handle:
        tune = {ordered(r["id_a"], r["id_b"]) for r in csv.DictReader(handle)}
    with evaluate.HELD_OUT.open(encoding="utf-8", newline="") as handle:
        held = [(r["id_a"], r["id_b"], r["stratum"], int(r["stratum_pairs"]), int(r["sampled"])) for r in csv.DictReader(handle)]
    assert asks_sample.draw(recs, tune) == held
    assert not {(a, b) for a, b, *_ in held} & tune


@pytest.mark.parametrize(
    ("title", "why"),
    [
        ("Recognize the competence of its Committee", "'its Committee' points outside the title"),
        ("Implement them", "ends with 'them'"),
        ("Ratify the Optional Protocol to the", "ends with 'the'"),
        ("Ratify", "no object"),
        ("Provide them assistance", "its object is a pronoun"),
        ("The establishment of a national human rights institution", "starts with 'the', not an action"),
        ("Recognise the competence of the Committee on Enforced Disappearances", None),
        ("Adopt a national plan on road safety and implement it", None),
    ],
)
def test_a_fragment_is_told_from_a_whole_title(title: str, why: str | None) -> None:
    assert asks_titles.proposed_fragment(title) == why


def test_a_proposed_title_names_the_action_and_its_object() -> None:
    assert asks_titles.normalised("Continue its efforts to combat child labour") == "Combat child labour"
    assert asks_titles.normalised("Consider ratifying the Inter-American Convention") == "Ratify the Inter-American Convention"
    assert asks_titles.normalised("Consider the establishment of an ombudsman") == "Consider the establishment of an ombudsman"
    whole = "Adopt a national plan on road safety and implement it fully"
    assert asks_titles.title("implement it fully", "Adopt a national plan on road safety", whole) == whole


def rec(i: str, text: str, body: str = "UPR") -> Recommendation:
    return Recommendation(i, "Fixture", "upr", body, 2014, "A/HRC/99/1", text, "not-applicable", "s", "s:1")


def found(recs: list[Recommendation]) -> Found:
    project = Project.default()
    entries = catalogue.load(project.file(catalogue.CATALOGUE))
    return machine(recs, entries, asks.load(project), instrument_names(project))


def test_a_proposed_ask_never_takes_a_fragment_for_its_title() -> None:
    """Two requests of one recommendation each seed an ask (two asks, not one); the second, "implement
    it ...", is titled with the request it points back to."""
    recs = [
        rec("r1", "Adopt a national plan on road safety and implement it in every region (Chile);"),
        rec("r2", "Adopt a national plan on road safety and implement it in every region (Peru);"),
    ]
    result = found(recs)
    titles = {row["id"]: row["title"] for row in result.asks.values() if row["kind"] == "proposed"}
    assert titles == {
        "proposed-r1": "Adopt a national plan on road safety",
        "proposed-r1-2": "Adopt a national plan on road safety and implement it in every region",
    }
    assert sorted(result.links) == [(r, a) for r in ("r1", "r2") for a in ("proposed-r1", "proposed-r1-2")]


def test_every_ask_title_in_new_zealand_is_whole(nz: tuple[Path, Path]) -> None:
    rows = json.loads((nz[0] / "asks.json").read_text(encoding="utf-8"))
    check = {"proposed": asks_titles.proposed_fragment}
    assert [(r["id"], r["title"]) for r in rows if check.get(r["kind"], asks_titles.fragment)(r["title"])] == []
    titles = {r["id"]: r["title"] for r in rows}
    assert titles["accept-procedure-cped"] == "Recognise the competence of the Committee on Enforced Disappearances to receive individual complaints"


def test_recognising_a_committees_competence_is_its_treatys_ask(nz: tuple[Path, Path]) -> None:
    paragraphs = {r["id"]: r["paragraph"] for r in json.loads((nz[0] / "recommendations.json").read_text(encoding="utf-8"))}
    links = json.loads((nz[0] / "recommendation_asks.json").read_text(encoding="utf-8"))
    members = sorted(paragraphs[r["recommendation_id"]] for r in links if r["ask_id"] == "accept-procedure-cped")
    assert members == ["128.2", "128.3", "128.4", "81.11"]  # "its Committee" after the CPED, and the Committee named


@pytest.mark.parametrize(
    ("text", "concerns"),
    [
        ("The Committee is concerned that abortion remains a crime under the Crimes Act.", True),
        ("The Committee notes with concern the high rates of violence against Māori women.", True),
        ("The Committee regrets that the State party has not adopted a national action plan.", True),
        ("The Committee welcomes the adoption of the Family Violence Act.", True),
        ("The Committee is concerned about violence against women. It recommends that the State party adopt a plan.", False),
        ("The State party should combat violence against women.", False),
        ("Combat violence against women (Chile);", False),
    ],
)
def test_a_concerns_paragraph_is_told_from_a_request(text: str, concerns: bool) -> None:
    assert observes(text) is concerns


def test_concerns_paragraphs_never_join_an_ask_of_any_kind() -> None:
    """Instrument, catalogue and proposed asks alike: a concerns paragraph joins none."""
    concerns = [
        rec("c1", "The Committee notes with concern the high rates of violence against women.", "CEDAW"),
        rec("c2", "The Committee regrets that the State party has not ratified the ICRMW.", "CEDAW"),
        rec("c3", "The Committee is concerned at the low levels of funding for road safety plans.", "CEDAW"),
    ]
    requests = [
        rec("r1", "Combat violence against women (Chile);"),
        rec("r2", "Ratify the ICRMW (Peru);"),
        rec("r3", "Fund the road safety plans of local councils (Chile);"),
        rec("r4", "Fund the road safety plans of local councils (Peru);"),
    ]
    members = {r for r, _ in found(concerns + requests).links}
    assert members == {"r1", "r2", "r3", "r4"}


def test_no_member_of_a_new_zealand_ask_is_a_concerns_paragraph(nz: tuple[Path, Path]) -> None:
    texts = {r["id"]: r["text"] for r in json.loads((nz[0] / "recommendations.json").read_text(encoding="utf-8"))}
    links = json.loads((nz[0] / "recommendation_asks.json").read_text(encoding="utf-8"))
    assert links and [r["recommendation_id"] for r in links if observes(texts[r["recommendation_id"]])] == []
