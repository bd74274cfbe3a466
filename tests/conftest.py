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
