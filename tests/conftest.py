"""Shared test fixtures: where the real data is, and helpers to run the command line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = ROOT.parent / "shared" / "data"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def run_build(*args: str | Path) -> subprocess.CompletedProcess:
    """Run `python build.py ARGS...` as a user would; returns the finished process."""
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *map(str, args)], capture_output=True, text=True, cwd=ROOT)


@pytest.fixture(scope="session")
def shared_data() -> Path:
    assert SHARED_DATA.is_dir(), f"the real data must be beside the checkout at {SHARED_DATA}"
    return SHARED_DATA


NZ_FILES = [
    SHARED_DATA / "nz" / "nz_upr_official_recommendation_paragraphs_2009_2014.csv",
    SHARED_DATA / "nz" / "nz_upr_cycles1-2_upr-info_enriched.csv",
]


@pytest.fixture(scope="session")
def nz(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The real NZ data imported and built once per test worker: (canonical package, site)."""
    root = tmp_path_factory.mktemp("nz")
    data, site = root / "data", root / "site"
    imported = run_build("import", "upr-info", *NZ_FILES, "--into", data)
    assert imported.returncode == 0, imported.stderr
    built = run_build("build", "--data", data, "--out", site)
    assert built.returncode == 0, built.stderr
    return data, site
