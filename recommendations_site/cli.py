"""The command line behind build.py. Thin: parse, call a pipeline step, report, exit code."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import os
import shlex
import shutil
import sys
import tempfile
import traceback
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NoReturn

from . import files, importers, pipeline
from .errors import InvalidPackage, OutputError, PackageError, SourceError
from .model import package
from .model import release as manifests
from .model.reference import sources_config
from .outputs import report as annual_report
from .outputs.changes.view import counted
from .outputs.report.view import PeriodError, chosen_period
from .project import Project
from .tracking.template import template

DEBUG = "RECOMMENDATIONS_DEBUG"  # set to 1 for the traceback of an unexpected error


class UsageError(Exception):
    """A command line argparse cannot read: reported as every other error is, one line, exit 1."""


class Parser(argparse.ArgumentParser):
    """argparse's parser, but an argument error is one `error: ...` line and exit 1 (not usage and exit 2).
    Sub-commands' parsers are of this class too (add_subparsers makes them of the parent's)."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: {message} (see {self.prog} --help)")


def parser() -> argparse.ArgumentParser:
    p = Parser(prog="build.py", description="Build the open data site of UN human rights recommendations.")
    sub = p.add_subparsers(dest="command")
    add_import_commands(sub)
    add_site_commands(sub)
    add_tool_commands(sub)
    return p


def add_import_commands(sub: argparse._SubParsersAction) -> None:
    imp = sub.add_parser("import", help="import upstream files into a canonical Data Package")
    imp.add_argument("importer", choices=sorted(importers.IMPORTERS), help="the upstream format")
    imp.add_argument("files", nargs="+", type=Path, metavar="FILE", help="upstream files to import")
    imp.add_argument("--country", help="keep only recommendations to this state (e.g. 'New Zealand')")
    imp.add_argument("--into", type=Path, required=True, metavar="DIR", help="directory to write the package into")
    imp.add_argument(
        "--tracking", type=Path, metavar="DIR", help="officials' tracking files (default: data/tracking)"
    )
    imp.add_argument(
        "--release",
        type=Path,
        metavar="FILE",
        help="release file with as_of (default: data/release.yaml)",
    )
    add_monitor_options(imp)
    val = sub.add_parser("validate", help="validate a canonical Data Package")
    val.add_argument(
        "--data", type=Path, metavar="DIR", help="package directory (default: import data/sources.yaml and validate that)"
    )


def add_site_commands(sub: argparse._SubParsersAction) -> None:
    bld = sub.add_parser("build", help="build the site from a canonical Data Package")
    bld.add_argument("--data", type=Path, metavar="DIR", help="package directory (default: import data/sources.yaml first)")
    bld.add_argument("--out", type=Path, metavar="DIR", help="where to write the site (default: site/)")
    bld.add_argument(
        "--releases", type=Path, metavar="DIR", help="recorded releases to list changes against (default: data/releases)"
    )
    add_monitor_options(bld)
    bld.add_argument(
        "--base-url",
        metavar="URL",
        help="the address the site is published at, for its absolute URLs (default: site_url in mkdocs.yml)",
    )
    rel = sub.add_parser(
        "release", help="record the package's release manifest (ids and hashes) for the next release's changes page"
    )
    rel.add_argument("--data", type=Path, metavar="DIR", help="package directory (default: import data/sources.yaml first)")
    rel.add_argument(
        "--releases",
        type=Path,
        metavar="DIR",
        help="where manifests are kept (default: data/releases)",
    )
    srv = sub.add_parser(
        "serve", help="build, preview at http://127.0.0.1:8000/ and rebuild when data, content or templates change"
    )
    srv.add_argument("--port", type=int, default=8000, help="port to serve on (default 8000)")


def add_monitor_options(command: argparse.ArgumentParser) -> None:
    """--assessments and --summaries: the independent monitors' files and the plain-language
    summaries an import reads (docs/monitors.md); on `build`, for the import it runs first."""
    command.add_argument(
        "--assessments",
        type=Path,
        metavar="DIR",
        help="independent monitors' assessment files (default: data/assessments)",
    )
    command.add_argument(
        "--summaries",
        type=Path,
        metavar="FILE",
        help="plain-language summaries (default: data/curation/summaries.yaml)",
    )


