"""Writing a folder of generated files all at once, or not at all.

The new tree is staged beside the target and swapped in with one rename, so a
reader (or a run killed half-way) sees either the old tree or the new one, never
a mix. Files whose bytes did not change are hard-linked from the old tree, so
their modification times stay as they were; a run that changes nothing writes
nothing. A lock beside the target makes two runs on one folder take turns.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import os
import shutil
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from .errors import ToolError


class WriteError(ToolError):
    """The target cannot be written (exit 2): it is not ours, or the disk refused."""


@dataclass(frozen=True)
class WriteResult:
    changed: tuple[str, ...]
    """Files added, changed or removed, relative to the target."""

    @property
    def wrote(self) -> bool:
        return bool(self.changed)


def read_tree(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder`` by its POSIX path relative to it."""
    if not folder.is_dir():
        return {}
    return {
        path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()
    }


def write_tree(target: Path, files: Mapping[str, bytes], *, owned_by: str) -> WriteResult:
    """Make ``target`` hold exactly ``files``.

    ``owned_by`` names a file that marks the folder as ours: an existing, non-empty
    folder without it is never replaced, so a wrong ``--out`` cannot delete a user's files.
    """
    target = target.absolute()
    with _locked(target):
        _check_ours(target, owned_by)
        current = read_tree(target)
        changed = _changes(current, files)
        if not changed:
            return WriteResult(())
        staging = _staging_path(target)
        try:
            _stage(staging, files, target, current)
            _swap(staging, target)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        return WriteResult(tuple(changed))


@contextlib.contextmanager
def staged_folder(target: Path, *, owned_by: str) -> Iterator[Path]:
    """A fresh folder to build ``target`` in (for tools that write files themselves, such as
    MkDocs); when the block ends without an error it replaces ``target`` like ``write_tree``."""
    target = target.absolute()
    with _locked(target):
        _check_ours(target, owned_by)
        staging = _staging_path(target)
        staging.mkdir()
        try:
            yield staging
            files = read_tree(staging)
            shutil.rmtree(staging)
            current = read_tree(target)
            if _changes(current, files):
                _stage(staging, files, target, current)
                _swap(staging, target)
        finally:
            shutil.rmtree(staging, ignore_errors=True)


def _check_ours(target: Path, owned_by: str) -> None:
    if target.exists() and not target.is_dir():
        raise WriteError(f"'{target}' is a file; give a folder to write into")
    if target.is_dir() and any(target.iterdir()) and not (target / owned_by).is_file():
        raise WriteError(
            f"'{target}' holds files that were not generated here (no {owned_by}); give an empty or new folder"
        )


def _changes(current: Mapping[str, bytes], files: Mapping[str, bytes]) -> list[str]:
    return sorted(path for path in set(current) | set(files) if current.get(path) != files.get(path))


def _staging_path(target: Path) -> Path:
    return target.parent / f".{target.name}.staging-{uuid.uuid4().hex[:12]}"


@contextlib.contextmanager
def _locked(target: Path) -> Iterator[None]:
    target.parent.mkdir(parents=True, exist_ok=True)
    lock_path = target.parent / f".{target.name}.lock"
    with open(lock_path, "a+b") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # a second run waits for the first
        try:
            _remove_leftovers(target)
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _remove_leftovers(target: Path) -> None:
    """Staging folders of runs that were killed; safe to remove while we hold the lock."""
    for leftover in target.parent.glob(f".{target.name}.staging-*"):
        shutil.rmtree(leftover, ignore_errors=True)


def _stage(staging: Path, files: Mapping[str, bytes], target: Path, current: Mapping[str, bytes]) -> None:
    made: set[Path] = set()
    for relative, content in files.items():
        path = staging / relative
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        if current.get(relative) == content:
            with contextlib.suppress(OSError):
                os.link(target / relative, path)
                continue
        # os-level calls: for ten thousand small files Python's buffered file objects cost more than the write.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        try:
            remaining = memoryview(content)
            while remaining:  # a write may be partial
                remaining = remaining[os.write(fd, remaining) :]
        finally:
            os.close(fd)
    _flush_to_disk(staging)


def _flush_to_disk(folder: Path) -> None:
    """Everything staged reaches the disk before the swap: one syncfs instead of an fsync per file."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        try:
            syncfs = ctypes.CDLL(None, use_errno=True).syncfs
        except (OSError, AttributeError):
            os.sync()
            return
        if syncfs(fd) != 0:
            raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()), str(folder))
    finally:
        os.close(fd)


def _swap(staging: Path, target: Path) -> None:
    if not target.exists():
        os.rename(staging, target)
    elif not _exchange(staging, target):
        # No atomic exchange here: two renames, with the old tree kept until the new one is in place.
        retired = target.parent / f".{target.name}.staging-{uuid.uuid4().hex[:12]}"
        os.rename(target, retired)
        os.rename(staging, target)
        shutil.rmtree(retired, ignore_errors=True)
    _fsync_dir(target.parent)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    if ctypes.get_errno() in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EPERM):
        return False
    raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()), str(b))


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
