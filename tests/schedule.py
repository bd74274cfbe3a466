"""The order the tests start in, so that the two pytest-xdist workers finish together.

Under `-n`, tests/conftest.py gives xdist the scheduler ByUnit: the tests are cut into work units
and a worker takes the next unit whenever it has two tests or fewer left. A unit is one test, or a
whole module when the module has a module-scoped fixture that makes something (TOGETHER): that
module stays on one worker, the fixture made once. (Not xdist's own `loadgroup` marks: with pytest 9
its renaming of a test's node id has no effect, so every test was a unit of its own.) The units are
then put longest first (longest-processing-time scheduling), so the minutes-long tests start at
once on both workers and the run ends on tests of a fraction of a second, not on one worker's
long test while the other idles. How long a unit takes is an estimate (ESTIMATES, measured,
below); a wrong estimate makes the run slower, never different: every test still runs, each
exactly once, and a module's tests keep their order."""

from __future__ import annotations

import pytest
from xdist.scheduler import LoadScopeScheduling

# Seconds of wall time on the 2-core machine with both workers busy (from the timed runs of
# docs/quality.md, "How long the tests take"). A file's figure is its whole module, one unit by its
# module fixtures; a test's is that test with its setup, for each of its parameters when the name
# is given without them. Only the long ones are listed: the rest count DEFAULT each.
ESTIMATES: dict[str, float] = {
    "tests/test_preview.py": 80,
    "tests/test_output_folders.py": 55,
    "tests/test_accessibility.py::test_every_page_passes_every_check[desktop-en]": 30,
    "tests/test_accessibility.py::test_every_page_passes_every_check[desktop-mi]": 30,
    "tests/test_accessibility.py::test_every_page_passes_every_check[phone-en]": 25,
    "tests/test_accessibility.py::test_every_page_passes_every_check[phone-mi]": 25,
    "tests/test_bench.py::test_benchmark_runs_at_a_tiny_size": 45,
    "tests/test_publishing.py": 30,
    "tests/test_bad_input.py": 30,
    "tests/test_data_formats.py": 28,
    "tests/test_validate.py": 25,
    "tests/test_monitors.py": 25,
    "tests/test_search_terms.py": 25,
    "tests/test_security.py": 22,
    "tests/test_accessibility.py::test_lighthouse_scores": 22,
    "tests/test_browser.py": 21,
    "tests/test_import_upr_info.py::test_multi_country_export": 17,
    "tests/test_overlaps.py::test_a_rejected_link_is_not_on_the_site": 17,
    "tests/test_hostile_curated.py": 17,
    "tests/test_import_uhri.py": 17,
    "tests/test_feeds.py": 16,
    "tests/test_coverage.py": 15,
    "tests/test_fuzz.py::test_hypothesis_uhri_records": 15,
    "tests/test_report.py::test_the_preview_rewrites_the_report_when_a_response_changes": 14,
    "tests/test_html_valid.py::test_every_page_is_valid_html": 14,
    "tests/test_import_ohchr_matrix.py": 13,
    "tests/test_browser_explore.py": 12,
    "tests/test_reproducible.py::test_two_builds_of_the_same_data_are_byte_identical": 11,
    "tests/test_editor.py": 11,
    "tests/test_classification.py": 11,
    "tests/test_precedence.py::test_merged_record_is_written_with_its_field_sources": 11,
    "tests/test_fuzz.py::test_hypothesis_tracking_files": 10,
    "tests/test_import_upr_info.py::test_sessions_through_the_fourth_cycle_have_their_years": 8,
    "tests/test_site.py::test_every_download_validates": 8,
    "tests/test_changes.py": 8,
    "tests/test_te_reo_pages.py": 8,
    "tests/test_report.py::test_a_chosen_period": 8,
    "tests/test_report.py::test_the_pdf_holds_the_report_and_is_the_same_bytes_every_time": 8,
    "tests/test_explore.py::test_each_recommendation_page_gives_search_its_state_region_and_year": 8,
    "tests/test_overlaps.py::test_overlaps_command_writes_the_pairs": 8,
    "tests/test_plain_words.py::test_no_page_names_an_internal_file_path_or_code": 7,
    "tests/test_reproducible.py::test_a_build_failing_part_way_leaves_the_previous_site": 6,
    "tests/test_site.py::test_injected_markup_is_shown_as_text": 6,
    "tests/test_hostile_sources.py": 7,
    "tests/test_import_uhri_export.py::test_import_command_reads_the_export": 6,
    "tests/test_import_upr_info.py::test_nz_enriched_file_alone_gives_the_same_219": 5,
    "tests/test_import_upr_info.py::test_mac_roman_export_decodes_accents": 5,
    "tests/test_model.py::test_csv_json_round_trip": 5,
    "tests/test_fuzz.py::test_hypothesis_assessment_files": 5,
    "tests/test_report.py::test_a_bad_period_writes_nothing": 4,
    "tests/test_import_upr_info.py::test_country_option_keeps_new_zealand_rows_merged": 4,
    "tests/test_import_upr_info.py::test_fixture_export_merges_and_labels_rows": 4,
    "tests/test_site.py::test_url_does_not_change_when_source_rows_move": 4,
    "tests/test_accessibility.py::test_focus_is_always_visible": 3,
    "tests/test_model.py::test_ids_do_not_depend_on_row_order": 3,
    "tests/test_validate_shortcuts.py::test_lookups_read_once_report_what_frictionless_reports": 3,
    "tests/test_site.py::test_every_internal_link_resolves": 3,
}
DEFAULT = 0.3
UNIT_COST = pytest.StashKey[float]()  # each item's unit's estimate, as ordered (tests/test_schedule.py)
# Modules whose module fixtures are cheap (a list, a page) but whose tests are long: their tests are
# units of their own, so both workers share them.
SPREAD = {"tests/test_accessibility.py", "tests/test_import_upr_info.py", "tests/test_fuzz.py"}


