"""Hostile hand-edited files: what officials curate (tracking files, the release file, reference
and curation YAML, the calendar, data/sources.yaml, overlap decisions, release manifests) read
strictly against a declared schema. Each broken file stops the command with exit 1, one
file:line:field: message line naming the fix, no traceback, and nothing written."""

from __future__ import annotations

import datetime as dt
import json
import re
import time
from pathlib import Path

import pytest
from conftest import FIXTURES

from recommendations_site import cli, importers, tracking
from recommendations_site.errors import InvalidPackage
from recommendations_site.model import curation, reference
from recommendations_site.model.reporting import STATUSES
from recommendations_site.pipeline import Release
from recommendations_site.project import Project

UPSTREAM = [FIXTURES / "fixture-official.csv", FIXTURES / "fixture-enriched.csv"]
GOOD = """\
agency: moj
actions:
  - id: a-1
    title: An action
    recommendations: [a-hrc-99-1-10-1]
    status: in-progress
    start_date: 2026-01-01
    target_date: 2026-12-31
progress:
  - action: a-1
    date: 2026-08-01
    text: Done something.
    evidence: [https://example.org/x]
"""
LOCATED = re.compile(r"^(?:error: |warning: )?(?P<file>\S+?):(?P<row>\d+):(?P<field>[^:]+): (?P<message>.+)$")


def run(
    capsys: pytest.CaptureFixture, *args: object, project: Project | None = None
) -> tuple[int, list[tuple[str, int, str, str]], str]:
    """build.py ARGS in this process (on project: the checkout's own by default): exit code, the
    located problem lines (file name, line, field, message) and stderr."""
    code = cli.main([str(a) for a in args], project=project)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err and "unexpected error" not in err, err
    found = [LOCATED.match(line) for line in (out + err).splitlines()]
    return code, [(Path(m["file"]).name, int(m["row"]), m["field"], m["message"]) for m in found if m], err


def import_with(
    capsys, tmp_path: Path, tracking_dir: Path | None = None, release: Path | None = None, upstream=UPSTREAM, project=None
):
    """Import the upstream fixtures with the given tracking folder and release file."""
    if release is None:
        release = tmp_path / "release.yaml"
        release.write_text("as_of: 2026-11-23\n", encoding="utf-8")
    into = tmp_path / "package"
    args = ["import", "upr-info", *upstream, "--into", into, "--tracking", tracking_dir or tmp_path / "tracking"]
    result = run(capsys, *args, "--release", release, project=project)
    return (*result, into)


def tracked(capsys, tmp_path: Path, text: str, name: str = "moj.yaml"):
    folder = tmp_path / "tracking"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return import_with(capsys, tmp_path)


def refused(result: tuple, expected: tuple[str, int, str], words: str) -> None:
    code, found, err, into = result
    assert code == 1
    assert [p[:3] for p in found] == [expected], found
    assert words in found[0][3], found[0][3]
    assert "nothing written" in err and not into.exists()


def test_the_good_tracking_file_imports(capsys, tmp_path):
    code, found, err, into = tracked(capsys, tmp_path, GOOD)
    # the fixtures' invented states (Fixtureland, Testonia) are warned about as unknown state names, rightly
    found = [f for f in found if not f[3].startswith("state name ")]
    assert code == 0 and found == [] and (into / "actions.csv").is_file(), err


# --- tracking files ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "line", "field", "words"),
    [
        ("date: 2026-08-01", "date: 2026-02-30", 11, "date", "'2026-02-30' is not a date (YYYY-MM-DD) that exists"),
        ("start_date: 2026-01-01", "start_date: 2026-13-01", 7, "start_date", "'2026-13-01' is not a date"),
        ("date: 2026-08-01", "date: !!timestamp junk", 11, "date", "'junk' is not a date"),
        ("target_date: 2026-12-31", "target_date: 2026-12-31 10:00:00", 8, "target_date", "is not a date"),
    ],
    ids=["30 February", "month 13", "timestamp tag with junk", "a time"],
)
def test_an_impossible_date_is_located(capsys, tmp_path, old, new, line, field, words):
    refused(tracked(capsys, tmp_path, GOOD.replace(old, new)), ("moj.yaml", line, field), words)


