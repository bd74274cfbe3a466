"""Local preview for officials: serve the built site (app.py) and rebuild when a source file changes."""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import uvicorn
from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver

from ..errors import InvalidPackage, OutputError, PackageError, SourceError
from ..model.reference import sources_config
from ..project import Project
from .app import Live, app, malformed

__all__ = ["Live", "malformed", "serve", "server", "watch", "watched"]

QUIET_SECONDS = 0.2  # with no close event to go by, let a writer finish before rebuilding
WRITES = ("created", "modified")  # a file being written: whole once closed (inotify) or, failing that, quiet
DONE = ("moved", "deleted", "closed")  # whole at once: renamed into place, gone, or closed after writing


def watched(config: dict | None = None, project: Project | None = None) -> list[Path]:
    """Curated data (the project's registry), content, templates, mkdocs.yml, the folders of the
    upstream files data/sources.yaml (or config) names, and the tracking, assessment, summary and
    release files it names outside the data folder: Project.watched()."""
    project = project or Project.default()
    return project.watched(config or sources_config(project))


class Rebuild(FileSystemEventHandler):
    """Collects the paths that changed and hands them, once every one is whole, to rebuild; a
    failure's message goes to the terminal and to the open pages (live).

    A path is whole when the writer closed it (inotify's close-after-write: an editor's save, or
    a program's), renamed it into place or deleted it; a path written without such an event (a
    change of mode; file systems that report no closes) is taken as whole after QUIET_SECONDS
    without any event. The close is what saves the quiet wait on every ordinary save."""

    def __init__(self, rebuild: Callable[[set[Path]], object], live: Live | None = None):
        self.rebuild, self.live = rebuild, live or Live()
        self.lock = threading.Condition()
        self.paths = set[Path]()
        self.writing = set[Path]()  # written, not yet closed
        self.last = 0.0  # when the last event came (time.monotonic)

    def saved(self, path: Path) -> None:
        """The editor saved path (written by one rename: whole already): rebuild now."""
        self.note([Path(path)], "moved")

    def on_any_event(self, event: FileSystemEvent) -> None:
        if not event.is_directory and event.event_type in WRITES + DONE:
            found = [Path(os.fsdecode(p)) for p in (event.src_path, getattr(event, "dest_path", "")) if p]
            self.note(found, event.event_type)

    def note(self, found: list[Path], kind: str) -> None:
        with self.lock:
            self.paths.update(found)
            (self.writing.update if kind in WRITES else self.writing.difference_update)(found)
            self.last = time.monotonic()
            self.lock.notify_all()

    def take(self) -> set[Path]:
        """The changed paths once they are whole (waits for them)."""
        with self.lock:
            while not self.paths:
                self.lock.wait()
            while self.writing and (left := self.last + QUIET_SECONDS - time.monotonic()) > 0:
                self.lock.wait(left)  # a close, another write or the quiet period's end
            taken, self.paths = self.paths, set()
            self.writing.clear()
        return taken

    def loop(self) -> None:
        while True:
            self.once(self.take())

    def once(self, changed: set[Path]) -> None:
        try:
            self.rebuild(changed)
        except Exception as err:  # a bad edit must not stop the preview: show it, keep the last good site
            message = problem(err)
            print(f"rebuild failed, previous site kept:\n{message}")
            self.live.failed(message)
        else:
            self.live.succeeded()


def problem(err: Exception) -> str:
    """What the terminal and the open pages say about a failed rebuild: file:line: message lines."""
    if isinstance(err, (InvalidPackage, SourceError, PackageError, OutputError)):
        return str(err)
    return f"{type(err).__name__}: {err}"  # no check foresaw it: its kind says more than its words alone


def watch(folders: list[Path], rebuild: Callable[[set[Path]], object], live: Live | None = None) -> tuple[Rebuild, BaseObserver]:
    """Watch folders (and files) and call rebuild(changed paths) after each quiet change; the
    caller stops the returned observer."""
    handler = Rebuild(rebuild, live)
    observer = Observer()
    for path in folders:
        observer.schedule(handler, str(path if path.is_dir() else path.parent), recursive=path.is_dir())
    observer.start()
    threading.Thread(target=handler.loop, daemon=True).start()
    return handler, observer


def server(
    site: Path, port: int, live: Live, saved: Callable[[Path], None] = lambda path: None, project: Project | None = None
) -> uvicorn.Server:
    """The preview's web server on 127.0.0.1:port (not yet started). Requests up to 1 MB reach the
    app, so that an overlong address gets the preview's own 400 and log line."""
    config = uvicorn.Config(
        app(site, live, lambda: port, project, saved),
        host="127.0.0.1",
        port=port,
        access_log=False,  # the app logs each request in one line
        log_level="warning",
        lifespan="off",
        h11_max_incomplete_event_size=1 << 20,
        timeout_graceful_shutdown=2,  # open pages keep their event streams open: do not wait for them on Ctrl+C
    )
    return uvicorn.Server(config)


def serve(
    site: Path,
    port: int,
    rebuild: Callable[[set[Path]], object],
    config: dict | None = None,
    live: Live | None = None,
    project: Project | None = None,
) -> int:
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]  # rebuild reports appear as they happen
    live, project = live or Live(), project or Project.default()
    handler, observer = watch(watched(config, project), rebuild, live)
    print(f"previewing {site} at http://127.0.0.1:{port}/ (Ctrl+C to stop)")
    try:
        server(site, port, live, handler.saved, project).run()  # until Ctrl+C
    finally:
        observer.stop()
    return 0
