"""Rendering helpers every output uses: the site's settings, the Jinja2 environment over
site_templates/ and the Writer that puts pages and files into the site. Every value is
autoescaped: recommendation text is data, never markup."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import FunctionType, MethodType
from typing import Any

from jinja2 import BytecodeCache, Environment, FileSystemLoader, StrictUndefined, Template, meta, select_autoescape
from jinja2.bccache import Bucket
from jinja2.runtime import Context
from markupsafe import Markup, escape

from ..files import atomic_write
from . import dates, i18n
from .hubs import RESPONSE_LABELS
from .overlaps import also_items
from .shell import Shells
from .urls import url

TEMPLATES = Path(__file__).resolve().parents[2] / "site_templates"  # part of the program, as schema.yaml is


@dataclass(frozen=True)
class Site:
    """Site-wide settings (from mkdocs.yml) and the stylesheets the narrative build produced."""

    name: str
    url: str
    description: str
    country: str
    stylesheets: tuple[str, ...]


DICT_ATTRIBUTES = frozenset(dir(dict))  # names jinja2 finds on a dict before its keys ("items", "get")


PLAIN = (FunctionType, MethodType)


class Calls(Context):
    """A Context that calls a plain function (url(), _(), a filter-like helper) straight away:
    jinja2 first asks whether it wants the context, the environment or the eval context passed,
    twice; a plain function or method without jinja2's mark wants none (the same result)."""

    def call(__self, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        if type(__obj) in PLAIN and not hasattr(__obj, "jinja_pass_arg"):
            kwargs.pop("_block_vars", None)
            kwargs.pop("_loop_vars", None)
            try:
                return __obj(*args, **kwargs)
            except StopIteration:
                return __self.environment.undefined("value was undefined because a callable raised a StopIteration exception")
        return super().call(__obj, *args, **kwargs)


class Pages(Environment):
    """An Environment that looks a name up in a plain dict (every view is one) by key first,
    where jinja2 tries the attribute, fails and then tries the key: the same value, found once."""

    context_class = Calls

    def getattr(self, obj: object, attribute: str) -> object:
        if type(obj) is dict and attribute not in DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)


class Compiled(BytecodeCache):
    """Each template compiled once for all the environments that share this cache (a Writer's
    languages and the shells' overlays, render/shell.py): they differ only in globals and filters,
    which a template looks up as it renders, so the code is the same (jinja2 checks the source's
    checksum before reusing it). In memory, for one Writer: nothing outlives the build."""

    def __init__(self) -> None:
        self.made: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        found = self.made.get(bucket.key)
        if found is not None:
            bucket.bytecode_from_string(found)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.made[bucket.key] = bucket.bytecode_to_string()


def environment(lang: str = "en", compiled: BytecodeCache | None = None) -> Environment:
    """The one Jinja2 environment of the generated pages, in one interface language (render/i18n.py);
    compiled: a cache of compiled templates shared with the other languages' environments."""
    env = Pages(
        loader=FileSystemLoader(TEMPLATES),
        extensions=["jinja2.ext.i18n"],
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # one build never sees a template change: no stat of every template per page
        bytecode_cache=compiled,
    )
    env.globals["url"] = url  # the one table of URL folders (render/urls.py)
    env.globals["also_items"] = also_items  # a recommendation page's "also recommended" entries
    env.filters["mi"] = te_reo  # site text naming Māori words: each marked lang="mi" for screen readers
    env.filters["day"] = lambda value: dates.in_language(value, lang)  # a date in the page's language
    env.filters["half_year"] = lambda period: dates.half_year(period, lang)
    i18n.install(env, lang)
    return env


TE_REO = re.compile(r"\b(te reo|Te Tiriti o Waitangi|Te Puni Kōkiri|Māori|whānau|iwi|hapū)\b")


def te_reo(text: str) -> Markup:
    """text escaped, with each word in te reo Māori in <span lang="mi">."""
    if type(text) is str:  # not Markup, which is equal to the same str but already escaped
        return marked_te_reo(text)
    return Markup(TE_REO.sub(r'<span lang="mi">\1</span>', str(escape(text))))


@lru_cache(maxsize=1 << 16)
def marked_te_reo(text: str) -> Markup:
    """te_reo of a plain text, made once: an ask's title is shown on every page that lists it."""
    return Markup(TE_REO.sub(r'<span lang="mi">\1</span>', str(escape(text))))


RESPONSES = [{"label": v} for v in RESPONSE_LABELS.values()]
NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0)  # as open(path, "wb") opens it


