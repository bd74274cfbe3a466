"""OHCHR's UPR "thematic list of recommendations" (Word .docx), published for every state under
review and cycle: one table row per recommendation (paragraph, text with recommending states and
a "Source of position" line; position; UHRI themes, SDGs and affected persons) under "Theme: ..."
section heading rows. Columns are found by their header text, and the state, cycle and session
from the page header ("UPR of Slovenia (2nd Cycle - 20th session)")."""

from __future__ import annotations

import re
from functools import partial
from pathlib import Path

import docx
from docx.document import Document

from ..errors import SourceError
from ..model import Recommendation, make_id
from ..model.context import Context
from ..model.curation import fold
from . import Imported
from .import_report import ImportReport

VOCABULARY = "ohchr-themes"
PERSONS = "ohchr-affected-persons"
COLUMNS = {"Recommendation": ("recommendation",), "Position": ("position", "response"), "Full list of themes": ("full", "theme")}
RESPONSES = {"supported": "supported", "noted": "noted"}
REVIEW = re.compile(r"UPR of (.+?)\s*\((\d+)\w*\s+cycle\s*[-\u2013\u2014]+\s*(\d+)\w*\s+session\)", re.I)
PARAGRAPH = re.compile(r"\s*(\d+\.\d+)\.?\s+(.+)", re.S)
SOURCE_LINE = re.compile(r"\n\s*source of position\s*:", re.I)
SYMBOL = re.compile(r"\s*([A-Z][A-Z0-9]*(?:/[\w.]+)+)")
PARENTHESES = re.compile(r"\(((?:[^()]|\([^()]*\))*)\)")  # one nested level: "(Venezuela (Bolivarian Republic of))"
SECTIONS = {"sdgs": "sdgs", "sdg": "sdgs", "affected persons": "persons"}


def review(path: Path, document: Document, country: str | None, context: Context) -> dict:
    """State under review, cycle, session and year, as the page header (or the body) prints them."""
    bad = partial(SourceError, path, 0, "page header")
    headers = [h for s in document.sections for h in (s.header, s.first_page_header, s.even_page_header)]
    texts = [p.text for h in headers for p in h.paragraphs] + [p.text for p in document.paragraphs]
    found = next((m for t in texts if (m := REVIEW.search(t))), None)
    # Else the session from OHCHR's file title ("UPR20_ Slovenia_...") or, last resort, a "session20" file name.
    title = document.core_properties.title or ""
    match = found or re.match(r"UPR\s*(\d+)(?!\d)", title) or re.search(r"session(\d+)", path.stem, re.I)
    if not match:
        raise bad("no 'UPR of STATE (Nth Cycle - Nth session)' page header, title or session<N> file name")
    name = found[1].strip() if found else country
    if not name:
        raise bad("the matrix does not name the state under review: give --country")
    if country and fold(country) != fold(name):
        raise bad(f"the matrix is for {name}, not {country} (--country)")
    session = int(found[3] if found else match[1])
    cycle, year = context.upr_cycle(session), context.upr_year(session)
    if cycle is None or year is None or (found and int(found[2]) != cycle):
        raise bad(f"session {session} (cycle {found[2] if found else '?'}) does not agree with data/reference/upr_sessions.yaml")
    return {"country": name, "cycle": cycle, "session": str(session), "year": year}


def table_rows(path: Path, document: Document) -> list[tuple[int, dict[str, str]]]:
    """(row number, cells by column) of every row under a matrix header; rows are numbered through all
    the document's tables, headers included. A headerless table after a matrix table continues it."""
    rows: list[tuple[int, dict[str, str]]] = []
    number, columns = 0, {}  # columns: name -> index
    for table in document.tables:
        texts = [[c.text for c in row.cells] for row in table.rows]
        head = [fold(t).strip() for t in texts[0]] if texts else []
        found = {name: [i for i, h in enumerate(head) if h.startswith(prefixes)] for name, prefixes in COLUMNS.items()}
        if all(len(i) == 1 for i in found.values()):
            columns, number, texts = {name: i[0] for name, i in found.items()}, number + 1, texts[1:]
        elif not (columns and len(head) > max(columns.values())):
            number += len(texts)
            continue
        for cells in texts:
            number += 1
            rows.append((number, {name: cells[i].strip() if i < len(cells) else "" for name, i in columns.items()}))
    if not columns:
        raise SourceError(path, 1, "-", f"no table with the columns {', '.join(COLUMNS)}: not an OHCHR thematic matrix")
    return rows


def recommending_states(text: str) -> list[str]:
    """States in the parentheses that end each recommendation of a paragraph: "(Croatia);", "(France)
    (Lithuania);", "(Portugal, Slovakia)", "(Korea, Republic of)". Parentheses holding an acronym or a
    number, as in "(ICRMW) (Mexico)" or "1930 (No. 29) (Peru)", belong to the text."""
    states: list[str] = []
    chained = False  # the parentheses to the right hold states
    for group in reversed(list(PARENTHESES.finditer(text))):
        inner, after = group[1].strip(), text[group.end() :]
        ends = re.match(r"\s*(;|\.?\s*$)", after) or (chained and re.match(r"\s*\(", after))
        named = (inner[:1].isupper() or inner.startswith("the ")) and re.search(r"[a-z]", inner) and not re.search(r"\d", inner)
        chained = bool(ends and named)
        if chained:
            names: list[str] = []
            for piece in filter(None, (p.strip() for p in re.split(r",(?![^()]*\))", inner))):
                if names and (piece.endswith((" of", " the")) or piece[0].islower()):
                    names[-1] += ", " + piece  # "Korea, Republic of"
                else:
                    names.append(piece)
            states[:0] = names
    return list(dict.fromkeys(states))


