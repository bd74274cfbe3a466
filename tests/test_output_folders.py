"""Output folders never lose a user's file and commands never show a traceback: each folder the
tool writes whole carries a manifest (files.MANIFEST) of what it wrote, and a command refuses,
writing nothing, a folder that holds anything else; an output path under a file is an `error:`
line; `build --data` validates the package first; `validate` reports a paragraph no id can be
derived from; and an error no check foresaw is one clean `error:` line asking for a report."""

from __future__ import annotations

import csv
import json
import re
import shutil
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, run_build

if str(ROOT) not in sys.path:  # the project is not installed: import it from the checkout
    sys.path.insert(0, str(ROOT))

from recommendations_site import cli, errors, files, pipeline
from recommendations_site.model import make_id
from recommendations_site.model.reference import sources_config
from recommendations_site.preview import Preview
from recommendations_site.project import Project

MANIFEST = files.MANIFEST
OFFICIAL = FIXTURES / "fixture-official.csv"
ENRICHED = FIXTURES / "fixture-enriched.csv"
IMPORT = ["import", "upr-info", str(OFFICIAL), str(ENRICHED), "--into"]
REFUSED = "which is not an earlier output of build.py"


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file and folder under folder, byte for byte, and what sits beside it (no leftovers)."""
    found = {str(p.relative_to(folder)): p.read_bytes() if p.is_file() else b"<dir>" for p in sorted(folder.rglob("*"))}
    found["<beside>"] = "\n".join(sorted(p.name for p in folder.parent.iterdir())).encode()
    return found


def run(capsys: pytest.CaptureFixture, *args: str | Path, project: Project | None = None) -> tuple[int, str, str]:
    """build.py ARGS in this process: the same cli.main the command line runs (on project, if given)."""
    code = cli.main([str(a) for a in args], project=project)
    out, err = capsys.readouterr()
    return code, out, err


def listed(folder: Path) -> list[str]:
    """The manifest's paths, in its order."""
    return [line for line in (folder / MANIFEST).read_text(encoding="utf-8").splitlines() if not line.startswith("#")]