@pytest.mark.parametrize(
    ("old", "new", "line", "field"),
    [
        ("[a-hrc-99-1-10-1]", "[[a-hrc-99-1-10-1]]", 5, "recommendations"),
        ("action: a-1", "action: [x]", 10, "action"),
        ("agency: moj", "agency: {id: moj}", 1, "agency"),
        ("    status: in-progress\n", "    status: in-progress\n    supporting_agencies: [[mbie]]\n", 7, "supporting_agencies"),
        ("", "responses:\n  - recommendation: [x]\n    rationale: R.\n    source: S\n", 15, "recommendation"),
        ("title: An action", "title: [An action]", 4, "title"),
    ],
    ids=["recommendations", "action", "agency", "supporting_agencies", "recommendation", "title"],
)
def test_a_list_or_mapping_where_text_is_expected_is_located(capsys, tmp_path, old, new, line, field):
    text = GOOD + new if not old else GOOD.replace(old, new)
    refused(tracked(capsys, tmp_path, text), ("moj.yaml", line, field), "is not text")


def test_deep_nesting_is_refused_not_recursed(capsys, tmp_path):
    text = "agency: moj\nactions: " + "[" * 10_000 + "]" * 10_000 + "\n"
    refused(tracked(capsys, tmp_path, text), ("moj.yaml", 2, "-"), "nested more than 32 levels deep")


def test_a_key_given_twice_is_refused_not_last_wins(capsys, tmp_path):
    text = GOOD.replace("    status: in-progress\n", "    status: in-progress\n    status: completed\n")
    refused(tracked(capsys, tmp_path, text), ("moj.yaml", 7, "status"), "key given twice (also on line 6)")


def test_an_alias_bomb_is_refused_at_once(capsys, tmp_path):
    lines = ["agency: moj", "a0: &a0 [" + ", ".join(["x"] * 50) + "]"]
    lines += [f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 50) + "]" for n in range(1, 8)]
    started = time.monotonic()
    result = tracked(capsys, tmp_path, "\n".join(lines) + "\n")
    assert time.monotonic() - started < 5
    refused(result, ("moj.yaml", 2, "-"), "anchors (&name) are not allowed")


def test_a_key_that_is_not_text_is_located(capsys, tmp_path):
    text = GOOD.replace("    title: An action\n", "    title: An action\n    yes: x\n    zzz: y\n")
    refused(tracked(capsys, tmp_path, text), ("moj.yaml", 5, "yes"), "'yes' is read as True, not as text")


def test_a_yml_file_is_read_and_a_second_file_for_one_agency_refused(capsys, tmp_path):
    refused(tracked(capsys, tmp_path, GOOD.replace("2026-08-01", "2026-02-30"), "moj.yml"), ("moj.yml", 11, "date"), "not a date")
    (tmp_path / "tracking" / "moj.yml").write_text(GOOD, encoding="utf-8")
    refused(tracked(capsys, tmp_path, GOOD, "moj.yaml"), ("moj.yml", 0, "-"), "a second tracking file for 'moj' (also moj.yaml)")


def test_another_file_in_the_tracking_folder_is_named_in_a_warning(capsys, tmp_path):
    (tmp_path / "tracking").mkdir()
    (tmp_path / "tracking" / "moj.txt").write_text(GOOD, encoding="utf-8")
    code, found, err, _ = import_with(capsys, tmp_path)
    assert code == 0 and "warning: " in err and ("moj.txt", 0, "-", "not a tracking file (AGENCY.yaml): not read") in found


def test_an_agency_not_in_agencies_yaml_is_refused(capsys, tmp_path):
    text = GOOD.replace("agency: moj", "agency: nosuch")
    refused(tracked(capsys, tmp_path, text, "nosuch.yaml"), ("nosuch.yaml", 1, "agency"), "not an agency in agencies.yaml")


# --- the release file and the tracking folder ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "field", "words"),
    [
        (None, 0, "-", "no such file"),
        ("- as_of: 2026-11-23\n", 1, "-", "is not a set of 'field: value' lines"),
        ("as_of: 'soon'\n", 1, "as_of", "'soon' is not a date (YYYY-MM-DD) that exists"),
        ("as_of: 2026-02-30\n", 1, "as_of", "'2026-02-30' is not a date"),
        ("as_of: 2026-11-23\nas_of: 2026-11-24\n", 2, "as_of", "key given twice"),
        ("", 0, "-", "the file is empty"),
    ],
    ids=["missing", "a list", "junk", "impossible date", "twice", "empty"],
)
def test_a_bad_release_file_is_located(capsys, tmp_path, text, line, field, words):
    release = tmp_path / "release.yaml"
    if text is not None:
        release.write_text(text, encoding="utf-8")
    (tmp_path / "tracking").mkdir()
    refused(import_with(capsys, tmp_path, release=release), ("release.yaml", line, field), words)


