"""Where a change is written in the newer catalogue: its file, line and column, as every problem is
located. An export's place (``presets/crm.json`` at ``/flows/activities/exceptions/0``) maps to the
catalogue file it is made from and the nearest place there that exists; a side that is only an
export is located in its own files."""

from __future__ import annotations

from dataclasses import dataclass

from ..catalogue.source import Source
from ..problems import Path_
from .diff import Change

_RENAMED = {"import_condition": "import", "export_condition": "export", "page_inconsistencies": "acknowledged"}
"""Export keys that are written under another key in the catalogue."""


@dataclass(frozen=True)
class Place:
    file: str
    line: int
    column: int
    path: Path_


def _segments(pointer: str | None) -> list[str | int]:
    if not pointer:
        return []
    parts = [p.replace("~1", "/").replace("~0", "~") for p in pointer.split("/")[1:]]
    return [int(p) if p.isdigit() else p for p in parts]


def locate(change: Change, source: Source | None, label: str) -> Place:
    """The place of ``change`` in the newer side: ``source`` (its catalogue's documents) or, for a side
    that is an export, its file named under ``label``."""
    return locate_at(change.file, change.new_pointer, source, label)


def locate_at(file: str, pointer: str | None, source: Source | None, label: str) -> Place:
    segments = _segments(pointer)
    if source is None or source.catalog is None:
        return Place(f"{label}/{file}", 1, 1, tuple(segments))
    document = source.catalog
    if file.startswith("presets/"):
        found = source.presets.get(file.removeprefix("presets/").removesuffix(".json"))
        if found is None or pointer is None:  # a preset removed: where the list of presets is
            segments = ["presets"]
        else:
            document = found
    path = tuple(_RENAMED.get(s, s) if isinstance(s, str) else s for s in segments)
    line, column = document.position(path)
    return Place(document.file, line, column, path)
