"""Local preview for officials: serve the built site and rebuild when a source file changes."""

from __future__ import annotations

import functools
import os
import re
import sys
import threading
import time
from collections.abc import Callable
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver

from ..model.reference import sources_config
from ..project import Project

QUIET_SECONDS = 0.2  # let an editor finish saving before rebuilding


def watched(config: dict | None = None, project: Project | None = None) -> list[Path]:
    """Curated data (the project's registry), content, templates, mkdocs.yml and the folders of the
    upstream files data/sources.yaml (or config) names: Project.watched()."""
    project = project or Project.default()
    return project.watched(config or sources_config(project))


class Rebuild(FileSystemEventHandler):
    """Collects the paths that changed and hands them, once the editor is quiet, to rebuild."""

    def __init__(self, rebuild: Callable[[set[Path]], object]):
        self.rebuild, self.changed = rebuild, threading.Event()
        self.lock, self.paths = threading.Lock(), set[Path]()

    def on_any_event(self, event: FileSystemEvent) -> None:
        if not event.is_directory and event.event_type in ("created", "modified", "moved", "deleted"):
            with self.lock:
                self.paths.update(Path(os.fsdecode(p)) for p in (event.src_path, getattr(event, "dest_path", "")) if p)
            self.changed.set()

    def take(self) -> set[Path]:
        with self.lock:
            taken, self.paths = self.paths, set()
        return taken

    def loop(self) -> None:
        while True:
            self.changed.wait()
            time.sleep(QUIET_SECONDS)
            self.changed.clear()
            try:
                self.rebuild(self.take())
            except Exception as err:  # a bad edit must not stop the preview: show it, keep the last good site
                print(f"rebuild failed, previous site kept: {err}")


def watch(folders: list[Path], rebuild: Callable[[set[Path]], object]) -> BaseObserver:
    """Watch folders (and files) and call rebuild(changed paths) after each quiet change; the
    caller stops the returned observer."""
    handler = Rebuild(rebuild)
    observer = Observer()
    for path in folders:
        observer.schedule(handler, str(path if path.is_dir() else path.parent), recursive=path.is_dir())
    observer.start()
    threading.Thread(target=handler.loop, daemon=True).start()
    return observer


MAX_PATH = 8192  # characters: no page of the site has an address near this long
BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")
CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def malformed(path: str) -> str:
    """Why a request's path is malformed ('' when it is not): too long, a '%' not followed by two
    hexadecimal digits, percent-encoding that is not UTF-8, or a control character such as NUL."""
    if len(path) > MAX_PATH:
        return f"the address is longer than {MAX_PATH:,} characters"
    where = path.split("?", 1)[0].split("#", 1)[0]
    if BAD_ESCAPE.search(where):
        return "a '%' not followed by two hexadecimal digits"
    try:
        decoded = unquote(where, errors="strict")
    except UnicodeDecodeError:
        return "percent-encoding that is not UTF-8"
    return "a control character (such as NUL)" if CONTROL.search(decoded + path) else ""


class PreviewHandler(SimpleHTTPRequestHandler):
    """The site's files, as any static host serves them; a malformed path is answered 400, and every
    error is logged in one line, never a traceback (the standard handler lets os.stat raise on a NUL)."""

    error_logged = False

    def send_head(self):  # type: ignore[no-untyped-def]
        why = malformed(self.path)
        if why:
            self.send_error(HTTPStatus.BAD_REQUEST, f"malformed path: {why}")
            return None
        try:
            return super().send_head()
        except (ValueError, OSError) as err:  # what the file system refuses in a path
            self.send_error(HTTPStatus.BAD_REQUEST, f"malformed path: {type(err).__name__}")
            return None

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        if code == HTTPStatus.REQUEST_URI_TOO_LONG:  # a request line over 64 KB: malformed as well
            code, message = HTTPStatus.BAD_REQUEST, "malformed path: the address is longer than 65,536 characters"
        shown = getattr(self, "path", "") or getattr(self, "requestline", "")
        self.log_message("%d %s: %r", code, message or HTTPStatus(code).phrase, shown[:200])
        self.error_logged = True  # the one line: the standard log_error and log_request lines are left out
        super().send_error(code, message, explain)

    def log_error(self, format: str, *args: object) -> None:
        if not self.error_logged:
            super().log_error(format, *args)

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        if not self.error_logged:
            super().log_request(code, size)


def serve(
    site: Path, port: int, rebuild: Callable[[set[Path]], object], config: dict | None = None, project: Project | None = None
) -> int:
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]  # rebuild reports appear as they happen
    observer = watch(watched(config, project), rebuild)
    # The handler resolves the directory on each request, so it follows the rebuilt site.
    server = ThreadingHTTPServer(("127.0.0.1", port), functools.partial(PreviewHandler, directory=str(site)))
    print(f"previewing {site} at http://127.0.0.1:{port}/ (Ctrl+C to stop)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        observer.stop()
        server.server_close()
    return 0
