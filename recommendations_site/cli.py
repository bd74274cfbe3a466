"""The command line behind build.py. Thin: parse, call a pipeline step, report, exit code."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import importers, paths, pipeline, validate
from .importers.report import SourceError

CANONICAL = paths.BUILD / "canonical"


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="build.py", description="Build the open data site of UN human rights recommendations.")
    sub = p.add_subparsers(dest="command")
    imp = sub.add_parser("import", help="import upstream files into a canonical Data Package")
    imp.add_argument("importer", choices=sorted(importers.IMPORTERS), help="the upstream format")
    imp.add_argument("files", nargs="+", type=Path, metavar="FILE", help="upstream files to import")
    imp.add_argument("--country", help="keep only recommendations to this state (e.g. 'New Zealand')")
    imp.add_argument("--into", type=Path, required=True, metavar="DIR", help="directory to write the package into")
    val = sub.add_parser("validate", help="validate a canonical Data Package")
    val.add_argument(
        "--data", type=Path, metavar="DIR", help="package directory (default: import data/sources.yaml and validate that)"
    )
    return p


def print_imported(imported: importers.Imported) -> None:
    for report in imported.reports:
        recs = sum(1 for o in report.outcomes if o.outcome == "written")
        print(report.summary(recs))


def cmd_import(args: argparse.Namespace) -> int:
    imported = pipeline.import_files(args.importer, args.files, args.country, args.into)
    print_imported(imported)
    print(f"wrote {len(imported.recommendations)} recommendations to {args.into}")
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    if args.data is None:
        imported = pipeline.import_configured(CANONICAL)
        print_imported(imported)
        data = CANONICAL
    else:
        data = args.data
    problems = validate.check(data)
    for problem in problems:
        print(problem)
    print(f"{data}: {'valid' if not problems else f'{len(problems)} problems'}", file=sys.stderr)
    return 1 if problems else 0


COMMANDS = {"import": cmd_import, "validate": cmd_validate}


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    command = args.command or "validate"
    if command == "validate" and args.command is None:
        args.data = None
    try:
        return COMMANDS[command](args)
    except pipeline.InvalidPackage as err:
        for problem in err.problems:
            print(problem)
        print(f"invalid package: {len(err.problems)} problems; nothing written", file=sys.stderr)
        return 1
    except SourceError as err:
        print(f"error: {err}", file=sys.stderr)
        print("nothing written", file=sys.stderr)
        return 1