def test_a_quoted_as_of_is_the_date(capsys, tmp_path):
    release = tmp_path / "release.yaml"
    release.write_text("as_of: '2026-11-23'\n", encoding="utf-8")
    (tmp_path / "tracking").mkdir()
    code, _, err, into = import_with(capsys, tmp_path, release=release)
    assert code == 0, err
    assert json.loads((into / "datapackage.json").read_text(encoding="utf-8"))["as_of"] == "2026-11-23"


@pytest.mark.parametrize("given", ["missing", "a file"])
def test_a_tracking_folder_that_is_not_there_is_an_error(capsys, tmp_path, given):
    folder = tmp_path / ("nosuch" if given == "missing" else "moj.yaml")
    if given == "a file":
        folder.write_text(GOOD, encoding="utf-8")
    what = "no such folder" if given == "missing" else "not a folder"
    refused(import_with(capsys, tmp_path, folder), (folder.name, 0, "-"), what)
    data = tmp_path / "elsewhere"  # a project whose own tracking folder is missing, or a file: an error too
    data.mkdir()
    if given == "a file":
        (data / "tracking").write_text(GOOD, encoding="utf-8")
    with pytest.raises(InvalidPackage, match=what):
        Release.configured({}, Project.at(tmp_path, data=data))
    assert [p.message.split(":")[0] for p in tracking.read(folder, set(), set(), dt.date(2026, 11, 23)).errors] == [what]


# --- the other curated YAML ---------------------------------------------------------------------


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


CURATED = [
    ("reference/agencies.yaml", "{id: moj, name:", "{id: moj, id: moj2, name:", ("agencies.yaml", 10, "id"), "key given twice"),
    ("reference/agencies.yaml", "{id: msd,", "{id: moj,", ("agencies.yaml", 11, "id"), "'moj' is also the id on line 10"),
    (
        "reference/agencies.yaml",
        "short_name: MOJ,",
        "short_name: MOJ, shortname: x,",
        ("agencies.yaml", 10, "shortname"),
        "unknown field",
    ),
    (
        "reference/bodies.yaml",
        'report_cycle_years: "8"',
        'report_cycle_years: "eight"',
        ("bodies.yaml", 5, "report_cycle_years"),
        "whole years",
    ),
    (
        "reference/groups.yaml",
        "keywords: [older persons,",
        "keywords: [[older persons],",
        ("groups.yaml", 7, "keywords"),
        "is not text",
    ),
    (
        "reference/groups.yaml",
        "keywords: [older persons,",
        "keywords: [中, older persons,",
        ("groups.yaml", 7, "keywords"),
        "match every",
    ),
    (
        "reference/instruments.yaml",
        "ratified: 1978-12-28}",
        "ratified: 1978-02-30}",
        ("instruments.yaml", 3, "ratified"),
        "not a date",
    ),
    ("reference/themes.yaml", "- {id: housing,", "housing: {id: housing,", ("themes.yaml", 30, "-"), "not valid YAML"),
    (
        "curation/theme_map.yaml",
        "Corruption: {themes: [governance-corruption]}",
        "Corruption: {themes: x}",
        ("theme_map.yaml", 10, "themes"),
        "'x' is not a list",
    ),
    (
        "curation/theme_map.yaml",
        "  Corruption:",
        "  corruption: {}\n  Corruption:",
        ("theme_map.yaml", 11, "Corruption"),
        "but for case",
    ),
    (
        "curation/lead_agencies.yaml",
        "CCPR: [moj]",
        "CCPR: [moj]\n  CCPR: [msd]",
        ("lead_agencies.yaml", 9, "CCPR"),
        "key given twice",
    ),
    ("curation/lead_agencies.yaml", "by_body:", "by_body: &b", ("lead_agencies.yaml", 6, "-"), "anchors (&name) are not allowed"),
    (
        "reference/upr_sessions.yaml",
        "  5: 2009",
        "  5: '2009'",
        ("upr_sessions.yaml", 10, "years"),
        "'2009' is not a whole number",
    ),
    (
        "curation/ask_decisions.yaml",
        "links: []",
        "links:\n  - {recommendation: a-1, ask: x, status: maybe}",
        ("ask_decisions.yaml", 14, "status"),
        "'maybe': one of confirmed, rejected",
    ),
    (
        "curation/ask_decisions.yaml",
        "merges: []",
        "merges:\n  - {ask: nope, into: ratify-icmw}",
        ("ask_decisions.yaml", 15, "ask"),
        "no ask 'nope'",
    ),
    ("curation/asks.yaml", "['child poverty']", "['child (poverty']", ("asks.yaml", 16, "match"), "not a regular expression"),
    (
        "curation/asks.yaml",
        "id: combat-violence-against-women",
        "id: reduce-child-poverty",
        ("asks.yaml", 19, "id"),
        "'reduce-child-poverty' is also the id on line 12",
    ),
    (
        "curation/asks.yaml",
        "themes: [childrens-rights, standard-of-living]",
        "themes: [childrens-rights, standard-of-livin]",
        ("asks.yaml", 14, "themes"),
        "'standard-of-livin' is not a theme id",
    ),
    (
        "reference/document_totals.yaml",
        "    total: 194",
        "    total: about 194",
        ("document_totals.yaml", 37, "total"),
        "'about 194' is not a whole number or empty",
    ),
    (
        "reference/document_totals.yaml",
        "    body: CEDAW",
        "    body: CEDAWX",
        ("document_totals.yaml", 43, "body"),
        "'CEDAWX' is not a body",
    ),
    ("calendar.yaml", "country: New Zealand", "country: [New Zealand]", ("calendar.yaml", 17, "country"), "is not text"),
    (
        "calendar.yaml",
        "    kind: review\n",
        "    kind: review\n    kind: review\n",
        ("calendar.yaml", 21, "kind"),
        "key given twice",
    ),
    (
        "calendar.yaml",
        "    note: First-cycle review",
        "    note:\n      - First-cycle review",
        ("calendar.yaml", 26, "note"),
        "is not text",
    ),
]


