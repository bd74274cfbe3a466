"""The start order of the tests (tests/schedule.py): longest first, every test kept, a module with
costly module fixtures kept together as one xdist group, the order inside a unit unchanged."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
import schedule


@dataclass
class Fixture:
    scope: str


@dataclass
class Info:
    name2fixturedefs: dict[str, list[Fixture]]


@dataclass
class Item:  # what longest_first reads of a pytest.Item, and add_marker
    nodeid: str
    scopes: list[str] = field(default_factory=list)
    marks: list[pytest.Mark] = field(default_factory=list)
    stash: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._fixtureinfo = Info({f"f{n}": [Fixture(s)] for n, s in enumerate(self.scopes)})

    def add_marker(self, mark: pytest.MarkDecorator) -> None:
        self.marks.append(mark.mark)


def test_longest_units_first_and_costly_modules_kept_together(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(schedule, "ESTIMATES", {"tests/b.py::long": 50.0, "tests/c.py": 20.0, "tests/d.py::mid[x]": 5.0})
    monkeypatch.setattr(schedule, "SPREAD", {"tests/d.py"})
    items = [
        Item("tests/a.py::one"),
        Item("tests/a.py::two"),
        Item("tests/b.py::short"),
        Item("tests/b.py::long"),
        Item("tests/c.py::first", ["module"]),  # module fixtures: one unit of 20 s, in its own order
        Item("tests/c.py::second", ["session"]),
        Item("tests/d.py::mid[x]", ["module"]),  # SPREAD: units of their own despite the fixture
        Item("tests/d.py::mid[y]", ["module"]),
    ]
    before = list(items)
    schedule.longest_first(items)  # type: ignore[arg-type]
    assert [i.nodeid for i in items] == [
        "tests/b.py::long",
        "tests/c.py::first",
        "tests/c.py::second",
        "tests/d.py::mid[x]",
        "tests/a.py::one",  # the rest at DEFAULT, in the order collected
        "tests/a.py::two",
        "tests/b.py::short",
        "tests/d.py::mid[y]",
    ]
    assert sorted(map(id, items)) == sorted(map(id, before))
    assert [i.stash[schedule.UNIT_COST] for i in items] == [50.0, 20.0, 20.0, 5.0, 0.3, 0.3, 0.3, 0.3]
    groups = {i.nodeid: [(m.name, m.args) for m in i.marks] for i in items if i.marks}
    assert groups == {n: [("xdist_group", ("tests/c.py",))] for n in ("tests/c.py::first", "tests/c.py::second")}


def test_this_run_is_in_that_order(request: pytest.FixtureRequest) -> None:
    """The real collection: a module kept together is contiguous and one xdist group, and every
    unit costs no more than the one before it."""
    items = request.session.items
    groups = [next((m.args[0] for m in item.iter_markers("xdist_group")), None) for item in items]
    for group in set(groups) - {None}:
        where = [n for n, g in enumerate(groups) if g == group]
        assert where == list(range(where[0], where[-1] + 1)), f"{group} is not contiguous"
        assert all(item.nodeid.split("::")[0] == group for item in items[where[0] : where[-1] + 1])
    costs = [item.stash[schedule.UNIT_COST] for item in items]
    assert costs == sorted(costs, reverse=True)
