"""A page's layout rendered once, its own parts put in: the recommendation pages (two per
recommendation, 4,000 at 2,000 recommendations) share everything around their template's blocks
but for a few values: the title, the description, the canonical address, the alternates, the
breadcrumbs and the JSON-LD. Rendering layout.html and its includes for every page was about a
quarter of their time.

The layout is rendered once per language, depth and shape of page (a Shell), with a marker in
place of each of those values and of each block the page's template fills. A page then renders only
its template's blocks (the template over a layout of nothing but those blocks, in an overlay of the
language's environment), and each marker is replaced by its value escaped as the layout's {{ }}
escapes it. The first page of every shell is also rendered whole and compared: should the layout
ever use one of those values otherwise (a filter, a test), its pages are rendered whole, as before,
and tests/test_page_shell.py fails."""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from jinja2 import ChoiceLoader, DictLoader, Environment
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup, escape

TOKEN = secrets.token_hex(8)  # in every marker: no template or data holds it
MARKER = re.compile(f"x{TOKEN}([a-z0-9_-]+){TOKEN}x")
EXTENDS = re.compile(r'{%-?\s*extends\s+"([^"]+)"')


def marker(name: str) -> Markup:
    return Markup(f"x{TOKEN}{name}{TOKEN}x")


@dataclass(frozen=True)
class Shell:
    """The layout split at its markers: pieces[0], slots[0], pieces[1], … pieces[-1]."""

    pieces: tuple[str, ...]
    slots: tuple[str, ...]

    @classmethod
    def of(cls, html: str) -> Shell:
        parts = MARKER.split(html)
        return cls(tuple(parts[0::2]), tuple(parts[1::2]))

    def fill(self, values: dict[str, str]) -> str:
        out = [self.pieces[0]]
        for slot, piece in zip(self.slots, self.pieces[1:], strict=True):
            out += (values[slot], piece)
        return "".join(out)


def esc(value: object) -> str:
    """value as {{ value }} puts it in an autoescaped template."""
    return str(escape(value))


class Shells:
    """The shells of one Writer's pages, made on first use, and the block-only overlays."""

    def __init__(self) -> None:
        self.shells: dict[tuple, Shell | None] = {}  # None: its first page differed; rendered whole
        self.parts: dict[tuple[str, str], tuple[Environment, list[str]]] = {}
        self.json: tuple[object, str] = (None, "")  # the last JSON-LD and its text: a page's other language has the same

    def blocks(self, env: Environment, lang: str, template: str) -> tuple[Environment, list[str]]:
        """An overlay of env where template's layout is its blocks only, joined by a marker; their names."""
        found = self.parts.get((lang, template))
        if found is None:
            source = env.loader.get_source(env, template)[0]  # type: ignore[union-attr]
            layout = EXTENDS.search(source)
            names = list(env.get_template(template).blocks) if layout else []
            between = marker("block")
            only = str(between).join(f"{{% block {name} %}}{{% endblock %}}" for name in names)
            loader = ChoiceLoader([DictLoader({layout[1]: only}), env.loader]) if layout else env.loader  # type: ignore[list-item]
            found = self.parts[lang, template] = (env.overlay(loader=loader, cache_size=50), names)
        return found

    def compile(self, env: Environment, lang: str, template: str) -> None:
        """Compile the overlay of template's blocks (blocks()) and what it includes, as a page would."""
        overlay, names = self.blocks(env, lang, template)
        if names:
            overlay.get_template(template)

    def page(
        self,
        env: Environment,
        render: Callable[..., str],
        layout: dict,
        page: dict,
        key: tuple,
    ) -> str | None:
        """The page from its shell, or None where a shell cannot make it (render it whole).
        layout: the values the layout reads, as Writer.render passes them; page: the template's own."""
        lang, template = key[0], key[1]
        overlay, names = self.blocks(env, lang, template)
        if not names or layout["title"] == layout["site_name"]:  # the layout names the site alone then
            return None
        shape = (*key, len(layout["alternates"]), len(layout["breadcrumbs"]), "jsonld" in page)
        if shape in self.shells and self.shells[shape] is None:
            return None
        parts = overlay.get_template(template).render(**layout, **page).split(str(marker("block")))
        values = self.values(env, layout, page, dict(zip(names, parts, strict=True)))
        shell = self.shells.get(shape)
        if shape not in self.shells:
            shell = self.shells[shape] = self.made(env, template, names, layout, "jsonld" in page)
            whole = render()
            if shell.fill(values) != whole:
                self.shells[shape] = None
                return whole
        return shell.fill(values) if shell else None

    @staticmethod
    def made(env: Environment, template: str, names: list[str], layout: dict, jsonld: bool) -> Shell:
        """The layout of template with a marker for each value and block of a page (the first page's
        layout values give the shape: the alternates' languages, how many breadcrumbs)."""
        parent = EXTENDS.search(env.loader.get_source(env, template)[0])[1]  # type: ignore[index,union-attr]
        fills = "".join(f"{{% block {name} %}}{{{{ block_{name} }}}}{{% endblock %}}" for name in names)
        markers = {
            **layout,
            "title": marker("title"),
            "description": marker("description"),
            "canonical": marker("canonical"),
            "alternates": [{**a, "href": marker(f"href-{a['lang']}"), "path": marker(f"path-{a['lang']}")} for a in layout["alternates"]],
            "breadcrumbs": [{"title": marker(f"crumb{i}-title"), "url": marker(f"crumb{i}-url")} for i in range(len(layout["breadcrumbs"]))],
            **{f"block_{name}": marker(f"block-{name}") for name in names},
        }
        if jsonld:
            markers["jsonld"] = str(marker("jsonld"))  # tojson puts it in quotes
        html = env.from_string(f'{{% extends "{parent}" %}}{fills}').render(**markers)
        return Shell.of(html.replace(f'"{marker("jsonld")}"', str(marker("jsonld"))))

    def values(self, env: Environment, layout: dict, page: dict, blocks: dict[str, str]) -> dict[str, str]:
        """What each marker stands for on this page, escaped as the layout's {{ }} escapes it."""
        found = {
            "title": esc(layout["title"]),
            "description": esc(layout["description"]),
            "canonical": esc(layout["canonical"]),
            **{f"block-{name}": text for name, text in blocks.items()},
        }
        for a in layout["alternates"]:
            found[f"href-{a['lang']}"], found[f"path-{a['lang']}"] = esc(a["href"]), esc(a["path"])
        for i, crumb in enumerate(layout["breadcrumbs"]):
            found[f"crumb{i}-title"], found[f"crumb{i}-url"] = esc(crumb["title"]), esc(crumb["url"])
        if "jsonld" in page:
            found["jsonld"] = self.tojson(env, page["jsonld"])
        return found

    def tojson(self, env: Environment, value: object) -> str:
        """{{ value | tojson }} (every language's environment has the same JSON policies)."""
        if self.json[0] is not value:
            self.json = (value, str(htmlsafe_json_dumps(value, dumps=env.policies["json.dumps_function"], **env.policies["json.dumps_kwargs"])))
        return self.json[1]

