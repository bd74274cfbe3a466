"""Foreign-key lookups read once per validation. frictionless builds each table's lookup by reading
the table its foreign key names again, cast row by row: ten tables name recommendations, so at
41,000 recommendations half of frictionless's time went on reading recommendations.csv ten times.
Within one validation the files do not change, so each (table, key fields) is read once, by
frictionless's own code, and the set of keys it found is handed to the next table that names it:
the report is frictionless's, error for error (tests/test_validate.py)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from frictionless.resources.table import TableResource

_state = threading.local()  # validations in other threads keep their own lookups
_OPEN = "_TableResource__open_lookup"  # frictionless 5's (pinned) method that reads the referenced tables
_LOOKUP = "_TableResource__lookup"  # where it keeps them
_original = getattr(TableResource, _OPEN, None)


def _reference(fk: dict) -> tuple[str, tuple[str, ...]]:
    return fk["reference"]["resource"], tuple(fk["reference"]["fields"])


def _open_lookup(self: TableResource) -> None:
    """frictionless's lookup of self's foreign keys, the tables read already in this validation taken as read."""
    read: dict | None = getattr(_state, "read", None)
    if read is None or self.package is None:
        return _original(self)  # type: ignore[misc]
    keys = self.schema.foreign_keys
    other = [fk for fk in keys if _reference(fk)[0] not in ("", self.name)]  # a table naming itself reads itself
    known = [fk for fk in other if _reference(fk) in read]
    self.schema.foreign_keys = [fk for fk in keys if fk not in known]
    try:
        _original(self)  # type: ignore[misc]
    finally:
        self.schema.foreign_keys = keys
    lookup = getattr(self, _LOOKUP)
    for fk in other:
        name, fields = _reference(fk)
        if fk in known:
            lookup.setdefault(name, {})[fields] = read[(name, fields)]
        elif fields in lookup.get(name, {}):
            read[(name, fields)] = lookup[name][fields]


if _original is not None:
    setattr(TableResource, _OPEN, _open_lookup)


@contextmanager
def read_once() -> Iterator[None]:
    """Within this block (one package's validation, in this thread) each referenced table is read once."""
    _state.read = {}
    try:
        yield
    finally:
        _state.read = None
