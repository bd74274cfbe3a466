"""Writing files and folders so that a reader, or a run that fails, never sees half of one: a file
by one rename, a folder built beside its target and swapped in. Two runs writing the same target
take turns (a lock on its parent folder), so concurrent commands never interleave their renames."""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import OutputError


def atomic_write(path: Path, data: bytes | str) -> None:
    """Write path by one rename (creating its folder), so a reader sees the old file or the new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        if isinstance(data, str):
            tmp.write_text(data, encoding="utf-8", newline="")
        else:
            tmp.write_bytes(data)
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


@contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on folder (flock on the folder itself: no lock file is left behind)."""
    handle = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)  # closing releases the lock


@contextmanager
def replacing(target: Path, marker: str) -> Iterator[Path]:
    """Yield a fresh directory beside target; on success it replaces target in one rename,
    on any failure it is removed and target stays exactly as it was. A target that exists must
    be empty or hold `marker` (what a previous run wrote), so no unrelated folder is replaced."""
    target = target.resolve()
    check_output_folder(target, marker)
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
    try:
        yield work
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    try:
        with locked(target.parent):
            check_output_folder(target, marker)  # another run may have put something else there meanwhile
            swap_in(work, target)
    finally:
        shutil.rmtree(work, ignore_errors=True)  # gone already when the swap succeeded


def check_output_folder(target: Path, marker: str) -> None:
    if target.exists() and not (target.is_dir() and (not any(target.iterdir()) or (target / marker).exists())):
        raise OutputError(f"{target}: exists and is not an earlier output (no {marker}); choose another directory")


def swap_in(new: Path, target: Path) -> None:
    """Put the directory new where target is (whether target exists or not) by renames, so a
    reader sees the old or the new directory, never a mix; then remove the old one."""
    old = target.parent / f".{target.name}.old-{os.getpid()}"
    if target.exists():
        target.rename(old)
    new.rename(target)
    shutil.rmtree(old, ignore_errors=True)