@pytest.mark.parametrize(("file", "old", "new", "expected", "words"), CURATED, ids=[f"{c[0]}: {c[4]}" for c in CURATED])
def test_a_malformed_curated_file_is_located(capsys, tmp_path, curated_project, curated, file, old, new, expected, words):
    edit(curated / file, old, new)
    (tmp_path / "tracking").mkdir()
    upstream = [FIXTURES / "fixture-export.csv"] if "upr_sessions" in file else UPSTREAM  # the export gives sessions only
    refused(import_with(capsys, tmp_path, upstream=upstream, project=curated_project), expected, words)


@pytest.mark.parametrize(
    ("old", "new", "expected", "words"),
    [
        ("importer: upr-info", "importer: upr-infos", ("sources.yaml", 7, "importer"), "one of upr-info, ohchr-matrix, uhri"),
        ("dataset:", "dataset: {}\ndataset:", ("sources.yaml", 4, "dataset"), "key given twice"),
        ("imports:", "imports: {}\nformerly:", ("sources.yaml", 6, "imports"), "is not a list"),
    ],
    ids=["unknown importer", "key twice", "not a list"],
)
def test_a_malformed_sources_yaml_is_located(capsys, curated_project, curated, old, new, expected, words):
    edit(curated / "sources.yaml", old, new)
    code, found, err = run(capsys, "validate", project=curated_project)
    assert code == 1 and found[0][:3] == expected and words in found[0][3], found
    assert "nothing written" in err and not curated_project.canonical.exists()


@pytest.mark.parametrize(
    ("text", "expected", "words"),
    [
        ("id_a,id_b,status,\n", ("overlaps.csv", 1, "-"), "column 4 of the header has no name"),
        ("id_a,id_b,status,id_a\n", ("overlaps.csv", 1, "id_a"), "column 'id_a' is named twice"),
        ("id_a,id_b,status,note\na-1,a-2\x00,rejected,\n", ("overlaps.csv", 2, "-"), "holds a NUL byte"),
        ("id_a,id_b,status,note\na-1,a-2\n", ("overlaps.csv", 2, "-"), "2 cells where the header has 4"),
        ("id_a,id_b,status,note\n,a-2,rejected,\n", ("overlaps.csv", 2, "id_a"), "empty: give a recommendation id"),
    ],
    ids=["blank header", "header twice", "NUL", "short row", "blank id"],
)
def test_a_malformed_overlaps_csv_is_located(capsys, tmp_path, curated_project, curated, text, expected, words):
    (curated / "curation" / "overlaps.csv").write_text(text, encoding="utf-8")
    (tmp_path / "tracking").mkdir()
    refused(import_with(capsys, tmp_path, project=curated_project), expected, words)


