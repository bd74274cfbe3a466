"""What an upstream edit changed, for the in-place update (Preview.incremental): the recommendations
edited and the pages to render again; NeedsFullBuild when it is more than an edit of existing
recommendations (the rebuild path takes it then)."""

from __future__ import annotations

from ..model import Recommendation, package
from ..render.build import Build, Change

EDITABLE = ("recommendations", "overlaps", "asks", "recommendation_asks")  # tables an edit of a recommendation may change


class NeedsFullBuild(Exception):
    """The change is more than an edit of existing recommendations."""


def ask_ids(lines: list[str]) -> list[str]:
    return [row["id"] for row in package.rows_of_lines("asks", lines)]


def change(
    before: Build | None, old: dict[str, list[str]], tables: dict[str, list[dict]], lines: dict[str, list[str]]
) -> tuple[Change, list[Recommendation], list[dict]]:
    """What the edit changed: the recommendations edited and the pages to render again, and
    every recommendation as it now is; NeedsFullBuild if it is more than an edit."""
    assert before is not None
    if any(lines[name] != old.get(name) for name in lines if name not in EDITABLE):
        raise NeedsFullBuild("reference tables changed")
    if ask_ids(lines["asks"]) != ask_ids(old["asks"]):
        raise NeedsFullBuild("asks were added or removed")  # pages of their own come or go
    ids = [row["id"] for row in tables["recommendations"]]
    if ids != [r.id for r in before.recs]:
        raise NeedsFullBuild("recommendations were added, removed or reordered")
    was = dict(zip(ids, old["recommendations"], strict=True))
    edited = {i for i, line in zip(ids, lines["recommendations"], strict=True) if was[i] != line}
    kept = {r.id: r for r in before.recs}
    recs = [
        package.recommendation_of(package.rows_of_lines("recommendations", [line])[0]) if i in edited else kept[i]
        for i, line in zip(ids, lines["recommendations"], strict=True)
    ]
    # Pages to render: the edited recommendations, those listing one of them as "also
    # recommended" (before or after), and both ends of every pair that changed.
    changed_pairs = set(lines["overlaps"]).symmetric_difference(old["overlaps"])
    pairs = package.rows_of_lines("overlaps", lines["overlaps"])
    old_pairs = package.rows_of_lines("overlaps", old["overlaps"])
    pages = set(edited)
    pages.update(i for p in package.rows_of_lines("overlaps", sorted(changed_pairs)) for i in (p["id_a"], p["id_b"]))
    pages.update(i for p in pairs + old_pairs if edited & {p["id_a"], p["id_b"]} for i in (p["id_a"], p["id_b"]))
    pages.update(ask_members_changed(old, lines))
    near = [p for p in pairs if p["id_a"] in pages or p["id_b"] in pages]  # all the pairs these pages show
    return Change(edited, pages, set(), before), recs, near


def ask_members_changed(old: dict[str, list[str]], lines: dict[str, list[str]]) -> set[str]:
    """Every member, before or after, of an ask whose links changed: each page says how often its asks were asked."""
    changed = set(lines["recommendation_asks"]).symmetric_difference(old["recommendation_asks"])
    asks = {row["ask_id"] for row in package.rows_of_lines("recommendation_asks", sorted(changed))}
    rows = package.rows_of_lines("recommendation_asks", lines["recommendation_asks"] + old["recommendation_asks"])
    return {row["recommendation_id"] for row in rows if row["ask_id"] in asks}
