"""The restructuring into one module per output (issue 11) changed no byte of the published site:
the site and the canonical package built by the code before it (commit BASE, exported from git
history) equal today's, build-info.json and the manifest of the files written (which BASE did not
keep) aside, for the NZ data and for the tracking fixture.

This holds only while no later change alters the site on purpose: such a change moves BASE to the
commit before it, or retires this test in the same commit, saying so."""

from __future__ import annotations

import hashlib
import io
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from conftest import NZ_FILES, ROOT, TRACKING_FIXTURE

from recommendations_site.files import MANIFEST

BASE = "b06bc69"  # the last commit before the restructuring


def digests(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name not in ("build-info.json", MANIFEST)  # BASE kept no manifest
    }


@pytest.fixture(scope="module")
def base_checkout(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """BASE's files in a folder of their own, with the shared data beside them as in a checkout."""
    root = tmp_path_factory.mktemp("base")
    archive = subprocess.run(["git", "archive", BASE], cwd=ROOT, capture_output=True, check=False)
    assert archive.returncode == 0, f"commit {BASE} must be in the clone's history: {archive.stderr.decode()}"
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(root / "repo", filter="data")
    (root / "shared").symlink_to(ROOT.parent / "shared")
    return root / "repo"


def build_at(checkout: Path, out: Path, *tracking: object) -> tuple[Path, Path]:
    def run(*args: object) -> None:
        done = subprocess.run([sys.executable, "build.py", *map(str, args)], cwd=checkout, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr

    run("import", "upr-info", *NZ_FILES, "--into", out / "data", *tracking)
    run("build", "--data", out / "data", "--out", out / "site")
    return out / "data", out / "site"


@pytest.mark.parametrize("which", ["nz", "tracked"])
def test_the_site_is_byte_identical_to_the_one_before_the_restructuring(
    which: str, base_checkout: Path, tmp_path: Path, request
) -> None:
    data, site = request.getfixturevalue(which)
    # the checkout's own copy of the tracking fixture: a row's source_ref is its path from the project root
    tracking = [a if not isinstance(a, Path) else base_checkout / a.relative_to(ROOT) for a in TRACKING_FIXTURE]
    old_data, old_site = build_at(base_checkout, tmp_path, *(tracking if which == "tracked" else []))
    assert digests(old_data) == digests(data)
    old, new = digests(old_site), digests(site)
    assert sorted(old) == sorted(new)
    assert [name for name in old if old[name] != new[name]] == []
