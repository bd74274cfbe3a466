"""The Te Tiriti o Waitangi view's rule as the canonical package holds it (the te_tiriti_rule
table): made from data/curation/te_tiriti.yaml by the import (pipeline/tiriti.py, which checks it
and finds the members) and stated by the page (outputs/te_tiriti.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Self

KINDS = (("theme", "themes"), ("group", "groups"), ("ask", "asks"), ("term", "terms"))  # a rule row's kind, the file's list


@dataclass(frozen=True)
class TiritiRule:
    themes: tuple[str, ...]
    groups: tuple[str, ...]
    asks: tuple[str, ...]
    terms: tuple[str, ...]
    include: dict[str, str]  # recommendation id -> the curator's reason
    exclude: dict[str, str]

    @classmethod
    def of(cls, rows: list[dict]) -> Self:
        """The rule from its table's rows."""
        lists = {field: tuple(r["value"] for r in rows if r["kind"] == kind) for kind, field in KINDS}
        curated = {k: {r["value"]: r["reason"] for r in rows if r["kind"] == k} for k in ("include", "exclude")}
        return cls(**lists, **curated)

    def rows(self) -> list[dict]:
        """The te_tiriti_rule table: one row per part of the rule, in the file's order."""
        found = [{"kind": kind, "value": value, "reason": ""} for kind, field in KINDS for value in getattr(self, field)]
        return found + [
            {"kind": kind, "value": rec, "reason": reason}
            for kind in ("include", "exclude")
            for rec, reason in getattr(self, kind).items()
        ]
