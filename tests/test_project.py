"""The Project value and its registry of curated files: every file under data/ is registered and
every entry names a file, the schemas it names exist, the docs' table is generated from it, the
preview's watch list comes from it, and no module reads a path fixed when it loads."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from conftest import ROOT

from recommendations_site.model import registry
from recommendations_site.preview import serve
from recommendations_site.project import REGISTRY, Project, registered

PACKAGE = ROOT / "recommendations_site"


def test_every_file_under_data_is_registered_and_every_entry_is_there() -> None:
    project = Project.default()
    files = sorted(p.relative_to(project.data).as_posix() for p in project.data.rglob("*") if p.is_file())
    assert files and [f for f in files if registered(f) is None] == []
    absent = [e.path for e in REGISTRY if not (project.data / e.path).exists()]
    assert absent == []
    folders = [e.path for e in REGISTRY if e.path.endswith("/") and not (project.data / e.path).is_dir()]
    assert folders == []


def test_an_unregistered_file_is_found_by_the_check_and_refused_by_the_project(tmp_path: Path) -> None:
    assert registered("curation/new_rules.yaml") is None and registered("notes.txt") is None
    assert registered("tracking/msd.yaml").path == "tracking/"  # a folder's entry covers what it holds
    with pytest.raises(KeyError, match=r"curation/new_rules\.yaml: not a registered curated file"):
        Project.at(tmp_path).file("curation/new_rules.yaml")


def test_each_entry_names_a_schema_that_exists_and_a_known_step() -> None:
    assert [p for p in map(registry.schema_problem, REGISTRY) if p] == []
    assert len({e.path for e in REGISTRY}) == len(REGISTRY)


def test_the_docs_table_is_generated_from_the_registry() -> None:
    text = (ROOT / registry.DOC).read_text(encoding="utf-8")
    assert registry.rewritten(text) == text, f"{registry.DOC} is out of date: run `.venv/bin/{registry.REGENERATE}`"
    assert all(f"| `data/{e.path}` |" in registry.table() for e in REGISTRY)


def test_the_watch_list_is_the_registry_plus_content_templates_and_upstream(tmp_path: Path) -> None:
    project = Project.at(ROOT, data=tmp_path / "data", build=tmp_path / "build")
    config = {"imports": [{"importer": "uhri", "files": ["../elsewhere/uhri.jsonl", str(tmp_path / "up" / "a.csv")]}]}
    watched = project.watched(config)
    tops = sorted({e.path.split("/")[0] for e in REGISTRY})
    assert watched == [
        *(tmp_path / "data" / top for top in tops),
        ROOT / "content",
        ROOT / "site_templates",
        ROOT / "mkdocs.yml",
        *sorted([(ROOT.parent / "elsewhere").resolve(), tmp_path / "up"]),  # upstream folders, in path order
    ]
    assert serve.watched(config, project) == watched  # the preview's own list is this one


def module_level_paths(path: Path) -> list[str]:
    """Module-level names bound from a project path (paths.*, Project.default(), ROOT)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in tree.body:
        if isinstance(node, ast.Assign | ast.AnnAssign):
            text = ast.unparse(node.value) if node.value else ""
            if "paths." in text or "Project.default()" in text:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {text}")
        if isinstance(node, ast.ImportFrom) and any(a.name == "paths" for a in node.names):
            found.append(f"{path.relative_to(ROOT)}:{node.lineno}: imports paths")
    return found


def test_no_module_reads_a_path_fixed_when_it_loads() -> None:
    assert not (PACKAGE / "paths.py").exists()
    found = [line for path in sorted(PACKAGE.rglob("*.py")) for line in module_level_paths(path)]
    assert found == []


def test_a_project_elsewhere_keeps_its_folders() -> None:
    project = Project.at(ROOT / "x", data=ROOT / "y", build=ROOT / "z", site=ROOT / "w")
    assert (project.data, project.build, project.site, project.canonical) == (
        ROOT / "y",
        ROOT / "z",
        ROOT / "w",
        ROOT / "z" / "canonical",
    )
    assert project.file("tracking/") == ROOT / "y" / "tracking" and project.from_root("a/b") == ROOT / "x" / "a" / "b"
    assert Project.default().data == ROOT / "data"


def test_the_curated_fixture_is_a_copy_of_every_registered_file(curated_project: Project, curated: Path) -> None:
    own = Project.default()

    def listing(data: Path) -> dict[str, bytes]:
        return {p.relative_to(data).as_posix(): p.read_bytes() for p in data.rglob("*") if p.is_file()}

    assert curated == curated_project.data != own.data and listing(curated) == listing(own.data)
    assert curated_project.root == own.root and own.build not in (curated_project.build, *curated_project.build.parents)
