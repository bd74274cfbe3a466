"""The site's build graph, made from what each output declares (outputs/__init__.py): READS, the
inputs it renders from; PROVIDES and NEEDS, the artefacts (render/artefacts.py) it makes for
other outputs and takes from them; AFTER_ALL, that it reads the finished site. The build runs the
outputs in order(); the preview asks dirty() which outputs an edit touches.

`python -m recommendations_site.pipeline.graph --docs` writes the graph as a picture into
docs/architecture.md (between the markers); `--check` fails when that picture is not current."""

from __future__ import annotations

import argparse
import itertools
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from ..errors import OutputError
from ..outputs import OUTPUTS
from ..render.build import ALL_INPUTS, PAGES

DOCS = Path(__file__).resolve().parents[2] / "docs" / "architecture.md"
BEGIN, END = "<!-- graph: begin (python -m recommendations_site.pipeline.graph --docs) -->", "<!-- graph: end -->"


class GraphError(OutputError):
    """The declarations do not make a graph: an artefact nobody (or two outputs) provides, or a cycle."""


@dataclass(frozen=True, eq=False)
class Node:
    output: ModuleType
    name: str
    reads: frozenset[str]
    provides: frozenset[type]
    needs: frozenset[type]
    after_all: bool


def node(output: ModuleType) -> Node:
    """An output's declarations; one without READS reads everything (the safe default)."""
    return Node(
        output,
        output.__name__.rsplit(".", 1)[1],
        frozenset(getattr(output, "READS", ALL_INPUTS)),
        frozenset(getattr(output, "PROVIDES", ())),
        frozenset(getattr(output, "NEEDS", ())),
        bool(getattr(output, "AFTER_ALL", False)),
    )


def producers(nodes: list[Node]) -> dict[type, Node]:
    """Artefact class -> the one output that provides it."""
    found: dict[type, Node] = {}
    for n in nodes:
        for kind in n.provides:
            if kind in found:
                raise GraphError(f"{kind.__name__} is provided by both outputs/{found[kind].name} and outputs/{n.name}")
            found[kind] = n
    return found


def edges(nodes: list[Node]) -> dict[Node, dict[Node, list[str]]]:
    """Each output -> the outputs it must come after, with why (the artefacts, or the finished site)."""
    made = producers(nodes)
    before: dict[Node, dict[Node, list[str]]] = {n: {} for n in nodes}
    for n in nodes:
        for kind in sorted(n.needs, key=lambda k: k.__name__):
            if kind not in made:
                raise GraphError(f"outputs/{n.name} needs {kind.__name__}, which no output provides")
            if made[kind] is not n:
                before[n].setdefault(made[kind], []).append(kind.__name__)
        if n.after_all:
            for other in nodes:
                if not other.after_all:
                    before[n].setdefault(other, []).append("the finished site")
    return before


def ordered(nodes: list[Node]) -> list[Node]:
    """A topological order, stable: of the outputs ready to run, always the first in `nodes`."""
    before = edges(nodes)
    done: list[Node] = []
    waiting = list(nodes)
    while waiting:
        ready = next((n for n in waiting if all(b in done for b in before[n])), None)
        if ready is None:
            raise GraphError(f"the outputs' declarations form a cycle: {cycle(waiting, before)}")
        done.append(ready)
        waiting.remove(ready)
    return done


def cycle(waiting: list[Node], before: dict[Node, dict[Node, list[str]]]) -> str:
    """One cycle among the outputs left: "a needs X from b, b needs Y from a"."""
    path = [waiting[0]]
    while (step := next(b for b in before[path[-1]] if b in waiting)) not in path:
        path.append(step)
    loop = [*path[path.index(step) :], step]
    return ", ".join(f"{a.name} needs {' and '.join(before[a][b])} from {b.name}" for a, b in itertools.pairwise(loop))


def order(outputs: tuple[ModuleType, ...] = OUTPUTS) -> list[ModuleType]:
    """The outputs in the order a build runs them (ties keep the order of OUTPUTS)."""
    return [n.output for n in ordered([node(o) for o in outputs])]


