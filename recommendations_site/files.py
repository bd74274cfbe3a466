"""Writing files and folders so that a reader, or a run that fails, never sees half of one, and so
that no file the tool did not write is ever lost: a file by one rename; a folder built beside its
target and swapped in. Two runs writing the same target take turns (a lock on its parent folder),
so concurrent commands never interleave their renames.

Every folder the tool writes whole (a canonical package, a site) gets a manifest, MANIFEST: the
sorted list of the paths it wrote there (files, and folders that hold nothing, with a trailing
/), deterministic and nothing else. The tool replaces a folder only while it holds nothing but
what its manifest lists: any other file or folder in it stops the run before anything is written,
naming the first one found. An empty folder, or one that does not exist, is always fine."""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import OutputError

MANIFEST = "build-manifest.txt"
HEADER = f"# {MANIFEST}: what build.py wrote in this folder, which it replaces only while it holds nothing else\n"
PROCEED = "move it out of the folder (or delete it), or choose another directory"


def make_folder(folder: Path, target: Path) -> None:
    """folder (and its parents) made, or OutputError naming target and why it cannot be."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        blocking = next((p for p in (folder, *folder.parents) if p.exists() and not p.is_dir()), None)
        why = f"{blocking} is a file, not a folder" if blocking else (err.strerror or str(err))
        raise OutputError(f"{target}: cannot be written there: {why}") from None


def atomic_write(path: Path, data: bytes | str) -> None:
    """Write path by one rename (creating its folder), so a reader sees the old file or the new one."""
    make_folder(path.parent, path)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        if isinstance(data, str):
            tmp.write_text(data, encoding="utf-8", newline="")
        else:
            tmp.write_bytes(data)
        tmp.replace(path)
    except OSError as err:
        tmp.unlink(missing_ok=True)
        raise OutputError(f"{path}: cannot be written: {err.strerror or err}") from None
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
    """Yield a fresh directory beside target; on success its manifest is written and it replaces
    target in one rename, on any failure it is removed and target stays exactly as it was. A
    target that exists must hold only what its manifest lists (check_output_folder); `marker`
    names the file an earlier version, which kept no manifest, always wrote there."""
    target = target.resolve()
    check_output_folder(target, marker)
    make_folder(target.parent, target)
    try:
        work = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
    except OSError as err:
        raise OutputError(f"{target}: cannot be written there: {err.strerror or err}") from None
    try:
        yield work
        write_manifest(work)
        publish(work, target, marker)
    finally:
        shutil.rmtree(work, ignore_errors=True)  # gone already when the swap succeeded


def publish(work: Path, target: Path, marker: str) -> None:
    """Swap the finished folder work (its manifest written) in for target, under the lock, once
    target is checked again: another run, or a user, may have put something there meanwhile."""
    make_folder(target.parent, target)
    with locked(target.parent):
        check_contents(target, marker, work)
        swap_in(work, target)


def entries(folder: Path, prefix: str = "") -> Iterator[tuple[str, os.DirEntry]]:
    """Everything under folder, depth first in sorted order, as (path from folder, entry); a
    folder's path ends with /. Symbolic links are entries, never followed."""
    with os.scandir(folder) as found:
        listed = sorted(found, key=lambda e: e.name)
    for entry in listed:
        if entry.is_dir(follow_symlinks=False):
            yield f"{prefix}{entry.name}/", entry
            yield from entries(Path(entry.path), f"{prefix}{entry.name}/")
        else:
            yield prefix + entry.name, entry


def ancestors(path: str) -> Iterator[str]:
    """'a/b/c.html' -> 'a/', 'a/b/': the folders a manifest's path implies."""
    parts = path.rstrip("/").split("/")[:-1]
    for n in range(1, len(parts) + 1):
        yield "/".join(parts[:n]) + "/"


def compact(paths: Iterable[str]) -> list[str]:
    """Files, and only the folders no other path is in: what a manifest lists, sorted."""
    found = set(paths)
    implied = {folder for path in found for folder in ancestors(path)}
    return sorted(p for p in found if not p.endswith("/") or p not in implied)


def read_manifest(folder: Path) -> set[str] | None:
    """The paths folder's manifest lists; None when it has none."""
    path = folder / MANIFEST
    if path.is_symlink() or not path.is_file():
        return None
    text = path.read_text(encoding="utf-8", errors="surrogateescape")
    return {line for line in text.split("\n") if line and not line.startswith("#")}


def write_manifest(folder: Path, paths: Iterable[str] | None = None) -> None:
    """folder's manifest: the paths given, or else everything folder holds."""
    found = (rel for rel, _ in entries(folder)) if paths is None else paths
    lines = [p for p in compact(found) if p != MANIFEST]
    atomic_write(folder / MANIFEST, (HEADER + "".join(f"{p}\n" for p in lines)).encode("utf-8", "surrogateescape"))


