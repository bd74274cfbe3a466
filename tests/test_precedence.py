"""The precedence rule: when the NZ files (upr-info importer) and UHRI hold the same paragraph, one
record of both, the NZ files' values first, each field's source recorded and the merge counted in
the import report (importers/precedence.py). On the invented fixtures of tests/fixtures/."""

from __future__ import annotations

import csv
import sys
from collections import Counter
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import FIXTURES, ROOT, run_build

if str(ROOT) not in sys.path:  # the project is not installed: import it from the checkout
    sys.path.insert(0, str(ROOT))

from recommendations_site.model.context import Context
from recommendations_site.model.reference import sources_config
from recommendations_site.pipeline import canonical
from recommendations_site.project import Project

EXPORT_JSON = FIXTURES / "uhri-export-fixture.json"
EXPORT_XLSX = FIXTURES / "uhri-export-fixture.xlsx"
NZ = "New Zealand"


def config(*imports: dict) -> dict:
    return {"dataset": {"title": "Fixture", "country": NZ}, "imports": list(imports)}


NZ_FILES = {"importer": "upr-info", "files": [str(FIXTURES / "fixture-official.csv"), str(FIXTURES / "fixture-enriched.csv")]}


@pytest.mark.parametrize("order", ["nz-first", "uhri-first"])
def test_same_paragraph_is_merged_the_nz_files_first(order: str) -> None:
    uhri = {"importer": "uhri", "files": [str(EXPORT_JSON)]}
    done = canonical.read_sources(config(*((NZ_FILES, uhri) if order == "nz-first" else (uhri, NZ_FILES))), Context())
    recs = {r.id: r for r in done.recommendations}
    nz_only = canonical.read_sources(config(NZ_FILES), Context())
    assert len(recs) == len(nz_only.recommendations) + 2  # + crc-c-nzl-co-99-12 and a-hrc-99-1-10-30, UHRI's alone
    merged = recs["a-hrc-99-1-10-1"]
    nz_rec = {r.id: r for r in nz_only.recommendations}["a-hrc-99-1-10-1"]
    assert merged.source == nz_rec.source == "un-upr-report"
    for name in ("text", "response", "recommending_states", "year", "cycle", "session", "action_category"):
        assert getattr(merged, name) == getattr(nz_rec, name), name  # the NZ files' values are kept
    assert (merged.date, merged.sdg_goals, merged.sdg_targets) == ("2014-04-07", ["5"], ["5.2"])  # what only UHRI gives
    assert not nz_rec.date and not nz_rec.sdg_targets
    assert {"date=uhri", "sdg_goals=uhri", "sdg_targets=uhri", "source_tags=un-upr-report+uhri"} <= set(merged.field_sources)
    assert merged.source_ref.startswith(nz_rec.source_ref) and merged.source_ref.endswith("uhri-export-fixture.json:4")
    assert not recs["a-hrc-99-1-10-30"].field_sources  # one source: nothing merged
    uhri_report = next(r for r in done.reports if r.importer == "uhri")
    row = next(o for o in uhri_report.outcomes if o.row == 4)
    assert (row.outcome, row.recommendation_id) == ("merged", "a-hrc-99-1-10-1")
    assert row.reason == "same paragraph as a un-upr-report record: merged, un-upr-report first (precedence)"
    nz_report = next(r for r in done.reports if r.importer == "upr-info")
    assert [(o.outcome, o.reason) for o in nz_report.outcomes] == [(o.outcome, o.reason) for o in nz_only.reports[0].outcomes]


def test_merged_record_is_written_with_its_field_sources(tmp_path: Path) -> None:
    done = canonical.read_sources(config(NZ_FILES, {"importer": "uhri", "files": [str(EXPORT_XLSX)]}), Context())
    into, empty = tmp_path / "package", tmp_path / "none"
    empty.mkdir()
    release = canonical.Release.configured({"tracking": empty, "assessments": empty}, Project.default())
    canonical.write_canonical(done, into, "Fixture", release=release, context=Context())
    with (into / "recommendations.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = {row["id"]: row for row in csv.DictReader(handle)}
    assert "date=uhri" in rows["a-hrc-99-1-10-1"]["field_sources"].split("|")
    assert rows["a-hrc-99-1-10-30"]["field_sources"] == ""
    report = list(csv.DictReader((into / "import-report-uhri.csv").open(encoding="utf-8", newline="")))
    assert Counter(r["outcome"] for r in report) == {"written": 2, "merged": 1, "rejected": 3}
    built = run_build("build", "--data", into, "--out", tmp_path / "site")
    assert built.returncode == 0, built.stderr
    page = BeautifulSoup(
        (tmp_path / "site/recommendations/a-hrc-99-1-10-1/index.html").read_text(encoding="utf-8"), "html.parser"
    )
    source = next(dt for dt in page.select("dt") if dt.get_text() == "Source").find_next_sibling("dd").get_text(" ", strip=True)
    assert (
        "Also from UN Universal Human Rights Index: date, themes, affected groups, SDG goals, SDG targets, source tags" in source
    )


def test_default_sources_add_new_zealands_uhri_records(shared_data: Path) -> None:
    """data/sources.yaml: the NZ files' 219 paragraphs, UHRI's 3 others (CCPR, 2 of the 2019 UPR
    review; CEDAW/C/NZL/CO/7 para 34 is a concern, rejected), and UHRI's A/HRC/26/3 128.50 and 128.152 merged into the NZ files' records."""
    done = canonical.read_sources(sources_config(Project.default()), Context())
    recs = {r.id: r for r in done.recommendations}
    assert Counter(r.body for r in recs.values()) == {"UPR": 221, "CCPR": 1}
    assert Counter(r.source for r in recs.values()) == {"un-upr-report": 219, "uhri": 3}
    merged = [r for r in recs.values() if r.field_sources]
    assert sorted(r.id for r in merged) == ["a-hrc-26-3-128-152", "a-hrc-26-3-128-50"]
    assert all(r.response == "supported" and r.date == "2014-04-06" and "date=uhri" in r.field_sources for r in merged)
    uhri = next(r for r in done.reports if r.importer == "uhri")
    assert Counter(o.outcome for o in uhri.outcomes) == {"written": 3, "merged": 2, "rejected": 813}
    assert not uhri.differing  # the NZ files and UHRI agree on every field both give
