"""The interface's languages. English is the source; te reo Māori comes from the message catalogue
locales/mi/LC_MESSAGES/messages.po (Babel), compiled in memory when a build starts, so no .mo file
is committed. A string the catalogue holds no sourced translation for is shown in English, marked
lang="en" (docs/te-reo.md lists them for a reviewer).

Templates write `{{ _("Text") }}` for text in an element (marked when it falls back) and
`{{ _t("Text") }}` for text that cannot hold markup (attributes, <title>, <option>); Python code
marks a label it hands to a template with `N_("Label")` and the template translates the value."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pycountry
from babel import Locale
from babel.messages.catalog import Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations
from markupsafe import Markup

from . import dates

LOCALES = Path(__file__).resolve().parents[2] / "locales"  # part of the program, as the templates are
CATALOGUE = LOCALES / "mi" / "LC_MESSAGES" / "messages.po"
LANGUAGES = ("en", "mi")  # the first is the default (x-default) and lives at the site root
PREFIX = {"en": "", "mi": "mi/"}  # each language's folder from the site root
HTML_LANG = {"en": "en-NZ", "mi": "mi"}
# The language switch names the other version in its own language. The Māori words are Te Puni
# Kōkiri's own link to the Māori version of its pages (tpk.govt.nz, "Pānui tēnei i roto i te reo Māori").
# The Māori page's link says "Te reo Māori" (the language's name in those words) and, in English,
# how much is translated (_language_switch.html), so it never promises more than the page holds.
SWITCH = {"en": "Read this page in English", "mi": "Te reo Māori"}
FALLBACK = Markup('<span lang="en">{}</span>')
TRANSLATED = Markup('<span lang="{}">{}</span>')


def N_(message: str) -> str:
    """Marks a label for the catalogue; a template translates it where it is shown."""
    return message


def translated(message: Message) -> bool:
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return all(strings)


@cache
def compiled(path: Path = CATALOGUE) -> Translations:
    """The catalogue compiled to a .mo in memory. Untranslated entries are left out, as msgfmt
    does (Babel would fill an untranslated plural with its English)."""
    with path.open("rb") as f:
        catalog = read_po(f, locale="mi")
    for message in list(catalog):
        if message.id and not translated(message):
            del catalog[message.id]
    buf = io.BytesIO()
    write_mo(buf, catalog)
    buf.seek(0)
    return Translations(buf)


@dataclass(frozen=True)
class Interface:
    """One language's interface text: the translations object jinja's i18n extension takes
    (gettext, ngettext; newstyle), _() for Python views, and text() for places that cannot hold
    markup."""

    code: str
    translations: NullTranslations = field(default_factory=NullTranslations)

    def _found(self, key: object) -> bool:
        """Has a translation (an entry with an empty msgstr has none, also a plural one)."""
        return self.code == "en" or bool(getattr(self.translations, "_catalog", {}).get(key))

    def gettext(self, message: str) -> str:
        """The translation marked with its language (it may stand in a part of the page marked
        English), or (in a language other than English) the English marked lang="en"."""
        if self.code == "en":
            return self.translations.gettext(message)
        if self._found(message):
            return TRANSLATED.format(self.code, Markup(self.translations.gettext(message)))
        return FALLBACK.format(Markup(message))

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        if self.code == "en":
            return self.translations.ngettext(singular, plural, n)
        if self._found((singular, 0)):
            return TRANSLATED.format(self.code, Markup(self.translations.ngettext(singular, plural, n)))
        return FALLBACK.format(Markup(singular if n == 1 else plural))

    def text(self, message: str, **values: object) -> str:
        """The translation or the English, unmarked: for attributes, <title> and <option>."""
        found = self.translations.gettext(message) if self._found(message) else message
        return found % values

    _t = text  # the name the catalogue's extraction knows (babel.cfg)

    def markup(self, message: str) -> Markup:
        """gettext of a label held in a variable (marked with N_ where it is defined)."""
        return Markup(self.gettext(message))

    def _(self, message: str, **values: object) -> Markup:
        """For Python views: gettext as markup, its values escaped."""
        return Markup(self.gettext(message)) % values


@cache
def territory_name(iso3: str, lang: str) -> str:
    """A state's name in lang from CLDR (Babel), by its ISO 3166-1 alpha-3 code (pycountry gives the
    two-letter code CLDR keys names by); "" when either has none: never guessed."""
    country = pycountry.countries.get(alpha_3=iso3) if iso3 else None
    return Locale(lang).territories.get(country.alpha_2, "") if country and lang != "en" else ""


FIELD = re.compile(r"(context|where|screenshot|source|via|glossary|reviewed):\s*")


def field_of(message: Message, name: str) -> str:
    """A review field of an entry's translator comments ("reviewed: yes"; render/review.py). A .po
    file wraps comments at 76 characters, so a field runs on over the following comment lines
    until the next field."""
    fields: dict[str, list[str]] = {}
    current = None
    for comment in message.user_comments:
        found = FIELD.match(comment)
        if found:
            current = found.group(1)
            comment = comment[found.end() :]
        if current:
            fields.setdefault(current, []).append(comment.strip())
    return " ".join(" ".join(fields.get(name, [])).split())


def reviewed(message: Message) -> bool:
    return field_of(message, "reviewed").lower().startswith("yes")


@cache
def progress(path: Path = CATALOGUE) -> dict[str, int]:
    """How much of the interface is in te reo Māori: entries, sourced translations, and those a
    speaker has reviewed. Shown on every Māori page and the language switch."""
    with path.open("rb") as f:
        entries = [m for m in read_po(f, locale="mi") if m.id]
    done = [m for m in entries if translated(m)]
    return {"total": len(entries), "translated": len(done), "reviewed": sum(reviewed(m) for m in done)}


def alternates(site_url: str, url: str) -> list[dict]:
    """A page in every language: hreflang, absolute address, path from the site root, switch label."""
    return [
        {"lang": lang, "href": site_url + PREFIX[lang] + url, "path": PREFIX[lang] + url, "label": SWITCH[lang]}
        for lang in LANGUAGES
    ]


def interface(code: str) -> Interface:
    if code not in LANGUAGES:
        raise ValueError(f"no interface language {code!r}: one of {', '.join(LANGUAGES)}")
    return Interface(code) if code == "en" else Interface(code, compiled())


def remembered(ui: Interface) -> tuple[Callable[..., str], Callable[..., str]]:
    """gettext and ngettext as jinja2's newstyle i18n makes them for an autoescaping environment
    (ext._make_new_gettext: the message as Markup, then `% variables`, which escapes them), with each
    message's translation made once: a page asks for the same hundred-odd texts as every other page.
    Plain functions, not pass_context ones as jinja2's are (to read eval_ctx.autoescape): jinja2
    copies the whole context for every call of a pass_context function inside a block or a loop,
    most of a page's calls. So every environment they are installed in autoescapes every template
    (install() checks; no template turns it off, tests/test_te_reo_interface.py)."""
    said: dict[str, Markup] = {}  # message -> Markup(translation) % {}: the text of a call without values
    marked: dict[tuple[str, str, int], Markup] = {}

    def gettext(message: str, **values: object) -> str:
        if values:
            return Markup(ui.gettext(message)) % values
        found = said.get(message)
        if found is None:
            found = said[message] = Markup(ui.gettext(message)) % {}
        return found

    def ngettext(singular: str, plural: str, n: int, **values: object) -> str:
        values.setdefault("num", n)
        found = marked.get((singular, plural, n))
        if found is None:
            found = marked[singular, plural, n] = Markup(ui.ngettext(singular, plural, n))
        return found % values

    return gettext, ngettext


def install(env: object, code: str) -> None:
    """jinja2's i18n extension with code's interface (env already has the extension); `_` and
    the plural calls go straight to the remembered translations (no alias lookup per call)."""
    if not env.autoescape:  # type: ignore[attr-defined]
        raise ValueError("the interface's gettext is made for an autoescaping environment (remembered())")
    ui = interface(code)
    env.install_gettext_translations(ui, newstyle=True)  # type: ignore[attr-defined]
    gettext, ngettext = remembered(ui)
    env.globals.update(_=gettext, gettext=gettext, ngettext=ngettext)  # type: ignore[attr-defined]
    env.globals["_t"] = ui.text  # type: ignore[attr-defined]
    env.globals["lang"] = code  # type: ignore[attr-defined]
    env.globals["html_lang"] = HTML_LANG[code]  # type: ignore[attr-defined]
    env.globals["translation"] = progress()  # type: ignore[attr-defined]
    env.filters["local_dates"] = lambda html: dates.in_text(html, code)  # type: ignore[attr-defined]
