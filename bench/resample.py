"""Deterministic resampling of real imported recommendations to any size, for the scale runs.

Method: read the canonical package that `build.py import upr-info` wrote from the real
multi-country UPR Info files; shuffle its recommendations once with a fixed seed; take copy k
(k = 0 .. n-1) from position k mod N of that order, in pass p = k // N. Copy k gets the id
`<id>-r<k>`; a paragraph, when the record has one, becomes `<paragraph>-r<k>`, so the id still
derives from document symbol + paragraph as the validator requires and no (symbol, paragraph)
repeats. Texts, responses, states, tags and every other field are the real row's. Overlap pairs
are the real pairs between two copies made in the same pass, and clusters are recomputed from
them, so each page has as many "also recommended" entries as a real one; likewise each copy
keeps its row's asks (recommendation_asks), so an ask's members are the copies of one pass. The
reference tables are the base package's. The result is written as a canonical package and must validate.
"""

from __future__ import annotations

import csv
import dataclasses
import random
from pathlib import Path

from recommendations_site.files import replacing
from recommendations_site.model import package
from recommendations_site.model.recommendation import Recommendation
from recommendations_site.model.reference import load_yaml
from recommendations_site.overlaps import Pair, clusters
from recommendations_site.project import Project

SEED = 20240601


