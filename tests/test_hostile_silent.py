"""What an outside fuzz run found accepted in silence (issue 23, items 8 to 10), each now refused or
warned about at the file's own file:row:field, tested at the reader that reads the file (a full
import proves nothing more); the command line only where the command line itself is the subject
(argument errors). Every input is invented here, in tmp_path."""

from __future__ import annotations

import copy
import csv
import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES

from recommendations_site import cli, importers, overlaps, tracking
from recommendations_site.errors import InvalidPackage, SourceError
from recommendations_site.importers import uhri
from recommendations_site.model import curation, package
from recommendations_site.pipeline import tiriti as te_tiriti  # the Te Tiriti view's rule is read with the package
from recommendations_site.reading.text import read_bytes
from recommendations_site.tracking import summaries
from recommendations_site.validate import check
from recommendations_site.validate.copies import copy_problems

OFFICIAL, ENRICHED = FIXTURES / "fixture-official.csv", FIXTURES / "fixture-enriched.csv"
EXPORT = FIXTURES / "uhri-export-fixture.json"
UHRI_RECORD = {
    "annotationId": "f1x70000-0000-0000-0000-0000000000a1",
    "symbol": "CRC/C/NZL/CO/99",
    "publicationDate": "2016-10-21T00:00:00",
    "countryIds": ["eefe55a1-0c3a-4e2b-a436-80a5ac855baa"],
    "numberInDocument": 12,
    "en": "12. Fixture: the Committee recommends an invented measure.",
    "annotationType": uhri.RECOMMENDATION_TYPE,  # a recommendation, so it reaches the check under test
}


def located(err: Exception) -> list:
    """[file, row, field] of a SourceError, or of each problem of an InvalidPackage."""
    if isinstance(err, InvalidPackage):
        return [[Path(p.file).name, p.row, p.field] for p in err.problems]
    assert isinstance(err, SourceError), err
    return [err.file, int(err.row), err.field]


def refused(call, *args) -> tuple[list, str]:
    with pytest.raises((SourceError, InvalidPackage)) as caught:
        call(*args)
    return located(caught.value), str(caught.value)


# --- UPR Info: the official file's review_year ------------------------------------------------


def official_with_year(tmp_path: Path, year: str) -> Path:
    rows = list(csv.reader(OFFICIAL.open(encoding="utf-8")))
    rows[1][0] = year
    path = tmp_path / "official.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


@pytest.mark.parametrize(
    ("year", "words"),
    [("2026-13-01", "is not a number"), ("0000", "is out of range"), ("-5", "is out of range"), ("9999", "is out of range")],
)
def test_a_bad_official_review_year_is_refused_not_overridden(tmp_path, year, words):
    """Once the enriched file's year won in silence."""
    where, message = refused(importers.run, "upr-info", [official_with_year(tmp_path, year), ENRICHED])
    assert where == ["official.csv", 2, "review_year"]
    assert words in message and "2008 to 2100" in message


def test_official_and_enriched_years_that_disagree_are_refused(tmp_path):
    where, message = refused(importers.run, "upr-info", [official_with_year(tmp_path, "2009"), ENRICHED])
    assert where == ["official.csv", 2, "review_year"]
    assert "fixture-enriched.csv:2) says 2014" in message


# --- UHRI API records ---------------------------------------------------------------------------


