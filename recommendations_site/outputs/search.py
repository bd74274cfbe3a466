"""Search: the search page (search/) and the static index Pagefind builds over the recommendation
pages, while the rest of the site is written."""

from __future__ import annotations

import gzip
import hashlib
import json
import math
import os
import re
import shutil
import struct
import subprocess
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from ..files import swap_in
from ..render import coverage
from ..render.artefacts import RecommendationPages, SearchIndexing, Stylesheets
from ..render.build import PAGES, Build, Change, reads
from ..render.i18n import LANGUAGES, interface

READS = reads(PAGES, "coverage", uses=("recs", "search_terms"))
PROVIDES: frozenset[type] = frozenset({SearchIndexing})
NEEDS: frozenset[type] = frozenset({Stylesheets, RecommendationPages})

SIGNATURE = b"pagefind_dcd"  # what Pagefind puts before the CBOR of every gzipped index file


# Only recommendation pages carry data-pagefind-body, so only they are indexed; giving Pagefind
# just those files spares it parsing every hub page (hundreds of MB of HTML at 100,000
# recommendations). A page template that adds data-pagefind-body must be added here too.
PAGES = "recommendations/*/index.html"
# Parts of a recommendation page that are not about it: the excerpts of other recommendations
# ("also recommended", which made a search find a page for its neighbours' words), the citation,
# the file names of its downloads, and the facts' labels and notes (the same words on every
# page). Leaving them out shrinks the index, the first search's download and Pagefind's memory.
IGNORE = (".also-list", ".cite", "a[download]", ".rec-facts dt", ".rec-facts .note")


# Pagefind holds every page it indexes in memory until it writes the index: about 65 KB a
# recommendation page, 6.5 GB at 100,000. A site with more pages than PART is indexed in parts,
# one Pagefind after another (so one part at a time in memory), each into its own bundle
# (pagefind/, then pagefind/part-2/ …); the search page merges them in the browser
# (pagefind.mergeIndex). A part is every page whose folder name ends in one of its endings.
PART = 20_000
# Without Pagefind's worker a search holds the page's thread for 30-120 ms per 1,000 indexed pages
# (chromium on a loaded machine: 62-121 ms at 2,000, 1.0-2.4 s per part at 100,000;
# docs/performance.md): from this many, searches run in the worker, which costs the first search
# its 41 KB script and keeps the page responsive.
WORKER_FROM = 3_000
IDS = re.compile(r"[a-z0-9-]+")


def plan(ids: Iterable[str]) -> list[list[str]]:
    """The folder-name endings of each part: [[]] (one index of every page) up to PART pages,
    else ceil(pages / PART) parts. Endings are as long as it takes to have eight for each part,
    and are dealt largest first to the smallest part, so that the parts are even and the same
    pages always give the same parts."""
    ids = list(ids)
    wanted = math.ceil(len(ids) / PART)
    if wanted <= 1 or not all(IDS.fullmatch(i) for i in ids):
        return [[]]
    shortest = min(map(len, ids))
    for length in range(1, shortest + 1):
        counts = Counter(i[-length:] for i in ids)
        if len(counts) >= 8 * wanted:
            break
    parts: list[list[str]] = [[] for _ in range(min(wanted, len(counts)))]
    sizes = [0] * len(parts)
    for ending, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        k = sizes.index(min(sizes))
        parts[k].append(ending)
        sizes[k] += n
    return [sorted(part) for part in parts]


def bundles(ids: Iterable[str]) -> list[str]:
    """The bundles the search page merges into the first (pagefind/), from the site root."""
    return [f"pagefind/part-{k}/" for k in range(2, len(plan(ids)) + 1)]


def pagefind_binary() -> str:
    """Pagefind's own program (the pagefind_bin wheel), run directly: `python -m pagefind` started a
    Python only to replace itself with it (0.1 s of CPU, on the path the build waits on)."""
    from pagefind_bin import get_executable

    try:
        return str(get_executable())
    except FileNotFoundError as err:
        raise RuntimeError(f"pagefind failed: {err} (requirements.txt: pagefind[bin])") from None


