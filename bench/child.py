"""One measured step of the benchmark, run in a fresh Python process (`python -m bench.child STEP
ARGS...`) so that its wall time, imports included, and its peak memory are its own. It prints one
line `BENCH-RESULT {json}` at the end: the step's own timings and the peak resident set size of
this process (ru_maxrss). Its child processes (Pagefind) are sampled by bench/run.py: their
ru_maxrss would count the parent's memory they were forked from."""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

import yaml

MARK = "BENCH-RESULT "


def load_sources(path: str) -> dict | None:
    return yaml.safe_load(Path(path).read_text(encoding="utf-8")) if path != "-" else None


def step_configured(sources: str, canonical: str, site: str) -> dict:
    """`python build.py`: import the configured sources, validate, build (into the given folders)."""
    from recommendations_site import pipeline

    config = load_sources(sources)
    timings: dict = {}
    imported = pipeline.import_configured(Path(canonical), config, timings)
    timings.update(pipeline.build_site(Path(canonical), Path(site), sources=config))
    return {"timings": timings, "imported": len(imported.recommendations)}


def step_import(importer: str, into: str, *files: str) -> dict:
    """`python build.py import IMPORTER FILES --into DIR`."""
    from recommendations_site import pipeline

    timings: dict = {}
    imported = pipeline.import_files(importer, [Path(f) for f in files], None, Path(into), timings)
    return {"timings": timings, "imported": len(imported.recommendations)}


def step_build(data: str, site: str, profile: str = "") -> dict:
    """`python build.py build --data DIR --out DIR`, optionally under pyinstrument."""
    from recommendations_site import pipeline

    if not profile:
        return {"timings": pipeline.build_site(Path(data), Path(site))}
    from pyinstrument import Profiler

    from recommendations_site.render import build

    build.PARALLEL_FROM = 10**9  # one process, so that the profiler sees the rendering (workers it would not)
    profiler = Profiler(interval=0.005)
    profiler.start()
    timings = pipeline.build_site(Path(data), Path(site))
    profiler.stop()
    Path(profile).write_text(profiler.output_text(unicode=False, color=False), encoding="utf-8")
    return {"timings": timings}


def step_resample(base: str, n: str, into: str) -> dict:
    """Write a resampled canonical package (bench/resample.py), then validate it as `build.py validate` does."""
    from recommendations_site import validate

    from . import resample

    started = time.perf_counter()
    pairs = resample.write(Path(base), int(n), Path(into))
    written = time.perf_counter()
    problems = validate.check(Path(into))
    if problems:
        raise SystemExit(f"resampled package is invalid: {problems[:5]}")
    return {
        "timings": {"resample": round(written - started, 2), "validate": round(time.perf_counter() - written, 2)},
        "overlaps": pairs,
        "imported": int(n),
    }


def step_asks(data: str) -> dict:
    """The asks step of the build on a package's recommendations, recomputed from their texts as
    `build.py import` does (overlaps.analyse: requests, catalogue, instrument asks, proposed asks,
    pairs)."""
    from recommendations_site import overlaps
    from recommendations_site.model.package import read_recommendations

    recs = read_recommendations(Path(data))
    started = time.perf_counter()
    found = overlaps.analyse(recs)
    return {
        "timings": {"asks": round(time.perf_counter() - started, 2)},
        "imported": len(recs),
        "asks": len(found.asks),
        "links": len(found.links),
        "overlaps": len(found.pairs),
    }


def step_naive(data: str, docs: str, site: str) -> dict:
    from . import naive

    return {"timings": naive.build(Path(data), Path(docs), Path(site))}


def step_preview(sources: str, work: str, edit_file: str, rec_id: str, edits: str, settle: str = "1.0") -> dict:
    from . import preview

    return preview.measure(load_sources(sources), Path(work), Path(edit_file), rec_id, int(edits), float(settle))


STEPS = {
    "configured": step_configured,
    "import": step_import,
    "build": step_build,
    "resample": step_resample,
    "asks": step_asks,
    "naive": step_naive,
    "preview": step_preview,
}


def main(argv: list[str]) -> None:
    result = STEPS[argv[0]](*argv[1:])
    result["rss_self"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    used = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    result["cpu"] = round(sum(u.ru_utime + u.ru_stime for u in used), 2)  # CPU seconds, its workers' and Pagefind's included
    print(MARK + json.dumps(result), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
