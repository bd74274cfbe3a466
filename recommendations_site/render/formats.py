"""The whole package's tables in typed formats, from the Table Schemas (model/schema.yaml): Parquet
(ids and paragraphs text, years and counts integers, dates dates, lists lists: DuckDB, pandas,
R/arrow and Spark read the types, never guess them) and one Excel workbook (numbers as numbers,
paragraphs as text, the header frozen and filtered)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..model.package import fields_of
from ..model.reference import published_names, report_schema

if TYPE_CHECKING:  # pyarrow and XlsxWriter are imported where the files are written (a third of a second at every start)
    import pyarrow as pa
    from xlsxwriter.format import Format
    from xlsxwriter.worksheet import Worksheet

@cache
def arrow_types() -> dict[str, pa.DataType]:
    import pyarrow as pa

    return {"string": pa.string(), "integer": pa.int64(), "number": pa.float64(), "date": pa.date32(), "boolean": pa.bool_()}
URL_FIELD = {
    "name": "url",
    "type": "string",
    "format": "uri",
    "description": "The recommendation's page on this site: its permanent, absolute address.",
}


SOURCE_REF = {  # as the downloads hold it (with_names): in words, no file of the project's named
    "name": "source_ref",
    "type": "string",
    "constraints": {"required": True},
    "description": "Where the record stands in its source, in words: the source's title and the row (or line) of its file, "
    "or the tracking or assessment record and line it is recorded at ('Where each record comes from', on the site's page "
    "What this site holds).",
}


def published_fields(resource: str) -> list[dict]:
    """The fields of a table as the downloads hold it: each code column followed by the names its
    codes stand for (schema.yaml: names), and the recommendations' address last."""
    if resource.startswith("import-report-"):  # an import report: the workbook holds it too
        return report_schema()["schema"]["fields"]
    added = {n["code"]: n for n in published_names()[0].get(resource, [])}
    fields = []
    for field in fields_of(resource):
        fields.append(SOURCE_REF if field["name"] == "source_ref" else field)
        if field["name"] in added:
            fields.append(name_field(field, added[field["name"]]))
    return fields + ([URL_FIELD] if resource == "recommendations" else [])


def name_field(code: dict, added: dict) -> dict:
    """The Table Schema field of the names beside a code column: a list beside a list."""
    kind = {"type": "list", "delimiter": code.get("delimiter", "|"), "itemType": "string"} if code["type"] == "list" else {"type": "string"}
    return {"name": added["name"], **kind, "description": added["description"]}


Names = dict[str, dict[str, str]]  # reference table -> code -> name


def naming_tables() -> frozenset[str]:
    """The tables name_lookup() reads: the reference tables of schema.yaml's names, and the sources."""
    return frozenset(published_names()[1]) | {"sources"}


def name_lookup(tables: dict[str, list[dict]]) -> Names:
    """Each reference table's codes and the names they stand for (schema.yaml: name_columns), and
    under SOURCE_FILES each imported file's source, by its title."""
    columns = published_names()[1]
    found = {table: {str(row["id"]): row.get(column) or "" for row in tables.get(table, [])} for table, column in columns.items()}
    found[SOURCE_FILES] = {Path(f).name: row["title"] for row in tables.get("sources", []) for f in row.get("files") or []}
    return found


SOURCE_FILES = "source files"  # a Names entry: an imported file's name -> its source's title
# A curated file's folder -> what it is, in plain words (the project's files are not published).
CURATED_FILES = {"tracking": "the agency's tracking record", "assessments": "the monitor's assessment record"}


def counted(unit: str, rows: str) -> str:
    """"row 12", or "rows 12, 13" for several."""
    numbers = [r.strip() for r in rows.split(",") if r.strip()]
    return f"{unit}s {', '.join(numbers)}" if len(numbers) > 1 else f"{unit} {rows.strip()}"


def source_in_words(ref: str, files: dict[str, str]) -> str:
    """source_ref as the downloads say it, naming no file: "a.csv:12; b.yaml:3" -> "UPR Info
    Database …, row 12; the agency's tracking record, line 3" (what-this-site-holds: where each
    record comes from)."""
    said = []
    for part in (p.strip() for p in ref.split(";") if p.strip()):
        where, _, rows = part.rpartition(":")
        path = Path(where or part)
        if path.name in files:  # a table's rows, a text file's lines (a JSON Lines record is one)
            unit = "row" if path.suffix in (".csv", ".xlsx", ".docx") else "line"
            said.append(f"{files[path.name]}, {counted(unit, rows)}" if rows else files[path.name])
        else:
            what = next((w for folder, w in CURATED_FILES.items() if folder in path.parts), "a curated file of this site")
            said.append(f"{what}, {counted('line', rows)}" if rows else what)
    return "; ".join(said)


