"""Progress bars that appear only when a step runs for more than a second."""

from collections.abc import Iterable, Iterator
from typing import TypeVar

from tqdm import tqdm

T = TypeVar("T")


def progress(items: Iterable[T], description: str, total: int | None = None) -> Iterator[T]:
    yield from tqdm(items, desc=description, total=total, delay=1.0, unit="", leave=False, dynamic_ncols=True)
