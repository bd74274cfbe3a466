"""State names normalised to one canonical name and an ISO 3166-1 code (model/states.py,
data/reference/state_names.yaml), applied to every importer's records by importers.run."""

from __future__ import annotations

import csv
import sys
from collections import Counter
from pathlib import Path

import pytest
from conftest import ROOT

if str(ROOT) not in sys.path:  # the project is not installed and pytest's pythonpath is not set: use the checkout
    sys.path.insert(0, str(ROOT))

from recommendations_site import cli, importers
from recommendations_site.errors import InvalidPackage
from recommendations_site.model import states
from recommendations_site.project import Project


@pytest.fixture(scope="module")
def names() -> states.StateNames:
    return states.load(Project.default().reference("state_names"))


@pytest.mark.parametrize(
    ("written", "canonical", "code"),
    [
        ("Iran", "Iran (Islamic Republic of)", "IRN"),
        ("Iran (Islamic Republic of)", "Iran (Islamic Republic of)", "IRN"),
        ("Islamic Republic of Iran", "Iran (Islamic Republic of)", "IRN"),
        ("Iran, Islamic Republic of", "Iran (Islamic Republic of)", "IRN"),
        ("Bolivia (Plurinational State of)", "Bolivia (Plurinational State of)", "BOL"),
        ("Plurinational State of Bolivia", "Bolivia (Plurinational State of)", "BOL"),
        ("Korea, Republic of", "Republic of Korea", "KOR"),
        ("Democratic People\u2019s Republic of Korea", "Democratic People's Republic of Korea", "PRK"),
        ("DPR Korea", "Democratic People's Republic of Korea", "PRK"),
        ("Turkey", "Türkiye", "TUR"),
        ("TÜRKIYE", "Türkiye", "TUR"),
        ("Holy See", "Holy See", "VAT"),
        ("Palestine", "State of Palestine", "PSE"),
        ("Cote d'Ivoire", "Côte d'Ivoire", "CIV"),
        ("Côte d\u2019Ivoire", "Côte d'Ivoire", "CIV"),
        ("Bolivarian Republic of Venezuela", "Venezuela (Bolivarian Republic of)", "VEN"),
        ("United Kingdom", "United Kingdom of Great Britain and Northern Ireland", "GBR"),
        ("Russian Federation", "Russian Federation", "RUS"),
        ("the former Yugoslav Republic of Macedonia", "North Macedonia", "MKD"),
        ("Trinidad &amp; Tobago", "Trinidad and Tobago", "TTO"),
        ("  New   Zealand ", "New Zealand", "NZL"),
        ("Czech Republic", "Czechia", "CZE"),
        ("&#40;Unknown&#41;", "Unknown", ""),  # UPR Info: no state named; not a state, no code
    ],
)
def test_the_un_forms_are_one_state(names: states.StateNames, written: str, canonical: str, code: str) -> None:
    assert names.lookup(written) == (canonical, code)


@pytest.mark.parametrize("written", ["Fixtureland", "Korea", "Congo, the", "IR", "NZL", ""])
def test_a_name_no_table_knows_is_not_guessed(names: states.StateNames, written: str) -> None:
    assert names.lookup(written) is None