def allowed(listed: Iterable[str]) -> set[str]:
    listed = set(listed)
    return listed | {folder for path in listed for folder in ancestors(path)}


def first_unexpected(found: Iterable[tuple[str, os.DirEntry]], expected: set[str]) -> str | None:
    return next((rel for rel, _ in found if rel not in expected), None)


def check_output_folder(target: Path, marker: str | None = None) -> None:
    """check_contents before a run writes anything (a command checks first, so that it is refused
    before it imports or validates), under the lock: a run swapping its folder in is waited for."""
    if not target.parent.is_dir():
        check_contents(target, marker)  # nothing to wait for; refused if it lies under a file
        return
    with locked(target.parent):
        check_contents(target, marker)


def check_contents(
    target: Path, marker: str | None = None, new: Path | None = None, found: list[tuple[str, os.DirEntry]] | None = None
) -> None:
    """Refuse (OutputError, nothing changed) a target the tool may not replace: a file, or a folder
    holding anything its manifest does not list. A folder an earlier version wrote (it holds
    `marker` but no manifest) may hold only what this run wrote in `new`; before the run has
    written it (new is None) it passes. `found`: the target's entries, when already walked."""
    if not os.path.lexists(target):
        blocking = next((p for p in target.parents if os.path.lexists(p)), None)
        if blocking is not None and not blocking.is_dir():
            raise OutputError(f"{target}: cannot be written there: {blocking} is a file, not a folder")
        return
    if not target.is_dir():
        raise OutputError(f"{target}: is a file, not a folder; choose another directory")
    listed = read_manifest(target)
    if listed is None and marker and (target / marker).exists():
        if new is None:
            return
        extra = first_unexpected(found or entries(target), allowed(read_manifest(new) or ()))
        if extra is not None:
            raise OutputError(
                f"{target}: holds {extra}, which is not an earlier output of build.py (an earlier version wrote the "
                f"folder, with no {MANIFEST}, and this run does not write {extra}): {PROCEED}"
            )
        return
    expected = allowed(listed or ()) | ({MANIFEST} if listed is not None else set())
    extra = first_unexpected(found or entries(target), expected)
    if extra is not None:
        why = f"its {MANIFEST} does not list it" if listed is not None else f"the folder has no {MANIFEST}"
        raise OutputError(f"{target}: holds {extra}, which is not an earlier output of build.py ({why}): {PROCEED}")


class InPlace:
    """An update of a folder in place (updating_in_place): `written` gets every file the caller
    writes; check() refuses the folder if it holds anything its manifest does not list."""

    def __init__(self, folder: Path, listed: set[str]):
        self.folder, self.listed = folder, listed
        self.written: set[Path] = set()
        self.folders: dict[str, int] | None = None  # each folder's inode when checked: a folder swapped in has a new one

    def check(self) -> None:
        """Walk the folder (~16,000 entries at 2,000 recommendations): the preview does it once its
        open page, a file the manifest lists, is written, and puts the page back if this refuses."""
        if self.folders is None:
            found = list(entries(self.folder))
            check_contents(self.folder, found=found)
            self.folders = {rel: entry.inode() for rel, entry in found if rel.endswith("/")}


@contextmanager
def updating_in_place(folder: Path) -> Iterator[InPlace]:
    """For an update of a folder in place (the preview): refuse unless the folder has a manifest;
    the caller writes only files it lists until it calls check(), which refuses the folder if it holds
    anything else, and adds to `written` every file it writes. Afterwards, failed or not, unless
    check() refused, the manifest lists what is there of: what it listed, the files written, and
    everything in a folder swapped in meanwhile (one whose inode changed)."""
    listed = read_manifest(folder)
    if listed is None:
        raise OutputError(f"{folder}: has no {MANIFEST}; build it in full first")
    update = InPlace(folder, listed)
    try:
        yield update
    finally:
        if update.folders is not None:
            folders, written = update.folders, update.written
            known = allowed(listed) | allowed(p.relative_to(folder).as_posix() for p in written)
            now = list(entries(folder))
            swapped = {rel for rel, entry in now if rel in folders and entry.inode() != folders[rel]}
            write_manifest(
                folder, (rel for rel, _ in now if rel in known or (swapped and not swapped.isdisjoint(ancestors(rel))))
            )


def swap_in(new: Path, target: Path) -> None:
    """Put the directory new where target is (whether target exists or not) by renames, so a
    reader sees the old or the new directory, never a mix; then remove the old one."""
    old = target.parent / f".{target.name}.old-{os.getpid()}"
    if target.exists():
        target.rename(old)
    new.rename(target)
    shutil.rmtree(old, ignore_errors=True)
