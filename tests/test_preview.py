"""The preview `build.py serve` keeps (recommendations_site/preview/): an edit of upstream data
updates the site in place to exactly what a full build gives, and a failed update keeps the last
good preview."""

from __future__ import annotations

import csv
import io
import shutil
import sys
from collections import Counter
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import NZ_FILES, ROOT

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from recommendations_site import errors, pipeline, validate
from recommendations_site.model import make_id
from recommendations_site.model.package import read_recommendations
from recommendations_site.model.reference import sources_config
from recommendations_site.preview import Preview

PAGE = "a-hrc-26-3-128-14"


def edit(path: Path, rec_id: str, words: str) -> None:
    """Append words to one official paragraph's text, as an editor saves the file."""
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    row = next(r for r in rows if make_id(r["document_symbol"], r["paragraph"]) == rec_id)
    row["text_as_in_report"] += " " + words
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


@pytest.fixture
def preview(tmp_path: Path, curated_project) -> tuple[Preview, Path]:
    """A preview over copies of the NZ upstream files and of data/, built once; (preview, official file)."""
    copies = []
    for f in NZ_FILES:
        shutil.copyfile(f, tmp_path / f.name)
        copies.append(tmp_path / f.name)
    config = {**sources_config(curated_project), "imports": [{"importer": "upr-info", "files": [str(c) for c in copies]}]}
    built = Preview(tmp_path / "site", tmp_path / "canonical", config, project=curated_project)
    built.full()
    return built, copies[0]


def page(preview: Preview, rec_id: str = PAGE) -> str:
    return (preview.out / "recommendations" / rec_id / "index.html").read_text(encoding="utf-8")


def files(site: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file() and p.name != "build-info.json"
    }


def test_an_upstream_edit_updates_in_place_to_what_a_full_build_gives(preview, tmp_path):
    built, official = preview
    edit(official, PAGE, "Edited for the preview test.")
    timings = built.update({official})
    assert "to page" in timings, "an edit of upstream data is an in-place update, not a full build"
    assert "Edited for the preview test." in page(built)
    full = tmp_path / "full"
    pipeline.import_configured(tmp_path / "canonical-full", built.sources, project=built.project)
    pipeline.build_site(tmp_path / "canonical-full", full, sources=built.sources, project=built.project)
    assert files(built.out) == files(full)


def test_a_failed_update_keeps_the_last_good_preview(preview, monkeypatch):
    built, official = preview
    before, canonical = page(built), files(built.canonical)
    monkeypatch.setattr(validate, "check", lambda directory: [validate.Problem("recommendations.csv", 2, "text", "invented")])
    edit(official, PAGE, "Never shown for long.")
    with pytest.raises(errors.InvalidPackage):
        built.update({official})
    assert page(built) == before
    assert files(built.canonical) == canonical
    monkeypatch.undo()
    edit(official, PAGE, "Shown after the fix.")
    built.update({official})
    assert "Shown after the fix." in page(built)


def test_a_change_to_curated_data_builds_in_full(preview):
    built, _ = preview
    timings = built.update({built.project.file("curation/theme_map.yaml")})
    assert "to page" not in timings and timings["recommendations"] == 219


def coordinating(canonical: Path) -> Counter:
    return Counter(a for rec in read_recommendations(canonical) for a in rec.coordinating_agencies)


def test_a_curation_edit_while_previewing_shows_in_the_next_build(preview):
    """Nothing read from data/curation/ outlives a build: the next build reads the edited file."""
    built, _ = preview
    before = coordinating(built.canonical)
    leads = built.project.file("curation/lead_agencies.yaml")
    leads.write_text(leads.read_text(encoding="utf-8").replace("UPR: [mfat, moj]", "UPR: [dpmc]"), encoding="utf-8")
    built.update({leads})
    after = coordinating(built.canonical)
    assert before["mfat"] == 219 and after == {"dpmc": 219}
    page = BeautifulSoup((built.out / "recommendations" / PAGE / "index.html").read_text(encoding="utf-8"), "html.parser")
    facts = {dt.get_text(strip=True): dt.find_next_sibling("dd") for dt in page.select(".rec-facts dt")}
    assert [a["href"] for a in facts["Coordinating agencies"].select("a")] == ["../../agencies/dpmc/"]


def test_an_edit_that_joins_an_ask_updates_every_member_in_place(preview, tmp_path):
    """A recommendation that now also asks to reduce child poverty joins that ask: its page, the
    ask's page and every other member's "asked N times" change in place, as a full build has them."""
    built, official = preview
    edit(official, PAGE, "Reduce child poverty.")
    timings = built.update({official})
    assert "to page" in timings, "joining an existing ask is an in-place update"
    assert 'href="../../asks/reduce-child-poverty/"' in page(built)
    full = tmp_path / "full"
    pipeline.import_configured(tmp_path / "canonical-full", built.sources, project=built.project)
    pipeline.build_site(tmp_path / "canonical-full", full, sources=built.sources, project=built.project)
    assert files(built.out) == files(full)
