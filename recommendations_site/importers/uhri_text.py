"""What both shapes of UHRI record share (the API's records, uhri.py; the full export,
uhri_export.py): the English text cleaned, its paragraph and heading found, the recommending states
read from it, the date checked, and a record's shape problem said in plain words.

0. Control characters (invisible, never meant as text) are taken out and counted in the report.
1. HTML entities decoded (&rsquo; -> ’, &nbsp; -> space); a Word style sheet pasted before the
   text ("<w:LsdException ...", "mso-...") is cut up to its last "}".
2. Runs of whitespace (line breaks, no-break spaces) become one space; ends are stripped.
3. UPR: a leading "127.179", "109.122." or "157." is the paragraph; cycle 1's "Recommendation
   No. 93, para. 95:93." is paragraph "95.93". Treaty bodies: a leading "20." is the paragraph and
   text before a glued number is a heading ("Health 34.The Committee" -> "Health", "34"): at most
   200 characters with no full stop, semicolon or colon, bar a section mark ("F.", "IV.", "2."),
   "art(s)." and ": " before a capital. With no number, a heading glued to the first word
   ("Access to counselThe Committee") ends where a lower-case letter meets a capitalised word.
   A heading goes to source_tags as "heading: ...", never into text. A number straight after
   "article"/"paragraph" ("Reservation to article 412.") is ambiguous: no paragraph, text kept whole.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from pathlib import Path

from jsonschema.exceptions import ValidationError

from ..errors import SourceError
from ..model import Recommendation
from ..model.context import Context
from ..reading import schema
from ..reading.text import text_size

API_FIELDS = ("annotationId", "symbol", "publicationDate", "en")
YEARS = (1946, 2100)  # the bounds of recommendations.year (model/schema.yaml)
RESPONSE_SOURCE = "UN Universal Human Rights Index"
EMPTY = "missing or empty"
Tags = tuple[list[str], list[str], list[str]]  # the export's theme and affected-person names, and what else it could not map
Kept = dict[str, tuple[Path, int, Recommendation, Tags]]  # by annotation id


UPR_NUMBER = re.compile(r"(?:Recommendation No\.\s*(\d+),\s*para\.\s*(\d+)\s*:\s*(?:\1\s*\.)?|(\d{1,3}(?:\.\d{1,3})?)\s*\.?)\s*")
SECTION = r"(?:[A-Z]{1,4}|\d{1,2})\.\s?"
NUMBERED = re.compile(
    rf"(?P<heading>(?:{SECTION})?(?:[^.;:]|\barts?\.|:(?=\s[A-Z])){{0,200}}?)\s*"
    r"(?<!\d)(?<!article )(?<!articles )(?<!paragraph )(?P<number>\d{1,3})\s?\.(?!\d)\s*(?=[A-Z(“\"‘'])"
)
GLUED = re.compile(rf"(?P<heading>(?:{SECTION})?[^.;:]{{3,200}}?[a-z)])(?=[A-Z][a-z]+\s)")
STATE_RUN = re.compile(r"((?:\(\s*(?:[^()]|\([^()]*\))+\)\s*)+)(?=[;.]|$)")  # parentheses ending a recommendation


def clean(text: str) -> str:
    text = html.unescape(text)
    if "}" in text and ("<w:" in text or "mso-" in text):
        text = text[text.rindex("}") + 1 :]
    return " ".join(text.split())


def split_paragraph(text: str, upr: bool) -> tuple[str, str, str]:
    """(paragraph, heading, text) by the rules in the module docstring."""
    if upr:
        match = UPR_NUMBER.match(text)
        return (f"{match[2]}.{match[1]}" if match[2] else match[3], "", text[match.end() :]) if match else ("", "", text)
    match = NUMBERED.match(text) or GLUED.match(text)
    if not match:
        return "", "", text
    return match.groupdict().get("number") or "", match["heading"].strip(), text[match.end() :]


def recommending_states(text: str) -> list[str]:
    """States in the parentheses ending a recommendation, "(France) (Lithuania);", "(Iran, Mexico)"; not acronyms, "(FGM)"."""
    groups = [g for run in STATE_RUN.findall(text) for g in re.findall(r"\(\s*((?:[^()]|\([^()]*\))+?)\s*\)", run)]
    names = [re.sub(r"\s*’\s*", "’", name).strip().removeprefix("the ") for group in groups for name in group.split(",")]
    return list(dict.fromkeys(n for n in names if n and not re.fullmatch(r"[A-Z0-9-]+", n)))


WG_SESSION = re.compile(r"A/HRC/WG\.6/(\d{1,3})/")  # a UPR Working Group document names its session


def session_from_symbol(symbol: str) -> int | None:
    """The UPR session a Working Group document's symbol names ("A/HRC/WG.6/13/NZL/1" -> 13), else None."""
    found = WG_SESSION.match(symbol.strip())
    return int(found[1]) if found else None


