"""Writing a folder of generated files all at once, or not at all, and only a folder that is ours.

A folder is ours when it carries a manifest of what we wrote (``manifest.py``) and holds nothing
else; a missing or empty folder may be written; anything else is refused before anything is
created (``ownership.py``). The new tree is staged beside the target and swapped in with one rename, so a reader
(or a run killed half-way) sees the old tree or the new one, never a mix. Files whose bytes did
not change are hard-linked from the old tree, so their modification times stay; a run that
changes nothing writes nothing. Runs into one parent folder take turns on a lock of that folder
(``flock`` on the folder itself: no lock file is ever created). The old tree is removed only
while it still holds nothing but what its manifest lists: what was added during the run is kept.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import stat
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import OutputError, disk_refused, os_reason, shown_path
from . import staging
from .manifest import MANIFEST, Listing, ManifestError, hash_file, manifest_bytes, read_manifest, sha256, walk
from .ownership import Input, WriteError, inspect, prepare, resolve, some

__all__ = [  # what ownership.py decides is used through this module too
    "Input",
    "Staging",
    "WriteError",
    "WriteResult",
    "inspect",
    "read_tree",
    "resolve",
    "staged_folder",
    "write_tree",
]


@dataclass(frozen=True)
class WriteResult:
    target: Path
    """The real folder written (a symbolic link given as the target is followed)."""
    changed: tuple[str, ...]
    """Files added, changed or removed, relative to the target."""
    edited: tuple[str, ...] = ()
    """Of those, the files that had been edited by hand since we wrote them."""
    warnings: tuple[str, ...] = ()
    """What could not be cleaned up (an old tree, a leftover of a killed run), one line each."""

    @property
    def wrote(self) -> bool:
        return bool(self.changed)


def read_tree(folder: Path) -> dict[str, bytes]:
    """Every generated file below ``folder`` (not the manifest), read whole: for small trees and tests."""
    if not folder.is_dir():
        return {}
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path != folder / MANIFEST
    }


def _ours_for_writing(real: Path, warnings: list[str]) -> tuple[Listing, dict[str, str]]:
    """Under the lock: the folder's listing and the hash of each listed file on disk, once it is
    found to be ours; only then are leftovers of killed runs removed."""
    listing = inspect(real)
    if listing.foreign:
        raise WriteError(
            f"'{shown_path(real)}' holds files that were not generated here (not in its {MANIFEST}): "
            f"{some(listing.foreign)}; move them out, or give an empty or new folder"
        )
    if listing.exists and not os.access(real, os.W_OK | os.X_OK):
        mode = stat.S_IMODE(os.stat(real).st_mode)
        raise WriteError(
            f"'{shown_path(real)}' is a folder this user may not write into (mode {mode:04o}); "
            "give it write permission or choose another folder"
        )
    with _reported(real):
        staging.remove_leftovers(real, warnings)
        return listing, {path: hash_file(real / path) for path in listing.present}


def write_tree(target: Path, files: Mapping[str, bytes], *, inputs: Sequence[Input] = ()) -> WriteResult:
    """Make ``target`` hold exactly ``files`` and their manifest, if it is ours to write."""
    real = prepare(target, inputs)
    new = {path: sha256(content) for path, content in files.items()}
    manifest = manifest_bytes(new)
    warnings: list[str] = []
    with _locked(real):
        listing, current = _ours_for_writing(real, warnings)
        changed = _changes(current, new)
        if not changed and _manifest_on_disk(real) == manifest:
            return WriteResult(real, (), (), tuple(warnings))
        with _reported(real):
            built = staging.new_staging(real)
        try:
            with _reported(real):
                staging.stage(built, files, new, real, current)
        except BaseException:
            staging.remove(built, warnings, "the staging folder")
            raise
        _swap_in(built, real, manifest, warnings)
    return WriteResult(real, tuple(changed or [MANIFEST]), _edited(changed, current, listing), tuple(warnings))


@dataclass
class Staging:
    path: Path
    """The folder to build in; it replaces the target when the block ends without an error."""
    result: WriteResult | None = field(default=None)


@contextlib.contextmanager
def staged_folder(target: Path, *, inputs: Sequence[Input] = ()) -> Iterator[Staging]:
    """A fresh folder to build ``target`` in, for tools that write files themselves (MkDocs);
    when the block ends without an error it replaces ``target`` as ``write_tree`` would."""
    real = prepare(target, inputs)
    warnings: list[str] = []
    with _locked(real):
        listing, current = _ours_for_writing(real, warnings)
        with _reported(real):
            built = staging.new_staging(real)
        stage = Staging(built)
        try:
            yield stage
            with _reported(real):
                hashes = _built_files(built)
                changed = _changes(current, hashes)
                manifest = manifest_bytes(hashes)
                unchanged = not changed and _manifest_on_disk(real) == manifest
                if not unchanged:
                    for path, digest in hashes.items():
                        if current.get(path) == digest:
                            staging.replace_by_link(real / path, built / path)
        except BaseException:
            staging.remove(built, warnings, "the staging folder")
            raise
        if unchanged:
            staging.remove(built, warnings, "the staging folder")
        else:
            _swap_in(built, real, manifest, warnings)
            changed = changed or [MANIFEST]
    stage.result = WriteResult(real, tuple(changed), _edited(changed, current, listing), tuple(warnings))


def _swap_in(built: Path, real: Path, manifest: bytes, warnings: list[str]) -> None:
    """Swap the staged tree in (it is removed if that fails), then remove the old tree if it is still ours."""
    try:
        with _reported(real):
            old = _commit(built, real, manifest)
    except BaseException:
        staging.remove(built, warnings, "the staging folder")
        raise
    if old is not None:
        _retire(old, real, warnings)


def _retire(old: Path, real: Path, warnings: list[str]) -> None:
    """Remove the tree that was the target, now at ``old``, when it holds only what its manifest
    lists: a file added to the target while we wrote is not ours, so it is kept, with that tree."""
    try:
        added = walk(old, read_manifest(old) or {}).foreign
    except (ManifestError, OSError) as error:
        reason = str(error) if isinstance(error, ManifestError) else os_reason(error)
        warnings.append(
            f"'{shown_path(real)}' was changed while connect-presets wrote it ({reason}); the previous output "
            f"is kept in '{shown_path(old)}'; move out what you need and remove that folder"
        )
        return
    if added:
        warnings.append(
            f"{some(added)} were added to '{shown_path(real)}' while connect-presets wrote it; they are kept in "
            f"'{shown_path(old)}', with the previous output; move them out and remove that folder"
        )
        return
    staging.remove(old, warnings, "the previous output, now at")


def _commit(built: Path, real: Path, manifest: bytes) -> Path | None:
    """Sign the staged tree with its manifest, give it the target's permissions, flush it to disk and
    swap it in; where the old tree is now. The marker goes once the manifest proves the tree is ours."""
    staging.write_file(built / MANIFEST, manifest)
    if _manifest_on_disk(real) == manifest:  # a hand edit undone: the manifest is the same file as before
        staging.replace_by_link(real / MANIFEST, built / MANIFEST)
    os.unlink(built / staging.MARKER)
    _keep_permissions(real, built)
    _flush_to_disk(built)
    return staging.swap(built, real)


def _keep_permissions(real: Path, built: Path) -> None:
    """The new tree gets the mode (setgid and sticky bits too), owner and group of the folder it replaces."""
    try:
        old = os.stat(real)
    except FileNotFoundError:
        return
    with contextlib.suppress(PermissionError):  # only root may give a folder to another owner or group
        os.chown(built, old.st_uid, old.st_gid)
    os.chmod(built, stat.S_IMODE(old.st_mode))  # after chown, which may clear setgid


@contextlib.contextmanager
def _locked(real: Path) -> Iterator[None]:
    """Hold the lock of the target's parent folder, so that runs into it take turns; when the run
    fails, remove the parent folders the lock created."""
    with _reported(real.parent):
        fd, created = staging.lock(real.parent)
    try:
        yield
    except BaseException:
        staging.remove_made_folders(created)  # a failed run leaves no folder it made; a refused one made none
        raise
    finally:
        os.close(fd)


@contextlib.contextmanager
def _reported(real: Path) -> Iterator[None]:
    """What the disk refuses while we write is a WriteError naming the file and the reason."""
    try:
        yield
    except OSError as error:
        message = f"cannot write '{shown_path(error.filename or real)}': {os_reason(error)}"
        raise (OutputError(message) if disk_refused(error) else WriteError(message)) from None


def _changes(current: Mapping[str, str], new: Mapping[str, str]) -> list[str]:
    return sorted(path for path in set(current) | set(new) if current.get(path) != new.get(path))


def _edited(changed: Sequence[str], current: Mapping[str, str], listing: Listing) -> tuple[str, ...]:
    return tuple(path for path in changed if path in current and current[path] != listing.manifest[path])


def _manifest_on_disk(real: Path) -> bytes | None:
    try:
        return (real / MANIFEST).read_bytes()  # inspect() checked it is a regular file of bounded size
    except OSError:
        return None


def _built_files(folder: Path) -> dict[str, str]:
    """The hash of every file a tool built in ``folder``; its empty folders are removed, so that
    it holds only what a manifest lists."""
    built: dict[str, str] = {}
    for root, folders, files in os.walk(folder, topdown=False):
        for path in [Path(root) / name for name in files + folders]:
            relative = path.relative_to(folder).as_posix()
            mode = os.lstat(path).st_mode
            if stat.S_ISDIR(mode):
                with contextlib.suppress(OSError):  # not empty: fine
                    os.rmdir(path)
            elif relative == staging.MARKER:
                continue  # ours, written before the build; removed before the swap
            elif stat.S_ISREG(mode) and relative != MANIFEST:
                built[relative] = hash_file(path)
            else:
                raise WriteError(f"the build wrote '{shown_path(path)}', which a {MANIFEST} cannot list")
    return built


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
