"""The interface's languages. English is the source; te reo Māori comes from the message catalogue
locales/mi/LC_MESSAGES/messages.po (Babel), compiled in memory when a build starts, so no .mo file
is committed. A string the catalogue holds no sourced translation for is shown in English, marked
lang="en" (docs/te-reo.md lists them for a reviewer).

Templates write `{{ _("Text") }}` for text in an element (marked when it falls back) and
`{{ _t("Text") }}` for text that cannot hold markup (attributes, <title>, <option>); Python code
marks a label it hands to a template with `N_("Label")` and the template translates the value."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations
from markupsafe import Markup

from .. import paths

LOCALES = paths.ROOT / "locales"
CATALOGUE = LOCALES / "mi" / "LC_MESSAGES" / "messages.po"
LANGUAGES = ("en", "mi")  # the first is the default (x-default) and lives at the site root
PREFIX = {"en": "", "mi": "mi/"}  # each language's folder from the site root
HTML_LANG = {"en": "en-NZ", "mi": "mi"}
# The language switch names the other version in its own language. The Māori words are Te Puni
# Kōkiri's own link to the Māori version of its pages (tpk.govt.nz, "Pānui tēnei i roto i te reo Māori").
SWITCH = {"en": "Read this page in English", "mi": "Pānui tēnei i roto i te reo Māori"}
FALLBACK = Markup('<span lang="en">{}</span>')


def N_(message: str) -> str:
    """Marks a label for the catalogue; a template translates it where it is shown."""
    return message


@cache
def compiled(path: Path = CATALOGUE) -> Translations:
    """The catalogue compiled to a .mo in memory (untranslated entries are left out, as msgfmt does)."""
    with path.open("rb") as f:
        catalog = read_po(f, locale="mi")
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
        return self.code == "en" or key in getattr(self.translations, "_catalog", {})

    def gettext(self, message: str) -> str:
        """The translation, or (in a language other than English) the English marked lang="en"."""
        if self._found(message):
            return self.translations.gettext(message)
        return FALLBACK.format(Markup(message))

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        if self._found((singular, 0)):
            return self.translations.ngettext(singular, plural, n)
        return FALLBACK.format(Markup(singular if n == 1 else plural))

    def text(self, message: str, **values: object) -> str:
        """The translation or the English, unmarked: for attributes, <title> and <option>."""
        found = self.translations.gettext(message) if self._found(message) else message
        return found % values

    _t = text  # the name the catalogue's extraction knows (babel.cfg)

    def _(self, message: str, **values: object) -> Markup:
        """For Python views: gettext as markup, its values escaped."""
        return Markup(self.gettext(message)) % values


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


def install(env: object, code: str) -> None:
    """jinja2's i18n extension with code's interface (env already has the extension)."""
    ui = interface(code)
    env.install_gettext_translations(ui, newstyle=True)  # type: ignore[attr-defined]
    env.globals["_t"] = ui.text  # type: ignore[attr-defined]
    env.globals["lang"] = code  # type: ignore[attr-defined]
    env.globals["html_lang"] = HTML_LANG[code]  # type: ignore[attr-defined]
