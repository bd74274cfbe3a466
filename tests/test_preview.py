"""The preview `build.py serve` keeps (recommendations_site/preview/): every kind of change brings
the site to exactly what a full build of the same inputs gives, doing only the work the change
needs; a failed update keeps the last good preview; the server refuses other hosts and malformed
paths, and pushes reloads and a failed rebuild's message to the open pages over server-sent events."""

from __future__ import annotations

import copy
import csv
import io
import shutil
import socket
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from bs4 import BeautifulSoup
from conftest import FIXTURES, NZ_FILES, ROOT

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from recommendations_site import errors, overlaps, pipeline, validate
from recommendations_site.model import make_id
from recommendations_site.model.context import Context
from recommendations_site.model.reference import sources_config
from recommendations_site.preview import Preview, serve
from recommendations_site.preview.app import Client, Live
from recommendations_site.preview.serve import Rebuild, server, watch
from recommendations_site.project import Project

PAGE = "a-hrc-26-3-128-14"
TRACKED = "a-hrc-26-3-128-55"  # in the tracking fixture's msd.yaml


def edit(path: Path, rec_id: str, words: str) -> None:
    """Append words to one official paragraph's text, as an editor saves the file."""
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    row = next(r for r in rows if make_id(r["document_symbol"], r["paragraph"]) == rec_id)
    row["text_as_in_report"] += " " + words
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def replace(path: Path, old: str, new: str) -> Path:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def files(site: Path) -> dict[str, bytes]:
    """Every file of a site but build-info.json, the one a build stamps with the clock."""
    return {
        str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file() and p.name != "build-info.json"
    }


def page(site: Path, rec_id: str) -> str:
    return (site / "recommendations" / rec_id / "index.html").read_text(encoding="utf-8")


def assert_as_full_build(built: Preview, work: Path, name: str) -> None:
    full = work / name
    pipeline.import_configured(work / f"canonical-{name}", built.sources, project=built.project)
    pipeline.build_site(work / f"canonical-{name}", full, sources=built.sources, project=built.project)
    ours, theirs = files(built.out), files(full)
    assert sorted(set(ours) ^ set(theirs)) == []
    assert [f for f in ours if ours[f] != theirs[f]] == []


class Viewing(Live):
    """The open pages as the server keeps them, with one browser showing PAGE and TRACKED; records each reload."""

    def __init__(self) -> None:
        super().__init__()
        self.reloads: list[set[str] | None] = []
        for path in (f"/recommendations/{PAGE}/", f"/recommendations/{TRACKED}/", "/about/"):
            self.clients.add(Client(path, None, None))  # type: ignore[arg-type]

    def send(self, event: str, data: str, only: set[str] | None = None) -> None:
        pass

    def reload(self, paths: set[str] | None = None) -> None:
        self.reloads.append(paths)


def own_content(project: Project, root: Path) -> Project:
    """The project at root: a copy of its content (the test edits a page) beside links to the rest,
    so the checkout's own content/ is never written while other workers build from it."""
    root.mkdir()
    for entry in project.root.iterdir():
        if entry.name == "content":
            shutil.copytree(entry, root / entry.name)
        elif not entry.name.startswith("."):
            (root / entry.name).symlink_to(entry)
    shared = project.root.parent / "shared"  # sources.yaml names the upstream files from the root: ../shared
    if shared.exists():
        (root.parent / "shared").symlink_to(shared)
    return Project.at(root)


