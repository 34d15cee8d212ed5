"""Comparing generated output with what is on disk, file by file in bounded memory.

A folder is compared only when it is ours (``write.inspect``). Each generated file is compared by
size and hash, streamed; a file is read whole only to show a diff, and only up to ``MAX_DIFF_BYTES``.
The manifest tells a hand edit (the bytes differ from what we wrote) from a stale file (the bytes
are what we wrote, but the catalogue has changed since).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from ..errors import os_reason, shown_path
from .manifest import MANIFEST, Listing, hash_file, manifest_bytes, read_manifest, sha256
from .write import WriteError, inspect, resolve

MAX_DIFF_BYTES = 1024 * 1024
"""Past this size a changed file is named, not shown."""


@dataclass(frozen=True)
class Generated:
    """What would be generated: each file's hash and size, and a way to read one for a diff."""

    hashes: Mapping[str, str]
    sizes: Mapping[str, int]
    read: Callable[[str], bytes]

    @classmethod
    def from_files(cls, files: Mapping[str, bytes]) -> Generated:
        return cls({p: sha256(c) for p, c in files.items()}, {p: len(c) for p, c in files.items()}, files.__getitem__)

    @classmethod
    def from_folder(cls, folder: Path) -> Generated:
        """A folder just written by ``write`` (a scratch build): its manifest has every hash."""
        hashes = read_manifest(folder) or {}
        return cls(hashes, {p: (folder / p).stat().st_size for p in hashes}, lambda p: (folder / p).read_bytes())


@dataclass(frozen=True)
class OnDisk:
    """A folder to compare, found to be ours."""

    folder: Path
    listing: Listing


def on_disk(folder: Path) -> OnDisk:
    """The folder ``check`` compares; a WriteError (exit 2) when it is a file or not ours."""
    real = resolve(folder)
    return OnDisk(real, inspect(real, checking=True))


@dataclass(frozen=True)
class Drift:
    missing: tuple[str, ...]
    """Files that would be generated but are not on disk."""
    edited: tuple[str, ...]
    """Files whose bytes are not the ones we wrote: edited by hand."""
    stale: tuple[str, ...]
    """Files as we wrote them, which would be generated differently now."""
    obsolete: tuple[str, ...]
    """Files we wrote that would not be generated now."""
    foreign: tuple[str, ...]
    """Entries the manifest does not list; export and build refuse the folder while they are there."""
    manifest_differs: bool = False

    def __bool__(self) -> bool:
        return bool(self.missing or self.edited or self.stale or self.obsolete or self.foreign or self.manifest_differs)

    def counts(self) -> str:
        parts = [
            (len(self.edited) + self.manifest_differs, "edited by hand"),
            (len(self.stale) + len(self.obsolete), "stale"),
            (len(self.missing), "missing"),
            (len(self.foreign), "not generated"),
        ]
        return ", ".join(f"{count} {what}" for count, what in parts if count)


def compare(disk: OnDisk, generated: Generated) -> Drift:
    listing, folder = disk.listing, disk.folder
    missing: list[str] = []
    edited: list[str] = []
    stale: list[str] = []
    foreign = set(listing.foreign)
    for path in sorted(generated.hashes):
        if path in listing.present:
            digest = _hash(folder / path)
            if digest != generated.hashes[path]:
                (stale if digest == listing.manifest[path] else edited).append(path)
        elif path not in foreign:
            missing.append(path)
    obsolete = sorted(set(listing.present) - set(generated.hashes))
    found = Drift(tuple(missing), tuple(edited), tuple(stale), tuple(obsolete), listing.foreign)
    if not found and listing.exists:
        try:
            on_disk_manifest = (folder / MANIFEST).read_bytes()
        except OSError:
            on_disk_manifest = b""
        if on_disk_manifest != manifest_bytes(generated.hashes):
            return Drift((), (), (), (), (), manifest_differs=True)
    return found


def compare_files(folder: Path, generated: Generated) -> tuple[OnDisk, Drift]:
    """For a folder of generated files among hand-written ones and without a manifest (``schema/``, beside
    setup.schema.json): each generated file is compared with the file of its name, and nothing else in the
    folder is looked at. With no record of what was written, a file that differs is stale, edited or not."""
    present = {path: 0 for path in generated.hashes if (folder / path).exists() or (folder / path).is_symlink()}
    disk = OnDisk(folder, Listing(folder.is_dir(), {}, present, ()))
    stale = tuple(path for path in sorted(present) if _hash(folder / path) != generated.hashes[path])
    missing = tuple(path for path in sorted(generated.hashes) if path not in present)
    return disk, Drift(missing, (), stale, (), ())


def _hash(path: Path) -> str:
    try:
        return hash_file(path)
    except OSError as error:
        raise WriteError(f"cannot read '{shown_path(path)}': {os_reason(error)}") from None


def diff_lines(shown: str, disk: OnDisk, generated: Generated, drift: Drift) -> Iterator[str]:
    """What differs, a line per file, with a unified diff from what is on disk to what would be generated."""
    for what, paths in (("missing", drift.missing), ("not generated", drift.foreign)):
        yield from (f"{what}: {shown}/{shown_path(path)}\n" for path in paths)
    yield from (f"no longer generated: {shown}/{shown_path(path)}\n" for path in drift.obsolete)
    if drift.manifest_differs:
        yield f"edited by hand: {shown}/{MANIFEST}\n"
    for what, paths in (("edited by hand", drift.edited), ("stale", drift.stale)):
        for path in paths:
            yield f"{what}: {shown}/{shown_path(path)}\n"
            yield from _diff(f"{shown}/{shown_path(path)}", disk.folder / path, generated, path)


def _diff(name: str, on_disk: Path, generated: Generated, path: str) -> Iterator[str]:
    size = on_disk.stat().st_size
    if size > MAX_DIFF_BYTES or generated.sizes[path] > MAX_DIFF_BYTES:
        yield f"differs, too large to show: {name} ({size} bytes on disk, {generated.sizes[path]} generated)\n"
        return
    try:
        with open(on_disk, "rb") as file:
            before_bytes = file.read(MAX_DIFF_BYTES + 1)  # it may have grown since
        before = before_bytes.decode("utf-8").splitlines(keepends=True)
        after = generated.read(path).decode("utf-8").splitlines(keepends=True)
    except UnicodeDecodeError:
        yield f"binary file differs: {name}\n"
        return
    except OSError as error:
        raise WriteError(f"cannot read '{shown_path(on_disk)}': {os_reason(error)}") from None
    for line in difflib.unified_diff(before, after, f"{name} (on disk)", f"{name} (generated)"):
        yield line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"
