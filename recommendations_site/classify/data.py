"""The UN-labelled training data, read from ../shared/data with the project's own importers, so
every label is the one the canonical package would carry: UPR Info issue tags (sessions 1-9) and
the OHCHR matrices' themes and affected persons mapped by data/curation/theme_map.yaml, SDG goals
from the OHCHR matrices and the UHRI records (decoded with the SDG taxonomy)."""

from __future__ import annotations

from pathlib import Path

from .. import importers, paths
from ..model import Recommendation
from ..model.context import Context

DATA = paths.ROOT.parent / "shared" / "data"
SETS = {
    "upr-info": ("upr-info", ["upr-info/sessions-01-05.macroman.csv", "upr-info/sessions-06-09.csv"]),
    "ohchr-cycle2": ("ohchr-matrix", ["ohchr-matrix/slovenia-upr-cycle2-session20.docx"]),
    "ohchr-cycle3": ("ohchr-matrix", ["ohchr-matrix/slovenia-upr-cycle3-session34.docx"]),
    "uhri": ("uhri", ["uhri/uhri-api-sample-records.jsonl"]),
}


def read(data: Path = DATA) -> dict[str, list[Recommendation]]:
    """Each training set by name, imported as the build would import it."""
    context = Context()
    return {
        name: importers.run(importer, [data / f for f in files], None, context).recommendations
        for name, (importer, files) in SETS.items()
    }
