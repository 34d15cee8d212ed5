"""The proof that a folder is ours: a manifest of every file this tool wrote into it, with hashes.

A folder is ours when it carries a valid manifest and holds nothing but the files it lists and
the folders they are in. Everything here reads; nothing writes (that is ``write.py``).
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, TextIO

from ..errors import PROGRAM, ToolError

MANIFEST = ".connect-presets-manifest"
"""The manifest's name at the top of every folder we write (no ``.json`` suffix: it is not an output)."""
TOOL = "connect-presets"
VERSION = 1
MAX_MANIFEST_BYTES = 32 * 1024 * 1024
"""About 300,000 files; a larger "manifest" is not one of ours."""
CHUNK = 1024 * 1024
"""Files are hashed in pieces of this size, so memory stays bounded whatever their size."""


class ManifestError(ToolError):
    """A manifest that proves nothing; the message says why ("it is not JSON"). The callers put it in
    their own words, with the folder's name; one that is not caught still ends the run as exit 2."""

    def show(self, stream: TextIO) -> None:
        stream.write(f"{PROGRAM}: error: a {MANIFEST} proves nothing: {self}\n")


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def hash_file(path: Path) -> str:
    """The SHA-256 of a file, read in pieces."""
    digest = hashlib.sha256()
    with open(path, "rb", buffering=0) as file:
        while piece := file.read(CHUNK):
            digest.update(piece)
    return digest.hexdigest()


def manifest_bytes(hashes: Mapping[str, str]) -> bytes:
    """The manifest of ``hashes`` (path -> SHA-256): the same bytes for the same files, ASCII only."""
    document = {"tool": TOOL, "manifest_version": VERSION, "files": dict(sorted(hashes.items()))}
    return (json.dumps(document, indent=2, ensure_ascii=True) + "\n").encode("ascii")


def read_manifest(folder: Path) -> dict[str, str] | None:
    """The files a folder's manifest lists, with their hashes; None when it has none."""
    path = folder / MANIFEST
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return None
    if not stat.S_ISREG(mode):  # a link, a folder or a pipe: not something we wrote
        raise ManifestError("it is not a regular file")
    with open(path, "rb") as file:
        data = file.read(MAX_MANIFEST_BYTES + 1)
    if len(data) > MAX_MANIFEST_BYTES:
        raise ManifestError(f"it is larger than {MAX_MANIFEST_BYTES // (1024 * 1024)} MiB")
    return parse(data)


def parse(data: bytes) -> dict[str, str]:
    try:
        document: Any = json.loads(data)
    except (ValueError, RecursionError):
        raise ManifestError("it is not JSON") from None
    if not isinstance(document, dict) or document.get("tool") != TOOL:
        raise ManifestError("it was not written by connect-presets")
    version = document.get("manifest_version")
    if version != VERSION:
        raise ManifestError(
            f"it has manifest version {json.dumps(version)[:20]}, this connect-presets reads version {VERSION}; "
            "use the version that wrote it"
        )
    files = document.get("files")
    if not isinstance(files, dict):
        raise ManifestError("it lists no files")
    for path, digest in files.items():
        if not _is_inner_path(path):
            raise ManifestError(f"{path[:200]!r} is not a path inside the folder")
        if not (isinstance(digest, str) and len(digest) == 64 and all(c in "0123456789abcdef" for c in digest)):
            raise ManifestError(f"the hash of {path[:200]!r} is not a SHA-256 in hex")
    folders = folders_of(files)
    if clash := next((path for path in files if path in folders), None):
        raise ManifestError(f"{clash[:200]!r} is listed as a file and holds other listed files")
    return files


def _is_inner_path(path: str) -> bool:
    """A relative POSIX path to a file below the folder, written the one way we write paths."""
    parts = path.split("/")
    return path != MANIFEST and "\0" not in path and all(part not in ("", ".", "..") for part in parts)


def folders_of(files: Mapping[str, object] | set[str]) -> set[str]:
    """Every folder (relative path) that holds one of ``files``."""
    return {parent.as_posix() for path in files for parent in PurePosixPath(path).parents if parent.parts}


@dataclass(frozen=True)
class Listing:
    """What a folder holds, against its manifest."""

    exists: bool
    manifest: dict[str, str]
    """What the manifest lists (empty for a missing or empty folder)."""
    present: dict[str, int]
    """The listed files that are on disk as regular files, with their sizes."""
    foreign: tuple[str, ...]
    """Entries the manifest does not list, sorted (a folder ends in '/'; its content is not listed)."""


def walk(folder: Path, manifest: dict[str, str]) -> Listing:
    """Compare what ``folder`` holds with ``manifest``, without following links or reading files."""
    folders = folders_of(manifest)
    present: dict[str, int] = {}
    foreign: list[str] = []
    for relative, entry in _entries(folder, "", folders):
        mode = entry.stat(follow_symlinks=False).st_mode
        if stat.S_ISDIR(mode):
            if relative not in folders:
                foreign.append(relative + "/")
        elif stat.S_ISREG(mode) and (relative in manifest or relative == MANIFEST):
            if relative != MANIFEST:
                present[relative] = entry.stat(follow_symlinks=False).st_size
        else:  # a file we did not write, a link, a pipe, a device
            foreign.append(relative)
    return Listing(True, manifest, present, tuple(sorted(foreign)))


def _entries(folder: Path, prefix: str, folders: set[str]) -> Iterator[tuple[str, os.DirEntry[str]]]:
    with os.scandir(folder) as listing:
        entries = sorted(listing, key=lambda entry: entry.name)
    for entry in entries:
        relative = prefix + entry.name
        yield relative, entry
        if relative in folders and entry.is_dir(follow_symlinks=False):
            yield from _entries(Path(entry.path), relative + "/", folders)


def first_entries(folder: Path, limit: int = 1000) -> list[str]:
    """Up to ``limit`` names in ``folder``, sorted, folders ending in '/': enough to say what is in the way."""
    names: list[str] = []
    with os.scandir(folder) as listing:
        for entry in listing:
            names.append(entry.name + ("/" if entry.is_dir(follow_symlinks=False) else ""))
            if len(names) >= limit:
                break
    return sorted(names)
