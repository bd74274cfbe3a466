"""OHCHR's full UHRI export, read record by record with bounded memory: `export-full-en.json` (a JSON
array of about 250,000 objects, streamed with ijson) or the same export as `.xlsx` (openpyxl in
read-only mode, a header row then one record a row). Its records name things where the API's carry
ids, with PascalCase keys: AnnotationId, AnnotationType ("- Recommendations",
"- Concerns/Observations"), Body ("- CRC"), Countries (["Peru"]), Symbol, Text (the paragraph number
leading), Themes, AffectedPersons, Sdgs (["16.2 - Protect children from abuse, ..."]),
PublicationDate, UprCycle, UprPositions, UprRecommendingCountry, UprSession (as public code that
reads the export shows). Each record is checked against uhri_export.schema.yaml before anything is
taken from it (every record's fields that decide whether it is kept; all fields of one that is);
a record is located by its position in the array, or its spreadsheet row.

In the XLSX, the header names the fields: the JSON's keys, or the same in words ("Document symbol",
"Countries concerned"; ALIASES); a list cell holds one value a line (or values separated by ";"),
a leading "- " dropped as in the JSON's names. Mapping (uhri_text.py does the rest as for the API's records: text cleaned, paragraph split; uhri.py the ids):
- AnnotationType: only "Recommendations" are imported; concerns/observations and the other kinds
  are counted in the import report as rejected, by kind, never made recommendations;
- Body by id or name against data/reference/bodies.yaml (one not there is rejected, by name);
- Countries: the one state under review, by name as the export writes it (a record naming none or
  several is rejected); --country keeps the records naming it;
- Themes and AffectedPersons through data/curation/theme_map.yaml (ohchr-themes,
  ohchr-affected-persons), Sdgs by their number against the SDG taxonomy; every name and number
  kept verbatim in source_tags and each one that maps to nothing listed in the import report;
- UPR: UprRecommendingCountry (else the parentheses ending the text), UprPositions (Supported,
  Noted; both: supported-in-part; another: pending, reported), UprSession's number, UprCycle's
  number (else the session's cycle, else the publication year's)."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import ijson
from jsonschema import Draft202012Validator

from ..errors import SourceError
from ..model import Recommendation
from ..model.context import Context
from ..model.reference import load_yaml, sdg_table, sources_config
from ..reading import office, schema
from ..reading.jsonfile import MAX_DEPTH, depth
from ..reading.text import without_controls
from .import_report import ImportReport
from .uhri_text import (
    RESPONSE_SOURCE,
    Kept,
    base,
    cycle_from_year,
    recommending_states,
    repeated,
    session_from_symbol,
    shape_problem,
)

SCHEMA = Path(__file__).with_name("uhri_export.schema.yaml")
KEYS = ("AnnotationId", "AnnotationType", "Body", "Countries", "DocumentId", "PublicationDate", "PublicationDateOnUhri")
KEYS += ("Regions", "Sdgs", "Symbol", "Text", "Themes", "AffectedPersons", "UprCycle", "UprPositions")
KEYS += ("UprRecommendingCountry", "UprRecommendingRegions", "UprSession")
LISTS = {"Countries", "Regions", "Sdgs", "Themes", "AffectedPersons", "UprPositions", "UprRecommendingCountry"}
LISTS |= {"UprRecommendingRegions", "UprSession"}
# The XLSX's worded headers, as a public reader of it names them (R, janitor::clean_names, OHCHR's spelling kept).
ALIASES = {"countriesconcerned": "Countries", "reccomendingbody": "Body", "recommendingbody": "Body", "type": "AnnotationType"}
ALIASES |= {"documentsymbol": "Symbol", "documentpublicationdate": "PublicationDate", "uprposition": "UprPositions"}
ALIASES |= {"uprreccomendingstates": "UprRecommendingCountry", "uprrecommendingstates": "UprRecommendingCountry"}
ALIASES |= {key.lower(): key for key in KEYS}


FILTERED = ("AnnotationId", "AnnotationType", "Body", "Countries")  # what every record is judged by


def inlined(node: object, defs: dict) -> object:
    """The schema with its local "#/$defs/..." references replaced by what they name: jsonschema
    resolves a reference on every check, most of the time spent on 250,000 records."""
    if isinstance(node, dict):
        if set(node) == {"$ref"}:
            return inlined(defs[node["$ref"].removeprefix("#/$defs/")], defs)
        return {k: inlined(v, defs) for k, v in node.items() if k != "$defs"}
    return [inlined(v, defs) for v in node] if isinstance(node, list) else node


@cache  # uhri_export.schema.yaml is part of the program: it cannot change while a process runs
def validator(part: tuple[str, ...] = ()) -> Draft202012Validator:
    """The whole schema's validator, or (part) one of only the fields named."""
    loaded = schema.load_schema(SCHEMA)
    Draft202012Validator.check_schema(loaded)
    flat: dict = inlined(loaded, loaded["$defs"])  # type: ignore[assignment]
    if part:
        flat["required"] = [k for k in flat["required"] if k in part]
        flat["properties"] = {k: v for k, v in flat["properties"].items() if k in part}
    return Draft202012Validator(flat)


