"""The speaker's review of the message catalogue (docs/te-reo.md). Every entry of
locales/mi/LC_MESSAGES/messages.po carries, in translator comments a reviewer sees in any .po
editor (Poedit) or a text editor:

    # context: what the text is and where on the page
    # where: the Māori page(s) showing it
    # screenshot: the screenshot of such a page in docs/te-reo/screenshots/
    # source: https://… (title)     (a translated entry only: where the words are published)
    # reviewed: no                  (a speaker writes "yes" once the entry is right)

`python -m recommendations_site.render.review` fills in the first three and "reviewed: no" for
entries that lack them (after pybabel update adds new strings) and rewrites the generated list in
docs/te-reo.md. A build reads the catalogue as it is: a reviewed catalogue is picked up by the
next build, nothing to compile."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po, write_po

from .i18n import CATALOGUE, FIELD, field_of, progress, reviewed, translated

PROGRAM = Path(__file__).resolve().parents[2]  # the checkout whose templates and code are reviewed
DOC = PROGRAM / "docs" / "te-reo.md"
START, END = "<!-- awaiting review: generated -->", "<!-- end of the generated list -->"

SHOTS = "docs/te-reo/screenshots/"
FIELDS = ("context", "where", "screenshot", "reviewed")
# Each file holding interface text: (what it is, the Māori page showing it, its screenshot).
# A file not listed here renders only English pages: its strings wait for a Māori version.
EVERY_PAGE = ("every page", "mi/ (and every other Māori page)", "mi-home-1280.png")
PLACES = {
    "_header.html": ("the header: site name, search box, main menu", *EVERY_PAGE[1:]),
    "_footer.html": ("the footer: sources, licence and the narrative pages' links", *EVERY_PAGE[1:]),
    "_language_switch.html": ("the link to the other language in the header", *EVERY_PAGE[1:]),
    "layout.html": ("the note under the header saying how much is in te reo Māori", *EVERY_PAGE[1:]),
    "_breadcrumbs.html": ("the trail of links above a page's title", "mi/agencies/msd/", "mi-agencies-1280.png"),
    "home.html": ("the home page", "mi/", "mi-home-1280.png"),
    "outputs/home.py": ("the home page's charts and figures", "mi/", "mi-home-1280.png"),
    "_bar_chart.html": ("a chart of responses on the home page", "mi/", "mi-home-1280.png"),
    "hub_index.html": ("the table of an index page (agencies, bodies, themes, …)", "mi/agencies/", "mi-agencies-1280.png"),
    "hub.html": ("a hub page: one agency, body, theme, group, review or state", "mi/agencies/msd/", "mi-agencies-1280.png"),
    "outputs/hubs.py": ("index pages' introductions and body pages' facts", "mi/agencies/, mi/bodies/", "mi-agencies-1280.png"),
    "render/hubs.py": ("index titles, column headings and responses", "mi/agencies/", "mi-agencies-1280.png"),
    "_response_counts.html": ("the counts by response on a hub page", "mi/agencies/msd/", "mi-agencies-1280.png"),
    "_recommendation_list.html": ("the list of recommendations on a hub page", "mi/agencies/msd/", "mi-agencies-1280.png"),
    "_accountability.html": ("an agency's actions, overdue and due", "mi/agencies/msd/", "mi-agencies-1280.png"),
    "_action.html": ("one action and its progress updates on an agency page", "mi/agencies/msd/", "mi-agencies-1280.png"),
    "search.html": ("the search page", "mi/search/", "mi-home-1280.png"),
    "outputs/search.py": ("the search page", "mi/search/", "mi-home-1280.png"),
    "te_tiriti.html": ("the Te Tiriti o Waitangi view", "mi/te-tiriti/", "mi-te-tiriti-1280.png"),
    "asks.html": ("the list of asks", "mi/asks/", "mi-asks-1280.png"),
    "recommendation.html": ("a recommendation's page", "mi/recommendations/ (each)", "mi-recommendation-1280.png"),
    "_plain_words.html": (
        "a recommendation's summary in plain words",
        "mi/recommendations/ (each)",
        "mi-recommendation-1280.png",
    ),
    "_monitors_say.html": (
        "what independent monitors say, on a recommendation's page",
        "mi/recommendations/ (each)",
        "mi-recommendation-1280.png",
    ),
    "_cite.html": ("how to cite a recommendation", "mi/recommendations/ (each)", "mi-recommendation-1280.png"),
    "_assessment.html": (
        "a monitor's assessment on a recommendation's page",
        "mi/recommendations/ (each)",
        "mi-recommendation-1280.png",
    ),
    "_disagreements.html": ("where a monitor disagrees, on a hub page", "mi/agencies/msd/", "mi-agencies-1280.png"),
    "outputs/recommendations.py": ("a recommendation's page", "mi/recommendations/ (each)", "mi-recommendation-1280.png"),
    "ask.html": ("one ask's page", "mi/asks/ (each ask)", "mi-asks-1280.png"),
}


def place(path: str) -> tuple[str, str, str]:
    for name, found in PLACES.items():
        if path.endswith(name):
            return found
    page = Path(path).stem.strip("_").replace("_", " ")
    return (f"the {page} page or part", "none yet (an English page only)", "none (no Māori page yet)")


def locations(root: Path = PROGRAM) -> dict[str, list[str]]:
    """msgid -> the files that use it (the catalogue itself is extracted without locations)."""
    found = extract_from_dir(
        root,
        method_map=[("recommendations_site/**.py", "python"), ("site_templates/**.html", "jinja2")],
        keywords={**DEFAULT_KEYWORDS, "_t": None, "N_": None},
        options_map={"site_templates/**.html": {"extensions": "jinja2.ext.i18n"}},
    )
    where: dict[str, list[str]] = {}
    for path, _, message, _, _ in found:
        key = message if isinstance(message, str) else message[0]
        where.setdefault(key, []).append(path)
    return where


def annotate(catalog: Catalog, where: dict[str, list[str]]) -> int:
    """Write each entry's context, where and screenshot (computed: rewritten every time) and add
    "reviewed: no" where there is no flag (source and reviewed are the reviewer's: kept).
    Returns how many entries changed."""
    changed = 0
    for message in catalog:
        if not message.id:
            continue
        key = message.id if isinstance(message.id, str) else message.id[0]
        files = sorted(set(where.get(key, [])), key=lambda f: (place(f)[1].startswith("none"), f))
        context, page, shot = place(files[0]) if files else ("not used", "none", "none")
        computed = [f"context: {context}", f"where: {page}", f"screenshot: {SHOTS + shot if shot.endswith('.png') else shot}"]
        kept, flag = (
            keep(message.user_comments, ("context", "where", "screenshot", "reviewed")),
            keep(message.user_comments, (), "reviewed"),
        )
        comments = [*kept, *computed, *(flag or ["reviewed: no"])]
        if comments != message.user_comments:
            message.user_comments = comments
            changed += 1
    return changed


def keep(comments: list[str], drop: tuple[str, ...], only: str = "") -> list[str]:
    """The comments without the fields in drop (or only the field named only), each field with
    its wrapped continuation lines."""
    kept, name = [], ""
    for comment in comments:
        found = FIELD.match(comment)
        name = found.group(1) if found else name
        if (name == only) if only else (name not in drop):
            kept.append(comment)
    return kept


def read(path: Path = CATALOGUE) -> Catalog:
    with path.open("rb") as f:
        return read_po(f, locale="mi")


def cell(text: str) -> str:
    return "`" + " ".join(text.split()).replace("|", "\\|").replace("`", "'") + "`"


def review_section(path: Path = CATALOGUE) -> str:
    """The table docs/te-reo.md shows between its markers: every entry not yet reviewed."""
    waiting = [m for m in read(path) if m.id and not reviewed(m)]
    count = progress.__wrapped__(path)  # this file as it is now, not as the build first read it
    lines = [
        START,
        "",
        f"{count['translated']} of {count['total']} strings have a sourced translation, {count['reviewed']} of them reviewed by a speaker. "
        f"{len(waiting)} entries await a speaker (translated ones first):",
        "",
        "| English | Te reo Māori | Source | Where | Context |",
        "| --- | --- | --- | --- | --- |",
    ]
    waiting.sort(key=lambda m: not translated(m))
    for m in waiting:
        english = m.id if isinstance(m.id, str) else m.id[0]
        maori = (m.string if isinstance(m.string, str) else m.string[0]) or "(none yet: shown in English)"
        source = re.sub(r"\s.*", "", field_of(m, "source")) or "–"
        lines.append(f"| {cell(english)} | {maori} | {source} | {field_of(m, 'where')} | {field_of(m, 'context')} |")
    return "\n".join([*lines, "", END])


def main() -> None:
    """Annotate the catalogue's new entries, then rewrite docs/te-reo.md's list."""
    catalog = read()
    if annotate(catalog, locations()):
        with CATALOGUE.open("wb") as f:
            write_po(f, catalog, width=76, omit_header=False, sort_output=False, ignore_obsolete=True)
    text = DOC.read_text(encoding="utf-8")
    before, _, rest = text.partition(START)
    _, _, after = rest.partition(END)
    DOC.write_text(before + review_section() + after, encoding="utf-8")


if __name__ == "__main__":
    main()
