"""Where things are: the project root, its curated data and the shared upstream data."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
REFERENCE = DATA / "reference"
CURATION = DATA / "curation"
SOURCES_FILE = DATA / "sources.yaml"
TRACKING = DATA / "tracking"
ASSESSMENTS = DATA / "assessments"
SUMMARIES = CURATION / "summaries.yaml"
RELEASE_FILE = DATA / "release.yaml"
BUILD = ROOT / "build"


def from_root(path: str | Path) -> Path:
    """Resolve a path written relative to the project root (as in data/sources.yaml)."""
    path = Path(path)
    return path if path.is_absolute() else (ROOT / path).resolve()
