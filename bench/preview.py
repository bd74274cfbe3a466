"""Preview latency as an official sees it: the same Preview, file watcher and open-page registry
(`Live`) `build.py serve` uses, over temporary copies of the upstream files, of a tracking, an
assessment and a summary file, and of the curated files. For each kind of change it saves an edit and times it from the
save to the moment the preview hands the open page its reload event (the page's server-sent
events queue; the browser reloads on it), and until the whole update is done.

`python -m bench.preview [--size N] [--edits 5]` runs it standalone (N: New Zealand's paragraphs
resampled to N recommendations, bench/resample.py; 0, the default: the real NZ files).
`measure()` is what `python -m bench` runs (every kind, the upstream edit first)."""

from __future__ import annotations

import argparse
import csv
import io
import json
import statistics
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import yaml

from recommendations_site.model import make_id
from recommendations_site.model.reference import sources_config
from recommendations_site.preview import Preview
from recommendations_site.preview.app import Client, Live
from recommendations_site.preview.serve import watch, watched
from recommendations_site.project import Project

ROOT = Path(__file__).resolve().parent.parent
NZ_FILES = [
    ROOT.parent / "shared" / "data" / "nz" / n
    for n in ("nz_upr_official_recommendation_paragraphs_2009_2014.csv", "nz_upr_cycles1-2_upr-info_enriched.csv")
]


# Every kind of change an official makes. Curated files are edited in a copy of the data folder
# (Project.copied); templates and content are the checkout's own, saved unchanged (their readers run again).
KINDS = ["upstream", "tracking", "assessments", "summaries", "curation", "templates", "content"]


def edit(path: Path, rec_id: str, marker: str) -> None:
    """Append marker to the text of rec_id in an official paragraphs file, as an editor would save it."""
    text = path.read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    row = next(r for r in rows if make_id(r["document_symbol"], r["paragraph"]) == rec_id)
    row["text_as_in_report"] = row["text_as_in_report"].split(" [benchmark-edit")[0] + f" [{marker}]"
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


class Clock(Live):
    """One open page; records when the preview pushes its reload."""

    def __init__(self, page: str):
        super().__init__()
        self.open(page)
        self.reloaded = threading.Event()

    def open(self, page: str) -> None:
        self.clients = {Client(page, None, None)}  # type: ignore[arg-type]  # nothing is sent: the clock is the event
        self.at = 0.0

    def send(self, event: str, data: str, only: set[str] | None = None) -> None:
        pass

    def reload(self, paths: set[str] | None = None) -> None:
        if not self.reloaded.is_set() and (paths is None or self.viewing() & paths):
            self.at = time.perf_counter()
            self.reloaded.set()


def tracked_files(work: Path, rec_id: str, marker: str, only: str = "") -> dict[str, Path]:
    """A tracking, an assessment and a summary file naming rec_id, each carrying marker (only: that
    one file written, the others left as they are)."""
    files = {
        "tracking": work / "tracking" / "msd.yaml",
        "assessments": work / "assessments" / "imm.yaml",
        "summaries": work / "summaries.yaml",
    }
    for f in files.values():
        f.parent.mkdir(parents=True, exist_ok=True)
    texts = {}
    texts["tracking"] = (
        f"agency: msd\nactions:\n  - id: bench-action\n    title: Benchmark action\n    recommendations: [{rec_id}]\n"
        f"    status: ongoing\n    start_date: 2024-01-01\nprogress:\n  - action: bench-action\n    date: 2026-04-01\n"
        f"    text: Benchmark update {marker}.\n    evidence: [https://example.org/bench]\n"
    )
    texts["assessments"] = (
        f"monitor: imm\nassessments:\n  - recommendations: [{rec_id}]\n    date: 2026-02-01\n    rating: partly-implemented\n"
        f'    summary: "Benchmark finding {marker}."\n    source: https://example.org/bench\n'
    )
    texts["summaries"] = (
        f'summaries:\n  {rec_id}:\n    summary: "Benchmark summary {marker}."\n    author: Benchmark\n    date: 2026-01-31\n'
    )
    for kind, text in texts.items():
        if not only or kind == only:
            files[kind].write_text(text, encoding="utf-8")
    return files


def corrected(project: Project, rec_id: str) -> Callable[[str], Path]:
    """save(marker): an official's correction of rec_id's themes in the copied curation file, a
    different theme each save (marker ends in the edit's number), so that the page changes each time."""
    path = project.curation("classification.yaml")
    themes = [t["id"] for t in yaml.safe_load(project.reference("themes").read_text(encoding="utf-8"))]

    def save(marker: str) -> Path:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        theme = themes[int(marker.rsplit("-", 1)[1]) % len(themes)]
        document["corrections"] = {**(document.get("corrections") or {}), rec_id: {"themes": {"add": [theme]}}}
        path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")
        return path

    return save


def changes(official: Path, rec_id: str, work: Path, project: Project) -> dict[str, tuple[str, Callable[[str], Path]]]:
    """Each kind of change: (the page open while it is saved, save(marker) -> the path saved)."""
    page = f"/recommendations/{rec_id}/"

    def touch(path: Path) -> Callable[[str], Path]:
        return lambda marker: (path.write_bytes(path.read_bytes()), path)[1]  # saved as it was: its readers run again

    def tracked(kind: str) -> Callable[[str], Path]:
        return lambda marker: tracked_files(work, rec_id, marker, kind)[kind]

    return {
        "upstream": (page, lambda marker: (edit(official, rec_id, marker), official)[1]),
        "tracking": (page, tracked("tracking")),
        "assessments": (page, tracked("assessments")),
        "summaries": (page, tracked("summaries")),
        "curation": (page, corrected(project, rec_id)),
        "templates": (page, touch(ROOT / "site_templates" / "recommendation.html")),
        "content": ("/about/", touch(ROOT / "content" / "about.md")),
    }


