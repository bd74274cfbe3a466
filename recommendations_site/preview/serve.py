"""Local preview for officials: serve the built site and rebuild when a source file changes."""

from __future__ import annotations

import functools
import os
import sys
import threading
import time
from collections.abc import Callable
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver

from .. import paths
from ..model.reference import sources_config

QUIET_SECONDS = 0.2  # let an editor finish saving before rebuilding


def upstream_dirs(config: dict | None = None) -> set[Path]:
    """The folders of the upstream files data/sources.yaml (or config) names."""
    config = config or sources_config()
    return {paths.from_root(f).parent for entry in config["imports"] for f in entry["files"]}


def watched(config: dict | None = None) -> list[Path]:
    """Curated data, content, templates, mkdocs.yml and the upstream files data/sources.yaml names."""
    local = [paths.DATA, paths.ROOT / "content", paths.ROOT / "site_templates", paths.ROOT / "mkdocs.yml"]
    return [*local, *sorted(upstream_dirs(config))]


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


def serve(site: Path, port: int, rebuild: Callable[[set[Path]], object], config: dict | None = None) -> int:
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]  # rebuild reports appear as they happen
    observer = watch(watched(config), rebuild)
    # The handler resolves the directory on each request, so it follows the rebuilt site.
    server = ThreadingHTTPServer(("127.0.0.1", port), functools.partial(SimpleHTTPRequestHandler, directory=str(site)))
    print(f"previewing {site} at http://127.0.0.1:{port}/ (Ctrl+C to stop)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        observer.stop()
        server.server_close()
    return 0
