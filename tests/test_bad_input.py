"""Bad input, run as a user runs it. Every failing case exits non-zero with a message naming
file, row and field, and leaves the --into directory as it was (absent, or byte-identical);
markup in recommendation text is data and is stored verbatim."""

from __future__ import annotations

import csv
import json
import re
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, run_build

if str(ROOT) not in sys.path:  # the project is not installed: import it from the checkout
    sys.path.insert(0, str(ROOT))

from recommendations_site import cli
from recommendations_site.model.reference import sources_config

OFFICIAL = FIXTURES / "fixture-official.csv"
ENRICHED = FIXTURES / "fixture-enriched.csv"
EXPORT = FIXTURES / "fixture-export.csv"
OFFICIAL_HEADER = "review_year,document_symbol,paragraph,text_as_in_report\n"
LOCATED = re.compile(r"^(?P<file>[^:\s]+):(?P<row>\d+):(?P<field>[^:\s]+): (?P<message>.+)$")


def write(path: Path, content: str | bytes) -> Path:
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


def replaced(source: Path, old: str, new: str, into: Path) -> Path:
    text = source.read_text(encoding="utf-8")
    assert old in text
    return write(into / f"fixture-{source.stem.removeprefix('fixture-')}-edited.csv", text.replace(old, new, 1))


def snapshot(directory: Path) -> dict[str, bytes]:
    """Every file under directory, byte for byte, plus what sits beside it (no temporary leftovers)."""
    files = {str(p.relative_to(directory)): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}
    files["<beside>"] = "\n".join(sorted(p.name for p in directory.parent.iterdir())).encode()
    return files


def run_in_process(capsys: pytest.CaptureFixture, *args: str | Path) -> tuple[int, str, str]:
    """build.py ARGS in this process (fast); the same cli.main the command line runs."""
    code = cli.main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def compact(lines: list[str]) -> list[list]:
    """Located lines as [file, row, field, message] lists (frictionless-py's flattened-report style)."""
    out = []
    for line in lines:
        match = LOCATED.match(line)
        assert match, f"not a file:row:field: message line: {line!r}"
        out.append([match["file"], int(match["row"]), match["field"], match["message"]])
    return out


# --- cases: each builds its input files in a directory and names where the error must point ------

Builder = Callable[[Path], list[Path]]


def empty(d: Path) -> list[Path]:
    return [write(d / "fixture-empty.csv", ""), ENRICHED]


def header_only(d: Path) -> list[Path]:
    return [write(d / "fixture-header-only.csv", OFFICIAL_HEADER), ENRICHED]


def missing_column(d: Path) -> list[Path]:
    text = "review_year,document_symbol,text_as_in_report\n2014,A/HRC/99/1,Fixture text with no paragraph column.\n"
    return [write(d / "fixture-missing-column.csv", text), ENRICHED]


def missing_export_column(d: Path) -> list[Path]:
    lines = EXPORT.read_text(encoding="utf-8").splitlines()
    return [write(d / "fixture-no-response.csv", "\n".join(",".join(line.split(",")[:7]) for line in lines) + "\n")]


def unknown_response(d: Path) -> list[Path]:
    return [OFFICIAL, replaced(ENRICHED, ",noted,5,", ",maybe,5,", d)]


def unknown_export_response(d: Path) -> list[Path]:
    return [replaced(EXPORT, ",Noted,2,", ",Perhaps,2,", d)]


def duplicate_paragraph(d: Path) -> list[Path]:
    text = OFFICIAL.read_text(encoding="utf-8") + "2014,A/HRC/99/1,10.2,Fixture paragraph printed twice.\n"
    return [write(d / "fixture-duplicate.csv", text), ENRICHED]


def same_file_twice(d: Path) -> list[Path]:
    return [OFFICIAL, ENRICHED, FIXTURES / ".." / "fixtures" / ENRICHED.name]


def same_paragraphs_in_two_files(d: Path) -> list[Path]:
    return [OFFICIAL, ENRICHED, Path(shutil.copy(OFFICIAL, d / "fixture-official-copy.csv"))]


def undecodable(d: Path) -> list[Path]:
    body = OFFICIAL_HEADER.encode() + b"2014,A/HRC/99/1,10.1,Fixture caf\xe9 text in Latin-1\n"
    return [write(d / "fixture-latin1.csv", body), ENRICHED]


def undecodable_enriched(d: Path) -> list[Path]:
    raw = ENRICHED.read_bytes().replace(b"Testonia,Africa,noted", b"Test\xf6nia,Africa,noted", 1)
    return [OFFICIAL, write(d / "fixture-enriched-latin1.csv", raw)]


def unterminated_quote(d: Path) -> list[Path]:
    text = OFFICIAL_HEADER + '2014,A/HRC/99/1,10.1,Fixture text\n2014,A/HRC/99/1,10.2,"Fixture text never closed\n'
    return [write(d / "fixture-unterminated.csv", text), ENRICHED]


