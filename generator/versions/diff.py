"""Two exports compared in the catalogue's own words: every difference classified by the one table.

``compare`` takes two exports ({file path: parsed JSON}) and gives a ``Comparison``: the changes, each
with its rule, class, a line in the catalogue's words, its dotted subject, its place in both exports
and an RFC 6902 patch that turns the older file's value into the newer one; and the differences the
table does not classify, which make the comparison fail rather than be silently missed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import jsonpatch  # type: ignore[import-untyped]

from . import semver
from .changes import Kind, Rule, rule_for, where_of
from .semver import ChangeClass
from .walk import FILE, IDENTITY, Event, events
from .words import Words

_RENAMED_BY = {
    ("data_types",): "label",
    ("system_kinds",): "label",
    ("systems",): "name",
    ("connection_order", "steps"): "label",
}
"""The lists in which a removal and an addition with the same label are one item whose id changed."""


IDENTITIES = tuple(dict.fromkeys(IDENTITY.values()))


@dataclass(frozen=True)
class Change:
    rule: str
    change_class: ChangeClass
    text: str
    subject: str
    preset: str | None
    file: str
    old_pointer: str | None
    new_pointer: str | None
    old: Any
    new: Any
    patch: list[dict[str, Any]] | None
    """RFC 6902 operations on the older file; None for a file removed as a whole."""

    def as_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "class": self.change_class,
            "text": self.text,
            "subject": self.subject,
            "preset": self.preset,
            "file": self.file,
            "old_pointer": self.old_pointer,
            "new_pointer": self.new_pointer,
            "old": self.old,
            "new": self.new,
            "patch": self.patch,
        }


@dataclass(frozen=True)
class Unclassified:
    """A difference no rule of the table covers: the table must be extended before it can be released."""

    file: str
    path: tuple[str, ...]
    kind: str
    new_pointer: str | None
    old_pointer: str | None


@dataclass(frozen=True)
class Comparison:
    changes: tuple[Change, ...]
    unclassified: tuple[Unclassified, ...]

    @property
    def change_class(self) -> ChangeClass | None:
        return semver.largest([c.change_class for c in self.changes])

    def count(self, change_class: ChangeClass) -> int:
        return sum(1 for c in self.changes if c.change_class == change_class)


def comparable(export: dict[str, Any]) -> dict[str, Any]:
    """The documents of an export that the comparison reads: the schemas follow from them."""
    return {path: doc for path, doc in sorted(export.items()) if not path.startswith("schema/")}


def compare(old: dict[str, Any], new: dict[str, Any]) -> Comparison:
    words = Words(old, new)
    changes: list[Change] = []
    unclassified: list[Unclassified] = []
    for event, kind in _with_renames(events(old, new), old, new):
        where = "file" if event.path == (FILE,) else where_of(event)
        path = tuple(event.file.split("/")) if where == "file" else event.path
        test_old, test_new = _tested(event, kind, new)
        rule = rule_for(where, path, kind, test_old, test_new)
        if rule is None:
            unclassified.append(Unclassified(event.file, event.path, kind, event.new_pointer, event.old_pointer))
        elif rule.change_class is not None:
            changes.append(_change(rule, event, kind, words, old))
    return Comparison(tuple(changes), tuple(unclassified))


def _tested(event: Event, kind: str, new: dict[str, Any]) -> tuple[Any, Any]:
    """The values a rule's test reads: for an exception added, the flow's states and the exception's."""
    if kind == "added" and len(event.path) == 4 and event.path[0] == "flows" and event.path[2] == "exceptions":
        flow = new[event.file]["flows"][event.path[1]]
        return {"import": flow["import"], "export": flow["export"]}, event.new
    return event.old, event.new


def _with_renames(found: Iterable[Event], old: dict[str, Any], new: dict[str, Any]) -> list[tuple[Event, Kind]]:
    """The events, a removal and an addition of one item under another id joined as one renaming."""
    listed = list(found)
    removals = [e for e in listed if e.kind == "removed"]
    renamed: dict[int, Event] = {}
    used: set[int] = set()
    for event in listed:
        if event.kind != "added":
            continue
        gone = next((g for g in removals if id(g) not in used and _same_item(g, event)), None)
        if gone is not None:
            used.add(id(gone))
            renamed[id(event)] = Event(
                event.file, event.path, "changed", gone.old, event.new, gone.old_pointer, event.new_pointer
            )
    return [(renamed[id(e)], "renamed") if id(e) in renamed else (e, e.kind) for e in listed if id(e) not in used]


def _same_item(gone: Event, added: Event) -> bool:
    """Whether a removal and an addition are one item whose id changed: a preset's file under another
    id with the same name, or an item of a vocabulary list with the same label."""
    if added.path == (FILE,) or gone.path == (FILE,):
        both = added.path == gone.path == (FILE,) and all(e.file.startswith("presets/") for e in (gone, added))
        return both and gone.old.get("name") == added.new.get("name")
    label = _label_field(added)
    return (
        label is not None
        and gone.file == added.file
        and gone.path[:-1] == added.path[:-1]
        and isinstance(gone.old, dict)
        and gone.old.get(label) == added.new.get(label)
    )


def _label_field(event: Event) -> str | None:
    if event.file != "index.json" or not isinstance(event.new, dict):
        return None
    return _RENAMED_BY.get(event.path[:-1])


def _change(rule: Rule, event: Event, kind: str, words: Words, old: dict[str, Any]) -> Change:
    preset = event.file.removeprefix("presets/").removesuffix(".json") if event.file.startswith("presets/") else None
    if kind == "renamed" and event.path == (FILE,):
        preset = event.new.get("id")
    text = rule.text.format(**words.fields(event, kind))
    subject = ".".join(([preset] if preset else []) + ([] if event.path == (FILE,) else list(event.path)))
    return Change(
        rule.id,
        rule.change_class or "patch",
        text,
        subject or "index",
        preset,
        event.file,
        event.old_pointer,
        event.new_pointer,
        event.old,
        event.new,
        _patch(event, kind, old),
    )


def _patch(event: Event, kind: str, old: dict[str, Any]) -> list[dict[str, Any]] | None:
    """The RFC 6902 patch, made and checked by jsonpatch, that turns the older file's value into the newer."""
    if event.path == (FILE,):
        if kind == "removed":
            return None
        operations: list[dict[str, Any]] = [{"op": "add", "path": "", "value": event.new}]
        return _checked(operations)
    at = event.old_pointer or ""
    if kind == "added":
        operations = [{"op": "add", "path": at, "value": event.new}]
    elif kind == "removed":
        operations = [{"op": "remove", "path": at}]
    elif kind == "reordered":
        before = jsonpatch.JsonPointer(at).resolve(old[event.file])
        operations = [{"op": "replace", "path": at, "value": _reordered(before, event.new)}]
    else:
        operations = [{"op": "replace", "path": at, "value": event.new}]
    return _checked(operations)


def _checked(operations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The operations as jsonpatch reads them: it refuses an operation RFC 6902 does not define."""
    patch: list[dict[str, Any]] = jsonpatch.JsonPatch(operations).patch
    return patch


def _reordered(items: list[Any], order: list[str]) -> list[Any]:
    """The older list in the newer order of the items both have; the others keep their places after them."""

    def key(item: Any) -> str:
        if isinstance(item, dict):
            return str(next((item[f] for f in IDENTITIES if f in item), ""))
        return str(item)

    rank = {name: i for i, name in enumerate(order)}
    return sorted(items, key=lambda item: rank.get(key(item), len(rank)))
