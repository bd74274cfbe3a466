"""`build.py validate`: passes on the configured New Zealand dataset and on imported packages;
on broken packages exits 1 with one `file:row:field: message` line per problem (frictionless
types, enums, required fields, patterns and keys, plus the project's cross-table rules)."""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, run_build

if str(ROOT) not in sys.path:  # the project is not installed: import it from the checkout
    sys.path.insert(0, str(ROOT))

from recommendations_site import cli, validate

LOCATED = re.compile(r"^(?P<file>[^:\s]+):(?P<row>\d+):(?P<field>[^:\s]+): (?P<message>.+)$")
FRICTIONLESS_TITLE = re.compile(r"^(?:[A-Z][a-z]+ ?)+(?=: )")  # "Constraint Error: ...", "Missing Label: ..."


def kind(message: str) -> str:
    """A frictionless error's title ("Constraint Error"), or the whole message of a project rule."""
    title = FRICTIONLESS_TITLE.match(message)
    return title.group() if title else message


def compact(lines: list[str]) -> list[list]:
    """Problems as [row, field, error] lists, like frictionless-py's report.flatten()."""
    out = []
    for line in lines:
        match = LOCATED.match(line)
        assert match, f"not a file:row:field: message line: {line!r}"
        assert match["file"].endswith(".csv") or match["file"] == "datapackage.json"
        out.append([match["file"], int(match["row"]), match["field"], kind(match["message"])])
    return out


@pytest.fixture(scope="module")
def package(tmp_path_factory) -> Path:
    """Three fixture recommendations: row 2 para 10.1 (Fixtureland, supported), row 3 para 10.2
    (Testonia|Fixtureland, supported-in-part), row 4 para 10.10 (Testonia, noted)."""
    into = tmp_path_factory.mktemp("package") / "package"
    code = cli.main(
        [
            "import",
            "upr-info",
            str(FIXTURES / "fixture-official.csv"),
            str(FIXTURES / "fixture-enriched.csv"),
            "--into",
            str(into),
        ]
    )
    assert code == 0
    return into


def edited(package: Path, directory: Path, edits: dict[int, dict[str, str]], table: str = "recommendations") -> Path:
    """A copy of package with cells of table changed; edits maps spreadsheet row number to {field: value}."""
    data = directory / "broken"
    shutil.copytree(package, data)
    path = data / f"{table}.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row_no, changes in edits.items():
        assert set(changes) <= set(rows[row_no - 2]), changes
        rows[row_no - 2].update(changes)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows)
    return data


def validate_in_process(capsys, data: Path) -> tuple[int, list[str], str]:
    code = cli.main(["validate", "--data", str(data)])
    out, err = capsys.readouterr()
    return code, out.splitlines(), err