def huge_cell(d: Path) -> list[Path]:
    text = OFFICIAL_HEADER + "2014,A/HRC/99/1,10.1," + "Fixture " * 131_072 + "\n"  # 1 MB
    return [write(d / "fixture-huge.csv", text), ENRICHED]


def unlinked_row(d: Path) -> list[Path]:
    return [replaced(ENRICHED, "A/HRC/99/1,10.10,", "A/HRC/99/1,,", d)]


def paragraph_without_response(d: Path) -> list[Path]:
    text = OFFICIAL.read_text(encoding="utf-8") + "2014,A/HRC/99/1,10.11,Fixture paragraph nobody responded to.\n"
    return [write(d / "fixture-extra-paragraph.csv", text), ENRICHED]


def ragged_row(d: Path) -> list[Path]:
    return [write(d / "fixture-ragged.csv", OFFICIAL_HEADER + "2014,A/HRC/99/1,10.1,Fixture text,extra cell\n"), ENRICHED]


def not_a_number(d: Path) -> list[Path]:
    return [replaced(EXPORT, "Labour,5\n", "Labour,five\n", d)]


def no_such_file(d: Path) -> list[Path]:
    return [d / "fixture-not-there.csv"]


# (builder, file, row, field, words the message holds)
FAILING = [
    (empty, "fixture-empty.csv", 0, "-", "file is empty"),
    (header_only, "fixture-header-only.csv", 2, "-", "header only"),
    (missing_column, "fixture-missing-column.csv", 1, "paragraph", "missing column 'paragraph'"),
    (missing_export_column, "fixture-no-response.csv", 1, "Response", "missing column 'Response'"),
    (unknown_response, "fixture-enriched-edited.csv", 4, "response", "unknown response 'maybe'"),
    (unknown_export_response, "fixture-export-edited.csv", 5, "Response", "unknown response 'Perhaps'"),
    (duplicate_paragraph, "fixture-duplicate.csv", 5, "paragraph", "A/HRC/99/1 paragraph 10.2 appears twice (also row 3)"),
    (same_file_twice, "fixture-enriched.csv", 0, "-", "file given twice"),
    (same_paragraphs_in_two_files, "fixture-official-copy.csv", 2, "paragraph", "paragraph 10.1 appears twice"),
    (undecodable, "fixture-latin1.csv", 2, "text_as_in_report", "not UTF-8: undecodable byte 0xe9"),
    (undecodable_enriched, "fixture-enriched-latin1.csv", 5, "recommending_state", "not UTF-8: undecodable byte 0xf6"),
    (unterminated_quote, "fixture-unterminated.csv", 3, "-", "unterminated quote"),
    (huge_cell, "fixture-huge.csv", 2, "text_as_in_report", "cell of 1,048,576 characters is over the 100,000 limit"),
    (unlinked_row, "fixture-enriched-edited.csv", 5, "paragraph", "not linked to an official paragraph"),
    (paragraph_without_response, "fixture-extra-paragraph.csv", 5, "paragraph", "has no UPR Info row giving its response"),
    (ragged_row, "fixture-ragged.csv", 2, "-", "5 cells where the header has 4"),
    (not_a_number, "fixture-export-edited.csv", 2, "Session", "'five' is not a number"),
    (no_such_file, "fixture-not-there.csv", 0, "-", "no such file"),
]


@pytest.fixture(scope="module")
def good_package(tmp_path_factory) -> Path:
    """A valid package imported from the fixtures, to check a failing import leaves it alone."""
    into = tmp_path_factory.mktemp("good") / "package"
    cli.main(["import", "upr-info", str(OFFICIAL), str(ENRICHED), "--into", str(into)])
    assert (into / "datapackage.json").is_file()
    return into