class Writer:
    """Renders pages and writes files into out. With hold=True both are kept in memory until
    flush() (the preview renders everything that changed first, then writes it, so a failure
    writes nothing, and can put back what flush() replaced)."""

    def __init__(self, out: Path, site: Site, *, hold: bool = False):
        self.out, self.site = out, site
        compiled = Compiled()  # a template is compiled once, not once per language (0.49 to 0.27 s CPU, every template)
        self.envs = {lang: environment(lang, compiled) for lang in i18n.LANGUAGES}
        self.env = self.envs["en"]
        self.pages: list[str] = []
        self.held: dict[str, bytes] | None = {} if hold else None
        self.templates: dict[tuple[str, str], Template] = {}
        self.shells = Shells()
        self.remember()

    def compile(self, template: str) -> None:
        """Compile template and every template it includes, imports or extends, in every language,
        and its shell's overlay (render/shell.py): before workers fork, which would otherwise each
        compile them again."""
        for lang, env in self.envs.items():
            self.shells.compile(env, lang, template)
            names, seen = [template], set()
            while names:
                name = names.pop()
                seen.add(name)
                env.get_template(name)
                source = env.loader.get_source(env, name)[0]  # type: ignore[union-attr]
                names += [n for n in meta.find_referenced_templates(env.parse(source)) if n and n not in seen]

    def adopt(self, before: Writer) -> None:
        """Render with before's compiled templates (none changed: compiling costs more than a page)
        but with once() memories of this build's own: what a build remembers is made of its data."""
        self.envs, self.env, self.templates = before.envs, before.env, before.templates
        self.shells.parts = before.shells.parts  # their compiled templates; the shells are made again
        self.remember()

    def remember(self) -> None:
        """Fresh once() and each_once() memories of this build in every language's templates."""
        for env in self.envs.values():
            env.globals["once"], env.globals["each_once"] = self.remembered()

    @staticmethod
    def remembered() -> tuple[Callable[..., Markup], Callable[..., Markup]]:
        """once(key, macro, *args): the macro's markup made the first time key is asked for in this
        build, then reused (a part of a page that many pages show alike); each_once, a list's items so."""
        made: dict[object, Markup] = {}

        def once(key: object, macro: Callable[..., Markup], *args: object) -> Markup:
            found = made.get(key)
            if found is None:
                found = made[key] = macro(*args)
            return found

        def each_once(key: str, items: list[dict], macro: Callable[..., Markup], lroot: str) -> Markup:
            """macro(item, lroot) of each item (a dict with an "id"), joined; each made once per build."""
            done: dict[str, str] = once((key, lroot), dict)
            return Markup("".join([done.get(i["id"]) or done.setdefault(i["id"], str(macro(i, lroot))) for i in items]))

        return once, each_once

    def render(
        self,
        url: str,
        template: str,
        title: str,
        description: str,
        *,
        lang: str = "en",
        translated: bool = False,
        shell: bool = False,
        **context: object,
    ) -> str:
        """url: the page's folder in English; lang: the interface language it is rendered in (its
        folder then under i18n.PREFIX); translated: the page exists in every language (hreflang);
        shell: put the page's blocks into its layout rendered once (render/shell.py)."""
        if (lang, template) not in self.templates:
            self.templates[lang, template] = self.envs[lang].get_template(template)
        path = i18n.PREFIX[lang] + url
        root = "../" * path.count("/")  # every link relative: the site works under any sub-path
        layout = {
            "root": root,
            "lroot": root + i18n.PREFIX[lang],  # this language's home: its pages link to each other
            "alternates": i18n.alternates(self.site.url, url) if translated else [],
            "canonical": self.site.url + path,  # the one absolute address of the page
            "site_name": self.site.name,
            "stylesheets": self.site.stylesheets,
            "title": title,
            "description": description,
            "breadcrumbs": context.pop("breadcrumbs", []),
            "responses": RESPONSES,
        }
        whole = self.templates[lang, template].render
        if shell:
            made = self.shells.page(self.envs[lang], lambda: whole(**layout, **context), layout, context, (lang, template, root, self.site))
            if made is not None:
                return made
        return whole(**layout, **context)

    def page(self, url: str, template: str, title: str, description: str, *, lang: str = "en", **context: object) -> None:
        """Write url (a folder path such as 'themes/health/') as url/index.html (under lang's folder)."""
        path = i18n.PREFIX[lang] + url
        self.pages.append(path)
        self.file(f"{path}index.html", self.render(url, template, title, description, lang=lang, **context))

    def file(self, path: str, data: bytes | str) -> None:
        """Write path (from the site root); its folder is made as needed."""
        data = data.encode("utf-8") if isinstance(data, str) else data
        if self.held is not None:
            self.held[path] = data
            return
        target = f"{self.out}/{path}"
        try:  # most files go into a folder that exists: no mkdir (a stat and a failed mkdir) each
            handle = os.open(target, NEW_FILE, 0o666)
        except FileNotFoundError:  # its folder is new: most often its parent is not (one mkdir, not makedirs' stat first)
            folder = os.path.dirname(target)
            try:
                os.mkdir(folder)
            except FileNotFoundError:
                os.makedirs(folder, exist_ok=True)
            except FileExistsError:
                pass
            handle = os.open(target, NEW_FILE, 0o666)
        try:  # os.write, not a Python file object: no buffer, no encoding layer, three system calls a file
            view = memoryview(data)
            while view:
                view = view[os.write(handle, view) :]
        finally:
            os.close(handle)

    def flush(self) -> dict[Path, bytes | None]:
        """Write the held files, each by one rename (a reader never sees half a page); returns what
        each file held before (None: it is new), so that a caller can put it back."""
        held, self.held = self.held or {}, {}
        before: dict[Path, bytes | None] = {}
        for path, data in held.items():
            target = self.out / path
            before[target] = target.read_bytes() if target.exists() else None
            atomic_write(target, data)
        return before


def put_back(before: dict[Path, bytes | None]) -> None:
    """Undo a flush(): every file as it was (new ones removed)."""
    for path, old in before.items():
        if old is None:
            path.unlink(missing_ok=True)
        else:
            atomic_write(path, old)
