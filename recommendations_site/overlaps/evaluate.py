"""Precision and recall of the overlaps against the labelled New Zealand pairs in
data/curation/overlap_evaluation.csv (how the set was made: docs/overlaps.md).

The set covers every pair of the 219 paragraphs that shares an ask (label `same`) or a theme
(`related`); a pair not in it is `different`. So precision counts every pair found, and recall
every `same` pair.

Run: python -m recommendations_site.overlaps.evaluate [--data DIR]   (prints Markdown tables)"""

from __future__ import annotations

import argparse
import csv
import random
from dataclasses import dataclass
from pathlib import Path

from ..model import Recommendation
from ..model.package import read_recommendations
from ..project import Project
from . import analyse, askmodel, asks, catalogue, found_asks, instrument_names, ordered, shared_pairs
from .requests import BACK, Entry, requests
from .similarity import action_text, similar_pairs

LABELS = "curation/overlap_evaluation.csv"  # under the project's data folder
# Issue 26's pair sample: pairs drawn from all 23,871 NZ pairs, stratified by whether they shared an
# ask when drawn and by the TF-IDF cosine of their requests, labelled blind (same action or not).
PAIR_SAMPLE = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "ask_pair_sample.csv"
# The held-out split (asks_sample.py): 225 pairs drawn from the rest by request similarity and shared
# upstream tag, labelled by the same-action definition before the method was changed; never tuned on.
HELD_OUT = PAIR_SAMPLE.with_name("ask_pair_test.csv")
# The tuning split relabelled blind by this round's labeller (a second reading: agreement 0.936, kappa 0.84).
SECOND_READING = PAIR_SAMPLE.with_name("ask_pair_sample_second.csv")
Key = tuple[str, str]


@dataclass(frozen=True)
class Score:
    true_positives: int
    found: int
    same: int

    @property
    def precision(self) -> float:
        return self.true_positives / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.same if self.same else 1.0


def labels(path: Path | None = None) -> dict[Key, str]:
    path = path or Project.default().file(LABELS)  # a tool of the project's own checkout, not a build step
    with path.open(encoding="utf-8", newline="") as handle:
        return {ordered(r["id_a"], r["id_b"]): r["label"] for r in csv.DictReader(handle)}


def score(found: set[Key], labelled: dict[Key, str], part: set[str] | None = None) -> Score:
    """Over every pair (part: only the pairs whose review years are in it, such as {'2014'})."""
    same = {k for k, label in labelled.items() if label == "same"}
    if part is not None:
        found = {k for k in found if years(k) in part}
        same = {k for k in same if years(k) in part}
    return Score(len(found & same), len(found), len(same))


def years(key: Key) -> str:
    """'2009', '2014' or '2009-2014' for a NZ pair (a-hrc-12-8 is the 2009 report)."""
    found = sorted({"2009" if i.startswith("a-hrc-12-8-") else "2014" for i in key})
    return "-".join(found)


def listed(recs: list[Recommendation]) -> set[Key]:
    """The pairs `build.py overlaps` lists (not rejected)."""
    return {(p.id_a, p.id_b) for p in analyse(recs).pairs if p.status != "rejected"}


def implied(recs: list[Recommendation], methods: set[str] | None = None) -> set[Key]:
    """The pairs sharing an ask, counting only links found by methods (all by default)."""
    _, links = askmodel.tables(found_asks(recs))
    links = [row for row in links if methods is None or row["method"] in methods]
    return set(shared_pairs(recs, links))


def methods(recs: list[Recommendation], labelled: dict[Key, str]) -> list[tuple[str, Score]]:
    """Every method tried, each as its pairs' score."""
    texts = [r.text for r in recs]
    previous = {ordered(recs[i].id, recs[j].id) for i, j, _, _ in similar_pairs(texts, 0.45)}
    rows = [("previous: TF-IDF of whole texts >= 0.45, or the same instrument ask", score(previous, labelled))]
    rows.append(("instrument asks alone", score(implied(recs, {"instrument-name"}), labelled)))
    rows.append(("catalogue asks alone", score(implied(recs, {"catalogue"}), labelled)))
    rows.append(("instrument + catalogue asks", score(implied(recs, {"instrument-name", "catalogue"}), labelled)))
    chosen = askmodel.PROPOSE
    for threshold in (0.4, 0.5, 0.6, 0.7):
        askmodel.PROPOSE = threshold
        mark = " (chosen)" if threshold == chosen else ""
        rows.append((f"+ proposed asks, request cosine >= {threshold}{mark}", score(implied(recs), labelled)))
    askmodel.PROPOSE = chosen
    return rows


def with_catalogue(recs: list[Recommendation], entries: list[Entry]) -> set[Key]:
    """The pairs sharing an ask when the catalogue is `entries` (officials' decisions left out)."""
    found = askmodel.find(recs, entries, catalogue.Decisions(), asks.load(Project.default()), instrument_names(Project.default()))
    return set(shared_pairs(recs, askmodel.tables(found)[1]))


