"""Issue 23 items 1-7: what an outside fuzz run found, each reproduced here first. No live formula
in the workbook (and the CSV policy), a package never reaches outside itself, --base-url checked and
escaped, the three crashes as documented errors, curated patterns time-bounded, no path of the build
machine published, and the preview server's answer to a malformed path."""

from __future__ import annotations

import json
import shutil
import threading
import zipfile
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import openpyxl
import pytest
from conftest import run_build

from recommendations_site import validate
from recommendations_site.model import package
from recommendations_site.render import formats

HOSTILE_TEXTS = [
    '=HYPERLINK("http://evil","c") and the rest',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


def test_the_workbook_holds_every_text_as_text_never_a_formula(tmp_path: Path) -> None:
    rows = [{"id": f"r-{n}", "text": text, "paragraph": text, "year": 2014} for n, text in enumerate(HOSTILE_TEXTS)]
    formats.write_xlsx(tmp_path / "book.xlsx", {"recommendations": rows})
    sheet_xml = zipfile.ZipFile(tmp_path / "book.xlsx").read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and 't="f"' not in sheet_xml  # no formula element anywhere
    sheet = openpyxl.load_workbook(tmp_path / "book.xlsx")["recommendations"]
    names = [c.value for c in sheet[1]]
    cells = [row[names.index("text")] for row in sheet.iter_rows(min_row=2)]
    assert [(c.value, c.data_type, c.quotePrefix) for c in cells] == [(t, "s", True) for t in HOSTILE_TEXTS]
    plain = [row[names.index("id")] for row in sheet.iter_rows(min_row=2)]
    assert {(c.data_type, c.quotePrefix) for c in plain} == {("s", False)}  # a prefix only where a formula could start


def test_the_csv_stays_byte_true_for_machines(tmp_path: Path) -> None:
    """The policy (content/using-the-data.md): CSV and JSON keep the text exactly as the source has
    it, for programs; the workbook is the file for spreadsheets."""
    rows = [{"id": f"r-{n}", "text": text} for n, text in enumerate(HOSTILE_TEXTS)]
    package.write_csv(tmp_path / "recommendations.csv", "recommendations", rows)
    back = package.read_table(tmp_path, "recommendations")
    assert [r["text"] for r in back] == HOSTILE_TEXTS


@pytest.fixture()
def listener() -> Iterator[tuple[str, list[str]]]:
    """A web server on loopback that records every request it receives: (its address, the paths)."""
    seen: list[str] = []

    class Recorder(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            seen.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"a,b\n1,2\n")

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}", seen
    server.shutdown()


def package_with(source: Path, target: Path, resource: int, **changes: object) -> Path:
    """A copy of the package at source whose resource number `resource` has the given keys changed."""
    shutil.copytree(source, target)
    meta = json.loads((target / "datapackage.json").read_text(encoding="utf-8"))
    meta["resources"][resource].update(changes)
    (target / "datapackage.json").write_text(json.dumps(meta), encoding="utf-8")
    return target


@pytest.mark.parametrize("key", ["path", "schema", "dialect"])
def test_a_package_never_makes_the_tool_fetch_a_url(
    nz: tuple[Path, Path], tmp_path: Path, listener: tuple[str, list[str]], key: str
) -> None:
    address, seen = listener
    data = package_with(nz[0], tmp_path / "data", 2, **{key: f"{address}/x.csv"})
    checked = run_build("validate", "--data", data)
    built = run_build("build", "--data", data, "--out", tmp_path / "site")
    assert seen == []  # not one request, from either command
    wanted = f"datapackage.json:0:resources[2].{key}: '{address}/x.csv' is a URL or not a plain file name"
    assert checked.returncode == 1 and checked.stdout.splitlines()[0].startswith(wanted), checked.stdout
    assert built.returncode == 1 and wanted in built.stdout and not (tmp_path / "site").exists(), built.stderr
    assert "Traceback" not in checked.stderr + built.stderr


@pytest.mark.parametrize(
    ("path", "why"),
    [
        ("/etc/passwd", "is an absolute path"),
        ("../../../../../../../../etc/passwd", "leads out of the package's folder"),
        ("file:///etc/passwd", "is a URL"),
        ("link.csv", "leads out of the package's folder"),  # a link inside pointing outside
        (["recommendations.csv"], "not a file name"),
    ],
)
def test_a_package_never_reads_a_file_outside_itself(nz: tuple[Path, Path], tmp_path: Path, path: object, why: str) -> None:
    data = package_with(nz[0], tmp_path / "data", 0, path=path)
    (data / "link.csv").symlink_to("/etc/passwd")
    problems = validate.check(data)
    assert [(p.file, p.field) for p in problems] == [("datapackage.json", "resources[0].path")], problems
    assert why in problems[0].message and "root:" not in problems[0].message
