"""Shared test fixtures: where the real data is, and helpers to run the command line."""

from __future__ import annotations

import contextlib
import functools
import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import schedule  # tests/schedule.py
from filelock import FileLock, Timeout
from playwright.sync_api import Browser, BrowserContext, expect, sync_playwright

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


def shared_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder every worker of this test run shares (under xdist, the parent of the workers'
    own base folders: the pattern of the pytest-xdist docs), unique to the run."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def fingerprint(folder: Path) -> dict[str, list[int]]:
    """Every file under folder but its done.json: its size and modification time (a write changes one of them)."""
    return {
        str(p): [(stat := p.stat()).st_size, stat.st_mtime_ns]
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p != folder / "done.json"
    }


SHARED_BUILDS: dict[str, Callable[[Path, Path], None]] = {}  # fixture name -> what makes its folder (below)
NEEDED: set[str] = set()  # the shared builds the selected tests of this session use
MAKING: set[str] = set()  # the shared builds this process is making now


def pytest_collection_finish(session: pytest.Session) -> None:
    NEEDED.update(name for item in session.items for name in getattr(item, "fixturenames", ()) if name in SHARED_BUILDS)
    NEEDED.update(SHARED_NEEDS[name] for name in list(NEEDED) if name in SHARED_NEEDS)


def build_once(root: Path, name: str) -> None:
    """Make shared build name into root/shared-NAME, unless a worker has (the lock held)."""
    folder = root / f"shared-{name}"
    if (folder / "done.json").is_file():
        return
    shutil.rmtree(folder, ignore_errors=True)  # a worker that failed half-way left this
    folder.mkdir(parents=True)
    MAKING.add(name)  # (released is made from tracked: while it waits, it must not start itself again)
    try:
        SHARED_BUILDS[name](root, folder)
    finally:
        MAKING.discard(name)
    (folder / "done.json").write_text(json.dumps(fingerprint(folder)), encoding="utf-8")


def shared_folder(root: Path, name: str) -> Path:
    """root/shared-NAME, made ONCE per test run: the first worker to ask makes it under a file lock
    (the pytest-xdist docs' pattern); a worker that finds it being made makes another one this
    session needs meanwhile, then waits."""
    lock = FileLock(f"{root}/shared-{name}.lock")
    try:
        lock.acquire(timeout=0)
    except Timeout:
        for other in sorted(NEEDED - {name} - MAKING):  # a failure here is left for its own fixture to report
            with contextlib.suppress(Timeout, AssertionError), FileLock(f"{root}/shared-{other}.lock", timeout=0):
                build_once(root, other)
        lock.acquire()
    try:
        build_once(root, name)
    finally:
        lock.release()
    return root / f"shared-{name}"


def shared_build(tmp_path_factory: pytest.TempPathFactory, name: str) -> tuple[Path, Path]:
    """The real NZ data imported with the options of shared build name and built once per test run
    (shared_folder): (canonical package, site), read-only for every test: see untouched()."""
    folder = shared_folder(shared_root(tmp_path_factory), name)
    return folder / "data", folder / "site"


def import_and_build(options: list[str | Path]) -> Callable[[Path, Path], None]:
    def make(root: Path, folder: Path) -> None:
        data, site = folder / "data", folder / "site"
        imported = run_build("import", "upr-info", *NZ_FILES, "--into", data, *options)
        assert imported.returncode == 0, imported.stderr
        built = run_build("build", "--data", data, "--out", site)
        assert built.returncode == 0, built.stderr
        (folder / "import.out").write_text(imported.stdout, encoding="utf-8")  # what the import printed,
        (folder / "import.err").write_text(imported.stderr, encoding="utf-8")  # its warnings included

    return make


def untouched(name: str, folder: Path) -> None:
    """Fails the run (an error at teardown) when any test wrote into a shared build: a test that
    must change one works on its own copy (shutil.copytree)."""
    before = json.loads((folder / "done.json").read_text(encoding="utf-8"))
    after = fingerprint(folder)
    changed = sorted(p for p in before.keys() | after.keys() if before.get(p) != after.get(p))
    assert not changed, f"a test wrote into the shared `{name}` build (copy it first): {changed[:5]}"


