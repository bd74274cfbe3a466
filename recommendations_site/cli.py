"""The command line behind build.py. Thin: parse, call a pipeline step, report, exit code."""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter
from pathlib import Path

from . import importers, paths, pipeline
from .importers.report import SourceError
from .model import package
from .model import release as manifests
from .publish import report as annual_report
from .render.changes import counted
from .tracking.template import template

CANONICAL = paths.BUILD / "canonical"
SITE = paths.ROOT / "site"


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="build.py", description="Build the open data site of UN human rights recommendations.")
    sub = p.add_subparsers(dest="command")
    imp = sub.add_parser("import", help="import upstream files into a canonical Data Package")
    imp.add_argument("importer", choices=sorted(importers.IMPORTERS), help="the upstream format")
    imp.add_argument("files", nargs="+", type=Path, metavar="FILE", help="upstream files to import")
    imp.add_argument("--country", help="keep only recommendations to this state (e.g. 'New Zealand')")
    imp.add_argument("--into", type=Path, required=True, metavar="DIR", help="directory to write the package into")
    imp.add_argument(
        "--tracking", type=Path, default=paths.TRACKING, metavar="DIR", help="officials' tracking files (default: data/tracking)"
    )
    imp.add_argument(
        "--release",
        type=Path,
        default=paths.RELEASE_FILE,
        metavar="FILE",
        help="release file with as_of (default: data/release.yaml)",
    )
    val = sub.add_parser("validate", help="validate a canonical Data Package")
    val.add_argument(
        "--data", type=Path, metavar="DIR", help="package directory (default: import data/sources.yaml and validate that)"
    )
    bld = sub.add_parser("build", help="build the site from a canonical Data Package")
    bld.add_argument("--data", type=Path, metavar="DIR", help="package directory (default: import data/sources.yaml first)")
    bld.add_argument("--out", type=Path, default=SITE, metavar="DIR", help="where to write the site (default: site/)")
    bld.add_argument(
        "--releases", type=Path, metavar="DIR", help="recorded releases to list changes against (default: data/releases)"
    )
    rel = sub.add_parser(
        "release", help="record the package's release manifest (ids and hashes) for the next release's changes page"
    )
    rel.add_argument("--data", type=Path, metavar="DIR", help="package directory (default: import data/sources.yaml first)")
    rel.add_argument(
        "--releases",
        type=Path,
        default=manifests.RELEASES,
        metavar="DIR",
        help="where manifests are kept (default: data/releases)",
    )
    srv = sub.add_parser(
        "serve", help="build, preview at http://127.0.0.1:8000/ and rebuild when data, content or templates change"
    )
    srv.add_argument("--port", type=int, default=8000, help="port to serve on (default 8000)")
    ovl = sub.add_parser("overlaps", help="write the overlapping pairs to a CSV without building the site")
    ovl.add_argument("--data", type=Path, metavar="DIR", help="package directory (default: import data/sources.yaml first)")
    ovl.add_argument("--out", type=Path, required=True, metavar="FILE.csv", help="CSV to write: id_a,id_b,score,status")
    tpl = sub.add_parser("template", help="start an agency's tracking file, listing the recommendations it leads or supports")
    tpl.add_argument("agency", help="agency id (data/reference/agencies.yaml), e.g. moj")
    tpl.add_argument("--data", type=Path, metavar="DIR", help="package directory (default: import data/sources.yaml first)")
    tpl.add_argument(
        "--out", type=Path, metavar="FILE", help="file to write (default: data/tracking/AGENCY.yaml); never overwritten"
    )
    annual_report.add_command(sub)
    return p


def print_imported(imported: importers.Imported) -> None:
    for report in imported.reports:
        recs = sum(1 for o in report.outcomes if o.outcome == "written")
        print(report.summary(recs))


def cmd_import(args: argparse.Namespace) -> int:
    release = pipeline.Release.configured({"tracking": args.tracking, "release": args.release})
    imported = pipeline.import_files(args.importer, args.files, args.country, args.into, release=release)
    print_imported(imported)
    print(f"wrote {len(imported.recommendations)} recommendations to {args.into}")
    return 0


