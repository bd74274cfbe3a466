"""The downloads page (/data/) with its schema.org Dataset description, and SHA256SUMS."""

from __future__ import annotations

from pathlib import Path

from ..render import Writer, hubs
from .downloads import Download


def human_size(n: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024  # type: ignore[assignment]
    return str(n)


def dataset_jsonld(meta: dict, site_url: str, whole: list[Download]) -> dict:
    return {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": meta["title"],
        "description": "UN human rights recommendations with the Government's responses, themes, affected groups and lead agencies.",
        "url": f"{site_url}data/",
        "license": "https://creativecommons.org/licenses/by/4.0/",
        "isAccessibleForFree": True,
        "temporalCoverage": meta.get("data_date", ""),
        "creditText": "; ".join(s.get("attribution", "") for s in meta["sources"]),
        "distribution": [
            {"@type": "DataDownload", "encodingFormat": d.format, "contentUrl": f"{site_url}{d.path}", "name": Path(d.path).name}
            for d in whole
        ],
    }


def write(write_page: Writer, meta: dict, whole: list[Download], slices: list[Download], all_hubs: dict) -> None:
    site = write_page.out
    lines = [f"{d.sha256}  {d.path}" for d in whole + slices]
    (site / "data" / "SHA256SUMS").write_text("\n".join(lines) + "\n", encoding="utf-8")
    groups = []
    for kind, hub_list in all_hubs.items():
        folder, title, column = hubs.HUB_KINDS[kind]
        items = [{"title": h.title, "lang": h.lang, "url": f"data/{h.url}", "records": len(h.recs)} for h in hub_list if h.recs]
        groups.append({"id": folder, "title": title, "column": column, "slices": items})
    write_page.page(
        "data/",
        "downloads.html",
        "Download the data",
        "Every UN human rights recommendation on this site as open data: CSV, JSON, Excel and Frictionless Data Packages.",
        whole=[
            {"path": d.path, "name": Path(d.path).name, "format": d.format, "size": human_size(d.bytes), "sha256": d.sha256}
            for d in whole
        ],
        slices=groups,
        data_date=meta.get("data_date", ""),
        dataset=dataset_jsonld(meta, write_page.site.url, whole),
    )
