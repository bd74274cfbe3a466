"""Local preview for officials: serve the built site and rebuild when a source file changes."""

from __future__ import annotations

import functools
import sys
import threading
import time
from collections.abc import Callable
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from . import paths
from .model.reference import sources_config

QUIET_SECONDS = 0.3  # let an editor finish saving before rebuilding


def watched() -> list[Path]:
    """Curated data, content, templates, mkdocs.yml and the upstream files data/sources.yaml names."""
    upstream = {paths.from_root(f).parent for entry in sources_config()["imports"] for f in entry["files"]}
    return [paths.DATA, paths.ROOT / "content", paths.ROOT / "site_templates", paths.ROOT / "mkdocs.yml", *sorted(upstream)]


class Rebuild(FileSystemEventHandler):
    def __init__(self, rebuild: Callable[[], None]):
        self.rebuild, self.changed = rebuild, threading.Event()

    def on_any_event(self, event: FileSystemEvent) -> None:
        if not event.is_directory and event.event_type in ("created", "modified", "moved", "deleted"):
            self.changed.set()

    def loop(self) -> None:
        while True:
            self.changed.wait()
            time.sleep(QUIET_SECONDS)
            self.changed.clear()
            try:
                self.rebuild()
            except Exception as err:  # a bad edit must not stop the preview: show it, keep the last good site
                print(f"rebuild failed, previous site kept: {err}")


def serve(site: Path, port: int, rebuild: Callable[[], None]) -> int:
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]  # rebuild reports appear as they happen
    handler = Rebuild(rebuild)
    observer = Observer()
    for path in watched():
        observer.schedule(handler, str(path if path.is_dir() else path.parent), recursive=path.is_dir())
    observer.start()
    threading.Thread(target=handler.loop, daemon=True).start()
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