# Modules with a module-scoped fixture that makes something (a package imported, a site built, a
# browser tab): each is one unit, run by one worker, the fixture made once. tests/test_schedule.py
# fails when a module with a module-scoped fixture is in neither this set nor SPREAD.
TOGETHER = {
    f"tests/test_{name}.py"
    for name in [
        "bad_input",
        "browser",
        "browser_explore",
        "calendar",
        "changes",
        "classification",
        "coverage",
        "data_formats",
        "editor",
        "feeds",
        "hostile_curated",
        "hostile_silent",
        "hostile_sources",
        "import_ohchr_matrix",
        "import_uhri",
        "lead_agencies",
        "monitors",
        "output_folders",
        "preview",
        "publishing",
        "search_terms",
        "security",
        "state_names",
        "te_reo_pages",
        "validate",
    ]
}


def module_of(nodeid: str) -> str:
    return nodeid.split("::", 1)[0]


def unit_of(nodeid: str) -> str:
    """The work unit of a test: its module when the module is kept together, else the test itself."""
    module = module_of(nodeid)
    return module if module in TOGETHER else nodeid


def estimate(nodeid: str) -> float:
    return ESTIMATES.get(nodeid, ESTIMATES.get(nodeid.split("[", 1)[0], DEFAULT))


def cost(unit: str, nodeids: list[str]) -> float:
    return ESTIMATES[unit] if unit in TOGETHER and unit in ESTIMATES else sum(map(estimate, nodeids))


def longest_first(items: list[pytest.Item]) -> None:
    """Reorder items as units (unit_of), longest first; each item's unit's cost goes in its stash."""
    units: dict[str, list[pytest.Item]] = {}
    for item in items:
        units.setdefault(unit_of(item.nodeid), []).append(item)
    costs = {unit: cost(unit, [item.nodeid for item in members]) for unit, members in units.items()}
    order = sorted(units, key=costs.__getitem__, reverse=True)
    for unit in order:
        for item in units[unit]:
            item.stash[UNIT_COST] = costs[unit]
    items[:] = [item for unit in order for item in units[unit]]


class ByUnit(LoadScopeScheduling):
    """xdist's scope scheduler (a worker takes the next unit when it has two tests or fewer left),
    with unit_of as the scope and the units in the order the workers collected them (longest_first)."""

    def __init__(self, config: pytest.Config, log: object = None) -> None:
        config.option.loadscopereorder = False  # keep longest_first's order, not units by their size
        super().__init__(config, log)

    def _split_scope(self, nodeid: str) -> str:
        return unit_of(nodeid)
