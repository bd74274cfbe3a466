"""UPR Info CSV exports, in their two shapes:

- the all-country export (columns To, Text, From, Response, Session, ...): one row per
  recommending state, no paragraph numbers. Rows are merged into one recommendation per
  (state under review, session, text), keeping every recommending state.
- New Zealand's enriched file, whose rows are linked to the official paragraph
  (document_symbol + paragraph): merged into one recommendation per paragraph. Given together
  with the official paragraphs file, the text is the paragraph exactly as the UN printed it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import SourceError
from ..model import Recommendation, make_id, slug
from ..model.context import Context
from ..progress import progress
from ..reading.text import INTEGER, text_size
from ..reading.text import integer as bounded
from . import Imported, tabular
from .import_report import ImportReport
from .tabular import read_rows, shown

VOCABULARY = "upr-info"
EXPORT_COLUMNS = ["To", "To-Rgrp", "Text", "From", "From-Rgrp", "Response", "Action", "Issue", "Session"]
ENRICHED_COLUMNS = [
    "country",
    "cycle",
    "upr_session",
    "review_year",
    "document_symbol",
    "paragraph",
    "recommendation_text_official_paragraph",
    "recommending_state",
    "recommending_state_regional_group",
    "response",
    "action_category_mcmahon_1to5",
    "issues_upr_info",
]
OFFICIAL_COLUMNS = ["review_year", "document_symbol", "paragraph", "text_as_in_report"]
RESPONSES = {"accepted": "supported", "supported": "supported", "noted": "noted"}
NOT_RECOMMENDATIONS = {"voluntary pledge": "voluntary pledge: the state's own commitment, not a recommendation"}
UPR_INFO = "UPR Info Database of UPR Recommendations"
# The bounds of each number read: the UPR began in 2008; McMahon's action categories are 1 to 5.
SESSIONS, CYCLES, YEARS, ACTIONS = (1, 999), (1, 99), (2008, 2100), (1, 5)


@dataclass
class Group:
    """The rows that make one recommendation."""

    first: tuple[Path, int, dict]
    rows: list[tuple[Path, int, dict]] = field(default_factory=list)


SHAPES = {"export": EXPORT_COLUMNS, "enriched": ENRICHED_COLUMNS, "official": OFFICIAL_COLUMNS}
SHAPE_NAMES = {"export": "a UPR Info export", "enriched": "an NZ enriched file", "official": "an official paragraphs file"}


def shape(path: Path) -> str:
    header = tabular.header(path)
    for name, columns in SHAPES.items():
        if set(columns) <= set(header):
            return name
    # the shape the header comes closest to, if it has at least half its columns: name what is missing
    share, name = max((len(set(columns) & set(header)) / len(columns), name) for name, columns in SHAPES.items())
    if share >= 0.5:
        missing = [c for c in SHAPES[name] if c not in header]
        raise SourceError(
            path, 1, missing[0], f"missing column {missing[0]!r} for {SHAPE_NAMES[name]} (columns found: {shown(header)})"
        )
    raise SourceError(
        path,
        1,
        "-",
        f"not a UPR Info export, NZ enriched file or official paragraphs file (columns found: {shown(header)})",
    )


def response_of(path: Path, row_no: int, column: str, value: str) -> str:
    try:
        return RESPONSES[value.strip().casefold()]
    except KeyError:
        raise SourceError(path, row_no, column, f"unknown response {value!r} (expected Accepted, Supported or Noted)") from None


def integer(path: Path, row_no: int, column: str, value: str, bounds: tuple[int, int], required: bool = True) -> int | None:
    """A whole number in decimal digits within bounds (None for a blank optional cell): never 1e400, inf or NaN."""
    if not value.strip() and not required:
        return None
    try:
        return bounded(value, *bounds)
    except ValueError:
        what = "is out of range" if INTEGER.fullmatch(value.strip()) else "is not a number"
        raise SourceError(
            path, row_no, column, f"{value!r} {what}: a whole number from {bounds[0]} to {bounds[1]} is expected"
        ) from None


def tags(value: str) -> list[str]:
    return [t.strip() for t in value.split(",") if t.strip()]


def paragraph_key(path: Path, row_no: int, row: dict) -> tuple[tuple[str, str], str]:
    """(document symbol, paragraph) of a NZ row and the permanent id derived from them."""
    key = (row["document_symbol"].strip(), row["paragraph"].strip())
    try:
        return key, make_id(*key)
    except ValueError as err:
        raise SourceError(path, row_no, "paragraph", f"{key[0]!r} paragraph {key[1]!r}: {err}") from None


def combined_response(responses: set[str]) -> str:
    return responses.pop() if len(responses) == 1 else "supported-in-part"


def export_key(row: dict) -> tuple[str, str, str]:
    return (row["To"].strip(), row["Session"].strip(), " ".join(row["Text"].split()).rstrip(" .;").casefold())


def export_id(country: str, session: str, text_key: str) -> str:
    digest = hashlib.sha1(text_key.encode()).hexdigest()[:10]
    return f"upr-info-{slug(country)}-s{session}-{digest}"


def group_export_rows(files: list[Path], country: str | None, report: ImportReport) -> dict[tuple, Group]:
    groups: dict[tuple, Group] = {}
    for path in files:
        rows = read_rows(path, EXPORT_COLUMNS, report)
        report.read(path, len(rows))
        for row_no, row in progress(rows, f"reading {path.name}"):
            reason = NOT_RECOMMENDATIONS.get(row["Response"].strip().casefold())
            if reason:
                report.rejected(path, row_no, reason)
                continue
            if country and row["To"].strip() != country:
                report.rejected(path, row_no, f"state under review is not {country} (--country)")
                continue
            response_of(path, row_no, "Response", row["Response"])
            integer(path, row_no, "Session", row["Session"], SESSIONS)
            integer(path, row_no, "Action", row["Action"], ACTIONS, required=False)
            if not text_size(path, row_no, "Text", row["Text"]).strip():
                raise SourceError(path, row_no, "Text", "blank recommendation text")
            key = export_key(row)
            if key in groups:
                same = any(r["From"].strip() == row["From"].strip() for _, _, r in groups[key].rows)
                groups[key].rows.append((path, row_no, row))
                report.merged(
                    path, row_no, export_id(*key), "duplicate row" if same else "same recommendation, another recommending state"
                )
            else:
                groups[key] = Group((path, row_no, row), [(path, row_no, row)])
                report.written(path, row_no, export_id(*key))
    return groups


def export_recommendation(key: tuple, group: Group, context: Context) -> Recommendation:
    path, row_no, first = group.first
    session = integer(path, row_no, "Session", first["Session"], SESSIONS)
    year = context.upr_year(session)  # type: ignore[arg-type]
    if year is None:
        raise SourceError(
            path,
            row_no,
            "Session",
            f"UPR session {session} is not in data/reference/upr_sessions.yaml: add its year from OHCHR's calendar",
        )
    states = list(dict.fromkeys(r["From"].strip() for _, _, r in group.rows if r["From"].strip()))
    responses = {response_of(p, n, "Response", r["Response"]) for p, n, r in group.rows}
    action = integer(path, row_no, "Action", first["Action"], ACTIONS, required=False)
    return Recommendation(
        id=export_id(*key),
        country=first["To"].strip(),
        mechanism="upr",
        body="UPR",
        year=year,
        cycle=context.upr_cycle(session),  # type: ignore[arg-type]
        session=str(session),
        document_symbol="",
        text=first["Text"].strip(),
        recommending_states=states,
        response=combined_response(responses),
        response_source=UPR_INFO,
        action_category=action,
        source_tags=list(dict.fromkeys(t for _, _, r in group.rows for t in tags(r["Issue"]))),
        source="upr-info",
        source_ref=refs(group.rows),
    )


def refs(rows: list[tuple[Path, int, dict]]) -> str:
    by_file: dict[str, list[str]] = {}
    for path, row_no, _ in rows:
        by_file.setdefault(path.name, []).append(str(row_no))
    return "; ".join(f"{name}:{','.join(numbers)}" for name, numbers in by_file.items())


def group_paragraph_rows(
    enriched: list[Path], official: list[Path], country: str | None, report: ImportReport
) -> tuple[dict[tuple[str, str], list], dict[tuple[str, str], tuple]]:
    """NZ: one recommendation per official paragraph, its states and responses from the enriched rows."""
    texts: dict[tuple[str, str], tuple[Path, int, dict]] = {}
    for path in official:
        rows = read_rows(path, OFFICIAL_COLUMNS, report)
        report.read(path, len(rows))
        for row_no, row in rows:
            key, rec_id = paragraph_key(path, row_no, row)
            if key in texts:
                raise SourceError(
                    path, row_no, "paragraph", f"{key[0]} paragraph {key[1]} appears twice (also row {texts[key][1]})"
                )
            if not text_size(path, row_no, "text_as_in_report", row["text_as_in_report"]).strip():
                raise SourceError(path, row_no, "text_as_in_report", "blank recommendation text")
            integer(path, row_no, "review_year", row["review_year"], YEARS)  # never overridden in silence by the enriched file's
            texts[key] = (path, row_no, row)
            report.written(path, row_no, rec_id)
    groups: dict[tuple[str, str], list[tuple[Path, int, dict]]] = {}
    for path in enriched:
        rows = read_rows(path, ENRICHED_COLUMNS, report)
        report.read(path, len(rows))
        for row_no, row in rows:
            if country and row["country"].strip() != country:
                report.rejected(path, row_no, f"state under review is not {country} (--country)")
                continue
            if not (row["document_symbol"].strip() and row["paragraph"].strip()):
                raise SourceError(path, row_no, "paragraph", "row is not linked to an official paragraph")
            key, rec_id = paragraph_key(path, row_no, row)
            response_of(path, row_no, "response", row["response"])
            text_size(path, row_no, "recommendation_text_official_paragraph", row["recommendation_text_official_paragraph"])
            if key in texts or key in groups:
                report.merged(path, row_no, rec_id, "recommending state and response of an official paragraph")
            else:
                report.written(path, row_no, rec_id)
            groups.setdefault(key, []).append((path, row_no, row))
    missing = sorted(set(texts) - set(groups))
    if missing:
        path, row_no, _ = texts[missing[0]]
        raise SourceError(
            path,
            row_no,
            "paragraph",
            f"{missing[0][0]} paragraph {missing[0][1]} has no UPR Info row giving its response (pass the enriched file too)",
        )
    return groups, texts


def paragraph_recommendation(
    key: tuple[str, str], rows: list[tuple[Path, int, dict]], official: tuple[Path, int, dict] | None
) -> Recommendation:
    path, row_no, first = rows[0]
    text = official[2]["text_as_in_report"] if official else first["recommendation_text_official_paragraph"]
    states = list(dict.fromkeys(r["recommending_state"].strip() for _, _, r in rows if r["recommending_state"].strip()))
    actions = [
        integer(p, n, "action_category_mcmahon_1to5", r["action_category_mcmahon_1to5"], ACTIONS, required=False)
        for p, n, r in rows
    ]
    session = integer(path, row_no, "upr_session", first["upr_session"], SESSIONS, required=False)
    year = integer(path, row_no, "review_year", first["review_year"], YEARS)
    if official and integer(official[0], official[1], "review_year", official[2]["review_year"], YEARS) != year:
        where = f"{path.name}:{row_no}"
        message = f"{official[2]['review_year'].strip()}, but the UPR Info row giving its response ({where}) says {year}"
        raise SourceError(official[0], official[1], "review_year", message)
    return Recommendation(
        id=make_id(*key),
        country=first["country"].strip(),
        mechanism="upr",
        body="UPR",
        year=year,  # type: ignore[arg-type]
        cycle=integer(path, row_no, "cycle", first["cycle"], CYCLES),
        session="" if session is None else str(session),
        document_symbol=key[0],
        paragraph=key[1],
        text=text.strip(),
        recommending_states=states,
        response=combined_response({response_of(p, n, "response", r["response"]) for p, n, r in rows}),
        response_source=UPR_INFO,
        action_category=max((a for a in actions if a), default=None),
        source_tags=list(dict.fromkeys(t for _, _, r in rows for t in tags(r["issues_upr_info"]))),
        source="un-upr-report" if official else "upr-info",
        source_ref=refs(([official] if official else []) + rows),
    )


def run(files: list[Path], country: str | None, report: ImportReport, context: Context) -> Imported:
    by_shape: dict[str, list[Path]] = {"export": [], "enriched": [], "official": []}
    for number, path in enumerate(files):
        if path.resolve() in {p.resolve() for p in files[:number]}:
            raise SourceError(path, 0, "-", "file given twice: its rows would be counted twice")
        by_shape[shape(path)].append(path)
    if by_shape["official"] and not by_shape["enriched"]:
        raise SourceError(
            by_shape["official"][0],
            1,
            "-",
            "official paragraphs carry no responses: import them together with the NZ enriched UPR Info file",
        )
    export_groups = group_export_rows(by_shape["export"], country, report)
    recs = [export_recommendation(k, g, context) for k, g in export_groups.items()]
    paragraph_groups, texts = group_paragraph_rows(by_shape["enriched"], by_shape["official"], country, report)
    recs += [paragraph_recommendation(key, rows, texts.get(key)) for key, rows in paragraph_groups.items()]
    rules = context.curation
    for rec in recs:
        report.unmapped_tags.update(rules.apply(rec, VOCABULARY, rec.source_tags))
    states = {}
    for group in export_groups.values():
        states.update({r["From"].strip(): r["From-Rgrp"].strip() for _, _, r in group.rows})
    for rows in paragraph_groups.values():
        states.update({r["recommending_state"].strip(): r["recommending_state_regional_group"].strip() for _, _, r in rows})
    files_by_source = {"upr-info": [p.name for p in by_shape["export"] + by_shape["enriched"]]}
    if by_shape["official"]:
        files_by_source["un-upr-report"] = [p.name for p in by_shape["official"]]
    return Imported(recs, states, files_by_source)
