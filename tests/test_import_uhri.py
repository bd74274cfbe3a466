"""The UHRI importer on the real sample (818 records) and on small hand-made bad files."""

from __future__ import annotations

import csv
import json
import re
import sys
from collections import Counter
from pathlib import Path

import pytest
from conftest import ROOT, run_build

if str(ROOT) not in sys.path:  # the project is not installed: import it from the checkout
    sys.path.insert(0, str(ROOT))

from recommendations_site import importers
from recommendations_site.errors import SourceError
from recommendations_site.importers import uhri
from recommendations_site.model.context import Context

NZ_IDS = {
    "ccpr-c-nzl-co-6-20",
    "a-hrc-26-3-128-50",
    "a-hrc-26-3-128-152",
    "a-hrc-41-4-122-137",
    "a-hrc-41-4-122-149",
}


@pytest.fixture(scope="module")
def sample(shared_data: Path) -> Path:
    return shared_data / "uhri" / "uhri-api-sample-records.jsonl"


@pytest.fixture(scope="module")
def package(sample: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    into = tmp_path_factory.mktemp("uhri") / "canonical"
    done = run_build("import", "uhri", sample, "--into", into)
    assert done.returncode == 0, done.stderr
    return into


@pytest.fixture(scope="module")
def recs(package: Path) -> dict[str, dict]:
    return {r["id"]: r for r in json.loads((package / "recommendations.json").read_text(encoding="utf-8"))}


def outcomes(package: Path) -> Counter:
    with (package / "import-report-uhri.csv").open(encoding="utf-8", newline="") as handle:
        return Counter(row["outcome"] for row in csv.DictReader(handle))


def test_whole_sample_imports_and_every_row_is_accounted_for(package: Path, recs: dict[str, dict]) -> None:
    assert sum(outcomes(package).values()) == 818
    assert outcomes(package) == {"written": 674, "rejected": 144}  # concerns, one unknown type, one CAT/OP (SPT) report
    assert len(recs) == 674
    assert Counter(r["body"] for r in recs.values())["UPR"] == 431
    assert Counter(r["response"] for r in recs.values()) == {"supported": 385, "not-applicable": 243, "noted": 43, "pending": 3}


def rejections(package: Path) -> list[list[str]]:
    with (package / "import-report-uhri.csv").open(encoding="utf-8", newline="") as handle:
        return [[row["row"], row["reason"]] for row in csv.DictReader(handle) if row["outcome"] == "rejected"]


def test_concerns_and_unknown_types_never_become_recommendations(package: Path, recs: dict[str, dict]) -> None:
    reasons = Counter(reason for _, reason in rejections(package))
    assert reasons == {
        "Concerns/Observations: not a recommendation (UHRI annotationType)": 142,
        "annotation type 'acf979ef-4c5f-49d7-80b9-4b237abd0b7c' is not known: not imported (UHRI annotationType)": 1,
        "Subcommittee on Prevention of Torture (CAT/OP/...): not in bodies.yaml": 1,
    }
    types = Counter(t for r in recs.values() for t in r["source_tags"] if t.startswith("uhri-annotation-type: "))
    assert types == {f"uhri-annotation-type: {uhri.RECOMMENDATION_TYPE}": 674}
    assert "cedaw-c-nzl-co-7-34" not in recs  # "The Committee commends ... notes with concern": a concern


@pytest.mark.parametrize(
    ("kind", "reason"),
    [
        ("3ae2eea6-6c4d-4b81-974f-48ec985bc330", "Concerns/Observations: not a recommendation"),
        ("not-a-type", "annotation type 'not-a-type' is not known: not imported"),
        (None, "no annotationType: cannot tell a recommendation from a concern"),
    ],
)
def test_each_other_type_is_rejected_and_named(tmp_path: Path, kind: str | None, reason: str) -> None:
    (tmp_path / "one.jsonl").write_text(record(annotationType=kind) + "\n" + record(annotationId="b") + "\n", encoding="utf-8")
    imported = importers.run("uhri", [tmp_path / "one.jsonl"])
    assert [r.id for r in imported.recommendations] == ["ccpr-c-nzl-co-6-20"]
    assert [[o.row, o.outcome, o.reason.split(" (UHRI")[0]] for o in imported.reports[0].outcomes] == [
        [1, "rejected", reason],
        [2, "written", ""],
    ]


def test_country_filter_keeps_the_new_zealand_records(sample: Path, tmp_path: Path) -> None:
    done = run_build("import", "uhri", sample, "--country", "New Zealand", "--into", tmp_path / "nz")
    assert done.returncode == 0, done.stderr
    assert "811 state under review is not New Zealand (--country)" in done.stdout
    rows = json.loads((tmp_path / "nz" / "recommendations.json").read_text(encoding="utf-8"))
    assert {r["id"] for r in rows} == NZ_IDS
    assert {r["country"] for r in rows} == {"New Zealand"}
    assert sum(outcomes(tmp_path / "nz").values()) == 818


def test_html_entities_and_word_residue_are_cleaned(recs: dict[str, dict]) -> None:
    assert not [r["id"] for r in recs.values() if re.search(r"&#?\w+;", r["text"] + "|".join(r["source_tags"]))]
    czech = recs["crc-c-cze-co-5-6-31"]  # "(arts. 5, 9&ndash;11, ...)", "&rsquo;", "&nbsp;" in the source
    assert (
        "heading: F.Family environment and alternative care (arts. 5, 9–11, 18 (1)–(2), 20–21, 25 and 27 (4))"
        in czech["source_tags"]
    )
    finland = recs["e-c-12-fin-co-7-35"]  # 21,000 characters of Word style sheet before the paragraph
    assert finland["text"].startswith("The Committee recommends that the State party: (a) Guarantee")
    assert "heading: Rights of older persons" in finland["source_tags"]
    assert not [r["id"] for r in recs.values() if "mso-" in r["text"] or "  " in r["text"] or "\n" in r["text"]]


@pytest.mark.parametrize(
    ("rec_id", "paragraph", "starts"),
    [
        ("a-hrc-43-6-127-179", "127.179", "Continue its efforts to promote"),  # "127.179 Continue"
        ("a-hrc-23-5-109-122", "109.122", "Continue its efforts related"),  # "109.122. Continue"
        ("a-hrc-23-7-115-85", "115.85", "Continue to ensure full access"),  # "115.85 .Continue"
        ("a-hrc-23-9-126-31", "126.31", "Intensify efforts"),  # "126.31Intensify"
        ("a-hrc-14-17-95-93", "95.93", "Pass comprehensive"),  # "Recommendation No. 93, para. 95:93. Pass"
        ("a-hrc-12-11-99-57", "99.57", "Continue its programme"),  # "Recommendation No. 57, para. 99: Continue"
        ("ccpr-c-nzl-co-6-20", "20", "The State party should develop"),  # "20. The State party"
    ],
)
def test_paragraph_number_leaves_the_text(recs: dict[str, dict], rec_id: str, paragraph: str, starts: str) -> None:
    assert recs[rec_id]["paragraph"] == paragraph
    assert recs[rec_id]["text"].startswith(starts)


@pytest.mark.parametrize(
    ("rec_id", "heading", "starts"),
    [
        ("cedaw-c-mda-co-6-15", "National machinery for the advancement of women", "The Committee recommends"),  # "women15. The"
        ("e-c-12-bel-co-5-45", "Right to water and sanitation", "The Committee recommends"),  # "sanitation\n45.The"
    ],
)
def test_glued_heading_goes_to_source_tags(recs: dict[str, dict], rec_id: str, heading: str, starts: str) -> None:
    assert f"heading: {heading}" in recs[rec_id]["source_tags"]
    assert recs[rec_id]["text"].startswith(starts)


def test_records_without_a_paragraph_keep_the_uhri_key(recs: dict[str, dict]) -> None:
    japan = recs["uhri-0ae742d4-ecc4-4458-8ce7-a523be017401"]  # "Reservation to article 412.": article 4, para 12? Not guessed.
    assert japan["paragraph"] is None  # a missing value is null in JSON (docs/data-model.md)
    assert japan["text"].startswith("Reservation to article 412. Recalling")
    no_paragraph = [r for r in recs.values() if not r["paragraph"]]
    assert len(no_paragraph) == 16  # 21 before concerns were rejected
    assert all(r["id"].startswith("uhri-") for r in no_paragraph)


def test_upr_response_cycle_and_recommending_states(recs: dict[str, dict]) -> None:
    nz = recs["a-hrc-26-3-128-50"]  # UPR Info: Accepted
    assert (nz["cycle"], nz["response"], nz["recommending_states"]) == (2, "supported", ["Egypt"])
    assert (recs["a-hrc-12-3-80-14"]["cycle"], recs["a-hrc-41-4-122-149"]["cycle"]) == (1, 3)
    assert recs["a-hrc-43-12-26-6"]["response"] == "noted"
    assert recs["a-hrc-43-12-26-6"]["recommending_states"] == [
        "Republic of Moldova",
        "Estonia",
        "Burundi",
        "Kenya",
        "Czechia",
        "Bahrain",
    ]
    assert recs["a-hrc-25-14-110-118"]["recommending_states"] == ["South Sudan"]  # "(FGM) ( South Sudan )"
    assert recs["a-hrc-22-11-122-45"]["recommending_states"] == ["Iran (Islamic Republic of)"]  # "( Iran (Islamic Republic of) )"
    undecoded = recs["a-hrc-18-11-96-19"]
    assert undecoded["response"] == "pending"
    assert "upr-position: c568ecb2-7e60-4d38-bee5-d573c2e89ec8" in undecoded["source_tags"]
    assert recs["a-hrc-22-8-99-85"]["response"] == "pending"  # no position in UHRI
    assert {r["response"] for r in recs.values() if r["mechanism"] == "treaty-body"} == {"not-applicable"}


def test_decoded_cycles_agree_with_the_publication_year(recs: dict[str, dict]) -> None:
    checked, context = 0, Context()
    for rec in recs.values():
        if rec["mechanism"] == "upr" and uhri.cycle_from_year(rec["year"], context):
            assert uhri.cycle_from_year(rec["year"], context) == rec["cycle"], rec["id"]
            checked += 1
    assert checked == 381  # the one UPR record of an unknown annotation type is not imported


def test_sdg_ids_map_to_goals_and_targets(recs: dict[str, dict]) -> None:
    ccpr = recs["ccpr-c-nzl-co-6-20"]  # UHRI: goal 17, target 17.18, goal 10, target 10.3
    assert (ccpr["sdg_goals"], ccpr["sdg_targets"]) == (["17", "10"], ["17.18", "10.3"])
    immigration = recs["a-hrc-26-3-128-152"]  # UHRI: target 10.7 only; its goal follows
    assert (immigration["sdg_goals"], immigration["sdg_targets"]) == (["10"], ["10.7"])
    poverty = recs["a-hrc-41-4-122-149"]  # UHRI: goal 1 only; target 1.2 is a curated rule's suggestion, marked so
    assert (poverty["sdg_goals"], poverty["sdg_targets"]) == (["1"], ["1.2"]) and "sdg_targets:1.2=rule" in poverty["label_basis"]


def test_countries_are_named_from_the_curated_table(recs: dict[str, dict]) -> None:
    unnamed = Counter(r["country"] for r in recs.values() if r["country"].startswith("UHRI country "))
    assert (len(unnamed), sum(unnamed.values())) == (11, 32)
    assert recs["crc-c-cze-co-5-6-31"]["country"] == "Czechia"


def test_json_array_export_reads_like_jsonl(sample: Path, tmp_path: Path) -> None:
    lines = sample.read_text(encoding="utf-8").splitlines()[765:770]
    jsonl, array = tmp_path / "part.jsonl", tmp_path / "part.json"
    jsonl.write_text("\n".join(lines) + "\n", encoding="utf-8")
    array.write_text(json.dumps([json.loads(line) for line in lines]), encoding="utf-8")
    from_lines = importers.run("uhri", [jsonl]).recommendations
    from_array = importers.run("uhri", [array]).recommendations
    assert [r.id for r in from_array] == [r.id for r in from_lines]
    assert "ccpr-c-nzl-co-6-20" in {r.id for r in from_array}


def record(**changes: object) -> str:
    base = {
        "annotationId": "00000000-0000-0000-0000-000000000001",
        "symbol": "CCPR/C/NZL/CO/6",
        "publicationDate": "2016-04-27T00:00:00",
        "countryIds": ["ca28c5ed-3799-435a-a632-d3f46bad33be"],
        "en": "20. The State party should develop a national strategy.",
        "annotationType": uhri.RECOMMENDATION_TYPE,
    }
    return json.dumps({k: v for k, v in {**base, **changes}.items() if v is not None})


def test_invalid_json_line_stops_the_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text(record() + "\n{not json\n", encoding="utf-8")
    done = run_build("import", "uhri", bad, "--into", tmp_path / "out")
    assert done.returncode != 0
    assert "bad.jsonl:2:-: invalid JSON" in done.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("line", "located"),
    [
        (record(en=None), "bad.jsonl:1:en: missing or empty"),
        (record(symbol="XYZ/C/NZL/1"), "bad.jsonl:1:symbol: cannot place document symbol 'XYZ/C/NZL/1'"),
        (record(symbol="A/HRC/26/3", en="128.1 Ratify it."), "bad.jsonl:1:en: no recommending state"),
    ],
)
def test_bad_record_is_located(tmp_path: Path, line: str, located: str) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(SourceError, match=located):
        importers.run("uhri", [bad])


