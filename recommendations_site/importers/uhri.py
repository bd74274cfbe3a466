"""UN Universal Human Rights Index records: the API's JSON Lines (.jsonl, one object a line) or the
full export (a .json array of the same objects), read strictly by reading/jsonfile.py (duplicate
keys refused, nesting bounded, lines split at "\n" only) with each record numbered by the line it
starts on, and checked against uhri.schema.yaml before anything is taken from it. A file with no
record is refused. Only the English text ("en") is imported, cleaned thus:

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

id = make_id(symbol, paragraph), or "uhri-" + annotationId (UHRI's own key) when there is no
paragraph or two records claim the same one (neither then keeps it). UHRI gives ids without
labels: UPR cycle and position ids are decoded by the tables below, country ids by
data/reference/uhri_countries.yaml (else "UHRI country <id>"), SDG ids by the SDG taxonomy; theme,
affected-person and annotation-type ids are kept in source_tags, unmapped.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from collections import Counter
from functools import cache
from pathlib import Path

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from .. import paths
from ..errors import SourceError
from ..model import Recommendation, make_id
from ..model.context import Context
from ..model.reference import load_yaml, sdg_table, sources_config
from ..reading import jsonfile, schema
from ..reading.text import read_text, without_controls
from . import Imported
from .import_report import ImportReport

VOCABULARY = "uhri"
BODIES = {"A/HRC/": "UPR", "CRC/": "CRC", "E/C.12/": "CESCR", "CRPD/": "CRPD", "CEDAW/": "CEDAW", "CCPR/": "CCPR"}
BODIES |= {"CERD/": "CERD", "CAT/C/": "CAT", "CMW/": "CMW", "CED/": "CED", "CAT/OP/": ""}  # "": known, not modelled
# uprCycle: each id's documents fall wholly within one cycle (published 2009-06..2012-01, 2012-07..2016-12,
# 2017-07..2022-04; sessions in upr_sessions.yaml); NZ's A/HRC/26/3 (cycle 2 in the UPR Info file) has d8b676e9.
CYCLES = {"2cb5408d-cd88-49c7-9cdf-a22cd3aac537": 1, "d8b676e9-6a57-4c4c-a68d-e18ebe690d6e": 2}
CYCLES |= {"ba74bb92-48ea-4f60-9830-31285065b54e": 3}
# uprPositionIds: 277ced3b is UPR Info "Accepted" for NZ A/HRC/26/3 128.50 and 128.152 and 17 same-review
# cycle-1 texts; in the 7 reports that print supported and noted recommendations as separate paragraphs,
# 277ced3b is always the earlier (supported) and 7d6138a1 the later (noted). c568ecb2 (once) stays undecoded.
POSITIONS = {"277ced3b-743d-465c-ae4a-135b32a7fe85": "supported", "7d6138a1-c091-4101-9fc2-eacf241826f7": "noted"}
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


def cycle_from_year(year: int, context: Context) -> int | None:
    """A report comes out in its session's year or the next: the cycle if both years lie in one."""
    cycles = {context.upr_cycle(session) for session, held in context.upr_sessions["years"].items() if held in (year - 1, year)}
    return cycles.pop() if len(cycles) == 1 else None


SUFFIXES = {".jsonl": "JSON Lines, one record a line", ".json": "a JSON array of records"}
SCHEMA = Path(__file__).with_name("uhri.schema.yaml")
EMPTY = "missing or empty"


@cache  # uhri.schema.yaml is part of the program: it cannot change while a process runs
def validator() -> Draft202012Validator:
    loaded = schema.load_schema(SCHEMA)
    Draft202012Validator.check_schema(loaded)
    return Draft202012Validator(loaded)


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


def read_records(path: Path) -> list[tuple[int, dict]]:
    """(line, record) for each record of the file, each of the shape uhri.schema.yaml describes."""
    if path.suffix.lower() not in SUFFIXES:
        kinds = "; ".join(f"{suffix}: {kind}" for suffix, kind in SUFFIXES.items())
        raise SourceError(path, 0, "-", f"not a UHRI file name: expected {kinds}")
    if not read_text(path).strip():
        raise SourceError(path, 0, "-", f"no records in {path.name}: the file is empty or blank")
    rows = list(jsonfile.records(path))
    if not rows:
        raise SourceError(path, 0, "-", f"no records in {path.name}")
    for line, record in rows:
        error = next(iter(validator().iter_errors(record)), None)
        if error is not None:
            raise SourceError(path, line, *shape_problem(error))
    return rows  # type: ignore[return-value]  # each is a dict: the schema says so


def publication_date(path: Path, row_no: int, value: str) -> str:
    date = value[:10]
    try:
        if re.fullmatch(r"\d{4}-\d\d-\d\d", date):
            return dt.date.fromisoformat(date).isoformat()
    except ValueError:
        pass
    raise SourceError(path, row_no, "publicationDate", f"{value!r} is not a date (YYYY-MM-DD) that exists")


