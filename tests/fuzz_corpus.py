"""The fuzz corpus (tests/test_fuzz.py): small base inputs cut from the real files in
../shared/data at test time, and seeded mutations of them. Nothing here is a copy of UN text:
every input is generated in a temporary folder when the tests run, and thrown away after.

A case is (target, mutation, variant). The target says which base file is damaged and how the
import is run; the mutation says what is done to it; the variant seeds the random choices
(random.Random(crc32(case id))), so the corpus is the same on every run and every machine."""

from __future__ import annotations

import csv
import io
import json
import random
import re
import shutil
import sys
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

if str(Path(__file__).resolve().parent.parent) not in sys.path:  # not installed, and also run as a script
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # import the project from the checkout

from recommendations_site.importers.uhri import RECOMMENDATION_TYPE

SHARED_DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
RELEASE = FIXTURES / "release.yaml"
TRACKING = FIXTURES / "tracking"
ASSESSMENTS = FIXTURES / "assessments"
SUMMARIES = FIXTURES / "summaries.yaml"
UHRI_EXPORT = FIXTURES / "uhri-export-fixture.json"  # invented records (tests/fixtures/README.md)

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
WP = f"{{{W}}}"

# --- base inputs: a few dozen rows or records of each real file ---------------------------------

NZ_OFFICIAL = SHARED_DATA / "nz" / "nz_upr_official_recommendation_paragraphs_2009_2014.csv"
NZ_ENRICHED = SHARED_DATA / "nz" / "nz_upr_cycles1-2_upr-info_enriched.csv"
EXPORT = SHARED_DATA / "upr-info" / "sessions-06-09.csv"
MACROMAN = SHARED_DATA / "upr-info" / "sessions-01-05.macroman.csv"
UHRI = SHARED_DATA / "uhri" / "uhri-api-sample-records.jsonl"
MATRICES = [
    SHARED_DATA / "ohchr-matrix" / "slovenia-upr-cycle2-session20.docx",
    SHARED_DATA / "ohchr-matrix" / "slovenia-upr-cycle3-session34.docx",
]

# NZ paragraphs kept: the first twelve of 2009 and those the tracking fixture names.
NZ_PARAGRAPHS = {("A/HRC/12/8", f"81.{n}") for n in range(1, 13)}
NZ_PARAGRAPHS |= {("A/HRC/26/3", f"128.{n}") for n in (1, 2, 3, 17, 55, 57, 58, 100, 111, 139)}
EXPORT_ROWS = 30  # plus up to 6 rows with non-ASCII text
UHRI_RECORDS = 24
MATRIX_ROWS = 24  # data rows after the header row, section headings included


def read_csv(data: bytes, encoding: str) -> list[list[str]]:
    text = data.decode(encoding).replace("\r\n", "\n").replace("\r", "\n")
    return list(csv.reader(io.StringIO(text)))


def write_csv(rows: list[list[str]], encoding: str, newline: str, errors: str = "strict") -> bytes:
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator=newline).writerows(rows)
    return out.getvalue().encode(encoding, errors)


def nz_slice(path: Path) -> bytes:
    rows = read_csv(path.read_bytes(), "utf-8")
    header = rows[0]
    symbol, paragraph = header.index("document_symbol"), header.index("paragraph")
    return write_csv([header] + [r for r in rows[1:] if (r[symbol], r[paragraph]) in NZ_PARAGRAPHS], "utf-8", "\n")


def export_slice(path: Path, encoding: str, newline: str) -> bytes:
    rows = read_csv(path.read_bytes(), encoding)
    body = rows[1 : EXPORT_ROWS + 1]
    body += [r for r in rows[EXPORT_ROWS + 1 :] if any(not c.isascii() for c in r)][:6]
    return write_csv([rows[0], *body], encoding, newline)


def uhri_slice(path: Path) -> bytes:
    lines = path.read_bytes().split(b"\n")
    return b"\n".join(lines[:UHRI_RECORDS]) + b"\n"


