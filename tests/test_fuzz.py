"""Fuzzing: hostile and broken input through the real command line, in-process.

The corpus (tests/fuzz_corpus.py) is generated at test time from the real files in
../shared/data, cut to a few dozen rows first, and damaged with seeded mutations; hypothesis adds
tracking- and assessment-file-shaped YAML and UHRI-record-shaped JSON with arbitrary types in every field,
each example read by its reader (tracking.read, assessments.read, the UHRI importer: it returns or
raises a located file:line:field error, never another exception) and, for the first few and every
one the reader accepts, imported as below. Each case runs `build.py import ...` as cli.main([...]) and must:

- raise nothing and print no traceback, and exit 0 or 1;
- leave nothing half-written: on exit 1 the --into folder is absent (with nothing beside it) or
  byte-identical to what it was, the user's own notes.txt in it included; on exit 0 it holds a
  package whose import report accounts for every row read (read = began + merged + rejected,
  the report's CSV lists every row, every recommendation is a written row), notes.txt still there;
- exit 1 on clearly broken input (NUL bytes, a duplicate header, invalid JSON, an impossible date
  in the tracking or release file, deep nesting, duplicate keys, an empty upstream file; an unknown
  monitor, recommendation or rating, a missing or non-http source, a date after as_of, aliases in a
  monitor's assessment file or the summaries).

A fresh round (issue 23) adds new generators for every input kind (tests/fuzz_corpus.py FRESH: the
full UHRI export as a target of its own, formulas, swapped fields, repeated records, half-character
escapes, a folder in place of a file ...), command lines argparse must refuse (one `error:` line,
exit 1), and seeded mutations of the curated files read by their own readers.

The size is fixed by counting cases, not by a clock (docs/quality.md, "Hostile and broken input"):
the module runs in about 90 seconds on the 2-core machine. Failures are never marked xfail."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import functools
import io
import json
import os
import random
import re
import shutil
import signal
import sys
import tempfile
import time
import traceback
import zlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import fuzz_corpus as corpus
import pytest
from conftest import ROOT
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

if str(ROOT) not in sys.path:  # the project is not installed: import it from the checkout
    sys.path.insert(0, str(ROOT))

from recommendations_site import cli
from recommendations_site.project import Project

# One case taking longer is a failure (a hang), not a slower suite: CASE_SECONDS of its own CPU time
# (a busy loop; other processes on a loaded machine do not count) or HANG_SECONDS of wall time (a wait).
CASE_SECONDS = 30
HANG_SECONDS = 300
TIMERS = ((signal.ITIMER_PROF, signal.SIGPROF, CASE_SECONDS), (signal.ITIMER_REAL, signal.SIGALRM, HANG_SECONDS))
NOTES = b"My own notes: do not delete.\n"
TALLY: Counter = Counter()  # (kind, outcome) -> runs, reported at the end of the module
SECONDS: Counter = Counter()


# --- running one case ------------------------------------------------------------------------------


@dataclass
class Run:
    code: int | None
    out: str
    err: str
    crash: str  # the traceback of anything main() raised (SystemExit and hangs included), else ""
    seconds: float


class TooSlow(BaseException):  # not an Exception: the command's own last-resort handler must not swallow it
    pass


DEBUG = getattr(cli, "DEBUG", "RECOMMENDATIONS_DEBUG")  # the command prints an unexpected error's traceback
UNEXPECTED = re.compile(r"Traceback \(most recent call last\)|unexpected error|This is a bug", re.I)


def run_cli(argv: list[str]) -> Run:
    """build.py ARGV in this process, stdout and stderr captured, within TIMERS."""
    out, err = io.StringIO(), io.StringIO()

    def too_slow(signum: int, frame: object) -> None:
        what = f"{CASE_SECONDS} s of CPU time" if signum == signal.SIGPROF else f"{HANG_SECONDS} s"
        raise TooSlow(f"still running after {what}")

    previous = [signal.signal(number, too_slow) for _, number, _ in TIMERS]
    debug = os.environ.get(DEBUG)
    os.environ[DEBUG] = "1"
    for timer, _, seconds in TIMERS:
        signal.setitimer(timer, seconds)
    started = time.perf_counter()
    code, crash = None, ""
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = cli.main(argv)
    except KeyboardInterrupt:
        raise
    except BaseException as exc:
        crash = "".join(traceback.format_exception(exc))
    finally:
        for (timer, number, _), handler in zip(TIMERS, previous, strict=True):
            signal.setitimer(timer, 0)
            signal.signal(number, handler)
        if debug is None:
            del os.environ[DEBUG]
        else:
            os.environ[DEBUG] = debug
    return Run(code, out.getvalue(), err.getvalue(), crash, time.perf_counter() - started)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under folder, byte for byte, and the names beside it (no temporary leftovers)."""
    found = {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
    found["<beside>"] = "\n".join(sorted(p.name for p in folder.parent.iterdir())).encode()
    return found


def where_raised(text: str) -> str:
    """A traceback in text as one line: the exception, and the innermost frame of the project."""
    block = text[text.rfind("Traceback (most recent call last)") :]
    frames = re.findall(r'File "([^"]+)", line (\d+), in (\S+)', block)
    ours = [f for f in frames if "/recommendations_site/" in f[0]] or frames
    lines = block.splitlines()[1:]
    raised = next((line for line in lines if line and not line.startswith((" ", "\t"))), "?")
    if not ours:
        return raised[:200]
    file, line, function = ours[-1]
    shown = str(Path(file).relative_to(ROOT)) if file.startswith(str(ROOT)) else file
    return f"{raised[:200]} at {shown}:{line} ({function})"


SUMMARY_START = re.compile(r"^(?P<importer>[\w-]+): read (?P<read>\d+) rows from \d+ file\(s\)$", re.M)
SUMMARY_LINES = {
    "began": re.compile(r"^ +written: \d+ recommendations \((\d+) rows began one\)$", re.M),
    "merged": re.compile(r"^ +merged: (\d+) rows", re.M),
    "rejected": re.compile(r"^ +rejected: (\d+) rows", re.M),
    "unaccounted": re.compile(r"^ +unaccounted: (-?\d+) rows", re.M),
}


def summaries(out: str) -> list[dict] | None:
    """Each importer's printed summary as numbers: read, began, merged, rejected, unaccounted."""
    starts = list(SUMMARY_START.finditer(out))
    found = []
    for n, start in enumerate(starts):
        block = out[start.start() : starts[n + 1].start() if n + 1 < len(starts) else len(out)]
        numbers = {"importer": start["importer"], "read": int(start["read"])}
        for name, pattern in SUMMARY_LINES.items():
            match = pattern.search(block)
            if not match:
                return None
            numbers[name] = int(match[1])
        found.append(numbers)
    return found or None


def package_problems(run: Run, into: Path) -> list[str]:
    """On exit 0: a package whose import report accounts for every row read."""
    found = []
    if not (into / "datapackage.json").is_file():
        return [f"exit 0 but no package in {into.name}"]
    printed = summaries(run.out)
    wrote = re.search(r"^wrote (\d+) recommendations to ", run.out, re.M)
    if not printed or not wrote:
        return ["exit 0 without the import summary (read / written / merged / rejected / unaccounted)"]
    with (into / "recommendations.csv").open(encoding="utf-8", newline="") as handle:
        ids = {row["id"] for row in csv.DictReader(handle)}
    if int(wrote[1]) != len(ids):
        found.append(f"said it wrote {wrote[1]} recommendations, the package holds {len(ids)}")
    for s in printed:
        read, began, merged, rejected = (s[k] for k in ("read", "began", "merged", "rejected"))
        if read != began + merged + rejected or s["unaccounted"]:
            found.append(f"{s['importer']}: read {read} rows != {began} written + {merged} merged + {rejected} rejected")
        report = into / f"import-report-{s['importer']}.csv"
        if not report.is_file():
            found.append(f"no {report.name} in the package")
            continue
        with report.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        outcomes = Counter(r["outcome"] for r in rows)
        if len(rows) != read or [outcomes["written"], outcomes["merged"], outcomes["rejected"]] != [began, merged, rejected]:
            found.append(f"{report.name}: {len(rows)} rows ({dict(outcomes)}) for {read} rows read")
        named = {r["recommendation_id"] for r in rows if r["outcome"] in ("written", "merged")}
        if named - ids:
            found.append(f"{report.name} names recommendations not in the package: {sorted(named - ids)[:3]}")
        if ids - {r["recommendation_id"] for r in rows if r["outcome"] == "written"}:
            found.append("recommendations in the package that no row of the import report began")
    return found


def outcome_problems(run: Run, must_refuse: bool) -> list[str]:
    """What is wrong with how one run ended: raised, printed a traceback, exit not 0 or 1, exit 0 on
    clearly broken input, exit 1 without a message."""
    found = []
    if run.crash:
        found.append(f"raised {where_raised(run.crash)}")
    elif run.code not in (0, 1):
        found.append(f"exit {run.code!r}, not 0 or 1")
    if UNEXPECTED.search(run.out + run.err):
        printed = run.err if UNEXPECTED.search(run.err) else run.out
        found.append(f"unexpected error: {where_raised(printed) if 'Traceback' in printed else printed.strip()[-300:]}")
    if must_refuse and run.code != 1 and not run.crash:
        found.append(f"exit {run.code} on clearly broken input (must be 1)")
    if run.code == 1 and not run.err.strip():
        found.append("exit 1 without a word on stderr")
    return found


def problems(run: Run, into: Path, existing: dict[str, bytes] | None, must_refuse: bool) -> list[str]:
    """What is wrong with one import (empty: nothing). existing: the --into folder's snapshot
    before the run, or None when it did not exist."""
    found = outcome_problems(run, must_refuse)
    if run.code == 0 and not run.crash:
        found += package_problems(run, into)
        notes = into / "notes.txt"
        if existing is not None and "notes.txt" in existing and not (notes.is_file() and notes.read_bytes() == NOTES):
            found.append("the user's own notes.txt in the output folder is gone or changed")
        beside = sorted(p.name for p in into.parent.iterdir()) if into.parent.is_dir() else []
        if beside != [into.name]:
            found.append(f"left beside the output folder: {beside}")
    else:
        if existing is None:
            if into.exists():
                found.append(f"failed but created {into.name}/ ({len(list(into.rglob('*')))} files)")
            if into.parent.is_dir() and any(into.parent.iterdir()):
                found.append(f"failed and left {sorted(p.name for p in into.parent.iterdir())} beside the output folder")
        else:
            after = snapshot(into) if into.is_dir() else {}
            if after != existing:
                if existing.get("notes.txt") != after.get("notes.txt"):
                    found.append("failed and lost or changed the user's own notes.txt")
                changed = sorted(k for k in set(existing) | set(after) if existing.get(k) != after.get(k))
                found.append(f"failed but changed the earlier output folder: {changed[:5]}")
    return found


# --- the earlier output folder and the base inputs -------------------------------------------------


@pytest.fixture(scope="module")
def bases() -> corpus.Bases:
    assert corpus.SHARED_DATA.is_dir(), f"the real data must be beside the checkout at {corpus.SHARED_DATA}"
    return corpus.bases()


@pytest.fixture(scope="module")
def earlier(bases: corpus.Bases, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A package from an earlier good import (the NZ slice)."""
    root = tmp_path_factory.mktemp("earlier")
    into = root / "out" / "package"
    run = run_cli(corpus.arguments("nz-official", bases, 0, bases.official, root / "inputs", into))
    assert run.code == 0 and not run.crash, run.err + run.crash
    return into


SCENARIOS = ["new folder", "earlier package", "earlier package + notes.txt"]


def scenarios_for(index: int, must_refuse: bool) -> list[str]:
    """Where case number index imports into. Clearly broken input goes into a new folder (its exit 1
    is then about the input); the rest take turns between a new folder and an earlier package. One
    case in three also runs into an earlier package holding the user's notes.txt: a run that refuses
    that folder up front never reads its input, so it is a run of its own."""
    first = SCENARIOS[0] if must_refuse or index % 2 == 0 else SCENARIOS[1]
    return [first, SCENARIOS[2]] if index % 3 == 0 else [first]


def scenario(tmp: Path, earlier: Path, kind: str) -> tuple[Path, dict[str, bytes] | None]:
    """The --into folder: absent, or a copy of the earlier package (the user's notes.txt in it or not)."""
    into = tmp / "out" / "package"
    if kind == SCENARIOS[0]:
        return into, None
    shutil.copytree(earlier, into)
    if kind == SCENARIOS[2]:
        (into / "notes.txt").write_bytes(NOTES)
    return into, snapshot(into)


def tally(kind: str, run: Run, found: list[str]) -> None:
    TALLY[(kind, "failed" if found else f"exit {run.code}")] += 1
    SECONDS[kind] += run.seconds


# --- the mutation corpus -------------------------------------------------------------------------


@pytest.mark.parametrize("case", corpus.CASES, ids=[c.id for c in corpus.CASES])
def test_mutated_input(case: corpus.Case, bases: corpus.Bases, earlier: Path, tmp_path: Path) -> None:
    index = corpus.CASES.index(case)
    failures = []
    for n, kind in enumerate(scenarios_for(index, case.mutation.must_refuse)):
        into, before = scenario(tmp_path / f"run{n}", earlier, kind)
        run = run_cli(case.build(bases, tmp_path / f"run{n}" / "inputs", into))
        found = problems(run, into, before, case.mutation.must_refuse)
        tally(case.target, run, found)
        if found:
            failures.append(f"into {kind}: " + "; ".join(found) + f"\n  stderr: {run.err[-600:]}\n{run.crash[-1500:]}")
    assert not failures, (
        f"{case.id}: " + "\n".join(failures) + f"\n  reproduce: python tests/fuzz_corpus.py {case.id} /tmp/fuzz-case"
    )


# --- the other commands, on a damaged package, beside the user's own file ----------------------


@pytest.fixture(scope="module")
def earlier_site(earlier: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site built from the earlier package, as `build --out` would find it from a previous run."""
    site = tmp_path_factory.mktemp("earlier-site") / "site"
    run = run_cli(["build", "--data", str(earlier), "--out", str(site)])
    assert run.code == 0 and not run.crash, run.err + run.crash
    return site


@pytest.mark.parametrize(("command", "mutation"), corpus.COMMAND_CASES, ids=[f"{c}:{m}" for c, m in corpus.COMMAND_CASES])
def test_command_on_package(command: str, mutation: str, earlier: Path, earlier_site: Path, tmp_path: Path) -> None:
    """Each command on a canonical package, intact or damaged, writing where the user keeps notes.txt:
    the package is never changed, notes.txt always survives, a failure changes nothing."""
    data = tmp_path / "data" / "package"
    shutil.copytree(earlier, data)
    corpus.PACKAGE_MUTATIONS[mutation](data)
    out = tmp_path / "out" / "site"
    shutil.copytree(earlier_site, out) if command == "build" else out.mkdir(parents=True)
    (out / "notes.txt").write_bytes(NOTES)
    data_before, out_before = snapshot(data), snapshot(out)
    must_refuse = corpus.package_must_refuse(command, mutation)
    run = run_cli(corpus.command_arguments(command, data, out))
    found = outcome_problems(run, must_refuse)
    if snapshot(data) != data_before:
        found.append("changed the package it read")
    notes = out / "notes.txt"
    if not (notes.is_file() and notes.read_bytes() == NOTES):
        found.append("the user's own notes.txt in the output folder is gone or changed")
    if (run.code != 0 or run.crash) and (snapshot(out) if out.is_dir() else {}) != out_before:
        found.append("failed but changed the output folder")
    beside = sorted(p.name for p in out.parent.iterdir())
    if beside != [out.name]:
        found.append(f"left beside the output folder: {beside}")
    tally("commands", run, found)
    assert not found, f"{command} on a package ({mutation}): " + "; ".join(found) + f"\n  stderr: {run.err[-800:]}"


# --- hypothesis: tracking and assessment files, UHRI records, with arbitrary types in every field --

EXAMPLES = 60
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],  # no shrinking: a fixed number of runs; failures are collected below
    suppress_health_check=list(HealthCheck),
    print_blob=False,
)


class Raw(str):
    """YAML written as is (not quoted by the dumper): a token the YAML reader must resolve."""


RAW_DATES = ["2026-02-30", "2026-13-01", "!!timestamp junk"]
RAW = [*RAW_DATES, "1e400", ".inf", ".nan", "99999999999999999999", "~", "yes", "0x1F", "2026-01-01 10:00:00", "!!binary aGk="]
TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=16)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**25), max_value=10**25),
    st.floats(),
    TEXT,
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)),
    st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2100, 1, 1)),
    st.sampled_from(RAW).map(Raw),
)
ANYTHING = st.recursive(SCALARS, lambda c: st.lists(c, max_size=3) | st.dictionaries(TEXT, c, max_size=3), max_leaves=6)
DATES = st.one_of(st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2027, 12, 31)), st.sampled_from(RAW_DATES).map(Raw))
RECS = ["a-hrc-12-8-81-1", "a-hrc-26-3-128-17", "a-hrc-26-3-128-100", "a-hrc-99-1-1-1"]
STATUSES = ["planned", "in-progress", "completed", "ongoing", "abandoned", "In Progress"]


def either(good: st.SearchStrategy) -> st.SearchStrategy:
    """Mostly a value of the right shape, sometimes anything at all."""
    return st.one_of(good, good, ANYTHING)


ACTION = st.fixed_dictionaries(
    {"id": either(st.sampled_from(["fuzz-a", "fuzz-b", "Fuzz A", ""]))},
    optional={
        "title": either(TEXT),
        "description": either(TEXT),
        "recommendations": either(st.lists(st.sampled_from(RECS), max_size=3)),
        "supporting_agencies": either(st.lists(st.sampled_from(["mbie", "msd", "moj", "nope"]), max_size=2)),
        "status": either(st.sampled_from(STATUSES)),
        "start_date": either(DATES),
        "target_date": either(DATES),
        "owner": ANYTHING,
    },
)
UPDATE = st.fixed_dictionaries(
    {"action": either(st.sampled_from(["fuzz-a", "fuzz-b", "nope"]))},
    optional={
        "date": either(DATES),
        "text": either(TEXT),
        "evidence": either(
            st.lists(st.sampled_from(["https://example.org/x", "ftp://example.org", "", "javascript:x"]), max_size=2)
        ),
        "status": either(st.sampled_from(STATUSES)),
    },
)
RESPONSE = st.fixed_dictionaries(
    {"recommendation": either(st.sampled_from(RECS))}, optional={"rationale": either(TEXT), "source": either(TEXT)}
)
TRACKING_DOCUMENT = st.fixed_dictionaries(
    {"agency": either(st.just("moj"))},
    optional={
        "actions": either(st.lists(ACTION, max_size=3)),
        "progress": either(st.lists(UPDATE, max_size=3)),
        "responses": either(st.lists(RESPONSE, max_size=2)),
    },
)


def as_yaml(document: object) -> str:
    """The document as YAML, each Raw token written unquoted in its place."""
    import yaml

    tokens: list[str] = []

    def placeholders(value: object) -> object:
        if isinstance(value, Raw):
            tokens.append(str(value))
            return f"RAWTOKEN{len(tokens) - 1}X"
        if isinstance(value, dict):
            return {k: placeholders(v) for k, v in value.items()}
        if isinstance(value, list):
            return [placeholders(v) for v in value]
        return value

    text = yaml.safe_dump(placeholders(document), allow_unicode=True, sort_keys=False, width=10_000)
    for n in reversed(range(len(tokens))):
        text = text.replace(f"RAWTOKEN{n}X", tokens[n])
    return text


MONITORS = ["imm", "ccpr-follow-up"]  # files of both kinds: a treaty body's follow-up grades, and ratings only
ASSESSMENT = st.fixed_dictionaries(
    {
        "date": either(DATES),
        "rating": either(st.sampled_from(["implemented", "partly-implemented", "no-information", "B1", "E", "b2", "F", ""])),
        "summary": either(TEXT),
    },
    optional={
        "recommendations": either(st.lists(st.sampled_from(RECS), max_size=3) | st.sampled_from(RECS)),
        "source": either(st.sampled_from(["https://example.org/x", "http://example.org/a b", "ftp://example.org", ""])),
        "reviewer": ANYTHING,
    },
)
ASSESSMENT_DOCUMENT = st.tuples(
    st.sampled_from(MONITORS),  # the file's name
    st.fixed_dictionaries(
        {"monitor": either(st.sampled_from([*MONITORS, "nobody"]))},
        optional={"assessments": either(st.lists(ASSESSMENT, max_size=3))},
    ),
)
IMPOSSIBLE_TRACKING_DATE = re.compile(r"\b(?:date|start_date|target_date): (?:2026-02-30|2026-13-01|!!timestamp junk)\b")


@functools.cache
def uhri_base_records() -> list[dict]:
    return [json.loads(line) for line in corpus.uhri_slice(corpus.UHRI).decode().splitlines() if line.strip()]


JSON_VALUES = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(10**25), max_value=10**25),
        st.floats(),
        TEXT,
        st.sampled_from(
            [
                "2026-02-30T00:00:00",
                "2019-13-01",
                "A/HRC/43/6",
                "CCPR/C/NZL/CO/6",
                "127.1 Text (France);",
                "ca28c5ed-3799-435a-a632-d3f46bad33be",
            ]
        ),
    ),
    lambda c: st.lists(c, max_size=3) | st.dictionaries(TEXT, c, max_size=3),
    max_leaves=6,
)


@st.composite
def uhri_records(draw: st.DrawFn) -> list[dict]:
    """1-3 real records, each with up to four fields replaced: by another real record's value
    (the right type), by any JSON value at all, or removed."""
    base = uhri_base_records()
    records = []
    for _ in range(draw(st.integers(1, 3))):
        record = dict(base[draw(st.integers(0, len(base) - 1))])
        for key in draw(st.lists(st.sampled_from([*corpus.UHRI_FIELDS, "extra"]), unique=True, max_size=4)):
            how = draw(st.sampled_from(["other record", "any value", "any value", "removed"]))
            if how == "removed":
                record.pop(key, None)
            elif how == "other record" and key in (donor := base[draw(st.integers(0, len(base) - 1))]):
                record[key] = donor[key]
            else:
                record[key] = draw(JSON_VALUES)
        records.append(record)
    return records


END_TO_END = 5  # the first examples of each kind also run through the command line, whatever the reader said
LOCATED = re.compile(r"^\S+:\d+:[^:]*: .+")  # a field may be an empty key ("": value)


def reader_problems(read: object, must_refuse: bool) -> tuple[list[str], bool]:
    """What is wrong with how the reader took one example (it returns its errors as Problems, or
    raises SourceError / InvalidPackage): another exception, an error not located as
    file:line:field, clearly broken input accepted. And whether it accepted the input."""
    from recommendations_site.errors import InvalidPackage, SourceError

    try:
        errors = [str(e) for e in read()]  # type: ignore[operator]
    except (SourceError, InvalidPackage) as err:
        errors = [str(p) for p in err.problems] if isinstance(err, InvalidPackage) else [str(err)]
    except Exception as err:
        return [f"the reader raised {type(err).__name__}: {err}"[:300]], False
    found = [f"not located as file:line:field: {e[:200]}" for e in errors if not LOCATED.match(e)]
    if must_refuse and not errors:
        found.append("clearly broken input accepted by the reader (must be refused)")
    return found, not errors


def run_examples(kind: str, strategy: st.SearchStrategy, write: object, read: object, earlier: Path) -> None:
    """Every example at its reader (hostile input is tested where it is read); through the whole
    command line (exit code, nothing half-written, every row accounted for in a written package)
    the first END_TO_END examples and every example the reader accepts, as the rest of the import
    then runs on it. Distinct failures collected and reported together."""
    failures: dict[str, str] = {}
    count = [0]

    def record(found: list[str], where: str, shown: str) -> None:
        for problem in found:
            key = re.sub(r"\d+", "N", problem)[:160]
            failures.setdefault(key, f"{problem} ({where})\n    input: {shown[:400]!r}")

    @SETTINGS
    @given(strategy)
    def one(example: object) -> None:
        count[0] += 1
        with tempfile.TemporaryDirectory() as name:
            argv, must_refuse, shown = write(example, Path(name) / "inputs", Path(name) / "out" / "package")  # type: ignore[operator]
            started = time.perf_counter()
            found, accepted = reader_problems(lambda: read(Path(name) / "inputs"), must_refuse)  # type: ignore[operator]
            TALLY[(f"{kind} (reader)", "failed" if found else "exit 0" if accepted else "exit 1")] += 1
            SECONDS[f"{kind} (reader)"] += time.perf_counter() - started
            record(found, "at the reader", shown)
        if count[0] > END_TO_END and not accepted:
            return
        for where in scenarios_for(count[0], False):
            with tempfile.TemporaryDirectory() as name:
                tmp = Path(name)
                into, before = scenario(tmp, earlier, where)
                argv, must_refuse, shown = write(example, tmp / "inputs", into)  # type: ignore[operator]
                run = run_cli(argv)
                found = problems(run, into, before, must_refuse)
                tally(kind, run, found)
                record(found, f"into {where}", shown)

    one()
    assert count[0] == EXAMPLES
    assert not failures, f"{len(failures)} distinct failures in {EXAMPLES} {kind} examples:\n" + "\n".join(
        f"- {v}" for v in failures.values()
    )


@functools.cache
def reader_inputs() -> tuple[set[str], set[str], dict[str, dict], dt.date]:
    """What the import checks these files against: the recommendation ids of the NZ slice the
    examples are imported with (the earlier package), the agencies, the monitors, as_of."""
    from recommendations_site.model import reference

    project = Project.default()
    with (EARLIER[0] / "recommendations.csv").open(encoding="utf-8", newline="") as handle:
        rec_ids = {row["id"] for row in csv.DictReader(handle)}
    agencies = {row["id"] for row in reference.yaml_tables(project)["agencies"]}
    monitors = {row["id"]: row for row in reference.read_table(project, "monitors")}
    return rec_ids, agencies, monitors, reference.as_of(corpus.RELEASE)


EARLIER: list[Path] = []


def test_hypothesis_tracking_files(bases: corpus.Bases, earlier: Path) -> None:
    from recommendations_site import tracking

    EARLIER[:] = [earlier]

    def write(document: object, inputs: Path, into: Path) -> tuple[list[str], bool, str]:
        text = as_yaml(document)
        argv = corpus.arguments("tracking", bases, 0, b"", inputs, into)
        for name in ("mbie.yaml", "msd.yaml"):  # only moj.yaml, the generated one: the others name its actions
            (inputs / "tracking" / name).unlink()
        (inputs / "tracking" / "moj.yaml").write_text(text, encoding="utf-8")
        return argv, bool(IMPOSSIBLE_TRACKING_DATE.search(text)), text

    def read(inputs: Path) -> list:
        rec_ids, agencies, _, as_of = reader_inputs()
        return tracking.read(inputs / "tracking", rec_ids, agencies, as_of).errors

    run_examples("hypothesis-tracking", TRACKING_DOCUMENT, write, read, earlier)


def test_hypothesis_assessment_files(bases: corpus.Bases, earlier: Path) -> None:
    from recommendations_site.tracking import assessments

    EARLIER[:] = [earlier]

    def write(example: tuple[str, object], inputs: Path, into: Path) -> tuple[list[str], bool, str]:
        name, document = example
        text = as_yaml(document)
        argv = corpus.arguments("assessments", bases, 0, b"", inputs, into)
        for path in (inputs / "assessments").iterdir():  # only the generated file
            path.unlink()
        (inputs / "assessments" / f"{name}.yaml").write_text(text, encoding="utf-8")
        return argv, bool(IMPOSSIBLE_TRACKING_DATE.search(text)), f"{name}.yaml: {text}"

    def read(inputs: Path) -> list:
        rec_ids, _, monitors, as_of = reader_inputs()
        return assessments.read(inputs / "assessments", rec_ids, monitors, as_of).errors

    run_examples("hypothesis-assessments", ASSESSMENT_DOCUMENT, write, read, earlier)


def test_hypothesis_uhri_records(bases: corpus.Bases, earlier: Path) -> None:
    from recommendations_site import importers
    from recommendations_site.model.context import Context

    context = Context(Project.default())  # the curated files, read once for every example

    def write(records: list[dict], inputs: Path, into: Path) -> tuple[list[str], bool, str]:
        text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
        return corpus.arguments("uhri", bases, 0, text.encode("utf-8"), inputs, into), False, text

    def read(inputs: Path) -> list:
        importers.run("uhri", [inputs / "uhri-records.jsonl"], context=context)  # rows unaccounted for: RuntimeError
        return []

    run_examples("hypothesis-uhri", uhri_records(), write, read, earlier)


# --- a fresh round (issue 23): argument vectors -------------------------------------------------

ARGUMENT_JUNK = ["2026-99-99", "9999-12-32", "", " ", "--", "-", "2026-02-30", "yesterday", "\x00", "é", "1e400", "2026-1-1x"]
DATE_OPTIONS = [("report", "--from"), ("report", "--to")]
OPTIONS = {"import": ["--into", "--tracking", "--country"], "build": ["--out", "--data"], "validate": ["--data"]}


def argument_vectors() -> list[list[str]]:
    """Command lines argparse must refuse: a bad date, an unknown option or command, a missing
    value or argument (seeded: the same on every run)."""
    rng = random.Random(23)
    found = [[command, option, junk, "--out", "x.pdf"] for command, option in DATE_OPTIONS for junk in ARGUMENT_JUNK]
    found += [[command, rng.choice(["--no-such", "-z", "--dat", "--Out"]), "x"] for command in COMMANDS_SEEN]
    found += [[command, *options[:1]] for command, options in OPTIONS.items()]  # an option without its value
    found += [["no-such-command"], ["import"], ["import", "no-such-importer", "x", "--into", "y"], ["serve", "--port", "http"]]
    found += [["release", "--releases"], ["template"], ["report", "--out"]]
    return found


COMMANDS_SEEN = ["import", "validate", "build", "serve", "overlaps", "release", "template", "report"]


@pytest.mark.parametrize("argv", argument_vectors(), ids=lambda a: " ".join(a).encode("unicode_escape").decode()[:60])
def test_argument_errors(argv: list[str]) -> None:
    """Every refused command line: one `error: ...` line naming the command, exit 1, no usage text."""
    run = run_cli(argv)
    found = outcome_problems(run, must_refuse=True)
    lines = run.err.splitlines()
    if len(lines) != 1 or not lines[0].startswith("error: build.py") or "usage:" in run.err:
        found.append(f"not one error: line: {run.err[:300]!r}")
    tally("arguments", run, found)
    assert not found, "; ".join(found)


# --- a fresh round (issue 23): the curated files, at their readers --------------------------------

CURATED_ROUNDS = 24  # seeded mutations of each curated file below


def curated_mutations(data: bytes, rng: random.Random) -> bytes:
    """One seeded damage of a curated file: cut, bytes flipped, a quote opened, an id misspelt,
    an escape that is half a character, a NUL, a line repeated."""
    text = data.decode("utf-8")
    lines = text.splitlines(keepends=True)
    n = rng.randrange(len(lines))
    how = rng.randrange(7)
    if how == 0:
        return data[: rng.randrange(1, len(data))]
    if how == 1:
        return corpus.flip_bytes(data, rng, corpus.TARGETS["tracking"])
    if how == 2:
        lines[n] = lines[n].replace(",", ',"', 1).replace(": ", ': "', 1)
    elif how == 3:
        lines[n] = re.sub(r"([a-z])-([a-z])", r"\1\2", lines[n], count=1) + (
            "  - no-such-id\n" if lines[n].startswith("  - ") else ""
        )
    elif how == 4:
        lines[n] = lines[n].replace(": ", ': "\\ud800', 1).rstrip("\n") + ('"\n' if ": " in lines[n] else "\n")
    elif how == 5:
        lines[n] = lines[n][:3] + "\x00" + lines[n][3:]
    else:
        lines.insert(n, lines[n])
    return "".join(lines).encode("utf-8")


def curated_readers() -> dict[str, tuple[str, object]]:
    """Each curated file's reader, given the project whose data folder holds the damaged copy."""
    from recommendations_site import overlaps
    from recommendations_site.model import curation, package
    from recommendations_site.pipeline import tiriti as te_tiriti  # the Te Tiriti view's rule is read with the package

    def tiriti(project: Project) -> object:
        recs, tables, _ = package.read_package(CURATED_PACKAGE[0])
        return te_tiriti.Rule.load(tables, {r.id for r in recs}, project)

    return {
        "theme_map.yaml": ("curation", curation.theme_map),
        "te_tiriti.yaml": ("curation", tiriti),
        "overlaps.csv": ("curation", lambda project: overlaps.read_curation(project.file("curation/overlaps.csv"))),
    }


CURATED_PACKAGE: list[Path] = []


@pytest.mark.parametrize("name", ["theme_map.yaml", "te_tiriti.yaml", "overlaps.csv"])
def test_curated_files_under_mutation(name: str, earlier: Path, curated_project: Project) -> None:
    """Each mutation of the curated file is read (the reader alone: a full import proves nothing more)
    and either accepted or refused as a located error; never another exception."""
    from recommendations_site.errors import InvalidPackage, SourceError

    CURATED_PACKAGE[:] = [earlier]
    data = curated_project.data
    folder, read = curated_readers()[name]
    path = data / folder / name
    if name == "overlaps.csv":  # the project's own has no decisions yet: some to damage
        path.write_text('id_a,id_b,status,note\na-1,a-2,confirmed,Fixture note\na-3,a-4,rejected,"x, y"\n', encoding="utf-8")
    original = path.read_bytes()
    failures: list[str] = []
    outcomes: Counter = Counter()
    for round_ in range(CURATED_ROUNDS):
        rng = random.Random(zlib.crc32(f"{name}:{round_}".encode()))
        path.write_bytes(curated_mutations(original, rng))
        started = time.perf_counter()
        try:
            read(curated_project)
            outcome = "exit 0"
        except (SourceError, InvalidPackage) as err:
            outcome = "exit 1"
            shown = [str(p) for p in err.problems] if isinstance(err, InvalidPackage) else [str(err)]
            if not all(re.match(r"^\S+:\d+:[^:]+: .+", line) for line in shown):
                failures.append(f"round {round_}: not located: {shown[:2]}")
        except Exception as err:
            outcome = "failed"
            failures.append(f"round {round_}: {type(err).__name__}: {err}"[:300])
        TALLY[("curated", outcome)] += 1
        SECONDS["curated"] += time.perf_counter() - started
        outcomes[outcome] += 1
    assert not failures, "\n".join(failures)
    assert outcomes["exit 1"] >= CURATED_ROUNDS // 3, outcomes  # the damage is seen, not read past


# --- what the module ran ---------------------------------------------------------------------------


def test_zz_report_the_corpus(capsys: pytest.CaptureFixture) -> None:
    """The corpus size and the outcomes of this run, on the terminal (docs/quality.md reports them)."""
    kinds = sorted({k for k, _ in TALLY})
    lines = [
        f"fuzz corpus: {len(corpus.CASES)} mutation cases, {len(corpus.COMMAND_CASES)} command cases, "
        f"3 x {EXAMPLES} hypothesis examples, {len(argument_vectors())} argument vectors, 3 x {CURATED_ROUNDS} curated mutations"
    ]
    for kind in kinds:
        counts = {o: TALLY[(kind, o)] for o in ("exit 0", "exit 1", "failed")}
        lines.append(
            f"  {kind:20} {sum(counts.values()):4} runs: "
            + ", ".join(f"{n} {o}" for o, n in counts.items())
            + f" ({SECONDS[kind]:.1f} s)"
        )
    total = {o: sum(n for (_, out), n in TALLY.items() if out == o) for o in ("exit 0", "exit 1", "failed")}
    lines.append(
        f"  {'all':20} {sum(total.values()):4} runs: "
        + ", ".join(f"{n} {o}" for o, n in total.items())
        + f" ({sum(SECONDS.values()):.1f} s in main())"
    )
    with capsys.disabled():  # on the terminal even without -s (a worker's share of it under xdist)
        print("\n" + "\n".join(lines))
    assert len(corpus.CASES) >= 200