@pytest.fixture(scope="module")
def concurrent(nz: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[tuple[int, str, str]]]:
    """Three `validate` runs of the configured dataset (each importing into a folder of its own,
    which then becomes build/canonical) and two builds of the NZ package into one output folder,
    all at once: their folder and each run's (exit code, stdout, stderr), validates first."""
    folder = tmp_path_factory.mktemp("concurrent")
    commands = [["validate"]] * 3 + [["build", "--data", str(nz[0]), "--out", str(folder / "site")]] * 2
    runs = [
        subprocess.Popen(
            [sys.executable, str(ROOT / "build.py"), *c], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for c in commands
    ]
    results = []
    for run in runs:
        out, err = run.communicate(timeout=1800)  # a guard against a hang, not a time limit (a loaded machine)
        results.append((run.returncode, out, err))
    return folder, results


def test_configured_new_zealand_dataset_is_valid(shared_data, concurrent):
    """Each of the three `validate` runs of the configured dataset (concurrent) reports it so."""
    for code, out, err in concurrent[1][:3]:
        assert code == 0, out + err
        assert "written: 219 recommendations" in out  # the NZ files
        assert "written: 3 recommendations" in out  # UHRI: CCPR and two of the 2019 UPR review (CEDAW's is a concern)
        assert "2 same paragraph as a un-upr-report record: merged, un-upr-report first (precedence)" in out
        assert err.strip().endswith("valid")


def test_imported_package_is_valid(package):
    done = run_build("validate", "--data", package)
    assert done.returncode == 0, done.stdout
    assert done.stdout == ""
    assert done.stderr.strip() == f"{package}: valid"
    assert validate.check(package) == []


R = "recommendations.csv"
BROKEN = {
    # frictionless: enums, required fields, types, patterns, bounds, keys
    "enum": ({2: {"response": "maybe"}}, [[R, 2, "response", "Constraint Error"]]),
    "enum-basis": ({3: {"lead_agency_basis": "guessed"}}, [[R, 3, "lead_agency_basis", "Constraint Error"]]),
    "required": (
        {2: {"year": ""}, 4: {"country": ""}},
        [[R, 2, "year", "Constraint Error"], [R, 4, "country", "Constraint Error"]],
    ),
    "type": ({2: {"year": "twenty"}, 3: {"date": "2014-13-45"}}, [[R, 2, "year", "Type Error"], [R, 3, "date", "Type Error"]]),
    "maximum": ({4: {"action_category": "9"}}, [[R, 4, "action_category", "Constraint Error"]]),
    "pattern": (
        {2: {"id": "A-HRC-99-1-10-1"}},
        [
            [R, 2, "id", "'A-HRC-99-1-10-1' is not derived from A/HRC/99/1 paragraph 10.1 ('a-hrc-99-1-10-1')"],
            [R, 2, "id", "Constraint Error"],
        ],
    ),
    "primary-key": (
        {3: {"id": "a-hrc-99-1-10-1"}},
        [
            [R, 3, "id", "'a-hrc-99-1-10-1' is not derived from A/HRC/99/1 paragraph 10.2 ('a-hrc-99-1-10-2')"],
            [R, 3, "id", "PrimaryKey Error"],
            [R, 3, "id", "Unique Error"],
        ],
    ),
    "foreign-key": (
        {2: {"body": "NO-SUCH-BODY"}, 4: {"source": "nowhere"}},
        [[R, 2, "body", "ForeignKey Error"], [R, 4, "source", "ForeignKey Error"]],
    ),
    # the project's rules
    "list-reference": (
        {2: {"lead_agencies": "mfat|no-such-agency"}, 3: {"themes": "no-such-theme"}, 4: {"recommending_states": "Nowhereland"}},
        [
            [R, 2, "lead_agencies", "'no-such-agency' is not in agencies.csv (column id)"],
            [R, 3, "themes", "'no-such-theme' is not in themes.csv (column id)"],
            [R, 4, "recommending_states", "'Nowhereland' is not in states.csv (column name)"],
        ],
    ),
    "sdg-kind": (
        {2: {"sdg_goals": "5.2"}, 3: {"sdg_targets": "5"}},
        [
            [R, 2, "sdg_goals", "'5.2' is not in sdgs.csv (column id)"],
            [R, 3, "sdg_targets", "'5' is not in sdgs.csv (column id)"],
        ],
    ),
    "upr-without-states": (
        {4: {"recommending_states": ""}},
        [[R, 4, "recommending_states", "a UPR recommendation names at least one recommending state"]],
    ),
    "upr-without-cycle": ({2: {"cycle": ""}}, [[R, 2, "cycle", "a UPR recommendation has a cycle"]]),
    "states-on-a-treaty-body": (
        {2: {"mechanism": "treaty-body", "body": "CRC", "cycle": ""}},
        [[R, 2, "recommending_states", "only UPR recommendations have recommending states"]],
    ),
    "body-of-another-mechanism": (
        {3: {"mechanism": "special-procedure", "cycle": "", "recommending_states": ""}},
        [[R, 3, "mechanism", "'special-procedure' but body UPR belongs to 'upr'"]],
    ),
    "duplicate-paragraph": (
        {3: {"paragraph": "10.1", "id": "a-hrc-99-1-10-1-b"}},
        [[R, 3, "paragraph", "A/HRC/99/1 paragraph 10.1 is also row 2"]],
    ),
    "id-not-derived": (
        # a-hrc-99-1-10-19 begins with para 10.1's id, but is not it
        {2: {"id": "a-hrc-99-1-10-19"}},
        [[R, 2, "id", "'a-hrc-99-1-10-19' is not derived from A/HRC/99/1 paragraph 10.1 ('a-hrc-99-1-10-1')"]],
    ),
    "blank-text": ({4: {"text": "  "}}, [[R, 4, "text", "blank text"]]),
    "agencies-without-basis": (
        {2: {"lead_agency_basis": ""}},
        [[R, 2, "lead_agency_basis", "lead agencies and their basis go together"]],
    ),
}


@pytest.mark.parametrize(("edits", "expected"), BROKEN.values(), ids=BROKEN.keys())
def test_broken_package_is_located(tmp_path, capsys, package, edits, expected):
    data = edited(package, tmp_path, edits)
    code, lines, err = validate_in_process(capsys, data)
    assert code == 1
    assert compact(lines) == expected, "\n".join(lines)
    assert err.strip() == f"{data}: {len(expected)} problems"
    assert [str(p) for p in validate.check(data)] == lines


def test_broken_reference_table_is_located(tmp_path, capsys, package):
    """Row 2 of bodies.csv is UPR: give it an unknown mechanism, and every UPR recommendation disagrees with it."""
    data = edited(package, tmp_path, {2: {"mechanism": "no-such-mechanism"}}, table="bodies")
    code, lines, _ = validate_in_process(capsys, data)
    assert code == 1
    disagrees = "'upr' but body UPR belongs to 'no-such-mechanism'"
    assert compact(lines) == [["bodies.csv", 2, "mechanism", "ForeignKey Error"]] + [
        [R, n, "mechanism", disagrees] for n in (2, 3, 4)
    ]


def test_broken_package_from_the_command_line(tmp_path, package):
    data = edited(package, tmp_path, {2: {"response": "maybe"}, 3: {"recommending_states": ""}})
    done = run_build("validate", "--data", data)
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        'recommendations.csv:2:response: Constraint Error: constraint "enum" is '
        "\"['supported', 'supported-in-part', 'noted', 'pending', 'not-applicable']\" (value 'maybe')",
        "recommendations.csv:3:recommending_states: a UPR recommendation names at least one recommending state",
    ]


