"""Every output of the site: one module (or folder) each, which owns what its pages show and how
its files are written. OUTPUTS is the registry; a build runs them in the order of the build graph
(pipeline/graph.py), made from what each module declares:
- `READS`: the inputs it renders from (render/build.py: package table names, "content",
  "templates", "mkdocs", "locales", "release", or a curated file it still reads itself);
- `PROVIDES` / `NEEDS`: the artefacts (render/artefacts.py) it makes for other outputs, through
  build.provide(), and those it takes from them, through build.need(); outputs never import one
  another (the independence contract in pyproject.toml);
- `AFTER_ALL = True`, optional: it reads the finished site (the sitemap, build-info.json).
Ties keep the order below, so that the build writes its files as it always has.

An output module has, in a full build,
- `write(build)`: write it into build.out (render/build.py: Build);
- `finish(build)`: called once every output has written, in the graph's order: wait for what write()
  left running (Pagefind, the PDF, the workbook) and write what needs the other outputs first (the
  downloads page, the sitemap, build-info.json last of all);
(one or both), and
- `update(build, change)`, optional: bring it up to date in place after an edit of existing
  recommendations (the preview, `build.py serve`); an output without one depends on nothing such an
  edit changes (the narrative pages, the calendar, the sitemap).

Adding an output is one module with its declarations and write() or finish() (and update() if an
edit of a recommendation changes it) and one line here."""

from types import ModuleType

from . import (
    asks,
    buildinfo,
    calendar,
    changes,
    downloads,
    easyread,
    home,
    hubs,
    monitors,
    narrative,
    pivots,
    recommendations,
    recurring,
    report,
    search,
    sitemap,
    te_tiriti,
)

OUTPUTS: tuple[ModuleType, ...] = (
    narrative,  # first: mkdocs empties the folder, and gives the stylesheets every other page links
    report,  # its PDF renders in the spare process meanwhile
    te_tiriti,  # before downloads, which lists its slice first; before home, which gives its count
    downloads,  # a large build's workbook started in a process of its own; the slices at finish(), beside Pagefind
    recommendations,  # a page per recommendation, on every core from 1,000
    search,  # after the recommendation pages: Pagefind indexes them while the rest is written
    home,
    recurring,
    asks,  # a page per ask, and their index
    hubs,
    monitors,  # a page per independent monitor, and their index
    easyread,  # the Easy Read layout of each recommendation with a plain-language summary
    pivots,  # tables by state, review, theme and agency, each with its CSV
    calendar,
    changes,
    sitemap,
    buildinfo,  # its finish() is the last step: the one file that depends on the clock
)
