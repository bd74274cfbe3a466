"""OHCHR's UPR "thematic list of recommendations" (Word .docx), published for every state under
review and cycle: one table row per recommendation (paragraph, text with recommending states and
a "Source of position" line; position; UHRI themes, SDGs and affected persons) under "Theme: ..."
section heading rows. Columns are found by what their header says, not where they stand: cycles
2-3 print "Recommendation", "Position", "Full list of themes" (SDGs and affected persons in the
themes cell, under "SDGs:" and "Affected persons:"); cycle 4 prints "Recommendation and
recommending State", "Position of the State under review", "Human rights themes and groups of
persons" and "Relevant SDGs". The state, cycle and session come from the page header ("UPR of
Slovenia (2nd Cycle - 20th session)"); a row with no "Source of position" line takes the report
symbol the page header or title page prints (A/HRC/NN/NN), if there is one.

Positions: "Supported" and "Noted"; a split position ("Supported/Noted", "Noted/Supported",
"Supported in part", "Partially supported": the state supported part of the paragraph and noted
the rest) is the canonical response supported-in-part. Any other position is refused.
Themes and groups of persons are mapped by data/curation/theme_map.yaml (a themes-cell line the
theme vocabulary does not know is looked up as a group of persons); SDG lines are read as goal
and target numbers ("16 - PEACE ...", "SDG 16.2", "5.a", "Goals 5, 10"). A value that maps to
nothing is kept in source_tags and counted in the import report. The tables are read cell by
cell (word_tables.py); a matrix row whose cells do not line up with the header's columns (a cell
missing or extra, a row that starts late, cells merged across rows) or whose cells hold what their
text leaves out (a table inside a cell, a content control) is refused, never guessed at."""

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
from ..model.reference import sdg_table, sources_config
from ..reading import office
from ..reading.text import integer, read_bytes, text_size, without_controls
from . import Imported, word_tables
from .import_report import ImportReport
from .word_tables import Row

VOCABULARY = "ohchr-themes"
PERSONS = "ohchr-affected-persons"
# Column role -> words that begin its header, in every cycle's wording; "sdgs" is cycle 4's own column.
COLUMNS = {"recommendation": ("recommendation",), "position": ("position", "response"), "themes": ("theme", "full list")}
OPTIONAL = {"sdgs": ("sdg", "relevant sdg")}
SPLIT = "supported-in-part"
MATRIX = "OHCHR UPR thematic list of recommendations"  # a row's response source when it prints none
RESPONSES = {"supported": "supported", "noted": "noted", "supported/noted": SPLIT, "noted/supported": SPLIT}
RESPONSES |= {"supported in part": SPLIT, "partially supported": SPLIT}
REPORT_SYMBOL = re.compile(r"\bA/HRC/\d+/\d+\b")
SDG_LINE = re.compile(
    r"(?:(?:sdgs?|goals?)\s*:?\s*)?(?P<numbers>\d{1,2}(?:\.[0-9a-z]{1,2})?(?:\s*(?:,|;|and)\s*\d{1,2}(?:\.[0-9a-z]{1,2})?)*)"
    r"\s*(?:[-\u2013\u2014:]\s*\S.*)?",
    re.I | re.S,
)
REVIEW = re.compile(r"UPR of (.+?)\s*\((\d+)\w*\s+cycle\s*[-\u2013\u2014]+\s*(\d+)\w*\s+session\)", re.I)
PARAGRAPH = re.compile(r"\s*(\d+\.\d+)\.?\s+(.+)", re.S)
SOURCE_LINE = re.compile(r"\n\s*source of position\s*:", re.I)
SYMBOL = re.compile(r"\s*([A-Z][A-Z0-9]*(?:/[\w.]+)+)")
PARENTHESES = re.compile(r"\(((?:[^()]|\([^()]*\))*)\)")  # one nested level: "(Venezuela (Bolivarian Republic of))"
SECTIONS = {"sdgs": "sdgs", "sdg": "sdgs", "affected persons": "persons", "groups of persons": "persons"}


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


def header_columns(head: list[str]) -> dict[str, int] | None:
    """Column role -> index when head is a matrix header row: one column for each required role, at
    most one for each optional one (a word of the header begins with the role's word); else None."""
    found = {
        role: [i for i, h in enumerate(head) if re.search(r"\b(?:" + "|".join(words) + ")", fold(h or ""))]
        for role, words in (COLUMNS | OPTIONAL).items()
    }
    if any(len(found[role]) != 1 for role in COLUMNS) or any(len(found[role]) > 1 for role in OPTIONAL):
        return None
    return {role: i[0] for role, i in found.items() if i}


