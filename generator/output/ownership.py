"""Which folders are ours to write or check: a path resolved to its real folder, refused when it
is an input of the tool, inside an output, not a folder, or not proven ours by its manifest.

Everything here reads and raises ``WriteError`` (exit 2); ``write.py`` writes, ``drift.py`` compares.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import ToolError, os_reason, shown_path
from .manifest import MANIFEST, Listing, ManifestError, first_entries, read_manifest, walk


class WriteError(ToolError):
    """The target cannot be written or checked (exit 2): it is not ours, it is or holds an input, or the
    system refused it for a reason of the path (no permission). A disk that refuses is an ``OutputError``."""


@dataclass(frozen=True)
class Input:
    """A file or folder the tool reads: an output may neither be inside it nor hold it."""

    label: str
    """How messages name it: 'the catalogue', 'the docs folder'."""
    path: Path


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
    _refuse_inside_an_output(real, checking)
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
            f"connect-presets, which kept no {MANIFEST}: {some(names)}; {what_to_do}"
        )
    what_to_do = (
        "check only a folder that export or build wrote"
        if checking
        else "move them out, or give an empty or new folder"
    )
    return f"'{shown}' holds files that were not generated here (no {MANIFEST}): {some(names)}; {what_to_do}"


def some(names: Sequence[str], shown: int = 5) -> str:
    listed = ", ".join(shown_path(name) for name in names[:shown])
    return listed + (f", and {len(names) - shown} more" if len(names) > shown else "")


def _refuse_inside_an_output(real: Path, checking: bool) -> None:
    owner = _owner_above(real)
    if owner is not None:
        what_to_do = (
            "check that folder as a whole" if checking else "write that folder as a whole, or give a folder outside it"
        )
        raise WriteError(
            f"'{shown_path(real)}' is inside '{shown_path(owner)}', an output folder of connect-presets; {what_to_do}"
        )


def _owner_above(real: Path) -> Path | None:
    """The nearest folder above ``real`` that is an output of ours (it carries a manifest)."""
    for folder in real.parents:
        with contextlib.suppress(OSError):
            if stat.S_ISREG(os.lstat(folder / MANIFEST).st_mode):
                return folder
    return None


def prepare(target: Path, inputs: Sequence[Input]) -> Path:
    """Every check that needs no lock, before anything (a missing parent folder) is created."""
    real = resolve(target)
    if real.parent == real:
        raise WriteError(
            f"'{shown_path(real)}' is the root folder, which has no parent to stage it in; give a folder below it"
        )
    _refuse_inside_an_output(real, checking=False)  # inspect() does it again under the lock
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