def cycle_from_year(year: int, context: Context) -> int | None:
    """A report comes out in its session's year or the next: the cycle if both years lie in one."""
    cycles = {context.upr_cycle(session) for session, held in context.upr_sessions["years"].items() if held in (year - 1, year)}
    return cycles.pop() if len(cycles) == 1 else None


def shape_problem(error: ValidationError) -> tuple[str, str]:
    """(field, message) for the first way a record breaks uhri.schema.yaml, in plain words."""
    where = list(error.absolute_path)
    name = schema.field_of(where, error)
    if not where and error.validator == "type":
        return "-", "not a JSON object: each record must be one {...} with the fields of a UHRI annotation"
    empty = error.validator in ("minLength", "minItems") and error.validator_value == 1
    if error.validator == "required" or empty or (error.validator == "type" and error.instance is None):
        message = EMPTY
    elif error.validator == "type":  # the value as the file writes it: true, not Python's True
        wanted = [error.validator_value] if isinstance(error.validator_value, str) else error.validator_value
        shown = json.dumps(error.instance, ensure_ascii=False)
        shown = shown if len(shown) <= 60 else shown[:57] + "..."
        message = f"{shown} is not {' or '.join(schema.TYPES.get(t, t) for t in wanted if t != 'null')}"
    else:
        message = schema.message(error)
    items = [f"item {w + 1}" for w in where if isinstance(w, int)]
    return name, ": ".join([*items, message])


def publication_date(path: Path, row_no: int, value: str, field_name: str = "publicationDate") -> str:
    date = value[:10]
    try:
        if re.fullmatch(r"\d{4}-\d\d-\d\d", date):
            found = dt.date.fromisoformat(date)
            if not YEARS[0] <= found.year <= YEARS[1]:  # checked here, at the source's own line, not in the package
                raise SourceError(path, row_no, field_name, f"{value!r}: a year from {YEARS[0]} to {YEARS[1]} is expected")
            return found.isoformat()
    except ValueError:
        pass
    raise SourceError(path, row_no, field_name, f"{value!r} is not a date (YYYY-MM-DD) that exists")


def repeated(path: Path, row_no: int, key: str, text: str, kept: Kept, upr: bool, field_name: str) -> None:
    """A record whose annotation id was read before is a repeat only with the same text: with
    another, one of the two texts would be dropped in silence, so it is refused."""
    first_path, first_row, rec, _ = kept[key]
    if split_paragraph(clean(text), upr)[2] != rec.text:
        where = f"{'' if first_path == path else first_path.name + ':'}{first_row}"
        raise SourceError(path, row_no, field_name, f"annotation {key} is also at {where} with another text: keep one")


def base(path: Path, row_no: int, record: dict, body: str, country: str, fields: tuple[str, ...] = API_FIELDS) -> Recommendation:
    """What both shapes give alike; fields: the record's (key, symbol, date, text) field names."""
    key, symbol, date_field, text_field = fields
    date = publication_date(path, row_no, record[date_field], date_field)
    paragraph, heading, text = split_paragraph(clean(text_size(path, row_no, text_field, record[text_field])), body == "UPR")
    if not text:
        raise SourceError(path, row_no, text_field, "no text once cleaned")
    return Recommendation(
        id=f"uhri-{record[key]}",
        country=country,
        mechanism="upr" if body == "UPR" else "treaty-body",
        body=body,
        year=int(date[:4]),
        date=date,
        document_symbol=record[symbol].strip(),
        paragraph=paragraph,
        text=text,
        response="not-applicable",
        source_tags=[f"heading: {heading}"] if heading else [],
        source="uhri",
        source_ref=f"{path.name}:{row_no}",
    )
