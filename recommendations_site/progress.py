"""Progress bars that appear only when a step runs for more than a second, and step timings."""

import time
from collections.abc import Iterable, Iterator
from typing import TypeVar

from tqdm import tqdm

T = TypeVar("T")


def progress(items: Iterable[T], description: str, total: int | None = None) -> Iterator[T]:
    yield from tqdm(items, desc=description, total=total, delay=1.0, unit="", leave=False, dynamic_ncols=True)


class Laps:
    """Seconds per step, for the commands' reports and the benchmark (bench/)."""

    def __init__(self, timings: dict | None = None):
        self.timings = {} if timings is None else timings
        self.started = time.perf_counter()

    def __call__(self, step: str) -> None:
        now = time.perf_counter()
        self.timings[step] = round(self.timings.get(step, 0) + now - self.started, 2)
        self.started = now

    def restart(self) -> None:
        """Start the next step now (the time since was counted elsewhere)."""
        self.started = time.perf_counter()