@pytest.fixture(scope="module")
def previewed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Preview, Path]:
    """One preview over copies of the NZ upstream files and the tracking, assessment and summary
    fixtures, built once for this module: (preview, its work folder)."""
    work = tmp_path_factory.mktemp("preview")
    for f in NZ_FILES:
        shutil.copyfile(f, work / f.name)
    shutil.copytree(FIXTURES / "tracking", work / "tracking")
    shutil.copytree(FIXTURES / "assessments", work / "assessments")
    for name in ("summaries.yaml", "release.yaml"):
        shutil.copyfile(FIXTURES / name, work / name)
    project = own_content(Project.default(), work / "root").copied(work / "data", work / "build", work / "site")
    config = {
        **sources_config(project),
        "imports": [{"importer": "upr-info", "files": [str(work / f.name) for f in NZ_FILES]}],
        **{key: str(work / key) for key in ("tracking", "assessments")},
        "summaries": str(work / "summaries.yaml"),
        "release": str(work / "release.yaml"),
    }
    built = Preview(work / "site", work / "canonical", config, live=Viewing(), project=project)
    built.full()
    return built, work


def inodes(site: Path, folder: str) -> dict[str, int]:
    return {str(p.relative_to(site)): p.stat().st_ino for p in sorted((site / folder).rglob("*")) if p.is_file()}


def assert_as_site_build(built: Preview, work: Path, name: str) -> None:
    """The preview's site is what a full build of the package it wrote gives, file for file."""
    full = work / name
    pipeline.build_site(built.canonical, full, sources=built.sources, base_url=built.base_url, project=built.project)
    ours, theirs = files(built.out), files(full)
    assert sorted(set(ours) ^ set(theirs)) == []
    assert [f for f in ours if ours[f] != theirs[f]] == []
    shutil.rmtree(full)


def test_each_kind_of_change_reruns_only_its_outputs_and_gives_what_a_full_build_gives(previewed):
    built, work = previewed
    live = built.live
    assert isinstance(live, Viewing)
    changes = {
        "tracking": lambda: replace(
            work / "tracking" / "msd.yaml", "Fixture ongoing update.", "Fixture update, edited in the preview."
        ),
        "assessments": lambda: replace(work / "assessments" / "imm.yaml", "an earlier finding", "an earlier finding, edited"),
        "summaries": lambda: replace(work / "summaries.yaml", "a one-line summary.", "a one-line summary, edited."),
        "content": lambda: replace(about, "\n", "\n\nEdited in the preview.\n"),
        "templates": lambda: built.project.root / "site_templates" / "recommendation.html",  # read again as it is
    }
    about = built.project.root / "content" / "about.md"  # the fixture's own copy
    for kind, change in changes.items():
        live.reloads.clear()
        asks = inodes(built.out, "asks")  # the ask pages read none of these but the templates
        timings = built.update({change()})
        if kind == "content":
            assert "Edited in the preview." in (built.out / "about" / "index.html").read_text(encoding="utf-8")
        assert "import" not in timings and "classify" not in timings, kind  # the last import, kept in memory
        assert ("copy the last import" in timings) == (kind in ("tracking", "assessments", "summaries")), kind
        assert ("write narrative" in timings) == (kind in ("content", "templates")), kind  # mkdocs only for its inputs
        assert ("write recommendations" in timings) == (kind != "content"), kind
        assert ("write asks" in timings) == (kind == "templates"), kind
        if kind != "templates":
            assert asks and inodes(built.out, "asks") == asks, kind  # not written again: the very same files
        # no recommendation page reads content: the open narrative page first, built by mkdocs aside
        opened = {f"/recommendations/{TRACKED}/", f"/mi/recommendations/{TRACKED}/"}
        first = {"/about/"} if kind == "content" else opened
        assert live.reloads[0] is not None and first <= live.reloads[0], (kind, live.reloads)  # the open page first
        last = live.reloads[-1]
        assert last is not None and not first & last, (kind, last)  # what was shown first is what the full build wrote
        if kind != list(changes)[-1]:  # the last kind's site is checked against a fresh import and build below
            assert_as_site_build(built, work, f"full-{kind}")
    assert "Fixture update, edited in the preview." in page(built.out, TRACKED)
    assert_as_full_build(built, work, "full-tracked")
    assert not any(b"_preview" in data for data in files(built.out).values())  # no live-reload script on disk


