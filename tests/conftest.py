"""Shared test fixtures: where the real data is, and helpers to run the command line."""

from __future__ import annotations

import functools
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from recommendations_site.project import Project

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


TRACKING_FIXTURE = ["--tracking", FIXTURES / "tracking", "--release", FIXTURES / "release.yaml"]


@pytest.fixture(scope="session")
def tracked(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The real NZ data with the invented tracking fixture (tests/fixtures/tracking) imported and
    built once per test worker: (canonical package, site)."""
    root = tmp_path_factory.mktemp("tracked")
    data, site = root / "data", root / "site"
    imported = run_build("import", "upr-info", *NZ_FILES, "--into", data, *TRACKING_FIXTURE)
    assert imported.returncode == 0, imported.stderr
    built = run_build("build", "--data", data, "--out", site)
    assert built.returncode == 0, built.stderr
    return data, site


MONITORS_FIXTURE = ["--assessments", FIXTURES / "assessments", "--summaries", FIXTURES / "summaries.yaml"]


@pytest.fixture(scope="session")
def monitored(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The real NZ data with the invented tracking, assessment and summary fixtures (tests/fixtures)
    imported and built once per test worker: (canonical package, site)."""
    root = tmp_path_factory.mktemp("monitored")
    data, site = root / "data", root / "site"
    imported = run_build("import", "upr-info", *NZ_FILES, "--into", data, *TRACKING_FIXTURE, *MONITORS_FIXTURE)
    assert imported.returncode == 0, imported.stderr
    built = run_build("build", "--data", data, "--out", site)
    assert built.returncode == 0, built.stderr
    return data, site


# Browser tests (tests/test_browser.py, tests/test_accessibility.py): Debian chromium driven by
# playwright, as root in a sandbox-less container, with no calls home (the machine has no internet).
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def base_url(nz: tuple[Path, Path]) -> Iterator[str]:
    """The built site on a static file server on loopback, as any host would serve it."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(nz[1])))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    assert Path(CHROMIUM).exists(), "install Debian chromium: bash scripts/install --with-browser"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def curated_project(tmp_path: Path) -> Project:
    """A Project over a copy of data/ (every curated file the registry names), with its build and
    site folders in tmp_path: pass it to cli.main(..., project=) or a reader; nothing is patched."""
    return Project.default().copied(tmp_path / "data", tmp_path / "build", tmp_path / "site")


@pytest.fixture
def curated(curated_project: Project) -> Path:
    """The copied data folder of curated_project, for a test to damage before its run reads it."""
    return curated_project.data
