"""The steps in order: import -> canonical package (canonical.py) -> site (site.py)."""

from .canonical import Release, import_configured, import_files, publish_canonical, read_sources, write_canonical
from .site import build, build_site, site_settings

__all__ = [
    "Release",
    "build",
    "build_site",
    "import_configured",
    "import_files",
    "publish_canonical",
    "read_sources",
    "site_settings",
    "write_canonical",
]
