"""The mechanics of replacing a folder in one step: staging names, the lock, the swap, clean-up.

Everything here raises OSError; ``write.py`` decides what may be written and reports errors.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import hashlib
import os
import shutil
import stat
import uuid
from collections.abc import Mapping
from pathlib import Path

from ..errors import os_reason, shown_path
from .manifest import MANIFEST, ManifestError, read_manifest, walk

STAGING = ".staging-"
SUFFIX = 12
"""A staging folder of target NAME is named ``.NAME.staging-`` and 12 hex digits, nothing else."""
NAME_MAX = 255
"""The longest file name, in bytes, on the file systems we write (ext4, XFS, Btrfs, tmpfs)."""
NAME_HASH = 16
"""Hex digits of SHA-256 that stand for the whole of a target name too long to repeat in full."""
MARKER = ".connect-presets-staging"
"""Written into every staging folder as soon as it exists: the proof that it is ours to remove.
Hidden, so that MkDocs' clean-up of its site folder keeps it; removed before the swap."""
MARKER_TEXT = b"a staging folder of connect-presets: removed by its next run into this folder\n"


def staging_prefix(name: str) -> str:
    """What every staging folder of target ``name`` starts with: ``.NAME.staging-``, or, where that
    would make a name longer than a file name may be, a cut of NAME, ``~`` and a hash of all of it."""
    prefix = f".{name}{STAGING}"
    if len(os.fsencode(prefix)) + SUFFIX <= NAME_MAX:
        return prefix
    digest = hashlib.sha256(os.fsencode(name)).hexdigest()[:NAME_HASH]
    budget = NAME_MAX - SUFFIX - len(f".~{digest}{STAGING}")
    cut = name
    while len(os.fsencode(cut)) > budget:  # whole characters, so the name stays readable
        cut = cut[:-1]
    return f".{cut}~{digest}{STAGING}"


def new_staging(real: Path) -> Path:
    """A new staging folder beside ``real``, holding only its marker; an error names the parent folder
    (the one the user gave), not the hidden name."""
    staging = real.parent / f"{staging_prefix(real.name)}{uuid.uuid4().hex[:SUFFIX]}"
    try:
        os.mkdir(staging)
    except OSError as error:
        raise OSError(error.errno, error.strerror, str(real.parent)) from None
    try:
        write_file(staging / MARKER, MARKER_TEXT)
    except BaseException:
        os.rmdir(staging)
        raise
    return staging


def is_staging_of(name: str, real: Path) -> bool:
    """Whether ``name`` is a staging folder of ``real``: the literal prefix, then exactly 12 hex digits."""
    prefix = staging_prefix(real.name)
    suffix = name[len(prefix) :]
    return name.startswith(prefix) and len(suffix) == SUFFIX and all(c in "0123456789abcdef" for c in suffix)


def lock(parent: Path) -> tuple[int, list[Path]]:
    """Lock ``parent`` (created now if missing: every check has passed) and return the descriptor
    that holds the lock, closing it lets the next run in, and the folders created for it."""
    created: list[Path] = []
    try:
        for _attempt in range(100):
            created += make_folders(parent)
            fd = os.open(parent, os.O_RDONLY | os.O_DIRECTORY)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)  # a second run into this parent waits for the first
                held, now = os.fstat(fd), os.stat(parent)
            except FileNotFoundError:
                os.close(fd)
                continue
            except BaseException:
                os.close(fd)
                raise
            if (held.st_dev, held.st_ino) == (now.st_dev, now.st_ino):
                return fd, created
            # The run before us removed the folder it had made (it failed) and another made it again.
            os.close(fd)
        raise OSError(errno.ESTALE, "the folder was removed and made again while waiting for its lock", str(parent))
    except BaseException:
        remove_made_folders(created)
        raise


def make_folders(folder: Path) -> list[Path]:
    """Create ``folder`` and the missing folders above it; the ones this call created, outermost first."""
    missing: list[Path] = []
    while not os.path.lexists(folder):
        missing.append(folder)
        folder = folder.parent
    created: list[Path] = []
    for path in reversed(missing):
        try:
            os.mkdir(path)
        except FileExistsError:
            continue  # made meanwhile by someone else: not ours to remove
        created.append(path)
    return created


def remove_made_folders(created: list[Path]) -> None:
    """After a failed run: remove the folders it created, innermost first, while they are empty."""
    for path in reversed(created):
        try:
            os.rmdir(path)
        except OSError:
            return  # something is in it now, or it is gone: leave it and what holds it