def test_missing_column_is_located_not_a_crash(tmp_path, capsys, package):
    data = tmp_path / "broken"
    shutil.copytree(package, data)
    path = data / "recommendations.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    column = rows[0].index("cycle")
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\r\n").writerows(row[:column] + row[column + 1 :] for row in rows)
    code, lines, err = validate_in_process(capsys, data)
    assert code == 1
    assert "Traceback" not in err
    problems = compact(lines)
    assert [R, 1, "field_sources", "Missing Label"] in problems  # the last column, once one is cut out
    assert {(p[0], p[1], p[3]) for p in problems if p[2] != "field_sources"} <= {
        (R, 1, "Incorrect Label"),
        (R, 2, "Constraint Error"),
        (R, 3, "Constraint Error"),
        (R, 4, "Constraint Error"),
        (R, 2, "Type Error"),
        (R, 3, "Type Error"),
        (R, 4, "Type Error"),
        (R, 2, "ForeignKey Error"),
        (R, 3, "ForeignKey Error"),
        (R, 4, "ForeignKey Error"),
    }


def test_missing_table_is_located_not_a_crash(tmp_path, capsys, package):
    data = tmp_path / "broken"
    shutil.copytree(package, data)
    (data / "themes.csv").unlink()
    code, lines, _ = validate_in_process(capsys, data)
    assert code == 1
    assert [p[:3] for p in compact(lines)] == [["themes.csv", 0, "-"]]


def test_not_a_package(tmp_path, capsys):
    code, lines, _ = validate_in_process(capsys, tmp_path)
    assert code == 1
    assert lines == ["datapackage.json:0:-: missing: not a canonical Data Package"]


def test_concurrent_runs_never_race_on_a_shared_folder(concurrent) -> None:
    """The five runs at once (concurrent): all succeed, and no run's private folder is left."""
    folder, results = concurrent
    assert [code for code, _, _ in results] == [0] * 5, [err for _, _, err in results]
    assert run_build("validate", "--data", ROOT / "build" / "canonical").returncode == 0
    assert (folder / "site" / "sitemap.xml").is_file() and [p.name for p in folder.iterdir()] == ["site"]
    assert not [p.name for p in (ROOT / "build").iterdir() if p.name.startswith(".")]  # no run's private folder left


def test_a_dangling_ask_link_is_located(tmp_path, capsys, nz):
    """recommendation_asks rows must name an existing ask and recommendation (foreign keys)."""
    data = edited(
        nz[0], tmp_path, {2: {"ask_id": "no-such-ask"}, 3: {"recommendation_id": "a-hrc-99-9-9-9"}}, table="recommendation_asks"
    )
    code, lines, err = validate_in_process(capsys, data)
    assert code == 1
    assert compact(lines) == [
        ["recommendation_asks.csv", 2, "ask_id", "ForeignKey Error"],
        ["recommendation_asks.csv", 3, "recommendation_id", "ForeignKey Error"],
    ]
    assert "Traceback" not in err
