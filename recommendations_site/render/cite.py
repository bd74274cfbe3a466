"""How to cite a recommendation: the text form with its public address, and the records reference
managers import (BibTeX for JabRef and LaTeX, RIS for EndNote, CSL-JSON for Zotero and
Mendeley). Each is written by its library (bibtexparser, rispy, json); this module only says what
goes in them."""

from __future__ import annotations

import json
import re

import bibtexparser
import rispy
from bibtexparser import model
from bibtexparser.middlewares import default_unparse_stack
from pylatexenc.latexencode import UnicodeToLatexEncoder

from ..model import Recommendation
from .urls import url

# Characters BibTeX reads as themselves; anything else in a value is encoded as LaTeX.
PLAIN = re.compile(r"[A-Za-z0-9 ,.;:()/'-]*")
LATEX = UnicodeToLatexEncoder(unknown_char_policy="keep")
# The library is made for one write and thrown away: its middlewares may change it in place, which
# spares bibtexparser a deep copy of it on every page (a twentieth of a recommendation page's time).
UNPARSE = default_unparse_stack(allow_inplace_modification=True)


def public_url(site_url: str, path: str) -> str:
    """The public address of a page (path from the site root) as citations give it: the one place
    that joins the configured site_url (mkdocs.yml) and a path, so it can be pointed elsewhere."""
    return site_url.rstrip("/") + "/" + path.lstrip("/")


class _Ris(rispy.RisWriter):
    def set_header(self, count: int) -> str:
        return ""  # no "1." line before the record: a single reference


def _tex(value: str) -> str:
    return value if PLAIN.fullmatch(value) else LATEX.unicode_to_latex(value)


def title(rec: Recommendation) -> str:
    where = f", {rec.document_symbol}" if rec.document_symbol else ""
    para = f", paragraph {rec.paragraph}" if rec.paragraph else ""
    return f"{rec.body} recommendation to {rec.country} ({rec.year}){where}{para}"


def citations(rec: Recommendation, body_name: str, site_url: str, site_name: str) -> dict:
    """The text form and the three reference-manager formats of one recommendation."""
    address = public_url(site_url, url("recommendation", rec.id))
    name = title(rec)
    text = f"{name}. {site_name}, {address}"
    note = f"Via {site_name}"
    fields = [
        model.Field("author", "{" + _tex(body_name) + "}"),  # braced: a body, not a person's name
        model.Field("title", "{" + _tex(name) + "}"),
        model.Field("institution", "United Nations"),
        model.Field("year", str(rec.year)),
        model.Field("url", address),
        model.Field("note", _tex(note)),
    ]
    if rec.document_symbol:
        fields.insert(3, model.Field("number", _tex(rec.document_symbol)))
    bibtex = bibtexparser.write_string(bibtexparser.Library([model.Entry("techreport", rec.id, fields)]), unparse_stack=UNPARSE)
    ris_record = {"type_of_reference": "RPRT", "title": name, "authors": [body_name], "year": str(rec.year)}
    ris_record |= {"publisher": "United Nations", "number": rec.document_symbol, "urls": [address], "notes": [note]}
    ris = rispy.dumps([{k: v for k, v in ris_record.items() if v}], implementation=_Ris)
    csl = {
        "id": rec.id,
        "type": "report",
        "title": name,
        "author": [{"literal": body_name}],
        "publisher": "United Nations",
        "number": rec.document_symbol or None,
        "issued": {"date-parts": [[rec.year]]},
        "URL": address,
        "note": note,
    }
    csl_json = json.dumps([{k: v for k, v in csl.items() if v is not None}], ensure_ascii=False, indent=2)
    formats = [
        ("bibtex", "BibTeX", bibtex.strip() + "\n", ".bib", "application/x-bibtex"),
        ("ris", "RIS", ris, ".ris", "application/x-research-info-systems"),
        ("csl", "CSL-JSON", csl_json + "\n", ".csl.json", "application/vnd.citationstyles.csl+json"),
    ]
    return {
        "url": address,
        "title": name,
        "text": text,
        "formats": [{"id": i, "title": t, "value": v, "file": rec.id + ext, "type": m} for i, t, v, ext, m in formats],
    }
