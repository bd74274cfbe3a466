"""Downloads at /data/: the whole canonical package (CSV, JSON, Excel), a slice per hub and each
recommendation's own record. Every package carries licence, sources, sha256 and the data's date;
every CSV starts with a byte order mark so Excel keeps the macrons."""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..model import Recommendation
from ..model.package import descriptor, write_csv, write_json, write_table
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


def finish_descriptor(folder: Path, meta: dict, resources: list[str], *, foreign_keys: bool) -> None:
    """datapackage.json for the CSVs in folder, with their byte counts and sha256 hashes."""
    package = descriptor(meta, resources)
    for resource in package["resources"]:
        path = folder / resource["path"]
        resource.update(encoding="utf-8-sig", bytes=path.stat().st_size, hash=f"sha256:{sha256(path)}")
        if not foreign_keys:
            resource["schema"] = {k: v for k, v in resource["schema"].items() if k != "foreignKeys"}
    (folder / "datapackage.json").write_text(json.dumps(package, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


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
    finish_descriptor(folder, meta, names, foreign_keys=True)
    return listing(site, folder, "Whole dataset", records)


def hub_slices(site: Path, meta: dict, all_hubs: dict[str, list[hubs.Hub]]) -> list[Download]:
    """A small package per hub: all CRC recommendations, all for one agency, and so on."""
    downloads = []
    for hub_list in all_hubs.values():
        for hub in progress([h for h in hub_list if h.recs], "data slices"):
            folder = site / "data" / hub.url
            folder.mkdir(parents=True)
            write_table(folder, "recommendations", [r.to_dict() for r in hub.recs], bom=True)
            finish_descriptor(folder, {**meta, "title": f"{meta['title']}: {hub.title}"}, ["recommendations"], foreign_keys=False)
            downloads += listing(site, folder, hub.title, len(hub.recs))
    return downloads


def record_files(site: Path, recs: list[Recommendation]) -> None:
    """Each recommendation's own record as JSON and CSV, beside its page."""
    for rec in progress(recs, "record files"):
        folder = site / "recommendations" / rec.id
        write_csv(folder / f"{rec.id}.csv", "recommendations", [rec.to_dict()], bom=True)
        write_json(folder / f"{rec.id}.json", "recommendations", rec.to_dict())
