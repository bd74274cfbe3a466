"""The package's structure: imports flow one way (the layers contract in pyproject.toml, checked by
import-linter), outputs never import one another (the independence contract), no module is over
400 lines nor function over 60, and every output is registered."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from conftest import ROOT

from recommendations_site import outputs

PACKAGE = ROOT / "recommendations_site"
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(root: Path) -> subprocess.CompletedProcess:
    """import-linter over the package under root, with the contracts in ROOT's pyproject.toml."""
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
        cwd=root,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
    )


def test_imports_flow_one_way_and_form_no_circle() -> None:
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 kept, 0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "line"),
    [
        ("model/package.py", "from ..render import hubs"),  # the model importing a rendering helper
        ("render/views.py", "from ..outputs import home"),  # a helper importing an output
        ("outputs/home.py", "from ..importers import upr_info"),  # an output knowing a source
        ("errors.py", "from .model import package"),  # the leaf importing up
        ("outputs/te_tiriti.py", "from . import downloads"),  # an output importing another
        ("outputs/home.py", "from .changes import feeds"),  # ... or a module of another's folder
    ],
)
def test_an_import_back_up_breaks_the_contract(module: str, line: str, tmp_path: Path) -> None:
    shutil.copytree(PACKAGE, tmp_path / "recommendations_site", ignore=shutil.ignore_patterns("__pycache__"))
    target = tmp_path / "recommendations_site" / module
    target.write_text(line + "\n" + target.read_text(encoding="utf-8"), encoding="utf-8")
    result = lint_imports(tmp_path)
    assert result.returncode == 1 and "BROKEN" in result.stdout, result.stdout + result.stderr


def test_every_output_is_in_the_independence_contract() -> None:
    """A new output is independent of the others too: the contract lists every registered one."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    independent = [c for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "independence"]
    assert [c["modules"] for c in independent] == [sorted(m.__name__ for m in outputs.OUTPUTS)]


def test_no_output_imports_another() -> None:
    """Counted from the source too, so the figure is plain: 0 imports of one output by another."""
    names = {m.__name__.rsplit(".", 1)[1] for m in outputs.OUTPUTS}
    found = []
    for path in sorted((PACKAGE / "outputs").rglob("*.py")):
        if path == PACKAGE / "outputs" / "__init__.py":
            continue  # the registry, OUTPUTS
        own = path.parent.name if path.parent.name in names else path.stem
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                parts = (node.module or "").split(".")
                targets = [parts[0]] if node.level == 1 and parts[0] else [a.name for a in node.names] if node.level == 1 else []
                if node.level == 2 and path.parent.name in names:  # from a folder's module: ..x is outputs.x
                    targets = [parts[0]] if parts[0] else [a.name for a in node.names]
                found += [f"{path.relative_to(PACKAGE)}: {t}" for t in targets if t in names and t != own]
    assert found == []


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_no_module_is_over_400_lines() -> None:
    long = {str(p.relative_to(ROOT)): n for p in modules() if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400}
    assert long == {}


def test_every_function_reads_in_one_screen() -> None:
    long = {}
    for path in modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and node.end_lineno - node.lineno >= 60:  # type: ignore[operator]
                long[f"{path.relative_to(ROOT)}:{node.lineno} {node.name}"] = node.end_lineno - node.lineno + 1  # type: ignore[operator]
    assert long == {}


def test_every_output_module_is_registered_once_and_has_a_step() -> None:
    folder = PACKAGE / "outputs"
    found = {p.stem for p in folder.glob("*.py") if p.stem != "__init__"} | {p.parent.name for p in folder.glob("*/__init__.py")}
    registered = [m.__name__.rsplit(".", 1)[1] for m in outputs.OUTPUTS]
    assert sorted(registered) == sorted(found) and len(set(registered)) == len(registered)
    for output in outputs.OUTPUTS:
        assert hasattr(output, "write") or hasattr(output, "finish"), output.__name__
    assert outputs.OUTPUTS[0] is outputs.narrative  # mkdocs empties the folder it builds into
