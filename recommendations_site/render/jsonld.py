"""schema.org structured data (JSON-LD) for search engines and dataset catalogues: a complete
Dataset on the home, downloads and hub pages, and each recommendation as a CreativeWork of its
UN document. Every URL is absolute, from the site's address; formats are MIME types."""

from __future__ import annotations

from ..model import Recommendation
from . import Site
from .urls import url

MIME = {
    "csv": "text/csv",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "parquet": "application/vnd.apache.parquet",
}
WHOLE = ("recommendations.csv", "recommendations.xlsx", "recommendations.parquet", "recommendations.json", "datapackage.json")
SLICE = ("recommendations.csv", "recommendations.json", "datapackage.json")
LICENCE = "https://creativecommons.org/licenses/by/4.0/"


def place(site: Site) -> dict:
    return {"@type": "Country", "name": site.country}


def temporal(recs: list[Recommendation]) -> str:
    """The years the recommendations were made in, as an ISO 8601 interval (2009/2014)."""
    years = sorted({r.year for r in recs if r.year})
    return "" if not years else str(years[0]) if years[0] == years[-1] else f"{years[0]}/{years[-1]}"


def distribution(site: Site, folder: str, names: tuple[str, ...]) -> list[dict]:
    return [
        {
            "@type": "DataDownload",
            "name": name,
            "encodingFormat": MIME[name.rsplit(".", 1)[1]],
            "contentUrl": f"{site.url}{folder}{name}",
        }
        for name in names
    ]


def dataset(site: Site, meta: dict, recs: list[Recommendation], page: str, *, name: str = "", folder: str = "") -> dict:
    """The Dataset of recs: the whole package (folder '') or a hub's slice (its data/ folder)."""
    sources = meta.get("sources", [])
    publisher = {"@type": "Organization", "name": site.name, "url": site.url}
    return {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": name or meta["title"],
        "description": f"{len(recs)} UN human rights recommendations to {site.country} with the Government's responses, "
        "themes, affected groups, SDGs and lead agencies, as open data.",
        "url": f"{site.url}{page}",
        "identifier": f"{site.url}{folder or 'data/package/'}datapackage.json",
        "license": LICENCE,
        "isAccessibleForFree": True,
        "inLanguage": "en",
        "keywords": ["human rights", "United Nations", "recommendations", site.country, *sorted({r.body for r in recs})],
        "spatialCoverage": place(site),
        "temporalCoverage": temporal(recs),
        "dateModified": meta.get("as_of", ""),
        "version": meta.get("as_of", ""),
        "creator": [{"@type": "Organization", "name": s["title"], "url": s["path"]} for s in sources],
        "publisher": publisher,
        "creditText": "; ".join(s.get("attribution", "") for s in sources),
        "distribution": distribution(site, folder or "data/package/", WHOLE if not folder else SLICE),
    }


def recommendation(site: Site, rec: Recommendation, body: str, document_url: str, themes: list[str] | None = None) -> dict:
    """One recommendation: a CreativeWork, part of its UN document, about the state reviewed;
    its keywords are its themes' names (themes), never their ids."""
    page = f"{site.url}{url('recommendation', rec.id)}"
    return {
        "@context": "https://schema.org",
        "@type": "CreativeWork",
        "@id": page,
        "url": page,
        "identifier": rec.id,
        "name": f"{rec.document_symbol} paragraph {rec.paragraph}" if rec.paragraph else rec.id,
        "text": rec.text,
        "inLanguage": "en",
        "dateCreated": rec.date or str(rec.year),
        "author": {"@type": "Organization", "name": body},
        "spatialCoverage": place(site),
        "keywords": themes if themes is not None else rec.themes,
        "isPartOf": {"@type": "Report", "name": rec.document_symbol, **({"url": document_url} if document_url else {})},
        "includedInDataSet": {"@type": "Dataset", "url": f"{site.url}data/"},
        "encoding": [
            {"@type": "MediaObject", "encodingFormat": MIME[kind], "contentUrl": f"{page}{rec.id}.{kind}"}
            for kind in ("csv", "json")
        ],
    }
