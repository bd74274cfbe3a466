"""The catalogue's gate (overlaps/requests.py): a request is tried against an ask's patterns only
if it holds one of the texts every match needs; gated or not, the same asks are found."""

from __future__ import annotations

from recommendations_site.errors import Problem
from recommendations_site.overlaps import catalogue
from recommendations_site.overlaps.requests import Entry, catalogue_asks, gate, pattern, requests
from recommendations_site.project import Project

WHERE = Problem("asks.yaml", 1, "match", "")
TEXTS = [
    "Ratify the Convention against Torture and its Optional Protocol (Chile);",
    "Take further measures to reduce child poverty, in particular among Maori and Pacific children",
    "Intensify efforts to combat domestic violence and violence against women and girls",
    "Adopt a national action plan to reduce child poverty; ensure access to education for children with disabilities",
    "Strengthen measures against family violence, including violence against children",
]


def test_the_gate_holds_a_needle_of_every_line_or_is_empty() -> None:
    poverty, violence, anything = (pattern(p, WHERE) for p in (r"child poverty", r"(domestic|family) violence", r"\d+"))
    assert gate(((poverty,), (violence, anything))) == ("child poverty", " violence")
    assert gate(((poverty,), (anything,))) == ()  # a line no needle stands for: every request is tried


def test_the_catalogue_finds_the_same_asks_gated_or_not() -> None:
    entries = catalogue.load(Project.default().file(catalogue.CATALOGUE))
    assert all(isinstance(e, Entry) for e in entries) and any(e.gate for e in entries)
    plain = [e._replace(gate=()) for e in entries]
    for text in TEXTS:
        assert catalogue_asks(requests(text), entries) == catalogue_asks(requests(text), plain), text
    assert any(catalogue_asks(requests(text), entries) for text in TEXTS)
