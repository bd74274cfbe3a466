"""OHCHR's full UHRI export (export-full-en.json and .xlsx) on the invented fixture in its shape
(tests/fixtures/uhri-export-fixture.*): every record accounted for, names mapped, concerns kept apart."""

from __future__ import annotations

import csv
import json
import sys
from collections import Counter
from pathlib import Path

import openpyxl
import pytest
from conftest import FIXTURES, ROOT, run_build

if str(ROOT) not in sys.path:  # the project is not installed: import it from the checkout
    sys.path.insert(0, str(ROOT))

from recommendations_site import importers
from recommendations_site.importers import uhri_export

EXPORT_JSON = FIXTURES / "uhri-export-fixture.json"
EXPORT_XLSX = FIXTURES / "uhri-export-fixture.xlsx"
NZ = "New Zealand"


def imported(path: Path, country: str | None = None) -> tuple[dict, importers.ImportReport]:
    done = importers.run("uhri", [path], country)
    return {r.id: r for r in done.recommendations}, done.reports[0]


def test_the_shape_is_told_by_content(tmp_path: Path, shared_data: Path) -> None:
    assert uhri_export.is_export(EXPORT_JSON) and uhri_export.is_export(EXPORT_XLSX)
    api = shared_data / "uhri" / "uhri-api-sample-records.jsonl"
    array = tmp_path / "api.json"  # the API's records as a JSON array: same suffix, other shape
    array.write_text(json.dumps([json.loads(api.read_text(encoding="utf-8").splitlines()[0])]), encoding="utf-8")
    assert not uhri_export.is_export(array) and not uhri_export.is_export(api)


@pytest.mark.parametrize("path", [EXPORT_JSON, EXPORT_XLSX], ids=["json", "xlsx"])
def test_every_record_is_accounted_for_and_concerns_are_not_recommendations(path: Path) -> None:
    recs, report = imported(path)
    assert sum(report.rows_read.values()) == 6 and report.unaccounted() == 0
    assert set(recs) == {"crc-c-nzl-co-99-12", "cedaw-c-tst-co-1-30", "a-hrc-99-1-10-1", "a-hrc-99-1-10-30"}
    rejected = Counter(o.reason for o in report.outcomes if o.outcome == "rejected")
    assert rejected == {
        "Concerns/Observations: not a recommendation (UHRI AnnotationType)": 1,
        "body 'SPT' is not in data/reference/bodies.yaml": 1,
    }
    assert not [r for r in recs.values() if "concerned" in r.text]


def test_json_and_xlsx_give_the_same_records() -> None:
    from_json, _ = imported(EXPORT_JSON, NZ)
    from_xlsx, _ = imported(EXPORT_XLSX, NZ)
    strip = lambda rec: {**rec.to_dict(), "source_ref": ""}  # noqa: E731  # only the file name differs
    assert [strip(r) for r in from_json.values()] == [strip(r) for r in from_xlsx.values()]


def test_country_filter_by_name_and_every_unmapped_value_reported() -> None:
    recs, report = imported(EXPORT_JSON, NZ)
    assert {r.country for r in recs.values()} == {NZ} and len(recs) == 3
    assert Counter(o.outcome for o in report.outcomes) == {"written": 3, "rejected": 3}
    assert f"state under review is not {NZ} (--country)" in {o.reason for o in report.outcomes}
    assert set(report.unmapped_tags) == {
        "theme: Fixture theme that no vocabulary knows",
        "affected persons: Fixture persons nobody maps",
        "SDG: 99.9 - Fixture target that does not exist",
    }
    row = next(o for o in report.outcomes if o.recommendation_id == "crc-c-nzl-co-99-12")
    assert row.reason.startswith("mapped to nothing: theme: Fixture theme that no vocabulary knows;")
    assert "SDG: 99.9 - Fixture target that does not exist" in report.summary(3)


def test_names_are_mapped_through_the_curated_vocabularies() -> None:
    recs, _ = imported(EXPORT_JSON, NZ)
    crc = recs["crc-c-nzl-co-99-12"]  # "12. Fixture: ..."
    assert (crc.body, crc.mechanism, crc.paragraph, crc.date, crc.response) == (
        "CRC",
        "treaty-body",
        "12",
        "2016-10-21",
        "not-applicable",
    )
    assert crc.text.startswith("Fixture: the Committee recommends")
    assert {"violence-against-women", "womens-rights"} <= set(crc.themes)  # "Violence against women", ohchr-themes
    assert "children" in crc.affected_groups  # "Children", ohchr-affected-persons
    assert (crc.sdg_goals, crc.sdg_targets) == (["16"], ["16.2"])  # "16.2 - Protect children ..." by its number
    assert "uhri-theme: Fixture theme that no vocabulary knows" in crc.source_tags  # kept verbatim


def test_upr_record_takes_positions_recommending_states_session_and_cycle() -> None:
    recs, _ = imported(EXPORT_XLSX, NZ)
    supported, noted = recs["a-hrc-99-1-10-1"], recs["a-hrc-99-1-10-30"]
    assert (supported.cycle, supported.session, supported.response) == (2, "18", "supported")
    assert supported.recommending_states == ["Fixtureland"]  # UprRecommendingCountry
    assert supported.response_source == "UN Universal Human Rights Index"
    assert (noted.response, noted.recommending_states) == ("noted", ["Testonia", "Examplestan"])


def test_the_json_is_streamed(tmp_path: Path) -> None:
    """Records come one by one: those before a broken one are read before the error (bounded memory)."""
    records = json.loads(EXPORT_JSON.read_text(encoding="utf-8"))
    broken = tmp_path / "export.json"
    broken.write_text(json.dumps(records[:2])[:-1] + ", {broken", encoding="utf-8")
    read = uhri_export.records(broken)
    assert [row for row, _ in (next(read), next(read))] == [1, 2]
    with pytest.raises(importers.SourceError, match=r"export.json:3:-: invalid JSON"):
        next(read)


def test_import_command_reads_the_export(tmp_path: Path) -> None:
    into = tmp_path / "package"
    done = run_build("import", "uhri", EXPORT_XLSX, "--country", NZ, "--into", into)
    assert done.returncode == 0, done.stderr
    assert "1 Concerns/Observations: not a recommendation (UHRI AnnotationType)" in done.stdout
    with (into / "import-report-uhri.csv").open(encoding="utf-8", newline="") as handle:
        assert [row["row"] for row in csv.DictReader(handle)] == ["3", "4", "7", "2", "5", "6"]


def test_a_workbook_without_the_export_columns_is_refused(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.append(["Something", "Else"])
    book.active.append(["a", "b"])
    book.save(tmp_path / "other.xlsx")
    done = run_build("import", "uhri", tmp_path / "other.xlsx", "--into", tmp_path / "out")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "other.xlsx:1:AnnotationId: no AnnotationId column: not OHCHR's UHRI export" in done.stderr
