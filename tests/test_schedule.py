"""The start order of the tests (tests/schedule.py): longest first, every test kept, a module with
module fixtures that make something kept together as one unit, the order inside a unit unchanged,
and xdist's scheduler handing out those units."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
import schedule


@dataclass
class Item:  # what longest_first reads of a pytest.Item
    nodeid: str
    stash: dict = field(default_factory=dict)


def test_longest_units_first_and_modules_kept_together(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(schedule, "ESTIMATES", {"tests/b.py::long": 50.0, "tests/c.py": 20.0, "tests/d.py::mid": 5.0})
    monkeypatch.setattr(schedule, "TOGETHER", {"tests/c.py"})
    names = ["a.py::one", "a.py::two", "b.py::short", "b.py::long", "c.py::first", "c.py::second", "d.py::mid[x]", "d.py::mid[y]"]
    items = [Item(f"tests/{name}") for name in names]
    before = list(items)
    schedule.longest_first(items)  # type: ignore[arg-type]
    assert [i.nodeid.removeprefix("tests/") for i in items] == [
        "b.py::long",
        "c.py::first",  # one unit of 20 s, in its own order
        "c.py::second",
        "d.py::mid[x]",  # the estimate of a test's name holds for each of its parameters
        "d.py::mid[y]",
        "a.py::one",  # the rest at DEFAULT, in the order collected
        "a.py::two",
        "b.py::short",
    ]
    assert sorted(map(id, items)) == sorted(map(id, before))
    assert [i.stash[schedule.UNIT_COST] for i in items] == [50.0, 20.0, 20.0, 5.0, 5.0, 0.3, 0.3, 0.3]
    assert [schedule.unit_of(i.nodeid) for i in items[:3]] == ["tests/b.py::long", "tests/c.py", "tests/c.py"]


def test_this_run_is_in_that_order(request: pytest.FixtureRequest) -> None:
    """The real collection: every module with a module-scoped fixture is kept together (or is one of
    the few SPREAD on purpose), each unit is contiguous, and no unit costs more than the one before."""
    items = request.session.items
    with_module_fixtures = {
        schedule.module_of(item.nodeid)
        for item in items
        if any(defs[-1].scope == "module" for defs in item._fixtureinfo.name2fixturedefs.values() if defs)
    }
    assert with_module_fixtures - schedule.TOGETHER - schedule.SPREAD == set()
    units = [schedule.unit_of(item.nodeid) for item in items]
    for unit in set(units):
        where = [n for n, u in enumerate(units) if u == unit]
        assert where == list(range(where[0], where[-1] + 1)), f"{unit} is not contiguous"
    costs = [item.stash[schedule.UNIT_COST] for item in items]
    assert costs == sorted(costs, reverse=True)


def test_xdist_hands_out_whole_units() -> None:
    """The scheduler conftest gives xdist splits the run by unit_of (its scope)."""
    split = schedule.ByUnit._split_scope
    assert [split(None, n) for n in ("tests/test_preview.py::test_x", "tests/test_site.py::test_y[1]")] == [  # type: ignore[arg-type]
        "tests/test_preview.py",
        "tests/test_site.py::test_y[1]",
    ]