@pytest.fixture(scope="session")
def nz(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    """The real NZ data imported and built once per test run: (canonical package, site). Read-only."""
    built = shared_build(tmp_path_factory, "nz")
    yield built
    untouched("nz", built[0].parent)


TRACKING_FIXTURE = ["--tracking", FIXTURES / "tracking", "--release", FIXTURES / "release.yaml"]


@pytest.fixture(scope="session")
def tracked(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    """The real NZ data with the invented tracking fixture (tests/fixtures/tracking) imported and
    built once per test run: (canonical package, site). Read-only."""
    built = shared_build(tmp_path_factory, "tracked")
    yield built
    untouched("tracked", built[0].parent)


MONITORS_FIXTURE = ["--assessments", FIXTURES / "assessments", "--summaries", FIXTURES / "summaries.yaml"]


@pytest.fixture(scope="session")
def monitored(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    """The real NZ data with the invented tracking, assessment and summary fixtures (tests/fixtures,
    read from copies outside the project: import_from_outside) imported and built once per test
    run: (canonical package, site). Read-only."""
    built = shared_build(tmp_path_factory, "monitored")
    yield built
    untouched("monitored", built[0].parent)


def make_released(root: Path, folder: Path) -> None:
    import releases  # tests/releases.py, which imports this module's run_build

    releases.make(shared_folder(root, "tracked") / "data", folder)


OUTSIDE = "private-folder-of-the-builder"  # beside `monitored`'s data and site: what its import read


def import_from_outside(root: Path, folder: Path) -> None:
    """`monitored`: the tracking, assessment and summary fixtures copied first to a folder outside
    the project, as a builder's own files would be, then imported from there (the same files and
    names as TRACKING_FIXTURE and MONITORS_FIXTURE); tests/test_security.py checks that no path of
    that folder, nor of the project, is published."""
    outside = folder / OUTSIDE
    for name in ("tracking", "assessments"):
        shutil.copytree(FIXTURES / name, outside / name)
    shutil.copy(FIXTURES / "summaries.yaml", outside / "summaries.yaml")
    options = ["--tracking", outside / "tracking", "--release", FIXTURES / "release.yaml"]
    options += ["--assessments", outside / "assessments", "--summaries", outside / "summaries.yaml"]
    import_and_build(options)(root, folder)


SHARED_BUILDS.update(
    nz=import_and_build([]),
    tracked=import_and_build(TRACKING_FIXTURE),
    monitored=import_from_outside,
    released=make_released,
)
SHARED_NEEDS = {"released": "tracked"}  # a shared build made from another


@pytest.fixture(scope="session")
def released(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The release builds of tests/releases.py (from the shared `tracked` package), made once per
    test run: its folder, holding data, releases, first, later-data, later, again, removed.txt. Read-only."""
    folder = shared_folder(shared_root(tmp_path_factory), "released")
    yield folder
    untouched("released", folder)


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


# Every wait in a browser test guards against a hang; it does not time the site (bench/ does). CI's
# shared hosts have run the suite 2.6× slower than a quiet machine, and at that load a page and its
# search index took over 30 s, playwright's default, so the waits are long enough for a slow host.
HANG_MS = 120_000
expect.set_options(timeout=HANG_MS)


def browser_context(browser: Browser, **options: object) -> BrowserContext:
    """A new context of the browser's (options as Browser.new_context's) with the long waits above."""
    context = browser.new_context(**options)
    context.set_default_timeout(HANG_MS)
    context.set_default_navigation_timeout(HANG_MS)
    return context


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


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every browser test (the `browser` marker or fixture) is `slow` too: the developers' default
    `pytest` (pyproject's addopts) leaves them out; `bash scripts/test` and CI run them (`-m ""`).
    Then the longest tests first, for the workers to finish together (tests/schedule.py)."""
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()) or item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.slow)
    schedule.longest_first(items)


def pytest_xdist_make_scheduler(config: pytest.Config, log: object) -> schedule.ByUnit | None:
    """Under -n (xdist's default `--dist load`): whole units in the workers' order (tests/schedule.py)."""
    return schedule.ByUnit(config, log) if config.getvalue("dist") == "load" else None


@pytest.fixture
def curated_project(tmp_path: Path) -> Project:
    """A Project over a copy of data/ (every curated file the registry names), with its build and
    site folders in tmp_path: pass it to cli.main(..., project=) or a reader; nothing is patched."""
    return Project.default().copied(tmp_path / "data", tmp_path / "build", tmp_path / "site")


@pytest.fixture
def curated(curated_project: Project) -> Path:
    """The copied data folder of curated_project, for a test to damage before its run reads it."""
    return curated_project.data
