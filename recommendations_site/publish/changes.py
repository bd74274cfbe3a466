"""The "What changed" page (changes/, with changes/changes.json) and the Atom feeds (publish/feeds.py): the
differences between the package and the previous recorded release (model/release.py), by id.
Everything depends on the package and the committed manifests only: dates are the data's and the
release's as_of, never the clock."""

from __future__ import annotations

import json
from pathlib import Path

from ..model import Recommendation, package, release
from ..render import Writer
from ..render import changes as changes_view
from ..render.hubs import Hub
from . import feeds


def write(
    writer: Writer,
    meta: dict,
    recs: list[Recommendation],
    tables: dict[str, list[dict]],
    hubs: dict[str, list[Hub]],
    releases: Path | None = None,
) -> None:
    """The page, its JSON and every feed; releases: where the manifests are (default data/releases)."""
    site = writer.site
    as_of = package.release_date(meta)
    found = release.changes(recs, tables, meta, releases or release.RELEASES)
    listed = changes_view.items(found, {r.id: r for r in recs}, tables)
    page = changes_view.view(found, listed, site.country, "feeds/all.atom")
    since = f" since the release as at {page['since']}" if found.since else ""
    writer.page(
        changes_view.FOLDER,
        "changes.html",
        "What changed",
        f"What changed in the data on UN human rights recommendations to {site.country}{since}: by recommendation, response, action and progress update.",
        changes=page,
    )
    data = json.dumps(changes_view.as_json(found, listed, site.url), ensure_ascii=False, indent=1) + "\n"
    feeds.write_file(writer.out / changes_view.FOLDER / "changes.json", data.encode("utf-8"))
    dated = feeds.dated_entries(recs, tables, as_of)
    feeds.write(writer.out, site, dated + feeds.change_entries(found, listed, dated, as_of), hubs, as_of)