def package_dir(data: Path | None) -> Path:
    """data, or else the configured sources (data/sources.yaml) imported into build/canonical."""
    if data is not None:
        return data
    print_imported(pipeline.import_configured(CANONICAL))
    return CANONICAL


def cmd_validate(args: argparse.Namespace) -> int:
    from . import validate  # frictionless: imported by the commands that validate, not by every command

    data = package_dir(args.data)
    problems = validate.check(data)
    for problem in problems:
        print(problem)
    print(f"{data}: {'valid' if not problems else f'{len(problems)} problems'}", file=sys.stderr)
    return 1 if problems else 0


def cmd_build(args: argparse.Namespace) -> int:
    timings = pipeline.build_site(package_dir(args.data), args.out, releases=args.releases)
    steps = ", ".join(f"{k} {v}s" for k, v in timings.items() if isinstance(v, float))
    print(f"built {timings['recommendations']} recommendation pages, {timings['pages']} pages in all, into {args.out} ({steps})")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from .preview import Preview
    from .serve import serve

    preview = Preview(SITE, CANONICAL, report=print_imported)  # an edit of upstream data re-renders only what it changes
    preview.full()
    return serve(SITE, args.port, rebuild=preview.update)


def cmd_overlaps(args: argparse.Namespace) -> int:
    from . import overlaps  # scikit-learn: 1.5 s to import, which `build --data` does not need

    recs = package.read_recommendations(package_dir(args.data))
    pairs = overlaps.find(recs)
    tmp = args.out.with_name(f".{args.out.name}.tmp")
    with tmp.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(["id_a", "id_b", "score", "status"])
        writer.writerows([p.id_a, p.id_b, "" if p.score is None else p.score, p.status] for p in pairs)
    tmp.replace(args.out)
    counts = Counter(p.status for p in pairs)
    print(
        f"{len(pairs)} pairs among {len(recs)} recommendations ({', '.join(f'{n} {s}' for s, n in sorted(counts.items()))}) -> {args.out}"
    )
    return 0


def cmd_release(args: argparse.Namespace) -> int:
    recs, tables, meta = package.read_package(package_dir(args.data))
    found = manifests.manifest(recs, tables, meta)
    since = manifests.changes(recs, tables, meta, args.releases)
    target = manifests.record(found, args.releases)
    counts = ", ".join(counted(len(rows), table) for table, rows in found["tables"].items())
    against = f"{since.total} changes since {since.since}" if since.since else "the first recorded release"
    print(f"recorded the release as at {found['as_of']} ({counts}; {against}) in {target}: commit it")
    return 0


def cmd_template(args: argparse.Namespace) -> int:
    out = args.out or paths.TRACKING / f"{args.agency}.yaml"
    if out.exists():
        raise package.OutputError(f"{out}: exists; edit it instead (a tracking file is never overwritten)")
    recs, tables, _ = package.read_package(package_dir(args.data))
    agency = next((a for a in tables["agencies"] if a["id"] == args.agency), None)
    if agency is None:
        raise package.OutputError(f"{args.agency!r} is not an agency id; see data/reference/agencies.yaml")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(template(agency, recs), encoding="utf-8")
    print(f"wrote {out}: fill in its actions and progress (docs/tracking.md), then run `python build.py validate`")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    return annual_report.command(args, package_dir(args.data), pipeline.site_settings(()))


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


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    command = args.command or "build"
    if args.command is None:
        args.data, args.out, args.releases = None, SITE, None
    try:
        return COMMANDS[command](args)
    except pipeline.InvalidPackage as err:
        for problem in err.problems:
            print(problem)
        print(f"invalid package: {len(err.problems)} problems; nothing written", file=sys.stderr)
        return 1
    except (SourceError, package.PackageError, package.OutputError) as err:
        print(f"error: {err}", file=sys.stderr)
        print("nothing written", file=sys.stderr)
        return 1