def resample(base: Path, n: int, seed: int = SEED) -> tuple[list[Recommendation], dict[str, list[dict]], dict]:
    """n recommendations copied from the package at base, plus its tables and descriptor."""
    recs, tables, meta = package.read_package(base)
    order = sorted(recs, key=lambda r: r.id)
    random.Random(seed).shuffle(order)
    copies: list[Recommendation] = []
    copy_of: dict[tuple[int, str], str] = {}  # (pass, base id) -> copy id
    for k in range(n):
        rec = order[k % len(order)]
        new = dataclasses.replace(
            rec,
            id=f"{rec.id}-r{k}",
            paragraph=f"{rec.paragraph}-r{k}" if rec.paragraph else "",
            recommending_states=list(rec.recommending_states),
            overlap_cluster="",
        )
        copy_of[(k // len(order), rec.id)] = new.id
        copies.append(new)
    pairs = []
    for row in tables.get("overlaps", []):
        for p in range(-(-n // len(order))):
            a, b = copy_of.get((p, row["id_a"])), copy_of.get((p, row["id_b"]))
            if a and b:
                a, b = sorted((a, b))
                pairs.append(Pair(a, b, row["score"], row["method"], row["status"]))
    pairs.sort(key=lambda p: (p.id_a, p.id_b))
    def copied(rows: list[dict], key: str) -> list[dict]:
        """Rows about a recommendation, one for each of its copies, sorted by the copy's id."""
        found = [{**row, key: copy_of[(p, row[key])]} for row in rows for p in range(-(-n // len(order))) if (p, row[key]) in copy_of]
        return sorted(found, key=lambda r: r[key])

    links = copied(tables.get("recommendation_asks", []), "recommendation_id")
    cluster_of = clusters(pairs)
    for rec in copies:
        rec.overlap_cluster = cluster_of.get(rec.id, "")
    out_tables = {k: v for k, v in tables.items()}
    out_tables["recommendations"] = package.recommendation_rows(copies)
    if "overlaps" in tables:
        out_tables["overlaps"] = [dataclasses.asdict(p) for p in pairs]
    if "recommendation_asks" in tables:  # each copy keeps its row's asks; an ask no copy states is left out
        out_tables["recommendation_asks"] = sorted(links, key=lambda r: (r["recommendation_id"], r["ask_id"]))
    if "te_tiriti" in tables:  # each copy is in the Te Tiriti view for the reasons its original is
        out_tables["te_tiriti"] = copied(tables["te_tiriti"], "recommendation")
        used = {row["ask_id"] for row in links}
        out_tables["asks"] = [row for row in tables.get("asks", []) if row["id"] in used]
    meta = {**meta, "title": f"{meta['title'][:60]}… resampled to {n} recommendations"}
    return copies, out_tables, meta


def write(base: Path, n: int, into: Path, seed: int = SEED) -> int:
    """Write the resampled package into `into` (replaced atomically); returns the number of overlap pairs."""
    _, tables, meta = resample(base, n, seed)
    order = ["recommendations", *[t for t in tables if t != "recommendations"]]
    with replacing(into, marker="datapackage.json") as work:
        package.write_package(work, {name: tables[name] for name in order}, meta)
    return len(tables.get("overlaps", []))


def nz_upstream(official: Path, enriched: Path, n: int, into: Path, seed: int = SEED) -> list[Path]:
    """New Zealand's two upstream files (official paragraphs + UPR Info enriched rows) resampled to
    n paragraphs the same way: copy k of a paragraph gets paragraph `<paragraph>-r<k>` in both
    files (and `<id>-r<k>` for the enriched rows' own ids), so it imports as its own
    recommendation with the real text, states, response and tags; copies after the first pass over
    the paragraphs get document `<symbol>-r<pass>`, so that no real report holds more
    recommendations than its published total (data/reference/document_totals.yaml). For the preview and the
    naive comparison at New Zealand's size in the UN index (about 2,000)."""
    into.mkdir(parents=True, exist_ok=True)
    tables = {}
    for path in (official, enriched):
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            tables[path] = (list(reader.fieldnames or []), list(reader))
    paragraphs = [(r["document_symbol"], r["paragraph"]) for r in tables[official][1]]
    random.Random(seed).shuffle(paragraphs)
    by_key: dict[Path, dict[tuple[str, str], list[dict]]] = {}
    for path, (_, rows) in tables.items():
        by_key[path] = {}
        for row in rows:
            by_key[path].setdefault((row["document_symbol"], row["paragraph"]), []).append(row)
    written = []
    for path, (fields, _) in tables.items():
        out = into / path.name
        with out.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
            writer.writeheader()
            for k in range(n):
                key = paragraphs[k % len(paragraphs)]
                again = k // len(paragraphs)  # the first pass is the real reports; later ones are reports of their own
                symbol = f"{key[0]}-r{again}" if again else key[0]
                for row in by_key[path].get(key, []):
                    copy = {**row, "document_symbol": symbol, "paragraph": f"{key[1]}-r{k}"}
                    if "id" in copy:
                        copy["id"] = f"{row['id']}-r{k}"
                    writer.writerow(copy)
        written.append(out)
    return written


def upr_info_upstream(files: list[Path], rows: int, into: Path, shift: int = 14) -> list[Path]:
    """UPR Info's all-country export grown to `rows` data rows in its own format, for the import at
    the size of the whole database (about 41,000 rows). The real files are copied unchanged (the
    Mac Roman one with its encoding and bare CR line endings); then their rows are repeated as later
    reviews of the same states, pass p moving each row's Session on by p x `shift` (one UPR cycle is
    14 sessions) and round after the last session with a year (data/reference/upr_sessions.yaml:
    100,000 rows go round), until `rows` rows are written in all. A repeated text is a new
    recommendation (its session differs), as a state's next review repeats many of the last one's."""
    last = max(load_yaml(Project.default().reference("upr_sessions"))["years"])  # type: ignore[index]
    into.mkdir(parents=True, exist_ok=True)
    written, pool, fields = [], [], None
    for path in files:
        raw = path.read_bytes()
        out = into / path.name
        out.write_bytes(raw)
        written.append(out)
        text = raw.decode("mac_roman" if b"\n" not in raw else "utf-8").replace("\r\n", "\n").replace("\r", "\n")
        reader = csv.DictReader(text.splitlines())
        fields = fields or list(reader.fieldnames or [])
        pool.extend(reader)
    more = max(0, rows - len(pool))
    out = into / "later-reviews.csv"
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields or [], lineterminator="\n")
        writer.writeheader()
        for k in range(more):
            row = pool[k % len(pool)]
            session = int(row["Session"]) + shift * (1 + k // len(pool))
            writer.writerow({**row, "Session": str((session - 1) % last + 1)})
    return [*written, out]
