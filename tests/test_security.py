"""Issue 23 items 1-7: what an outside fuzz run found, each reproduced here first. No live formula
in the workbook (and the CSV policy), a package never reaches outside itself, --base-url checked and
escaped, the three crashes as documented errors, curated patterns time-bounded, no path of the build
machine published, and the preview server's answer to a malformed path."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import socket
import threading
import time
import zipfile
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.etree import ElementTree

import openpyxl
import pytest
from bs4 import BeautifulSoup
from conftest import FIXTURES, OUTSIDE, ROOT, run_build
from openpyxl.utils.escape import unescape
from pypdf import PdfReader

from recommendations_site import cli, validate
from recommendations_site.errors import InvalidPackage, OutputError, SourceError
from recommendations_site.importers import ohchr_matrix
from recommendations_site.model import package
from recommendations_site.outputs.report import view as report_view
from recommendations_site.overlaps import asks, catalogue
from recommendations_site.overlaps.requests import catalogue_asks
from recommendations_site.pipeline import site
from recommendations_site.preview import serve
from recommendations_site.project import Project
from recommendations_site.render import formats

HOSTILE_TEXTS = [
    '=HYPERLINK("http://evil","c") and the rest',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


def write_book(path: Path, rows: list[dict]) -> None:
    with formats.workbook(path) as add:
        add("recommendations", rows)


def test_the_workbook_holds_every_text_as_text_never_a_formula(tmp_path: Path) -> None:
    rows = [{"id": f"r-{n}", "text": text, "paragraph": text, "year": 2014} for n, text in enumerate(HOSTILE_TEXTS)]
    write_book(tmp_path / "book.xlsx", rows)
    sheet_xml = zipfile.ZipFile(tmp_path / "book.xlsx").read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and 't="f"' not in sheet_xml  # no formula element anywhere
    sheet = openpyxl.load_workbook(tmp_path / "book.xlsx")["recommendations"]
    names = [c.value for c in sheet[1]]
    cells = [row[names.index("text")] for row in sheet.iter_rows(min_row=2)]
    # a carriage return is stored as the workbook format's escape _x000D_, which Excel reads back as one
    assert [(unescape(c.value), c.data_type, c.quotePrefix) for c in cells] == [(t, "s", True) for t in HOSTILE_TEXTS]
    plain = [row[names.index("id")] for row in sheet.iter_rows(min_row=2)]
    assert {(c.data_type, c.quotePrefix) for c in plain} == {("s", False)}  # a prefix only where a formula could start


def test_a_text_shaped_like_rich_text_is_escaped_as_any_text(tmp_path: Path) -> None:
    """XlsxWriter writes a text that starts "<r>" and ends "</r>" into the sheet unescaped, as its own
    rich-text XML; a recommendation's text is data: escaped, and read back as itself."""
    texts = ["<r>&</r>", "<r><f>1+1</f></r>", "<r><t>x</t></r>"]
    rows = [{"id": f"r-{n}", "text": text, "year": 2014} for n, text in enumerate(texts)]
    write_book(tmp_path / "book.xlsx", rows)
    sheet_xml = zipfile.ZipFile(tmp_path / "book.xlsx").read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "<t>x</t>" not in sheet_xml
    sheet = openpyxl.load_workbook(tmp_path / "book.xlsx")["recommendations"]
    names = [c.value for c in sheet[1]]
    assert [row[names.index("text")].value for row in sheet.iter_rows(min_row=2)] == texts


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


@pytest.mark.parametrize(
    "address",
    [
        'https://x.org/"><script>alert(1)</script>',
        "https://x.org/'onmouseover='alert(1)",
        "https://x.org/`x`",
        "https://x.org/<b>",
        "https://x.org/a b/",
        " https://x.org/",
        "https://x.org/\nSitemap: https://evil.example/",
        "https://x.org/\x00",
        "https://x.org/\u202e",
        "https://x.org/a\\b/",
        "javascript:alert(1)//",
        "/relative/",
        "https://x.org:99999/",
        "https://x.org/?q=1",
    ],
)
def test_a_base_url_that_is_not_a_plain_address_is_refused(address: str) -> None:
    with pytest.raises(OutputError, match=f"^{re.escape(repr(address))} is not a site address"):
        site.site_address(address)


def test_the_command_refuses_a_bad_base_url_before_doing_anything(tmp_path: Path) -> None:
    address = 'https://x.org/"><script>alert(1)</script>'
    built = run_build("build", "--data", tmp_path / "none", "--out", tmp_path / "site", "--base-url", address)
    assert (built.returncode, built.stderr) == (
        1,
        f"error: {address!r} is not a site address: it holds '\"', which an "
        "address never does (percent-encode it)\nnothing written\n",
    )
    assert not (tmp_path / "site").exists()