def table_rows(path: Path, document: Document, report: ImportReport) -> list[tuple[int, dict[str, str], dict[str, str]]]:
    """(row number, cells by column role, header text by role) of every row under a matrix header;
    rows are numbered through all the document's tables, headers included. A headerless table after a
    matrix table continues it. Control characters are taken out of the cells read, and counted in the report."""
    tables, elsewhere = word_tables.tables(document.element.body)
    if elsewhere:
        raise SourceError(
            path,
            0,
            "-",
            f"{elsewhere} table(s) inside a content control or similar box, whose rows would"
            " not be read; in Word, remove the box around the table, keeping the table",
        )
    rows: list[tuple[int, dict[str, str], dict[str, str]]] = []
    number, columns, width, labels = 0, {}, 0, {}  # columns: role -> index; labels: role -> header text
    for table in tables:
        in_table = word_tables.rows(path, table, number + 1)
        head = [(t or "").strip() for t in in_table[0].grid()] if in_table else []
        number += len(in_table)
        if found := header_columns(head):
            columns, width, labels = found, in_table[0].width, {role: head[i] for role, i in found.items()}
            check_row(path, in_table[0], {i: labels[role] for role, i in columns.items()}, width)
            in_table = in_table[1:]
        elif not (columns and len(head) > max(columns.values())):
            continue
        for row in in_table:
            check_row(path, row, {i: labels[role] for role, i in columns.items()}, width)
            grid, cells, removed = row.grid(), {}, 0
            for role, i in columns.items():
                text, count = without_controls(grid[i] or "")
                cells[role], removed = text.strip(), removed + count
            report.removed_controls(path, row.number, removed)
            rows.append((row.number, cells, labels))
    if not columns:
        raise SourceError(
            path,
            1,
            "-",
            "no table with a recommendation, a position and a themes column (cycles 2-3: Recommendation, Position,"
            " Full list of themes; cycle 4: Recommendation and recommending State, Position of the State under"
            " review, Human rights themes and groups of persons, Relevant SDGs): not an OHCHR thematic matrix",
        )
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


def sdg_numbers(line: str, known: set[str]) -> list[str] | None:
    """The goal and target numbers an SDG line names ("16 - PEACE ...", "SDG 16.2", "Goals 5, 10"),
    or None when it names none or one not in the SDG taxonomy (known: its ids)."""
    match = SDG_LINE.fullmatch(line.strip())
    numbers = re.split(r"\s*(?:,|;|and)\s*", match["numbers"].casefold()) if match else []
    return numbers if numbers and all(n in known for n in numbers) else None


def position(path: Path, number: int, label: str, value: str) -> str:
    """The canonical response of a position as the matrix prints it (a split one: supported-in-part)."""
    response = RESPONSES.get(re.sub(r"\s*/\s*", "/", " ".join(fold(value).split())))
    if response is None:
        raise SourceError(path, number, label, f"unknown position {value!r} (expected Supported, Noted or Supported/Noted)")
    return response


def record(path: Path, number: int, row: dict[str, str], labels: dict[str, str], common: dict) -> tuple[Recommendation, dict]:
    """One matrix row's recommendation, and its tag lines (by section) for the curation."""
    bad = partial(SourceError, path, number, labels["recommendation"])
    body, *source = SOURCE_LINE.split(text_size(path, number, labels["recommendation"], row["recommendation"]), maxsplit=1)
    para = PARAGRAPH.match(body)
    if not para:
        raise bad(f"no paragraph number (e.g. 115.1) at the start: {body[:60]!r}")
    found = SYMBOL.match(source[0]) if source else None
    if not found and not common["report_symbol"]:
        raise bad("no 'Source of position: A/HRC/...' line, and no report symbol in the page header")
    response = position(path, number, labels["position"], row["position"])
    states = recommending_states(para[2])
    if not states:
        raise bad("no recommending state in parentheses at the end of the text")
    tags = tag_lines(row["themes"])
    tags["sdgs"] += [t for t in tag_lines(row.get("sdgs", ""))["all"]]
    tags["all"] += [t for t in tags["sdgs"] if t not in tags["all"]]
    symbol = re.sub(r"/Add\.\d+$", "", found[1].rstrip("."), flags=re.I) if found else common["report_symbol"]
    rec = Recommendation(
        **{k: v for k, v in common.items() if k != "report_symbol"},
        id=make_id(symbol, para[1]),
        mechanism="upr",
        body="UPR",
        document_symbol=symbol,  # the Working Group report, not its addendum
        paragraph=para[1],
        text=para[2].strip(),
        recommending_states=states,
        response=response,
        response_source=" ".join(source[0].split()) if source else MATRIX,
        source_tags=list(dict.fromkeys(tags["all"])),
        source="ohchr-matrix",
        source_ref=f"{path.name}:{number}",
    )
    return rec, tags