def check(path: Path, row: int, record: object, part: tuple[str, ...] = ()) -> None:
    """Refuse a record that breaks the schema (or the part of it named), located by row and field."""
    error = next(iter(validator(part).iter_errors(record)), None)
    if error is not None:
        raise SourceError(path, row, *shape_problem(error))


def is_export(path: Path) -> bool:
    """Whether the file is the full export (by content: its first record's keys are PascalCase), not API records."""
    if path.suffix.lower() == ".xlsx":
        return True
    if path.suffix.lower() != ".json":
        return False
    with path.open("rb") as handle:
        try:
            for prefix, event, value in ijson.parse(handle):
                if event == "map_key":
                    return prefix == "item" and value[:1].isupper()
                if (prefix == "item" and event != "start_map") or event == "end_array":
                    return False
        except (ijson.JSONError, UnicodeDecodeError, ValueError):
            return False  # the strict reader of API records says what is wrong
    return False


class _Strict(dict):
    """A JSON object that notes a key given twice (ijson would keep the last silently). It notes
    rather than raises: ijson's C backend does not pass on an exception raised while it builds."""

    twice = ""

    def __setitem__(self, key: str, value: object) -> None:
        if key in self and not self.twice:
            self.twice = key
        super().__setitem__(key, value)


def repeated_key(value: object) -> str:
    """The first key given twice in any object of value ("" for none)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, _Strict) and item.twice:
            return item.twice
        stack.extend(item.values() if isinstance(item, dict) else item if isinstance(item, list) else [])
    return ""


def json_records(path: Path) -> Iterator[tuple[int, object]]:
    """(position, record) for each element of the array, streamed: memory does not grow with the file."""
    position = 0
    with path.open("rb") as handle:
        if handle.read(3) != b"\xef\xbb\xbf":  # a byte order mark is not JSON, but is UTF-8's signature
            handle.seek(0)
        try:
            for value in ijson.items(handle, "item", map_type=_Strict, use_float=True):
                position += 1
                if depth(value) > MAX_DEPTH:
                    raise SourceError(path, position, "-", f"invalid JSON: nested more than {MAX_DEPTH} levels deep")
                if repeated_key(value):
                    key = repeated_key(value)
                    raise SourceError(path, position, key, f"invalid JSON: key {key!r} given twice in one object")
                yield position, value
        except (ijson.JSONError, ValueError) as err:  # UnicodeDecodeError is a ValueError
            raise SourceError(path, position + 1, "-", f"invalid JSON: {err}") from None


def cell(value: object) -> str | None:
    """A cell as text: a date as YYYY-MM-DD, a whole number without ".0", an empty cell as None."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def header_keys(path: Path, header: tuple) -> list[str | None]:
    """Each column's key (None: a column not read); a key named twice is refused."""
    keys: list[str | None] = [ALIASES.get(re.sub(r"[^a-z]", "", str(h or "").lower())) for h in header]
    for n, key in enumerate(keys):
        if key and key in keys[:n]:
            raise SourceError(path, 1, key, f"a second column for it ({header[n]!r}): which to read cannot be guessed")
    missing = [k for k in ("AnnotationId", "Symbol", "Text") if k not in keys]
    if missing:
        raise SourceError(path, 1, missing[0], f"no {missing[0]} column: not OHCHR's UHRI export")
    return keys


