"""Builds are reproducible and atomic.

Reproducible: two builds of the same data, in other folders, at clock times three years apart, in
another time zone and with another string-hash seed, give byte-identical sites except for the one
declared file, build-info.json (built last, with the build time and commit).

Atomic: a build that fails at any step, Pagefind itself included, leaves the previous site
exactly as it was and no temporary folder behind."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import ROOT

from recommendations_site import pipeline
from recommendations_site.outputs import buildinfo, downloads, narrative, search
from recommendations_site.render import Writer

DECLARED = buildinfo.NAME


def digests(site: Path) -> dict[str, str]:
    return {str(p.relative_to(site)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(site.rglob("*")) if p.is_file()}


def test_two_builds_of_the_same_data_are_byte_identical(nz: tuple[Path, Path], tmp_path: Path) -> None:
    data, site = nz
    faketime = shutil.which("faketime")
    assert faketime, "install Debian faketime: bash scripts/install --with-browser"
    shutil.copytree(data, tmp_path / "data")
    env = {**os.environ, "TZ": "Pacific/Chatham", "PYTHONHASHSEED": "4242"}
    command = [sys.executable, str(ROOT / "build.py"), "build", "--data", tmp_path / "data", "--out", tmp_path / "site"]
    built = subprocess.run([faketime, "-f", "+1100d", *map(str, command)], capture_output=True, text=True, env=env, cwd=ROOT)
    assert built.returncode == 0, built.stderr
    first, second = digests(site), digests(tmp_path / "site")
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == [DECLARED]
    infos = [json.loads((s / DECLARED).read_text(encoding="utf-8")) for s in (site, tmp_path / "site")]
    assert {tuple(sorted(info)) for info in infos} == {("built_at", "commit", "data_date")}
    assert infos[0]["built_at"][:4] < infos[1]["built_at"][:4]  # the clock was moved, and shows only here


def test_the_excel_workbook_carries_the_data_date(nz: tuple[Path, Path]) -> None:
    _, site = nz
    with zipfile.ZipFile(site / "data" / "package" / "recommendations.xlsx") as workbook:
        assert {info.date_time for info in workbook.infolist()} == {(2014, 1, 1, 0, 0, 0)}
        core = workbook.read("docProps/core.xml").decode("utf-8")
    assert core.count(">2014-01-01T00:00:00Z<") == 2  # created and modified


def fail(*args: object, **kwargs: object) -> None:
    raise RuntimeError("injected failure")


STEPS: dict[str, Callable[[pytest.MonkeyPatch], None]] = {
    "narrative": lambda mp: mp.setattr(narrative, "build_into", fail),
    "render": lambda mp: mp.setattr(Writer, "page", fail),
    "downloads": lambda mp: mp.setattr(downloads, "hub_slices", fail),
    "downloads page": lambda mp: mp.setattr(downloads, "write_page", fail),
    "pagefind exits non-zero": lambda mp: mp.setattr(search, "pagefind_binary", lambda: shutil.which("false")),
    "search index": lambda mp: mp.setattr(search, "stabilise", fail),
    "build info": lambda mp: mp.setattr(buildinfo, "write_file", fail),
}


@pytest.mark.parametrize("step", list(STEPS))
def test_a_build_failing_part_way_leaves_the_previous_site(
    step: str, nz: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data, site = nz
    out = tmp_path / "out" / "site"
    # the previous site: the shared NZ site hard-linked, not copied (no 2,500 files written per case);
    # a build writing into it in place would change the shared site too, which fails the run (conftest.untouched)
    shutil.copytree(site, out, copy_function=os.link)
    before = digests(out)
    STEPS[step](monkeypatch)
    with pytest.raises(RuntimeError, match=r"injected failure|pagefind failed"):
        pipeline.build_site(data, out)
    assert digests(out) == before
    assert [p.name for p in out.parent.iterdir()] == ["site"]