def map_sdgs(rec: Recommendation, lines: list[str], known: set[str], report: ImportReport) -> None:
    """Goals and targets from the SDG lines; a line naming none (or an unknown one) is counted unmapped."""
    numbers = [sdg_numbers(line, known) for line in lines]
    found = [n for found in numbers if found for n in found]
    rec.sdg_goals = list(dict.fromkeys(n.split(".")[0] for n in found))
    rec.sdg_targets = list(dict.fromkeys(n for n in found if "." in n))
    report.mapped("SDG lines", len(lines), [line for line, n in zip(lines, numbers, strict=True) if n is None])


def curate(rec: Recommendation, tags: dict, context: Context, report: ImportReport) -> None:
    """Themes and groups by theme_map.yaml: theme lines (without their cycle-2 code, "A12 ...") by the
    OHCHR theme vocabulary, else as groups of persons; affected-person lines as groups of persons."""
    rules = context.curation
    themes = [re.sub(r"^[A-Z]\d+\s+", "", t) for t in tags["themes"]]
    unmapped = rules.apply(rec, VOCABULARY, themes)
    as_groups, groups, unknown = rules.map_tags(PERSONS, unmapped + tags["persons"])
    rec.themes += [t for t in as_groups if t not in rec.themes]
    rec.affected_groups += [g for g in groups if g not in rec.affected_groups]
    report.mapped("theme and group lines", len(themes) + len(tags["persons"]), unknown)


def open_document(path: Path) -> Document:
    """The Word document, once its parts unpacked would not exceed the size limit for one file."""
    read_bytes(path)  # there, a file, of a size we read
    office.check_parts(path, "a Word .docx file")  # unpacked size bounded, no entity declared, before lxml parses a part
    try:
        return docx.Document(str(path))
    except Exception as err:  # python-docx raises zip, XML and package errors alike
        raise SourceError(path, 0, "-", f"not a Word .docx file ({type(err).__name__}: {err})") from None


def sdg_ids(context: Context) -> set[str]:
    """Goal and target numbers of the SDG taxonomy (data/sources.yaml: sdg_taxonomy)."""
    return context.memo("sdg-ids", lambda: {r["id"] for r in sdg_table(context.project.from_root(sources_config(context.project)["sdg_taxonomy"]))})


def report_symbol(document: Document) -> str:
    """The one Working Group report symbol the page header or the text before the tables prints, or ""."""
    headers = [h for s in document.sections for h in (s.header, s.first_page_header)]
    found = {
        m for p in [*(p for h in headers for p in h.paragraphs), *document.paragraphs] for m in REPORT_SYMBOL.findall(p.text)
    }
    return found.pop() if len(found) == 1 else ""


def run(files: list[Path], country: str | None, report: ImportReport, context: Context) -> Imported:
    recs: list[Recommendation] = []
    seen: dict[tuple[str, str], str] = {}
    for path in files:
        document = open_document(path)
        rows = table_rows(path, document, report)  # first: "not a matrix" says more than "no page header"
        common, symbol = review(path, document, country, context) | {"report_symbol": report_symbol(document)}, ""
        for number, row, labels in rows:
            report.read(path)
            if not any(row.values()) or all(fold(v).startswith("theme:") for v in row.values()):
                report.rejected(path, number, "section heading row" if any(row.values()) else "empty row")
                continue
            rec, tags = record(path, number, row, labels, common)
            bad = partial(SourceError, path, number, labels["recommendation"])
            if symbol and rec.document_symbol != symbol:
                raise bad(f"source of position names report {rec.document_symbol}, earlier rows {symbol}")
            symbol, key = rec.document_symbol, (rec.document_symbol, rec.paragraph)
            if key in seen:
                raise bad(f"paragraph {rec.paragraph} of {symbol} appears twice (also {seen[key]})")
            seen[key] = rec.source_ref
            curate(rec, tags, context, report)
            map_sdgs(rec, tags["sdgs"], sdg_ids(context), report)
            report.written(path, number, rec.id)
            recs.append(rec)
    states = {s: "" for rec in recs for s in rec.recommending_states}  # the matrix gives no regional group
    return Imported(recs, states, {"ohchr-matrix": [p.name for p in files]})
