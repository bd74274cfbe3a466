"""build-info.json: when and from which commit the site was built. The one file of a build that
depends on the clock, so it is written last; every other file depends only on the data, content
and templates (two builds of the same inputs are byte-identical but for this file)."""

from __future__ import annotations

import json
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from ..render.build import ALL_INPUTS, Build, Change

READS = ALL_INPUTS
PROVIDES: frozenset[type] = frozenset()
NEEDS: frozenset[type] = frozenset()
AFTER_ALL = True  # it reads the finished site: after every other output

NAME = "build-info.json"


def git_commit(root: Path) -> str | None:
    """The checked-out commit, or None outside a git work tree."""
    try:
        result = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, check=False)
    except OSError:
        return None
    return result.stdout.strip() if result.returncode == 0 else None


def write_file(site: Path, meta: dict, root: Path) -> None:
    info = {
        "built_at": datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
        "commit": git_commit(root),
        "data_date": meta.get("data_date", ""),
    }
    (site / NAME).write_text(json.dumps(info, indent=1) + "\n", encoding="utf-8")


def finish(build: Build) -> None:
    write_file(build.out, build.meta, build.project.root)  # last of all


def update(build: Build, change: Change) -> None:
    write_file(build.out, build.meta, build.project.root)
