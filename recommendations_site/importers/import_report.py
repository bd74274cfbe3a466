"""What an import did with every input row: written, merged or rejected, and why; and what it
removed from the text it kept (control characters), so that nothing is dropped without a word."""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..model import Recommendation


@dataclass
class RowOutcome:
    file: str
    row: int | str
    outcome: str  # written | merged | rejected
    recommendation_id: str = ""
    reason: str = ""


@dataclass
class ImportReport:
    importer: str
    rows_read: Counter = field(default_factory=Counter)
    outcomes: list[RowOutcome] = field(default_factory=list)
    unmapped_tags: Counter = field(default_factory=Counter)
    controls_removed: Counter = field(default_factory=Counter)  # (file name, row) -> control characters taken out
    differing: Counter = field(default_factory=Counter)  # field -> records merged by precedence whose sources differ on it
    values_read: Counter = field(default_factory=Counter)  # kind of value -> how many were read to be mapped
    unmapped: dict[str, Counter] = field(default_factory=dict)  # kind -> value -> times it mapped to nothing
    warnings: list[str] = field(default_factory=list)  # file:row:field: message, for a person to act on

    def read(self, file: Path, count: int = 1) -> None:
        self.rows_read[file.name] += count

    def written(self, file: Path, row: int | str, rec_id: str, unmapped: list[str] = ()) -> None:  # type: ignore[assignment]
        """unmapped: the row's values no curated vocabulary maps (kept in source_tags), named in its reason."""
        reason = f"mapped to nothing: {'; '.join(unmapped)}" if unmapped else ""
        self.outcomes.append(RowOutcome(file.name, row, "written", rec_id, reason))

    def merged(self, file: Path, row: int | str, rec_id: str, reason: str) -> None:
        self.outcomes.append(RowOutcome(file.name, row, "merged", rec_id, reason))

    def rejected(self, file: Path, row: int | str, reason: str) -> None:
        self.outcomes.append(RowOutcome(file.name, row, "rejected", "", reason))

    def merged_by_precedence(self, rec: Recommendation, into: str, differing: list[str]) -> None:
        """rec's rows, written by this import, are merged into the same paragraph from the source into."""
        files = {part.split(":")[0].strip() for part in rec.source_ref.split(";")}
        mine = [o for o in self.outcomes if o.outcome == "written" and o.recommendation_id == rec.id and o.file in files]
        for outcome in mine:
            outcome.outcome, outcome.reason = "merged", f"same paragraph as a {into} record: merged, {into} first (precedence)"
        if mine:
            self.differing.update(differing)

    def removed_controls(self, file: Path, row: int | str, count: int) -> None:
        """count control characters (invisible, never meant as text) taken out of a row's text."""
        if count:
            self.controls_removed[(file.name, row)] += count

    def mapped(self, kind: str, read: int, unmapped: list[str]) -> None:
        """read values of a kind were looked up in a curated table; those in unmapped were not found."""
        self.values_read[kind] += read
        self.unmapped.setdefault(kind, Counter()).update(unmapped)

    def mapping_lines(self) -> list[str]:
        """Count in, count out, for every kind of value looked up: and the values not found."""
        lines = []
        for kind, read in self.values_read.items():
            missing = self.unmapped.get(kind, Counter())
            line = f"  {kind}: {read} read, {read - missing.total()} mapped, {missing.total()} not mapped"
            top = ", ".join(f"{v!r} ({n})" for v, n in missing.most_common(10))
            more = f" and {len(missing) - 10} more" if len(missing) > 10 else ""
            lines.append(line + (f" (kept as given): {top}{more}" if missing else ""))
        return lines

    def count(self, outcome: str) -> int:
        return sum(1 for o in self.outcomes if o.outcome == outcome)

    def unaccounted(self) -> int:
        """Rows read but given no outcome: must be zero (nothing is silently dropped)."""
        return sum(self.rows_read.values()) - len(self.outcomes)

    def summary(self, recommendations: int) -> str:
        lines = [f"{self.importer}: read {sum(self.rows_read.values())} rows from {len(self.rows_read)} file(s)"]
        lines += [f"  {name}: {n} rows" for name, n in self.rows_read.items()]
        lines.append(f"  written: {recommendations} recommendations ({self.count('written')} rows began one)")
        merged = Counter(o.reason for o in self.outcomes if o.outcome == "merged")
        lines.append(f"  merged: {self.count('merged')} rows into existing recommendations")
        lines += [f"    {n} {reason}" for reason, n in merged.most_common()]
        rejected = Counter(o.reason for o in self.outcomes if o.outcome == "rejected")
        lines.append(f"  rejected: {self.count('rejected')} rows")
        lines += [f"    {n} {reason}" for reason, n in rejected.most_common()]
        if self.differing:
            fields = ", ".join(f"{name} ({n})" for name, n in self.differing.most_common())
            lines.append(f"  fields the merged sources gave differently (the first source's kept): {fields}")
        if self.unmapped_tags:
            every = ", ".join(f"{t!r} ({n})" for t, n in self.unmapped_tags.most_common())
            lines.append(f"  source values mapped to nothing (kept in source_tags): {every}")
        lines += self.mapping_lines()
        lines.append(self.controls_line())
        lines.append(f"  unaccounted: {self.unaccounted()} rows")
        return "\n".join(lines)

    def controls_line(self) -> str:
        """How many control characters were taken out of the text kept, and where (the first ten rows)."""
        total = sum(self.controls_removed.values())
        if not total:
            return "  control characters removed from text: 0"
        where = ", ".join(f"{name}:{row}" for name, row in list(self.controls_removed)[:10])
        more = f" and {len(self.controls_removed) - 10} more" if len(self.controls_removed) > 10 else ""
        return f"  control characters removed from text: {total} in {len(self.controls_removed)} rows ({where}{more})"

    def write_csv(self, path: Path) -> None:
        """Every row's fate, so "merged into what" and "rejected why" can be checked row by row."""
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\r\n")
            writer.writerow(["file", "row", "outcome", "recommendation_id", "reason"])
            writer.writerows([o.file, o.row, o.outcome, o.recommendation_id, o.reason] for o in self.outcomes)