def remove_leftovers(real: Path, warnings: list[str]) -> None:
    """Staging folders of runs that were killed (while we hold the lock no other run has one), each
    removed only when it proves it is ours; a folder that merely has such a name is left alone."""
    for name in sorted(os.listdir(real.parent)):
        if not is_staging_of(name, real):
            continue
        path = real.parent / name
        with contextlib.suppress(OSError):
            os.rmdir(path)  # empty: a run killed before it marked its folder; nothing in it to lose
            continue
        why_not = not_proven_ours(path)
        if why_not is None:
            remove(path, warnings, "the leftover of a run that was stopped,")
        else:
            warnings.append(
                f"left '{shown_path(path)}' alone: it is named like a staging folder of connect-presets but "
                f"{why_not}; move what you need out of it and remove it"
            )


def not_proven_ours(path: Path) -> str | None:
    """Why ``path`` does not prove it is a folder of ours; None when it does: it carries our marker
    (a staging folder), or a valid manifest and nothing else (an old tree moved aside)."""
    try:
        if not stat.S_ISDIR(os.lstat(path).st_mode):
            return "it is not a folder"
        with contextlib.suppress(FileNotFoundError):
            if stat.S_ISREG(os.lstat(path / MARKER).st_mode):
                return None
        files = read_manifest(path)
        if files is None:
            return f"carries neither {MARKER} nor {MANIFEST}"
        foreign = walk(path, files).foreign
    except ManifestError as error:
        return f"its {MANIFEST} proves nothing: {error}"
    except OSError as error:
        return f"cannot be read ({os_reason(error)})"
    if foreign:
        listed = ", ".join(shown_path(entry) for entry in foreign[:5])
        more = f", and {len(foreign) - 5} more" if len(foreign) > 5 else ""
        return f"holds files connect-presets did not write: {listed}{more}"
    return None


def remove(path: Path, warnings: list[str], what: str) -> None:
    """Remove a tree of ours; what stops it becomes a warning line, never silence."""
    try:
        if path.is_dir() and not path.is_symlink():
            _remove_marked(path)
        else:
            os.unlink(path)
    except OSError as error:
        warnings.append(f"could not remove {what} '{shown_path(path)}': {os_reason(error)}; remove it by hand")


def _remove_marked(folder: Path) -> None:
    """Remove a folder of ours with its marker last, so that a run killed half-way through leaves a
    folder that still proves it is ours (rmtree may remove a manifest first)."""
    marker = folder / MARKER
    if not os.path.lexists(marker):
        with contextlib.suppress(OSError):  # without it the next run asks the user to remove the rest
            write_file(marker, MARKER_TEXT)
    with os.scandir(folder) as listing:
        entries = [entry for entry in listing if entry.name != MARKER]
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path)
        else:
            os.unlink(entry.path)
    with contextlib.suppress(FileNotFoundError):
        os.unlink(marker)
    os.rmdir(folder)


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
    spare = built.with_name(f".connect-presets-link-{uuid.uuid4().hex}")  # short: any file name fits beside it
    try:
        os.link(old, spare)
    except OSError:
        return  # the built copy is as good, only newer
    os.replace(spare, built)


def swap(staging: Path, target: Path) -> Path | None:
    """Put ``staging`` in the place of ``target``; where the old tree is now, to be checked and removed.
    When it raises, nothing has moved."""
    old: Path | None = None
    if not os.path.lexists(target):
        try:
            os.rename(staging, target)
        except OSError as error:
            if error.errno not in (errno.ENOTEMPTY, errno.EEXIST, errno.ENOTDIR):
                raise
            old = _replace(staging, target)  # made meanwhile, by someone else: keep what it holds
    else:
        old = _replace(staging, target)
    with contextlib.suppress(OSError):  # the swap is done; a parent that cannot be flushed does not undo it
        _fsync_dir(target.parent)
    return old


def _replace(staging: Path, target: Path) -> Path:
    if _exchange(staging, target):
        return staging
    # No atomic exchange here: two renames, with the old tree kept until the new one is in place.
    old = target.parent / f"{staging_prefix(target.name)}{uuid.uuid4().hex[:SUFFIX]}"
    os.rename(target, old)
    try:
        os.rename(staging, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.rename(old, target)  # put the old tree back: a failed run leaves the target as it was
        raise
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
