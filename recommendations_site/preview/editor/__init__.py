"""The officials' editor, on the preview only (mounted at /edit/ by `build.py serve`): plain HTML
forms, working without JavaScript, that add and change the entries of an agency's tracking file
(data/tracking/<agency>.yaml) so that no official has to write YAML. Each save is checked as a
build checks the files and written as a reviewable change to the same file (saving.py).

Safety, since this server writes files: every request must come to a loopback Host (as the
preview also checks), so a page of another site cannot read a form's token through a DNS name of
its own; every POST must carry the form's csrf_token, a secret made at each start and
compared in constant time; the only text of a request that reaches a path is an agency id that
data/reference/agencies.yaml lists (anything else: 404 before a path is made). The published
build has none of this: nothing here is imported by the site's outputs."""

from __future__ import annotations

import hmac
import re
import secrets
from collections.abc import Awaitable, Callable
from pathlib import Path
from urllib.parse import quote, urlsplit

from jinja2 import ChoiceLoader, FileSystemLoader
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from ...project import Project
from ...render import environment
from ...tracking.template import start, why
from . import forms, saving
from .due import due
from .store import Store

TEMPLATES = Path(__file__).with_name("templates")
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
ROLES = (("leads", "lead_agencies"), ("coordinates", "coordinating_agencies"), ("supports", "supporting_agencies"))
FOUND = 25  # recommendations a search shows


def loopback(request: Request) -> bool:
    """The Host header names the loopback address, and the server's own port where it is known:
    a page of another site that a DNS name points here (DNS rebinding) is refused."""
    try:
        host = urlsplit("//" + request.headers.get("host", ""))
        port = host.port
    except ValueError:
        return False
    server = request.scope.get("server")
    return host.hostname in LOOPBACK and (not server or port == server[1] or (port is None and server[1] == 80))


