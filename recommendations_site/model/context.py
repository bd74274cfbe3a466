"""What one run reads from the curated files, read once for that run and never kept beyond it.

A Context is made at the start of every import (and every preview rebuild), so an official's edit
of data/curation/ or data/reference/ shows in the next build without restarting `serve`. A module
that derives a vocabulary of its own from curated files (the overlaps' instrument names) keeps it
here with memo(), not in a module-level cache."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from ..project import Project
from . import curation, states
from .reference import load_yaml

T = TypeVar("T")


@dataclass
class Context:
    project: Project = field(default_factory=Project.default)  # where this run's curated files are
    _loaded: dict[str, Any] = field(default_factory=dict, repr=False)

    def memo(self, key: str, load: Callable[[], T]) -> T:
        """load() the first time key is asked for in this run; the same value after that."""
        if key not in self._loaded:
            self._loaded[key] = load()
        return self._loaded[key]

    def forgetting(self, key: str) -> Context:
        """This run's context with what key read to be read again, the rest kept (the preview,
        when only the classifier's curated files changed, keeps what the overlaps step read)."""
        return Context(self.project, {k: v for k, v in self._loaded.items() if k != key})

    @property
    def curation(self) -> curation.Curation:
        return self.memo("curation", lambda: curation.load(self.project))

    @property
    def state_names(self) -> states.StateNames:
        return self.memo("state_names", lambda: states.load(self.project.reference("state_names")))

    @property
    def upr_sessions(self) -> dict:
        return self.memo("upr_sessions", lambda: load_yaml(self.project.reference("upr_sessions"), "reference/upr_sessions.yaml"))

    def upr_cycle(self, session: int) -> int | None:
        for cycle, (first, last) in self.upr_sessions["cycles"].items():
            if first <= session <= last:
                return int(cycle)
        return None

    def upr_year(self, session: int) -> int | None:
        return self.upr_sessions["years"].get(session)
