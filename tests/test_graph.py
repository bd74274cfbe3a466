"""The build graph (pipeline/graph.py): outputs ordered from their declarations, a graph that does
not hold refused with a clear message, dirty() for the preview, the artefact registry of a Build,
and the picture in docs/architecture.md kept current."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pytest
from conftest import ROOT

from recommendations_site import outputs
from recommendations_site.model.reference import schema
from recommendations_site.pipeline import graph
from recommendations_site.render.artefacts import MissingArtefact, Slices, TiritiView
from recommendations_site.render.build import EXTRAS, Build


@dataclass(frozen=True)
class One:
    n: int


@dataclass(frozen=True)
class Two:
    n: int


def output(name: str, reads: set[str] = frozenset(), provides: set[type] = frozenset(), needs: set[type] = frozenset()) -> ModuleType:
    module = ModuleType(f"recommendations_site.outputs.{name}")
    module.READS, module.PROVIDES, module.NEEDS = frozenset(reads), frozenset(provides), frozenset(needs)
    return module


def names(found: list[ModuleType]) -> list[str]:
    return [m.__name__.rsplit(".", 1)[1] for m in found]


def test_the_order_is_todays_and_every_need_comes_after_its_maker() -> None:
    order = graph.order()
    assert order == list(outputs.OUTPUTS)  # ties keep the registry's order: the build writes as it did
    made = {kind: order.index(o) for o in order for kind in o.PROVIDES}
    late = [(o.__name__, k.__name__) for o in order for k in o.NEEDS if made[k] >= order.index(o)]
    assert late == []
    assert names(order)[0] == "narrative" and names(order)[-2:] == ["sitemap", "buildinfo"]


def test_a_maker_listed_after_its_user_still_runs_first() -> None:
    later, first = output("later", needs={One}), output("first", provides={One})
    assert names(graph.order((later, first))) == ["first", "later"]


@pytest.mark.parametrize(
    ("declared", "message"),
    [
        (
            [("a", {One}, {Two}), ("b", {Two}, {One})],
            "the outputs' declarations form a cycle: a needs Two from b, b needs One from a",
        ),
        ([("a", set(), {One})], "outputs/a needs One, which no output provides"),
        ([("a", {One}, set()), ("b", {One}, set())], "One is provided by both outputs/a and outputs/b"),
    ],
)
def test_a_graph_that_does_not_hold_is_refused(declared: list, message: str) -> None:
    made = tuple(output(name, provides=provides, needs=needs) for name, provides, needs in declared)
    with pytest.raises(graph.GraphError) as refused:
        graph.order(made)
    assert str(refused.value) == message


@pytest.mark.parametrize(
    ("changed", "expected"),
    [
        ({"content"}, ["narrative", "sitemap", "buildinfo"]),  # the stylesheets depend on the theme only
        ({"reporting_events"}, ["downloads", "calendar", "sitemap", "buildinfo"]),
        ({"te_tiriti"}, ["te_tiriti", "downloads", "home", "changes", "sitemap", "buildinfo"]),
        ({"overlaps"}, ["downloads", "recommendations", "search", "sitemap", "buildinfo"]),
        ({"data/releases"}, ["home", "changes", "sitemap", "buildinfo"]),
        (set(), []),
    ],
)
def test_dirty_is_what_reads_the_change_and_what_is_downstream(changed: set[str], expected: list[str]) -> None:
    assert names(graph.dirty(changed)) == expected


def test_a_theme_change_dirties_every_output() -> None:
    assert graph.dirty({"templates"}) == list(outputs.OUTPUTS)


def test_every_output_declares_what_it_reads_from_known_inputs() -> None:
    known = set(schema()) | EXTRAS
    unknown = {
        (o.__name__, name)
        for o in outputs.OUTPUTS
        for name in o.READS
        if name not in known and not (name.startswith("data/") and (ROOT / name).exists())
    }
    assert unknown == set()
    assert all(isinstance(o.PROVIDES, frozenset) and isinstance(o.NEEDS, frozenset) for o in outputs.OUTPUTS)


def registry() -> Build:
    build = Build.__new__(Build)  # the registry alone: no package, no writer
    build.artefacts, build.producers = {}, {TiritiView: "te_tiriti"}
    return build


def test_a_missing_artefact_names_its_maker() -> None:
    build = registry()
    with pytest.raises(MissingArtefact, match=r"^TiritiView is needed but was not provided: outputs/te_tiriti provides it"):
        build.need(TiritiView)
    with pytest.raises(MissingArtefact, match=r"^Slices is needed but was not provided: no output run before provides it"):
        build.need(Slices)
    assert build.find(Slices) is None


def test_an_artefact_is_provided_once_and_found_by_its_class() -> None:
    build = registry()
    build.provide(Slices({}))
    assert build.need(Slices) == Slices({}) and build.find(Slices) == Slices({})
    with pytest.raises(ValueError, match="Slices was provided twice"):
        build.provide(Slices({}))


def test_the_architecture_page_shows_the_current_graph() -> None:
    text = graph.DOCS.read_text(encoding="utf-8")
    assert graph.with_picture(text, graph.mermaid()) == text, "run python -m recommendations_site.pipeline.graph --docs"
    assert graph.main(["--check"]) == 0


def test_a_stale_picture_fails_the_check(tmp_path: Path) -> None:
    stale = tmp_path / "architecture.md"
    stale.write_text(f"# A\n{graph.BEGIN}\nold\n{graph.END}\nrest\n", encoding="utf-8")
    assert graph.main(["--check"], stale) == 1
    assert graph.main(["--docs"], stale) == 0 and graph.main(["--check"], stale) == 0
    assert stale.read_text(encoding="utf-8").endswith(f"{graph.END}\nrest\n")
