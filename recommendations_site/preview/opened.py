"""The recommendation pages the open browsers show, brought up to date first after a change that
is not an upstream edit (Preview.rebuild; Preview.incremental renders its own): rendered from
the new tables and their own pairs alone, written in place before anything else."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..model import package
from ..outputs import recommendations
from ..render.build import Build, Change
from .edits import compiled_from, page_paths

if TYPE_CHECKING:
    from . import Preview


def recommendation_pages(
    preview: Preview, lines: dict[str, list[str]], meta: dict, compiled: bool = False
) -> tuple[dict[Path, bytes | None], dict[Path, bytes]]:
    """The open recommendation pages rendered from the tables' lines and written in place, their
    reload pushed (compiled: with the last build's compiled templates); returns what they held
    before and now."""
    before = preview.built
    assert before is not None
    ids = preview.open_ids() & {r.id for r in before.recs}
    if not ids:
        return {}, {}
    same = {
        n for n in lines if preview.whole and lines[n] == preview.lines.get(n) and n in before.tables
    }  # read from the package
    tables = {n: before.tables[n] if n in same else package.rows_of_lines(n, rows) for n, rows in lines.items()}
    recs = [package.recommendation_of(row) for row in tables.pop("recommendations")]
    tables["overlaps"] = [p for p in tables["overlaps"] if p["id_a"] in ids or p["id_b"] in ids]  # all these pages show
    build = Build(
        preview.out, preview.canonical, recs, tables, meta, before.site, before.releases, hold=True, project=before.project
    )
    if compiled:
        compiled_from(build, before)
    recommendations.update(build, Change(set(), ids, set(), before))
    shown = build.writer.flush()
    preview.live.reload(page_paths(preview.out, shown))
    return shown, {p: p.read_bytes() for p in shown}