def uhri_file(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "records.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def record(**changes: object) -> str:
    return json.dumps({**UHRI_RECORD, **changes})


@pytest.mark.parametrize(
    ("written", "words"),
    [
        ("NaN", "NaN is not a number"),
        ("Infinity", "Infinity is not a number"),
        ("-Infinity", "not a number"),
        ("1e400", "too large"),
        ("-5", "less than the minimum of 1"),
        ("2.5", "is not a whole number"),
        ("0", "minimum of 1"),
    ],
)
def test_a_damaged_number_in_document_is_refused(tmp_path, written, words):
    line = record().replace('"numberInDocument": 12', f'"numberInDocument": {written}')
    where, message = refused(uhri.read_records, uhri_file(tmp_path, record(annotationId="x-1"), line))
    assert where == ["records.jsonl", 2, "numberInDocument"]
    assert words in message


def test_one_annotation_id_with_two_texts_is_refused(tmp_path):
    """Once merged, one text dropped."""
    path = uhri_file(tmp_path, record(), record(en="12. Fixture: another invented text."))
    where, message = refused(importers.run, "uhri", [path])
    assert where == ["records.jsonl", 2, "en"]
    assert f"annotation {UHRI_RECORD['annotationId']} is also at 1 with another text" in message


def test_one_annotation_id_with_the_same_text_is_a_counted_repeat(tmp_path):
    done = importers.run(
        "uhri", [uhri_file(tmp_path, record(), record(en="12.  Fixture: the Committee recommends an invented measure."))]
    )
    outcomes = [[o.row, o.outcome] for o in done.reports[0].outcomes]
    assert sorted(outcomes) == [[1, "written"], [2, "merged"]]


@pytest.mark.parametrize("date", ["9999-01-01", "0001-01-01", "1900-05-05T00:00:00"])
def test_a_uhri_year_out_of_bounds_is_located_in_the_source(tmp_path, date):
    """Once reported against the generated recommendations.csv:16:year."""
    where, message = refused(importers.run, "uhri", [uhri_file(tmp_path, record(publicationDate=date))])
    assert where == ["records.jsonl", 1, "publicationDate"]
    assert "a year from 1946 to 2100" in message


def test_a_ten_megabyte_text_is_refused(tmp_path):
    huge = "12. Fixture " + "word " * 2_000_000
    where, message = refused(importers.run, "uhri", [uhri_file(tmp_path, record(en=huge))])
    assert where == ["records.jsonl", 1, "en"]
    assert "over the 100,000-character limit" in message


def test_a_long_but_real_sized_text_is_kept(tmp_path):
    text = "12. Fixture " + "word " * 15_000  # 75,000 characters: longer than any real one
    assert len(importers.run("uhri", [uhri_file(tmp_path, record(en=text))]).recommendations) == 1


def test_a_ten_megabyte_csv_text_is_refused(tmp_path):
    rows = list(csv.reader(OFFICIAL.open(encoding="utf-8")))
    rows[2][3] = "Fixture " + "x" * 200_000
    path = tmp_path / "official.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    where, message = refused(importers.run, "upr-info", [path, ENRICHED])
    assert where == ["official.csv", 3, "text_as_in_report"]
    assert "200,008 characters" in message


# --- a folder where a file belongs --------------------------------------------------------------


def test_a_folder_given_as_a_source_file_is_said_to_be_a_folder(tmp_path):
    folder = tmp_path / "official.csv"
    folder.mkdir()
    for where, message in [refused(importers.run, "upr-info", [folder]), refused(read_bytes, folder)]:
        assert where == ["official.csv", 0, "-"]
        assert "is a folder, not a file" in message and "no such file" not in message
    assert "is a folder" in summaries.missing(folder).message
    assert "no such file" in refused(importers.run, "upr-info", [tmp_path / "absent.csv"])[1]


def test_a_folder_named_like_a_tracking_file_is_refused(tmp_path):
    folder = tmp_path / "tracking"
    (folder / "x.yaml").mkdir(parents=True)
    (folder / "notes").mkdir()  # any other folder is not a tracking file's name: left alone
    found = tracking.Tracking()
    assert tracking.files_in(folder, found) == []
    assert [[Path(p.file).name, p.row, p.field] for p in found.errors] == [["x.yaml", 0, "-"]]
    assert "is a folder, not a tracking file" in found.errors[0].message and not found.warnings


# --- curated files ------------------------------------------------------------------------------


def edit(path: Path, old: str, new: str) -> int:
    """Replace old (once) and return the line it is on."""
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def test_a_bad_theme_in_theme_map_is_located_at_its_own_line(curated_project):
    """Once reported against recommendations.csv:2:themes, and not at all while no record had the tag."""
    theme_map = curated_project.file("curation/theme_map.yaml")
    used = edit(theme_map, "Corruption: {themes: [governance-corruption]}", "Corruption: {themes: [governance-corrupt]}")
    unused = edit(
        theme_map, "  General: {themes: [general]}\n", "  General: {themes: [general]}\n  Fixture unused: {groups: [nobody]}\n"
    )
    where, message = refused(curation.theme_map, curated_project)
    assert where == [["theme_map.yaml", used, "themes"], ["theme_map.yaml", unused + 1, "groups"]]
    assert "'governance-corrupt' is not an id in data/reference/themes.yaml" in message


@pytest.fixture(scope="module")
def good_package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    into = tmp_path_factory.mktemp("silent") / "package"
    release, folder = into.parent / "release.yaml", into.parent / "tracking"
    release.write_text("as_of: 2026-11-23\n", encoding="utf-8")
    folder.mkdir()
    args = ["import", "upr-info", OFFICIAL, ENRICHED, "--into", into, "--tracking", folder, "--release", release]
    assert cli.main([str(a) for a in args]) == 0
    return into


def test_an_unknown_ask_in_te_tiriti_yaml_is_located(curated_project, good_package):
    recs, tables, _ = package.read_package(good_package)
    rule = curated_project.file("curation/te_tiriti.yaml")
    assert te_tiriti.Rule.load(tables, {r.id for r in recs}, curated_project).asks  # the real rule's asks can all exist
    line = edit(rule, "  - implement-ilo-169\n", "  - implement-ilo-196\n")
    group = edit(rule, "groups: [maori,", "groups: [maaori,")
    where, message = refused(te_tiriti.Rule.load, tables, {r.id for r in recs}, curated_project)
    assert where == [["te_tiriti.yaml", group, "groups"], ["te_tiriti.yaml", line, "asks"]]
    assert "unknown id 'implement-ilo-196': not an ask of data/curation/asks.yaml" in message


def test_an_unterminated_quote_in_overlaps_csv_is_located_where_it_opens(tmp_path):
    """Once read to the end of the file as one note, every decision after it lost."""
    path = tmp_path / "overlaps.csv"
    path.write_text('id_a,id_b,status,note\n\na-1,a-2,confirmed,"never closed\na-3,a-4,rejected,x\n', encoding="utf-8")
    where, message = refused(overlaps.read_curation, path)
    assert where == ["overlaps.csv", 3, "-"]
    assert "a quote opened here is never closed" in message


# --- the package: datapackage.json, and each table's JSON copy ----------------------------------


@pytest.fixture
def damaged(tmp_path: Path, good_package: Path) -> Path:
    copied = tmp_path / "package"
    shutil.copytree(good_package, copied)
    return copied


def problems(directory: Path) -> list:
    return [[p.file, p.row, p.field] for p in check(directory)]


def test_the_good_package_is_valid(good_package):
    assert check(good_package) == []


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity", "1e999"])
def test_nan_in_datapackage_json_is_refused(damaged, constant):
    edit(damaged / "datapackage.json", '"name"', f'"count": {constant},\n "name"')
    assert problems(damaged) == [["datapackage.json", 3, "count"]]


def test_a_json_copy_that_disagrees_with_its_csv_is_refused(damaged):
    edit(damaged / "recommendations.json", '"text": "Fixture paragraph two', '"text": "Fixture paragraph 2')
    found = check(damaged)
    assert [[p.file, p.row, p.field] for p in found] == [["recommendations.json", 2, "text"]]
    assert "differs from recommendations.csv:3: the CSV is the canonical form" in found[0].message


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda items: items[:-1], ["recommendations.json", 0, "-"]),
        (lambda items: [{**items[0], "extra": 1}, *items[1:]], ["recommendations.json", 1, "extra"]),
        (lambda items: [{**items[0], "year": 2015}, *items[1:]], ["recommendations.json", 1, "year"]),
        (lambda items: [{**items[0], "themes": "labour"}, *items[1:]], ["recommendations.json", 1, "themes"]),
        (lambda items: {"rows": items}, ["recommendations.json", 0, "-"]),
    ],
    ids=["a row short", "an unknown field", "another year", "a list as text", "not a list"],
)
def test_every_way_a_json_copy_can_differ_is_located(damaged, change, expected):
    """At the reader: check() runs it once the package is otherwise valid (the test above)."""
    path = damaged / "recommendations.json"
    path.write_text(json.dumps(change(copy.deepcopy(json.loads(path.read_text(encoding="utf-8"))))), encoding="utf-8")
    assert [[p.file, p.row, p.field] for p in copy_problems(damaged, ["themes", "recommendations"])] == [expected]