def docx_parts(data: bytes) -> list[tuple[zipfile.ZipInfo, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return [(info, z.read(info)) for info in z.infolist()]


def docx_from(parts: list[tuple[zipfile.ZipInfo, bytes]], replace: dict[str, bytes | None]) -> bytes:
    """A .docx from its parts, with the named parts replaced (None: left out); fixed dates."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in parts:
            data = replace.get(info.filename, data)
            if data is not None:
                z.writestr(zipfile.ZipInfo(info.filename, date_time=(2020, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def document_xml(data: bytes) -> bytes:
    return dict((i.filename, d) for i, d in docx_parts(data))["word/document.xml"]


def with_document(data: bytes, xml: bytes | None) -> bytes:
    return docx_from(docx_parts(data), {"word/document.xml": xml})


def matrix_slice(path: Path) -> bytes:
    """The matrix with only its header row and the first MATRIX_ROWS rows of its table."""
    data = path.read_bytes()
    root = etree.fromstring(document_xml(data))
    for table in root.iter(f"{WP}tbl"):
        for row in table.findall(f"{WP}tr")[MATRIX_ROWS + 1 :]:
            table.remove(row)
    return with_document(data, etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


@dataclass
class Bases:
    """The base inputs, cut from the real files once per test module."""

    official: bytes
    enriched: bytes
    export: bytes
    macroman: bytes
    uhri: bytes
    uhri_export: bytes
    matrices: list[bytes]
    tracking: dict[str, bytes]
    release: bytes
    assessments: dict[str, bytes]
    summaries: bytes


def bases() -> Bases:
    return Bases(
        official=nz_slice(NZ_OFFICIAL),
        enriched=nz_slice(NZ_ENRICHED),
        export=export_slice(EXPORT, "utf-8", "\n"),
        macroman=export_slice(MACROMAN, "mac_roman", "\r"),
        uhri=uhri_slice(UHRI),
        uhri_export=UHRI_EXPORT.read_bytes(),
        matrices=[matrix_slice(p) for p in MATRICES],
        tracking={p.name: p.read_bytes() for p in sorted(TRACKING.glob("*.yaml"))},
        release=RELEASE.read_bytes(),
        assessments={p.name: p.read_bytes() for p in sorted(ASSESSMENTS.glob("*.yaml"))},
        summaries=SUMMARIES.read_bytes(),
    )


# --- targets: which file is damaged, and the import that reads it --------------------------------


@dataclass(frozen=True)
class Target:
    name: str
    importer: str
    fmt: str  # csv, jsonl, docx, yaml
    encoding: str = "utf-8"
    newline: str = "\n"


TARGETS = {
    t.name: t
    for t in [
        Target("nz-official", "upr-info", "csv"),
        Target("nz-enriched", "upr-info", "csv"),
        Target("export", "upr-info", "csv"),
        Target("macroman", "upr-info", "csv", "mac_roman", "\r"),
        Target("uhri", "uhri", "jsonl"),
        Target("uhri-export", "uhri", "json"),
        Target("ohchr-matrix", "ohchr-matrix", "docx"),
        Target("tracking", "upr-info", "yaml"),
        Target("release", "upr-info", "yaml"),
        Target("assessments", "upr-info", "yaml"),
        Target("summaries", "upr-info", "yaml"),
    ]
}


def base_of(target: str, b: Bases, variant: int) -> bytes:
    return {
        "nz-official": b.official,
        "nz-enriched": b.enriched,
        "export": b.export,
        "macroman": b.macroman,
        "uhri": b.uhri,
        "uhri-export": b.uhri_export,
        "ohchr-matrix": b.matrices[variant % len(b.matrices)],
        "tracking": b.tracking["moj.yaml"],
        "release": b.release,
        "assessments": b.assessments["imm.yaml"],
        "summaries": b.summaries,
    }[target]


def arguments(
    target: str, b: Bases, variant: int, mutated: bytes | None, inputs: Path, into: Path, suffix: str = ""
) -> list[str]:
    """Write the case's input files into `inputs` (the damaged one, and the intact ones it goes
    with) and return the command line: import IMPORTER FILES --into INTO --tracking --release, and
    for a monitor's assessment file or the summaries --assessments and --summaries (the fixtures)."""
    inputs.mkdir(parents=True, exist_ok=True)
    empty_tracking = inputs / "no-tracking"
    empty_tracking.mkdir(exist_ok=True)
    tracking, release = empty_tracking, RELEASE

    def put(name: str, data: bytes | None) -> Path:
        path = inputs / name
        if data is not None:
            path.write_bytes(data)
        return path

    damaged = mutated
    if target == "nz-official":
        files = [put("nz_official.csv", damaged), put("nz_enriched.csv", b.enriched)]
    elif target == "nz-enriched":
        files = [put("nz_official.csv", b.official), put("nz_enriched.csv", damaged)]
    elif target == "export":
        files = [put("sessions-06-09.csv", damaged)]
    elif target == "macroman":
        files = [put("sessions-01-05.macroman.csv", damaged)]
    elif target == "uhri":
        files = [put("uhri-records" + (suffix if suffix.startswith(".") else ".jsonl"), damaged)]
    elif target == "uhri-export":
        files = [put("export-full-en.json", damaged)]
    elif target == "ohchr-matrix":
        files = [put(MATRICES[variant % len(MATRICES)].name, damaged)]
    else:
        files = [put("nz_official.csv", b.official), put("nz_enriched.csv", b.enriched)]
        tracking = inputs / "tracking"
        tracking.mkdir(exist_ok=True)
        for name, data in b.tracking.items():
            put(f"tracking/{name}", data)
        if target == "tracking":
            put("tracking/moj.yaml", damaged)
            if suffix == "+folder":
                (tracking / "x.yaml").mkdir()
            if damaged is None:
                (tracking / "moj.yaml").unlink()
        elif target == "release":
            release = put("release.yaml", damaged)
    if suffix == "+dir":  # a folder of the file's name where the file belongs
        files[0].unlink()
        files[0].mkdir()
    importer = TARGETS[target].importer
    argv = ["import", importer, *map(str, files), "--into", str(into), "--tracking", str(tracking), "--release", str(release)]
    return argv + (monitor_arguments(target, b, damaged, inputs, suffix) if target in MONITOR_TARGETS else [])


MONITOR_TARGETS = ("assessments", "summaries")


def monitor_arguments(target: str, b: Bases, damaged: bytes | None, inputs: Path, suffix: str) -> list[str]:
    """--assessments (a copy of the fixtures' folder) and --summaries (of the fixture), the target
    damaged: imm.yaml, or summaries.yaml. Missing (damaged None): the file, or with suffix "/" the
    whole assessments folder."""
    folder = inputs / "assessments"
    folder.mkdir(exist_ok=True)
    for name, data in b.assessments.items():
        damaged_here = target == "assessments" and name == "imm.yaml"
        if damaged is not None or not damaged_here:
            (folder / name).write_bytes(damaged if damaged_here else data)  # type: ignore[arg-type]
    if target == "assessments" and damaged is None and suffix == "/":
        shutil.rmtree(folder)
    summaries = inputs / "summaries.yaml"
    given = damaged if target == "summaries" else b.summaries
    if given is not None:
        summaries.write_bytes(given)
    return ["--assessments", str(folder), "--summaries", str(summaries)]


# --- mutations ------------------------------------------------------------------------------------

Mutate = Callable[[bytes, random.Random, Target], bytes | None]  # None: the file is not there at all


def at_random(data: bytes, rng: random.Random, insert: bytes) -> bytes:
    where = rng.randrange(0, len(data) + 1)
    return data[:where] + insert + data[where:]


def in_text(data: bytes, rng: random.Random, t: Target, pieces: list[str], count: int = 3) -> bytes:
    """pieces inserted at random places in the decoded text, re-encoded as the target is."""
    if t.fmt == "docx":
        return docx_text(data, rng, pieces, count)
    text = data.decode(t.encoding)
    for _ in range(count):
        where = rng.randrange(0, len(text) + 1)
        text = text[:where] + rng.choice(pieces) + text[where:]
    return text.encode(t.encoding, "replace")


def truncate(data: bytes, rng: random.Random, t: Target) -> bytes:
    return data[: rng.randrange(1, len(data))]


def flip_bytes(data: bytes, rng: random.Random, t: Target) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        out[rng.randrange(len(out))] ^= rng.randint(1, 255)
    return bytes(out)


INVALID_UTF8 = [b"\xff", b"\xfe", b"\xc3\x28", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\x80", b"\xe2\x82", b"\xc0\xaf"]


def invalid_utf8(data: bytes, rng: random.Random, t: Target) -> bytes:
    if t.fmt == "docx":
        return docx_raw(data, rng, [rng.choice(INVALID_UTF8) for _ in range(3)])
    for _ in range(3):
        data = at_random(data, rng, rng.choice(INVALID_UTF8))
    return data


def nul_bytes(data: bytes, rng: random.Random, t: Target) -> bytes:
    if t.fmt == "docx":
        return docx_raw(data, rng, [b"\x00"])
    body = data.find(b"\n" if t.newline == "\n" else b"\r") + 1  # in a data row, past the header
    where = rng.randrange(body, len(data))
    return data[:where] + b"\x00" * rng.randint(1, 3) + data[where:]


CONTROLS = ["\x01", "\x07", "\x08", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f", "\u0085", "\u2028", "\u2029", "\ufeff", "\u200b"]


def control_chars(data: bytes, rng: random.Random, t: Target) -> bytes:
    return in_text(data, rng, t, CONTROLS, count=4)


def reencode(codec: str, newline: str | None = None) -> Mutate:
    def mutate(data: bytes, rng: random.Random, t: Target) -> bytes:
        text = data.decode(t.encoding)
        if newline is not None:
            text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", newline)
        return text.encode(codec, "replace")

    mutate.__name__ = f"reencode_{codec}"
    return mutate


def empty(data: bytes, rng: random.Random, t: Target) -> bytes:
    return b""


def blank(data: bytes, rng: random.Random, t: Target) -> bytes:
    return rng.choice([b" ", b"\n\n\n", b" \t \r\n  \r\n", b"\r\r\r"])


def missing(data: bytes, rng: random.Random, t: Target) -> bytes | None:
    return None


# CSV: header damage, numbers, dates, size ----------------------------------------------------------

NUMERIC = {"nz-official": ["review_year"], "nz-enriched": ["cycle", "review_year", "action_category_mcmahon_1to5"]}
NUMERIC |= {"export": ["Session", "Action"], "macroman": ["Session", "Action"]}
REQUIRED = {
    "nz-official": ["review_year", "document_symbol", "paragraph", "text_as_in_report"],
    "nz-enriched": ["country", "document_symbol", "paragraph", "recommending_state", "response", "cycle"],
    "export": ["To", "Text", "From", "Response", "Session"],
    "macroman": ["To", "Text", "From", "Response", "Session"],
}


def csv_edit(edit: Callable[[list[list[str]], random.Random, str], list[list[str]]]) -> Mutate:
    def mutate(data: bytes, rng: random.Random, t: Target) -> bytes:
        rows = edit(read_csv(data, t.encoding), rng, t.name)
        return write_csv(rows, t.encoding, t.newline, "replace")

    mutate.__name__ = edit.__name__
    return mutate


@csv_edit
def duplicate_column(rows: list[list[str]], rng: random.Random, target: str) -> list[list[str]]:
    """A required column given twice (a spreadsheet's copy-paste): which one is meant?"""
    column = rows[0].index(rng.choice(REQUIRED[target]))
    other = rows[1 + rng.randrange(len(rows) - 1)][column]
    return [[*r, r[column] if n % 3 == 1 or n == 0 else other] for n, r in enumerate(rows)]


@csv_edit
def duplicate_name(rows: list[list[str]], rng: random.Random, target: str) -> list[list[str]]:
    """A column renamed to the name of a required one: two columns of one name."""
    name = rng.choice(REQUIRED[target])
    others = [i for i, h in enumerate(rows[0]) if h != name]
    rows[0][rng.choice(others)] = name
    return rows


@csv_edit
def blank_header(rows: list[list[str]], rng: random.Random, target: str) -> list[list[str]]:
    rows[0][rng.randrange(len(rows[0]))] = rng.choice(["", " "])
    return rows


@csv_edit
def extra_blank_column(rows: list[list[str]], rng: random.Random, target: str) -> list[list[str]]:
    return [[*r, ""] for r in rows]


@csv_edit
def renamed_column(rows: list[list[str]], rng: random.Random, target: str) -> list[list[str]]:
    column = rng.randrange(len(rows[0]))
    name = rows[0][column]
    rows[0][column] = rng.choice([name.upper(), f" {name} ", name + "_old", name.replace("_", " "), "\ufeff" + name])
    return rows


@csv_edit
def missing_column(rows: list[list[str]], rng: random.Random, target: str) -> list[list[str]]:
    column = rng.randrange(len(rows[0]))
    return [r[:column] + r[column + 1 :] for r in rows]


@csv_edit
def no_header_row(rows: list[list[str]], rng: random.Random, target: str) -> list[list[str]]:
    return rows[1:]


@csv_edit
def header_twice(rows: list[list[str]], rng: random.Random, target: str) -> list[list[str]]:
    """The header row repeated inside the data (two exports pasted together)."""
    where = rng.randrange(2, len(rows))
    return [*rows[:where], list(rows[0]), *rows[where:]]


@csv_edit
def ragged_rows(rows: list[list[str]], rng: random.Random, target: str) -> list[list[str]]:
    for _ in range(2):
        row = rows[rng.randrange(1, len(rows))]
        row.append("extra") if rng.random() < 0.5 else row.pop()
    return rows


def number_edit(values: list[str]) -> Mutate:
    def edit(rows: list[list[str]], rng: random.Random, target: str) -> list[list[str]]:
        column = rows[0].index(rng.choice(NUMERIC[target]))
        for row in rng.sample(rows[1:], k=min(3, len(rows) - 1)):
            row[column] = rng.choice(values)
        return rows

    edit.__name__ = "numbers"
    return csv_edit(edit)


HUGE_NUMBERS = ["inf", "-inf", "1e400", "99999999999999999999", "nan", "-1", "1e-400", "0x1F", "٣", "Infinity"]
IMPOSSIBLE_YEARS = ["2026-02-30", "2026-13-01", "0", "-2009", "20O9", "9999", "2009.5"]


@csv_edit
def huge_cell(rows: list[list[str]], rng: random.Random, target: str) -> list[list[str]]:
    row = rows[rng.randrange(1, len(rows))]
    column = rng.randrange(len(row))
    row[column] = row[column] + " Fixture" * rng.choice([12_500, 140_000])  # 100 kB or 1.1 MB
    return rows


@csv_edit
def many_columns(rows: list[list[str]], rng: random.Random, target: str) -> list[list[str]]:
    return [r + [f"c{n}" if i == 0 else "" for n in range(2000)] for i, r in enumerate(rows)]


def unterminated_quote(data: bytes, rng: random.Random, t: Target) -> bytes:
    text = data.decode(t.encoding)
    lines = text.split(t.newline)
    row = rng.randrange(1, max(2, len(lines) - 1))
    lines[row] = lines[row].replace(",", ',"', 1)
    return t.newline.join(lines).encode(t.encoding)


# JSON Lines (UHRI) ---------------------------------------------------------------------------------

UHRI_FIELDS = [
    "annotationId",
    "symbol",
    "publicationDate",
    "countryIds",
    "en",
    "sdgsIds",
    "uprPositionIds",
    "themesIds",
    "affectedPersonIds",
    "uprCycle",
    "annotationType",
    "numberInDocument",
]
WRONG = [[], ["x"], {}, {"en": "x"}, 0, -1, 3.5, True, False, None, "", "text", [1, [2, [3]]], 1e308, [None]]


def json_records(data: bytes) -> list[str]:
    return data.decode("utf-8").split("\n")


def jsonl_edit(edit: Callable[[list[str], random.Random], list[str]]) -> Mutate:
    def mutate(data: bytes, rng: random.Random, t: Target) -> bytes:
        return "\n".join(edit(json_records(data), rng)).encode("utf-8")

    mutate.__name__ = edit.__name__
    return mutate


def record_lines(lines: list[str]) -> list[int]:
    return [n for n, line in enumerate(lines) if line.strip()]


def recommendation_lines(lines: list[str]) -> list[int]:
    """Record lines but those UHRI marks as another annotation type (a concern): the importer
    rejects those before any later check, so damage meant for a later check goes to a recommendation."""
    return [n for n in record_lines(lines) if "annotationType" not in lines[n] or RECOMMENDATION_TYPE in lines[n]]


def wrong_type(field_name: str) -> Mutate:
    def edit(lines: list[str], rng: random.Random) -> list[str]:
        for n in rng.sample(record_lines(lines), k=3):
            record = json.loads(lines[n])
            value = record.get(field_name)
            choices = [w for w in WRONG if type(w) is not type(value)]
            record[field_name] = rng.choice(choices)
            lines[n] = json.dumps(record, ensure_ascii=False)
        return lines

    edit.__name__ = f"wrong_type_{field_name}"
    return jsonl_edit(edit)


def json_values(field_name: str, values: list[str], name: str) -> Mutate:
    """field_name set to raw JSON text (numbers and tokens Python's json module reads)."""

    def edit(lines: list[str], rng: random.Random) -> list[str]:
        for n in rng.sample(record_lines(lines), k=3):
            record = json.loads(lines[n])
            record[field_name] = "@@RAW@@"
            lines[n] = json.dumps(record, ensure_ascii=False).replace('"@@RAW@@"', rng.choice(values))
        return lines

    edit.__name__ = name
    return jsonl_edit(edit)


@jsonl_edit
def duplicate_key(lines: list[str], rng: random.Random) -> list[str]:
    n = rng.choice(record_lines(lines))
    key = rng.choice(["annotationId", "en", "symbol", "countryIds", "publicationDate"])
    other = {"annotationId": '"fuzz-other-id"', "en": '"12.3 Another text (France);"', "symbol": '"CCPR/C/NZL/CO/6"'}
    other |= {"countryIds": '["ca28c5ed-3799-435a-a632-d3f46bad33be"]', "publicationDate": '"2011-01-01T00:00:00"'}
    lines[n] = lines[n].rstrip().removesuffix("}") + f', "{key}": {other[key]}}}'
    return lines


@jsonl_edit
def deep_json(lines: list[str], rng: random.Random) -> list[str]:
    depth = 10_000
    n = rng.choice(record_lines(lines))
    if rng.random() < 0.5:
        lines[n] = "[" * depth + "]" * depth
    else:
        record = json.loads(lines[n])
        record[rng.choice(["en", "themesIds", "extra"])] = "@@DEEP@@"
        lines[n] = json.dumps(record).replace('"@@DEEP@@"', "[" * depth + "]" * depth)
    return lines


@jsonl_edit
def invalid_json(lines: list[str], rng: random.Random) -> list[str]:
    n = rng.choice(record_lines(lines))
    line = lines[n]
    damage = rng.randrange(5)
    if damage == 0:
        lines[n] = line[: rng.randrange(1, len(line) - 1)]  # a record cut short
    elif damage == 1:
        lines[n] = line.rstrip().removesuffix("}") + ",}"  # trailing comma
    elif damage == 2:
        lines[n] = line.replace('"', "'", 4)  # single quotes
    elif damage == 3:
        lines[n] = line + " " + line  # two records on one line
    else:
        lines[n] = line.replace(":", "", 1)  # a key with no colon
    return lines


def impossible_date(data: bytes, rng: random.Random, t: Target) -> bytes:
    dates = ["2026-02-30T00:00:00", "2026-13-01T00:00:00", "2019-00-10", "2019-12-32", "0000-00-00", "9999-99-99"]
    return json_values("publicationDate", [json.dumps(d) for d in dates], "dates")(data, rng, t)  # type: ignore[return-value]


def as_json_array(data: bytes, rng: random.Random, t: Target) -> bytes:
    records = [json.loads(line) for line in json_records(data) if line.strip()]
    return json.dumps(records if rng.random() < 0.5 else {"records": records}).encode()


@jsonl_edit
def huge_text(lines: list[str], rng: random.Random) -> list[str]:
    n = rng.choice(record_lines(lines))
    record = json.loads(lines[n])
    record["en"] = str(record.get("en")) + " Fixture" * 125_000  # 1 MB
    lines[n] = json.dumps(record)
    return lines


@jsonl_edit
def not_objects(lines: list[str], rng: random.Random) -> list[str]:
    n = rng.choice(record_lines(lines))
    lines[n] = rng.choice(['"a string"', "42", "null", "true", "[]", "[{}]"])
    return lines


# YAML (tracking and release) -------------------------------------------------------------------------

TRACKING_WRONG = {
    "title": ["[a, b]", "{x: 1}", "42", "true", "null", "2026-01-01"],
    "recommendations": ["{a-hrc-12-8-81-1: 1}", "42", "[[a-hrc-12-8-81-1]]", "[{x: 1}]", "true"],
    "status": ["5", "[in-progress]", "{s: 1}", "yes", "null"],
    "evidence": ["{url: https://example.org}", "[1, 2]", "42", "[[https://example.org]]", "true"],
    "date": ["true", "[2026-01-01]", "{d: 1}", "20260101", "2026-01-01 10:00:00", "'2026-01-01'"],
    "agency": ["[moj]", "{moj: 1}", "42", "null", "MOJ"],
    "actions": ["text", "42", "{id: x}", "[1, 2]", "[[]]"],
    "progress": ["text", "3", "{action: x}", "[null]"],
    "start_date": ["[2025]", "{y: 2025}", "2025", "true"],
    "text": ["12", "[a]", "{t: x}", "null", "false"],
    "supporting_agencies": ["yes", "{mbie: 1}", "[[mbie]]", "42"],
    "responses": ["{recommendation: x}", "text", "[1]"],
    "id": ["42", "[x]", "{x: 1}", "null", "true", "Fixture Id With Spaces"],
    "action": ["42", "[x]", "{x: 1}", "null"],
}
TRACKING_HUGE = {
    "target_date": ["1e400", ".inf", "-.inf", ".nan", "99999999999999999999"],
    "date": ["1e400", ".inf", "99999999999999999999", "-1"],
    "id": ["99999999999999999999", "1e400"],
    "status": ["1e400", ".nan"],
    "start_date": ["0x7fffffffffffffffffff", "1_000_000_000_000_000_000"],
}
IMPOSSIBLE_DATES = ["2026-02-30", "2026-13-01", "!!timestamp junk", "2026-02-29", "2025-00-10", "!!timestamp 2026-02-30"]


def yaml_set(text: str, key: str, value: str, rng: random.Random) -> str:
    """The value of one `key:` line (chosen at random among those in the file) replaced."""
    pattern = re.compile(rf"^(\s*(?:-\s+)?{re.escape(key)}:)[ \t]*(.*)$", re.M)
    found = list(pattern.finditer(text))
    if not found:
        return text
    match = rng.choice(found)
    return text[: match.start()] + f"{match[1]} {value}" + text[match.end() :]


def yaml_edit(edit: Callable[[str, random.Random, Target], str]) -> Mutate:
    def mutate(data: bytes, rng: random.Random, t: Target) -> bytes:
        return edit(data.decode("utf-8"), rng, t).encode("utf-8")

    mutate.__name__ = edit.__name__
    return mutate


def yaml_values(table: dict[str, list[str]], name: str) -> Mutate:
    def edit(text: str, rng: random.Random, t: Target) -> str:
        if t.name == "release":
            values = [v for vs in table.values() for v in vs]
            return yaml_set(text, "as_of", values[rng.variant * 7 % len(values)], rng)  # type: ignore[attr-defined]
        key = sorted(table)[rng.variant % len(table)]  # type: ignore[attr-defined]
        return yaml_set(text, key, rng.choice(table[key]), rng)

    edit.__name__ = name
    return yaml_edit(edit)


@yaml_edit
def impossible_yaml_date(text: str, rng: random.Random, t: Target) -> str:
    n = rng.variant  # type: ignore[attr-defined]
    key = "as_of" if t.name == "release" else ["date", "start_date", "target_date"][n % 3]
    return yaml_set(text, key, IMPOSSIBLE_DATES[n % len(IMPOSSIBLE_DATES)], rng)


@yaml_edit
def duplicate_yaml_key(text: str, rng: random.Random, t: Target) -> str:
    if t.name == "release":
        return text + rng.choice(["as_of: 2025-01-01\n", "as_of: 2026-11-23\n"])
    kind = rng.variant % 3  # type: ignore[attr-defined]
    if kind == 0:
        return text + "agency: moj\n"
    if kind == 1:  # an action's status given twice, differently
        return re.sub(r"^(\s+)status: in-progress$", r"\1status: in-progress\n\1status: completed", text, count=1, flags=re.M)
    return (
        text
        + "progress:\n  - action: fixture-completed-action\n    date: 2025-12-02\n    text: Fixture.\n    evidence: [https://example.org/x]\n"
    )


@yaml_edit
def deep_yaml(text: str, rng: random.Random, t: Target) -> str:
    deep = "[" * 10_000 + "]" * 10_000
    if t.name == "release":
        return yaml_set(text, "as_of", deep, rng)
    return yaml_set(text, rng.choice(["title", "recommendations", "evidence", "text"]), deep, rng)


def laughs(levels: int = 7, width: int = 10) -> str:
    """A "billion laughs": width**levels strings from a few lines of anchors and aliases."""
    parts = ["&l0 lol"]
    for n in range(1, levels + 1):
        parts.append(f"&l{n} [" + ", ".join([f"*l{n - 1}"] * width) + "]")
    return "[" + ", ".join(parts) + "]"


@yaml_edit
def billion_laughs(text: str, rng: random.Random, t: Target) -> str:
    if t.name == "release":
        return yaml_set(text, "as_of", laughs(), rng)
    return yaml_set(text, rng.choice(["title", "description", "recommendations", "evidence", "text", "status"]), laughs(), rng)


@yaml_edit
def yaml_aliases(text: str, rng: random.Random, t: Target) -> str:
    """Anchors, aliases and merge keys as a YAML-savvy official might use them."""
    if t.name == "release":
        return "base: &d 2026-11-23\nas_of: *d\n"
    kind = rng.variant % 3  # type: ignore[attr-defined]
    if kind == 0:
        text = text.replace("recommendations: [a-hrc-26-3-128-100]", "recommendations: &r [a-hrc-26-3-128-100]", 1)
        return text.replace("recommendations: [a-hrc-26-3-128-100]", "recommendations: *r", 1)
    if kind == 1:
        return text.replace("  - id: fixture-stale-action", "  - &a id: fixture-stale-action\n    <<: {status: planned}", 1)
    return text.replace("agency: moj", "agency: &ag moj\nx: *ag", 1)


UNSAFE = {
    "tracking": ("agency: moj", "agency: !!python/object/apply:os.getcwd []"),
    "release": ("as_of:", "as_of: !!python/name:os.getcwd"),
    "assessments": ("monitor: imm", "monitor: !!python/object/apply:os.getcwd []"),
    "summaries": ("author: Fixture Author", "author: !!python/object/new:os.system [true]"),
}


@yaml_edit
def yaml_structure(text: str, rng: random.Random, t: Target) -> str:
    """Documents that are not one mapping, tabs, unsafe tags, several documents."""
    return (
        [
            "- " + text.replace("\n", "\n  "),
            text.replace("  ", "\t", 3),
            text + "\n---\n" + text,
            text.replace(*UNSAFE[t.name], 1),
            "\ufeff" + text.replace("\n", "\r\n"),
            text + "\n%YAML 1.1\n",
            "as_of: 2026-11-23\n" if t.name == "tracking" else "agency: moj\n",
            text.replace(":", ": !!binary", 1),
        ]
    )[rng.variant * (3 if t.name == "release" else 1) % 8]  # type: ignore[attr-defined]


def yaml_many_entries(data: bytes, rng: random.Random, t: Target) -> bytes:
    """Size: 2,000 progress updates for one action, or assessments (20,000 lines)."""
    if t.name == "release":
        return data + b"".join(b"k%d: v\n" % n for n in range(20_000))
    if t.name in MONITOR_ENTRIES:
        return data + "".join(MONITOR_ENTRIES[t.name].format(m=1 + n % 12, d=1 + n % 28, n=n) for n in range(2000)).encode()
    entry = "  - action: fixture-completed-action\n    date: 2025-{m:02d}-{d:02d}\n    text: Fixture {n}.\n    evidence: [https://example.org/{n}]\n"
    more = "".join(entry.format(m=1 + n % 12, d=1 + n % 28, n=n) for n in range(2000))
    text = data.decode()
    return text.replace("progress:\n", "progress:\n" + more, 1).encode()


# Word (.docx) --------------------------------------------------------------------------------------


def docx_edit(edit: Callable[[etree._Element, random.Random], None]) -> Mutate:
    def mutate(data: bytes, rng: random.Random, t: Target) -> bytes:
        root = etree.fromstring(document_xml(data))
        edit(root, rng)
        return with_document(data, etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))

    mutate.__name__ = edit.__name__
    return mutate


def docx_text(data: bytes, rng: random.Random, pieces: list[str], count: int) -> bytes:
    """pieces inserted raw into the text runs of document.xml (C0 controls make the XML malformed)."""
    xml = document_xml(data)
    for _ in range(count):
        runs = [m.end() for m in re.finditer(rb"<w:t(?: [^>]*)?>", xml)]
        where = rng.choice(runs)
        xml = xml[:where] + rng.choice(pieces).encode("utf-8") + xml[where:]
    return with_document(data, xml)


def docx_raw(data: bytes, rng: random.Random, inserts: list[bytes]) -> bytes:
    xml = document_xml(data)
    runs = [m.end() for m in re.finditer(rb"<w:t(?: [^>]*)?>", xml)]
    for piece in inserts:
        where = rng.choice(runs)
        xml = xml[:where] + piece + xml[where:]
    return with_document(data, xml)


def data_rows(root: etree._Element) -> list[etree._Element]:
    return [tr for tbl in root.iter(f"{WP}tbl") for tr in tbl.findall(f"{WP}tr")[1:]]


def properties(cell: etree._Element) -> etree._Element:
    found = cell.find(f"{WP}tcPr")
    if found is None:
        found = etree.SubElement(cell, f"{WP}tcPr")
        cell.remove(found)
        cell.insert(0, found)
    return found


@docx_edit
def vmerge(root: etree._Element, rng: random.Random) -> None:
    """Cells merged vertically (<w:vMerge/>): continued from the row above, or with no restart."""
    rows = data_rows(root)
    n = rng.randrange(len(rows) - 1)
    column = rng.randrange(3)
    restart = rng.random() < 0.6
    for k, row in enumerate(rows[n : n + rng.randint(2, 4)]):
        cells = row.findall(f"{WP}tc")
        if column < len(cells):
            merge = etree.SubElement(properties(cells[column]), f"{WP}vMerge")
            if restart and k == 0:
                merge.set(f"{WP}val", "restart")


@docx_edit
def grid_before(root: etree._Element, rng: random.Random) -> None:
    """<w:gridBefore>: a row that starts some grid columns to the right."""
    for row in rng.sample(data_rows(root), k=2):
        trpr = row.find(f"{WP}trPr")
        if trpr is None:
            trpr = etree.Element(f"{WP}trPr")
            row.insert(0 if row.find(f"{WP}tblPrEx") is None else 1, trpr)
        etree.SubElement(trpr, f"{WP}gridBefore").set(f"{WP}val", str(rng.randint(1, 3)))


@docx_edit
def delete_cell(root: etree._Element, rng: random.Random) -> None:
    for row in rng.sample(data_rows(root), k=rng.randint(1, 3)):
        cells = row.findall(f"{WP}tc")
        for cell in rng.sample(cells, k=rng.randint(1, len(cells))):
            row.remove(cell)


@docx_edit
def extra_cell(root: etree._Element, rng: random.Random) -> None:
    rows = [root.find(f".//{WP}tbl/{WP}tr")] if rng.random() < 0.4 else rng.sample(data_rows(root), k=2)
    for row in rows:
        cells = row.findall(f"{WP}tc")
        copy = etree.fromstring(etree.tostring(rng.choice(cells)))
        cells[-1].addnext(copy) if rng.random() < 0.5 else cells[0].addprevious(copy)


@docx_edit
def nested_table(root: etree._Element, rng: random.Random) -> None:
    """A table inside a cell: a copy of the matrix's own header and a few rows."""
    table = root.find(f".//{WP}tbl")
    inner = etree.fromstring(etree.tostring(table))
    for row in inner.findall(f"{WP}tr")[rng.randint(2, 4) :]:
        inner.remove(row)
    row = rng.choice(data_rows(root))
    cell = rng.choice(row.findall(f"{WP}tc"))
    cell.append(inner)
    cell.append(etree.fromstring(f'<w:p xmlns:w="{W}"/>'))  # a cell ends with a paragraph


@docx_edit
def grid_span(root: etree._Element, rng: random.Random) -> None:
    for row in rng.sample(data_rows(root), k=2):
        cell = rng.choice(row.findall(f"{WP}tc"))
        etree.SubElement(properties(cell), f"{WP}gridSpan").set(f"{WP}val", str(rng.choice([2, 3, 9, 0, -1])))


@docx_edit
def header_cells(root: etree._Element, rng: random.Random) -> None:
    """The header row's words changed: a column renamed, blanked or given twice."""
    header = root.find(f".//{WP}tbl/{WP}tr")
    texts = header.findall(f".//{WP}t")
    node = rng.choice(texts)
    node.text = rng.choice(["", "Pos", "Recommendation", "Position", "Full list of themes", "RECOMMENDATION "])


@docx_edit
def drop_grid(root: etree._Element, rng: random.Random) -> None:
    for grid in root.iter(f"{WP}tblGrid"):
        for col in grid.findall(f"{WP}gridCol")[rng.randint(0, 2) :]:
            grid.remove(col)


@docx_edit
def empty_rows(root: etree._Element, rng: random.Random) -> None:
    for row in rng.sample(data_rows(root), k=3):
        for cell in row.findall(f"{WP}tc"):
            for p in cell.findall(f"{WP}p"):
                cell.remove(p)


def docx_without_document(data: bytes, rng: random.Random, t: Target) -> bytes:
    return with_document(data, None)


def docx_malformed_xml(data: bytes, rng: random.Random, t: Target) -> bytes:
    xml = document_xml(data)
    return with_document(data, xml[: rng.randrange(len(xml) // 4, len(xml) - 10)])


def docx_without_page_header(data: bytes, rng: random.Random, t: Target) -> bytes:
    """The page header's words gone: the review is found from the title or the file name, or not at all."""
    parts = docx_parts(data)
    blank = {
        i.filename: re.sub(rb"(<w:t(?: [^>]*)?>)[^<]*(</w:t>)", rb"\1\2", d)
        for i, d in parts
        if i.filename.startswith("word/header")
    }
    return docx_from(parts, blank)


def docx_double_tbl(data: bytes, rng: random.Random, t: Target) -> bytes:
    return with_document(data, document_xml(data).replace(b"<w:tbl>", b"<w:tbl><w:tbl>", 1))


def docx_deep(data: bytes, rng: random.Random, t: Target) -> bytes:
    """Tables nested 60 deep in one cell (Word allows 63)."""
    xml = document_xml(data)
    inner = b"<w:p/>"
    for _ in range(60):
        inner = b"<w:tbl><w:tr><w:tc>" + inner + b"<w:p/></w:tc></w:tr></w:tbl>"
    where = [m.end() for m in re.finditer(rb"<w:tc>", xml)]
    at = rng.choice(where[4:])
    return with_document(data, xml[:at] + inner + xml[at:])


# Canonical packages (the input of validate, build, overlaps, release, report, template) ---------


def package_text(folder: Path, name: str, edit: Callable[[str], str]) -> None:
    path = folder / name
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8", newline="")


def csv_column_twice(text: str) -> str:
    rows = list(csv.reader(io.StringIO(text, newline="")))
    column = rows[0].index("text")
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n").writerows([*r, r[column] if n else "text"] for n, r in enumerate(rows))
    return out.getvalue()


def nul_in_text(text: str) -> str:
    at = text.index("\n", text.index("\n") + 1) - 20  # inside the first data row
    return text[:at] + "\x00" + text[at:]


PACKAGE_MUTATIONS: dict[str, Callable[[Path], None]] = {
    "intact": lambda folder: None,
    "datapackage-invalid-json": lambda folder: package_text(folder, "datapackage.json", lambda t: t[: len(t) // 2]),
    "datapackage-duplicate-key": lambda folder: package_text(
        folder, "datapackage.json", lambda t: t.replace("{", '{"name": "fuzz",', 1)
    ),
    "datapackage-deep-nesting": lambda folder: package_text(
        folder, "datapackage.json", lambda t: t.replace("{", '{"fuzz": ' + "[" * 10_000 + "]" * 10_000 + ",", 1)
    ),
    "recommendations-nul": lambda folder: package_text(folder, "recommendations.csv", nul_in_text),
    "recommendations-duplicate-column": lambda folder: package_text(folder, "recommendations.csv", csv_column_twice),
    "datapackage-nan": lambda folder: package_nan(folder),  # a fresh round (issue 23): defined below
    "json-copy-differs": lambda folder: package_json_differs(folder),
}
COMMANDS = ["validate", "build", "overlaps", "release", "report", "template"]
# Which commands must refuse which damage (exit 1): all that read the damaged file.
READS_DESCRIPTOR = {"validate", "build", "release", "report", "template"}


def package_must_refuse(command: str, mutation: str) -> bool:
    if mutation == "intact":
        return False
    return command in READS_DESCRIPTOR if mutation.startswith("datapackage") else True


def command_arguments(command: str, data: Path, out: Path) -> list[str]:
    """The command line of command on package data, writing into (or beside what is in) out."""
    given = {
        "validate": [],
        "build": ["--out", str(out)],
        "overlaps": ["--out", str(out / "pairs.csv")],
        "release": ["--releases", str(out)],
        "report": ["--out", str(out / "report.pdf")],
        "template": ["--out", str(out / "moj.yaml")],
    }[command]
    return [command, *(["moj"] if command == "template" else []), "--data", str(data), *given]


COMMAND_CASES = [(command, mutation) for mutation in PACKAGE_MUTATIONS for command in COMMANDS]


# --- the corpus -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Mutation:
    name: str
    mutate: Mutate
    variants: int
    must_refuse: bool = False  # clearly broken: the import must exit 1
    suffix: str = ""  # the damaged file's suffix, when not the target's own (.json for a JSON array)


def generic(fmt: str, refuse_empty: bool, half: bool = False) -> list[Mutation]:
    """The byte-level mutations; half: half as many, and no re-encoding as Latin-1 or Mac Roman (an
    ASCII file read by a reader the tracking file's cases cover already)."""
    more = 1 if half else 2
    found = [
        Mutation("truncate", truncate, 2 * more),
        Mutation("flip-bytes", flip_bytes, 2 * more),
        Mutation("invalid-utf8", invalid_utf8, more),
        Mutation("nul", nul_bytes, more, must_refuse=True),
        Mutation("control-chars", control_chars, more),
        Mutation("empty", empty, 1, must_refuse=refuse_empty),
        Mutation("blank", blank, 1, must_refuse=refuse_empty),
    ]
    if half:
        found.append(Mutation("utf-16", reencode("utf-16"), 1))
    elif fmt != "docx":
        found += [
            Mutation("latin-1", reencode("latin-1"), 1),
            Mutation("utf-16", reencode("utf-16"), 1),
            Mutation("mac-roman-lf", reencode("mac_roman", "\n"), 1),
        ]
    return found


CSV_MUTATIONS = [
    Mutation("duplicate-column", duplicate_column, 2, must_refuse=True),
    Mutation("duplicate-name", duplicate_name, 1, must_refuse=True),
    Mutation("blank-header", blank_header, 1),
    Mutation("extra-blank-column", extra_blank_column, 1),
    Mutation("renamed-column", renamed_column, 2),
    Mutation("missing-column", missing_column, 2),
    Mutation("no-header", no_header_row, 1),
    Mutation("header-twice", header_twice, 1),
    Mutation("ragged", ragged_rows, 1),
    Mutation("huge-numbers", number_edit(HUGE_NUMBERS), 3),
    Mutation("impossible-years", number_edit(IMPOSSIBLE_YEARS), 1),
    Mutation("unterminated-quote", unterminated_quote, 1),
    Mutation("huge-cell", huge_cell, 1),
    Mutation("many-columns", many_columns, 1),
]
JSON_MUTATIONS = [Mutation(f"wrong-type-{f}", wrong_type(f), 1) for f in UHRI_FIELDS] + [
    Mutation(
        "huge-numbers", json_values("publicationDate", ["1e400", "-1e400", "99999999999999999999", "NaN", "Infinity"], "huge"), 1
    ),
    Mutation(
        "huge-number-ids", json_values("annotationId", ["1e400", "99999999999999999999", "NaN", "-Infinity"], "huge_ids"), 1
    ),
    Mutation("huge-number-list", json_values("countryIds", ["[1e400]", "[99999999999999999999]", "[NaN]"], "huge_list"), 1),
    Mutation("impossible-date", impossible_date, 2),
    Mutation("duplicate-key", duplicate_key, 3, must_refuse=True),
    Mutation("deep-nesting", deep_json, 2, must_refuse=True),
    Mutation("invalid-json", invalid_json, 4, must_refuse=True),
    Mutation("json-array", as_json_array, 2, suffix=".json"),
    Mutation("huge-text", huge_text, 1),
    Mutation("not-objects", not_objects, 2),
]
YAML_MUTATIONS = [
    Mutation("wrong-type", yaml_values(TRACKING_WRONG, "wrong_type"), len(TRACKING_WRONG)),
    Mutation("huge-numbers", yaml_values(TRACKING_HUGE, "huge_numbers"), len(TRACKING_HUGE)),
    Mutation("impossible-date", impossible_yaml_date, 6, must_refuse=True),
    Mutation("duplicate-key", duplicate_yaml_key, 3, must_refuse=True),
    Mutation("deep-nesting", deep_yaml, 1, must_refuse=True),
    Mutation("billion-laughs", billion_laughs, 1),
    Mutation("aliases", yaml_aliases, 3),
    Mutation("structure", yaml_structure, 8),
    Mutation("many-entries", yaml_many_entries, 1),
]
RELEASE_MUTATIONS = [
    Mutation("wrong-type", yaml_values(TRACKING_WRONG, "wrong_type"), 3),
    Mutation("huge-numbers", yaml_values(TRACKING_HUGE, "huge_numbers"), 2),
    Mutation("impossible-date", impossible_yaml_date, 3, must_refuse=True),
    Mutation("duplicate-key", duplicate_yaml_key, 1, must_refuse=True),
    Mutation("deep-nesting", deep_yaml, 1, must_refuse=True),
    Mutation("billion-laughs", billion_laughs, 1),
    Mutation("aliases", yaml_aliases, 1),
    Mutation("structure", yaml_structure, 3),
    Mutation("missing", missing, 1, must_refuse=True),
]


# YAML (a monitor's assessment file, the plain-language summaries) -----------------------------------

MONITOR_ENTRIES = {  # one more entry (assessments: at the end of the file), for yaml_many_entries
    "assessments": "  - recommendations: [a-hrc-26-3-128-100]\n    date: 2025-{m:02d}-{d:02d}\n    rating: implemented\n"
    "    summary: Fixture {n}.\n    source: https://example.org/{n}\n",
    "summaries": "  fixture-{n}:\n    summary: Fixture {n}.\n    author: Fixture\n    date: 2025-{m:02d}-{d:02d}\n",
}
DEEP = ["[" * 10_000 + "]" * 10_000, "{a: " * 10_000 + "}" * 10_000]
ASSESSMENT_WRONG = {
    "monitor": ["[imm]", "{imm: 1}", "42", "null", "true", "IMM", "imm monitor"],
    "assessments": ["text", "42", "{date: 2025-01-01}", "[1, 2]", "[[]]", "[null]", "true"],
    "recommendations": ["{a-hrc-12-8-81-1: 1}", "42", "[[a-hrc-12-8-81-1]]", "[{x: 1}]", "true", "[42]", "''"],
    "date": ["true", "[2026-01-01]", "{d: 1}", "20260101", "2026-01-01 10:00:00", "'2026-01-01'", "null"],
    "rating": ["[implemented]", "5", "null", "yes", "{a: 1}", "B 1", "b1"],
    "summary": ["12", "[a]", "{t: x}", "null", "false", "''", "' '"],
    "source": ["[https://example.org]", "{url: https://example.org}", "42", "true", "null", "https://"],
}
ASSESSMENT_HUGE = {
    "date": ["1e400", ".inf", "99999999999999999999", "-1"],
    "rating": ["1e400", ".nan", "-.inf"],
    "recommendations": ["99999999999999999999", "[1e400]", "[.inf]"],
    "summary": ["1e400", ".nan", "0x7fffffffffffffffffff"],
}
SUMMARY_WRONG = {
    "summaries": ["text", "42", "[a-hrc-12-8-81-1]", "[]", "true", "{a-hrc-12-8-81-1: text}", "{a-hrc-12-8-81-1: [1]}"],
    "summary": ["12", "[a]", "{t: x}", "null", "false", "1e400"],
    "author": ["12", "[a, b]", "{n: x}", "null", "true", ".nan"],
    "date": ["true", "[2026-01-01]", "{d: 1}", "20260101", "2026-01-01 10:00:00", "'2026-01-01'", "null"],
}


def substitutions(name: str, edits: list[tuple[str, ...]]) -> Mutate:
    """The variant'th edit of the base file's text: (old, new, old, new, ...), each old text there."""

    def edit(text: str, rng: random.Random, t: Target) -> str:
        pairs = edits[rng.variant % len(edits)]  # type: ignore[attr-defined]
        for old, new in zip(pairs[::2], pairs[1::2], strict=True):
            if old not in text:
                raise AssertionError(f"{t.name}:{name}: {old!r} is not in the base file")  # a case that tests nothing
            text = text.replace(old, new, 1)
        return text

    edit.__name__ = name
    return yaml_edit(edit)


def refused(name: str, edits: list[tuple[str, ...]]) -> Mutation:
    return Mutation(name, substitutions(name, edits), len(edits), must_refuse=True)


FIRST, SECOND, THIRD = "[a-hrc-26-3-128-100]", "a-hrc-12-8-81-1]", "recommendations: a-hrc-26-3-128-111"
IMM_SOURCE = "source: https://example.org/fixture/imm-2026"
ASSESSMENT_REFUSED = [
    refused(
        "unknown-monitor",
        [("monitor: imm", f"monitor: {m}") for m in ("nobody", "ccpr-follow-up", "IMM", "moj", "'imm '")],
    ),
    refused(
        "unknown-recommendation",
        [
            (FIRST, "[a-hrc-99-1-1-1]"),
            (THIRD, "recommendations: A-HRC-26-3-128-111"),
            (SECOND, "a-hrc-12-8-81-1, '']"),
            (FIRST, "[]"),
            (FIRST, "[A/HRC/26/3 128.100]"),
            (THIRD, "recommendations:"),
        ],
    ),
    refused(
        "unknown-rating",
        [
            ("rating: not-implemented", "rating: mostly-done"),
            ("rating: implemented", "rating: Implemented"),
            ("rating: partly-implemented", "rating: b1"),
            ("rating: not-implemented", "rating: F"),
            ("rating: implemented", "rating: ''"),
        ],
    ),
    refused("grade-not-treaty-body", [("rating: not-implemented", "rating: E"), ("rating: partly-implemented", "rating: B1")]),
    refused(
        "source",
        [
            ("    source: https://example.org/fixture/imm-2025\n", ""),
            *[(IMM_SOURCE, f"source: {v}") for v in ("ftp://example.org/x", "www.example.org/x", "javascript:alert(1)")],
            *[(IMM_SOURCE, f"source: {v}") for v in ("''", "null", "https://exa mple.org", "'  '")],
        ],
    ),
    refused("date-after-as-of", [("date: 2026-05-01", "date: 2026-11-24"), ("date: 2025-03-01", "date: 2099-01-01")]),
    refused("impossible-date", [("date: 2026-02-01", f"date: {d}") for d in [*IMPOSSIBLE_DATES, "'2026-02-30'"]]),
    refused(
        "duplicate-key",
        [
            ("monitor: imm\n", "monitor: imm\nmonitor: imm\n"),
            ("    rating: implemented\n", "    rating: implemented\n    rating: not-implemented\n"),
            ("assessments:\n", "assessments: []\nassessments:\n"),
        ],
    ),
    refused(
        "anchors-aliases",
        [
            (FIRST, f"&r {FIRST}", "[a-hrc-26-3-128-100, a-hrc-12-8-81-1]", "*r"),
            ("monitor: imm\n", "x: &m imm\nmonitor: *m\n"),
            ("  - recommendations: a-hrc", "  - <<: {rating: implemented}\n    recommendations: a-hrc"),
            (FIRST, "[a-hrc-26-3-128-100]\n    <<: *nothing"),
            (FIRST, laughs()),
        ],
    ),
    refused(
        "deep-nesting",
        [(FIRST, DEEP[0]), ("monitor: imm", f"monitor: {DEEP[1]}"), (IMM_SOURCE, f"source: {DEEP[0]}")],
    ),
    Mutation("missing", missing, 1),  # a monitor with no file: nothing assessed
    Mutation("missing-folder", missing, 1, must_refuse=True, suffix="/"),
]
SUMMARY_REFUSED = [
    refused(
        "unknown-recommendation",
        [("  a-hrc-12-8-81-1:", f"  {r}:") for r in ("a-hrc-99-1-1-1", "A-HRC-12-8-81-1", "'a-hrc-12-8-81-1 '", "a-hrc-12-8-81")],
    ),
    refused("date-after-as-of", [("date: 2026-01-31", "date: 2026-11-24"), ("date: 2025-10-01", "date: 2100-01-01")]),
    refused("impossible-date", [("date: 2025-10-01", f"date: {d}") for d in [*IMPOSSIBLE_DATES, "'2026-02-30'"]]),
    refused(
        "missing-or-empty-field",
        [
            ("    author: Fixture Author\n", ""),
            ("    date: 2025-10-01\n", ""),
            ('    summary: "Fixture: a one-line summary."\n', ""),
            ('summary: "Fixture: a one-line summary."', "summary: ''"),
            ('summary: "Fixture: a one-line summary."', "summary: '  '"),
            ('summary: "Fixture: a one-line summary."', 'summary: "\\n \\t\\n"'),
            ("author: Fixture Reviewer", "author: ''"),
            ("author: Fixture Reviewer", "author: '   '"),
        ],
    ),
    refused(
        "duplicate-key",
        [
            ("  a-hrc-12-8-81-1:\n", "  a-hrc-26-3-128-100:\n"),
            ("    author: Fixture Reviewer\n", "    author: Fixture Reviewer\n    author: Someone Else\n"),
            ("summaries:\n", "summaries: {}\nsummaries:\n"),
        ],
    ),
    refused(
        "unknown-field",
        [
            ("    author: Fixture Reviewer\n", "    author: Fixture Reviewer\n    reviewer: Fixture\n"),
            ("summaries:\n", "monitor: imm\nsummaries:\n"),
        ],
    ),
    refused(
        "anchors-aliases",
        [
            ("author: Fixture Author", "author: &a Fixture Author", "author: Fixture Reviewer", "author: *a"),
            ("  a-hrc-12-8-81-1:\n", "  a-hrc-12-8-81-1: &e\n"),
            ("    author: Fixture Reviewer\n", "    author: Fixture Reviewer\n    <<: {date: 2025-01-01}\n"),
            ("author: Fixture Reviewer", f"author: {laughs()}"),
        ],
    ),
    refused(
        "deep-nesting",
        [("date: 2025-10-01", f"date: {DEEP[0]}"), ('summary: "Fixture: a one-line summary."', f"summary: {DEEP[1]}")],
    ),
    Mutation("missing", missing, 1, must_refuse=True),
]


def monitor_mutations(wrong: dict[str, list[str]], huge: dict[str, list[str]]) -> list[Mutation]:
    """The YAML mutations of a monitor's file or the summaries, beside their targeted ones."""
    return [
        Mutation("wrong-type", yaml_values(wrong, "wrong_type"), 2 * len(wrong)),
        Mutation("huge-numbers", yaml_values(huge, "huge_numbers"), len(huge)),
        Mutation("structure", yaml_structure, 8),
        Mutation("many-entries", yaml_many_entries, 1),
    ]


DOCX_MUTATIONS = [
    Mutation("vmerge", vmerge, 3),
    Mutation("grid-before", grid_before, 2),
    Mutation("delete-cell", delete_cell, 3),
    Mutation("extra-cell", extra_cell, 3),
    Mutation("nested-table", nested_table, 2),
    Mutation("grid-span", grid_span, 2),
    Mutation("header-cells", header_cells, 2),
    Mutation("drop-grid", drop_grid, 1),
    Mutation("empty-cells", empty_rows, 1),
    Mutation("no-document-xml", docx_without_document, 1),
    Mutation("malformed-xml", docx_malformed_xml, 1),
    Mutation("no-page-header", docx_without_page_header, 2),
    Mutation("table-in-table-tag", docx_double_tbl, 1),
    Mutation("deep-tables", docx_deep, 1),
]

# --- a fresh round (issue 23): new generators for every input kind -------------------------------
# Written after an outside run found what the corpus above let through: each damages its input in a
# way no generator above does (values moved between fields, rows and records repeated or reordered,
# spreadsheet formulas, lone surrogates, line endings mixed, one text of megabytes, numbers JSON
# has not, years that cannot be, a record repeated with another text, a folder where a file goes).

FORMULAS = ['=HYPERLINK("http://example.invalid","x")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)", "\t=1", "\r=1"]
OFFICIAL_YEARS = ["2026-13-01", "0000", "-5", "9999"]


@csv_edit
def swap_cells(rows: list[list[str]], rng: random.Random, target: str) -> list[list[str]]:
    """Two cells of a row change places (a value in another field's column)."""
    for row in rng.sample(rows[1:], k=min(3, len(rows) - 1)):
        a, b = rng.sample(range(len(row)), k=2)
        row[a], row[b] = row[b], row[a]
    return rows


@csv_edit
def repeat_rows(rows: list[list[str]], rng: random.Random, target: str) -> list[list[str]]:
    """Rows given again, further down (two exports appended): merged or refused, counted either way."""
    return rows + [list(r) for r in rng.sample(rows[1:], k=min(3, len(rows) - 1))]


@csv_edit
def reorder_rows(rows: list[list[str]], rng: random.Random, target: str) -> list[list[str]]:
    body = rows[1:]
    rng.shuffle(body)
    return [rows[0], *body]


@csv_edit
def formula_cells(rows: list[list[str]], rng: random.Random, target: str) -> list[list[str]]:
    """Cells that a spreadsheet would run as formulas."""
    for row in rng.sample(rows[1:], k=min(4, len(rows) - 1)):
        column = rng.randrange(len(row))
        row[column] = rng.choice(FORMULAS) + row[column]
    return rows


@csv_edit
def official_year(rows: list[list[str]], rng: random.Random, target: str) -> list[list[str]]:
    """The official paragraphs' review_year damaged: once the enriched file's year won in silence."""
    rows[1 + rng.randrange(len(rows) - 1)][rows[0].index("review_year")] = OFFICIAL_YEARS[rng.variant % 4]  # type: ignore[attr-defined]
    return rows


@csv_edit
def other_year(rows: list[list[str]], rng: random.Random, target: str) -> list[list[str]]:
    """Every row of one paragraph given another (valid) year than its official paragraph."""
    header = rows[0]
    symbol, paragraph, year = (header.index(c) for c in ("document_symbol", "paragraph", "review_year"))
    chosen = rows[1 + rng.randrange(len(rows) - 1)]
    for row in rows[1:]:
        if (row[symbol], row[paragraph]) == (chosen[symbol], chosen[paragraph]):
            row[year] = "2011"
    return rows


def long_text(column: str) -> Mutate:
    @csv_edit
    def edit(rows: list[list[str]], rng: random.Random, target: str) -> list[list[str]]:
        row = rows[1 + rng.randrange(len(rows) - 1)]
        row[rows[0].index(column)] += " Fixture" * 20_000  # 160,000 characters: over any real text
        return rows

    return edit


def mixed_newlines(data: bytes, rng: random.Random, t: Target) -> bytes:
    """Line endings of three kinds in one file (rows pasted in from another system)."""
    lines = data.decode(t.encoding).split(t.newline)
    return "".join(line + rng.choice(["\n", "\r\n", "\r"]) for line in lines if line).encode(t.encoding)


def json_record_edit(edit: Callable[[dict, random.Random], None], count: int = 1) -> Mutate:
    """edit applied to count records of a JSON Lines file (records read and written as JSON)."""

    def lines_edit(lines: list[str], rng: random.Random) -> list[str]:
        for n in rng.sample(recommendation_lines(lines), k=count):
            record = json.loads(lines[n])
            edit(record, rng)
            lines[n] = json.dumps(record, ensure_ascii=False)
        return lines

    lines_edit.__name__ = edit.__name__
    return jsonl_edit(lines_edit)


def number_in_document(record: dict, rng: random.Random) -> None:
    record["numberInDocument"] = "@@RAW@@"


def raw_number(data: bytes, rng: random.Random, t: Target) -> bytes:
    """numberInDocument as NaN, Infinity, a negative, a fraction, zero or too large for a float."""
    written = ["NaN", "Infinity", "-Infinity", "-5", "2.5", "0", "1e400"][rng.variant % 7]  # type: ignore[attr-defined]
    return json_record_edit(number_in_document)(data, rng, t).replace(b'"@@RAW@@"', written.encode())  # type: ignore[union-attr]


@jsonl_edit
def repeat_other_text(lines: list[str], rng: random.Random) -> list[str]:
    """A record given again with its annotationId and another text: once merged, one text dropped."""
    record = json.loads(lines[rng.choice(recommendation_lines(lines))])
    record["en"] = "127.999 Fixture: another text for the same annotation (Fixtureland);"
    return [*lines, json.dumps(record)]


@jsonl_edit
def repeat_same(lines: list[str], rng: random.Random) -> list[str]:
    return [*lines, lines[rng.choice(recommendation_lines(lines))]]


def year_out_of_range(record: dict, rng: random.Random) -> None:
    record["publicationDate"] = rng.choice(["9999-01-01T00:00:00", "0001-01-01", "1900-06-30T00:00:00"])


def ten_megabytes(record: dict, rng: random.Random) -> None:
    record["en"] = str(record.get("en")) + " Fixture" * 1_250_000


def swap_fields(record: dict, rng: random.Random) -> None:
    """Two fields' values change places (an id where a date goes, a list where text goes)."""
    a, b = rng.sample(sorted(record), k=2)
    record[a], record[b] = record[b], record[a]


def lone_surrogate(data: bytes, rng: random.Random, t: Target) -> bytes:
    """A \\ud800 escape in a text: valid JSON, but no character, and not writable as UTF-8."""
    lines = json_records(data)
    n = rng.choice(recommendation_lines(lines))
    lines[n] = lines[n].replace('"en": "', '"en": "\\ud800', 1).replace('"Text": "', '"Text": "\\udfff', 1)
    return "\n".join(lines).encode()


# The full UHRI export (a JSON array, read without --country: the whole world) ---------------------

EXPORT_BODIES = ["- Fixture body", "- SPT", ""]


def export_edit(edit: Callable[[list[dict], random.Random], None]) -> Mutate:
    def mutate(data: bytes, rng: random.Random, t: Target) -> bytes:
        records = json.loads(data)
        edit(records, rng)
        return json.dumps(records, ensure_ascii=False, indent=1).encode()

    mutate.__name__ = edit.__name__
    return mutate


def upr_records(records: list[dict]) -> list[dict]:
    return [r for r in records if r.get("Body") == "- UPR"]


@export_edit
def untold_cycle(records: list[dict], rng: random.Random) -> None:
    """No cycle, no session, a year that spans two cycles: this record rejected, the rest imported."""
    for record in upr_records(records):
        record.update(UprCycle=None, UprSession=[], PublicationDate="2012-03-20T00:00:00")
        record["Symbol"] = rng.choice(["A/HRC/19/99", "A/HRC/WG.6/13/FXL/1"])  # the second tells its session


@export_edit
def unknown_body(records: list[dict], rng: random.Random) -> None:
    rng.choice(records)["Body"] = rng.choice(EXPORT_BODIES) or "- CRC "


@export_edit
def bad_record_date(records: list[dict], rng: random.Random) -> None:
    rng.choice(records)["PublicationDate"] = rng.choice(["2026-02-30T00:00:00", "9999-01-01", "1900-01-01", "soon"])


@export_edit
def world(records: list[dict], rng: random.Random) -> None:
    """Records of many states under review, one naming two: the whole world, no --country."""
    for n, record in enumerate(records):
        record["Countries"] = [["Testonia"], ["Fixtureland"], ["Testonia", "Fixtureland"], ["New Zealand"]][n % 4]


def export_not_array(data: bytes, rng: random.Random, t: Target) -> bytes:
    return json.dumps({"records": json.loads(data)}).encode()


def export_field_type(data: bytes, rng: random.Random, t: Target) -> bytes:
    records = json.loads(data)
    rng.choice(records)[rng.choice(["Text", "Symbol", "Countries", "AnnotationId"])] = rng.choice([5, {"x": 1}, None, [[]]])
    return json.dumps(records).encode()


# The OHCHR Word matrix, and the YAML files ---------------------------------------------------------


def docx_long_cell(data: bytes, rng: random.Random, t: Target) -> bytes:
    """One recommendation cell of 160,000 characters."""
    xml = document_xml(data)
    runs = [m.end() for m in re.finditer(rb"<w:t(?: [^>]*)?>", xml)]
    at = rng.choice(runs[len(runs) // 3 :])
    return with_document(data, xml[:at] + b" Fixture" * 20_000 + xml[at:])


def docx_formula(data: bytes, rng: random.Random, t: Target) -> bytes:
    xml = document_xml(data)
    runs = [m.end() for m in re.finditer(rb"<w:t(?: [^>]*)?>", xml)]
    for at in sorted(rng.sample(runs[len(runs) // 3 :], k=3), reverse=True):
        xml = xml[:at] + rng.choice(FORMULAS[:4]).replace('"', "&quot;").encode() + xml[at:]
    return with_document(data, xml)


@yaml_edit
def yaml_lookalikes(text: str, rng: random.Random, t: Target) -> str:
    """A key spelt with a look-alike letter (Cyrillic а, a no-break space, a zero-width joiner)."""
    keys = re.findall(r"^\s*(?:- )?([a-z_]+):", text, re.M)
    key = rng.choice(keys)
    other = rng.choice([key.replace("a", "\u0430", 1), key + "\u00a0", key[:1] + "\u200d" + key[1:]])
    return re.sub(rf"^(\s*(?:- )?){key}:", lambda m: f"{m[1]}{other}:", text, count=1, flags=re.M)


@yaml_edit
def yaml_formulas(text: str, rng: random.Random, t: Target) -> str:
    """Text values that a spreadsheet would run, quoted as YAML needs."""
    found = list(re.finditer(r"^(\s*(?:- )?(?:text|title|summary|description|rationale): )(.+)$", text, re.M))
    if not found:
        return text
    match = rng.choice(found)
    return text[: match.start(2)] + json.dumps(rng.choice(FORMULAS)) + text[match.end(2) :]


@yaml_edit
def yaml_surrogate(text: str, rng: random.Random, t: Target) -> str:
    """A text value with a \\ud800 escape (half a character) or a pair of them (PyYAML keeps both halves)."""
    escape = rng.choice(["\\ud800", "\\udfff", "\\ud83d\\ude00"])
    found = list(re.finditer(r"^(\s*(?:- )?[a-z_]+: )([A-Za-z][^\n#]*)$", text, re.M))
    match = rng.choice(found)
    return text[: match.start(2)] + '"' + escape + " " + match[2].replace('"', "'") + '"' + text[match.end(2) :]


def folder_named_yaml(data: bytes, rng: random.Random, t: Target) -> bytes:
    return data  # arguments() adds a folder named x.yaml beside it ("+folder"), or puts a folder in its place ("+dir")


def package_nan(folder: Path) -> None:
    package_text(folder, "datapackage.json", lambda t: t.replace('"name"', '"count": NaN,\n "name"', 1))


def package_json_differs(folder: Path) -> None:
    package_text(folder, "recommendations.json", lambda t: t.replace('"text": "', '"text": "Not the CSV\'s text: ', 1))


FOLDER = Mutation("folder-not-file", folder_named_yaml, 1, must_refuse=True, suffix="+dir")
FRESH_CSV = [
    Mutation("swap-cells", swap_cells, 2),
    Mutation("repeat-rows", repeat_rows, 1),
    Mutation("reorder-rows", reorder_rows, 1),
    Mutation("formula-cells", formula_cells, 2),
    Mutation("mixed-newlines", mixed_newlines, 1),
]
FRESH = {
    "nz-official": [
        *FRESH_CSV,
        Mutation("official-year", official_year, 4, must_refuse=True),
        FOLDER,
        Mutation("long-text", long_text("text_as_in_report"), 1, must_refuse=True),
    ],
    "nz-enriched": [*FRESH_CSV, Mutation("other-year", other_year, 2, must_refuse=True)],
    "export": [*FRESH_CSV, Mutation("long-text", long_text("Text"), 1, must_refuse=True)],
    "macroman": FRESH_CSV[:2],
    "uhri": [
        Mutation("number-in-document", raw_number, 7, must_refuse=True),
        Mutation("repeat-other-text", repeat_other_text, 2, must_refuse=True),
        Mutation("repeat-same", repeat_same, 1),
        FOLDER,
        Mutation("year-out-of-range", json_record_edit(year_out_of_range), 3, must_refuse=True),
        Mutation("ten-megabytes", json_record_edit(ten_megabytes), 1, must_refuse=True),
        Mutation("swap-fields", json_record_edit(swap_fields, 2), 4),
        Mutation("lone-surrogate", lone_surrogate, 1, must_refuse=True),
    ],
    "uhri-export": [
        Mutation("untold-cycle", untold_cycle, 2),
        Mutation("unknown-body", unknown_body, 2),
        Mutation("bad-record-date", bad_record_date, 3),
        Mutation("world", world, 1),
        Mutation(
            "repeat-other-text",
            export_edit(lambda r, rng: r.append({**r[0], "Text": "12. Another fixture text."})),
            1,
            must_refuse=True,
        ),
        Mutation("not-an-array", export_not_array, 1, must_refuse=True),
        Mutation("field-type", export_field_type, 3, must_refuse=True),
        Mutation("lone-surrogate", lone_surrogate, 1),
        Mutation("truncate", truncate, 2, must_refuse=True),
    ],
    "ohchr-matrix": [Mutation("long-cell", docx_long_cell, 1), Mutation("formula-cells", docx_formula, 1), FOLDER],
    "tracking": [
        Mutation("lookalike-keys", yaml_lookalikes, 3),
        Mutation("formulas", yaml_formulas, 1),
        Mutation("folder-named-yaml", folder_named_yaml, 1, must_refuse=True, suffix="+folder"),
        Mutation("surrogate", yaml_surrogate, 3, must_refuse=True),
    ],
    "release": [Mutation("lookalike-keys", yaml_lookalikes, 1)],
    "assessments": [
        Mutation("lookalike-keys", yaml_lookalikes, 2),
        Mutation("formulas", yaml_formulas, 1),
        Mutation("surrogate", yaml_surrogate, 1, must_refuse=True),
    ],
    "summaries": [
        Mutation("lookalike-keys", yaml_lookalikes, 2),
        Mutation("formulas", yaml_formulas, 1),
        Mutation("surrogate", yaml_surrogate, 1, must_refuse=True),
    ],
}


MUTATIONS: dict[str, list[Mutation]] = {
    "nz-official": generic("csv", True) + CSV_MUTATIONS,
    "nz-enriched": generic("csv", True) + CSV_MUTATIONS,
    "export": generic("csv", True) + CSV_MUTATIONS,
    "macroman": generic("csv", True)
    + [m for m in CSV_MUTATIONS if m.name in {"duplicate-column", "huge-numbers", "missing-column"}],
    "uhri": generic("jsonl", True) + JSON_MUTATIONS,
    "ohchr-matrix": generic("docx", True) + DOCX_MUTATIONS,
    "tracking": generic("yaml", False) + YAML_MUTATIONS,
    "release": generic("yaml", True) + RELEASE_MUTATIONS,
    "assessments": generic("yaml", True, half=True) + monitor_mutations(ASSESSMENT_WRONG, ASSESSMENT_HUGE) + ASSESSMENT_REFUSED,
    "summaries": generic("yaml", True, half=True)
    + monitor_mutations(SUMMARY_WRONG, {"date": ["1e400", ".inf"]})
    + SUMMARY_REFUSED,
    "uhri-export": [],
}
for _target, _fresh in FRESH.items():
    MUTATIONS[_target] = MUTATIONS[_target] + _fresh


@dataclass(frozen=True)
class Case:
    target: str
    mutation: Mutation
    variant: int

    @property
    def id(self) -> str:
        return f"{self.target}:{self.mutation.name}:{self.variant}"

    def rng(self) -> random.Random:
        """Seeded by the case id; .variant lets a mutation go through its kinds in turn."""
        rng = random.Random(zlib.crc32(self.id.encode()))
        rng.variant = self.variant  # type: ignore[attr-defined]
        return rng

    def build(self, b: Bases, inputs: Path, into: Path) -> list[str]:
        """The damaged input written into `inputs`, and the command line that imports it."""
        target = TARGETS[self.target]
        mutated = self.mutation.mutate(base_of(self.target, b, self.variant), self.rng(), target)
        return arguments(self.target, b, self.variant, mutated, inputs, into, self.mutation.suffix)


CASES = [Case(target, m, v) for target, ms in MUTATIONS.items() for m in ms for v in range(m.variants)]


def write_case(case_id: str, where: Path) -> list[str]:
    """One case's inputs written to `where` (to look at a failure by hand); its command line."""
    [case] = [c for c in CASES if c.id == case_id]
    where.mkdir(parents=True, exist_ok=True)
    return case.build(bases(), where / "inputs", where / "package")


if __name__ == "__main__":  # python tests/fuzz_corpus.py CASE-ID DIR: write one case to look at
    import sys

    print(" ".join(["python build.py", *write_case(sys.argv[1], Path(sys.argv[2]))]))
    shutil.rmtree(Path(sys.argv[2]) / "package", ignore_errors=True)