class Indexing:
    """Pagefind (the pagefind_bin wheel) running over the recommendation pages already in site,
    in parts one after another if there are many (see PART); it writes site/pagefind/. The build
    goes on with other pages and downloads while it runs."""

    def __init__(self, site: Path, bundle: Path | None = None):
        """bundle: where to write the index (default site/pagefind, as the pages expect it)."""
        self.site, self.started, self.seconds = site, time.perf_counter(), 0.0
        self.bundle = bundle or site / "pagefind"
        folder = site / "recommendations"
        ids = (
            sorted(e.name for e in os.scandir(folder) if os.path.isfile(os.path.join(e.path, "index.html")))
            if folder.is_dir()
            else []
        )
        self.pages = len(ids)
        ignore = [arg for selector in IGNORE for arg in ("--exclude-selectors", selector)]
        self.commands = []
        for k, endings in enumerate(plan(ids) if ids else [[]], 1):
            where = self.bundle if k == 1 else self.bundle / f"part-{k}"
            pages = (PAGES if not endings else PAGES.replace("*", "*{" + ",".join(endings) + "}")) if ids else "**/*.{html}"
            self.commands.append(
                [
                    pagefind_binary(),
                    "--site",
                    str(site),
                    "--output-path",
                    str(where),
                    "--glob",
                    pages,
                    *ignore,
                    "--quiet",
                ]
            )
        self.log = tempfile.TemporaryFile()  # noqa: SIM115  # closed by finish() or stop(); not a pipe, which Pagefind could fill
        self.process: subprocess.Popen | None = None
        self.returncode = 0
        self.stopped = False
        self.lock = threading.Lock()
        self.runner = threading.Thread(target=self._run, daemon=True)  # one part after another
        self.runner.start()

    def _run(self) -> None:
        for command in self.commands:
            with self.lock:
                if self.stopped:
                    break
                self.process = subprocess.Popen(command, stdout=self.log, stderr=subprocess.STDOUT)
            self.returncode = self.process.wait()
            if self.returncode != 0:
                break
        self.seconds = round(time.perf_counter() - self.started, 2)

    def finish(self) -> None:
        """Wait for Pagefind and make its output reproducible; raises if it failed."""
        with self.log:
            self.runner.join()
            if self.returncode != 0 or self.stopped:
                self.log.seek(0)
                output = self.log.read().decode("utf-8", "replace")
                raise RuntimeError(f"pagefind failed ({self.returncode}):\n{output}")
        found = 0
        for k in range(1, len(self.commands) + 1):
            found += stabilise(self.bundle if k == 1 else self.bundle / f"part-{k}")
        if self.pages and found != self.pages:
            raise RuntimeError(f"{self.pages} recommendation pages but Pagefind indexed {found}")

    def stop(self) -> None:
        """End Pagefind early (the build failed elsewhere)."""
        with self.lock:
            self.stopped = self.runner.is_alive()
            if self.process is not None and self.process.poll() is None:
                self.process.kill()
        self.runner.join()
        self.log.close()


def write(build: Build) -> None:
    """The search page, and Pagefind started over the recommendation pages already written."""
    terms = json.dumps(build.search_terms.for_page(), ensure_ascii=False, separators=(",", ":"))
    for lang in LANGUAGES:  # the Māori page searches the same (English) index: the pages it finds are in English
        ui = interface(lang)
        build.writer.page(
            "search/",
            "search.html",
            ui._t("Search recommendations"),
            ui._t("Search every UN recommendation to %(country)s", country=build.site.country),
            lang=lang,
            translated=True,
            search_bundles=bundles(r.id for r in build.recs),
            search_worker=len(build.recs) >= WORKER_FROM,
            search_terms=terms,
            coverage=coverage.figures(build.tables.get("coverage", [])),
        )
    indexing = Indexing(build.out)
    build.provide(SearchIndexing(indexing))
    build.cleanups.append(indexing.stop)  # ends Pagefind early if the build fails


def finish(build: Build) -> None:
    indexing = build.need(SearchIndexing).indexing
    indexing.finish()
    build.timings["search index"] = indexing.seconds


def update(build: Build, change: Change) -> None:
    """Index the site again into a fresh bundle beside it and swap it in."""
    bundle = Path(tempfile.mkdtemp(prefix=".pagefind-", dir=build.out.parent))
    shutil.rmtree(bundle)
    indexing = Indexing(build.out, bundle)
    try:
        indexing.finish()
    finally:
        indexing.stop()
    swap_in(bundle, build.out / "pagefind")