def test_shared_paragraph_repeated_annotation_and_cycle_from_year(tmp_path: Path) -> None:
    upr = {"symbol": "A/HRC/26/3", "publicationDate": "2014-04-06T00:00:00", "uprCycle": "not-a-known-cycle-id"}
    lines = [
        record(annotationId="a1"),
        record(annotationId="a2"),  # the same CCPR/C/NZL/CO/6 paragraph 20 again
        record(annotationId="a1"),  # the same annotation again
        record(annotationId="a3", en="128.9 Ratify it (Testonia);", **upr),
    ]
    (tmp_path / "dup.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    imported = importers.run("uhri", [tmp_path / "dup.jsonl"])
    recs = {r.id: r for r in imported.recommendations}
    assert set(recs) == {"uhri-a1", "uhri-a2", "a-hrc-26-3-128-9"}
    assert recs["uhri-a1"].paragraph == recs["uhri-a2"].paragraph == ""  # neither may own paragraph 20
    assert [(o.row, o.outcome, o.recommendation_id) for o in imported.reports[0].outcomes if o.outcome == "merged"] == [
        (3, "merged", "uhri-a1")
    ]
    upr_rec = recs["a-hrc-26-3-128-9"]
    assert (upr_rec.cycle, upr_rec.response, upr_rec.recommending_states) == (2, "pending", ["Testonia"])  # 2013-2014: cycle 2
