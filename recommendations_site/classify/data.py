"""The UN-labelled training data, read from ../shared/data with the project's own importers, so
every label is the one the canonical package would carry: UPR Info issue tags (sessions 1-9) and
the OHCHR matrices' themes and affected persons mapped by data/curation/theme_map.yaml, SDG goals
from the OHCHR matrices and the UHRI records (decoded with the SDG taxonomy). Costa Rica's 4th
cycle comes as matrix rows copied into a CSV (PROVENANCE.md), not as the Word matrix: it is read
here, through the same theme map."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from .. import importers
from ..model import Recommendation, make_id
from ..model.context import Context
from ..project import Project

SETS = {
    "upr-info": ("upr-info", ["upr-info/sessions-01-05.macroman.csv", "upr-info/sessions-06-09.csv"]),
    "ohchr-cycle2": ("ohchr-matrix", ["ohchr-matrix/slovenia-upr-cycle2-session20.docx"]),
    "ohchr-cycle3": ("ohchr-matrix", ["ohchr-matrix/slovenia-upr-cycle3-session34.docx"]),
    "uhri": ("uhri", ["uhri/uhri-api-sample-records.jsonl"]),
}
COSTA_RICA = "ohchr-matrix/costa-rica-upr-cycle4-matrix-rows.csv"
OHCHR = ("ohchr-cycle2", "ohchr-cycle3", "ohchr-cycle4-costa-rica")  # OHCHR's own labels, each a whole state and cycle
GOAL = re.compile(r"^\s*(\d{1,2})\s*-")


def cells(value: str) -> list[str]:
    return [v.strip() for v in value.split(" | ") if v.strip()]


def costa_rica(path: Path, context: Context) -> list[Recommendation]:
    """The 4th-cycle rows, labels mapped by theme_map.yaml. A row whose labels the source cut
    short (labels_complete = no) keeps its themes but gives no groups or SDG goals."""
    rules, out = context.curation, []
    with path.open(encoding="utf-8", newline="") as handle:
        for n, row in enumerate(csv.DictReader(handle), start=2):
            rec = Recommendation(
                make_id(row["document"], row["paragraph"]), row["state_under_review"], "upr", "UPR", 2024,
                row["document"], row["recommendation_text"], row["position"].casefold(), "ohchr-matrix", f"{path.name}:{n}",
            )  # fmt: skip
            unmapped = rules.apply(rec, "ohchr-themes", cells(row["themes"]))
            as_groups, groups, _ = rules.map_tags("ohchr-affected-persons", unmapped + cells(row["affected_persons"]))
            rec.themes += [t for t in as_groups if t not in rec.themes]
            rec.affected_groups += [g for g in groups if g not in rec.affected_groups]
            rec.sdg_goals = [m[1] for m in map(GOAL.match, cells(row["sdgs"])) if m]
            if row["labels_complete"] != "yes":
                rec.affected_groups, rec.sdg_goals = [], []
            out.append(rec)
    return out


def shared_data(project: Project) -> Path:
    """The training data: ../shared/data beside the project (not curated data)."""
    return project.root.parent / "shared" / "data"


def read(data: Path | None = None, project: Project | None = None) -> dict[str, list[Recommendation]]:
    """Each training set by name (data: default the project's shared_data), imported as the build
    would import it, with the project's curated files (the checkout's own by default)."""
    context = Context(project or Project.default())
    data = data or shared_data(context.project)
    sets = {
        name: importers.run(importer, [data / f for f in files], None, context).recommendations
        for name, (importer, files) in SETS.items()
    }
    sets["ohchr-cycle4-costa-rica"] = costa_rica(data / COSTA_RICA, context)
    return sets