def test_a_missing_json_copy_is_refused(damaged):
    (damaged / "themes.json").unlink()
    assert [[p.file, p.row, p.field] for p in copy_problems(damaged, ["themes", "recommendations"])] == [["themes.json", 0, "-"]]


# --- argument errors: one error: line, exit 1 ---------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["report", "--to", "2026-99-99", "--out", "x.pdf"], "build.py report: argument --to: '2026-99-99' is not a date"),
        (["import", "upr-info", "x.csv"], "build.py import: the following arguments are required: --into"),
        (["build", "--no-such-option"], "build.py: unrecognized arguments: --no-such-option"),
        (["import", "no-such-importer", "x", "--into", "y"], "argument importer: invalid choice: 'no-such-importer'"),
    ],
)
def test_argument_errors_are_one_error_line_and_exit_1(capsys, argv, words):
    assert cli.main(argv) == 1
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and err.startswith("error: ")
    assert words in err and "usage:" not in err


def test_help_still_exits_0(capsys):
    with pytest.raises(SystemExit) as done:
        cli.main(["report", "--help"])
    assert done.value.code == 0 and "usage:" in capsys.readouterr().out


# --- the full UHRI export: a record's own problem rejects that record, counted -----------------


def export_record(number: int, **changes: object) -> dict:
    """The fixture's UPR record, as record number (an invented id), changed."""
    upr = next(r for r in json.loads(EXPORT.read_text(encoding="utf-8")) if r["Body"] == "- UPR")
    return {**upr, "AnnotationId": f"f1x70000-0000-0000-0000-00000000{number:04d}", **changes}