def stabilise(folder: Path) -> int:
    """Make Pagefind's output depend on the pages only; returns how many pages it indexed. Pagefind writes each filter's values, and
    the list of filters in its meta index, in hash-map order, which differs on every run (its own
    source says so: "Change filter indexes to BTree to give them a stable hash"). Sort both, and
    rename the rewritten files by their content as Pagefind does, so the same pages give the same
    bytes. Any file this cannot read back exactly stops the build: a new Pagefind format."""
    renamed = {}
    for path in sorted((folder / "filter").glob("*.pf_filter")):
        name, values = _read_index(path)
        renamed[path.stem] = _write_index(path, [name, sorted(values, key=lambda v: v[0])], 7)
    entry_path = folder / "pagefind-entry.json"
    text = entry_path.read_text(encoding="utf-8")
    entry = json.loads(text)
    if _json(entry) != text:
        raise RuntimeError(f"{entry_path}: unknown Pagefind entry format")
    for language in entry["languages"].values():
        meta_path = folder / f"pagefind.{language['hash']}.pf_meta"
        meta = _read_index(meta_path)
        filters = [i for i, part in enumerate(meta) if isinstance(part, list) and part and _is_filter_list(part, renamed)]
        for i in filters:
            meta[i] = sorted([name, renamed[old]] for name, old in meta[i])
        language["hash"] = _write_index(meta_path, meta, 13, prefix="pagefind.")
    entry_path.write_text(_json(entry), encoding="utf-8")
    return sum(language.get("page_count", 0) for language in entry["languages"].values())


def _is_filter_list(part: list, renamed: dict[str, str]) -> bool:
    return all(isinstance(x, list) and len(x) == 2 and isinstance(x[0], str) and x[1] in renamed for x in part)


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _read_index(path: Path) -> list:
    raw = gzip.decompress(path.read_bytes())
    body = raw[len(SIGNATURE) :]
    try:
        value, end = _decode(body, 0)
    except (ValueError, IndexError, KeyError, UnicodeDecodeError) as err:
        raise RuntimeError(f"{path}: unknown Pagefind index format ({err})") from None
    if not raw.startswith(SIGNATURE) or end != len(body) or _encode(value) != body or not isinstance(value, list):
        raise RuntimeError(f"{path}: unknown Pagefind index format")
    return value


def _write_index(path: Path, value: list, digits: int, prefix: str = "") -> str:
    """Write value beside path under a name from its content; remove path; return the new hash."""
    body = _encode(value)
    language = path.stem.removeprefix(prefix).rsplit("_", 1)[0]
    new_hash = f"{language}_{hashlib.sha256(body).hexdigest()[:digits]}"
    path.unlink()
    (path.parent / f"{prefix}{new_hash}{path.suffix}").write_bytes(gzip.compress(SIGNATURE + body, 9, mtime=0))
    return new_hash


# The little of CBOR (RFC 8949) that Pagefind's filter and meta indexes use: unsigned integers,
# text and arrays, each with the shortest length encoding.
def _decode(buf: bytes, i: int) -> tuple[object, int]:
    major, info = buf[i] >> 5, buf[i] & 31
    i += 1
    if info < 24:
        arg = info
    else:
        size = {24: 1, 25: 2, 26: 4, 27: 8}[info]
        arg, i = int.from_bytes(buf[i : i + size], "big"), i + size
    if major == 0:
        return arg, i
    if major == 3:
        return buf[i : i + arg].decode("utf-8"), i + arg
    if major == 4:
        items = []
        for _ in range(arg):
            item, i = _decode(buf, i)
            items.append(item)
        return items, i
    raise ValueError(f"CBOR major type {major} at byte {i}")


def _head(major: int, n: int) -> bytes:
    if n < 24:
        return bytes([major << 5 | n])
    for info, fmt in ((24, ">B"), (25, ">H"), (26, ">I"), (27, ">Q")):
        if n < 256 ** struct.calcsize(fmt):
            return bytes([major << 5 | info]) + struct.pack(fmt, n)
    raise ValueError(f"{n} is too large for CBOR")


def _encode(value: object) -> bytes:
    if isinstance(value, bool) or value is None:
        raise ValueError(f"unexpected {value!r}")
    if isinstance(value, int):
        return _head(0, value)
    if isinstance(value, str):
        data = value.encode("utf-8")
        return _head(3, len(data)) + data
    if isinstance(value, list):
        return _head(4, len(value)) + b"".join(_encode(v) for v in value)
    raise ValueError(f"unexpected {type(value).__name__}")
