"""The overlaps step's work per state under review, shared among the machine's cores: each state's
texts are compared only with each other, so the states are independent jobs. Workers are forked
(they inherit the loaded vocabulary and catalogue) and every job's result comes back in the order
of the jobs, so the result is the same as one process's, byte for byte."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from typing import TypeVar

J = TypeVar("J")
R = TypeVar("R")
PARALLEL_FROM = 4_000  # texts in all; below this, starting workers costs more than it saves
FORK = multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None


def mapped(work: Callable[[J], R], jobs: list[J], size: Callable[[J], int], least: int = PARALLEL_FROM) -> list[R]:
    """[work(job) for job in jobs], the largest jobs first on every core from `least` texts in all."""
    cores = min(os.cpu_count() or 1, 4)
    if FORK is None or cores < 2 or len(jobs) < 2 or sum(map(size, jobs)) < least:
        return [work(job) for job in jobs]
    order = sorted(range(len(jobs)), key=lambda n: -size(jobs[n]))
    with FORK.Pool(cores) as pool:
        done = pool.map(work, [jobs[n] for n in order], chunksize=1)
    results: list = [None] * len(jobs)
    for n, result in zip(order, done, strict=True):
        results[n] = result
    return results
