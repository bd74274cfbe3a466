"""The release builds the "What changed" page (tests/test_changes.py) and the Atom feeds
(tests/test_feeds.py) read: the tracked NZ package built as a first release, recorded, a later
package built against it, and the first package built again once its release is recorded. Made
once per test run by conftest's `released` fixture (three builds where the two files made six)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import run_build

from recommendations_site.model import package

CHANGED = "a-hrc-26-3-128-14"  # its response changes in the later release
LATER = "2027-05-01"
NEW_UPDATE = "fixture-child-poverty-2027-04-01"


def later_release(data: Path, into: Path) -> str:
    """A copy of the package as at LATER: one response changed, one progress update added (with
    markup in its text), one recommendation removed (one no action or overlap names). Returns its id."""
    shutil.copytree(data, into)
    recs, tables, _ = package.read_package(into)
    rows = package.recommendation_rows(recs)
    named = {link["recommendation"] for link in tables["action_recommendations"]}
    named |= {pair[end] for pair in tables["overlaps"] for end in ("id_a", "id_b")}
    removed = next(row["id"] for row in reversed(rows) if row["id"] not in named)
    rows = [row for row in rows if row["id"] != removed]
    for row in rows:
        if row["id"] == CHANGED:
            assert row["response"] != "supported"
            row["response"] = "supported"
    package.write_table(into, "recommendations", rows)
    first = tables["progress_updates"][0]
    update = {**first, "id": NEW_UPDATE, "action": "fixture-child-poverty", "agency": "msd", "date": "2027-04-01"}
    package.write_table(
        into, "progress_updates", [*tables["progress_updates"], {**update, "period": "2027-H1", "text": "New <i>work</i>."}]
    )
    descriptor = json.loads((into / "datapackage.json").read_text(encoding="utf-8"))
    (into / "datapackage.json").write_text(json.dumps({**descriptor, "as_of": LATER}, indent=1) + "\n", encoding="utf-8")
    return removed


def build(data: Path, out: Path, manifests: Path) -> None:
    built = run_build("build", "--data", data, "--out", out, "--releases", manifests)
    assert built.returncode == 0, built.stderr


def make(tracked_data: Path, folder: Path) -> None:
    """Into folder: data (a copy of the shared `tracked` package: the NZ data imported with the
    tracking fixture and tests/fixtures/release.yaml), first (built with no recorded release),
    releases (first recorded), later-data and later (built against it), again (data built once
    more, its own release now recorded), and removed.txt (the recommendation later-data lacks)."""
    data, manifests = folder / "data", folder / "releases"
    shutil.copytree(tracked_data, data)
    build(data, folder / "first", manifests)
    recorded = run_build("release", "--data", data, "--releases", manifests)
    assert recorded.returncode == 0, recorded.stderr
    removed = later_release(data, folder / "later-data")
    (folder / "removed.txt").write_text(removed, encoding="utf-8")
    build(folder / "later-data", folder / "later", manifests)
    build(data, folder / "again", manifests)