@pytest.mark.slow  # every multi-country file
def test_every_state_name_in_the_real_files_normalises(shared_data: Path, names: states.StateNames) -> None:
    """UPR Info sessions 1-9 (all states), the NZ files, both OHCHR matrices and the UHRI sample:
    every state name maps to a canonical name. Only UHRI country ids with no curated name
    ("UHRI country <id>", which the uhri importer names so) are left, and each is reported."""
    runs = {
        "upr-info": [shared_data / "upr-info" / f for f in ("sessions-01-05.macroman.csv", "sessions-06-09.csv")],
        "nz": [shared_data / "nz" / f for f in ("nz_upr_official_recommendation_paragraphs_2009_2014.csv",)]
        + [shared_data / "nz" / "nz_upr_cycles1-2_upr-info_enriched.csv"],
        "ohchr-matrix": sorted((shared_data / "ohchr-matrix").glob("*.docx")),
        "uhri": [shared_data / "uhri" / "uhri-api-sample-records.jsonl"],
    }
    canonical: Counter = Counter()
    for source, files in runs.items():
        imported = importers.run("upr-info" if source == "nz" else source, files)
        report = imported.reports[0]
        unmapped = report.unmapped.get("state names", Counter())
        assert all(name.startswith("UHRI country ") for name in unmapped), (source, unmapped)
        assert len(report.warnings) == len(unmapped)
        assert report.values_read["state names"] > 0
        for rec in imported.recommendations:
            canonical.update(s for s in [*rec.recommending_states, rec.country] if not s.startswith("UHRI country "))
        if source == "uhri":
            assert len(unmapped) == 11  # tests/test_import_uhri.py: 11 ids without evidence
    assert all(names.lookup(name) == (name, names.iso_code(name)) for name in canonical)  # each canonical of itself
    assert {names.iso_code(name) for name in canonical} - {""} and names.iso_code("Unknown") == ""
    assert len(canonical) == 188  # 187 states and UPR Info's "Unknown", from 213 ways of writing them


def export_row(state_from: str, text: str) -> dict:
    return {"To": "Testonia", "To-Rgrp": "", "Text": text, "From": state_from, "From-Rgrp": "WEOG"} | {
        "Response": "Accepted",
        "Action": "",
        "Issue": "",
        "Session": "20",
    }


def test_unknown_state_is_kept_reported_and_has_no_code(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    export = tmp_path / "export.csv"
    with export.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(export_row("", "")))
        writer.writeheader()
        writer.writerow(export_row("Turkey", "Fixture: adopt an invented plan"))
        writer.writerow(export_row("Türkiye", "Fixture: adopt an invented plan"))
        writer.writerow(export_row("Fixtureland", "Fixture: repeal an invented law"))
    code = cli.main(["import", "upr-info", str(export), "--into", str(tmp_path / "out")])
    out, err = capsys.readouterr()
    assert code == 0, err
    [line] = [line for line in out.splitlines() if "state names:" in line]
    assert line.startswith("  state names: 4 read, 2 mapped, 2 not mapped (kept as given): ")
    assert "'Fixtureland' (1)" in line and "'Testonia' (1)" in line
    assert "warning: export.csv:4:recommending_states: state name 'Fixtureland' is not in data/reference/state_names.yaml" in err
    assert "warning: export.csv:2:country: state name 'Testonia'" in err
    with (tmp_path / "out" / "recommendations.csv").open(encoding="utf-8") as handle:
        recs = {r["text"]: r for r in csv.DictReader(handle)}
    assert recs["Fixture: adopt an invented plan"]["recommending_states"] == "Türkiye"  # two forms, one state
    assert recs["Fixture: repeal an invented law"]["recommending_states"] == "Fixtureland"  # kept, never dropped
    with (tmp_path / "out" / "states.csv").open(encoding="utf-8") as handle:
        table = {r["name"]: r for r in csv.DictReader(handle)}
    assert table == {
        "Fixtureland": {"name": "Fixtureland", "iso_code": "", "regional_group": "WEOG"},
        "Türkiye": {"name": "Türkiye", "iso_code": "TUR", "regional_group": "WEOG"},
    }


@pytest.mark.parametrize(
    ("yaml_text", "where"),
    [
        ("- {iso: XXX, name: Nowhere}\n", "state_names.yaml:1:iso: 'XXX' is not an ISO 3166-1 alpha-3 code"),
        ("- {iso: IRN, name: Iran}\n- {iso: IRQ, name: Iraq, aliases: [IRAN]}\n", "state_names.yaml:2:aliases: 'IRAN' is also"),
        ("- {iso: irn, name: Iran}\n", "state_names.yaml:1:iso"),
    ],
)
def test_a_broken_names_file_is_refused_with_its_line(tmp_path: Path, yaml_text: str, where: str) -> None:
    path = tmp_path / "state_names.yaml"
    path.write_text(yaml_text, encoding="utf-8")
    with pytest.raises(InvalidPackage) as raised:
        states.load(path)
    assert where in "\n".join(str(p) for p in raised.value.problems)
