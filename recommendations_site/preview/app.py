"""The preview's web server: the built site as a static host serves it, on 127.0.0.1 only, plus
live reload. Every HTML answer (never a file on disk: the published build carries none of this)
gets a small script that listens on /_preview/events (server-sent events) and reloads the page
when the preview says its page, or everything, changed; and, while the last rebuild failed, a
banner (role=alert) with the same `file:line: message` the terminal printed."""

from __future__ import annotations

import asyncio
import html
import re
import sys
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from sse_starlette.sse import EventSourceResponse
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.types import ASGIApp, Receive, Scope, Send

from ..project import Project

PREFIX = "/_preview/"  # no page of the site can have it: its folders never start with '_'
ASSETS = Path(__file__).parent / "assets"
HEAD = f'<link rel="stylesheet" href="{PREFIX}live.css"><script src="{PREFIX}live.js" defer></script>'
BANNER_ID = "preview-problem"  # live.js shows, updates and removes the banner by this id
HEAD_END = re.compile(rb"</head\s*>", re.IGNORECASE)
BODY_START = re.compile(rb"<body\b[^>]*>", re.IGNORECASE)


@dataclass(eq=False)
class Client:
    path: str  # the page it shows, as the browser's location.pathname
    queue: asyncio.Queue
    loop: asyncio.AbstractEventLoop


@dataclass(eq=False)
class Live:
    """The open pages, and the last rebuild's failure ('' after a success). Its methods are called
    from the rebuild thread; the events reach each page's queue on the server's event loop."""

    clients: set[Client] = field(default_factory=set)
    problem: str = ""

    def viewing(self) -> set[str]:
        """The paths the open pages show (the preview renders these first)."""
        return {c.path for c in set(self.clients)}

    def send(self, event: str, data: str, only: set[str] | None = None) -> None:
        for client in set(self.clients):
            if only is None or client.path in only:
                client.loop.call_soon_threadsafe(client.queue.put_nowait, {"event": event, "data": data})

    def reload(self, paths: set[str] | None = None) -> None:
        """Reload the pages showing one of paths (None: every page)."""
        self.send("reload", "*" if paths is None else " ".join(sorted(paths)), paths)

    def failed(self, message: str) -> None:
        self.problem = message
        self.send("problem", message)

    def succeeded(self) -> None:
        if self.problem:
            self.problem = ""
            self.send("fixed", "")


def log(request_line: str, status: int, note: str = "") -> None:
    """One line per request, as http.server wrote them."""
    when = time.strftime("%d/%b/%Y %H:%M:%S")
    said = f"{status} {note}: {request_line!r}" if note else f'"{request_line}" {status}'
    print(f"127.0.0.1 - - [{when}] {said}", file=sys.stderr)


def page_path(path: str) -> str:
    """A page's address as the preview names it: its folder, ending in '/'."""
    return path[: -len("index.html")] if path.endswith("/index.html") else path


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


class Guard:
    """Before any route: 403 unless the Host header names this server on loopback (a page on another
    site cannot reach the preview through DNS rebinding), 400 for a malformed path; one log line each."""

    def __init__(self, app: ASGIApp, port: Callable[[], int]):
        self.app, self.port = app, port

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        raw = scope.get("raw_path") or scope["path"].encode()
        target = (raw + (b"?" + scope["query_string"] if scope.get("query_string") else b"")).decode("latin-1")
        host = dict(scope["headers"]).get(b"host", b"").decode("latin-1")
        allowed = {f"127.0.0.1:{self.port()}", f"localhost:{self.port()}"}
        why = malformed(target)
        if host not in allowed:
            status, note = 403, f"refused host {host[:100]!r}"
        elif why:
            status, note = 400, f"malformed path: {why}"
        else:
            status = 0
        if status:
            log(target[:200], status, note)
            return await PlainTextResponse(note, status_code=status)(scope, receive, send)
        sent: list[int] = []

        async def noting(message: dict) -> None:
            if message["type"] == "http.response.start":
                sent.append(message["status"])
            await send(message)

        await self.app(scope, receive, noting)
        if not raw.startswith(PREFIX.encode()):
            log(f"{scope['method']} {target[:200]}", sent[0] if sent else 500)


def inject(page: bytes, problem: str) -> bytes:
    """The page as the preview serves it: the live script in its head, the banner atop its body."""
    page = HEAD_END.sub(lambda m: HEAD.encode() + m[0], page, count=1)
    if problem:
        banner = (
            f'<div id="{BANNER_ID}" role="alert"><p>The last change was not built:</p><pre>{html.escape(problem)}</pre></div>'
        )
        page = BODY_START.sub(lambda m: m[0] + banner.encode(), page, count=1)
    return page


def site_routes(site: Path, live: Live) -> list[BaseRoute]:
    async def page(request: Request) -> Response:
        return answer(site.resolve(), request.url.path, live)

    async def events(request: Request) -> Response:
        client = Client(page_path(request.query_params.get("path", "/")), asyncio.Queue(), asyncio.get_running_loop())
        return EventSourceResponse(stream(client, live))

    async def asset(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in ("live.js", "live.css"):
            return PlainTextResponse("not found", status_code=404)
        return FileResponse(ASSETS / name, headers={"Cache-Control": "no-store"})

    return [
        Route(f"{PREFIX}events", events),
        Route(PREFIX + "{name}", asset),
        Route("/{rest:path}", page, methods=["GET", "HEAD"]),
    ]


async def stream(client: Client, live: Live) -> AsyncIterator[dict]:
    live.clients.add(client)
    try:
        if live.problem:  # a page opened while the last rebuild failed
            yield {"event": "problem", "data": live.problem}
        while True:
            yield await client.queue.get()
    finally:
        live.clients.discard(client)


def answer(site: Path, path: str, live: Live) -> Response:
    """The file at path as a static host serves it: a folder's index.html (a folder without its
    '/' is redirected to it), the site's 404 page with 404 for anything else."""
    found = (site / path.lstrip("/")).resolve()
    if found != site and site not in found.parents:
        found = site / "404.html"
    if found.is_dir():
        if not path.endswith("/"):
            return RedirectResponse(path + "/", status_code=301)
        found = found / "index.html"
    status = 200
    if not found.is_file():
        found, status = site / "404.html", 404
        if not found.is_file():
            return PlainTextResponse("not found", status_code=404)
    headers = {"Cache-Control": "no-store"}  # an edited page must never come from the browser's cache
    if found.suffix == ".html":
        return Response(inject(found.read_bytes(), live.problem), status, headers, media_type="text/html")
    return FileResponse(found, status_code=status, headers=headers)


def editor_routes(project: Project, on_saved: Callable[[Path], None]) -> list[BaseRoute]:
    """The officials' editor at /edit/ (preview/editor), over the project's tracking files."""
    from . import editor

    return [Mount("/edit", routes=editor.routes(project, on_saved))]


def app(
    site: Path,
    live: Live,
    port: Callable[[], int],
    project: Project | None = None,
    on_saved: Callable[[Path], None] | None = None,
) -> ASGIApp:
    """The preview's ASGI app; port() gives the port it is served on (known once it listens); with a
    project, its officials' editor at /edit/."""
    routes = editor_routes(project, on_saved or (lambda path: None)) if project else []
    return Guard(Starlette(routes=[*routes, *site_routes(site, live)]), port)