def test_upstream_and_curated_changes_give_what_a_full_build_gives(previewed, monkeypatch):
    built, work = previewed
    official = work / NZ_FILES[0].name
    edit(official, PAGE, "Reduce child poverty.")  # joins an ask: its page and every member's change in place
    built.live.reloads.clear()
    timings = built.update({official})
    assert "to page" in timings and "write narrative" not in timings, "an upstream edit is updated in place"
    assert 'href="../../asks/reduce-child-poverty/"' in page(built.out, PAGE)
    first = built.live.reloads[0]  # the open pages alone, before the scores, the package and the pages none shows
    opened = {f"/{lang}recommendations/{rec}/" for lang in ("", "mi/") for rec in (PAGE, TRACKED)}
    assert first is not None and {f"/recommendations/{PAGE}/", f"/mi/recommendations/{PAGE}/"} <= first <= opened
    assert timings["to page"] < timings["total"] and "overlaps scored" in timings
    assert_as_full_build(built, work, "full-edited")  # the pages rendered first and after, the scores found late
    pairs = built.unscored
    edit(official, PAGE, "Promptly.")  # asks nothing more: every ask keeps its members
    assert "to page" in built.update({official}) and "Promptly." in page(built.out, PAGE)
    assert built.unscored is pairs  # the pairs found last time, used again: not found, sorted or compared
    assert_as_full_build(built, work, "full-edited-again")
    before = page(built.out, PAGE)
    monkeypatch.setattr(validate, "check", lambda directory: [validate.Problem("recommendations.csv", 2, "text", "invented")])
    edit(official, PAGE, "Never shown for long.")
    with pytest.raises(errors.InvalidPackage):
        built.update({official})
    assert page(built.out, PAGE) == before  # the last good preview, put back
    monkeypatch.undo()
    timings = built.update({built.project.file("curation/theme_map.yaml")})  # curated: imported and classified afresh
    assert "import" in timings and "classify" in timings
    assert "Never shown for long." in page(built.out, PAGE)
    assert_as_full_build(built, work, "full-upstream")
    # an official's correction: a file only the classifier reads, so the last import is classified
    # again and its overlaps (which read no label) are kept, not found and scored again
    found, rules = built.found, built.project.curation("classification.yaml")
    rules.write_text(rules.read_text(encoding="utf-8").replace("corrections: {}", f"corrections: {{{PAGE}: {{themes: {{add: [housing]}}}}}}"))
    timings = built.update({rules})
    assert "import" not in timings and "copy the last import" in timings and "classify" in timings
    assert built.found is found and 'href="../../themes/housing/"' in page(built.out, PAGE)
    assert_as_full_build(built, work, "full-corrected")


def test_overlaps_found_again_from_the_texts_memo_and_scored_late_are_a_fresh_run(previewed):
    """The preview finds asks again from what each unchanged text stated last time and the pairs'
    scores after the open page is shown: the same asks, links, pairs, scores and clusters as a
    fresh run of the overlaps step over the edited recommendations."""
    built, _ = previewed
    recs = copy.deepcopy(built.analysed)
    edited = next(r for r in recs if r.id == PAGE)
    edited.text += " Ratify the International Convention on the Protection of the Rights of All Migrant Workers and Members of Their Families."
    assert len(built.context.memo("asks stated", dict)) >= len(recs)  # the preview's earlier runs: every text's asks
    late = overlaps.analyse(recs, context=built.context, scores=False)
    assert {p.score for p in late.pairs if p.method == overlaps.METHOD} == {None}
    late = overlaps.scored(late, recs)
    fresh_recs = copy.deepcopy(recs)
    fresh = overlaps.analyse(fresh_recs, context=Context(built.project))
    assert late == fresh and any(p.score for p in fresh.pairs)
    assert "ratify-icmw" in {row["ask_id"] for row in fresh.links if row["recommendation_id"] == PAGE}
    assert [r.overlap_cluster for r in recs] == [r.overlap_cluster for r in fresh_recs]


