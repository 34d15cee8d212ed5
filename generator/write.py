"""Writing a folder of generated files all at once, or not at all, and only a folder that is ours.

A folder is ours when it carries a manifest of what we wrote (``manifest.py``) and holds nothing
else; a missing or empty folder may be written; anything else is refused before anything is
created. The new tree is staged beside the target and swapped in with one rename, so a reader
(or a run killed half-way) sees the old tree or the new one, never a mix. Files whose bytes did
not change are hard-linked from the old tree, so their modification times stay; a run that
changes nothing writes nothing. Runs into one parent folder take turns on a lock of that folder
(``flock`` on the folder itself: no lock file is ever created).
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import stat
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from . import staging
from .errors import ToolError, os_reason, shown_path
from .manifest import (
    MANIFEST,
    Listing,
    ManifestError,
    first_entries,
    hash_file,
    manifest_bytes,
    read_manifest,
    sha256,
    walk,
)


class WriteError(ToolError):
    """The target cannot be written or checked (exit 2): it is not ours, or the disk refused."""


@dataclass(frozen=True)
class Input:
    """A file or folder the tool reads: an output may neither be inside it nor hold it."""

    label: str
    """How messages name it: 'the catalogue', 'the docs folder'."""
    path: Path


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


def resolve(path: Path) -> Path:
    """The real folder a path names: ``..`` and links resolved before its parent and name are taken."""
    real = Path(os.path.realpath(path))
    try:
        mode = os.lstat(real).st_mode
    except FileNotFoundError:
        return real
    except NotADirectoryError:
        file = next((p for p in real.parents if os.path.isfile(p)), real)
        raise WriteError(f"'{shown_path(file)}' is a file, not a folder; give a path of folders") from None
    except OSError as error:  # a name too long, a folder without permission
        raise WriteError(f"cannot look up '{shown_path(path)}': {os_reason(error)}") from None
    if stat.S_ISLNK(mode):  # realpath stops at a link it cannot resolve: one that loops
        raise WriteError(f"'{shown_path(path)}' is a symbolic link that loops; give a folder")
    return real


def inspect(real: Path, *, checking: bool = False) -> Listing:
    """What ``real`` holds against its manifest; refuses a folder that is not ours (without reading it)."""
    shown = shown_path(real)
    owner = _owner_above(real)
    if owner is not None:
        what_to_do = (
            "check that folder as a whole" if checking else "write that folder as a whole, or give a folder outside it"
        )
        raise WriteError(
            f"'{shown}' is inside '{shown_path(owner)}', an output folder of connect-presets; {what_to_do}"
        )
    try:
        mode = os.lstat(real).st_mode
    except FileNotFoundError:
        return Listing(False, {}, {}, ())
    except OSError as error:
        raise WriteError(f"cannot look up '{shown}': {os_reason(error)}") from None
    if not stat.S_ISDIR(mode):
        what_to_do = "give the folder that export or build wrote" if checking else "give a folder to write into"
        raise WriteError(f"'{shown}' is a file, not a folder; {what_to_do}")
    try:
        manifest = read_manifest(real)
        if manifest is None:
            names = first_entries(real)
            if not names:
                return Listing(True, {}, {}, ())
            raise WriteError(_not_ours(shown, names, checking))
        return walk(real, manifest)
    except ManifestError as error:
        raise WriteError(f"'{shown}/{MANIFEST}' does not prove the folder is ours: {error}") from None
    except OSError as error:
        raise WriteError(f"cannot read '{shown_path(error.filename or real)}': {os_reason(error)}") from None


_EARLIER_EXPORT = {"index.json", "presets/", "schema/"}
_EARLIER_SITE = {"index.html", "404.html", "sitemap.xml", "assets/"}


def _not_ours(shown: str, names: list[str], checking: bool) -> str:
    found = set(names)
    if ("index.json" in found and found <= _EARLIER_EXPORT) or _EARLIER_SITE <= found:
        what_to_do = "remove it and write it again" if checking else "remove the folder or choose another one"
        return (
            f"'{shown}' holds files that were not generated here, or were written by an earlier version of "
            f"connect-presets, which kept no {MANIFEST}: {_some(names)}; {what_to_do}"
        )
    what_to_do = (
        "check only a folder that export or build wrote"
        if checking
        else "move them out, or give an empty or new folder"
    )
    return f"'{shown}' holds files that were not generated here (no {MANIFEST}): {_some(names)}; {what_to_do}"


def _some(names: Sequence[str], shown: int = 5) -> str:
    listed = ", ".join(shown_path(name) for name in names[:shown])
    return listed + (f", and {len(names) - shown} more" if len(names) > shown else "")


def _owner_above(real: Path) -> Path | None:
    """The nearest folder above ``real`` that is an output of ours (it carries a manifest)."""
    for folder in real.parents:
        with contextlib.suppress(OSError):
            if stat.S_ISREG(os.lstat(folder / MANIFEST).st_mode):
                return folder
    return None


def _prepare(target: Path, inputs: Sequence[Input]) -> Path:
    """Every check that needs no lock, before anything is created."""
    real = resolve(target)
    if real.parent == real:
        raise WriteError(
            f"'{shown_path(real)}' is the root folder, which has no parent to stage it in; give a folder below it"
        )
    for item in inputs:
        used = Path(os.path.realpath(item.path))
        if real == used or used in real.parents:
            relation = "is" if real == used else "is inside"
        elif real in used.parents:
            relation = "contains"
        else:
            continue
        raise WriteError(
            f"'{shown_path(real)}' {relation} {item.label} '{shown_path(used)}'; "
            "an output folder must be outside every input of the tool"
        )
    return real


def _ours_for_writing(real: Path, warnings: list[str]) -> tuple[Listing, dict[str, str]]:
    """Under the lock: the folder's listing and the hash of each listed file on disk, once it is
    found to be ours; only then are leftovers of killed runs removed."""
    listing = inspect(real)
    if listing.foreign:
        raise WriteError(
            f"'{shown_path(real)}' holds files that were not generated here (not in its {MANIFEST}): "
            f"{_some(listing.foreign)}; move them out, or give an empty or new folder"
        )
    with _reported(real):
        staging.remove_leftovers(real, warnings)
        return listing, {path: hash_file(real / path) for path in listing.present}


def write_tree(target: Path, files: Mapping[str, bytes], *, inputs: Sequence[Input] = ()) -> WriteResult:
    """Make ``target`` hold exactly ``files`` and their manifest, if it is ours to write."""
    real = _prepare(target, inputs)
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
        leftover: Path | None = built
        what = "the staging folder"
        try:
            with _reported(real):
                staging.stage(built, files, new, real, current)
                leftover, what = _commit(built, real, manifest), "the previous output, now at"
        finally:
            if leftover is not None:
                staging.remove(leftover, warnings, what)
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
    real = _prepare(target, inputs)
    warnings: list[str] = []
    with _locked(real):
        listing, current = _ours_for_writing(real, warnings)
        with _reported(real):
            built = staging.new_staging(real)
        leftover: Path | None = built
        what = "the staging folder"
        stage = Staging(built)
        try:
            yield stage
            with _reported(real):
                hashes = _built_files(built)
                changed = _changes(current, hashes)
                manifest = manifest_bytes(hashes)
                if changed or _manifest_on_disk(real) != manifest:
                    for path, digest in hashes.items():
                        if current.get(path) == digest:
                            staging.replace_by_link(real / path, built / path)
                    leftover, what = _commit(built, real, manifest), "the previous output, now at"
                    changed = changed or [MANIFEST]
        finally:
            if leftover is not None:
                staging.remove(leftover, warnings, what)
    stage.result = WriteResult(real, tuple(changed), _edited(changed, current, listing), tuple(warnings))


def _commit(built: Path, real: Path, manifest: bytes) -> Path | None:
    """Sign the staged tree with its manifest, flush it to disk and swap it in; where the old tree is now."""
    staging.write_file(built / MANIFEST, manifest)
    if _manifest_on_disk(real) == manifest:  # a hand edit undone: the manifest is the same file as before
        staging.replace_by_link(real / MANIFEST, built / MANIFEST)
    _flush_to_disk(built)
    return staging.swap(built, real)


@contextlib.contextmanager
def _locked(real: Path) -> Iterator[None]:
    """Hold the lock of the target's parent folder, so that runs into it take turns."""
    with _reported(real.parent):
        fd = staging.lock(real.parent)
    try:
        yield
    finally:
        os.close(fd)


@contextlib.contextmanager
def _reported(real: Path) -> Iterator[None]:
    """What the disk refuses while we write is a WriteError naming the file and the reason."""
    try:
        yield
    except OSError as error:
        raise WriteError(f"cannot write '{shown_path(error.filename or real)}': {os_reason(error)}") from None


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