def add_tool_commands(sub: argparse._SubParsersAction) -> None:
    ovl = sub.add_parser("overlaps", help="write the overlapping pairs to a CSV without building the site")
    ovl.add_argument("--data", type=Path, metavar="DIR", help="package directory (default: import data/sources.yaml first)")
    ovl.add_argument("--out", type=Path, required=True, metavar="FILE.csv", help="CSV to write: id_a,id_b,score,status")
    tpl = sub.add_parser("template", help="start an agency's tracking file, listing the recommendations it leads or supports")
    tpl.add_argument("agency", help="agency id (data/reference/agencies.yaml), e.g. moj")
    tpl.add_argument("--data", type=Path, metavar="DIR", help="package directory (default: import data/sources.yaml first)")
    tpl.add_argument(
        "--out", type=Path, metavar="FILE", help="file to write (default: data/tracking/AGENCY.yaml); never overwritten"
    )
    rep = sub.add_parser("report", help="compile the annual report for Ministers for a period, as a PDF")
    rep.add_argument("--data", type=Path, metavar="DIR", help="package directory (default: import data/sources.yaml first)")
    rep.add_argument(
        "--from", dest="start", type=day, metavar="YYYY-MM-DD", help="first day of the period (default: a year before --to)"
    )
    rep.add_argument(
        "--to",
        dest="end",
        type=day,
        metavar="YYYY-MM-DD",
        help="last day of the period (default: the end of the last complete six-monthly period before as_of)",
    )
    rep.add_argument("--out", type=Path, required=True, metavar="FILE.pdf", help="the PDF to write")


def day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def print_imported(imported: importers.Imported) -> None:
    for report in imported.reports:
        recs = sum(1 for o in report.outcomes if o.outcome == "written")
        print(report.summary(recs))
        for warning in report.warnings:
            print(f"warning: {warning}", file=sys.stderr)


def cmd_import(args: argparse.Namespace) -> int:
    files.check_output_folder(args.into.resolve(), "datapackage.json")  # refused before the import, not after
    given = {"tracking": args.tracking, "release": args.release, "assessments": args.assessments, "summaries": args.summaries}
    release = pipeline.Release.configured({k: v for k, v in given.items() if v is not None}, args.project)
    imported = pipeline.import_files(args.importer, args.files, args.country, args.into, release=release, project=args.project)
    print_imported(imported)
    print(f"wrote {len(imported.recommendations)} recommendations to {args.into}")
    return 0


@contextmanager
def package_dir(project: Project, data: Path | None, *, checked: bool = True, given: dict | None = None) -> Iterator[Path]:
    """data, or else the configured sources (data/sources.yaml, with the files given on the command
    line instead of its own) imported into a folder of this run's own, which becomes
    build/canonical when the command succeeds: concurrent runs never share one."""
    given = {k: v for k, v in (given or {}).items() if v is not None}
    if data is not None and given:
        raise PackageError(f"--{next(iter(given))} is read by an import: with --data the package's own is used")
    if data is not None:
        if checked and not (data / "datapackage.json").is_file():
            raise PackageError(f"{data}: not a canonical Data Package (it has no datapackage.json)")
        yield valid(data) if checked else data  # a package given by hand may have been edited: checked before it is read
        return
    files.check_output_folder(project.canonical.resolve(), "datapackage.json")  # before the import: refused, nothing done
    project.build.mkdir(parents=True, exist_ok=True)
    private = Path(tempfile.mkdtemp(prefix=".canonical-", dir=project.build))
    try:
        work = private / "canonical"
        config = {**sources_config(project), **given} if given else None
        print_imported(pipeline.import_configured(work, config, project=project))
        yield work
        files.publish(work, project.canonical.resolve(), "datapackage.json")
    finally:
        shutil.rmtree(private, ignore_errors=True)


def cmd_validate(args: argparse.Namespace) -> int:
    from . import validate  # frictionless: imported by the commands that validate, not by every command

    with package_dir(args.project, args.data, checked=False) as data:  # validate says what is missing
        problems = validate.check(data)
    for problem in problems:
        print(problem)
    print(f"{data}: {'valid' if not problems else f'{len(problems)} problems'}", file=sys.stderr)
    return 1 if problems else 0


def valid(data: Path) -> Path:
    """data, once `validate` finds no problem in it (InvalidPackage otherwise: nothing is built)."""
    from . import validate

    problems = validate.check(data)
    if problems:
        raise InvalidPackage(problems)
    return data


def cmd_build(args: argparse.Namespace) -> int:
    args.out = args.out or args.project.site
    files.check_output_folder(args.out.resolve(), pipeline.site.MARKER)  # refused before the import or validation, not after
    if args.base_url is not None:
        pipeline.site.site_address(args.base_url)  # likewise: a bad address is refused before anything is done
    given = {"assessments": args.assessments, "summaries": args.summaries}
    with package_dir(args.project, args.data, given=given) as data:
        timings = pipeline.build_site(data, args.out, releases=args.releases, base_url=args.base_url, project=args.project)
    steps = ", ".join(f"{k} {v}s" for k, v in timings.items() if isinstance(v, float))
    print(f"built {timings['recommendations']} recommendation pages, {timings['pages']} pages in all, into {args.out} ({steps})")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from .preview import Preview
    from .preview.serve import Live, serve

    project: Project = args.project
    live = Live()  # the open pages: told to reload, and shown a failed rebuild's message
    preview = Preview(
        project.site,
        project.canonical,
        report=print_imported,
        base_url=f"http://127.0.0.1:{args.port}/",
        project=project,
        live=live,
    )  # an edit re-renders only what it changes
    preview.full()
    return serve(project.site, args.port, rebuild=preview.update, live=live, project=project)