def dirty(changed: set[str]) -> list[ModuleType]:
    """The outputs to run again when the named inputs changed (READS names): those reading one of
    them, and every output downstream of those through an artefact that changes with them (an
    artefact declaring DEPENDS_ON changes only with those inputs of its maker); in build order."""
    nodes = ordered([node(o) for o in OUTPUTS])
    changed_artefacts: set[type] = set()
    found: list[Node] = []
    for n in nodes:
        upstream = bool(n.needs & changed_artefacts)
        if not (n.reads & changed or upstream or (n.after_all and found)):
            continue
        found.append(n)
        for kind in n.provides:
            depends = getattr(kind, "DEPENDS_ON", None)
            if upstream or depends is None or depends & changed:
                changed_artefacts.add(kind)
    return [n.output for n in found]


def inputs(n: Node, curated: list[str]) -> list[str]:
    """The picture's input nodes an output reads: the package, content/, the theme, curated files."""
    found = ["package"] if n.reads - PAGES - {"content"} - set(curated) else []
    found += ["content"] if "content" in n.reads else []
    found += ["theme"] if n.reads & PAGES else []
    return found + [f"c{curated.index(r)}" for r in sorted(n.reads) if r in curated]


def mermaid(outputs: tuple[ModuleType, ...] = OUTPUTS) -> str:
    """The graph as a Mermaid flowchart: the inputs, the outputs and the artefacts between them.
    The outputs that need an artefact every page needs (the theme's stylesheets) are drawn as one
    box, with the inputs all of them read drawn once."""
    nodes = ordered([node(o) for o in outputs])
    before = edges(nodes)
    made = producers(nodes)
    common = {k for k, maker in made.items() if all(k in n.needs for n in nodes if n is not maker and not n.after_all)}
    boxed = [n for n in nodes if n.needs & common]
    curated = sorted({r for n in nodes for r in n.reads if r.startswith("data/")})
    shared = set.intersection(*(set(inputs(n, curated)) for n in boxed)) if boxed else set()
    lines = ["```mermaid", "flowchart LR", '  package[("canonical package")]', '  content["content/"]']
    lines += ['  theme["site_templates/ · mkdocs.yml · locales/"]', "  site{{the finished site}}"]
    lines += [f'  c{i}["{path}"]' for i, path in enumerate(curated)]
    lines += ['  subgraph pages ["every page output"]', "    direction TB"]
    lines += [f"    {n.name}" for n in boxed]
    lines += [f"    {b.name} -->|{', '.join(why)}| {n.name}" for n in boxed for b, why in before[n].items() if b in boxed]
    lines += ["  end"]
    lines += [f"  {i} -.-> pages" for i in sorted(shared)]
    lines += [f"  {i} -.-> {n.name}" for n in nodes for i in inputs(n, curated) if not (n in boxed and i in shared) and not n.after_all]
    drawn = {"the finished site", *(k.__name__ for k in common)}
    for n, after in before.items():
        for b, why in after.items():
            rest = [w for w in why if w not in drawn]
            if rest and not (n in boxed and b in boxed):
                lines.append(f"  {b.name} -->|{', '.join(rest)}| {n.name}")
    lines += [f"  {name} -->|{k.__name__}| pages" for name, k in sorted((made[k].name, k) for k in common)]
    lines += ["  pages --> site"] + [f"  {n.name} --> site" for n in nodes if not n.after_all and n not in boxed and not n.needs & common]
    lines += [f"  site --> {n.name}" for n in nodes if n.after_all]
    return "\n".join([*lines, "```"])


def with_picture(text: str, picture: str) -> str:
    """text (docs/architecture.md) with the picture between the markers."""
    if BEGIN not in text or END not in text:
        raise GraphError(f"{DOCS.name} has no {BEGIN} … {END} markers")
    head, rest = text.split(BEGIN, 1)
    return f"{head}{BEGIN}\n{picture}\n{END}{rest.split(END, 1)[1]}"


def main(argv: list[str] | None = None, docs: Path = DOCS) -> int:
    parser = argparse.ArgumentParser(description="the site's build graph, from the outputs' declarations")
    parser.add_argument("--docs", action="store_true", help=f"write the picture into {DOCS.name}")
    parser.add_argument("--check", action="store_true", help=f"fail when {DOCS.name}'s picture is not current")
    args = parser.parse_args(argv)
    try:
        picture = mermaid()
        if not (args.docs or args.check):
            print(picture)
            return 0
        text = docs.read_text(encoding="utf-8")
        wanted = with_picture(text, picture)
    except GraphError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    if args.check and wanted != text:
        print(f"error: {DOCS.name}'s graph is not current: run python -m recommendations_site.pipeline.graph --docs", file=sys.stderr)
        return 1
    if args.docs:
        docs.write_text(wanted, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
