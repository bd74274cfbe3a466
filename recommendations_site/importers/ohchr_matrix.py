"""OHCHR's UPR "thematic list of recommendations" (Word .docx), published for every state under
review and cycle: one table row per recommendation (paragraph, text with recommending states and
a "Source of position" line; position; UHRI themes, SDGs and affected persons) under "Theme: ..."
section heading rows. Columns are found by their header text, and the state, cycle and session
from the page header ("UPR of Slovenia (2nd Cycle - 20th session)"). The tables are read cell by
cell (word_tables.py); a matrix row whose cells do not line up with the header's columns (a cell
missing or extra, a row that starts late, cells merged across rows) or whose cells hold what their
text leaves out (a table inside a cell, a content control) is refused, never guessed at."""

from __future__ import annotations

import re
import zipfile
from functools import partial
from pathlib import Path

import docx
from docx.document import Document

from ..errors import SourceError
from ..model import Recommendation, make_id
from ..model.context import Context
from ..model.curation import fold
from ..reading.text import MAX_BYTES, integer, read_bytes, without_controls
from . import Imported, word_tables
from .import_report import ImportReport
from .word_tables import Row

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
    try:
        headers = [h for s in document.sections for h in (s.header, s.first_page_header, s.even_page_header)]
        texts = [p.text for h in headers for p in h.paragraphs] + [p.text for p in document.paragraphs]
        title = document.core_properties.title or ""
    except Exception as err:  # python-docx raises on a broken part or relationship, whatever its kind
        raise bad(f"the Word file is damaged: its page headers cannot be read ({type(err).__name__}: {err})") from None
    found = next((m for t in texts if (m := REVIEW.search(t))), None)
    # Else the session from OHCHR's file title ("UPR20_ Slovenia_...") or, last resort, a "session20" file name.
    match = found or re.match(r"UPR\s*(\d+)(?!\d)", title) or re.search(r"session(\d+)", path.stem, re.I)
    if not match:
        raise bad("no 'UPR of STATE (Nth Cycle - Nth session)' page header, title or session<N> file name")
    name = found[1].strip() if found else country
    if not name:
        raise bad("the matrix does not name the state under review: give --country")
    if country and fold(country) != fold(name):
        raise bad(f"the matrix is for {name}, not {country} (--country)")
    try:
        session, cycle_printed = integer(found[3] if found else match[1], 1, 999), integer(found[2], 1, 99) if found else None
    except ValueError:
        raise bad(f"session or cycle {(found or match)[0]!r} is not a number of a UPR session or cycle") from None
    cycle, year = context.upr_cycle(session), context.upr_year(session)
    if cycle is None or year is None or (found and cycle_printed != cycle):
        raise bad(f"session {session} (cycle {found[2] if found else '?'}) does not agree with data/reference/upr_sessions.yaml")
    return {"country": name, "cycle": cycle, "session": str(session), "year": year}


def check_row(path: Path, row: Row, names: dict[int, str], width: int) -> None:
    """Refuse a row of a matrix table whose cells do not each sit under one header column as the
    header row lays them out, or that hold what their text leaves out. names: column name by index."""

    def bad(column: str, message: str) -> SourceError:
        return SourceError(path, row.number, column, f"table row {row.number}: {message}")

    if row.problem:
        raise bad("-", f"{row.problem}; in Word, remove that box around them, keeping what it holds")
    if row.before:
        raise bad(
            "-",
            "the row starts to the right of the table's left edge, so its cells do not line up with the header's"
            " columns; in Word, make the row start at the left edge like the header row",
        )
    for cell in row.cells:
        column = names.get(cell.start, "-")
        if cell.merged:
            raise bad(
                column,
                "the cell is merged with the cell above or below it; each recommendation needs its own"
                " row of cells: in Word, select the merged cell, choose Split Cells and fill in each",
            )
        if cell.hidden:
            raise bad(
                column,
                f"the cell holds {cell.hidden}, whose text would not be read; in Word, move that text into the cell itself",
            )
    if row.width != width:
        what = "a cell is missing" if row.width < width else "it has a cell beyond the header's last column"
        raise bad(
            "-",
            f"the row covers {row.width} columns where the header row has {width}: {what}; in Word,"
            " give the row one cell under each header column (an empty one if need be)",
        )


def table_rows(path: Path, document: Document, report: ImportReport) -> list[tuple[int, dict[str, str]]]:
    """(row number, cells by column) of every row under a matrix header; rows are numbered through all
    the document's tables, headers included. A headerless table after a matrix table continues it.
    Control characters are taken out of the cells read, and counted in the report."""
    tables, elsewhere = word_tables.tables(document.element.body)
    if elsewhere:
        raise SourceError(
            path,
            0,
            "-",
            f"{elsewhere} table(s) inside a content control or similar box, whose rows would"
            " not be read; in Word, remove the box around the table, keeping the table",
        )
    rows: list[tuple[int, dict[str, str]]] = []
    number, columns, width = 0, {}, 0  # columns: name -> index
    for table in tables:
        in_table = word_tables.rows(path, table, number + 1)
        head = [fold(t or "").strip() for t in in_table[0].grid()] if in_table else []
        found = {name: [i for i, h in enumerate(head) if h.startswith(prefixes)] for name, prefixes in COLUMNS.items()}
        number += len(in_table)
        if all(len(i) == 1 for i in found.values()):
            columns, width = {name: i[0] for name, i in found.items()}, in_table[0].width
            check_row(path, in_table[0], {i: name for name, i in columns.items()}, width)
            in_table = in_table[1:]
        elif not (columns and len(head) > max(columns.values())):
            continue
        for row in in_table:
            check_row(path, row, {i: name for name, i in columns.items()}, width)
            grid, cells, removed = row.grid(), {}, 0
            for name, i in columns.items():
                text, count = without_controls(grid[i] or "")
                cells[name], removed = text.strip(), removed + count
            report.removed_controls(path, row.number, removed)
            rows.append((row.number, cells))
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


def open_document(path: Path) -> Document:
    """The Word document, once its parts unpacked would not exceed the size limit for one file."""
    read_bytes(path)  # there, a file, of a size we read
    try:
        with zipfile.ZipFile(path) as package:
            unpacked = sum(info.file_size for info in package.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as err:
        raise SourceError(path, 0, "-", f"not a Word .docx file ({type(err).__name__}: {err})") from None
    if unpacked > MAX_BYTES:
        raise SourceError(path, 0, "-", f"unpacks to {unpacked:,} bytes: over the {MAX_BYTES:,}-byte limit for one file")
    try:
        return docx.Document(str(path))
    except Exception as err:  # python-docx raises zip, XML and package errors alike
        raise SourceError(path, 0, "-", f"not a Word .docx file ({type(err).__name__}: {err})") from None


def run(files: list[Path], country: str | None, report: ImportReport, context: Context) -> Imported:
    recs: list[Recommendation] = []
    seen: dict[tuple[str, str], str] = {}
    rules = context.curation
    for path in files:
        document = open_document(path)
        rows = table_rows(path, document, report)  # first: "not a matrix" says more than "no page header"
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