def cmd_overlaps(args: argparse.Namespace) -> int:
    from . import overlaps  # scikit-learn: 1.5 s to import, which `build --data` does not need

    with package_dir(args.project, args.data) as data:
        recs = package.read_recommendations(data)
    pairs = overlaps.find(recs)
    text = io.StringIO(newline="")
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(["id_a", "id_b", "score", "status"])
    writer.writerows([p.id_a, p.id_b, "" if p.score is None else p.score, p.status] for p in pairs)
    files.atomic_write(args.out, text.getvalue())
    counts = Counter(p.status for p in pairs)
    print(
        f"{len(pairs)} pairs among {len(recs)} recommendations ({', '.join(f'{n} {s}' for s, n in sorted(counts.items()))}) -> {args.out}"
    )
    return 0


def cmd_release(args: argparse.Namespace) -> int:
    with package_dir(args.project, args.data) as data:
        recs, tables, meta = package.read_package(data)
    releases = args.releases or args.project.file("releases/")
    found = manifests.manifest(recs, tables, meta)
    since = manifests.changes(recs, tables, meta, releases)
    target = manifests.record(found, releases)
    counts = ", ".join(counted(len(rows), table) for table, rows in found["tables"].items())
    against = f"{since.total} changes since {since.since}" if since.since else "the first recorded release"
    print(f"recorded the release as at {found['as_of']} ({counts}; {against}) in {target}: commit it")
    return 0


def cmd_template(args: argparse.Namespace) -> int:
    out = args.out or args.project.file("tracking/") / f"{args.agency}.yaml"
    if out.exists():
        raise OutputError(f"{out}: exists; edit it instead (a tracking file is never overwritten)")
    with package_dir(args.project, args.data) as data:
        recs, tables, _ = package.read_package(data)
    agency = next((a for a in tables["agencies"] if a["id"] == args.agency), None)
    if agency is None:
        raise OutputError(f"{args.agency!r} is not an agency id; see data/reference/agencies.yaml")
    files.atomic_write(out, template(agency, recs))
    print(f"wrote {out}: fill in its actions and progress (docs/tracking.md), then run `python build.py validate`")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    """The report for the period given, from the package."""
    with package_dir(args.project, args.data) as data:
        recs, tables, meta = package.read_package(data)
    as_of = package.release_date(meta)
    try:
        period = chosen_period(as_of, args.start, args.end)
    except PeriodError as err:
        print(f"error: {err}", file=sys.stderr)
        print("nothing written", file=sys.stderr)
        return 1
    view = annual_report.write_period(recs, tables, meta, pipeline.site_settings(args.project), period, args.out)
    print(
        f"wrote {args.out}: {view['period']}, {len(recs)} recommendations, {view['actions']} actions, "
        f"{view['updates']} progress updates in the period"
    )
    return 0


COMMANDS = {
    "import": cmd_import,
    "validate": cmd_validate,
    "build": cmd_build,
    "serve": cmd_serve,
    "overlaps": cmd_overlaps,
    "template": cmd_template,
    "report": cmd_report,
    "release": cmd_release,
}


def main(argv: list[str] | None = None, project: Project | None = None) -> int:
    """Run one command; project: where the data, build and site folders are (the checkout's own
    by default; the tests give a copy), made once here and passed to every step."""
    try:
        args = parser().parse_args(argv)
    except UsageError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    command = args.command or "build"
    args.project = project or Project.default()
    if args.command is None:
        args.data, args.out, args.releases, args.assessments, args.summaries, args.base_url = None, None, None, None, None, None
    try:
        return COMMANDS[command](args)
    except InvalidPackage as err:
        for problem in err.problems:
            print(problem)
        print(f"invalid package: {len(err.problems)} problems; nothing written", file=sys.stderr)
        return 1
    except (SourceError, PackageError, OutputError) as err:
        print(f"error: {err}", file=sys.stderr)
        print("nothing written", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as err:  # the last resort: every expected failure is reported above, as file:row:field
        return unexpected(err, ["build.py", *(sys.argv[1:] if argv is None else argv)])


def unexpected(err: Exception, given: list[str]) -> int:
    """A clean report of an error no check foresaw, naming the command and its inputs; the
    traceback only when RECOMMENDATIONS_DEBUG asks for it."""
    if os.environ.get(DEBUG, "").strip() not in ("", "0"):
        traceback.print_exc()
    what = " ".join(f"{type(err).__name__}: {err}".split())
    print(
        f"error: `{shlex.join(given)}` stopped on an unexpected error ({what}). This is a bug in build.py: please report it "
        f'as README.md says under "Reporting a problem", with this line and the traceback that {DEBUG}=1 shows',
        file=sys.stderr,
    )
    return 1
