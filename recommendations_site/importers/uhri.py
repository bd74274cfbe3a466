"""UN Universal Human Rights Index records: the API's JSON Lines (.jsonl, one object a line) or the
same records as a .json array, read strictly by reading/jsonfile.py (duplicate
keys refused, nesting bounded, lines split at "\n" only) with each record numbered by the line it
starts on, and checked against uhri.schema.yaml before anything is taken from it. A file with no
record is refused. Only the English text ("en") is imported, cleaned and its paragraph and heading
found as uhri_text.py says. OHCHR's full export (export-full-en.json or .xlsx: names, not ids) is
read by uhri_export.py; the file's content tells which shape a file is.

id = make_id(symbol, paragraph), or "uhri-" + annotationId (UHRI's own key) when there is no
paragraph or two records claim the same one (neither then keeps it). UHRI gives ids without
labels: UPR cycle and position ids are decoded by the tables below, country ids by
data/reference/uhri_countries.yaml (else "UHRI country <id>"), SDG ids by the SDG taxonomy; theme,
affected-person and annotation-type ids are kept in source_tags, unmapped. Only records whose
annotation type is the recommendations id are imported (type_rejection: concerns, observations and
unknown types are rejected, by reason, in the import report).
"""

from __future__ import annotations

from collections import Counter
from functools import cache
from pathlib import Path

from jsonschema import Draft202012Validator

from ..errors import SourceError
from ..model import Recommendation, make_id
from ..model.context import Context
from ..model.reference import load_yaml, sdg_table, sources_config
from ..reading import jsonfile, schema
from ..reading.text import read_text, without_controls
from . import Imported, uhri_export
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

VOCABULARY = "uhri"
THEMES, PERSONS = "ohchr-themes", "ohchr-affected-persons"  # the full export names OHCHR's themes and persons
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
# annotationType ids, read from the texts of the 818-record sample (../shared/data/PROVENANCE.md, uhri):
# only recommendations are imported; concerns/observations, an unknown type and no type are rejected and
# counted in the import report by reason (the full export names its types: uhri_export.rejection).
RECOMMENDATION_TYPE = "aa43335f-ec93-415e-bd4a-87ec91225983"
OTHER_TYPES = {"3ae2eea6-6c4d-4b81-974f-48ec985bc330": "Concerns/Observations"}
SUFFIXES = {
    ".jsonl": "JSON Lines, one record a line",
    ".json": "a JSON array of records",
    ".xlsx": "the full export as a workbook",
}
SCHEMA = Path(__file__).with_name("uhri.schema.yaml")


@cache  # uhri.schema.yaml is part of the program: it cannot change while a process runs
def validator() -> Draft202012Validator:
    loaded = schema.load_schema(SCHEMA)
    Draft202012Validator.check_schema(loaded)
    return Draft202012Validator(loaded)


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


def recommendation(
    path: Path, row_no: int, record: dict, body: str, country: str, sdgs: dict, context: Context
) -> Recommendation:
    rec = base(path, row_no, record, body, country)
    rec.source_tags += [f"uhri-theme: {t}" for t in record.get("themesIds") or []]
    rec.source_tags += [f"uhri-affected-person: {a}" for a in record.get("affectedPersonIds") or []]
    rec.source_tags += [f"uhri-annotation-type: {record['annotationType']}"] if record.get("annotationType") else []
    unknown = [s for s in record.get("sdgsIds") or [] if s not in sdgs]
    if unknown:
        raise SourceError(path, row_no, "sdgsIds", f"{unknown[0]!r} is not in the SDG taxonomy")
    linked = [sdgs[s] for s in record.get("sdgsIds") or []]
    rec.sdg_goals = list(dict.fromkeys(str(s["goal"]) for s in linked))
    rec.sdg_targets = list(dict.fromkeys(s["id"] for s in linked if s["kind"] == "target"))
    if body == "UPR":
        session = session_from_symbol(rec.document_symbol)
        rec.cycle = CYCLES.get(record.get("uprCycle") or "") or (session and context.upr_cycle(session))
        rec.cycle = rec.cycle or cycle_from_year(rec.year, context)
        if rec.cycle is None:
            raise SourceError(
                path, row_no, "uprCycle", f"cycle id {record.get('uprCycle')!r} unknown and {rec.year} spans two cycles"
            )
        rec.recommending_states = recommending_states(rec.text)
        if not rec.recommending_states:
            raise SourceError(path, row_no, "en", "no recommending state in parentheses ending the recommendation")
        positions = record.get("uprPositionIds") or []
        known = {POSITIONS[p] for p in positions if p in POSITIONS}
        # No position, or one not decoded, is "pending" (lead's rule); an undecoded id is kept in source_tags.
        rec.source_tags += [f"upr-position: {p}" for p in positions if p not in POSITIONS]
        decoded = known and len(known) == len(positions)
        rec.response = ("supported-in-part" if len(known) > 1 else known.pop()) if decoded else "pending"
        rec.response_source = RESPONSE_SOURCE if decoded else ""
    return rec


