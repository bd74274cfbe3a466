"""Quality of the overlap suggestions on the labelled New Zealand pairs (docs/overlaps.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from recommendations_site import overlaps
from recommendations_site.model.package import read_recommendations
from recommendations_site.overlaps import evaluate
from recommendations_site.overlaps.asks import asks


def test_quality_on_the_labelled_nz_pairs(nz: tuple[Path, Path]) -> None:
    result = evaluate.score(read_recommendations(nz[0]), evaluate.labels(), overlaps.THRESHOLD)
    assert result.precision >= 0.9, result  # the target, met (0.96)
    # The target is recall >= 0.8; the method reaches 0.64 on this candidate-sampled set
    # (docs/overlaps.md). This floor stops it getting worse unnoticed.
    assert result.recall >= 0.6, result


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("Ratify the ICRMW", {("ratify", "icmw")}),
        ("Consider acceding to the Convention on the Rights of Migrant Workers", {("ratify", "icmw")}),
        ("Sign and ratify the OPCAT", {("ratify", "op-cat")}),
        ("Ratify the Optional Protocol to the Convention against Torture", {("ratify", "op-cat")}),
        ("Ratify and implement ILO Convention No. 169", {("ratify", "ilo-169"), ("implement", "ilo-169")}),
        ("Ratify the ICRMW; the CPED; and the OP-CRPD", {("ratify", "icmw"), ("ratify", "cped"), ("ratify", "op-crpd")}),
        ("Withdraw its reservations to CEDAW", {("withdraw-reservation", "cedaw")}),
        ("Revisit its decision not to support the Declaration on the Rights of Indigenous Peoples", {("support", "undrip")}),
        ("Continue its efforts to combat violence against women", set()),
    ],
)
def test_the_action_and_instrument_asked_are_found(text: str, asked: set[tuple[str, str]]) -> None:
    assert asks(text) == asked


def test_the_same_ask_in_other_words_is_suggested_and_different_treaties_are_not(nz: tuple[Path, Path]) -> None:
    pairs = overlaps.suggest(read_recommendations(nz[0]))
    # "Ratify the International Convention on the Protection of the Rights of All Migrant Workers..."
    # and "Ratify the ICRMW": little text in common, the same ask.
    assert pairs[("a-hrc-12-8-81-1", "a-hrc-26-3-128-20")].method == overlaps.ASK_METHOD
    # "Ratify the OP-CRPD" and "Ratify the OP-ICESCR"-style pairs: similar wording, other treaties.
    assert ("a-hrc-26-3-128-7", "a-hrc-26-3-128-9") not in pairs