def test_a_failed_rebuild_is_shown_on_the_open_pages_until_one_succeeds():
    live, seen = Live(), []
    live.send = lambda event, data, only=None: seen.append((event, data))  # type: ignore[method-assign]
    problem = errors.InvalidPackage([errors.Problem("msd.yaml", 12, "progress", "date is not a date")])

    def fails(changed: set[Path]) -> None:
        raise problem

    Rebuild(fails, live).once({Path("msd.yaml")})
    assert live.problem == "msd.yaml:12:progress: date is not a date"
    Rebuild(lambda changed: None, live).once({Path("msd.yaml")})
    assert seen == [("problem", "msd.yaml:12:progress: date is not a date"), ("fixed", "")] and live.problem == ""


def test_a_save_is_rebuilt_once_closed_whole_without_the_quiet_wait(tmp_path, monkeypatch):
    """The watcher (inotify) hands a change over when its writer closes the file: a file written
    slowly, in two parts with a pause between, is read whole; one saved at once is not held for
    the quiet period (made an hour here, so only the close can have released it)."""
    monkeypatch.setattr(serve, "QUIET_SECONDS", 3600.0)
    seen: list[tuple[set[Path], str]] = []
    done = threading.Event()
    path = tmp_path / "msd.yaml"

    def rebuild(changed: set[Path]) -> None:
        seen.append((changed, path.read_text(encoding="utf-8")))
        done.set()

    _, observer = watch([tmp_path], rebuild)
    try:
        time.sleep(0.2)  # the watch is in place
        with path.open("w", encoding="utf-8") as handle:
            handle.write("agency: msd\n")
            handle.flush()
            time.sleep(0.5)  # longer than the old fixed wait: a rebuild now would read half a file
            handle.write("actions: []\n")
        assert done.wait(30), "a closed file was never handed over"
        done.clear()
        path.write_text("agency: msd\nactions: []\nprogress: []\n", encoding="utf-8")
        assert done.wait(30), "a saved file was never handed over"
    finally:
        observer.stop()
        observer.join()
    assert [(sorted(p.name for p in changed), text) for changed, text in seen] == [
        (["msd.yaml"], "agency: msd\nactions: []\n"),
        (["msd.yaml"], "agency: msd\nactions: []\nprogress: []\n"),
    ]


def test_a_change_with_no_close_is_taken_after_the_quiet_period(monkeypatch):
    """A path modified without a close (a change of mode; a file system reporting no closes) is
    handed over once no event came for QUIET_SECONDS; a rename into place at once."""
    monkeypatch.setattr(serve, "QUIET_SECONDS", 0.3)
    handler = Rebuild(lambda changed: None)
    handler.note([Path("a.yaml")], "modified")
    started = time.monotonic()
    assert handler.take() == {Path("a.yaml")} and time.monotonic() - started >= 0.25
    monkeypatch.setattr(serve, "QUIET_SECONDS", 3600.0)
    handler.note([Path("b.yaml")], "created")
    handler.note([Path("b.yaml"), Path("c.yaml")], "moved")  # b renamed onto c: both whole
    assert handler.take() == {Path("b.yaml"), Path("c.yaml")} and not handler.writing


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, Live]]:
    """The preview's server (uvicorn, in a thread) over a small site: (port, its open pages)."""
    site = tmp_path_factory.mktemp("served")
    page = "<!doctype html><html><head><title>{}</title></head><body><p>{}</p></body></html>"
    (site / "index.html").write_text(page.format("Home", "home"), encoding="utf-8")
    (site / "404.html").write_text(page.format("Not found", "not found"), encoding="utf-8")
    (site / "a").mkdir()
    (site / "a" / "index.html").write_text(page.format("A", "a"), encoding="utf-8")
    (site / "data.csv").write_text("id\n1\n", encoding="utf-8")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    live = Live()
    running = server(site, port, live)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    while not running.started:
        time.sleep(0.01)
    yield port, live
    running.should_exit = True
    thread.join(5)