def check_failure(code: int, stderr: str, file: str, row: int, field: str, words: str) -> None:
    assert code != 0
    assert "Traceback" not in stderr
    errors = [line.removeprefix("error: ") for line in stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1, stderr
    [[got_file, got_row, got_field, message]] = compact(errors)
    assert [got_file, got_row, got_field] == [file, row, field], message
    assert words in message
    assert "nothing written" in stderr


@pytest.mark.parametrize("existing", [False, True], ids=["new-dir", "existing-package"])
@pytest.mark.parametrize(("build", "file", "row", "field", "words"), FAILING, ids=[c[0].__name__ for c in FAILING])
def test_failing_import(tmp_path, capsys, good_package, existing, build, file, row, field, words):
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    files = build(inputs)
    into = tmp_path / "out" / "package"
    if existing:
        shutil.copytree(good_package, into)
    before = snapshot(into) if existing else None
    code, _, err = run_in_process(capsys, "import", "upr-info", *files, "--into", into)
    check_failure(code, err, file, row, field, words)
    if existing:
        assert snapshot(into) == before
    else:
        assert not into.exists()
        assert not (into.parent.exists() and list(into.parent.iterdir())), "no temporary directory left behind"


@pytest.mark.parametrize("case", [empty, undecodable, huge_cell], ids=lambda c: c.__name__)
def test_failing_import_from_the_command_line(tmp_path, case):
    """A few of the cases above through `python build.py`, exactly as a user runs it."""
    [(build, file, row, field, words)] = [c for c in FAILING if c[0] is case]
    into = tmp_path / "package"
    done = run_build("import", "upr-info", *build(tmp_path), "--into", into)
    check_failure(done.returncode, done.stderr, file, row, field, words)
    assert not into.exists()


def test_same_id_from_two_imports(curated_project, capsys):
    """Two imports configured in data/sources.yaml that produce the same id: refused, nothing written."""
    config = {
        "dataset": {"title": "Fixture dataset", "country": "New Zealand"},
        "imports": [
            {"importer": "upr-info", "files": [str(OFFICIAL), str(ENRICHED)]},
            {"importer": "upr-info", "files": [str(ENRICHED)]},
        ],
        "sdg_taxonomy": str(curated_project.from_root(sources_config(curated_project)["sdg_taxonomy"])),
    }
    write(curated_project.file("sources.yaml"), json.dumps(config))  # JSON is YAML
    canonical = curated_project.canonical
    assert cli.main(["validate"], project=curated_project) == 1
    err = capsys.readouterr().err
    assert "error: fixture-enriched.csv:2:id: duplicate id 'a-hrc-99-1-10-1': already imported from fixture-official.csv:2" in err
    assert not canonical.exists()


# --- markup is data: stored verbatim, byte for byte ---------------------------------------------

MARKUP = [
    "Fixture <b>HTML</b> & <i>entities</i> &amp; &lt;kept&gt; as typed",
    "Fixture <script>alert(1)</script> must stay text",
    "Fixture **bold** [link](javascript:alert(1)) _markdown_ # not a heading",
    "Fixture {{ jinja }} and {% raw %}{{ raw }}{% endraw %} and {# comment #} syntax",
    "Fixture 'single' and \"double\" quotes, a, comma; and a line\nbreak — with Māori macrons ā ē ī ō ū",
]


def quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def test_markup_in_text_is_stored_verbatim(tmp_path):
    enriched_header = ENRICHED.read_text(encoding="utf-8").splitlines()[0]
    official, enriched = [OFFICIAL_HEADER], [enriched_header + "\n"]
    for n, text in enumerate(MARKUP, start=1):
        official.append(f"2014,A/HRC/99/1,20.{n},{quoted(text)}\n")
        enriched.append(f"New Zealand,2,18,2014,A/HRC/99/1,20.{n},{quoted(text)},Testonia,Africa,supported,3,Labour\n")
    files = [
        write(tmp_path / "fixture-markup-official.csv", "".join(official)),
        write(tmp_path / "fixture-markup-enriched.csv", "".join(enriched)),
    ]
    into = tmp_path / "package"
    done = run_build("import", "upr-info", *files, "--into", into)
    assert done.returncode == 0, done.stderr
    texts = MARKUP
    with (into / "recommendations.csv").open(encoding="utf-8", newline="") as handle:
        stored = [row["text"] for row in csv.DictReader(handle)]
    assert sorted(stored) == sorted(texts)
    raw = (into / "recommendations.csv").read_bytes()
    for text in texts:
        cell = text.encode("utf-8")
        if b'"' in cell or b"," in cell or b"\n" in cell:
            cell = b'"' + cell.replace(b'"', b'""') + b'"'
        assert cell in raw, text
    as_json = json.loads((into / "recommendations.json").read_text(encoding="utf-8"))
    assert sorted(r["text"] for r in as_json) == sorted(texts)
    json_raw = (into / "recommendations.json").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" in json_raw and "{% raw %}" in json_raw and "&amp;" in json_raw
    assert run_build("validate", "--data", into).returncode == 0


def test_broken_foreign_keys_are_located(tmp_path, good_package):
    """Edit a valid package to name an unknown body and theme: validate prints file:row:field lines, exit 1."""
    data = tmp_path / "package"
    shutil.copytree(good_package, data)
    path = data / "recommendations.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    rows[0]["body"] = "NO-SUCH-BODY"
    rows[1]["themes"] = "work|no-such-theme"
    rows[2]["source"] = "no-such-source"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows)
    done = run_build("validate", "--data", data)
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert [line[:3] for line in compact(lines)] == [
        ["recommendations.csv", 2, "body"],
        ["recommendations.csv", 3, "themes"],
        ["recommendations.csv", 4, "source"],
    ]
    assert lines[0] == (
        'recommendations.csv:2:body: ForeignKey Error: for "body": values "NO-SUCH-BODY" not found in the lookup table "bodies" as "id"'
    )
    assert lines[1] == "recommendations.csv:3:themes: 'no-such-theme' is not in themes.csv (column id)"
    assert done.stderr.strip().endswith("3 problems")
