"""The downloads as a data engineer and a journalist read them: a Data Package v2 descriptor
frictionless validates, Parquet and Excel typed, every recommendation's address in every format,
and the loading recipes of content/using-the-data.md keeping paragraph 81.10 apart from 81.1."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import openpyxl
import pandas as pd
import pyarrow.parquet as pq
import pytest
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
