"""The benchmark still runs. Not a timed test (benchmarks are not tests): `python -m bench --quick`
builds New Zealand once for real and otherwise tiny resampled sets (20 recommendations for the naive
build and the preview edit, 240 for the scale build and the asks step), without the browser, and
writes its report to a temporary file, which must hold every section."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT


def test_benchmark_runs_at_a_tiny_size(tmp_path):
    out = tmp_path / "performance.md"
    command = [sys.executable, "-m", "bench", "--quick", "--no-browser", "--out", str(out), "--work", str(tmp_path)]
    # timeout: a guard against a hang, not a time limit (a shared 2-core machine took 8 minutes)
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=1800)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    report = out.read_text(encoding="utf-8")
    for section in ("## Targets", "## Builds", "## Preview", "## Output", "## The naive way", "## What was changed", "## Method"):
        assert section in report, section
    for figure in (
        "| CPU |",
        "| RAM |",
        "| commit |",
        "New Zealand, cold",
        "240 resampled",
        "to page: median",
        "| New Zealand resampled to 20 | 20 |",
    ):
        assert figure in report, figure
    table = report.split("| kind of change |", 1)[1].split("\n\n", 1)[0].splitlines()[2:]  # after the header and rule
    kinds = [row.split(" | ")[0].removeprefix("| ") for row in table]
    assert kinds == ["upstream", "tracking", "assessments", "summaries", "curation", "templates", "content"], kinds
    assert "Preview, every kind of change" in report
    assert not list(tmp_path.glob("bench-*")), "the benchmark's temporary builds are removed"