def measure_kinds(
    config: dict, work: Path, official: Path, rec_id: str, edits: int, kinds: list[str] | None = None, settle: float = 1.0
) -> dict:
    """Per kind of change: seconds from the save to the open page's reload event, and to the update's end."""
    tracked_files(work, rec_id, "start")
    config = {
        **config,
        "tracking": str(work / "tracking"),
        "assessments": str(work / "assessments"),
        "summaries": str(work / "summaries.yaml"),
    }
    project = Project.default().copied(work / "data", work / "build", work / "site")  # curated files the edits may change
    clock = Clock(f"/recommendations/{rec_id}/")
    preview = Preview(work / "site", work / "canonical", config, live=clock, project=project)
    started = time.perf_counter()
    preview.full()
    first = round(time.perf_counter() - started, 2)
    finished, busy, updates = threading.Event(), threading.Lock(), []

    def rebuild(changed: set[Path]) -> None:
        with busy:
            try:
                updates.append(preview.update(changed))
            finally:
                finished.set()

    _, observer = watch(watched(config, project), rebuild, clock)
    results: dict[str, dict] = {}
    try:
        time.sleep(settle)
        for kind, (page, save) in changes(official, rec_id, work, project).items():
            if kinds and kind not in kinds:
                continue
            clock.open(page)
            samples = []
            for n in range(edits):
                finished.clear()
                clock.reloaded.clear()
                save(f"benchmark-edit-{kind}-{n}")
                saved = time.perf_counter()
                if not clock.reloaded.wait(300):
                    raise RuntimeError(f"{page} was never told to reload after a change of {kind}")
                finished.wait(300)
                done = time.perf_counter() - saved
                samples.append(
                    {"to_reload": round(clock.at - saved, 3), "done": round(done, 3), "timings": updates[-1] if updates else {}}
                )
                time.sleep(settle)
                with busy:
                    pass
            results[kind] = {
                "reload_median": round(statistics.median(s["to_reload"] for s in samples), 3),
                "done_median": round(statistics.median(s["done"] for s in samples), 3),
                "edits": samples,
            }
            print(f"{kind}: {json.dumps({k: v for k, v in results[kind].items() if k != 'edits'})}", flush=True)
    finally:
        observer.stop()
        observer.join()
    return {"first_build": first, "recommendations": len(preview.built.recs) if preview.built else 0, "kinds": results}


def measure(config: dict, work: Path, edit_file: Path, rec_id: str, edits: int, settle: float = 1.0) -> dict:
    """Every kind of change, in the form the full benchmark (bench/run.py, report.py) reads: the
    upstream edit's figures at the top (as the report has always read them), each kind's in kinds."""
    found = measure_kinds(config, work, edit_file, rec_id, edits, KINDS, settle)
    samples = found["kinds"]["upstream"]["edits"]
    return {
        "first_build": found["first_build"],
        "edits": [{"to_page": s["to_reload"], "done": s["done"], "timings": s["timings"]} for s in samples],
        "to_page_median": round(statistics.median(s["to_reload"] for s in samples), 3),
        "to_page_max": round(max(s["to_reload"] for s in samples), 3),
        "done_median": found["kinds"]["upstream"]["done_median"],
        "incremental": all("to page" in s["timings"] for s in samples),
        "recommendations": found["recommendations"],
        "updates": [s["timings"] for s in samples],
        "kinds": {
            kind: {
                "reload_median": r["reload_median"],
                "reload_max": max(s["to_reload"] for s in r["edits"]),
                "done_median": r["done_median"],
                "edits": len(r["edits"]),
            }
            for kind, r in found["kinds"].items()
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=0, help="recommendations (NZ resampled); 0: the real NZ files")
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--kinds", nargs="*", default=KINDS, help=f"only these kinds of change (default: {' '.join(KINDS)})")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-preview-") as tmp:
        work = Path(tmp)
        if args.size:
            from recommendations_site.model import coverage

            from .resample import nz_upstream

            coverage.curated = lambda *args: []  # resampled copies exceed the real documents' stated totals
            ups = nz_upstream(*NZ_FILES, args.size, work / "up")
        else:
            (work / "up").mkdir()
            ups = [work / "up" / f.name for f in NZ_FILES]
            for f, copy in zip(NZ_FILES, ups, strict=True):
                copy.write_bytes(f.read_bytes())
        with ups[0].open(encoding="utf-8", newline="") as handle:
            row = next(csv.DictReader(handle))
        config = {**sources_config(Project.default()), "imports": [{"importer": "upr-info", "files": [str(f) for f in ups]}]}
        config["sdg_taxonomy"] = str((ROOT / config["sdg_taxonomy"]).resolve())
        found = measure_kinds(config, work, ups[0], make_id(row["document_symbol"], row["paragraph"]), args.edits, args.kinds)
    summary = {kind: (r["reload_median"], r["done_median"]) for kind, r in found["kinds"].items()}
    print(
        json.dumps(
            {
                "recommendations": found["recommendations"],
                "first_build": found["first_build"],
                "reload_and_done_median_s": summary,
            }
        )
    )


if __name__ == "__main__":
    main()
