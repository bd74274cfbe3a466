"""What each template shows, prepared as plain values so the templates stay logic-free."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ..model import Recommendation, slug
from ..model.package import as_row
from . import hubs
from .hubs import RESPONSE_LABELS, Hub

ODS_URL = "https://undocs.org/en/{symbol}"
EXCERPT = 220


@dataclass(frozen=True)
class Lookups:
    """Reference tables keyed by id, for labels and links."""

    mechanisms: dict[str, dict]
    bodies: dict[str, dict]
    instruments: dict[str, dict]
    agencies: dict[str, dict]
    themes: dict[str, dict]
    groups: dict[str, dict]
    sdgs: dict[str, dict]
    sources: dict[str, dict]

    @classmethod
    def of(cls, tables: dict[str, list[dict]]) -> Lookups:
        return cls(**{name: {row["id"]: row for row in tables[name]} for name in cls.__dataclass_fields__})


def excerpt(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= EXCERPT else flat[: EXCERPT - 1].rsplit(" ", 1)[0] + "…"


def heading(rec: Recommendation) -> str:
    where = f"paragraph {rec.paragraph}" if rec.paragraph else "recommendation"
    return f"{rec.body} {rec.year}, {where}"


def list_item(rec: Recommendation) -> dict:
    return {
        "id": rec.id,
        "label": heading(rec),
        "response": rec.response,
        "response_label": RESPONSE_LABELS[rec.response],
        "excerpt": excerpt(rec.text),
    }


def named(ids: list[str], table: dict[str, dict]) -> list[dict]:
    return [{"id": i, "name": table.get(i, {}).get("name", i), "lang": table.get(i, {}).get("name_lang") or ""} for i in ids]


def recommendation(rec: Recommendation, look: Lookups, site_url: str, site_name: str) -> dict:
    body = look.bodies.get(rec.body, {})
    source = look.sources.get(rec.source, {})
    sdgs = [{"goal": g, "label": f"Goal {g}"} for g in rec.sdg_goals]
    sdgs += [{"goal": t.split(".")[0], "label": f"Target {t}"} for t in rec.sdg_targets]
    basis = {"body-default": f"Default lead agencies for {rec.body} recommendations (Cabinet paper, Annex II)."}
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
        "themes": named(rec.themes, look.themes),
        "groups": named(rec.affected_groups, look.groups),
        "sdgs": sdgs,
        "lead_agencies": named(rec.lead_agencies, look.agencies),
        "supporting_agencies": named(rec.supporting_agencies, look.agencies),
        "lead_agency_note": basis.get(rec.lead_agency_basis, ""),
        "source_title": source.get("title", rec.source),
        "attribution": source.get("attribution", ""),
        "citation": citation(rec, site_url, site_name),
    }


def citation(rec: Recommendation, site_url: str, site_name: str) -> str:
    where = f"{rec.document_symbol}, paragraph {rec.paragraph}" if rec.paragraph else (rec.document_symbol or rec.source_ref)
    return f"{rec.body} recommendation to {rec.country} ({rec.year}), {where}. {site_name}, {site_url}recommendations/{rec.id}/"


def hub_facts(hub: Hub, look: Lookups) -> list[dict]:
    """Facts at the top of body pages: the instrument, NZ's ratification date, lead agencies."""
    if hub.kind != "body":
        return []
    body = next((b for b in look.bodies.values() if slug(b["id"]) == hub.key), None)
    if body is None:
        return []

    def fact(label: str, *entries: tuple[str, str]) -> dict:  # entries: (value, url or "")
        return {"label": label, "entries": [{"value": v, "url": u} for v, u in entries]}

    facts = [fact("Mechanism", (look.mechanisms[body["mechanism"]]["name"], f"mechanisms/{body['mechanism']}/"))]
    instrument = look.instruments.get(body.get("instrument") or "")
    if instrument:
        facts.append(fact("Treaty", (f"{instrument['name']} ({instrument['abbreviation']})", "")))
        facts.append(fact("New Zealand ratified", (instrument.get("ratified") or "Not ratified by New Zealand", "")))
    leads = body.get("lead_agencies") or []
    if leads:  # one term, however many agencies: a description list names each term once
        entries = [(look.agencies[a]["name"], f"agencies/{a}/") for a in leads]
        facts.append(fact("Lead agency" if len(leads) == 1 else "Lead agencies", *entries))
    if body.get("report_cycle_years"):
        facts.append(fact("Reviewed about every", (f"{body['report_cycle_years']} years", "")))
    return facts


