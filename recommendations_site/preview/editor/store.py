"""What the editor reads: the project's agencies (data/reference/agencies.yaml), release date
(data/release.yaml), tracking folder (where the Project's registry puts them) and the recommendations
of the last build's canonical package (the Project's build/canonical, which `build.py serve` writes
before it serves). Read afresh when they change."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ...model import Recommendation, package
from ...model.reference import as_of, load_yaml
from ...project import Project
from ...tracking import Tracking
from ...tracking import read as read_tracking


@dataclass
class Store:
    project: Project
    canonical: Path
    _recs: tuple[float, list[Recommendation]] | None = field(default=None, repr=False)

    @property
    def data(self) -> Path:
        return self.project.data

    @property
    def tracking(self) -> Path:
        return self.project.file("tracking/")

    def agencies(self) -> list[dict]:
        """The agencies as agencies.yaml lists them (read strictly, checked against its schema)."""
        rows = load_yaml(self.project.reference("agencies"), "reference/agencies.yaml")
        return [row for row in rows if isinstance(row, dict)]  # type: ignore[union-attr]

    def agency(self, agency_id: str) -> dict | None:
        """The agency agencies.yaml lists under this id, or None: the only way a request's text
        reaches a path is as an id found here."""
        return next((a for a in self.agencies() if a["id"] == agency_id), None)

    def as_of(self) -> dt.date:
        return as_of(self.project.file("release.yaml"))

    def recommendations(self) -> list[Recommendation]:
        """The build's recommendations, read again only when the package was rebuilt."""
        stamp = (self.canonical / "datapackage.json").stat().st_mtime
        if self._recs is None or self._recs[0] != stamp:
            self._recs = (stamp, package.read_recommendations(self.canonical))
        return self._recs[1]

    def read(self, folder: Path | None = None) -> Tracking:
        """Every tracking file checked as the build checks them (tracking.read)."""
        agencies = {a["id"] for a in self.agencies()}
        return read_tracking(folder or self.tracking, {r.id for r in self.recommendations()}, agencies, self.as_of())
