"""A page per recommendation (recommendations/<id>/) with its record beside it as CSV and JSON:
most of a large build, so from PARALLEL_FROM recommendations it runs on every core."""

from __future__ import annotations

import os
import re
from concurrent.futures import ProcessPoolExecutor

from markupsafe import Markup

from ..model import Recommendation, package, slug
from ..model.package import as_row
from ..model.recommendation import lead_reason
from ..progress import progress
from ..render import cite, hubs, jsonld, overlaps
from ..render.artefacts import RecommendationPages, Stylesheets
from ..render.build import FORK, PAGES, Build, Change, freeze_before_fork, reads
from ..render.hubs import RESPONSE_LABELS
from ..render.i18n import LANGUAGES, N_
from ..render.urls import url
from ..render.views import Lookups, excerpt, heading, named, regions_of

READS = reads(PAGES, uses=("recs", "also", "asks", "implementation", "look", "monitoring", "records", "regions", "search_terms"))
PROVIDES: frozenset[type] = frozenset({RecommendationPages})
NEEDS: frozenset[type] = frozenset({Stylesheets})

ATTRIBUTION = re.compile(r"\s*\([^()]*\)\s*(?=[;.,]|$)")
ODS_URL = "https://undocs.org/en/{symbol}"
_SHARED: Build | None = None  # what forked workers inherit


# How a label not given by the source was assigned, in words, each linked to the public page that
# explains it (content/how-labels-are-assigned.md): never the method's code.
METHOD_NOTES = {
    "model": N_("suggested from the text"),
    "rule": N_("suggested from the text"),
    "curated": N_("corrected by officials"),
}
EXPLAINED = "how-labels-are-assigned/"
LEAD_NOTES = {  # lead_agency_basis -> the note under the lead agencies
    "body-default": N_("Default lead agencies for %(body)s recommendations (Cabinet paper, Annex II)."),
    "suggested": N_("Suggested by portfolio from the recommendation's text and themes; not yet confirmed by the agencies."),
    "agency": N_("Confirmed by the agencies in their tracking files; any other lead is suggested by portfolio."),
}


def marked(items: list[dict], family: str, rec: Recommendation) -> list[dict]:
    """Each label with how it was assigned: "" (the source's own) or a note for one not given by the source."""
    basis = dict(b.split("=", 1) for b in rec.label_basis)
    return [{**item, "method": METHOD_NOTES.get(basis.get(f"{family}:{item['id']}", ""), "")} for item in items]


def reason_in_words(reason: str, themes: dict[str, dict]) -> str:
    """Why an agency leads, named and never coded: a portfolio rule's "theme violence-against-women"
    becomes "suggested by portfolio (theme: Violence against women)"; a portfolio's name is kept."""
    said = lead_reason(reason)
    if said == reason:  # the agency's or the officials' own word
        return reason
    why = reason.removeprefix("theme ")
    if why != reason:
        return f"suggested by portfolio (theme: {themes.get(why, {}).get('name', why.replace('-', ' '))})"
    return f"suggested by portfolio: {why}"


def agencies(rec: Recommendation, look: Lookups) -> list[dict]:
    """Lead agencies with why each was assigned ("suggested by portfolio: child poverty")."""
    reasons = dict(r.split("=", 1) for r in rec.lead_agency_reasons)
    return [
        {**a, "reason": reason_in_words(reasons.get(a["id"], ""), look.themes)} for a in named(rec.lead_agencies, look.agencies)
    ]


def rows_in_words(source_ref: str) -> str:
    """Where the record is in its source files, without their names (the record's data names them):
    "a.csv:12; b.csv:18,19" -> "12 and 18, 19"."""
    rows = [part.rsplit(":", 1)[1].replace(",", ", ") for part in source_ref.split(";") if ":" in part]
    return " and ".join(r.strip() for r in rows if r.strip())


def search_title(rec: Recommendation) -> str:
    """The search result's title: where it is from, then the start of its text."""
    return f"{heading(rec)}: {excerpt(ATTRIBUTION.sub('', rec.text), 90)}"


def recommendation(
    rec: Recommendation, look: Lookups, site_url: str, site_name: str, regions: dict[str, str] | None = None
) -> dict:
    body = look.bodies.get(rec.body, {})
    source = look.sources.get(rec.source, {})
    suggested = {b.split("=", 1)[0] for b in rec.label_basis}
    sdgs = [
        {"goal": g, "label": f"Goal {g}", "method": METHOD_NOTES["model"] if f"sdg_goals:{g}" in suggested else ""}
        for g in rec.sdg_goals
    ]
    sdgs += [
        {
            "goal": t.split(".")[0],
            "label": f"Target {t}",
            "method": METHOD_NOTES["model"] if f"sdg_targets:{t}" in suggested else "",
        }
        for t in rec.sdg_targets
    ]
    return {
        **as_row(rec),
        "heading": heading(rec),
        "subtitle": f"Recommendation to {rec.country} from the {body.get('name', rec.body)}, {rec.year}",
        "response_label": RESPONSE_LABELS[rec.response],
        "mechanism_name": look.mechanisms.get(rec.mechanism, {}).get("name", rec.mechanism),
        "body_slug": slug(rec.body),
        "body_name": body.get("name", rec.body),
        "review_slug": hubs.review_key(rec),
        "review_title": hubs.review_title(rec),
        "document_url": ODS_URL.format(symbol=rec.document_symbol),
        "states": [{"name": s, "slug": slug(s)} for s in rec.recommending_states],
        "regions": regions_of(rec, regions or {}),
        "search_title": search_title(rec),
        "themes": marked(named(rec.themes, look.themes), "themes", rec),
        "groups": marked(named(rec.affected_groups, look.groups), "affected_groups", rec),
        "sdgs": sdgs,
        "lead_agencies": agencies(rec, look),
        "coordinating_agencies": named(rec.coordinating_agencies, look.agencies)
        if rec.lead_agency_basis != "body-default"
        else [],
        "supporting_agencies": named(rec.supporting_agencies, look.agencies),
        "lead_agency_note": LEAD_NOTES.get(rec.lead_agency_basis, ""),
        "source_rows": rows_in_words(rec.source_ref),
        "source_row_count": len(re.findall(r"\d+", rows_in_words(rec.source_ref))),
        "source_title": source.get("title", rec.source),
        "attribution": source.get("attribution", ""),
        "also_from": also_from(rec, look),
        "cite": cite.citations(rec, body.get("name", rec.body), site_url, site_name),
    }