def test_the_server_serves_the_site_with_live_reload_to_its_own_host_only(served):
    port, live = served
    base = f"http://127.0.0.1:{port}"
    home = httpx.get(base + "/")
    assert home.status_code == 200 and "/_preview/live.js" in home.text
    assert httpx.get(base + "/data.csv").text == "id\n1\n"  # other files as they are
    assert httpx.get(base + "/a").headers["location"] == "/a/"
    missing = httpx.get(base + "/nowhere/")
    assert missing.status_code == 404 and "not found" in missing.text
    for host in ("evil.example", f"evil.example:{port}", "127.0.0.1", f"localhost:{port + 1}"):
        assert httpx.get(base + "/", headers={"Host": host}).status_code == 403, host  # DNS rebinding
    assert httpx.get(f"http://localhost:{port}/a/").status_code == 200
    live.failed("msd.yaml:12:progress: <b>bad</b>")
    banner = BeautifulSoup(httpx.get(base + "/a/").text, "html.parser").select_one("[role=alert] pre")
    assert banner is not None and banner.get_text() == "msd.yaml:12:progress: <b>bad</b>"
    live.succeeded()
    assert BeautifulSoup(httpx.get(base + "/a/").text, "html.parser").select("[role=alert]") == []


def test_the_events_deliver_a_reload_and_a_problem_to_the_page_that_listens(served):
    port, live = served
    events: list[tuple[str, str]] = []
    with httpx.stream("GET", f"http://127.0.0.1:{port}/_preview/events?path=/a/", timeout=10) as answer:
        assert answer.headers["content-type"].startswith("text/event-stream")
        lines = answer.iter_lines()
        while not live.clients:
            time.sleep(0.01)
        live.reload({"/elsewhere/"})  # not this page: not sent to it
        live.reload({"/a/"})
        live.failed("msd.yaml:3:progress: bad")
        event = ""
        while len(events) < 2:
            line = next(lines)
            if line.startswith("event:"):
                event = line.split(":", 1)[1].strip()
            elif line.startswith("data:"):
                events.append((event, line.split(":", 1)[1].strip()))
    live.succeeded()
    assert events == [("reload", "/a/"), ("problem", "msd.yaml:3:progress: bad")]


def test_the_officials_editor_is_mounted_at_edit_behind_the_host_guard(tmp_path):
    """The preview serves the editor (preview/editor) under /edit for the project it previews."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from recommendations_site.preview import app

    project = Project.default().copied(tmp_path / "data", tmp_path / "build", tmp_path / "site")
    served = app.app(tmp_path / "site", Live(), lambda: 8000, project)

    async def asking(host: str) -> httpx.Response:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(served), base_url="http://127.0.0.1:8000") as client:
            return await client.get("/edit/", headers={"Host": host})

    def ask(host: str) -> httpx.Response:  # in a thread of its own: a browser test may hold this one's event loop
        with ThreadPoolExecutor(1) as thread:
            return thread.submit(asyncio.run, asking(host)).result()

    listed = BeautifulSoup(ask("127.0.0.1:8000").text, "html.parser")
    assert listed.select_one('a[href$="agencies/msd/"]') is not None  # the agencies, each with its editor page
    assert ask("evil.example:8000").status_code == 403


def test_a_partial_rebuild_refuses_a_site_holding_a_file_it_did_not_write(previewed):
    """The folder swapped out (with the pages a change removed) is the preview's own: a file of
    someone else's in the site stops the update, and stays."""
    built, _ = previewed
    mine = built.out / "notes.txt"
    mine.write_text("an official's own notes", encoding="utf-8")
    try:
        with pytest.raises(errors.OutputError, match=r"notes\.txt"):
            built.update({built.project.root / "content" / "about.md"})  # content: a partial rebuild of the narrative
        assert mine.read_text(encoding="utf-8") == "an official's own notes"
    finally:
        mine.unlink()
