"""Downloads at /data/: the whole canonical package (CSV, JSON, Excel) and a slice per hub, each a
Data Package carrying licence, sources, sha256 and the data's date; the downloads page listing
them with its schema.org Dataset description, and SHA256SUMS. Every CSV starts with a byte order
mark so Excel keeps the macrons. (Each recommendation's own record is beside its page:
outputs/recommendations.py.)"""

from __future__ import annotations

import csv
import hashlib
import json
import re
import tempfile
import zipfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from ..files import swap_in
from ..model.coverage import sentence as coverage_sentence
from ..model.package import csv_lines, descriptor, json_items, json_list, parse_cell, read_table
from ..model.reference import report_schema
from ..progress import progress
from ..render import coverage, formats, hubs, jsonld
from ..render.artefacts import Download, Slices, Stylesheets, TiritiView, WholePackage, WholePending
from ..render.build import FORK, PAGES, TABLES, Build, Change, freeze_before_fork, reads
from ..render.formats import published_fields
from ..render.records import BOM, Records
from ..render.urls import url

READS = reads(TABLES, PAGES, "release")  # the whole package, and its slices
PROVIDES: frozenset[type] = frozenset({Slices, WholePackage, WholePending})
NEEDS: frozenset[type] = frozenset({Stylesheets, TiritiView})


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def finish_descriptor(
    folder: Path,
    meta: dict,
    resources: list[str],
    *,
    foreign_keys: bool,
    written: dict[str, bytes] | None = None,
    reports: list[str] = (),  # type: ignore[assignment]
    digests: dict[str, str] | None = None,
) -> bytes:
    """datapackage.json (v2) for the CSVs in folder, with their byte counts and sha256 hashes (from
    `written`, file name -> the bytes just written, where given, instead of reading them back); the
    recommendations with their `url`, and the import reports named in `reports` described too.
    digests: filled with each described file's sha256 (hex), for a caller that lists them too."""
    package = descriptor(meta, resources)
    package["homepage"] = meta["homepage"]
    package["resources"] += [report_resource(name) for name in reports]
    for resource in package["resources"]:
        data = (written or {}).get(resource["path"])
        if data is None:
            data = (folder / resource["path"]).read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        if digests is not None:
            digests[resource["path"]] = digest
        resource.update(bytes=len(data), hash=f"sha256:{digest}")
        if not resource["name"].startswith("import-report-"):  # names beside codes, the recommendations' url
            resource["schema"] = {**resource["schema"], "fields": published_fields(resource["name"])}
        if not foreign_keys:
            resource["schema"] = {k: v for k, v in resource["schema"].items() if k != "foreignKeys"}
    text = (json.dumps(package, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    (folder / "datapackage.json").write_bytes(text)
    return text


def report_resource(path: str) -> dict:
    """An import report (import-report-IMPORTER.csv): what the import did with every input row."""
    name = path.removesuffix(".csv")
    return {
        "name": name,
        "type": "table",
        "path": path,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        **report_schema(),
    }


FIRST = ("recommendations.csv", "recommendations.xlsx", "recommendations.parquet", "recommendations.json", "datapackage.json")


def listing(site: Path, folder: Path, title: str, records: int | None = None) -> list[Download]:
    """The folder's files, the recommendations in each format and the descriptor first."""
    found = []
    for path in sorted(
        (p for p in folder.iterdir() if p.is_file()),
        key=lambda p: (p.name not in FIRST, FIRST.index(p.name) if p.name in FIRST else 0, p.name),
    ):
        fmt = path.suffix.lstrip(".").upper()
        found.append(
            Download(str(path.relative_to(site)), f"{title}: {path.name}", fmt, path.stat().st_size, sha256(path), records)
        )
    return found


def whole_package(site: Path, canonical: Path, meta: dict, records: int, address: str) -> list[Download]:
    """The canonical package with each recommendation's address (on the site at address), in CSV,
    JSON, Parquet and one workbook; the recommendations' CSV and JSON are there already (started()). One
    table at a time is in memory: in a large build this runs beside the page workers (write()), and
    every table held at once was most of the build's peak (1.4 GB of it at 100,000, now 1.0 GB)."""
    folder = site / "data" / "package"
    names = [r["name"] for r in meta["resources"]]
    lookup = formats.name_lookup({name: read_table(canonical, name) for name in formats.naming_tables() & set(names)})
    reports = [report.name for report in sorted(canonical.glob("import-report-*.csv"))]
    for report in reports:
        (folder / report).write_bytes(BOM + (canonical / report).read_bytes())
    # the workbook holds every table the package has, the import reports too
    with formats.workbook(folder / "recommendations.xlsx") as add_sheet:
        for name in names:
            rows = read_table(canonical, name)
            if name == "recommendations":
                for row in rows:
                    row["url"] = f"{address}{url('recommendation', row['id'])}"
            for i, row in enumerate(rows):  # in place: each row as read is let go as its named one is made
                rows[i] = formats.with_names(name, row, lookup)
            if name != "recommendations":
                csv_data, json_data = table_bytes(name, rows)
                (folder / f"{name}.csv").write_bytes(csv_data)
                (folder / f"{name}.json").write_bytes(json_data)
                del csv_data, json_data
            formats.write_parquet(folder / f"{name}.parquet", name, rows)
            add_sheet(name, rows)
        for report in reports:
            add_sheet(report.removesuffix(".csv"), read_report(canonical / report))
    fix_xlsx_dates(folder / "recommendations.xlsx", meta.get("data_date", ""))
    finish_descriptor(folder, meta, names, foreign_keys=True, reports=reports)
    return listing(site, folder, "Whole dataset", records)


def table_bytes(name: str, rows: list[dict]) -> tuple[bytes, bytes]:
    """A table's CSV (with its byte order mark) and JSON as the downloads hold it: with names beside codes."""
    fields = published_fields(name)
    csv_text = "".join(csv_lines(Path(f"{name}.csv"), name, rows, header=True, fields=fields))
    return BOM + csv_text.encode("utf-8"), json_list(json_items(name, rows, fields)).encode("utf-8")


def read_report(path: Path) -> list[dict]:
    """An import report's rows, typed by its schema (schema.yaml: import_report)."""
    fields = {f["name"]: f for f in report_schema()["schema"]["fields"]}
    with path.open(encoding="utf-8", newline="") as handle:
        return [{k: parse_cell(fields[k], v) for k, v in row.items()} for row in csv.DictReader(handle)]


def fix_xlsx_dates(path: Path, data_date: str) -> None:
    """Rewrite the workbook so that its bytes depend on the data, not the clock: XlsxWriter stamps
    docProps/core.xml (created, modified) with the time of writing, and every zip entry with 1980. Both get
    the data's date instead (its first day when only a year is known; 1980, zip's epoch, if none)."""
    parts = [int(p) for p in data_date[:10].split("-")] if data_date else [1980]
    year, month, day = [*parts, 1, 1][:3]
    stamp = f"{year:04d}-{month:02d}-{day:02d}T00:00:00Z"
    with zipfile.ZipFile(path) as source:
        entries = [(info.filename, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w") as target:
        for name, data in entries:
            if name == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(created|modified)\b[^>]*>)[^<]*", rb"\g<1>" + stamp.encode(), data)
            target.writestr(zipfile.ZipInfo(name, date_time=(year, month, day, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)


def hub_slices(site: Path, meta: dict, all_hubs: dict[str, list[hubs.Hub]], records: Records) -> list[Download]:
    """A small package per hub: all CRC recommendations, all for one agency, and so on."""
    downloads = []
    for hub_list in all_hubs.values():
        downloads += write_slices(site, meta, [h for h in hub_list if h.recs], records)
    return downloads


def write_slices(site: Path, meta: dict, hub_list: list[hubs.Hub], records: Records) -> list[Download]:
    """The slices of the given hubs, each folder's files listed as listing() lists them."""
    downloads = []
    for hub in progress(hub_list, "data slices"):
        folder = site / "data" / hub.url
        folder.mkdir(parents=True, exist_ok=True)
        files = {"recommendations.csv": records.csv_bytes(hub.recs), "recommendations.json": records.json_bytes(hub.recs)}
        for name, data in files.items():
            (folder / name).write_bytes(data)
        title = f"{meta['title']}: {hub.title}"
        name = f"{meta['name']}-{hub.url.replace('/', '-').strip('-')}"  # each slice its own name
        described = {**meta, "title": title, "name": name, "description": slice_description(meta, hub, title)}
        digests: dict[str, str] = {}  # each file hashed once: for its descriptor and for SHA256SUMS
        files["datapackage.json"] = finish_descriptor(
            folder, described, ["recommendations"], foreign_keys=False, written=files, digests=digests
        )
        for name in sorted(files):
            data = files[name]
            fmt = name.rsplit(".", 1)[1].upper()
            path = str((folder / name).relative_to(site))
            digest = digests.get(name) or hashlib.sha256(data).hexdigest()
            downloads.append(Download(path, f"{hub.title}: {name}", fmt, len(data), digest, len(hub.recs)))
    return downloads


def slice_description(meta: dict, hub: hubs.Hub, title: str) -> str:
    """A slice's own description: what it is, and the coverage of the documents its recommendations
    come from (the whole package's coverage table, which published() carries)."""
    documents = {hubs.review_key(r) for r in hub.recs}
    rows = [row for row in meta.get("coverage", []) if row["id"] in documents]
    lead = "Coverage of the UN documents these come from (held: in the whole dataset)"
    table = "are in the whole dataset's coverage table"
    return f"{title}: {len(hub.recs)} recommendation(s), a filtered slice of the whole dataset. {coverage_sentence(rows, lead, table)}"


def human_size(n: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024  # type: ignore[assignment]
    return str(n)


# The whole dataset's main files, in the order the downloads page leads with them, and what each is.
# A file listed here shows once the package has it (the Parquet file comes with its own output).
WHOLE_FILES = {
    "recommendations.csv": ("CSV", "Every recommendation, one row each: opens in Excel, R, pandas or any spreadsheet."),
    "recommendations.xlsx": ("Excel", "An Excel workbook: every table of the package on a sheet of its own."),
    "recommendations.parquet": ("Parquet", "Typed columns for pandas, R (arrow), DuckDB or Spark: the quickest to load."),
    "recommendations.json": ("JSON", "Every recommendation as a JSON list, fields with several values as lists."),
    "datapackage.json": ("Data Package", "The Frictionless descriptor: every table, field, type and source, with hashes."),
}


def leading(whole: list[Download]) -> list[dict]:
    """The whole dataset's main files that the package has, in WHOLE_FILES order, with what each is."""
    by_name = {Path(d.path).name: d for d in whole}
    return [
        {"path": by_name[name].path, "name": name, "format": fmt, "what": what, "size": human_size(by_name[name].bytes)}
        for name, (fmt, what) in WHOLE_FILES.items()
        if name in by_name
    ]


def other_tables(meta: dict, whole: list[Download]) -> list[dict]:
    """The package's other tables (reference tables, tracking, asks), each as CSV, JSON and Parquet,
    and its import reports (CSV only; every one is a sheet of the workbook too)."""
    present = {Path(d.path).name for d in whole}
    found = [
        {
            "title": r.get("title", r["name"]),
            "files": [f"{r['name']}.{ext}" for ext in ("csv", "json", "parquet") if f"{r['name']}.{ext}" in present],
        }
        for r in meta["resources"]
        if r["name"] != "recommendations"
    ]
    reports = sorted(n for n in present if n.startswith("import-report-"))
    return found + [
        {"title": f"Import report ({n.removeprefix('import-report-').removesuffix('.csv')})", "files": [n]} for n in reports
    ]


def dictionary(meta: dict) -> list[dict]:
    """The recommendations table's fields as the downloads hold them (model/schema.yaml): the names
    beside the codes and the address too, as the published datapackage.json describes them."""
    return [{"name": f["name"], "type": f["type"], "description": f.get("description", "")} for f in published_fields("recommendations")]


def write_page(build: Build, whole: list[Download], slices: list[Download]) -> None:
    """The downloads page and SHA256SUMS."""
    meta, write_page = build.meta, build.writer
    lines = [f"{d.sha256}  {d.path}" for d in whole + slices]
    write_page.file("data/SHA256SUMS", "\n".join(lines) + "\n")
    groups = []
    for kind, hub_list in build.hubs.items():
        folder, title, column = hubs.HUB_KINDS[kind]
        items = [  # named as everywhere: an agency by both its names (_names.html)
            {
                "name": h.title,
                "lang": h.lang,
                "other": h.other,
                "other_lang": h.other_lang,
                "url": f"data/{h.url}",
                "records": len(h.recs),
            }
            for h in hub_list
            if h.recs
        ]
        groups.append({"id": folder, "title": title, "column": column, "slices": items})
    write_page.page(
        "data/",
        "downloads.html",
        "Download the data",
        "Every UN human rights recommendation on this site as open data: CSV, JSON, Excel and Frictionless Data Packages.",
        leading=leading(whole),
        records=len(build.recs),
        tables=other_tables(meta, whole),
        fields=dictionary(meta),
        whole=[
            {"path": d.path, "name": Path(d.path).name, "format": d.format, "size": human_size(d.bytes), "sha256": d.sha256}
            for d in whole
        ],
        slices=groups,
        data_date=meta.get("data_date", ""),
        coverage=coverage.figures(build.tables.get("coverage", [])),
        jsonld=jsonld.dataset(write_page.site, published(build), build.recs, "data/"),
    )


def by_folder(found: list[Download]) -> dict[str, list[Download]]:
    """Downloads grouped by their folder (one hub's slice each), in order."""
    folders: dict[str, list[Download]] = {}
    for download in found:
        folders.setdefault(download.path.rsplit("/", 1)[0], []).append(download)
    return folders


def published(build: Build) -> dict:
    """The package's descriptor fields as the site publishes them: with its homepage."""
    return {**build.meta, "homepage": f"{build.site.url}data/", "coverage": build.tables.get("coverage", [])}


def started(build: Build, root: Path) -> tuple[Path, Path, dict, int, str]:
    """The whole package's folder under root with the recommendations' CSV and JSON, written here as
    the records are serialised (a process of its own would take a copy of their 100s of MB); returns
    whole_package()'s arguments, for the rest."""
    folder = root / "data" / "package"
    folder.mkdir(parents=True)
    (folder / "recommendations.csv").write_bytes(build.records.csv_bytes(build.recs))
    (folder / "recommendations.json").write_bytes(build.records.json_bytes(build.recs))
    return root, build.data, published(build), len(build.recs), build.site.url


def whole_of(build: Build, root: Path) -> list[Download]:
    """whole_package() of the build into root, in this process."""
    return whole_package(*started(build, root))


def write(build: Build) -> None:
    """In a large build, the whole package's Excel workbook, which takes as long as a third of the
    pages, started in a process of its own: it is written while the recommendation pages are. Not
    in the build's spare process, which lives as long as the build: this one ends once the package
    is written, and gives back the memory it took (900 MB at 100,000 recommendations, kept by the
    spare process until the build's end, when the page workers peak)."""
    if build.parallel and build.aside is not None:
        freeze_before_fork()
        alone = ProcessPoolExecutor(1, mp_context=FORK)
        future = alone.submit(whole_package, *started(build, build.out))
        alone.shutdown(wait=False)  # its process ends when the package is written
        build.cleanups.append(lambda: alone.shutdown(wait=True, cancel_futures=True))  # a failed build waits for it
        build.provide(WholePending(future))


def finish(build: Build) -> None:
    """The slices, the Te Tiriti o Waitangi view's first, then, once the whole package is written,
    the page. The slices are written here, after every page, while Pagefind indexes the
    recommendation pages: the build waited for it with nothing else to do."""
    meta, tiriti = published(build), build.need(TiritiView).hub
    first = by_folder(write_slices(build.out, meta, [tiriti], build.records) if tiriti.recs else [])
    build.provide(Slices({**first, **by_folder(hub_slices(build.out, meta, build.hubs, build.records))}))
    later = build.find(WholePending)
    whole = later.future.result() if later is not None else whole_of(build, build.out)
    build.provide(WholePackage(whole))
    write_page(build, whole, build.need(Slices).files())


def update(build: Build, change: Change) -> None:
    """The whole package and the slices of the Te Tiriti view and of the hubs the edit touched,
    written beside the site and swapped in, then the page."""
    tiriti = build.need(TiritiView).hub
    first = [tiriti] if tiriti.recs else []
    with tempfile.TemporaryDirectory(prefix=".preview-", dir=build.out.parent) as tmp:
        root = Path(tmp)
        whole = whole_of(build, root)
        touched = [h for hub_list in build.hubs.values() for h in hub_list if (h.kind, h.key) in change.hubs and h.recs]
        fresh = by_folder(write_slices(root, published(build), first + touched, build.records))
        swap_in(root / "data" / "package", build.out / "data" / "package")
        for folder in fresh:
            swap_in(root / folder, build.out / folder)
    slices = {**change.before.need(Slices).folders, **fresh}
    order = [f"data/{h.url}".rstrip("/") for h in first + [h for hub_list in build.hubs.values() for h in hub_list if h.recs]]
    build.provide(Slices({folder: slices[folder] for folder in order if folder in slices}))
    build.provide(WholePackage(whole))
    write_page(build, whole, build.need(Slices).files())