def tag_lines(cell: str) -> dict[str, list[str]]:
    """A themes cell's lines by section, bullets stripped: "SDGs:" and "Affected persons:" start sections."""
    sections: dict[str, list[str]] = {"themes": [], "sdgs": [], "persons": [], "all": []}
    current = "themes"
    for line in cell.splitlines():
        label, colon, rest = line.partition(":")
        if colon and fold(label).strip() in SECTIONS:
            current, line = SECTIONS[fold(label).strip()], rest
        if item := line.strip().lstrip("-\u2013\u2022").strip():
            sections[current].append(item)
            sections["all"].append(item)
    return sections


def record(path: Path, number: int, row: dict[str, str], common: dict) -> tuple[Recommendation, dict[str, list[str]]]:
    """One matrix row's recommendation, and its tag lines for the curation."""
    bad = partial(SourceError, path, number, "Recommendation")
    body, *source = SOURCE_LINE.split(row["Recommendation"], maxsplit=1)
    para = PARAGRAPH.match(body)
    if not para:
        raise bad(f"no paragraph number (e.g. 115.1) at the start: {body[:60]!r}")
    found = SYMBOL.match(source[0]) if source else None
    if not found:
        raise bad("no 'Source of position: A/HRC/...' line")
    response = RESPONSES.get(fold(row["Position"]).strip())
    if response is None:
        raise SourceError(path, number, "Position", f"unknown position {row['Position']!r} (expected Supported or Noted)")
    states = recommending_states(para[2])
    if not states:
        raise bad("no recommending state in parentheses at the end of the text")
    tags = tag_lines(row["Full list of themes"])
    sdgs = [re.match(r"(\d+)(?:\.(\w+))?\s*-", s) for s in tags["sdgs"]]
    if None in sdgs:
        raise SourceError(path, number, "Full list of themes", f"not an SDG goal: {tags['sdgs'][sdgs.index(None)]!r}")
    symbol = re.sub(r"/Add\.\d+$", "", found[1].rstrip("."), flags=re.I)  # the Working Group report, not its addendum
    rec = Recommendation(
        **common,
        id=make_id(symbol, para[1]),
        mechanism="upr",
        body="UPR",
        document_symbol=symbol,
        paragraph=para[1],
        text=para[2].strip(),
        recommending_states=states,
        response=response,
        response_source=" ".join(source[0].split()),
        sdg_goals=list(dict.fromkeys(m[1] for m in sdgs if m)),
        sdg_targets=list(dict.fromkeys(f"{m[1]}.{m[2]}" for m in sdgs if m and m[2])),
        source_tags=list(dict.fromkeys(tags["all"])),
        source="ohchr-matrix",
        source_ref=f"{path.name}:{number}",
    )
    return rec, tags


def run(files: list[Path], country: str | None, report: ImportReport, context: Context) -> Imported:
    recs: list[Recommendation] = []
    seen: dict[tuple[str, str], str] = {}
    rules = context.curation
    for path in files:
        try:
            document = docx.Document(str(path))
        except Exception as err:  # python-docx raises zip, XML and package errors alike
            raise SourceError(path, 0, "-", f"not a Word .docx file ({type(err).__name__}: {err})") from None
        rows = table_rows(path, document)  # first: "not a matrix" says more than "no page header"
        common, symbol = review(path, document, country, context), ""
        for number, row in rows:
            report.read(path)
            if not any(row.values()) or all(fold(v).startswith("theme:") for v in row.values()):
                report.rejected(path, number, "section heading row" if any(row.values()) else "empty row")
                continue
            rec, tags = record(path, number, row, common)
            bad = partial(SourceError, path, number, "Recommendation")
            if symbol and rec.document_symbol != symbol:
                raise bad(f"source of position names report {rec.document_symbol}, earlier rows {symbol}")
            symbol, key = rec.document_symbol, (rec.document_symbol, rec.paragraph)
            if key in seen:
                raise bad(f"paragraph {rec.paragraph} of {symbol} appears twice (also {seen[key]})")
            seen[key] = rec.source_ref
            # Theme names without their cycle-2 code ("A12 Acceptance of international norms").
            unmapped = rules.apply(rec, VOCABULARY, [re.sub(r"^[A-Z]\d+\s+", "", t) for t in tags["themes"]])
            themes, groups, unmapped_persons = rules.map_tags(PERSONS, tags["persons"])
            rec.themes += [t for t in themes if t not in rec.themes]
            rec.affected_groups += [g for g in groups if g not in rec.affected_groups]
            report.unmapped_tags.update(unmapped + unmapped_persons)
            report.written(path, number, rec.id)
            recs.append(rec)
    states = {s: "" for rec in recs for s in rec.recommending_states}  # the matrix gives no regional group
    return Imported(recs, states, {"ohchr-matrix": [p.name for p in files]})