HOSTILE_ADDRESS = "https://x.org/a&b=c;d,e(f)!$*+~/%3Cq%3E/"


@pytest.fixture(scope="module")
def hostile_site(nz: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The NZ site built for an address that is valid but holds every character that means
    something in one of the formats it lands in."""
    site = tmp_path_factory.mktemp("hostile") / "site"
    built = run_build("build", "--data", nz[0], "--out", site, "--base-url", HOSTILE_ADDRESS)
    assert built.returncode == 0, built.stderr
    return site


def test_a_valid_but_hostile_base_url_lands_escaped_in_every_html_and_xml_file(hostile_site: Path) -> None:
    raw = "a&b=c"
    marked = [p.relative_to(hostile_site).as_posix() for p in hostile_site.rglob("*") if p.suffix in (".html", ".xml", ".atom")]
    assert len(marked) > 700
    assert [p for p in marked if raw in (hostile_site / p).read_text(encoding="utf-8")] == []  # '&' always escaped
    for page in (
        "about/index.html",
        "mi/privacy/index.html",
        "404.html",
        "index.html",
        "recommendations/a-hrc-26-3-128-14/index.html",
    ):
        soup = BeautifulSoup((hostile_site / page).read_text(encoding="utf-8"), "html.parser")
        canonical = soup.select_one('link[rel="canonical"]')
        links = [canonical["href"]] if canonical else [a["href"] for a in soup.select("a[href]") if "%3Cq%3E" in a["href"]]
        assert links and all(HOSTILE_ADDRESS[8:] in link or "/a&b=c;d,e(f)!$*+~/%3Cq%3E/" in link for link in links), page
        for block in soup.select('script[type="application/ld+json"]'):
            assert "<" not in block.string and json.loads(block.string)
    sitemap = ElementTree.parse(hostile_site / "sitemap.xml").getroot()
    assert sitemap[0][0].text == HOSTILE_ADDRESS


def test_a_valid_but_hostile_base_url_in_robots_ics_and_pdf(hostile_site: Path) -> None:
    robots = (hostile_site / "robots.txt").read_text(encoding="utf-8")
    assert robots.splitlines()[-1] == f"Sitemap: {HOSTILE_ADDRESS}sitemap.xml" and robots.count("\n") == 4
    ics = (hostile_site / "calendar" / "new-zealand-un-reporting.ics").read_bytes().decode().replace("\r\n ", "")
    urls = {line for line in ics.split("\r\n") if line.startswith("URL:")}
    assert urls and all(line.startswith(f"URL:{HOSTILE_ADDRESS}calendar/") for line in urls)  # a URI value: not escaped
    texts = [line for line in ics.split("\r\n") if line.startswith("DESCRIPTION:") and "x.org" in line]
    assert texts and all("a&b=c\\;d\\,e(f)" in line for line in texts)  # in a text value, ';' and ',' escaped
    pdf = next(hostile_site.glob("reports/*/*.pdf"))
    links = [a["/A"]["/URI"] for page in PdfReader(pdf).pages for a in (page.get("/Annots") or []) if "/A" in a.get_object()]
    assert any(str(link).startswith(HOSTILE_ADDRESS) for link in links), links


def test_a_report_period_ending_at_the_end_of_time_is_the_documented_error(nz: tuple[Path, Path], tmp_path: Path) -> None:
    for args, message in [
        (["--to", "9999-12-31"], "error: the period ends (9999-12-31) after the data's as_of date"),
        (["--from", "9999-12-31"], "error: the period starts (9999-12-31) after it ends"),
    ]:
        made = run_build("report", "--data", nz[0], *args, "--out", tmp_path / "report.pdf")
        assert made.returncode == 1 and made.stderr.startswith(message), made.stderr
    assert not (tmp_path / "report.pdf").exists()
    assert report_view.chosen_period(dt.date(2026, 1, 1), None, dt.date(1, 6, 30)).start == dt.date.min  # no year 0


def test_releases_given_as_a_file_is_the_documented_error(nz: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """The command line in this process (cli.main, as build.py runs it): each refusal is its one line, exit 1."""
    given = tmp_path / "releases.json"
    given.write_text("{}", encoding="utf-8")
    for releases in (given, given / "under"):
        code = cli.main(["release", "--data", str(nz[0]), "--releases", str(releases)])
        err = capsys.readouterr().err
        assert code == 1 and "Traceback" not in err, err
        assert err.startswith(f"error: {releases}: --releases names a file, not a folder"), err
    code = cli.main(["build", "--data", str(nz[0]), "--releases", str(given), "--out", str(tmp_path / "site")])  # not read as 'none'
    err = capsys.readouterr().err
    assert code == 1 and "--releases names a file, not a folder" in err and not (tmp_path / "site").exists()
    assert given.read_text(encoding="utf-8") == "{}"


ENTITY = '<?xml version="1.0" encoding="{}"?>\n<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'


def with_part(source: Path, target: Path, name: str, encoding: str = "utf-8") -> Path:
    """A copy of the zip package at source whose part `name` declares an external entity, in the
    encoding given."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename == name:
                body = re.sub(r"^<\?xml[^>]*\?>", "", data.decode())
                data = (ENTITY.format(encoding.upper()) + body.replace(">", ">&xxe;", 1)).encode(encoding)
            new.writestr(info, data)
    return target


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_a_uhri_workbook_declaring_an_entity_is_refused_before_it_is_parsed(
    tmp_path: Path, capsys: pytest.CaptureFixture, encoding: str
) -> None:
    book = openpyxl.Workbook()
    book.active.append(["AnnotationId", "Text"])
    book.save(tmp_path / "plain.xlsx")
    hostile = with_part(tmp_path / "plain.xlsx", tmp_path / "export.xlsx", "xl/worksheets/sheet1.xml", encoding)
    code = cli.main(["import", "uhri", str(hostile), "--into", str(tmp_path / "package")])
    err = capsys.readouterr().err
    assert code == 1 and err.startswith("error: export.xlsx:0:xl/worksheets/sheet1.xml: XML entity declarations are not allowed")
    assert "root:" not in err and "Traceback" not in err and not (tmp_path / "package").exists()


def test_a_word_matrix_declaring_an_entity_is_refused_before_it_is_parsed(tmp_path: Path) -> None:
    plain = tmp_path / "plain.docx"
    with zipfile.ZipFile(plain, "w") as package:
        package.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        package.writestr("word/document.xml", '<?xml version="1.0"?><w:document/>')
    hostile = with_part(plain, tmp_path / "matrix.docx", "word/document.xml")
    with pytest.raises(SourceError) as refused:
        ohchr_matrix.open_document(hostile)
    assert str(refused.value).startswith("matrix.docx:0:word/document.xml: XML entity declarations are not allowed")


def import_fixtures(capsys: pytest.CaptureFixture, tmp_path: Path, project: Project | None = None) -> tuple[int, str, str]:
    """The upstream fixtures imported in this process: exit code, stdout, stderr."""
    upstream = [FIXTURES / "fixture-official.csv", FIXTURES / "fixture-enriched.csv"]
    (tmp_path / "tracking").mkdir(exist_ok=True)
    args = ["import", "upr-info", *upstream, "--into", tmp_path / "package", "--tracking", tmp_path / "tracking"]
    code = cli.main([str(a) for a in args], project=project)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    ("pattern", "words"),
    [
        (r"(\w+\s?)+qqqz", "repeats a part that itself repeats"),  # the fuzz run's: refused when read
        (r"(.|.)+\d", "took over 1 s on a text of"),  # no nesting, still exponential: stopped by the time bound
    ],
)
def test_a_curated_pattern_that_backtracks_is_a_located_error_never_a_hang(
    capsys: pytest.CaptureFixture, tmp_path: Path, curated_project: Project, curated: Path, pattern: str, words: str
) -> None:
    asks_file = curated / "curation" / "asks.yaml"
    asks_file.write_text(
        asks_file.read_text(encoding="utf-8").replace("['child poverty']", f"['{pattern}']", 1), encoding="utf-8"
    )
    started = time.monotonic()
    code, out, err = import_fixtures(capsys, tmp_path, curated_project)
    assert time.monotonic() - started < 30  # minutes before the bound, on a loaded test machine seconds
    assert code == 1 and re.match(r"\S+/curation/asks\.yaml:16:match: ", out) and words in out.splitlines()[0], out + err
    assert "Traceback" not in out + err and not (tmp_path / "package").exists()