def cached_item(rec: Recommendation, items: dict[str, dict]) -> dict:
    """list_item(rec), made once per build: a recommendation is listed on about eight hub pages."""
    item = items.get(rec.id)
    if item is None:
        item = items[rec.id] = list_item(rec)
    return item


def hub_page(hub: Hub, look: Lookups, items: dict[str, dict] | None = None) -> dict:
    items = {} if items is None else items
    return {
        "title": hub.title,
        "lang": hub.lang,
        "intro": hub.intro,
        "facts": hub_facts(hub, look),
        "total": len(hub.recs),
        "counts": hubs.response_counts(hub.recs),
        "feed": hub.feed,
        "slice_url": f"data/{hub.url}",
        "slice_name": f"recommendations-{hub.url.replace('/', '-').strip('-')}",
        "sections": [
            {"title": title, "anchor": f"s{n}", "recs": [cached_item(r, items) for r in section]}
            for n, (title, section) in enumerate(hubs.sections(hub), start=1)
        ],
    }


INDEX_INTROS = {
    "mechanism": "The UN makes recommendations through three mechanisms: the Universal Periodic Review, the treaty bodies and the Special Procedures.",
    "body": "Each UN treaty has a committee of independent experts; the Universal Periodic Review is a review by other states.",
    "review": "Each review ends in a report whose recommendations are numbered paragraphs. Newest first.",
    "agency": "Lead agencies coordinate the Government's work on a recommendation; supporting agencies contribute.",
    "theme": "Themes are assigned by a published mapping from the sources' own tags: a guide, not an official classification.",
    "group": "Groups of people a recommendation is about, from the sources' tags and a documented keyword rule.",
    "sdg": "Sustainable Development Goals the source links each recommendation to.",
    "state": "States that made Universal Periodic Review recommendations.",
}


def hub_index(kind: str, hub_list: list[Hub]) -> dict:
    _, title, column = hubs.HUB_KINDS[kind]
    return {
        "title": title,
        "intro": INDEX_INTROS[kind],
        "column": column,
        "hubs": [
            {"title": h.title, "url": h.url, "total": len(h.recs), "counts": hubs.response_counts(h.recs), "lang": h.lang}
            for h in hub_list
        ],
    }


def chart(chart_id: str, title: str, column: str, rows: list[dict]) -> dict:
    return {"id": chart_id, "title": title, "column": column, "rows": rows, "max": max((r["value"] for r in rows), default=0)}


def home(recs: list[Recommendation], all_hubs: dict[str, list[Hub]], look: Lookups, country: str) -> dict:
    def rows(kind: str) -> list[dict]:
        return [{"label": h.title.split(" – ")[0], "value": len(h.recs), "url": h.url} for h in all_hubs[kind] if h.recs]

    responses = Counter(r.response for r in recs)
    reviews = [h for h in all_hubs["review"] if h.recs][:6]
    years = sorted({r.year for r in recs})
    bodies_present = sorted({r.body for r in recs})
    return {
        "heading": f"UN human rights recommendations to {country}",
        "intro": (
            f"Every recommendation the United Nations human rights system has made to {country} that this site holds, "
            "the Government's response, and who leads the work. Find a recommendation, link to it, or download the data."
        ),
        "total": len(recs),
        "mechanisms": [{"label": h.title, "value": len(h.recs), "url": h.url} for h in all_hubs["mechanism"] if h.recs],
        "charts": [
            chart("by-body", "Recommendations by UN body", "Body", rows("body")),
            chart("by-review", "Recommendations by review", "Review", rows("review")),
            chart(
                "by-response",
                "Recommendations by the Government's response",
                "Response",
                [{"label": RESPONSE_LABELS[k], "value": responses[k], "url": ""} for k in RESPONSE_LABELS if responses[k]],
            ),
        ],
        "latest": [{"title": h.title, "url": h.url, "total": len(h.recs)} for h in reviews],
        "coverage": (
            f"{len(recs)} recommendations from {', '.join(bodies_present)}, made between {years[0]} and {years[-1]}. "
            "Reviews not yet imported are not shown; the site grows as sources are added."
            if recs
            else "No recommendations are imported yet."
        ),
    }