def xlsx_record(keys: list[str | None], row: tuple) -> dict:
    record: dict[str, object] = {}
    for key, value in zip(keys, row, strict=False):
        if key:
            text = cell(value)
            record[key] = (
                [re.sub(r"^-\s+", "", v.strip()) for v in re.split(r"[\n;]", text or "") if v.strip()] if key in LISTS else text
            )
    return record


def xlsx_records(path: Path) -> Iterator[tuple[int, object]]:
    """(spreadsheet row, record) for each row of the first sheet under its header; blank rows skipped."""
    import openpyxl  # only an XLSX import needs it

    office.check_parts(path, "an .xlsx workbook")  # before openpyxl parses a part
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, SyntaxError) as err:  # SyntaxError: XML's ParseError
        raise SourceError(path, 0, "-", f"not an .xlsx workbook ({type(err).__name__}: {err})") from None
    try:
        rows = book.worksheets[0].iter_rows(values_only=True)
        header = next(rows, None)
        if header is None:
            raise SourceError(path, 0, "-", f"no records in {path.name}: the sheet is empty")
        keys = header_keys(path, header)
        for number, row in enumerate(rows, start=2):
            if any(cell(v) for v in row):
                yield number, xlsx_record(keys, row)
    except SyntaxError as err:  # the sheet's XML, parsed as its rows are read
        raise SourceError(path, 0, "-", f"not an .xlsx workbook (ParseError: {err})") from None
    finally:
        book.close()


def records(path: Path) -> Iterator[tuple[int, dict]]:
    """(row, record) for each record of the export, its AnnotationId, AnnotationType, Body and
    Countries of the shape uhri_export.schema.yaml describes (read_export checks the rest of a record
    it keeps: one it rejects, another state's, is never read further)."""
    reader = xlsx_records if path.suffix.lower() == ".xlsx" else json_records
    for row, record in reader(path):
        check(path, row, record, FILTERED)
        yield row, record  # type: ignore[misc]  # a dict: the schema says so


def name(value: str) -> str:
    """A name as the export writes it, without its leading "- " ("- CRC" -> "CRC")."""
    return re.sub(r"^-\s*", "", value.strip())


FIELDS = ("AnnotationId", "Symbol", "PublicationDate", "Text")
POSITIONS = {"supported": "supported", "noted": "noted", "supported/noted": "supported-in-part"}
SDG = re.compile(r"\s*(\d{1,2})(?:\.([0-9a-z]{1,2}))?\s*(?:-|$)", re.I)


def number(value: object) -> int | None:
    """The first whole number in "Cycle 3", "46th session", 3; None without one."""
    found = re.search(r"\d+", str(value or ""))
    return int(found[0]) if found else None


def upr_details(path: Path, row: int, record: dict, rec: Recommendation, context: Context, unmapped: list[str]) -> None:
    """Session, cycle, recommending states and the State's position, from the record's names."""
    sessions = record.get("UprSession") or []
    session = number(sessions[0] if isinstance(sessions, list) and sessions else sessions)
    session = session or session_from_symbol(rec.document_symbol)
    rec.session = str(session) if session else ""
    rec.cycle = number(record.get("UprCycle")) or (context.upr_cycle(session) if session else None)
    rec.cycle = rec.cycle or cycle_from_year(rec.year, context)
    if rec.cycle is None:
        raise SourceError(path, row, "UprCycle", f"no cycle, no session in it or its symbol, and {rec.year} spans two cycles")
    rec.recommending_states = [name(s) for s in record.get("UprRecommendingCountry") or []] or recommending_states(rec.text)
    if not rec.recommending_states:
        raise SourceError(path, row, "UprRecommendingCountry", "no recommending state, nor one in parentheses ending the text")
    positions = [name(p) for p in record.get("UprPositions") or []]
    known = {POSITIONS[p.casefold()] for p in positions if p.casefold() in POSITIONS}
    unknown = [f"UPR position: {p}" for p in positions if p.casefold() not in POSITIONS]
    rec.source_tags += [f"upr-position: {p}" for p in positions]
    unmapped += unknown
    decoded = bool(known) and not unknown
    rec.response = ("supported-in-part" if len(known) > 1 else known.pop()) if decoded else "pending"
    rec.response_source = RESPONSE_SOURCE if decoded else ""