def test_an_action_cue_that_backtracks_is_located_in_its_own_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    cues = tmp_path / "asks.yaml"
    text = asks.ASKS.read_text(encoding="utf-8")
    cues.write_text(text.replace("'withdraw\\w*'", "'(withdraw\\w*)*'", 1), encoding="utf-8")
    monkeypatch.setattr(asks, "ASKS", cues)
    with pytest.raises(InvalidPackage) as refused:
        asks.load(Project.default())
    [problem] = refused.value.problems
    line = next(n for n, t in enumerate(text.splitlines(), start=1) if t.startswith("  withdraw-reservation:"))
    assert (problem.row, problem.field) == (line, "actions/withdraw-reservation") and "repeats a part" in problem.message


def test_curated_patterns_are_matched_as_re_matches_them() -> None:
    """The regex module in VERSION0 gives re's matches: the catalogue's real patterns on real-like text."""
    vocabulary = asks.load(Project.default())
    text = "Consider ratifying the ICRMW, withdraw its reservations to CEDAW and sign the OP-CAT."
    assert asks.asks(text, vocabulary) == {("ratify", "icmw"), ("withdraw-reservation", "cedaw"), ("ratify", "op-cat")}
    entries = catalogue.load(Project.default().file(catalogue.CATALOGUE))
    found = catalogue_asks(["Reduce child poverty", "combat family violence against women"], entries)
    assert found == {"reduce-child-poverty": 0, "combat-violence-against-women": 1}


