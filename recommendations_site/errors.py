"""The errors every layer raises and reports: bad input located as file:row:field, a problem in a
package, an output folder that cannot be written safely. A leaf: it imports nothing of the project."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class SourceError(Exception):
    """Bad input, located as file:row:field (row is the data row number as a spreadsheet shows it)."""

    def __init__(self, file: Path | str, row: int | str, field_name: str, message: str):
        self.file, self.row, self.field, self.message = Path(file).name, row, field_name, message
        super().__init__(f"{self.file}:{row}:{field_name}: {message}")


@dataclass(frozen=True, order=True)
class Problem:
    """One problem found in a package or a curated file, reported as file:row:field: message."""

    file: str
    row: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.row}:{self.field}: {self.message}"


class InvalidPackage(Exception):
    """A package (or the curated files beside it) with problems: nothing is written."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(map(str, problems)))


class PackageError(ValueError):
    """A value the canonical CSV form cannot hold, located as file:row:field."""


class OutputError(Exception):
    """The output directory given cannot be written safely."""
