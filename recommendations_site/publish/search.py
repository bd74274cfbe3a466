"""The static search index, built by Pagefind over every page of the finished site."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def index(site: Path) -> None:
    """Run Pagefind (the pagefind_bin wheel) over site; it writes site/pagefind/."""
    result = subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(site), "--quiet"], capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(f"pagefind failed ({result.returncode}):\n{result.stdout}{result.stderr}")
