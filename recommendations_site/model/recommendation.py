"""The canonical recommendation record and its permanent identifier."""

from __future__ import annotations

import dataclasses
import functools
import re
import unicodedata
from dataclasses import dataclass, field

RESPONSES = ("supported", "supported-in-part", "noted", "pending", "not-applicable")
MECHANISMS = ("upr", "treaty-body", "special-procedure")
# lead_agency_reasons given by people, not by a rule: shown on the page as they are
CONFIRMED = "confirmed by the agency"
ASSIGNED = "assigned by officials"


def lead_reason(reason: str) -> str:
    """Why an agency leads, as pages and tracking templates say it: an agency's or the officials'
    own word as it is, a rule's reason marked as a suggestion ("suggested: child poverty")."""
    if not reason or reason in (CONFIRMED, ASSIGNED):
        return reason
    return f"suggested: {reason}"


@dataclass
class Recommendation:
    id: str
    country: str
    mechanism: str
    body: str
    year: int
    document_symbol: str
    text: str
    response: str
    source: str
    source_ref: str
    cycle: int | None = None
    session: str = ""
    date: str = ""
    paragraph: str = ""
    recommending_states: list[str] = field(default_factory=list)
    response_source: str = ""
    themes: list[str] = field(default_factory=list)
    affected_groups: list[str] = field(default_factory=list)
    sdg_goals: list[str] = field(default_factory=list)
    sdg_targets: list[str] = field(default_factory=list)
    lead_agencies: list[str] = field(default_factory=list)
    supporting_agencies: list[str] = field(default_factory=list)
    lead_agency_basis: str = ""
    lead_agency_reasons: list[str] = field(default_factory=list)
    coordinating_agencies: list[str] = field(default_factory=list)
    label_basis: list[str] = field(default_factory=list)
    label_confidence: list[str] = field(default_factory=list)  # family:label=0.91, every label the classifier suggests
    action_category: int | None = None
    source_tags: list[str] = field(default_factory=list)
    overlap_cluster: str = ""
    field_sources: list[str] = field(default_factory=list)  # field=source, where sources were merged (importers/precedence.py)

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Recommendation:
        return cls(**{f.name: data[f.name] for f in dataclasses.fields(cls) if f.name in data})


LIST_FIELDS = tuple(
    f.name
    for f in dataclasses.fields(Recommendation)
    if f.default_factory is list  # type: ignore[comparison-overlap]
)
INT_FIELDS = ("year", "cycle", "action_category")


@functools.lru_cache(maxsize=1 << 16)  # pure; an import makes ~13 per row, the preview's the same ones each edit
def slug(value: str) -> str:
    """Lower-case ASCII words joined by hyphens: 'Te Puni Kōkiri' -> 'te-puni-kokiri'."""
    ascii_text = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def make_id(document_symbol: str, paragraph: str) -> str:
    """Permanent id from the UN document symbol and paragraph: A/HRC/26/3 + 128.14 -> a-hrc-26-3-128-14."""
    if not slug(document_symbol) or not slug(paragraph):
        raise ValueError("an id needs a document symbol and a paragraph that each hold a letter or digit")
    return slug(f"{document_symbol} {paragraph}")