def recommendation(
    path: Path, row_no: int, record: dict, body: str, country: str, sdgs: dict, context: Context
) -> Recommendation:
    date = publication_date(path, row_no, record["publicationDate"])
    paragraph, heading, text = split_paragraph(clean(record["en"]), body == "UPR")
    if not text:
        raise SourceError(path, row_no, "en", "no text once cleaned")
    tags = [f"heading: {heading}"] if heading else []
    tags += [f"uhri-theme: {t}" for t in record.get("themesIds") or []]
    tags += [f"uhri-affected-person: {a}" for a in record.get("affectedPersonIds") or []]
    tags += [f"uhri-annotation-type: {record['annotationType']}"] if record.get("annotationType") else []
    unknown = [s for s in record.get("sdgsIds") or [] if s not in sdgs]
    if unknown:
        raise SourceError(path, row_no, "sdgsIds", f"{unknown[0]!r} is not in the SDG taxonomy")
    linked = [sdgs[s] for s in record.get("sdgsIds") or []]
    rec = Recommendation(
        id=f"uhri-{record['annotationId']}",
        country=country,
        mechanism="upr" if body == "UPR" else "treaty-body",
        body=body,
        year=int(date[:4]),
        date=date,
        document_symbol=record["symbol"].strip(),
        paragraph=paragraph,
        text=text,
        response="not-applicable",
        sdg_goals=list(dict.fromkeys(str(s["goal"]) for s in linked)),
        sdg_targets=list(dict.fromkeys(s["id"] for s in linked if s["kind"] == "target")),
        source_tags=tags,
        source="uhri",
        source_ref=f"{path.name}:{row_no}",
    )
    if body == "UPR":
        rec.cycle = CYCLES.get(record.get("uprCycle") or "") or cycle_from_year(rec.year, context)
        if rec.cycle is None:
            raise SourceError(
                path, row_no, "uprCycle", f"cycle id {record.get('uprCycle')!r} unknown and {rec.year} spans two cycles"
            )
        rec.recommending_states = recommending_states(text)
        if not rec.recommending_states:
            raise SourceError(path, row_no, "en", "no recommending state in parentheses ending the recommendation")
        positions = record.get("uprPositionIds") or []
        known = {POSITIONS[p] for p in positions if p in POSITIONS}
        # No position, or one not decoded, is "pending" (lead's rule); an undecoded id is kept in source_tags.
        rec.source_tags += [f"upr-position: {p}" for p in positions if p not in POSITIONS]
        decoded = known and len(known) == len(positions)
        rec.response = ("supported-in-part" if len(known) > 1 else known.pop()) if decoded else "pending"
        rec.response_source = "UN Universal Human Rights Index" if decoded else ""
    return rec


def run(files: list[Path], country: str | None, report: ImportReport, context: Context) -> Imported:
    names = load_yaml(paths.REFERENCE / "uhri_countries.yaml") or {}
    sdgs = {row["uhri_id"]: row for row in sdg_table(paths.from_root(sources_config()["sdg_taxonomy"]))}
    kept: dict[str, tuple[Path, int, Recommendation]] = {}  # by annotationId
    repeats: list[tuple[Path, int, str]] = []
    for path in files:
        rows = read_records(path)
        report.read(path, len(rows))
        for row_no, record in rows:
            key, symbol, states = record["annotationId"], record["symbol"], record["countryIds"]
            body = next((b for prefix, b in BODIES.items() if symbol.startswith(prefix)), None)
            if body is None:
                raise SourceError(path, row_no, "symbol", f"cannot place document symbol {symbol!r} with a body")
            if len(states) != 1:
                raise SourceError(path, row_no, "countryIds", f"expected one state under review, found {len(states)}: {states!r}")
            name = names.get(states[0], f"UHRI country {states[0]}")
            if key in kept:
                repeats.append((path, row_no, key))
            elif not body:
                report.rejected(path, row_no, "Subcommittee on Prevention of Torture (CAT/OP/...): not in bodies.yaml")
            elif country and name != country:
                report.rejected(path, row_no, f"state under review is not {country} (--country)")
            else:
                text, removed = without_controls(record["en"])
                report.removed_controls(path, row_no, removed)
                kept[key] = (path, row_no, recommendation(path, row_no, {**record, "en": text}, body, name, sdgs, context))
    claims = Counter((rec.document_symbol, rec.paragraph) for _, _, rec in kept.values() if rec.paragraph)
    rules = context.curation
    for path, row_no, rec in kept.values():
        if claims[(rec.document_symbol, rec.paragraph)] == 1:
            rec.id = make_id(rec.document_symbol, rec.paragraph)
        else:
            rec.paragraph = ""
        rules.apply(rec, VOCABULARY, [])
        report.written(path, row_no, rec.id)
    for path, row_no, key in repeats:
        report.merged(path, row_no, kept[key][2].id, "UHRI annotation already read")
    recs = [rec for _, _, rec in kept.values()]
    return Imported(recs, {s: "" for rec in recs for s in rec.recommending_states}, {"uhri": [p.name for p in files]})
