"""Read and write the canonical Data Package: datapackage.json, one CSV per table (the
canonical form, validated by frictionless) and a JSON copy of each table."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from ..errors import PackageError
from .recommendation import INT_FIELDS, Recommendation
from .reference import schema

DELIMITER = "|"
PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"  # Data Package v2


@lru_cache(maxsize=1 << 16)  # a paragraph is sorted on every hub page that lists it
def natural_key(text: str) -> tuple:
    """'128.10' sorts after '128.9'. Odd parts are the digit runs, so parts always compare like with like."""
    return tuple(int(p) if i % 2 else p for i, p in enumerate(re.split(r"(\d+)", text)))


def sort_key(rec: Recommendation) -> tuple:
    return (rec.country, rec.year, rec.body, natural_key(rec.document_symbol), natural_key(rec.paragraph), rec.id)


def fields_of(resource: str) -> list[dict]:
    return schema()[resource]["schema"]["fields"]


def to_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        items = [str(v) for v in value]
        bad = next((item for item in items if not item or DELIMITER in item), None)
        if bad is not None:
            raise ValueError(f"list item {bad!r} is empty or holds the list delimiter {DELIMITER!r}, so it would not read back")
        return DELIMITER.join(items)
    return str(value)


def row_cells(path: Path, row_no: int, row: dict, names: list[str]) -> list[str]:
    cells = []
    for name in names:
        try:
            cells.append(to_cell(row.get(name)))
        except ValueError as err:
            raise PackageError(f"{path.name}:{row_no}:{name}: {err} (record {row.get('id') or row.get('name')!r})") from None
    return cells


class _Lines(list):
    """A file-like list for csv.writer, which writes each row with one call: one string per row."""

    write = list.append


def csv_lines(
    path: Path, resource: str, rows: Iterable[dict], *, header: bool = False, fields: list[dict] | None = None
) -> list[str]:
    """The canonical CSV lines (CRLF-terminated) of rows (fields: the resource's, unless given);
    path only locates errors."""
    names = [f["name"] for f in fields or fields_of(resource)]
    lines = _Lines()
    writer = csv.writer(lines, lineterminator="\r\n")
    if header:
        writer.writerow(names)
    writer.writerows(row_cells(path, row_no, row, names) for row_no, row in enumerate(rows, start=2))
    return lines


_SCALARS = (str, int, float, bool, type(None))
_encode = json.JSONEncoder(ensure_ascii=False, default=str).encode  # no indent: the C encoder
_indented = json.JSONEncoder(ensure_ascii=False, indent=1, default=str).encode  # pure Python, 10x slower


def _missing(value: object) -> object:
    """One rule for a missing value: null in JSON (an empty cell in CSV), never "" in some columns
    and null in others. An empty list stays [] (a list with no items)."""
    return None if value == "" else value


def _item(row: dict, keys: list[tuple[str, str]]) -> str:
    """A flat row (scalars and lists of scalars) exactly as json.dumps(indent=1) writes it inside
    a list, without its pure-Python indenting encoder; anything else goes through that encoder."""
    parts = []
    for name, key in keys:
        value = _missing(row.get(name))
        if isinstance(value, list) and all(isinstance(v, _SCALARS) for v in value):
            text = "[\n" + ",\n".join("   " + _encode(v) for v in value) + "\n  ]" if value else "[]"
        elif isinstance(value, _SCALARS):
            text = _encode(value)
        else:
            return " " + _indented({n: _missing(row.get(n)) for n, _ in keys}).replace("\n", "\n ")
        parts.append(f"  {key}: {text}")
    return " {\n" + ",\n".join(parts) + "\n }"


def json_items(resource: str, rows: Iterable[dict], fields: list[dict] | None = None) -> list[str]:
    """Each row as the JSON object it is inside a list written by write_json (indented one level)."""
    keys = [(f["name"], _encode(f["name"])) for f in fields or fields_of(resource)]
    return [_item(row, keys) for row in rows]


def json_list(items: list[str]) -> str:
    """A list of json_items, byte for byte what json.dumps(list, indent=1) writes."""
    return "[\n" + ",\n".join(items) + "\n]\n" if items else "[]\n"


def json_single(item: str) -> str:
    """One json_items entry as a file of its own (not in a list): json.dumps(row, indent=1)."""
    return item[1:].replace("\n ", "\n") + "\n"


def write_csv(path: Path, resource: str, rows: list[dict], *, bom: bool = False) -> None:
    """The canonical CSV form; bom=True marks it as UTF-8 for Excel (macrons intact)."""
    text = "".join(csv_lines(path, resource, rows, header=True))
    path.write_text(text, encoding="utf-8-sig" if bom else "utf-8", newline="")


def write_json(path: Path, resource: str, rows: list[dict] | dict) -> None:
    single = isinstance(rows, dict)
    items = json_items(resource, [rows] if single else rows)  # type: ignore[list-item]
    path.write_text(json_single(items[0]) if single else json_list(items), encoding="utf-8")


def write_table(directory: Path, resource: str, rows: list[dict], *, bom: bool = False) -> None:
    write_csv(directory / f"{resource}.csv", resource, rows, bom=bom)
    write_json(directory / f"{resource}.json", resource, rows)


KEYWORDS = [
    "human rights",
    "United Nations",
    "Universal Periodic Review",
    "treaty bodies",
    "special procedures",
    "recommendations",
]
UN_TERMS = {"title": "United Nations documents: the UN terms of use", "path": "https://www.un.org/en/about-us/terms-of-use"}
CC_BY = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0 (the project's own curation)",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}


def descriptor(meta: dict, resources: list[str]) -> dict:
    """A Data Package (v2) descriptor: its version is the release (as_of), created its date (never
    the clock), its contributors and sources the upstream sources it was imported from."""
    as_of = meta.get("as_of", "")
    return {
        "$schema": PROFILE,
        "name": meta["name"],
        "title": meta["title"],
        "description": meta.get("description") or f"{meta['title']}: {DESCRIPTION}",
        "version": as_of,
        "created": f"{as_of}T00:00:00Z" if as_of else "",
        "keywords": KEYWORDS,
        "data_date": meta.get("data_date", ""),
        "as_of": as_of,
        "licenses": [CC_BY, UN_TERMS],
        "contributors": [{"title": s["title"], "path": s["path"], "roles": ["author"]} for s in meta["sources"]],
        "sources": meta["sources"],
        "resources": [resource(name) for name in resources],
    }


DESCRIPTION = (
    "each recommendation as officially numbered, with the Government's response, themes, affected groups, "
    "SDGs and lead agencies, and the reference tables they use. List fields hold values separated by '|' in CSV."
)


def resource(name: str) -> dict:
    return {
        "name": name,
        "type": "table",
        "path": f"{name}.csv",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "title": schema()[name]["title"],
        "description": schema()[name].get("description", ""),
        "schema": schema()[name]["schema"],
    }


def write_package(directory: Path, tables: dict[str, list[dict]], meta: dict) -> None:
    """Write every table and datapackage.json into an existing, empty directory."""
    for name, rows in tables.items():
        write_table(directory, name, rows)
    text = json.dumps(descriptor(meta, list(tables)), ensure_ascii=False, indent=1)
    (directory / "datapackage.json").write_text(text + "\n", encoding="utf-8")


def release_date(meta: dict) -> dt.date:
    """The descriptor's as_of: the release date everything time-dependent is judged against."""
    try:
        return dt.date.fromisoformat(meta.get("as_of") or "")
    except ValueError:
        raise PackageError(
            f"datapackage.json:0:as_of: {meta.get('as_of')!r} is not the release date (YYYY-MM-DD): import the package again"
        ) from None


def parse_cell(field: dict, cell: str) -> object:
    if cell == "":
        return [] if field["type"] == "list" else None
    if field["type"] == "list":
        return cell.split(field.get("delimiter", DELIMITER))
    if field["type"] == "integer":
        return int(cell)
    return cell


def parse_rows(resource: str, rows: Iterable[dict[str, str]]) -> list[dict]:
    fields = {f["name"]: f for f in fields_of(resource)}
    return [{k: parse_cell(fields[k], v) for k, v in row.items()} for row in rows]


def read_table(directory: Path, resource: str) -> list[dict]:
    with (directory / f"{resource}.csv").open(encoding="utf-8", newline="") as handle:
        return parse_rows(resource, csv.DictReader(handle))


def rows_of_lines(resource: str, lines: list[str]) -> list[dict]:
    """Rows of canonical CSV lines (csv_lines), read back exactly as read_table reads the file."""
    names = [f["name"] for f in fields_of(resource)]
    cells = csv.reader(io.StringIO("".join(lines), newline=""))
    return parse_rows(resource, (dict(zip(names, values, strict=True)) for values in cells))


def recommendation_of(row: dict) -> Recommendation:
    return Recommendation.from_dict({k: ("" if v is None and k not in INT_FIELDS else v) for k, v in row.items()})


def read_recommendations(directory: Path) -> list[Recommendation]:
    return [recommendation_of(row) for row in read_table(directory, "recommendations")]


def read_package(directory: Path) -> tuple[list[Recommendation], dict[str, list[dict]], dict]:
    """Recommendations, the reference tables and the descriptor of a canonical package."""
    meta = json.loads((directory / "datapackage.json").read_text(encoding="utf-8"))
    names = [r["name"] for r in meta["resources"] if r["name"] != "recommendations"]
    return read_recommendations(directory), {n: read_table(directory, n) for n in names}, meta


RECORD_FIELDS = tuple(f.name for f in dataclasses.fields(Recommendation))


def as_row(rec: Recommendation) -> dict:
    """The record as a row of the recommendations table. Shallow (lists are shared, not copied):
    dataclasses.asdict deep-copies every list and was the largest cost of writing downloads."""
    return {name: getattr(rec, name) for name in RECORD_FIELDS}


def recommendation_rows(recs: list[Recommendation]) -> list[dict]:
    return [as_row(r) for r in sorted(recs, key=sort_key)]