def also_from(rec: Recommendation, look: Lookups) -> list[dict]:
    """The other sources merged into the record (field_sources: "date=uhri", "themes=upr-info+uhri"),
    each with the fields it gave, so the page attributes every value it shows."""
    given: dict[str, list[str]] = {}
    for item in rec.field_sources:
        field_name, _, names = item.partition("=")
        for name in names.split("+"):
            if name != rec.source:
                given.setdefault(name, []).append(field_name.replace("_", " ").replace("sdg", "SDG"))
    return [
        {
            "title": look.sources.get(name, {}).get("title", name),
            "attribution": look.sources.get(name, {}).get("attribution", ""),
            "fields": ", ".join(fields),
        }
        for name, fields in given.items()
    ]


ENGLISH = Markup('<span lang="en">{}</span>')


def write_one(build: Build, rec: Recommendation) -> None:
    view = recommendation(rec, build.look, build.site.url, build.site.name, build.regions)
    crumbs = [
        {"title": view["body"], "url": url("body", view["body_slug"])},
        {"title": view["review_title"], "url": url("review", view["review_slug"])},
    ]
    said = " ".join([rec.text, *(a["title"] for a in build.asks.of_recommendation.get(rec.id, []))])
    also, also_more = overlaps.capped(build.also.get(rec.id, []))
    widened, says = build.search_terms.terms(said)
    context = {
        "rec": view,
        "also": also,
        "also_more": also_more,
        "asks": build.asks.of_recommendation.get(rec.id, []),
        "search_terms": widened,
        "says": says,
        "implementation": build.implementation.for_recommendation(rec.id, build.look.agencies),
        "monitoring": build.monitoring.for_recommendation(rec.id),
        "breadcrumbs": crumbs,
        "jsonld": jsonld.recommendation(
            build.site, rec, view["body_name"], view["document_url"] if rec.document_symbol else "", [t["name"] for t in view["themes"]]
        ),
    }
    for lang in LANGUAGES:  # the Māori page: the interface from the catalogue, the UN's text English
        if lang != "en":  # the trail names a body and a review: data, in English
            context["breadcrumbs"] = [{**c, "title": ENGLISH.format(c["title"])} for c in crumbs]
        build.writer.page(
            url("recommendation", rec.id), "recommendation.html", view["heading"], excerpt(rec.text), lang=lang, translated=True, shell=True, **context
        )


def write_record(build: Build, rec: Recommendation) -> None:
    """The record's own CSV and JSON, beside its page."""
    folder = url("recommendation", rec.id)
    build.writer.file(f"{folder}{rec.id}.csv", build.records.csv_bytes([rec]))
    build.writer.file(f"{folder}{rec.id}.json", package.json_single(build.records.json[rec.id]))


def _write_share(share: int, shares: int) -> int:
    build = _SHARED
    assert build is not None
    mine = build.recs[share::shares]
    for rec in mine:
        write_one(build, rec)
        write_record(build, rec)
    return len(mine)


def write(build: Build) -> None:
    """Every page with its two record files, for Pagefind to index (outputs/search.py)."""
    write_pages(build)
    build.provide(RecommendationPages(len(build.recs)))


def write_pages(build: Build) -> None:
    """Every page with its two record files. Forked workers share the parent's memory (the
    recommendations, lookups and hubs, made before the fork) without copying or pickling it."""
    global _SHARED
    if not build.parallel:
        for rec in progress(build.recs, "recommendation pages"):
            write_one(build, rec)
            write_record(build, rec)
        return
    _ = (
        build.look,
        build.also,
        build.asks,
        build.implementation,
        build.monitoring,
        build.records,
        build.search_terms,
        build.regions,
    )  # made once, before the fork
    build.writer.compile("recommendation.html")
    freeze_before_fork()  # what the workers share
    shares = min(os.cpu_count() or 1, 4)
    _SHARED = build
    try:
        with ProcessPoolExecutor(shares, mp_context=FORK) as pool:
            done = sum(f.result() for f in [pool.submit(_write_share, k, shares) for k in range(shares)])
    finally:
        _SHARED = None
    if done != len(build.recs):
        raise RuntimeError(f"{len(build.recs)} recommendations but {done} pages rendered")


def finish(build: Build) -> None:
    folder = build.out / "recommendations"
    built = sum(1 for p in folder.iterdir() if (p / "index.html").is_file()) if build.recs else 0
    if built != len(build.recs):
        raise RuntimeError(f"{len(build.recs)} recommendations but {built} recommendation pages")


def update(build: Build, change: Change) -> None:
    """The pages an edit changes (the edited recommendations and those whose "also recommended"
    changed) and the edited records' files."""
    for rec in build.recs:
        if rec.id in change.pages:
            write_one(build, rec)
        if rec.id in change.edited:
            write_record(build, rec)
