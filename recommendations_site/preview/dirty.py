"""What a change dirties: the kinds of input the changed paths are, and the outputs that read them.

Kinds: "upstream" (files data/sources.yaml names), "tracking", "assessments", "summaries",
"release" (the release file: as_of), "curation" (anything else under data/: curated and
reference files the import and the classifier read), "content", "templates", "mkdocs".
The first six are read by the canonical step; the last three only by the site's outputs."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from types import ModuleType

from ..pipeline import graph
from ..project import Project, registered

TRACKED = frozenset({"tracking", "assessments", "summaries", "release"})  # redone on top of the last classified import
SITE_ONLY = frozenset({"content", "templates", "mkdocs"})  # no import at all: inputs of the outputs alone


def within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def kinds(changed: Iterable[Path], config: dict, project: Project) -> set[str]:
    """The kinds of input among changed (resolved paths), in project, with config its sources."""
    defaults = {"tracking": "tracking/", "assessments": "assessments/", "summaries": "curation/summaries.yaml", "release": "release.yaml"}
    places = {kind: project.from_root(config.get(kind) or project.file(name)).resolve() for kind, name in defaults.items()}
    places |= {
        "content": (project.root / "content").resolve(),
        "templates": (project.root / "site_templates").resolve(),
        "mkdocs": (project.root / "mkdocs.yml").resolve(),
    }
    data, folders = project.data.resolve(), {f.resolve() for f in project.upstream(config)}
    found = set()
    for path in changed:
        kind = next((k for k, place in places.items() if within(path, place)), None)
        if kind is None and within(path, data):
            kind = "curation"
        elif kind is None and path.parent in folders:
            kind = "upstream"
        if kind:
            found.add(kind)
    return found


def classifier_only(changed: Iterable[Path], project: Project) -> bool:
    """Whether every changed path is a curated file that only the classifier reads (the registry's
    step "classify": read after the import, by nothing the overlaps or the importers read)."""
    data = project.data.resolve()
    entries = [registered(path.relative_to(data).as_posix()) if within(path, data) else None for path in changed]
    return bool(entries) and all(entry is not None and entry.step == "classify" for entry in entries)


def name(output: ModuleType) -> str:
    return output.__name__.rsplit(".", 1)[1]


def outputs_reading(inputs: set[str]) -> list[ModuleType]:
    """The outputs that read any of inputs (package table names and the kinds above) and every
    output downstream of them, in build order: the build graph's answer (pipeline.graph.dirty)."""
    return graph.dirty(set(inputs))
