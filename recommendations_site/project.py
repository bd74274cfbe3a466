"""Where one run's files are: a Project value made once (by the command line, the preview or a
test) and passed to every step, in place of paths fixed when modules load.

It holds the project root (content, templates, the program), the data folder officials curate
and the build folder, and REGISTRY: every curated file under the data folder, with the schema
that checks it, the step that reads it and what it is for. A step asks for a curated file by its
registered name (project.file("curation/theme_map.yaml")); the registry drives the preview's
watch list, the docs' table of where a curated file goes (docs/adding-a-source.md) and the test
that every file under data/ is registered."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent  # the default project: the checkout this program is in


@dataclass(frozen=True)
class Curated:
    """One curated file (or folder, its name ending in /) under the data folder."""

    path: str  # relative to the data folder
    schema: str  # what checks it, as a path under recommendations_site/ (and the entry in it)
    step: str  # the step that reads it: import, classify, overlaps, canonical, render, release, evaluation
    description: str  # one line, plain words


def _ref(name: str, step: str, description: str, schema: str = "") -> Curated:
    return Curated(f"reference/{name}", schema or f"model/schema.yaml: {name.removesuffix('.yaml')}", step, description)


def _cur(name: str, step: str, description: str, schema: str = "") -> Curated:
    return Curated(f"curation/{name}", schema or f"model/curated.yaml: curation/{name}", step, description)


REGISTRY: tuple[Curated, ...] = (
    Curated(
        "sources.yaml",
        "model/curated.yaml: sources.yaml",
        "import",
        "The upstream files each import reads, and the dataset's title and country.",
    ),
    Curated("release.yaml", "model/curated.yaml: release.yaml", "canonical", "The day the release's data is as at (as_of)."),
    Curated("calendar.yaml", "model/curated.yaml: calendar.yaml", "canonical", "Reviews, reports and visits held or scheduled."),
    Curated(
        "releases/",
        "model/curated.yaml: releases/AS_OF.json",
        "render",
        "Recorded release manifests the changes page compares against.",
    ),
    Curated(
        "tracking/", "tracking/schema.yaml", "canonical", "Agencies' tracking files: actions and progress, one file per agency."
    ),
    Curated(
        "assessments/",
        "tracking/assessments.schema.yaml",
        "canonical",
        "Independent monitors' assessments, one file per monitor.",
    ),
    _ref("agencies.yaml", "canonical", "Government agencies: their names in English and te reo Māori, and any merger."),
    _ref("bodies.yaml", "canonical", "UN bodies that make recommendations."),
    _ref("instruments.yaml", "canonical", "Human rights treaties and their lead agencies."),
    _ref("mechanisms.yaml", "canonical", "The UN mechanisms (UPR, treaty bodies, special procedures)."),
    _ref("themes.yaml", "canonical", "The themes recommendations are classified into."),
    _ref("groups.yaml", "canonical", "The groups of people recommendations name."),
    _ref("sources.yaml", "canonical", "The upstream sources: title, attribution and licence."),
    _ref("monitors.yaml", "canonical", "Independent monitors whose assessments are published."),
    _ref(
        "document_totals.yaml",
        "canonical",
        "How many recommendations each UN document holds, as its source states.",
        "model/curated.yaml: reference/document_totals.yaml",
    ),
    _ref(
        "state_names.yaml",
        "import",
        "Recommending states' names as sources write them, mapped to one name.",
        "model/curated.yaml: reference/state_names.yaml",
    ),
    _ref(
        "uhri_countries.yaml",
        "import",
        "UHRI's country ids and their names.",
        "model/curated.yaml: reference/uhri_countries.yaml",
    ),
    _ref("upr_sessions.yaml", "import", "UPR sessions' cycles and years.", "model/curated.yaml: reference/upr_sessions.yaml"),
    _ref(
        "search_terms.yaml",
        "render",
        "Synonyms, acronyms and te reo Māori words the search understands.",
        "model/curated.yaml: reference/search_terms.yaml",
    ),
    # read by the importers (context.curation), not only by the classifier: an edit imports again
    _cur("theme_map.yaml", "import", "Upstream themes and tags mapped to the site's themes and groups."),
    _cur(
        "lead_agencies.yaml",
        "import",
        "The country whose agencies lead, and the agencies that lead by default for each UN body.",
    ),
    _cur("classification.yaml", "classify", "Curated rules for themes, SDG targets and agencies."),
    _cur(
        "agency_portfolios.yaml",
        "classify",
        "Agencies' portfolios (themes and words) and treaty leads, for lead-agency suggestions.",
    ),
    _cur("asks.yaml", "overlaps", "The catalogue of asks recommendations share."),
    _cur("ask_decisions.yaml", "overlaps", "Curators' confirmations and rejections of asks."),
    _cur(
        "overlaps.csv",
        "overlaps",
        "Officials' confirmations and rejections of overlapping pairs.",
        "overlaps/__init__.py: read_curation",
    ),
    _cur(
        "overlap_evaluation.csv",
        "evaluation",
        "Hand labels the overlap evaluation scores against.",
        "overlaps/evaluate.py: labels",
    ),
    _cur("summaries.yaml", "canonical", "Plain-language summaries of recommendations."),
    _cur(
        "treaty_principles.yaml", "canonical", "The Te Tiriti principles curators record for recommendations, with their reasons."
    ),
    _cur("te_tiriti.yaml", "canonical", "Which recommendations the Te Tiriti page lists (themes, groups, asks, terms), and why."),
)
BY_PATH = {entry.path: entry for entry in REGISTRY}


def registered(relative: str) -> Curated | None:
    """The registry's entry for a path under the data folder: its own, or its folder's."""
    parts = relative.split("/")
    return BY_PATH.get(relative) or next(
        (BY_PATH[f"{'/'.join(parts[:n])}/"] for n in range(len(parts) - 1, 0, -1) if f"{'/'.join(parts[:n])}/" in BY_PATH),
        None,
    )


@dataclass(frozen=True)
class Project:
    """One run's root, data folder and build folder."""

    root: Path  # content/, site_templates/, mkdocs.yml; relative paths in sources.yaml start here
    data: Path  # the curated files (REGISTRY)
    build: Path  # build/canonical: the package the commands import into by default
    site: Path  # where `build` writes the site by default

    @classmethod
    def at(cls, root: Path, data: Path | None = None, build: Path | None = None, site: Path | None = None) -> Project:
        """The project at root; its data, build and site folders there unless given."""
        root = Path(root).resolve()

        def given(path: Path | None, default: str) -> Path:
            return Path(path).resolve() if path else root / default

        return cls(root, given(data, "data"), given(build, "build"), given(site, "site"))

    @classmethod
    def default(cls) -> Project:
        """The checkout this program is in: what the command line uses unless told otherwise."""
        return cls.at(ROOT)

    def copied(self, data: Path, build: Path, site: Path) -> Project:
        """This project with a copy of every registered curated file in data (and build and site
        folders of its own): what a test runs on and may damage, the checkout's own untouched."""
        for entry in REGISTRY:
            source, target = self.file(entry.path), data / entry.path.rstrip("/")
            target.parent.mkdir(parents=True, exist_ok=True)
            if source.is_dir():
                shutil.copytree(source, target)
            else:
                shutil.copy2(source, target)
        return Project.at(self.root, data=data, build=build, site=site)

    def file(self, name: str) -> Path:
        """A registered curated file or folder by its path under the data folder (KeyError when
        not registered: a step reads only what the registry says it does)."""
        if name not in BY_PATH:
            raise KeyError(f"{name}: not a registered curated file (recommendations_site/project.py REGISTRY)")
        return self.data / name.rstrip("/")

    def reference(self, table: str) -> Path:
        return self.file(f"reference/{table}.yaml")

    def curation(self, name: str) -> Path:
        return self.file(f"curation/{name}")

    def from_root(self, path: str | Path) -> Path:
        """A path written relative to the project root (as in data/sources.yaml), resolved."""
        path = Path(path)
        return path if path.is_absolute() else (self.root / path).resolve()

    @property
    def canonical(self) -> Path:
        return self.build / "canonical"

    def local(self) -> list[Path]:
        """What a preview watches in the project itself: the registry's files and folders at the top
        of the data folder (a folder with everything under it), the pages' content, the templates
        and mkdocs.yml."""
        tops = sorted({entry.path.split("/")[0] for entry in REGISTRY})
        return [*(self.data / top for top in tops), *(self.root / name for name in ("content", "site_templates", "mkdocs.yml"))]

    def upstream(self, config: dict) -> set[Path]:
        """The folders of the upstream files a sources configuration (data/sources.yaml) names."""
        return {self.from_root(f).parent for entry in config["imports"] for f in entry["files"]}

    def watched(self, config: dict) -> list[Path]:
        """Every path a preview rebuilds on: local(), the upstream files' folders, and the tracking,
        assessment, summary and release files the configuration names outside the data folder."""
        named = [self.from_root(config[key]) for key in ("tracking", "assessments", "summaries", "release") if config.get(key)]
        outside = [p for p in named if self.data.resolve() not in p.resolve().parents]
        return [*self.local(), *sorted(self.upstream(config)), *outside]