def justified_by(recs: list[Recommendation], entries: list[Entry]) -> list[Entry]:
    """The catalogue cut to what `recs` alone justify: of each entry, the match lines that some
    request of theirs states (entries left with none are dropped)."""
    folded = []
    for rec in recs:
        parts = requests(action_text(rec.text))
        folded += [asks.fold(f"{parts[i - 1]} {p}" if i and BACK.search(p) else p) for i, p in enumerate(parts)]
    kept = []
    for entry in entries:
        stated = [t for t in folded if not any(u.search(t) for u in entry.unless)]
        lines = tuple(line for line in entry.match if any(all(p.search(t) for p in line) for t in stated))
        if lines:
            kept.append(entry._replace(match=lines))
    return kept


def out_of_sample(recs: list[Recommendation], labelled: dict[Key, str]) -> list[tuple[str, Score]]:
    """Held out: the catalogue cut to what the 2009 review justifies, counted on the pairs that
    involve 2014 (within 2014, and across reviews); and the method with no catalogue at all."""
    entries = catalogue.load(Project.default().file(catalogue.CATALOGUE), themes=None)
    first = justified_by([r for r in recs if years((r.id, r.id)) == "2009"], entries)
    held = with_catalogue(recs, first)
    none = with_catalogue(recs, [])
    rows = [
        (f"catalogue cut to 2009 ({len(first)} of {len(entries)} asks), within 2014", score(held, labelled, {"2014"})),
        (f"catalogue cut to 2009 ({len(first)} of {len(entries)} asks), across reviews", score(held, labelled, {"2009-2014"})),
    ]
    for part, years_in in {"all": None, "within 2014": {"2014"}, "across reviews": {"2009-2014"}}.items():
        rows.append((f"no catalogue (instrument + proposed asks), {part}", score(none, labelled, years_in)))
    return rows


def pair_sample(found: set[Key], path: Path = PAIR_SAMPLE) -> dict:
    """Precision and recall of `found` (pairs sharing an ask) over every NZ pair, estimated from the
    stratified sample: each sampled pair stands for stratum_pairs / sampled pairs of its stratum."""
    with path.open(encoding="utf-8", newline="") as handle:
        return estimate(list(csv.DictReader(handle)), found)


def interval(found: set[Key], path: Path, draws: int = 2000) -> dict[str, tuple[float, float]]:
    """95 % intervals of precision and recall: the sample redrawn within each stratum (seeded)."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    strata: dict[str, list[dict]] = {}
    for row in rows:
        strata.setdefault(row["stratum"], []).append(row)
    rng = random.Random(26)
    figures = [estimate([rng.choice(s) for s in strata.values() for _ in s], found) for _ in range(draws)]
    return {
        what: (sorted(f[what] for f in figures)[draws // 40], sorted(f[what] for f in figures)[-draws // 40 - 1])
        for what in ("precision", "recall")
    }


def estimate(rows: list[dict], found: set[Key]) -> dict:
    weight = [int(r["stratum_pairs"]) / int(r["sampled"]) for r in rows]
    same = [r["same_action"] == "yes" for r in rows]
    shared = [ordered(r["id_a"], r["id_b"]) in found for r in rows]
    tp = sum(w for w, s, f in zip(weight, same, shared, strict=True) if s and f)
    n_found = sum(w for w, f in zip(weight, shared, strict=True) if f)
    n_same = sum(w for w, s in zip(weight, same, strict=True) if s)
    return {
        "precision": round(tp / n_found, 3) if n_found else 1.0,
        "recall": round(tp / n_same, 3) if n_same else 1.0,
        "sampled": len(rows),
        "sampled_same": sum(same),
        "sampled_shared": sum(shared),
        "estimated_same_pairs": round(n_same),
    }


def table(rows: list[tuple[str, Score]]) -> str:
    lines = ["| method | pairs found | correct | precision | recall |", "|---|---|---|---|---|"]
    lines += [f"| {name} | {s.found} | {s.true_positives} | {s.precision:.2f} | {s.recall:.2f} |" for name, s in rows]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=Project.default().canonical, help="canonical NZ package")
    args = parser.parse_args()
    labelled = labels()
    recs = read_recommendations(args.data)
    print(f"{len(labelled)} labelled pairs, {sum(v == 'same' for v in labelled.values())} of them 'same'\n")
    pairs = {"listed pairs": listed(recs), "pairs implied by shared asks": implied(recs)}
    parts = {"all": None, "within 2009": {"2009"}, "within 2014": {"2014"}, "across reviews": {"2009-2014"}}
    print(
        table(
            [
                (f"{what}, {part}", score(found, labelled, years_in))
                for what, found in pairs.items()
                for part, years_in in parts.items()
            ]
        )
    )
    print("\nEvery method tried:\n")
    print(table(methods(recs, labelled)))
    print("\nOut of sample:\n")
    print(table(out_of_sample(recs, labelled)))
    shared = implied(recs)
    splits = {"tuning split": PAIR_SAMPLE, "tuning split, second reading": SECOND_READING, "held-out split": HELD_OUT}
    for name, path in splits.items():
        print(f"\nIssue 26's {name}, pairs sharing an ask: {pair_sample(shared, path)}, 95 %: {interval(shared, path)}")


if __name__ == "__main__":
    main()