# --- release manifests --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def package(tmp_path_factory) -> Path:
    into = tmp_path_factory.mktemp("manifests") / "package"
    release, folder = into.parent / "release.yaml", into.parent / "tracking"
    release.write_text("as_of: 2026-11-23\n", encoding="utf-8")
    folder.mkdir()
    args = ["import", "upr-info", *UPSTREAM, "--into", into, "--tracking", folder, "--release", release]
    assert cli.main([str(a) for a in args]) == 0
    return into


def recorded(tmp_path: Path, package: Path) -> str:
    """A valid manifest of package, as `build.py release` writes it."""
    releases = tmp_path / "first"
    assert cli.main(["release", "--data", str(package), "--releases", str(releases)]) == 0
    return (releases / "2026-11-23.json").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "change", "expected", "words"),
    [
        ("2026-01-01.json", lambda t: t[:300], ("2026-01-01.json", 11, "-"), "invalid JSON"),
        (
            "2026-01-01.json",
            lambda t: t.replace('"countries"', '"countries": [], "countries"', 1),
            ("2026-01-01.json", 3, "countries"),
            "given twice in one object",
        ),
        (
            "2026-01-01.json",
            lambda t: re.sub(r'"sha256": "[0-9a-f]{4}', '"sha256": "XXXX', t, count=1),
            ("2026-01-01.json", 9, "sha256"),
            "not a SHA-256 hash",
        ),
        (
            "2026-01-01.json",
            lambda t: t.replace('"actions": {}', '"actions": []'),
            ("2026-01-01.json", None, "actions"),
            "is not a set of",
        ),
        ("2026-01-01.json", lambda t: t, ("2026-01-01.json", 2, "as_of"), "'2026-11-23' is not the date in its name"),
        ("first-release.json", lambda t: t, ("first-release.json", 0, "-"), "not a release manifest's name"),
    ],
    ids=["invalid JSON", "key twice", "bad hash", "table not a mapping", "date not its name", "misnamed"],
)
def test_a_broken_release_manifest_is_located(capsys, tmp_path, package, name, change, expected, words):
    text = change(recorded(tmp_path, package))
    releases = tmp_path / "releases"
    releases.mkdir()
    (releases / name).write_text(text, encoding="utf-8")
    capsys.readouterr()
    code, found, _ = run(capsys, "release", "--data", package, "--releases", releases)
    line = expected[1] if expected[1] is not None else 1 + next(n for n, t in enumerate(text.splitlines()) if '"actions"' in t)
    assert code == 1 and [p[:3] for p in found] == [(expected[0], line, expected[2])], found
    assert words in found[0][3] and ("restore it" in found[0][3] or "rename it" in found[0][3])
    assert sorted(p.name for p in releases.iterdir()) == [name], "nothing written"


# --- the schemas agree with the code ------------------------------------------------------------


def test_the_schemas_name_what_the_code_knows():
    schema = tracking.file_schema()["$defs"]
    assert schema["status"]["enum"] == list(STATUSES) == schema["update"]["properties"]["status"]["enum"][:-1]
    sources = reference.file_schema("sources.yaml")
    assert sources["properties"]["imports"]["items"]["properties"]["importer"]["enum"] == list(importers.IMPORTERS)
    vocabularies = reference.file_schema("curation/theme_map.yaml")["required"]
    from recommendations_site.importers import ohchr_matrix, uhri, upr_info

    assert sorted(vocabularies) == sorted([upr_info.VOCABULARY, ohchr_matrix.VOCABULARY, ohchr_matrix.PERSONS, uhri.VOCABULARY])
    project = Project.default()
    assert curation.load(project).lead_country == "New Zealand"  # the project's own files pass their schemas
    for kind in ("release.yaml", "sources.yaml", "reference/upr_sessions.yaml", "reference/uhri_countries.yaml"):
        reference.load_yaml(project.file(kind), kind)
    assert len(reference.yaml_tables(project)["agencies"]) > 20
