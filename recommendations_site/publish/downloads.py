"""Downloads at /data/: the whole canonical package (CSV, JSON, Excel), a slice per hub and each
recommendation's own record. Every package carries licence, sources, sha256 and the data's date;
every CSV starts with a byte order mark so Excel keeps the macrons."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..model import Recommendation
from ..model.package import as_row, csv_lines, descriptor, json_items, json_list, json_single
from ..progress import progress
from ..render import hubs

BOM = b"\xef\xbb\xbf"


@dataclass
class Download:
    path: str  # relative to the site root
    title: str
    format: str
    bytes: int
    sha256: str
    records: int | None = None


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def finish_descriptor(
    folder: Path, meta: dict, resources: list[str], *, foreign_keys: bool, written: dict[str, bytes] | None = None
) -> bytes:
    """datapackage.json for the CSVs in folder, with their byte counts and sha256 hashes (from
    `written`, file name -> the bytes just written, where given, instead of reading them back)."""
    package = descriptor(meta, resources)
    for resource in package["resources"]:
        data = (written or {}).get(resource["path"])
        if data is None:
            data = (folder / resource["path"]).read_bytes()
        resource.update(encoding="utf-8-sig", bytes=len(data), hash=f"sha256:{hashlib.sha256(data).hexdigest()}")
        if not foreign_keys:
            resource["schema"] = {k: v for k, v in resource["schema"].items() if k != "foreignKeys"}
    text = (json.dumps(package, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    (folder / "datapackage.json").write_bytes(text)
    return text


def listing(site: Path, folder: Path, title: str, records: int | None = None) -> list[Download]:
    found = []
    for path in sorted(p for p in folder.iterdir() if p.is_file()):
        fmt = path.suffix.lstrip(".").upper()
        found.append(
            Download(str(path.relative_to(site)), f"{title}: {path.name}", fmt, path.stat().st_size, sha256(path), records)
        )
    return found


def whole_package(site: Path, canonical: Path, meta: dict, records: int) -> list[Download]:
    folder = site / "data" / "package"
    folder.mkdir(parents=True)
    names = [r["name"] for r in meta["resources"]]
    for name in names:
        (folder / f"{name}.csv").write_bytes(BOM + (canonical / f"{name}.csv").read_bytes())
        shutil.copyfile(canonical / f"{name}.json", folder / f"{name}.json")
    for report in sorted(canonical.glob("import-report-*.csv")):
        (folder / report.name).write_bytes(BOM + report.read_bytes())
    with pd.ExcelWriter(folder / "recommendations.xlsx", engine="openpyxl") as excel:
        for name in names:
            frame = pd.read_csv(canonical / f"{name}.csv", dtype=str, keep_default_na=False)
            frame.to_excel(excel, sheet_name=name[:31], index=False)
    fix_xlsx_dates(folder / "recommendations.xlsx", meta.get("data_date", ""))
    finish_descriptor(folder, meta, names, foreign_keys=True)
    return listing(site, folder, "Whole dataset", records)


def fix_xlsx_dates(path: Path, data_date: str) -> None:
    """Rewrite the workbook so that its bytes depend on the data, not the clock: openpyxl stamps
    docProps/core.xml (created, modified) and every zip entry with the time of writing. Both get
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


class Records:
    """Every recommendation's CSV line and JSON object, made once: a record is in the whole
    package, in each hub slice it belongs to (about eight) and in its own two files, and
    serialising it again for each was most of the cost of the downloads. The bytes are exactly
    what model.package.write_csv and write_json write."""

    def __init__(self, recs: list[Recommendation]):
        rows = [as_row(r) for r in recs]
        where = Path("recommendations.csv")
        self.header = csv_lines(where, "recommendations", [], header=True)[0]
        self.csv = dict(zip((r.id for r in recs), csv_lines(where, "recommendations", rows), strict=True))
        self.json = dict(zip((r.id for r in recs), json_items("recommendations", rows), strict=True))

    def csv_bytes(self, recs: list[Recommendation]) -> bytes:
        return BOM + (self.header + "".join(self.csv[r.id] for r in recs)).encode("utf-8")

    def json_bytes(self, recs: list[Recommendation]) -> bytes:
        return json_list([self.json[r.id] for r in recs]).encode("utf-8")


def hub_slices(site: Path, meta: dict, all_hubs: dict[str, list[hubs.Hub]], records: Records | None = None) -> list[Download]:
    """A small package per hub: all CRC recommendations, all for one agency, and so on."""
    downloads = []
    for hub_list in all_hubs.values():
        downloads += write_slices(site, meta, [h for h in hub_list if h.recs], records)
    return downloads


def write_slices(site: Path, meta: dict, hub_list: list[hubs.Hub], records: Records | None = None) -> list[Download]:
    """The slices of the given hubs, each folder's files listed as listing() lists them."""
    records = records or Records(sorted({r.id: r for h in hub_list for r in h.recs}.values(), key=lambda r: r.id))
    downloads = []
    for hub in progress(hub_list, "data slices"):
        folder = site / "data" / hub.url
        folder.mkdir(parents=True, exist_ok=True)
        files = {"recommendations.csv": records.csv_bytes(hub.recs), "recommendations.json": records.json_bytes(hub.recs)}
        for name, data in files.items():
            (folder / name).write_bytes(data)
        title = f"{meta['title']}: {hub.title}"
        files["datapackage.json"] = finish_descriptor(
            folder, {**meta, "title": title}, ["recommendations"], foreign_keys=False, written=files
        )
        for name in sorted(files):
            data = files[name]
            fmt = name.rsplit(".", 1)[1].upper()
            path = str((folder / name).relative_to(site))
            downloads.append(
                Download(path, f"{hub.title}: {name}", fmt, len(data), hashlib.sha256(data).hexdigest(), len(hub.recs))
            )
    return downloads


def record_files(site: Path, recs: list[Recommendation], records: Records | None = None) -> None:
    """Each recommendation's own record as JSON and CSV, beside its page."""
    records = records or Records(recs)
    for rec in progress(recs, "record files"):
        record_file(site, rec, records)


def record_file(site: Path, rec: Recommendation, records: Records) -> None:
    folder = site / "recommendations" / rec.id
    (folder / f"{rec.id}.csv").write_bytes(BOM + (records.header + records.csv[rec.id]).encode("utf-8"))
    (folder / f"{rec.id}.json").write_bytes(json_single(records.json[rec.id]).encode("utf-8"))