def link_sdgs(record: dict, rec: Recommendation, numbers: dict[str, dict], unmapped: list[str]) -> None:
    """SDG goals and targets by the number each value leads with; a number not in the taxonomy is reported."""
    for value in record.get("Sdgs") or []:
        rec.source_tags.append(f"uhri-sdg: {value}")
        match = SDG.match(value)
        found = numbers.get(f"{match[1]}.{match[2].lower()}" if match and match[2] else match[1] if match else "")
        if found is None:
            unmapped.append(f"SDG: {value}")
            continue
        rec.sdg_goals += [g for g in [str(found["goal"])] if g not in rec.sdg_goals]
        rec.sdg_targets += [found["id"]] if found["kind"] == "target" and found["id"] not in rec.sdg_targets else []


def export_recommendation(
    path: Path, row: int, record: dict, body: dict, numbers: dict, context: Context, unmapped: list[str]
) -> Recommendation:
    """The record as a recommendation; unmapped gets the SDG numbers and positions it could not map."""
    rec = base(path, row, record, body["id"], name(record["Countries"][0]), FIELDS)
    rec.mechanism = body["mechanism"]
    rec.source_tags += [f"uhri-theme: {t}" for t in record.get("Themes") or []]
    rec.source_tags += [f"uhri-affected-person: {a}" for a in record.get("AffectedPersons") or []]
    link_sdgs(record, rec, numbers, unmapped)
    if rec.body == "UPR":
        upr_details(path, row, record, rec, context, unmapped)
    return rec


def rejection(record: dict, bodies: dict[str, dict], country: str | None) -> str:
    """Why the record is not imported as a recommendation ("" when it is)."""
    kind, body, states = name(record["AnnotationType"]), name(record["Body"]), [name(c) for c in record["Countries"]]
    if country and country.casefold() not in {s.casefold() for s in states}:
        return f"state under review is not {country} (--country)"
    if kind.casefold() != "recommendations":
        return f"{kind}: not a recommendation (UHRI AnnotationType)"
    if body.casefold() not in bodies:
        return f"body {body!r} is not in data/reference/bodies.yaml"
    if len(states) != 1:
        return f"names {len(states)} states under review ({', '.join(states)}): not one"
    return ""


def read_export(path: Path, country: str | None, report: ImportReport, context: Context, kept: Kept, repeats: list) -> None:
    """The full export's records, streamed: only the kept ones stay in memory."""
    bodies = {key.casefold(): b for b in load_yaml(context.project.reference("bodies")) for key in (b["id"], b["name"])}
    numbers = {row["id"]: row for row in sdg_table(context.project.from_root(sources_config(context.project)["sdg_taxonomy"]))}
    for row, record in records(path):
        report.read(path)
        key = record["AnnotationId"]
        reason = rejection(record, bodies, country)
        if reason:
            report.rejected(path, row, reason)
            continue
        check(path, row, record)  # a field of the wrong type: the file is not the export's shape, the import stops
        text, removed = without_controls(record["Text"])
        body = bodies[name(record["Body"]).casefold()]
        if key in kept:
            repeated(path, row, key, text, kept, body["id"] == "UPR", "Text")
            repeats.append((path, row, key))
            continue
        unmapped: list[str] = []
        try:  # a record's own problem (its date, cycle, states, text) rejects that record, counted, not the file
            rec = export_recommendation(path, row, {**record, "Text": text}, body, numbers, context, unmapped)
        except SourceError as err:
            report.rejected(path, row, f"{err.field}: {err.message}")
            continue
        report.removed_controls(path, row, removed)
        kept[key] = (path, row, rec, (list(record.get("Themes") or []), list(record.get("AffectedPersons") or []), unmapped))
    if not report.rows_read[path.name]:
        raise SourceError(path, 0, "-", f"no records in {path.name}")
