"""The "What changed" page (changes/, with changes/changes.json) and the Atom feeds (feeds.py): the
differences between the package and the previous recorded release (model/release.py), by id.
Everything depends on the package and the committed manifests only: dates are the data's and the
release's as_of, never the clock."""

from __future__ import annotations

import json

from ...model import release
from ...render.artefacts import Stylesheets, TiritiHub, TiritiView
from ...render.build import PAGES, Build, Change, reads
from . import feeds
from . import view as changes_view

READS = reads(
    PAGES, "bodies", "assessments", "assessment_recommendations", "monitors", "action_recommendations", uses=("changes", "hubs")
)
PROVIDES: frozenset[type] = frozenset()
NEEDS: frozenset[type] = frozenset({Stylesheets, TiritiView})


def write(build: Build) -> None:
    """The page, its JSON and every feed, against the manifests in build.releases (default data/releases)."""
    writer, site, recs, tables, as_of = build.writer, build.site, build.recs, build.tables, build.as_of
    found = build.changes
    listed = changes_view.items(found, {r.id: r for r in recs}, tables)
    page = changes_view.view(found, listed, site.country, "feeds/all.atom") | {"feed_limit": feeds.LIMIT}
    since = f" since the release as at {page['since']}" if found.since else ""
    writer.page(
        changes_view.FOLDER,
        "changes.html",
        "What changed",
        f"What changed in the data on UN human rights recommendations to {site.country}{since}: by recommendation, response, action and progress update.",
        changes=page,
    )
    data = json.dumps(changes_view.as_json(found, listed, site.url), ensure_ascii=False, indent=1) + "\n"
    writer.file(changes_view.FOLDER + "changes.json", data)
    every = entries(build, found, listed)
    feeds.write(writer, every, build.hubs, as_of)
    tiriti_feed(build, every, build.need(TiritiView).hub)


def tiriti_feed(build: Build, every: list[feeds.Entry], hub: TiritiHub) -> None:
    """The Te Tiriti o Waitangi view's feed: the entries about its recommendations."""
    ids = {r.id for r in hub.recs}
    chosen = [e for e in every if ids & set(e.recs)]
    subtitle = f"New recommendations, responses, actions and progress updates about {hub.title}, newest first."
    title = f"{hub.title} – {build.site.name}"
    build.writer.file(hub.feed_path, feeds.atom(chosen, build.site, hub.feed_path, title, subtitle, hub.url, build.as_of))


def entries(build: Build, found: release.Changes, listed: dict[str, list[dict]]) -> list[feeds.Entry]:
    """Every feed entry: what is dated in the data, then the first release's recommendations or a
    later release's changes (feeds of other outputs pick theirs from these)."""
    dated = feeds.dated_entries(build.recs, build.tables, build.as_of)
    if found.since:
        return dated + feeds.change_entries(found, listed, dated, build.as_of)
    countries = sorted({r.country for r in build.recs})
    first = release.first_published(build.releases or build.project.file("releases/"), build.as_of.isoformat(), countries)
    return dated + feeds.published_entries(build.recs, build.tables, dated, build.as_of, first)


def update(build: Build, change: Change) -> None:
    write(build)  # the changes and the feeds list recommendations too
