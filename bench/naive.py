"""The naive way to build the same recommendation pages, for comparison: one Markdown file per
recommendation in a docs folder, built by mkdocs-material with its automatic navigation (every
page lists every page) and its built-in search plugin (one search_index.json of every page).
Each page holds what ours does: heading, text, facts, "also recommended" and the citation."""

from __future__ import annotations

import logging
import time
from pathlib import Path

import yaml
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from recommendations_site.model import package
from recommendations_site.outputs import recommendations
from recommendations_site.render import asks, overlaps, views


def page(view: dict, also: list[dict]) -> str:
    shown, more = overlaps.capped(also)  # the same entries ours lists, and the same "N more" line
    def names(items: list[dict]) -> str:
        return ", ".join(i["name"] for i in items) or "None"

    facts = [
        ("Response", view["response_label"]),
        ("Mechanism", view["mechanism_name"]),
        ("Body", f"{view['body']} – {view['body_name']}"),
        ("Review", view["review_title"]),
        ("Document", f"{view['document_symbol']} {view['paragraph']}".strip() or "Not given by the source"),
        ("Recommended by", ", ".join(s["name"] for s in view["states"]) or "–"),
        ("Themes", names(view["themes"])),
        ("Affected groups", names(view["groups"])),
        ("Lead agencies", names(view["lead_agencies"])),
        ("Source", f"{view['source_title']} ({view['source_ref']})"),
    ]
    lines = [f"# {view['heading']}", "", view["subtitle"], "", "> " + " ".join(view["text"].split()), ""]
    lines += ["| | |", "|---|---|"] + [f"| {k} | {v.replace('|', '/')} |" for k, v in facts] + [""]
    lines += ["## Also recommended", ""]
    lines += [f"- [{m['label']}]({m['id']}.md): {m['mechanism']}, {m['year']} — {m['excerpt']}" for m in shown] or ["None."]
    if more["count"]:
        lines += ["", f"{more['count']} more share an ask with this one: " + "; ".join(a["title"] for a in more["asks"]) + "."]
    lines += ["", "## Cite this", "", view["cite"]["text"], ""]
    return "\n".join(lines)


def build(data: Path, docs: Path, site: Path) -> dict[str, float]:
    """Write the Markdown and mkdocs.yml under docs, build into site; seconds per step."""
    started = time.perf_counter()
    recs, tables, _ = package.read_package(data)
    look = views.Lookups.of(tables)
    asks_of = asks.AskIndex.of(recs, tables).of_recommendation  # what each pair shares: the cap keys on it, as ours
    also = overlaps.also_recommended(recs, tables.get("overlaps", []), look, asks_of)
    content = docs / "docs"
    (content / "recommendations").mkdir(parents=True)
    (content / "index.md").write_text(f"# Recommendations\n\n{len(recs)} recommendations.\n", encoding="utf-8")
    for rec in recs:
        view = recommendations.recommendation(rec, look, "http://127.0.0.1:8000/", "Naive build")
        (content / "recommendations" / f"{rec.id}.md").write_text(page(view, also.get(rec.id, [])), encoding="utf-8")
    config = {
        "site_name": "Naive build",
        "docs_dir": str(content),
        "site_dir": str(site),
        "use_directory_urls": True,
        "theme": {"name": "material"},
        "plugins": ["search"],
        "markdown_extensions": ["tables"],
    }
    config_file = docs / "mkdocs.yml"
    config_file.write_text(yaml.safe_dump(config), encoding="utf-8")
    generated = time.perf_counter()
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    mkdocs_build(load_config(config_file=str(config_file)))
    return {"generate": round(generated - started, 2), "mkdocs build": round(time.perf_counter() - generated, 2)}