def with_names(resource: str, row: dict, names: Names) -> dict:
    """The row with the names beside its codes; a code its table lacks (which validation refuses)
    keeps its place as itself, so a list's names stay in step with its codes."""
    added = {}
    for spec in published_names()[0].get(resource, []):
        known, codes = names.get(spec["table"], {}), row.get(spec["code"])
        if isinstance(codes, list):
            added[spec["name"]] = [known.get(c) or c for c in codes]
        else:
            added[spec["name"]] = (known.get(str(codes)) or codes) if codes not in (None, "") else None
    if row.get("source_ref"):  # where the record came from, without the project's file names
        added["source_ref"] = source_in_words(row["source_ref"], names.get(SOURCE_FILES, {}))
    return {**row, **added}


def value(field: dict, cell: object) -> object:
    """A value parsed from the canonical package (package.parse_cell) in its schema's type."""
    if cell is None or cell == "":
        return [] if field["type"] == "list" else None
    if field["type"] == "date":
        return dt.date.fromisoformat(str(cell))
    if field["type"] == "number":
        return float(cell)  # type: ignore[arg-type]
    return cell


def arrow_type(field: dict) -> pa.DataType:
    import pyarrow as pa

    types = arrow_types()
    return pa.list_(types[field.get("itemType", "string")]) if field["type"] == "list" else types[field["type"]]


def write_parquet(path: Path, resource: str, rows: list[dict]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    fields = published_fields(resource)
    schema = pa.schema([pa.field(f["name"], arrow_type(f), metadata={"description": f.get("description", "")}) for f in fields])
    columns = {f["name"]: [value(f, row.get(f["name"])) for row in rows] for f in fields}
    pq.write_table(pa.table(columns, schema=schema), path, compression="zstd")


def cell(field: dict, item: object) -> object:
    """A worksheet cell: lists joined as in the CSV ('|'), text kept text (81.10 stays 81.10)."""
    found = value(field, item)
    if isinstance(found, list):
        return field.get("delimiter", "|").join(map(str, found)) or None
    return found


# What a spreadsheet reads as the start of a formula (OWASP, CSV injection): such a text gets
# Excel's quote prefix too, so that editing the cell does not turn it into one.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


# Each cell type's writer; a text is always written as a string (never write(), which makes a text
# starting with "=" a formula).
WORKBOOK_OPTIONS = {"constant_memory": True, "strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False}
COLUMN_FORMATS = {"date": "yyyy-mm-dd", "string": "@", "list": "@"}  # text columns stay text when edited


@contextmanager
def workbook(path: Path) -> Iterator[Callable[[str, list[dict]], None]]:
    """A workbook at path, to which add(resource, rows) adds a sheet, so that a caller needs only
    one table in memory at a time. A text starting as a formula would (FORMULA_START) gets Excel's
    quote prefix too, so that editing the cell does not turn it into one. Rows are streamed to disk
    (XlsxWriter's constant_memory); the workbook is written when the block ends."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), WORKBOOK_OPTIONS)
    formats = {kind: book.add_format({"num_format": style}) for kind, style in COLUMN_FORMATS.items()}
    quoted = book.add_format({"num_format": "@", "quote_prefix": True})

    def add(resource: str, rows: list[dict]) -> None:
        sheet = book.add_worksheet(resource[:31])
        fields = published_fields(resource)
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, len(rows), len(fields) - 1)
        for column, field in enumerate(fields):
            sheet.write_string(0, column, field["name"])
        columns = [(column, field, formats.get(field["type"])) for column, field in enumerate(fields)]
        for number, row in enumerate(rows, start=1):
            for column, field, style in columns:
                write_cell(sheet, number, column, cell(field, row.get(field["name"])), style, quoted)

    yield add
    book.close()


def write_cell(sheet: Worksheet, row: int, column: int, found: object, style: Format | None, quoted: Format) -> None:
    """One typed cell: text as text (quoted where it could start a formula), dates as dates, numbers as numbers."""
    if isinstance(found, str) and found.startswith("<r>") and found.endswith("</r>"):
        # XlsxWriter takes such a text for its own rich-text XML and writes it unescaped: as plain
        # runs of a rich string (it needs three) it is escaped like any text and reads back as itself.
        sheet.write_rich_string(row, column, found[:1], found[1:2], found[2:], *([style] if style else []))
    elif isinstance(found, str):
        sheet.write_string(row, column, found, quoted if found.startswith(FORMULA_START) else style)
    elif found is None:
        if style is not None:  # an empty cell of a text or date column keeps its column's format
            sheet.write_blank(row, column, None, style)
    elif isinstance(found, bool):
        sheet.write_boolean(row, column, found, style)
    elif isinstance(found, dt.date):
        sheet.write_datetime(row, column, found, style)
    else:
        sheet.write_number(row, column, found, style)  # type: ignore[arg-type]
