"""Only the dirty outputs run again. Each file of the site is known by the outputs that wrote it
(Owners: what changed on disk after each of their steps, learnt from the build that wrote it). A
fresh folder beside the site (files.replacing) gets a hard link to every file no dirty output wrote,
the dirty outputs write and finish into it in the graph's order, with the artefacts they need from
clean outputs taken from the last build, and it is swapped in whole: the site changes only if every
step succeeds, a file a dirty output no longer writes leaves with the old folder (the preview's own),
and the clean outputs' files keep their inodes."""

from __future__ import annotations

import os
from pathlib import Path
from types import ModuleType

from ..files import MANIFEST, entries
from ..outputs import narrative
from ..pipeline import graph, site
from ..pipeline.site import site_settings
from ..project import Project
from ..render.build import Build

Stat = tuple[int, int, int]  # inode, mtime (ns), size: a file written again differs in one
# The files outputs write in the background (a spare process, Pagefind) while later outputs write
# theirs: owned by the output that started the work, whichever step they appear in.
BACKGROUND = {"pagefind/": "search", "reports/": "report", "data/package/": "downloads"}
BACKGROUND_SUFFIX = {"reports/": ".pdf"}


def snapshot(folder: Path) -> dict[str, Stat]:
    """Every file under folder (path from it, '/'-separated) and its Stat."""
    found: dict[str, Stat] = {}
    for rel, entry in entries(folder):
        if not rel.endswith("/"):
            s = entry.stat(follow_symlinks=False)
            found[rel] = (s.st_ino, s.st_mtime_ns, s.st_size)
    return found


def name(output: ModuleType) -> str:
    return output.__name__.rsplit(".", 1)[1]


def writer(rel: str, step: str) -> str:
    """Who wrote rel, seen changed after step: the output that runs in the background for its files."""
    for prefix, maker in BACKGROUND.items():
        if rel.startswith(prefix) and rel.endswith(BACKGROUND_SUFFIX.get(prefix, "")):
            return maker
    return step


class Owners:
    """Site path -> the outputs that wrote it; called after each step of a build (its observe hook)."""

    def __init__(self, of: dict[str, set[str]] | None = None, seen: dict[str, Stat] | None = None):
        self.of = of or {}
        self.seen = seen or {}
        self.linked: set[str] = set()  # hard links to the live site's files: no step may write them in place
        self.in_place: set[str] = set()  # those a step wrote all the same (the live file changed with it)

    def __call__(self, output: ModuleType, build: Build) -> None:
        now = snapshot(build.out)
        for rel, stat in now.items():
            if self.seen.get(rel) != stat:
                self.of.setdefault(rel, set()).add(writer(rel, name(output)))
                if rel in self.linked:
                    self.in_place.add(rel)
        self.seen = now

    def without(self, names: set[str]) -> Owners:
        """What the outputs not named wrote (their files are kept as they are)."""
        return Owners({rel: w - names for rel, w in self.of.items() if w - names})

    def settle(self, site: Path) -> None:
        """After an update in place: forget files gone; a new file is owned as its folder's others
        were (a search index swapped in has new file names)."""
        now = snapshot(site)
        folders: dict[str, set[str]] = {}
        for rel, who in self.of.items():
            folders.setdefault(rel.rpartition("/")[0], set()).update(who)
        for rel in now.keys() - self.of.keys():
            folder = rel.rpartition("/")[0]
            while folder not in folders and folder:
                folder = folder.rpartition("/")[0]
            self.of[rel] = set(folders.get(folder, set()))
        self.of = {rel: who for rel, who in self.of.items() if rel in now}


def closure(dirty: set[str], owners: Owners, steps: list[ModuleType]) -> set[str]:
    """dirty, and every output that writes a file after a dirty one does (the last writer wins:
    it must write again over the file the dirty one rewrites)."""
    rank = {name(o): i for i, o in enumerate(steps)}
    grown = set(dirty)
    while True:
        more = set()
        for who in owners.of.values():
            first = min((rank[w] for w in who & grown), default=None)
            if first is not None:
                more |= {w for w in who if rank[w] > first} - grown
        if not more:
            return grown
        grown |= more


def link(site: Path, work: Path, paths: list[str]) -> None:
    """Hard links in work to site's files at paths."""
    for folder in sorted({p.rpartition("/")[0] for p in paths} - {""}):
        (work / folder).mkdir(parents=True, exist_ok=True)
    for rel in paths:
        os.link(site / rel, work / rel)


class InPlace(Exception):
    """A dirty output wrote a file of a clean one in place, through its hard link: the live site
    changed with it, and only a full build puts it right."""


def rebuild(
    before: Build,
    owners: Owners,
    dirty: list[ModuleType],
    data: Path,
    out: Path,
    *,
    sources: dict | None,
    base_url: str | None,
    project: Project,
    compiled: bool = False,
) -> tuple[Build, Owners, list[ModuleType]]:
    """Run the dirty outputs (and those closure() adds) from the package in data, into a copy of
    the site at out made of links; returns the build, the site's owners and the outputs run.
    compiled: the templates did not change (render with before's compiled ones)."""
    steps = graph.order()
    names = closure({name(o) for o in dirty}, owners, steps)
    run = [o for o in steps if name(o) in names]
    made = {kind: name(o) for o in steps for kind in getattr(o, "PROVIDES", ())}
    fresh = owners.without(names)
    kept = [rel for rel in snapshot(out) if rel != MANIFEST and not owners.of.get(rel, set()) & names]  # no dirty writer
    settings = site_settings(project, () if narrative in run else before.site.stylesheets, sources, base_url)
    with site.prepared(data, out, settings, before.releases, project, steps) as done:
        if compiled:
            done.writer.adopt(before.writer)
        done.artefacts.update({k: v for k, v in before.artefacts.items() if made.get(k) not in names})
        if narrative in run:  # mkdocs empties the folder it builds into: first, into the empty one
            narrative.write(done)
            done.lap("write narrative")
            fresh(narrative, done)
        link(out, done.out, [rel for rel in kept if rel not in fresh.seen])
        fresh.linked = set(kept) - set(fresh.seen)
        fresh.seen = snapshot(done.out)
        site.run(done, run, fresh, frozenset({narrative}))
        if fresh.in_place:
            raise InPlace(f"{sorted(fresh.in_place)[0]} was written in place by an output run again")
    return done, fresh, run
