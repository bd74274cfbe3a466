"""Preview latency as an official sees it: the same Preview and file watcher `build.py serve`
uses, over temporary copies of the upstream files. Each edit changes one recommendation's text
in the official paragraphs file and saves it; the clock runs from the save until the
recommendation's page on disk shows the new text, and until the whole update (downloads and
search index included) is done."""

from __future__ import annotations

import csv
import io
import statistics
import threading
import time
from pathlib import Path

from recommendations_site.model import make_id
from recommendations_site.preview import Preview
from recommendations_site.preview.serve import watch, watched


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


class Watch:
    """Whether a page shows a marker, reading it only when it changed (stat is cheap; reading and
    searching the page every few ms would slow the update being timed, which runs in this process)."""

    def __init__(self, page: Path):
        self.page, self.seen = page, (0, 0)

    def shows(self, marker: str) -> bool:
        try:
            st = self.page.stat()
            if (st.st_mtime_ns, st.st_ino) == self.seen:
                return False
            self.seen = (st.st_mtime_ns, st.st_ino)
            return marker in self.page.read_text(encoding="utf-8")
        except FileNotFoundError:  # a full rebuild renames the site folder
            return False


def measure(config: dict, work: Path, edit_file: Path, rec_id: str, edits: int, settle: float = 1.0) -> dict:
    """settle: seconds to let the watcher start, and to let a second event of one save pass, between edits."""
    preview = Preview(work / "site", work / "canonical", config)
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

    observer = watch(watched(config), rebuild)
    watching = Watch(work / "site" / "recommendations" / rec_id / "index.html")
    samples = []
    try:
        time.sleep(settle)  # the observer is running
        for n in range(edits):
            finished.clear()
            marker = f"benchmark-edit-{n}"
            edit(edit_file, rec_id, marker)
            saved = time.perf_counter()
            while not watching.shows(marker):
                if time.perf_counter() - saved > 120:
                    raise RuntimeError(f"{watching.page} never showed {marker}")
                time.sleep(0.005)
            to_page = time.perf_counter() - saved
            finished.wait(300)
            done = time.perf_counter() - saved
            timings = updates[-1] if updates else {}
            samples.append({"to_page": round(to_page, 3), "done": round(done, 3), "timings": timings})
            time.sleep(settle)  # let any update a second event of the same save started finish
            with busy:
                pass
    finally:
        observer.stop()
        observer.join()
    return {
        "first_build": first,
        "edits": samples,
        "to_page_median": round(statistics.median(s["to_page"] for s in samples), 3),
        "to_page_max": round(max(s["to_page"] for s in samples), 3),
        "done_median": round(statistics.median(s["done"] for s in samples), 3),
        "incremental": all("to page" in s["timings"] for s in samples),
        "recommendations": len(preview.built.recs) if preview.built else 0,
        "updates": updates,
    }