UNTOLD = {"UprCycle": None, "UprSession": [], "PublicationDate": "2012-03-20T00:00:00"}  # 2012 spans cycles 1 and 2


def test_a_whole_world_export_rejects_bad_records_and_keeps_the_rest(tmp_path):
    """Without --country, one record whose cycle cannot be told once stopped the whole import."""
    records = [
        export_record(1),
        export_record(2, **UNTOLD, Symbol="A/HRC/19/99"),
        export_record(3, **UNTOLD, Symbol="A/HRC/WG.6/13/FXL/1", Text="10.3 Fixture text (Fixtureland);"),
        export_record(4, Body="- Fixture body"),
        export_record(5, PublicationDate="2026-02-30T00:00:00", Text="10.5 Fixture text (Fixtureland);"),
        export_record(6, Countries=["Testonia"], Text="10.6 Fixture text (Fixtureland);"),
        export_record(7, **UNTOLD, Symbol="A/HRC/19/98", Text="10.7 Fixture text (Fixtureland);"),
        export_record(8, PublicationDate="9999-01-01", Text="10.8 Fixture text (Fixtureland);"),
    ]
    path = tmp_path / "export-full-en.json"
    path.write_text(json.dumps(records), encoding="utf-8")
    done = importers.run("uhri", [path])
    report = done.reports[0]
    assert [[o.row, o.outcome, o.reason.split(":")[0]] for o in report.outcomes if o.outcome == "rejected"] == [
        [2, "rejected", "UprCycle"],
        [4, "rejected", "body 'Fixture body' is not in data/reference/bodies.yaml"],
        [5, "rejected", "PublicationDate"],
        [7, "rejected", "UprCycle"],
        [8, "rejected", "PublicationDate"],
    ]
    assert "  rejected: 5 rows" in report.summary(len(done.recommendations))
    assert "    2 UprCycle: no cycle, no session in it or its symbol, and 2012 spans two cycles" in report.summary(0)
    # the cycle of record 3 is told by the session its Working Group symbol names
    assert sorted((r.country, r.session, r.cycle) for r in done.recommendations) == [
        ("New Zealand", "13", 2),
        ("New Zealand", "18", 2),
        ("Testonia", "18", 2),
    ]
    assert report.unaccounted() == 0


@pytest.mark.parametrize(
    ("content", "where"),
    [
        ('[{"AnnotationId": ', ["export-full-en.json", 1, "-"]),  # not JSON
        (json.dumps([export_record(1), export_record(2, Countries="New Zealand")]), ["export-full-en.json", 2, "Countries"]),
        (json.dumps([export_record(1), export_record(2, Text=["a list"])]), ["export-full-en.json", 2, "Text"]),
    ],
    ids=["not JSON", "a field of the wrong type", "text of the wrong type"],
)
def test_a_file_level_problem_still_stops_the_export(tmp_path, content, where):
    path = tmp_path / "export-full-en.json"
    path.write_text(content, encoding="utf-8")
    assert refused(importers.run, "uhri", [path])[0] == where


def test_an_export_record_repeated_with_another_text_is_refused(tmp_path):
    path = tmp_path / "export-full-en.json"
    path.write_text(json.dumps([export_record(1), export_record(1, Text="10.1 Another fixture text (Fixtureland);")]))
    where, message = refused(importers.run, "uhri", [path])
    assert where == ["export-full-en.json", 2, "Text"] and "is also at 1 with another text" in message


# --- found by the fresh fuzz round: a lone surrogate escape ------------------------------------


def test_a_lone_surrogate_in_json_is_refused_not_a_crash(tmp_path):
    r"""Python's json decodes "\ud800" to a string no UTF-8 file can hold: once "unexpected error" at writing."""
    line = record().replace('"en": "12.', '"en": "\\ud800 12.')
    where, message = refused(importers.run, "uhri", [uhri_file(tmp_path, line)])
    assert where == ["records.jsonl", 1, "en"] and "half a character" in message
    kept = record().replace("invented measure", "invented \\ud83d\\ude00 measure")  # a pair is one character: kept
    assert "invented \U0001f600 measure" in importers.run("uhri", [uhri_file(tmp_path, kept)]).recommendations[0].text


def test_a_lone_surrogate_in_yaml_is_refused(tmp_path):
    folder = tmp_path / "tracking"
    folder.mkdir()
    (folder / "moj.yaml").write_text('agency: moj\nactions:\n  - id: a-1\n    title: "Fixture \\udfff"\n', encoding="utf-8")
    found = tracking.read(folder, set(), {"moj"}, dt.date(2026, 11, 23))
    assert [[Path(p.file).name, p.row, p.field] for p in found.errors] == [["moj.yaml", 4, "title"]]