def on_disk(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() and p.name != MANIFEST)


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture recommendations imported into a package of their own."""
    into = tmp_path_factory.mktemp("package") / "package"
    assert cli.main([*IMPORT, str(into)]) == 0
    return into


@pytest.fixture(scope="module")
def site(package: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site") / "site"
    assert cli.main(["build", "--data", str(package), "--out", str(out)]) == 0
    return out


def test_the_manifest_lists_every_file_written_and_nothing_else(package: Path, site: Path, tmp_path: Path) -> None:
    for folder in (package, site):
        assert listed(folder) == on_disk(folder) == sorted(listed(folder))
        text = (folder / MANIFEST).read_text(encoding="utf-8")
        assert text.startswith(f"# {MANIFEST}") and text.endswith("\n") and "\r" not in text
    assert "build-info.json" in listed(site) and "index.html" in listed(site)
    assert MANIFEST not in (site / "sitemap.xml").read_text(encoding="utf-8")
    again = tmp_path / "elsewhere" / "package"
    assert cli.main([*IMPORT, str(again)]) == 0
    assert (again / MANIFEST).read_bytes() == (package / MANIFEST).read_bytes()  # no folder, no clock in it


def test_an_earlier_output_is_replaced_and_an_empty_folder_is_fine(package: Path, tmp_path: Path, capsys) -> None:
    into = tmp_path / "package"
    shutil.copytree(package, into)
    (into / "recommendations.json").unlink()  # a file the manifest lists may be missing
    assert run(capsys, *IMPORT, into)[0] == 0
    assert snapshot(into) == {**snapshot(package), "<beside>": b"package"}
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run(capsys, *IMPORT, empty)[0] == 0 and listed(empty) == listed(package)


@pytest.mark.parametrize("mine", ["notes.txt", "sub/notes.txt", "themes-notes/", "recommendations.csv.bak"])
def test_import_into_a_folder_holding_a_users_file_is_refused(mine: str, package: Path, tmp_path: Path, capsys) -> None:
    into = tmp_path / "package"
    shutil.copytree(package, into)
    (into / mine).parent.mkdir(parents=True, exist_ok=True)
    if mine.endswith("/"):
        (into / mine).mkdir()
    else:
        (into / mine).write_text("my own notes", encoding="utf-8")
    before = snapshot(into)
    code, _, err = run(capsys, *IMPORT, into)
    assert code == 1 and "Traceback" not in err
    first = mine.split("/")[0] + "/" if "/" in mine else mine  # a folder of the user's is named, not what it holds
    assert err.splitlines() == [
        f"error: {into}: holds {first}, {REFUSED} (its {MANIFEST} does not list it): "
        "move it out of the folder (or delete it), or choose another directory",
        "nothing written",
    ]
    assert snapshot(into) == before


def test_a_folder_that_is_no_output_at_all_is_refused(tmp_path: Path, capsys) -> None:
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "b.txt").write_text("keep me", encoding="utf-8")
    (precious / "a.txt").write_text("keep me too", encoding="utf-8")
    before = snapshot(precious)
    code, _, err = run(capsys, *IMPORT, precious)
    assert code == 1
    assert f"error: {precious}: holds a.txt, {REFUSED} (the folder has no {MANIFEST})" in err  # the first, sorted
    assert snapshot(precious) == before


def test_build_into_a_site_holding_a_users_file_is_refused(package: Path, site: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "site"
    shutil.copytree(site, out)
    (out / "assets" / "my-theme.css").write_text("body { color: red }", encoding="utf-8")
    before = snapshot(out)
    code, _, err = run(capsys, "build", "--data", package, "--out", out)
    assert code == 1 and f"error: {out}: holds assets/my-theme.css, {REFUSED}" in err
    assert snapshot(out) == before
    (out / "assets" / "my-theme.css").unlink()
    assert run(capsys, "build", "--data", package, "--out", out)[0] == 0  # once it is moved out, the build goes ahead
    assert listed(out) == listed(site)


def test_the_default_folders_are_guarded_too(package: Path, tmp_path: Path, monkeypatch, capsys) -> None:
    """build/canonical (written by every command that imports the configured sources) and site/."""
    canonical, site = tmp_path / "build" / "canonical", tmp_path / "site"
    for folder in (canonical, site):
        folder.mkdir(parents=True)
        (folder / "mine.txt").write_text("mine", encoding="utf-8")
    project = Project.at(ROOT, build=tmp_path / "build", site=site)  # the checkout's data, folders of the test's own
    monkeypatch.setattr(cli.pipeline, "import_configured", lambda *a, **k: pytest.fail("imported before the refusal"))
    for args in (["validate"], ["build"], []):
        code, _, err = run(capsys, *args, project=project)
        assert code == 1 and f"holds mine.txt, {REFUSED}" in err, args
    code, _, err = run(capsys, "build", "--data", package, project=project)
    assert code == 1 and f"error: {site}: holds mine.txt" in err
    assert [p.name for p in canonical.iterdir()] == [p.name for p in site.iterdir()] == ["mine.txt"]


def test_a_folder_written_before_manifests_is_replaced_only_if_it_holds_nothing_else(
    package: Path, tmp_path: Path, capsys
) -> None:
    into = tmp_path / "package"
    shutil.copytree(package, into)
    (into / MANIFEST).unlink()  # as an earlier version left it
    assert run(capsys, *IMPORT, into)[0] == 0 and listed(into) == listed(package)
    (into / MANIFEST).unlink()
    (into / "mine.txt").write_text("mine", encoding="utf-8")
    before = snapshot(into)
    code, _, err = run(capsys, *IMPORT, into)
    assert code == 1 and f"holds mine.txt, {REFUSED} (an earlier version wrote the folder, with no {MANIFEST}" in err
    assert snapshot(into) == before


@pytest.mark.parametrize("where", ["under", "is"])
def test_an_output_path_at_or_under_a_file_is_an_error(where: str, package: Path, tmp_path: Path, capsys) -> None:
    blocking = tmp_path / "a-file"
    blocking.write_text("not a folder", encoding="utf-8")
    target = blocking / "deeper" / "out" if where == "under" else blocking
    why = f"cannot be written there: {blocking} is a file, not a folder" if where == "under" else "is a file, not a folder"
    for args in ([*IMPORT, target], ["build", "--data", package, "--out", target]):
        code, _, err = run(capsys, *args)
        assert code == 1 and "Traceback" not in err
        assert err.splitlines()[0].startswith(f"error: {target}: {why}"), err
    assert [p.name for p in tmp_path.iterdir()] == ["a-file"] and blocking.read_text(encoding="utf-8") == "not a folder"


def test_an_output_path_under_a_file_from_the_command_line(package: Path, tmp_path: Path) -> None:
    blocking = tmp_path / "a-file"
    blocking.write_text("", encoding="utf-8")
    done = run_build("import", "upr-info", OFFICIAL, ENRICHED, "--into", blocking / "package")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.startswith(f"error: {blocking / 'package'}: cannot be written there: {blocking} is a file")
    done = run_build("overlaps", "--data", package, "--out", blocking / "pairs.csv")  # a single file's folder, too
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.startswith(f"error: {blocking / 'pairs.csv'}: cannot be written there: {blocking} is a file")


def edited(package: Path, into: Path, row: int, changes: dict[str, str]) -> Path:
    """A copy of package with cells of one row of recommendations.csv changed, as a hand edit."""
    shutil.copytree(package, into)
    path = into / "recommendations.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    rows[row - 2].update(changes)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows)
    return into


def test_build_refuses_an_invalid_package_and_leaves_the_site(package: Path, site: Path, tmp_path: Path) -> None:
    broken = edited(package, tmp_path / "broken", 2, {"year": "abc"})
    out = tmp_path / "site"
    shutil.copytree(site, out)
    before = snapshot(out)
    done = run_build("build", "--data", broken, "--out", out)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stdout.splitlines() == ["recommendations.csv:2:year: Type Error: type is \"integer/default\" (value 'abc')"]
    assert done.stderr.strip() == "invalid package: 1 problems; nothing written"
    assert snapshot(out) == before
    assert run_build("validate", "--data", broken).stdout == done.stdout  # the same check as validate


def test_build_refuses_a_descriptor_that_is_not_the_canonical_one(package: Path, tmp_path: Path, capsys) -> None:
    """A hand edit of datapackage.json that frictionless accepts but the build cannot read."""
    broken = edited(package, tmp_path / "broken", 2, {"year": "abc"})
    descriptor = json.loads((broken / "datapackage.json").read_text(encoding="utf-8"))
    [recommendations] = [r for r in descriptor["resources"] if r["name"] == "recommendations"]
    [year] = [f for f in recommendations["schema"]["fields"] if f["name"] == "year"]
    year.update(type="string", constraints={})
    (broken / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    code, out, _ = run(capsys, "build", "--data", broken, "--out", tmp_path / "site")
    assert code == 1 and not (tmp_path / "site").exists()
    assert "datapackage.json:0:resources/recommendations/schema: differs from the canonical schema" in out


@pytest.mark.parametrize("paragraph", [".", "-", "…"])
def test_validate_reports_a_paragraph_no_id_can_be_derived_from(paragraph: str, package: Path, tmp_path: Path, capsys) -> None:
    broken = edited(package, tmp_path / "broken", 3, {"paragraph": paragraph})
    with pytest.raises(ValueError):
        make_id("A/HRC/99/1", paragraph)
    code, out, err = run(capsys, "validate", "--data", broken)
    assert code == 1 and "Traceback" not in err
    assert out.splitlines() == [
        f"recommendations.csv:3:paragraph: {paragraph!r}: an id needs a document symbol and a paragraph that each hold a letter or digit"
    ]


def injected(*args: object, **kwargs: object) -> None:
    raise RuntimeError("injected\nfailure")


def test_an_unexpected_error_is_one_clean_line(package: Path, tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setattr(pipeline, "build_site", injected)
    monkeypatch.delenv(cli.DEBUG, raising=False)
    out = tmp_path / "my site"
    code, _, err = run(capsys, "build", "--data", package, "--out", out)
    assert code == 1 and "Traceback" not in err
    [line] = err.splitlines()
    assert line.startswith(
        f"error: `build.py build --data {package} --out '{out}'` stopped on an unexpected error (RuntimeError: injected failure)."
    )
    assert 'README.md says under "Reporting a problem"' in line and f"{cli.DEBUG}=1" in line
    assert "## Reporting a problem" in (ROOT / "README.md").read_text(encoding="utf-8")
    assert not out.exists()


def test_the_traceback_is_shown_when_asked_for(package: Path, tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setattr(pipeline, "build_site", injected)
    monkeypatch.setenv(cli.DEBUG, "1")
    code, _, err = run(capsys, "build", "--data", package, "--out", tmp_path / "site")
    assert code == 1
    assert err.startswith("Traceback (most recent call last):") and "RuntimeError: injected" in err
    assert err.splitlines()[-1].startswith("error: `build.py build")


def test_expected_errors_are_not_reported_as_bugs(tmp_path: Path, capsys) -> None:
    code, _, err = run(capsys, "validate", "--data", tmp_path)
    assert code == 1 and "bug" not in err
    code, _, err = run(capsys, "import", "upr-info", tmp_path / "none.csv", "--into", tmp_path / "x")
    assert code == 1 and "bug" not in err and err.startswith("error: none.csv:0:-: no such file")


# --- the preview: updated in place, its manifest kept right after each update -------------------


def edit(path: Path, rec_id: str, words: str) -> None:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields, rows = list(reader.fieldnames or []), list(reader)
    row = next(r for r in rows if make_id(r["document_symbol"], r["paragraph"]) == rec_id)
    row["text_as_in_report"] += " " + words
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture(scope="module")
def previewed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Preview, Path]:
    """A preview over copies of the fixture upstream files, built once for this module (each test
    takes the user's file it puts into the site out again); (preview, official file)."""
    tmp_path = tmp_path_factory.mktemp("preview")
    copies = [Path(shutil.copyfile(f, tmp_path / f.name)) for f in (OFFICIAL, ENRICHED)]
    config = {**sources_config(Project.default()), "imports": [{"importer": "upr-info", "files": [str(c) for c in copies]}]}
    built = Preview(tmp_path / "site", tmp_path / "canonical", config)
    built.full()
    return built, copies[0]


@pytest.fixture
def preview(previewed: tuple[Preview, Path]) -> tuple[Preview, Path]:
    """The module's preview, built again only when a test's refused full build forgot the last one."""
    if previewed[0].built is None:
        previewed[0].full()
    return previewed


PAGE = "a-hrc-99-1-10-1"


def test_the_preview_keeps_its_manifest_after_each_update(preview, tmp_path: Path) -> None:
    built, official = preview
    for n in range(2):
        edit(official, PAGE, f"Edited {n}.")
        assert "to page" in built.update({official}), "an in-place update, not a full build"
        assert listed(built.out) == on_disk(built.out)
    full = tmp_path / "full"
    pipeline.import_configured(tmp_path / "canonical-full", built.sources)
    pipeline.build_site(tmp_path / "canonical-full", full, sources=built.sources)
    assert (built.out / MANIFEST).read_bytes() == (full / MANIFEST).read_bytes()
    built.full()  # the site updated in place is an earlier output: a full build replaces it


def test_the_preview_refuses_to_update_a_site_holding_a_users_file(preview) -> None:
    built, official = preview
    mine = built.out / "pagefind" / "mine.txt"  # in a folder the update swaps
    mine.write_text("mine", encoding="utf-8")
    before = snapshot(built.out)
    edit(official, PAGE, "Never shown.")
    try:
        with pytest.raises(errors.OutputError, match=re.escape(f"holds pagefind/mine.txt, {REFUSED}")):
            built.update({official})
        assert snapshot(built.out) == before
        with pytest.raises(errors.OutputError, match=re.escape("holds pagefind/mine.txt")):
            built.full()
        assert snapshot(built.out) == before
    finally:
        mine.unlink()


def test_a_users_file_put_in_during_the_preview_is_not_adopted(preview, monkeypatch) -> None:
    built, official = preview
    real = Preview.incremental

    def meanwhile(self: Preview, written: set[Path]) -> dict:
        timings = real(self, written)
        (self.out / "themes" / "mine.txt").write_text("mine", encoding="utf-8")
        return timings

    monkeypatch.setattr(Preview, "incremental", meanwhile)
    edit(official, PAGE, "Edited.")
    built.update({official})
    assert "themes/mine.txt" not in listed(built.out)
    try:
        with pytest.raises(errors.OutputError, match=re.escape("holds themes/mine.txt")):
            built.full()
        assert (built.out / "themes" / "mine.txt").read_text(encoding="utf-8") == "mine"
    finally:
        (built.out / "themes" / "mine.txt").unlink()
