"""The downloads as a data engineer and a journalist read them: a Data Package v2 descriptor
frictionless validates, Parquet and Excel typed, every recommendation's address in every format,
and the loading recipes of content/using-the-data.md keeping paragraph 81.10 apart from 81.1."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import duckdb
import openpyxl
import pandas as pd
import pyarrow.parquet as pq
import pytest
from bs4 import BeautifulSoup
from frictionless import validate

TEXT = {"id": "string", "paragraph": "string", "session": "string", "document_symbol": "string"}


@pytest.fixture(scope="module")
def package(nz: tuple[Path, Path]) -> Path:
    return nz[1] / "data" / "package"


def test_the_descriptor_is_a_complete_data_package_v2(package: Path) -> None:
    meta = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    assert meta["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json" and "profile" not in meta
    assert meta["version"] == meta["as_of"] and meta["created"] == f"{meta['as_of']}T00:00:00Z"
    assert meta["description"] and "human rights" in meta["keywords"] and meta["homepage"].endswith("/data/")
    assert {c["title"] for c in meta["contributors"]} == {s["title"] for s in meta["sources"]}
    assert all(s["path"].startswith("https://") for s in meta["sources"])  # addresses that exist, not local file names
    assert any(lic.get("name") == "CC-BY-4.0" for lic in meta["licenses"])
    for resource in meta["resources"]:
        assert resource["encoding"] == "utf-8" and (package / resource["path"]).is_file()
        for field in resource["schema"]["fields"]:
            assert field["type"] != "list" or field["itemType"] == "string", (resource["name"], field["name"])
    reports = [r for r in meta["resources"] if r["name"].startswith("import-report-")]
    assert [r["path"] for r in reports] == [p.name for p in sorted(package.glob("import-report-*.csv"))] != []
    fields = {f["name"]: f for f in meta["resources"][0]["schema"]["fields"]}
    assert fields["paragraph"]["type"] == "string" and fields["year"]["type"] == "integer" and "url" in fields
    report = validate(package / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "message"])[:5]


def test_each_slice_has_its_own_name(nz: tuple[Path, Path]) -> None:
    names = [json.loads(p.read_text(encoding="utf-8"))["name"] for p in (nz[1] / "data").rglob("datapackage.json")]
    assert len(names) > 20 and len(set(names)) == len(names)


def test_the_recipes_keep_paragraphs_apart(package: Path) -> None:
    guessed = pd.read_csv(package / "recommendations.csv")  # what a double-click does: 81.10 becomes 81.1
    documented = pd.read_csv(package / "recommendations.csv", dtype=TEXT, keep_default_na=False)
    pairs = documented[["document_symbol", "paragraph"]].drop_duplicates()
    assert len(pairs) == len(documented) == 219 and "81.10" in set(documented["paragraph"])
    assert guessed[["document_symbol", "paragraph"]].drop_duplicates().shape[0] < 219  # the problem the recipe avoids
    typed = pd.read_parquet(package / "recommendations.parquet")
    assert typed["paragraph"].tolist() == documented["paragraph"].tolist() and typed["year"].dtype == "int64"
    csv = duckdb.sql(
        f"SELECT count(DISTINCT document_symbol || ' ' || paragraph) FROM read_csv('{package / 'recommendations.csv'}', "
        "types = {'id': 'VARCHAR', 'paragraph': 'VARCHAR', 'session': 'VARCHAR', 'document_symbol': 'VARCHAR'})"
    ).fetchall()
    assert csv == [(219,)]


def test_parquet_is_typed(package: Path) -> None:
    schema = pq.read_schema(package / "recommendations.parquet")
    types = {name: str(schema.field(name).type) for name in schema.names}
    assert types["id"] == types["paragraph"] == types["session"] == "string"
    assert types["year"] == types["cycle"] == "int64" and types["date"] == "date32[day]"
    assert types["themes"] == types["recommending_states"] == "list<element: string>"
    rows = duckdb.sql(
        f"SELECT typeof(year), typeof(themes), len(recommending_states) FROM '{package / 'recommendations.parquet'}' LIMIT 1"
    )
    assert rows.fetchall()[0][:2] == ("BIGINT", "VARCHAR[]")
    assert len(list(package.glob("*.parquet"))) == len(list(package.glob("*.json"))) - 1  # every table (not the descriptor)


def test_the_workbook_is_typed_frozen_and_filtered(package: Path) -> None:
    book = openpyxl.load_workbook(package / "recommendations.xlsx")
    sheet = book["recommendations"]
    header = [c.value for c in sheet[1]]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == sheet.dimensions
    rows = [dict(zip(header, (c.value for c in row), strict=True)) for row in sheet.iter_rows(min_row=2)]
    assert {type(r["year"]) for r in rows} == {int} and {type(r["paragraph"]) for r in rows} == {str}
    assert "81.10" in {r["paragraph"] for r in rows} and all(r["url"].endswith(f"/recommendations/{r['id']}/") for r in rows)


def test_every_format_carries_each_recommendations_address(nz: tuple[Path, Path], package: Path) -> None:
    site = nz[1]
    address = "http://127.0.0.1:8000/recommendations/a-hrc-26-3-128-14/"  # mkdocs.yml's site_url, the default
    csv = pd.read_csv(package / "recommendations.csv", dtype=str).set_index("id")
    records = {r["id"]: r for r in json.loads((package / "recommendations.json").read_text(encoding="utf-8"))}
    assert csv.loc["a-hrc-26-3-128-14", "url"] == records["a-hrc-26-3-128-14"]["url"] == address
    assert pd.read_parquet(package / "recommendations.parquet").set_index("id").loc["a-hrc-26-3-128-14", "url"] == address
    one = site / "recommendations" / "a-hrc-26-3-128-14" / "a-hrc-26-3-128-14.json"
    assert json.loads(one.read_text(encoding="utf-8"))["url"] == address
    slice_csv = pd.read_csv(site / "data" / "reviews" / "a-hrc-26-3" / "recommendations.csv", dtype=str)
    assert slice_csv["url"].str.startswith("http://127.0.0.1:8000/recommendations/").all()


# The recipes of "Using the data", run as printed: each reading of each file keeps 81.10 apart from 81.1.
USING = Path(__file__).resolve().parent.parent / "content" / "using-the-data.md"
PAIRS = 219  # distinct (document_symbol, paragraph) pairs of the real NZ data


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", USING.read_text(encoding="utf-8"), re.DOTALL)


def test_the_pandas_recipes_keep_paragraphs_text(package: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(package)
    (code,) = blocks("python")
    readers = [line for line in code.splitlines() if re.match(r"recs = pd\.read_(csv|json|excel)\(", line)]
    assert [re.search(r"read_(\w+)", r)[1] for r in readers] == ["csv", "json", "excel"]
    setup = "\n".join(line for line in code.splitlines() if line.startswith(("import", "TEXT")))
    found = []
    for reader in readers:
        scope: dict = {}
        exec(f"{setup}\n{reader}", scope)
        recs = scope["recs"]
        found.append((recs[["document_symbol", "paragraph"]].drop_duplicates().shape[0], "81.10" in set(recs["paragraph"])))
        guessed = getattr(pd, re.search(r"pd\.(read_\w+)", reader)[1])(reader.split('"')[1], **({"sheet_name": "recommendations"} if "excel" in reader else {}))
        assert "81.10" not in set(guessed["paragraph"].astype(str)), reader  # the problem the recipe avoids
    assert found == [(PAIRS, True)] * 3


def test_the_duckdb_recipes_keep_paragraphs_text(package: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(package)
    (code,) = blocks("sql")
    statements = [s.strip() for s in code.split(";") if s.strip()]
    assert len(statements) == 3 and duckdb.sql(statements[0]).fetchall()
    for statement in statements[1:]:
        query = f"SELECT count(DISTINCT document_symbol || ' ' || paragraph), bool_or(paragraph = '81.10') FROM ({statement})"
        assert duckdb.sql(query).fetchall() == [(PAIRS, True)], statement


@pytest.mark.skipif(shutil.which("Rscript") is None, reason="R is missing: bash scripts/install --with-browser installs it")
def test_the_r_recipes_keep_paragraphs_text(package: Path) -> None:
    (code,) = blocks("r")
    lines = code.strip().splitlines()
    setup, readers = [line for line in lines if not line.startswith("recs <-")], [line for line in lines if line.startswith("recs <-")]
    assert len(readers) == 3
    check = 'cat(length(unique(paste(recs$document_symbol, recs$paragraph))), "81.10" %in% recs$paragraph, "\\n")'
    script = "\n".join([*setup, *(f"{reader}\n{check}" for reader in readers)])
    ran = subprocess.run(["Rscript", "-e", script], cwd=package, capture_output=True, text=True, timeout=120)
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.split("\n")[:3] == [f"{PAIRS} TRUE "] * 3, ran.stdout


def test_one_missing_value_rule_in_every_table(package: Path) -> None:
    """null in JSON, an empty cell in CSV: never "" in one column and null in another."""
    meta = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    tables = [r["name"] for r in meta["resources"] if not r["name"].startswith("import-report-")]
    empty_strings, nulls = [], 0
    for name in tables:
        rows = json.loads((package / f"{name}.json").read_text(encoding="utf-8"))
        empty_strings += [[name, row.get("id", i), key] for i, row in enumerate(rows) for key, v in row.items() if v == ""]
        nulls += sum(v is None for row in rows for v in row.values())
        csv_text = (package / f"{name}.csv").read_text(encoding="utf-8-sig")
        assert not re.search(r'(?m)(^|,)""(?=,|\r?$)', csv_text), name  # an empty cell, never a quoted empty string
    assert empty_strings == [] and nulls > 0 and len(tables) > 20


def test_names_stand_beside_codes(package: Path) -> None:
    recs = pd.read_csv(package / "recommendations.csv", dtype=str, keep_default_na=False).set_index("id")
    header = list(recs.columns)
    for code, name in [("lead_agencies", "lead_agency_names"), ("themes", "theme_names"), ("body", "body_name")]:
        assert header.index(name) == header.index(code) + 1
    row = recs.loc["a-hrc-26-3-128-14"]
    agencies = pd.read_csv(package / "agencies.csv", dtype=str).set_index("id")["name"]
    assert row["lead_agency_names"].split("|") == [agencies[c] for c in row["lead_agencies"].split("|")] != []
    assert row["body_name"] == "Universal Periodic Review (Human Rights Council)"
    book = openpyxl.load_workbook(package / "recommendations.xlsx", read_only=True)
    sheet_header = [c.value for c in next(book["recommendations"].iter_rows(max_row=1))]
    assert {"lead_agency_names", "theme_names", "affected_group_names", "mechanism_name"} <= set(sheet_header)
    fields = {f["name"] for f in json.loads((package / "datapackage.json").read_text(encoding="utf-8"))["resources"][0]["schema"]["fields"]}
    assert set(header) | {"id"} == fields


def test_using_the_data_says_which_formats_each_table_has(nz: tuple[Path, Path], package: Path) -> None:
    page = BeautifulSoup((nz[1] / "using-the-data" / "index.html").read_text(encoding="utf-8"), "html.parser")
    table = next(t for t in page.select("table") if "Parquet" in t.get_text())
    heads = [th.get_text(" ", strip=True) for th in table.select("thead th")]
    claims = [[td.get_text(strip=True) for td in tr.select("td")] for tr in table.select("tbody tr")]
    assert heads[1:] == ["CSV", "JSON", "Parquet", "workbook"] and [c[0] for c in claims] == ["every table of the package", "each import report"]
    meta = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    sheets = set(openpyxl.load_workbook(package / "recommendations.xlsx", read_only=True).sheetnames)
    names = [r["name"] for r in meta["resources"]]
    assert len(sheets) == len(names) and any(n.startswith("import-report-") for n in names)  # the workbook holds every table
    actual = {
        kind: {
            (*tuple("yes" if (package / f"{n}.{ext}").is_file() else "no" for ext in ("csv", "json", "parquet")), "yes" if n in sheets else "no")
            for n in names
            if n.startswith("import-report-") == (kind == "report")
        }
        for kind in ("table", "report")
    }
    assert actual == {"table": {tuple(claims[0][1:])}, "report": {tuple(claims[1][1:])}}
