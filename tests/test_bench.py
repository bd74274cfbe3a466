"""The benchmark still runs. Not a timed test (benchmarks are not tests): `python -m bench --quick`
builds tiny resampled sets, a 20-page naive build and one preview edit, without the browser, and
writes its report to a temporary file, which must hold every section."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT


def test_benchmark_runs_at_a_tiny_size(tmp_path):
    out = tmp_path / "performance.md"
    command = [sys.executable, "-m", "bench", "--quick", "--no-browser", "--out", str(out), "--work", str(tmp_path)]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    report = out.read_text(encoding="utf-8")
    for section in ("## Targets", "## Builds", "## Preview", "## Output", "## The naive way", "## What was changed", "## Method"):
        assert section in report, section
    for figure in ("| CPU |", "| RAM |", "| commit |", "New Zealand, cold", "300 resampled", "to page: median"):
        assert figure in report, figure
    assert not list(tmp_path.glob("bench-*")), "the benchmark's temporary builds are removed"
