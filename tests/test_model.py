"""Properties of the canonical model: permanent ids, and the CSV <-> JSON round trip."""

from __future__ import annotations

import csv
import dataclasses
import functools
import json
import random
import re
import sys
import tempfile
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

if str(ROOT) not in sys.path:  # the project is not installed: import it from the checkout
    sys.path.insert(0, str(ROOT))

from recommendations_site import importers
from recommendations_site.model import LIST_FIELDS, RESPONSES, Recommendation, make_id, slug
from recommendations_site.model.package import (
    PackageError,
    natural_key,
    read_recommendations,
    recommendation_rows,
    write_package,
)
from recommendations_site.model.reference import schema

ID_PATTERN = re.compile(schema()["recommendations"]["schema"]["fields"][0]["constraints"]["pattern"])
SETTINGS = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
META = {"name": "fixture", "title": "Fixture package", "sources": []}

# any text a file could hold (no lone surrogates, which UTF-8 cannot encode)
any_text = st.text(st.characters(exclude_categories=("Cs",)))
# UN document symbols and paragraph numbers as they are printed
symbols = st.lists(st.from_regex(r"[A-Z]{1,6}|[0-9]{1,3}|Add\.[0-9]", fullmatch=True), min_size=2, max_size=6).map("/".join)
paragraphs = st.lists(st.integers(1, 300).map(str), min_size=1, max_size=3).map(".".join) | st.from_regex(
    r"[0-9]{1,3}(\([a-z]\))?", fullmatch=True
)


def test_make_id_examples():
    assert make_id("A/HRC/26/3", "128.14") == "a-hrc-26-3-128-14"
    assert make_id("A/HRC/12/8", "81.1") == "a-hrc-12-8-81-1"
    assert make_id("CCPR/C/NZL/CO/6", "20") == "ccpr-c-nzl-co-6-20"
    assert make_id(" A/HRC/26/3 ", "128.14 ") == make_id("a/hrc/26/3", "128.14")
    with pytest.raises(ValueError):
        make_id("A/HRC/26/3", "  ")
    with pytest.raises(ValueError):
        make_id("", "1")


@SETTINGS
@given(symbol=symbols, paragraph=paragraphs)
def test_make_id_of_real_shaped_symbols_is_valid_and_stable(symbol, paragraph):
    rec_id = make_id(symbol, paragraph)
    assert ID_PATTERN.fullmatch(rec_id)
    assert rec_id == make_id(symbol, paragraph) == make_id(symbol.lower(), f" {paragraph} ")
    assert rec_id.startswith(slug(symbol) + "-") and rec_id.endswith("-" + slug(paragraph))


@SETTINGS
@given(symbol=any_text, paragraph=any_text)
def test_make_id_of_any_text_is_valid_or_refused(symbol, paragraph):
    """Whatever a file holds, make_id gives an id matching the schema's pattern or raises ValueError."""
    assume(slug(symbol) and slug(paragraph))  # see test_make_id_needs_letters_or_digits_in_both_parts
    try:
        rec_id = make_id(symbol, paragraph)
    except ValueError:
        return
    assert ID_PATTERN.fullmatch(rec_id)
    assert rec_id == make_id(symbol, paragraph)


def test_make_id_needs_letters_or_digits_in_both_parts():
    """A paragraph of '—' would give the document's own slug (and '—' + '—' an empty, invalid id)."""
    for symbol, paragraph in [("A/HRC/26/3", "—"), ("—", "—"), ("中文", "1")]:
        with pytest.raises(ValueError):
            make_id(symbol, paragraph)


def import_shuffled(files: dict[str, list[str]], seed: int) -> dict[str, tuple[str, str, str, str]]:
    """Import the fixtures with their data rows shuffled: id -> (symbol, paragraph, text, response)."""
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for name, lines in files.items():
            header, rows = lines[0], lines[1:]
            rng.shuffle(rows)
            path = Path(tmp) / name
            path.write_text("".join([header, *rows]), encoding="utf-8")
            paths.append(path)
        rng.shuffle(paths)
        imported = importers.run("upr-info", paths)
    return {r.id: (r.document_symbol, r.paragraph, r.text, r.response) for r in imported.recommendations}


def fixture_lines(*names: str) -> dict[str, list[str]]:
    return {name: (FIXTURES / name).read_text(encoding="utf-8").splitlines(keepends=True) for name in names}


@SETTINGS
@given(seed=st.integers(0, 2**32))
def test_ids_do_not_depend_on_row_order(seed):
    paragraph_files = fixture_lines("fixture-official.csv", "fixture-enriched.csv")
    assert import_shuffled(paragraph_files, seed) == in_file_order("fixture-official.csv", "fixture-enriched.csv")
    assert in_file_order("fixture-official.csv", "fixture-enriched.csv") == EXPECTED_PARAGRAPH_IDS
    export_files = fixture_lines("fixture-export.csv")
    assert set(import_shuffled(export_files, seed)) == set(in_file_order("fixture-export.csv"))


@functools.cache  # the same import for every example: done once (the result is only compared)
def in_file_order(*names: str) -> dict[str, tuple[str, str, str, str]]:
    return import_shuffled(fixture_lines(*names), 0)


