"""Plain values several pages show: lookups of the reference tables, a recommendation's heading,
excerpt and list item. Each output prepares the rest of what its templates show."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Recommendation
from .hubs import RESPONSE_LABELS, review_title

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


def excerpt(text: str, length: int = EXCERPT) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= length else flat[: length - 1].rsplit(" ", 1)[0] + "…"


def heading(rec: Recommendation) -> str:
    where = f"paragraph {rec.paragraph}" if rec.paragraph else "recommendation"
    return f"{rec.body} {rec.year}, {where}"


def regions_of(rec: Recommendation, regions: dict[str, str]) -> list[str]:
    """The UN regional groups of its recommending states, where the source gives them."""
    return sorted({regions[s] for s in rec.recommending_states if regions.get(s)})


def list_item(rec: Recommendation, regions: dict[str, str] | None = None, agencies: dict[str, dict] | None = None) -> dict:
    """What a list shows of a recommendation, and what the browse filters (assets/browse.js) narrow by."""
    return {
        "id": rec.id,
        "label": heading(rec),
        "response": rec.response,
        "response_label": RESPONSE_LABELS[rec.response],
        "excerpt": excerpt(rec.text),
        "year": rec.year,
        "review": review_title(rec),
        "states": rec.recommending_states,
        "regions": regions_of(rec, regions or {}),
        "leads": [(agencies or {}).get(a, {}).get("name", a) for a in rec.lead_agencies],
    }


def name_of(key: str, row: dict) -> dict:
    """A row's name and its language, with its other official name where one is sourced (an
    agency's name in te reo Māori, or in English for one named in te reo Māori): both are shown."""
    lang = row.get("name_lang") or ""
    other, other_lang = (row.get("name_en"), "en") if lang == "mi" else (row.get("name_mi"), "mi")
    return {"id": key, "name": row.get("name", key), "lang": lang, "other": other or "", "other_lang": other_lang}


def named(ids: list[str], table: dict[str, dict]) -> list[dict]:
    return [name_of(i, table.get(i, {})) for i in ids]


def cached_item(
    rec: Recommendation, items: dict[str, dict], regions: dict[str, str] | None = None, agencies: dict[str, dict] | None = None
) -> dict:
    """list_item(rec), made once per build: a recommendation is listed on about eight hub pages."""
    item = items.get(rec.id)
    if item is None:
        item = items[rec.id] = list_item(rec, regions, agencies)
    return item
