"""The mechanics of replacing a folder in one step: staging names, the lock, the swap, clean-up.

Everything here raises OSError; ``write.py`` decides what may be written and reports errors.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import os
import shutil
import uuid
from collections.abc import Mapping
from pathlib import Path

from .errors import os_reason, shown_path

STAGING = ".staging-"
SUFFIX = 12
"""A staging folder of target NAME is named ``.NAME.staging-`` and 12 hex digits, nothing else."""


def new_staging(real: Path) -> Path:
    """A new, empty staging folder beside ``real``."""
    staging = real.parent / f".{real.name}{STAGING}{uuid.uuid4().hex[:SUFFIX]}"
    os.mkdir(staging)
    return staging


def is_staging_of(name: str, real: Path) -> bool:
    """Whether ``name`` is a staging folder of ``real``: the literal prefix, then exactly 12 hex digits."""
    prefix = f".{real.name}{STAGING}"
    suffix = name[len(prefix) :]
    return name.startswith(prefix) and len(suffix) == SUFFIX and all(c in "0123456789abcdef" for c in suffix)


def lock(parent: Path) -> int:
    """Lock ``parent`` (created now if missing: every check that needs no folder has passed) and
    return the descriptor that holds the lock; closing it lets the next run in."""
    os.makedirs(parent, exist_ok=True)
    fd = os.open(parent, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # a second run into this parent waits for the first
    except BaseException:
        os.close(fd)
        raise
    return fd


def remove_leftovers(real: Path, warnings: list[str]) -> None:
    """Staging folders of runs that were killed: while we hold the lock no other run has one."""
    for name in sorted(os.listdir(real.parent)):
        if is_staging_of(name, real):
            remove(real.parent / name, warnings, "the leftover of a run that was stopped,")


def remove(path: Path, warnings: list[str], what: str) -> None:
    """Remove a tree of ours; what stops it becomes a warning line, never silence."""
    try:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            os.unlink(path)
    except OSError as error:
        warnings.append(f"could not remove {what} '{shown_path(path)}': {os_reason(error)}; remove it by hand")


def stage(
    staging: Path, files: Mapping[str, bytes], new: Mapping[str, str], real: Path, current: Mapping[str, str]
) -> None:
    """Write ``files`` into ``staging``; those whose hash is the one on disk are linked from ``real``."""
    made: set[Path] = set()
    for relative, content in files.items():
        path = staging / relative
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        if current.get(relative) == new[relative]:
            with contextlib.suppress(OSError):
                os.link(real / relative, path)
                continue
        write_file(path, content)


def write_file(path: Path, content: bytes) -> None:
    # os-level calls: for ten thousand small files Python's buffered file objects cost more than the write.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        remaining = memoryview(content)
        while remaining:  # a write may be partial
            remaining = remaining[os.write(fd, remaining) :]
    finally:
        os.close(fd)


def replace_by_link(old: Path, built: Path) -> None:
    """Keep the old file (and its modification time) in place of an identical one just built."""
    spare = built.with_name(f".{built.name}.{uuid.uuid4().hex[:SUFFIX]}")
    try:
        os.link(old, spare)
    except OSError:
        return  # the built copy is as good, only newer
    os.replace(spare, built)


def swap(staging: Path, target: Path) -> Path | None:
    """Put ``staging`` in the place of ``target``; where the old tree is now, to be removed."""
    old: Path | None = None
    if not os.path.lexists(target):
        os.rename(staging, target)
    elif _exchange(staging, target):
        old = staging
    else:
        # No atomic exchange here: two renames, with the old tree kept until the new one is in place.
        old = target.parent / f".{target.name}{STAGING}{uuid.uuid4().hex[:SUFFIX]}"
        os.rename(target, old)
        os.rename(staging, target)
    _fsync_dir(target.parent)
    return old


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