def test_no_path_of_the_build_machine_is_published(monitored: tuple[Path, Path]) -> None:
    """Tracking, assessment and summary files given from a folder outside the project (the shared
    `monitored` build imports them so: conftest.import_from_outside): the package and the site name
    them by file name, never by the folder they were in."""
    data, site = monitored
    outside = data.parent / OUTSIDE
    assert [p.name for p in sorted(outside.iterdir())] == ["assessments", "summaries.yaml", "tracking"]
    assert not outside.is_relative_to(ROOT)
    run = data.parent.parent  # the run's shared folder (data, site and the outside folder are in it)
    machine = [str(run), str(ROOT), str(Path.home())]
    leaks = [
        p for p in [*data.rglob("*"), *site.rglob("*")] if p.is_file() and any(m.encode() in p.read_bytes() for m in machine)
    ]
    assert leaks == []
    refs = {row["source_ref"].rsplit(":", 1)[0] for row in package.read_table(data, "response_rationales")}
    assert refs and all("/" not in ref for ref in refs), refs  # moj.yaml:12, by file name
    for table in ("actions", "progress_updates", "assessments", "summaries"):
        assert all("/" not in row["source_ref"] for row in package.read_table(data, table)), table


@pytest.fixture
def preview_server(tmp_path: Path) -> Iterator[int]:
    """The preview's server (uvicorn, in a thread) serving a small site on 127.0.0.1: its port."""
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "index.html").write_text("<p>home</p>", encoding="utf-8")
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    running = serve.server(tmp_path / "site", port, serve.Live())
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    while not running.started:
        time.sleep(0.01)
    yield port
    running.should_exit = True
    thread.join(5)


def ask(port: int, target: bytes) -> bytes:
    """The server's whole answer to GET target, sent as raw bytes (no client library would send a NUL)."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(b"GET " + target + b" HTTP/1.0\r\nHost: 127.0.0.1:%d\r\n\r\n" % port)
        chunks = []
        while chunk := connection.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


@pytest.mark.parametrize(
    ("target", "why"),
    [
        (b"/%00", "a control character"),
        (b"/a%00b/index.html", "a control character"),
        (b"/%zz", "not followed by two hexadecimal digits"),
        (b"/%4", "not followed by two hexadecimal digits"),
        (b"/%ff%fe", "not UTF-8"),
        (b"/" + b"a" * 9000, "longer than 8,192 characters"),
        (b"/" + b"a" * 70000, "longer than 8,192 characters"),
    ],
    ids=["nul", "nul-inside", "bad-escape", "short-escape", "not-utf8", "overlong", "over-64k"],
)
def test_the_preview_answers_a_malformed_path_with_400_and_one_log_line(
    preview_server: int, capsys: pytest.CaptureFixture, target: bytes, why: str
) -> None:
    assert ask(preview_server, b"/").startswith(b"HTTP/1.1 200")
    capsys.readouterr()
    answer = ask(preview_server, target)
    assert answer.startswith(b"HTTP/1.1 400"), answer[:200]
    time.sleep(0.1)  # the handler's thread logs as it answers
    log = capsys.readouterr().err.splitlines()
    assert len(log) == 1 and "] 400 malformed path: " in log[0] and why in log[0], log
    assert "Traceback" not in log[0] and "\x00" not in log[0]
    assert ask(preview_server, b"/index.html").startswith(b"HTTP/1.1 200")  # and it goes on serving