class Editor:
    def __init__(self, store: Store, on_saved: Callable[[Path], None]):
        self.store, self.on_saved = store, on_saved
        self.token = secrets.token_urlsafe(32)  # one per start: a page of another site cannot know it
        self.env = environment("en")
        self.env.loader = ChoiceLoader([FileSystemLoader(TEMPLATES), self.env.loader])  # type: ignore[list-item]

    def page(self, request: Request, template: str, status: int = 200, **context: object) -> HTMLResponse:
        root = request.scope.get("root_path", "").rstrip("/") + "/"  # where the editor is mounted
        html = self.env.get_template(template).render(csrf_token=self.token, sections=forms.SECTIONS, url_root=root, **context)
        headers = {"Cache-Control": "no-store", "X-Frame-Options": "DENY", "Referrer-Policy": "no-referrer"}
        return HTMLResponse(html, status_code=status, headers=headers)

    def agency_of(self, request: Request) -> dict:
        """The agency the address names, or 404: only an id agencies.yaml lists goes further."""
        agency = self.store.agency(request.path_params["agency"])
        if agency is None:
            raise HTTPException(404, "no such agency in data/reference/agencies.yaml")
        return agency

    async def checked_form(self, request: Request) -> dict[str, list[str]]:
        """The POSTed form, once its Host (guarded) and csrf_token pass (403 otherwise)."""
        form = await request.form()
        token = form.get("csrf_token")
        if not isinstance(token, str) or not hmac.compare_digest(token.encode(), self.token.encode()):
            raise HTTPException(403, "refused: the form's csrf_token is missing or wrong; reload the page and try again")
        return {key: [v for v in form.getlist(key) if isinstance(v, str)] for key in form}

    async def index(self, request: Request) -> Response:
        agencies = sorted(self.store.agencies(), key=lambda a: a["name"])
        return self.page(request, "editor_index.html", agencies=[a for a in agencies if not a.get("merged_into")])

    def recommendations(self, agency: str) -> list[dict]:
        """The recommendations the agency leads, coordinates or supports, with why it holds each."""
        rows = []
        for rec in self.store.recommendations():
            for role, name in ROLES:
                if agency in getattr(rec, name):
                    rows.append({"id": rec.id, "role": role, "start": start(rec.text), "why": why(rec, agency, name)})
                    break
        return rows

    def search(self, query: str) -> list[dict]:
        words = [w.casefold() for w in query.split()][:10]
        found = [r for r in self.store.recommendations() if words and all(w in f"{r.id} {r.text}".casefold() for w in words)]
        return [{"id": r.id, "start": start(r.text), "body": r.body, "year": r.year} for r in found[:FOUND]]

    def choices(self, agency: str) -> dict[str, list[str]]:
        """The actions an update may be on: the agency's own, and those it supports."""
        actions = self.store.read().actions
        own = [e.get("id") for e in saving.entries(self.text(agency), "actions") if isinstance(e, dict)]
        supported = [a["id"] for a in actions if agency in a["supporting_agencies"]]
        return {"action": [str(a) for a in dict.fromkeys([*own, *supported]) if a]}

    def text(self, agency: str) -> str:
        path = saving.file_of(self.store, agency)
        return path.read_text(encoding="utf-8") if path.is_file() else ""

    def listed(self, agency: str) -> dict[str, list[dict]]:
        """Each section's entries as the file holds them now, with the version each form carries."""
        text = self.text(agency)
        return {
            key: [
                {"index": n, "values": forms.shown(e, section), "version": forms.version(e)}
                for n, e in enumerate(saving.entries(text, key))
                if isinstance(e, dict)
            ]
            for key, section in forms.SECTIONS.items()
        }

    def common(self, agency: dict, query: str = "") -> dict:
        """What every page of one agency shows: its recommendations, the search, what is due."""
        agencies = {a["id"]: a for a in self.store.agencies()}
        tracking = self.store.read()
        return {
            "agency": agency,
            "recs": self.recommendations(agency["id"]),
            "query": query,
            "found": self.search(query) if query else [],
            "choices": self.choices(agency["id"]),
            "due": due(agency["id"], tracking, self.store.recommendations(), self.store.as_of(), agencies),
            "problems": [str(p) for p in tracking.errors],
            "path": (Path("data") / saving.file_of(self.store, agency["id"]).relative_to(self.store.data)).as_posix(),
        }

    def undecided(self, recs: list[dict], entries: list[dict]) -> list[dict]:
        """The leads suggested for the agency (by the portfolio rules) it has not yet confirmed or declined."""
        decided = {e["values"]["recommendation"] for e in entries}
        return [r for r in recs if r["role"] == "leads" and r["why"].startswith("suggested") and r["id"] not in decided]

    async def agency_page(self, request: Request) -> Response:
        agency = self.agency_of(request)
        context = self.common(agency, request.query_params.get("q", "")[:200])
        entries = self.listed(agency["id"])
        return self.page(
            request,
            "editor_agency.html",
            undecided=self.undecided(context["recs"], entries["leads"]),
            entries=entries,
            saved=request.query_params.get("saved", ""),
            **context,
        )

    def section_of(self, request: Request) -> forms.Section:
        section = forms.SECTIONS.get(request.path_params["section"])
        if section is None:
            raise HTTPException(404, "no such part of a tracking file")
        return section

    async def entry(self, request: Request) -> Response:
        """GET: the form to change one entry; POST: save it."""
        index = request.path_params["index"]
        if request.method == "POST":
            return await self.save(request, index)
        agency, section = self.agency_of(request), self.section_of(request)
        found = saving.entries(self.text(agency["id"]), section.key)
        if index >= len(found) or not isinstance(found[index], dict):
            raise HTTPException(404, f"no {section.one} {index + 1} in the file")
        values, version = forms.shown(found[index], section), forms.version(found[index])
        return self.form(request, agency, section, index, values, version, {})

    async def add(self, request: Request) -> Response:
        return await self.save(request, None)

    def form(
        self,
        request: Request,
        agency: dict,
        section: forms.Section,
        index: int | None,
        values: dict,
        version: str,
        errors: dict,
        status: int = 200,
        others: list[str] = (),  # type: ignore[assignment]
    ) -> HTMLResponse:
        context = self.common(agency)
        return self.page(
            request,
            "editor_entry.html",
            status,
            section=section,
            index=index,
            values=values,
            version=version,
            errors=errors,
            others=list(others),
            **context,
        )

    async def save(self, request: Request, index: int | None) -> Response:
        form = await self.checked_form(request)  # Host and token first: a refused POST learns nothing more
        agency, section = self.agency_of(request), self.section_of(request)
        entry = forms.entry_of(section, form)
        version = (form.get("version") or [""])[-1]
        values = {
            f.name: ", ".join(form.get(f.name, [])) if f.kind == "list" else (form.get(f.name) or [""])[-1]
            for f in section.fields
        }
        try:
            outcome = saving.save(self.store, agency, section, index, version, entry)
        except saving.Conflict as err:
            return self.form(
                request, agency, section, index, values, version, {}, 409, [f"{err}: reload it, then make your change again"]
            )
        if not outcome.saved:
            return self.form(request, agency, section, index, values, version, outcome.errors, 422, outcome.others)
        self.on_saved(outcome.path)
        where = f"{request.url_for('editor-agency', agency=agency['id'])}?saved={quote(section.key)}#{section.key}"
        return RedirectResponse(re.sub(r"^https?://[^/]+", "", where), status_code=303)

    async def report(self, request: Request) -> Response:
        from .report import agency_pdf  # weasyprint is loaded only when a report is asked for

        agency = self.agency_of(request)
        name, pdf = agency_pdf(self.store.project, self.store.canonical, agency["id"])
        return Response(pdf, media_type="application/pdf", headers={"Content-Disposition": f'attachment; filename="{name}"'})


Endpoint = Callable[[Request], Awaitable[Response]]


def guarded(endpoint: Endpoint) -> Endpoint:
    """endpoint, refusing (403) a request whose Host is not loopback before anything else: a page
    of another site reached through its own DNS name can neither save nor read a form's token."""

    async def checked(request: Request) -> Response:
        if not loopback(request):
            raise HTTPException(403, "refused: the Host header is not this computer's loopback address")
        return await endpoint(request)

    return checked


def routes(project: Project, on_saved: Callable[[Path], None], *, canonical: Path | None = None) -> list[BaseRoute]:
    """The editor's routes, to mount at /edit: on_saved(path) is called after each file it writes
    (the preview rebuilds and reloads the open pages). canonical: the package the preview built
    (default: the project's build/canonical)."""
    editor = Editor(Store(project, canonical or project.canonical), on_saved)
    return [
        Route("/", guarded(editor.index), methods=["GET"], name="editor-index"),
        Route("/agencies/{agency}/", guarded(editor.agency_page), methods=["GET"], name="editor-agency"),
        Route("/agencies/{agency}/report.pdf", guarded(editor.report), methods=["GET"], name="editor-report"),
        Route("/agencies/{agency}/{section}/", guarded(editor.add), methods=["POST"], name="editor-add"),
        Route("/agencies/{agency}/{section}/{index:int}/", guarded(editor.entry), methods=["GET", "POST"], name="editor-entry"),
    ]
