"""What an upstream edit changed, for the in-place update (Preview.incremental): the recommendations
edited and the pages to render again; NeedsFullBuild when it is more than an edit of existing
recommendations (the rebuild path takes it then)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from ..model import Recommendation, package
from ..render.build import Build, Change


def compiled_from(build: Build, before: Build) -> Build:
    """build rendering with before's compiled templates (they did not change): compiling them again
    costs more than rendering the page."""
    build.writer.adopt(before.writer)
    return build


def fields(rec: Recommendation) -> dict:
    """rec's fields, copied: its lists are of strings (a deepcopy of each took a second at 2,000)."""
    return {k: list(v) if isinstance(v, list) else v for k, v in vars(rec).items()}


def canonical_lines(tables: dict[str, list[dict]]) -> dict[str, list[str]]:
    """Every table's rows in their canonical CSV form: what the package holds, to compare."""
    return {name: package.csv_lines(Path(f"{name}.csv"), name, rows) for name, rows in tables.items()}


REC_PAGE = re.compile(r"^/(?:mi/)?recommendations/([^/]+)/$")  # a recommendation's page, in either language


def page_paths(site: Path, written: Iterable[Path]) -> set[str]:
    """The addresses of the pages among written files, as the open pages give theirs ('/a/b/')."""
    folders = {p.parent.relative_to(site).as_posix() for p in written if p.name == "index.html"}
    return {"/" if f == "." else f"/{f}/" for f in folders}


EDITABLE = ("recommendations", "overlaps", "asks", "recommendation_asks")  # tables an edit of a recommendation may change


class NeedsFullBuild(Exception):
    """The change is more than an edit of existing recommendations."""


def ask_ids(lines: list[str]) -> list[str]:
    return [row["id"] for row in package.rows_of_lines("asks", lines)]


def change(
    before: Build | None,
    old: dict[str, list[str]],
    tables: dict[str, list[dict]],
    lines: dict[str, list[str]],
    old_pairs: set[tuple[str, str, str, str]],
    now: set[tuple[str, str, str, str]] | None = None,
) -> tuple[Change, list[Recommendation], list[dict]]:
    """What the edit changed: the recommendations edited and the pages to render again, and
    every recommendation as it now is; NeedsFullBuild if it is more than an edit. lines: the
    tables' CSV lines but the overlaps' (their scores are found later), old_pairs: the last
    build's pairs as pages show them (shown()), now: the same of tables' pairs when known (the
    very same set as old_pairs when the pairs did not change)."""
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
    now = {shown(p) for p in tables["overlaps"]} if now is None else now
    pages = set(edited)
    if now is not old_pairs:
        pages.update(i for key in now.symmetric_difference(old_pairs) for i in key[:2])
    for pairs in (now,) if now is old_pairs else (now, old_pairs):
        pages.update(i for key in pairs if key[0] in edited or key[1] in edited for i in key[:2])
    pages.update(ask_members_changed(old, lines))
    near = [p for p in tables["overlaps"] if p["id_a"] in pages or p["id_b"] in pages]  # all the pairs these pages show
    return Change(edited, pages, set(), before), recs, near


Shown = set[tuple[str, str, str, str]]  # pairs as pages show them (shown())


class PairsShown:
    """What pages show of two lists of pairs, each read once: the last build's (its package's
    lines) and the overlaps step's last (unscored); the very same set for both when they are
    equal, so that change() compares no pairs when an edit left them as they were."""

    def __init__(self) -> None:
        self.built: tuple[list[str] | None, Shown] = (None, set())
        self.found: tuple[list | None, Shown] = (None, set())

    def of_found(self, pairs: list) -> Shown:
        if self.found[0] is not pairs:
            self.found = (pairs, {(p.id_a, p.id_b, p.method, p.status) for p in pairs})
        return self.found[1]

    def of_built(self, lines: list[str], rows: list[dict] | None = None) -> Shown:
        """rows: the lines' rows, when at hand."""
        if self.built[0] is not lines:
            now = {shown(p) for p in (package.rows_of_lines("overlaps", lines) if rows is None else rows)}
            self.built = (lines, self.found[1] if now == self.found[1] else now)
        return self.built[1]


def shown(pair: dict) -> tuple[str, str, str, str]:
    """What a page shows of a pair: which two, how found, and who says so; never its score (the
    preview renders the open page before the scores are found)."""
    return pair["id_a"], pair["id_b"], pair["method"], pair["status"]


def ask_members_changed(old: dict[str, list[str]], lines: dict[str, list[str]]) -> set[str]:
    """Every member, before or after, of an ask whose links changed: each page says how often its asks were asked."""
    changed = set(lines["recommendation_asks"]).symmetric_difference(old["recommendation_asks"])
    if not changed:
        return set()
    asks = {row["ask_id"] for row in package.rows_of_lines("recommendation_asks", sorted(changed))}
    rows = package.rows_of_lines("recommendation_asks", lines["recommendation_asks"] + old["recommendation_asks"])
    return {row["recommendation_id"] for row in rows if row["ask_id"] in asks}


def build_for(change: Change, recs: list[Recommendation], near: list[dict], tables: dict, meta: dict, data: Path) -> Build:
    """The build an edit's pages are rendered in: the last build's tables with the edited
    recommendations, their pairs (near) and the asks; NeedsFullBuild when hubs come or go.
    change.hubs gets the hubs either version of an edited recommendation is in."""
    before = change.before
    edited = {**before.tables, "overlaps": near, "asks": tables["asks"], "recommendation_asks": tables["recommendation_asks"]}
    built = Build(before.out, data, recs, edited, meta, before.site, before.releases, hold=True, project=before.project)
    built.writer.adopt(before.writer)  # an upstream file changed, not a template: compiled templates kept
    if built.members.keys() != before.members.keys():
        raise NeedsFullBuild("hubs were added or removed")
    if {k for k, v in built.members.items() if not v} != {k for k, v in before.members.items() if not v}:
        raise NeedsFullBuild("a hub became empty or gained its first recommendation")
    change.hubs.update(key for key, ids in (*built.members.items(), *before.members.items()) if change.edited.intersection(ids))
    return built


@contextmanager
def pairs_of(built: Build, ids: set[str]) -> Iterator[None]:
    """built's pairs narrowed to those of ids while pages of ids render: a page's "also recommended"
    is made from its own pairs alone, and making it for every pair an edit's pages show (thousands at
    2,000 recommendations) waited before the open page. Build.also is made again afterwards."""
    pairs = built.tables["overlaps"]
    built.tables["overlaps"] = [p for p in pairs if p["id_a"] in ids or p["id_b"] in ids]
    vars(built).pop("also", None)
    try:
        yield
    finally:
        built.tables["overlaps"] = pairs
        vars(built).pop("also", None)  # a cached_property: made again from every pair when next read
