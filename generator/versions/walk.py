"""The raw differences between two exports, before any rule reads them.

Two exports are compared file by file, value by value. Lists whose items have an identity (data
types by id, exceptions by system, …) are compared by that identity, not by position, so that an
insertion is one addition rather than a change of every later item; lists of ids are compared as
sets; a change of their order is one event of its own. Every difference is an ``Event``: where it is
(the file and the path of keys, items named by their identity) and its JSON pointers on both sides,
for the patch and for locating it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

EventKind = Literal["added", "removed", "changed", "reordered"]
Path = tuple[str, ...]

IDENTITY: dict[Path, str] = {
    ("data_types",): "id",
    ("system_kinds",): "id",
    ("systems",): "id",
    ("presets",): "id",
    ("connection_order", "steps"): "id",
    ("connection_order", "page_inconsistencies"): "at",
    ("page_inconsistencies",): "at",
    ("example_systems",): "id",
    ("requires",): "kind",
    ("notes",): "id",
    ("flows", "*", "exceptions"): "system",
    ("schemas",): "path",
}
"""Each list of objects, by its path (``*`` for any key), and the field that names its items."""

FILE = "file"
"""The path of an event about a whole file."""


@dataclass(frozen=True)
class Event:
    file: str
    path: Path
    kind: EventKind
    old: Any
    new: Any
    old_pointer: str | None
    new_pointer: str | None
    """``old_pointer`` is where the difference is in the older document: for an addition, where the
    new value would go; ``new_pointer`` where it is in the newer one: for a removal, the enclosing
    place. A patch is made from the first, a change is located by the second."""


def _identity(path: Path) -> str | None:
    """The identity field of the list at ``path`` (its keyed items' keys dropped), if it has one."""
    for pattern, field in IDENTITY.items():
        if len(pattern) == len(path) and all(p in ("*", q) for p, q in zip(pattern, path, strict=True)):
            return field
    return None


def _escape(segment: str | int) -> str:
    return str(segment).replace("~", "~0").replace("/", "~1")


def events(old: dict[str, Any], new: dict[str, Any]) -> Iterator[Event]:
    """Every difference between two exports, each given as {file path: parsed JSON}."""
    for file in [*new, *(f for f in old if f not in new)]:
        if file not in old:
            yield Event(file, (FILE,), "added", None, new[file], None, "")
        elif file not in new:
            yield Event(file, (FILE,), "removed", old[file], None, "", None)
        else:
            yield from _compare(file, old[file], new[file], (), (), "", "")


def _compare(file: str, old: Any, new: Any, path: Path, shape: Path, old_at: str, new_at: str) -> Iterator[Event]:
    """``path`` names items by identity; ``shape`` is the same path without those names, for IDENTITY."""
    if isinstance(old, dict) and isinstance(new, dict):
        for key in [*new, *(k for k in old if k not in new)]:
            here, old_key, new_key = (*path, key), f"{old_at}/{_escape(key)}", f"{new_at}/{_escape(key)}"
            if key not in old:
                yield Event(file, here, "added", None, new[key], old_key, new_key)
            elif key not in new:
                yield Event(file, here, "removed", old[key], None, old_key, new_at)
            else:
                yield from _compare(file, old[key], new[key], here, (*shape, key), old_key, new_key)
        return
    if isinstance(old, list) and isinstance(new, list):
        field = _identity(shape)
        if field is not None and _all_named(old, field) and _all_named(new, field):
            yield from _compare_items(file, old, new, path, shape, old_at, new_at, field)
            return
        if all(isinstance(v, str) for v in old + new) and len(set(old)) == len(old) and len(set(new)) == len(new):
            yield from _compare_sets(file, old, new, path, old_at, new_at)
            return
    if old != new or type(old) is not type(new):
        yield Event(file, path, "changed", old, new, old_at, new_at)


def _all_named(items: list[Any], field: str) -> bool:
    names = [item.get(field) if isinstance(item, dict) else None for item in items]
    return all(isinstance(n, str) for n in names) and len(set(names)) == len(names)


def _compare_items(
    file: str, old: list[Any], new: list[Any], path: Path, shape: Path, old_at: str, new_at: str, field: str
) -> Iterator[Event]:
    old_keys = [item[field] for item in old]
    new_keys = [item[field] for item in new]
    for index, item in enumerate(new):
        key = item[field]
        if key not in old_keys:
            yield Event(
                file, (*path, key), "added", None, item, f"{old_at}/{min(index, len(old))}", f"{new_at}/{index}"
            )
            continue
        was = old_keys.index(key)
        yield from _compare(file, old[was], item, (*path, key), shape, f"{old_at}/{was}", f"{new_at}/{index}")
    for index, item in enumerate(old):
        if item[field] not in new_keys:
            yield Event(file, (*path, item[field]), "removed", item, None, f"{old_at}/{index}", new_at)
    yield from _order(file, old_keys, new_keys, path, old_at, new_at)


def _compare_sets(file: str, old: list[str], new: list[str], path: Path, old_at: str, new_at: str) -> Iterator[Event]:
    for index, value in enumerate(new):
        if value not in old:
            yield Event(
                file, (*path, value), "added", None, value, f"{old_at}/{min(index, len(old))}", f"{new_at}/{index}"
            )
    for index, value in enumerate(old):
        if value not in new:
            yield Event(file, (*path, value), "removed", value, None, f"{old_at}/{index}", new_at)
    yield from _order(file, old, new, path, old_at, new_at)


def _order(file: str, old: list[str], new: list[str], path: Path, old_at: str, new_at: str) -> Iterator[Event]:
    kept_old = [k for k in old if k in new]
    kept_new = [k for k in new if k in old]
    if kept_old != kept_new:
        yield Event(file, path, "reordered", kept_old, kept_new, old_at, new_at)