def type_rejection(record: dict) -> str:
    """Why the record's annotation type keeps it out of recommendations ("" when it is one)."""
    kind = record.get("annotationType") or ""
    if kind == RECOMMENDATION_TYPE:
        return ""
    if kind in OTHER_TYPES:
        return f"{OTHER_TYPES[kind]}: not a recommendation (UHRI annotationType)"
    if not kind:
        return "no annotationType: cannot tell a recommendation from a concern (UHRI annotationType)"
    return f"annotation type {kind!r} is not known: not imported (UHRI annotationType)"


def read_api(path: Path, country: str | None, report: ImportReport, context: Context, kept: Kept, repeats: list) -> None:
    """The API's records (ids, not names): every one kept, rejected or repeated."""
    names = load_yaml(context.project.reference("uhri_countries")) or {}
    sdgs = {row["uhri_id"]: row for row in sdg_table(context.project.from_root(sources_config(context.project)["sdg_taxonomy"]))}
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
            repeated(path, row_no, key, without_controls(record["en"])[0], kept, body == "UPR", "en")
            repeats.append((path, row_no, key))
        elif not body:
            report.rejected(path, row_no, "Subcommittee on Prevention of Torture (CAT/OP/...): not in bodies.yaml")
        elif country and name != country:
            report.rejected(path, row_no, f"state under review is not {country} (--country)")
        elif type_rejection(record):
            report.rejected(path, row_no, type_rejection(record))
        else:
            text, removed = without_controls(record["en"])
            report.removed_controls(path, row_no, removed)
            rec = recommendation(path, row_no, {**record, "en": text}, body, name, sdgs, context)
            kept[key] = (path, row_no, rec, ([], [], []))


def run(files: list[Path], country: str | None, report: ImportReport, context: Context) -> Imported:
    kept: Kept = {}
    repeats: list[tuple[Path, int, str]] = []
    for path in files:
        if uhri_export.is_export(path):
            uhri_export.read_export(path, country, report, context, kept, repeats)
        else:
            read_api(path, country, report, context, kept, repeats)
    claims = Counter((rec.document_symbol, rec.paragraph) for _, _, rec, _ in kept.values() if rec.paragraph)
    rules = context.curation
    for path, row_no, rec, (themes, persons, unmapped_other) in kept.values():
        if claims[(rec.document_symbol, rec.paragraph)] == 1:
            rec.id = make_id(rec.document_symbol, rec.paragraph)
        else:
            rec.paragraph = ""
        unmapped = rules.apply(rec, THEMES if themes else VOCABULARY, themes)
        mapped, groups, unmapped_persons = rules.map_tags(PERSONS, persons)
        rec.themes += [t for t in mapped if t not in rec.themes]
        rec.affected_groups += [g for g in groups if g not in rec.affected_groups]
        unmapped = [f"theme: {t}" for t in unmapped] + [f"affected persons: {p}" for p in unmapped_persons] + unmapped_other
        report.unmapped_tags.update(unmapped)
        report.written(path, row_no, rec.id, unmapped)
    for path, row_no, key in repeats:
        report.merged(path, row_no, kept[key][2].id, "UHRI annotation already read")
    recs = [rec for _, _, rec, _ in kept.values()]
    return Imported(recs, {s: "" for rec in recs for s in rec.recommending_states}, {"uhri": [p.name for p in files]})
