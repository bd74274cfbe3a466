"""UN Universal Human Rights Index records: the API's JSON Lines (one object a line, rows numbered
by line) or the full export (a .json array of the same objects, rows numbered by position).
Only the English text ("en") is imported, cleaned thus:

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

import html
import json
import re
from collections import Counter
from pathlib import Path

from .. import paths
from ..errors import SourceError
from ..model import Recommendation, make_id
from ..model.context import Context
from ..model.reference import load_yaml, sdg_table, sources_config
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


def read_records(path: Path) -> list[tuple[int, dict]]:
    def parse(row_no: int, text: str) -> object:
        try:
            return json.loads(text)
        except json.JSONDecodeError as err:
            raise SourceError(path, row_no or err.lineno, "-", f"invalid JSON: {err.msg} (column {err.colno})") from None

    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as err:
        raise SourceError(path, 0, "-", f"not UTF-8: undecodable byte at {err.start}") from None
    if path.suffix != ".json":
        rows = [(n, parse(n, line)) for n, line in enumerate(text.splitlines(), start=1) if line.strip()]
    elif isinstance(records := parse(0, text), list):
        rows = list(enumerate(records, start=1))
    else:
        raise SourceError(path, 1, "-", "a .json file must hold an array of UHRI records")
    for row_no, record in rows:
        if not isinstance(record, dict):
            raise SourceError(path, row_no, "-", "not a JSON object")
    return rows


def field(path: Path, row_no: int, record: dict, name: str) -> object:
    if record.get(name) in (None, "", []):
        raise SourceError(path, row_no, name, "missing or empty")
    return record[name]


def recommendation(
    path: Path, row_no: int, record: dict, body: str, country: str, sdgs: dict, context: Context
) -> Recommendation:
    date = str(field(path, row_no, record, "publicationDate"))[:10]
    if not re.fullmatch(r"\d{4}-\d\d-\d\d", date):
        raise SourceError(path, row_no, "publicationDate", f"{date!r} is not a date")
    paragraph, heading, text = split_paragraph(clean(str(field(path, row_no, record, "en"))), body == "UPR")
    if not text:
        raise SourceError(path, row_no, "en", "no text once cleaned")
    tags = [f"heading: {heading}"] if heading else []
    tags += [f"uhri-theme: {t}" for t in record.get("themesIds") or []]
    tags += [f"uhri-affected-person: {a}" for a in record.get("affectedPersonIds") or []]
    tags += [f"uhri-annotation-type: {record['annotationType']}"] if record.get("annotationType") else []
    unknown = [s for s in record.get("sdgsIds") or [] if s not in sdgs]
    if unknown:
        raise SourceError(path, row_no, "sdgsIds", f"{unknown[0]} is not in the SDG taxonomy")
    linked = [sdgs[s] for s in record.get("sdgsIds") or []]
    rec = Recommendation(
        id=f"uhri-{record['annotationId']}",
        country=country,
        mechanism="upr" if body == "UPR" else "treaty-body",
        body=body,
        year=int(date[:4]),
        date=date,
        document_symbol=str(record["symbol"]).strip(),
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
            key = str(field(path, row_no, record, "annotationId"))
            symbol = str(field(path, row_no, record, "symbol"))
            body = next((b for prefix, b in BODIES.items() if symbol.startswith(prefix)), None)
            if body is None:
                raise SourceError(path, row_no, "symbol", f"cannot place document symbol {symbol!r} with a body")
            states = field(path, row_no, record, "countryIds")
            if not isinstance(states, list) or len(states) != 1:
                raise SourceError(path, row_no, "countryIds", f"expected one state under review, found {states!r}")
            name = names.get(states[0], f"UHRI country {states[0]}")  # type: ignore[union-attr]
            if key in kept:
                repeats.append((path, row_no, key))
            elif not body:
                report.rejected(path, row_no, "Subcommittee on Prevention of Torture (CAT/OP/...): not in bodies.yaml")
            elif country and name != country:
                report.rejected(path, row_no, f"state under review is not {country} (--country)")
            else:
                kept[key] = (path, row_no, recommendation(path, row_no, record, body, name, sdgs, context))
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
