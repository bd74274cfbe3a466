"""The registry of curated files (project.py REGISTRY) as the docs show it: a table of where each
curated file goes, which schema checks it and which step reads it, generated into
docs/adding-a-source.md between two markers. `python -m recommendations_site.model.registry`
rewrites it; tests/test_project.py fails when it is out of date."""

from __future__ import annotations

import sys
from pathlib import Path

from ..project import REGISTRY, Curated, Project
from .reference import YAML_TABLES, curated_schemas

DOC = "docs/adding-a-source.md"
START, END = "<!-- curated files: generated -->", "<!-- end of the curated files -->"
REGENERATE = "python -m recommendations_site.model.registry"
STEPS = {  # the step that reads a file, in plain words
    "import": "the import, as it reads the upstream files",
    "classify": "the import: classification (themes, groups, lead agencies)",
    "overlaps": "the import: asks and overlapping pairs",
    "canonical": "the import: the canonical package's tables",
    "render": "the site build",
    "evaluation": "the overlap evaluation (`python -m recommendations_site.overlaps.evaluate`), not the build",
}
PROGRAM = Path(__file__).resolve().parent.parent  # recommendations_site/: where the schemas are


def schema_problem(entry: Curated) -> str:
    """What is wrong with the entry's schema reference ("" if nothing): its file must exist and
    name the entry it gives (a curated.yaml key, or a reference table of schema.yaml)."""
    file, _, key = entry.schema.partition(": ")
    if not (PROGRAM / file).is_file():
        return f"{entry.path}: its schema file recommendations_site/{file} does not exist"
    if file == "model/curated.yaml" and key not in curated_schemas():
        return f"{entry.path}: {key!r} is not an entry of model/curated.yaml"
    if file == "model/schema.yaml" and key not in YAML_TABLES:
        return f"{entry.path}: {key!r} is not a reference table (model/reference.py YAML_TABLES)"
    if entry.step not in STEPS:
        return f"{entry.path}: {entry.step!r} is not a step ({', '.join(STEPS)})"
    return ""


def table() -> str:
    """The registry as a Markdown table, in path order."""
    lines = [
        "| File or folder under `data/` | What it holds | Read by | Checked by |",
        "| --- | --- | --- | --- |",
    ]
    for entry in sorted(REGISTRY, key=lambda e: e.path):
        schema = f"`recommendations_site/{entry.schema.replace(': ', '`: `', 1)}`"
        lines.append(f"| `data/{entry.path}` | {entry.description} | {STEPS[entry.step]} | {schema} |")
    return "\n".join(lines)


def section() -> str:
    return (
        f"{START}\n\nGenerated from the registry in `recommendations_site/project.py` (`.venv/bin/{REGENERATE}` "
        f"rewrites it; a test fails when it is out of date or when a file under `data/` is not registered):\n\n"
        f"{table()}\n\n{END}"
    )


def rewritten(text: str) -> str:
    """text with its generated section replaced by the current one."""
    before, start, rest = text.partition(START)
    if not start or END not in rest:
        raise ValueError(f"{DOC} has no {START} ... {END} section")
    return before + section() + rest.split(END, 1)[1]


def main(root: Path | None = None) -> int:
    path = (root or Project.default().root) / DOC
    problems = [p for p in map(schema_problem, REGISTRY) if p]
    if problems:
        print("\n".join(f"error: {p}" for p in problems), file=sys.stderr)
        return 1
    path.write_text(rewritten(path.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"wrote the curated files' table into {DOC}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
