"""Comparing generated output with what is on disk: a hand edit or a stale copy is drift."""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Drift:
    added: tuple[str, ...]
    """Files that would be generated but are missing on disk."""
    removed: tuple[str, ...]
    """Files on disk that would not be generated."""
    changed: tuple[str, ...]

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)


def compare(on_disk: Mapping[str, bytes], generated: Mapping[str, bytes]) -> Drift:
    return Drift(
        added=tuple(sorted(set(generated) - set(on_disk))),
        removed=tuple(sorted(set(on_disk) - set(generated))),
        changed=tuple(sorted(p for p in set(on_disk) & set(generated) if on_disk[p] != generated[p])),
    )


def diff_lines(
    folder: str, on_disk: Mapping[str, bytes], generated: Mapping[str, bytes], drift: Drift
) -> Iterator[str]:
    """A unified diff from what is on disk to what would be generated."""
    for path in drift.added:
        yield f"missing: {folder}/{path}\n"
    for path in drift.removed:
        yield f"not generated: {folder}/{path}\n"
    for path in drift.changed:
        try:
            before = on_disk[path].decode("utf-8").splitlines(keepends=True)
            after = generated[path].decode("utf-8").splitlines(keepends=True)
        except UnicodeDecodeError:
            yield f"binary file differs: {folder}/{path}\n"
            continue
        for line in difflib.unified_diff(before, after, f"{folder}/{path} (on disk)", f"{folder}/{path} (generated)"):
            yield line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"
