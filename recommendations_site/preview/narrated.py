"""The narrative pages (content/) the open browsers show, brought up to date first after a change
of content: built by mkdocs aside and copied in before the rest of the site (Preview.rebuild)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from .. import files
from ..outputs import narrative
from ..render import i18n
from .edits import REC_PAGE, page_paths

if TYPE_CHECKING:
    from . import Preview


def open_pages(
    preview: Preview, shown: dict[Path, bytes | None], first: dict[Path, bytes]
) -> tuple[dict[Path, bytes | None], dict[Path, bytes]]:
    """The narrative pages (content/) the open browsers show, built by mkdocs aside and copied in
    before the rest of the site, their reload pushed; shown and first with them added."""
    assert preview.built is not None
    wanted = {p for p in preview.live.viewing() if not REC_PAGE.match(p)}
    if not wanted:
        return shown, first
    already = page_paths(preview.out, first)  # reloaded by opened.recommendation_pages
    with tempfile.TemporaryDirectory(prefix="preview-narrative-") as tmp:
        for lang in i18n.LANGUAGES:
            if lang == "en" or any(p.startswith(f"/{i18n.PREFIX[lang]}") for p in wanted):
                narrative.build_into(Path(tmp), preview.project.root, preview.built.site.url, lang)
        for path in wanted:
            made, target = Path(tmp) / path.strip("/") / "index.html", preview.out / path.strip("/") / "index.html"
            if made.is_file() and target.is_file() and target not in shown:
                shown[target], first[target] = target.read_bytes(), made.read_bytes()
                files.atomic_write(target, first[target])
    preview.live.reload(page_paths(preview.out, first) - already)
    return shown, first
