"""Hub pages: the groupings a visitor browses by (mechanism, body, review, agency, theme, group,
SDG goal, recommending state). Built from the canonical package only; knows nothing of sources."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from ..model import Recommendation, slug
from ..model.coverage import review_id
from ..model.package import natural_key
from .i18n import N_, territory_name
from .urls import FOLDERS, url

RESPONSE_LABELS = {
    "supported": N_("Supported"),
    "supported-in-part": N_("Supported in part"),
    "noted": N_("Noted"),
    "pending": N_("Response pending"),
    "not-applicable": N_("No formal response"),
}
HUB_KINDS = {  # kind -> (url folder, index title, column heading)
    kind: (FOLDERS[kind], title, column)
    for kind, title, column in (
        ("mechanism", N_("Recommendations by UN mechanism"), N_("Mechanism")),
        ("body", N_("Recommendations by UN body"), N_("Body")),
        ("review", N_("Recommendations by review"), N_("Review")),
        ("agency", N_("Recommendations by lead or supporting agency"), N_("Agency")),
        ("theme", N_("Recommendations by theme"), N_("Theme")),
        ("group", N_("Recommendations by affected group"), N_("Affected group")),
        ("sdg", N_("Recommendations by Sustainable Development Goal"), N_("Goal")),
        ("state", N_("Recommendations by recommending state"), N_("State")),
    )
}
FEED_KINDS = ("body", "agency", "theme")  # hubs with an Atom feed of their own (outputs/changes/feeds.py)


@dataclass
class Hub:
    kind: str
    key: str
    title: str
    recs: list[Recommendation] = field(default_factory=list)
    intro: str = ""
    facts: list[dict] = field(default_factory=list)
    lang: str = ""
    order: tuple = ()
    other: str = ""  # its other official name (an agency's in te reo Māori or English), shown with its title
    other_lang: str = ""
    name_mi: str = ""  # a state's name in te reo Māori (CLDR), shown first on Māori pages only

    @property
    def url(self) -> str:
        return url(self.kind, self.key)

    @property
    def feed(self) -> str:
        """Its Atom feed's path from the site root, or "" if it has none."""
        return f"feeds/{HUB_KINDS[self.kind][0]}/{self.key}.atom" if self.kind in FEED_KINDS else ""


def review_key(rec: Recommendation) -> str:
    """One review = one report: its document symbol, else body + session for the state (the
    coverage table's id: one definition)."""
    return review_id(rec)


def review_title(rec: Recommendation) -> str:
    cycle = f"cycle {rec.cycle}, " if rec.cycle else ""
    where = f" – {rec.document_symbol}" if rec.document_symbol else f" – session {rec.session}"
    return f"{rec.body} {cycle}{rec.year}{where}" + (f" ({rec.country})" if rec.country else "")


def response_counts(recs: list[Recommendation]) -> list[dict]:
    counts = Counter(r.response for r in recs)
    return [{"response": k, "label": v, "count": counts[k]} for k, v in RESPONSE_LABELS.items()]


def build(recs: list[Recommendation], tables: dict[str, list[dict]]) -> dict[str, list[Hub]]:
    """Every hub of every kind, reference rows first (so empty hubs still get a page)."""
    hubs: dict[str, dict[str, Hub]] = {kind: {} for kind in HUB_KINDS}
    bodies = {b["id"]: b for b in tables["bodies"]}
    state_mi = {row["name"]: territory_name(row.get("iso_code") or "", "mi") for row in tables.get("states", [])}
    for row in tables["mechanisms"]:
        hubs["mechanism"][row["id"]] = Hub("mechanism", row["id"], row["name"], intro=row.get("description") or "")
    for row in tables["bodies"]:
        hubs["body"][slug(row["id"])] = Hub("body", slug(row["id"]), f"{row['id']} – {row['name']}")
    for row in tables["agencies"]:
        lang = row.get("name_lang") or ""
        other, other_lang = (row.get("name_en"), "en") if lang == "mi" else (row.get("name_mi"), "mi")
        hubs["agency"][row["id"]] = Hub("agency", row["id"], row["name"], lang=lang, other=other or "", other_lang=other_lang)
    for row in tables["themes"]:
        hubs["theme"][row["id"]] = Hub("theme", row["id"], row["name"])
    for row in tables["groups"]:
        hubs["group"][row["id"]] = Hub("group", row["id"], row["name"], lang=row.get("name_lang") or "")
    for row in tables["sdgs"]:
        if row["kind"] == "goal":
            hubs["sdg"][row["id"]] = Hub(
                "sdg", row["id"], f"Goal {row['id']}: {row['title'].capitalize()}", order=(int(row["id"]),)
            )
    for rec in recs:
        members = [
            ("mechanism", rec.mechanism, rec.mechanism),
            ("body", slug(rec.body), f"{rec.body} – {bodies.get(rec.body, {}).get('name', rec.body)}"),
            ("review", review_key(rec), review_title(rec)),
        ]
        members += [
            ("agency", a, a) for a in dict.fromkeys(rec.lead_agencies + rec.supporting_agencies + rec.coordinating_agencies)
        ]
        members += [("theme", t, t) for t in rec.themes] + [("group", g, g) for g in rec.affected_groups]
        members += [("sdg", g, g) for g in rec.sdg_goals] + [("state", slug(s), s) for s in rec.recommending_states]
        for kind, key, title in members:
            hub = hubs[kind].setdefault(key, Hub(kind, key, title, name_mi=state_mi.get(title, "") if kind == "state" else ""))
            hub.recs.append(rec)
    for hub in hubs["review"].values():
        first = hub.recs[0]
        hub.order = (-first.year, hub.title)
    return {kind: sorted(by_key.values(), key=lambda h: h.order or (h.title.casefold(),)) for kind, by_key in hubs.items()}


def sections(hub: Hub) -> list[tuple[str, list[Recommendation]]]:
    """The hub's recommendations grouped the way a reader looks for them: by review, newest
    first, and within a review in paragraph order (a review page is one such group)."""
    groups: dict[str, list[Recommendation]] = defaultdict(list)
    for rec in hub.recs:
        groups[review_title(rec)].append(rec)
    ordered = sorted(groups.items(), key=lambda kv: (-kv[1][0].year, kv[0]))
    return [(title, sorted(items, key=lambda r: (natural_key(r.paragraph), r.id))) for title, items in ordered]