EXPECTED_PARAGRAPH_IDS = {
    "a-hrc-99-1-10-1": (
        "A/HRC/99/1",
        "10.1",
        "Fixture paragraph one: invented text for tests only (Fixtureland);",
        "supported",
    ),
    "a-hrc-99-1-10-2": (
        "A/HRC/99/1",
        "10.2",
        "Fixture paragraph two: invented text, bundling two states (Testonia, Fixtureland);",
        "supported-in-part",
    ),
    "a-hrc-99-1-10-10": (
        "A/HRC/99/1",
        "10.10",
        "Fixture paragraph ten: invented text about Māori fixture rights (Testonia).",
        "noted",
    ),
}


# --- the CSV <-> JSON round trip -------------------------------------------------------------------

tricky_text = st.text(st.characters(exclude_categories=("Cs",)), min_size=1) | st.sampled_from(
    [
        "Māori and Pākehā: ā ē ī ō ū Ā",
        "He said \"ratify\" and 'withdraw', then left.",
        "line one\nline two\r\nline three\rend",
        "<script>alert(1)</script> **bold** {{ jinja }} {% raw %}",
        " leading and trailing spaces ",
        "=1+1",
        "",
    ]
)
list_item = st.text(st.characters(exclude_categories=("Cs",)), min_size=1).filter(lambda s: "|" not in s)
items = st.lists(list_item, max_size=4)


@st.composite
def recommendations(draw) -> Recommendation:
    symbol, paragraph = draw(symbols), draw(paragraphs)
    values = {
        "id": make_id(symbol, paragraph),
        "country": draw(tricky_text),
        "mechanism": draw(st.sampled_from(["upr", "treaty-body", "special-procedure"])),
        "body": draw(tricky_text),
        "year": draw(st.integers(1946, 2100)),
        "document_symbol": symbol,
        "paragraph": paragraph,
        "text": draw(tricky_text),
        "response": draw(st.sampled_from(RESPONSES)),
        "source": draw(tricky_text),
        "source_ref": draw(tricky_text),
        "cycle": draw(st.none() | st.integers(1, 9)),
        "session": draw(tricky_text),
        "date": draw(st.sampled_from(["", "2014-01-28", "2009-05-07"])),
        "response_source": draw(tricky_text),
        "lead_agency_basis": draw(st.sampled_from(["", "body-default", "curated"])),
        "action_category": draw(st.none() | st.integers(1, 5)),
    }
    values.update({name: draw(items) for name in LIST_FIELDS})
    return Recommendation(**values)


def write_and_read(recs: list[Recommendation]) -> tuple[list[Recommendation], list[dict], list[dict]]:
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        write_package(directory, {"recommendations": recommendation_rows(recs)}, META)
        back = read_recommendations(directory)
        as_json = json.loads((directory / "recommendations.json").read_text(encoding="utf-8"))
        with (directory / "recommendations.csv").open(encoding="utf-8", newline="") as handle:
            header = next(csv.reader(handle))
    return back, as_json, header


@SETTINGS
@given(recs=st.lists(recommendations(), min_size=1, max_size=5, unique_by=lambda r: r.id))
def test_csv_json_round_trip(recs):
    back, as_json, header = write_and_read(recs)
    expected = sorted(recs, key=lambda r: r.id)
    assert sorted(back, key=lambda r: r.id) == expected
    # the JSON copy holds the same records as the CSV, typed (integers, arrays), in the same order; one
    # missing-value rule (docs/data-model.md): an empty CSV cell is null in JSON in every column, never ""
    missing_is_null = [{k: None if v == "" else v for k, v in r.to_dict().items()} for r in back]
    assert as_json == missing_is_null
    assert [list(row) for row in as_json] == [header] * len(as_json)
    assert header == [f["name"] for f in schema()["recommendations"]["schema"]["fields"]]
    assert {f.name for f in dataclasses.fields(Recommendation)} == set(header)


@pytest.mark.parametrize("item", ["Trinidad|Tobago", "", "|"])
@pytest.mark.parametrize("field", ["recommending_states", "source_tags", "themes"])
def test_list_item_that_cannot_round_trip_is_refused(tmp_path, field, item):
    """'|' separates list items in the CSV, so an item holding it (or an empty item) would not read
    back as written: the writer refuses the record, naming file, row and field."""
    rec = Recommendation(
        id="a-hrc-99-1-10-1",
        country="Fixtureland",
        mechanism="upr",
        body="UPR",
        year=2014,
        document_symbol="A/HRC/99/1",
        paragraph="10.1",
        text="Fixture text.",
        response="noted",
        source="upr-info",
        source_ref="fixture.csv:2",
    )
    setattr(rec, field, ["ok", item])
    with pytest.raises(PackageError, match=rf"^recommendations\.csv:2:{field}: list item .* 'a-hrc-99-1-10-1'"):
        write_package(tmp_path, {"recommendations": recommendation_rows([rec])}, META)


@SETTINGS
@given(a=any_text, b=any_text)
@example(a="1²", b="1")  # '²' is a digit to str.isdigit() but not to int()
@example(a="A/HRC/1", b="1/A")
def test_natural_key_orders_any_text(a, b):
    """Sorting never compares a number with a string, whatever the symbols and paragraphs hold."""
    assert sorted([a, b], key=natural_key) == sorted([b, a], key=natural_key)
    assert natural_key("128.9") < natural_key("128.10") < natural_key("129.1")
