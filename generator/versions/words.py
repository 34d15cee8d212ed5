"""The words of a change's line: places, items and values named as the catalogue names them.

A path such as ``flows.contacts.export`` in the Marketplace preset's file reads "Marketplace ·
Contacts · export"; a state reads as the page's cell ("yes", "no", or the condition's label); a period
as "7 days". Labels come from the newer export, or the older one for what was removed.
"""

from __future__ import annotations

from typing import Any

from ..catalogue.model import duration_parts
from ..printable import one_line
from ..wording import WHEN_POSSIBLE, parts_text, trim
from .walk import FILE, Event

_SECTIONS = {
    "data_types": "Data types",
    "system_kinds": "Kinds of system",
    "systems": "Systems",
    "presets": "Presets",
    "connection_order": "Connection order",
    "first_step": "first step",
    "if_added_later": "if added later",
}
_LISTS = {"data_types": "label", "system_kinds": "label", "systems": "name", "steps": "label"}
_SETS = ("kinds", "presets", "default_source_of", "adjusts", "may_be_only_source_of", "suggest_presets", "schemas")
_SHOWN = 60
"""Characters of a text value shown in a line; the JSON output has the whole value."""


class Words:
    def __init__(self, old: dict[str, Any], new: dict[str, Any]) -> None:
        self.old, self.new = old, new
        self.labels: dict[tuple[str, str], str] = {}
        for export in (old, new):  # the newer label wins
            index = export.get("index.json", {})
            for section, field in (("data_types", "label"), ("system_kinds", "label"), ("systems", "name")):
                for item in _items(index.get(section)):
                    self.labels[(section, str(item.get("id")))] = str(item.get(field))
            for step in _items(index.get("connection_order", {}).get("steps")):
                self.labels[("steps", str(step.get("id")))] = str(step.get("label"))
            for path, document in export.items():
                if path.startswith("presets/") and isinstance(document, dict):
                    self.labels[("presets", str(document.get("id")))] = str(document.get("name"))

    def label(self, section: str, key: str) -> str:
        return self.labels.get((section, key), key)

    def fields(self, event: Event, kind: str) -> dict[str, str]:
        """{place}, {at} (the enclosing place), {item} (the item added or removed), {old}, {new}."""
        path = () if event.path == (FILE,) else event.path
        head = self._file(event)
        item = self._item(event, path, kind)
        parts = self._parts(path)
        whole = " · ".join(head + parts) or "Index"
        parent = " · ".join(head + parts[:-1]) or "Index"
        keyed = kind in ("added", "removed", "renamed")
        if event.path == (FILE,) and kind == "renamed":
            old_value, new_value = str(event.old.get("id")), str(event.new.get("id"))
        elif kind == "renamed":
            old_value, new_value = str(event.old.get("id")), str(event.new.get("id"))
        else:
            old_value, new_value = self._value(event, event.old, self.old), self._value(event, event.new, self.new)
        return {
            "place": parent if keyed and path else whole,
            "at": parent,
            "item": item,
            "old": old_value,
            "new": new_value,
        }

    def _file(self, event: Event) -> list[str]:
        if event.file == "index.json":
            return []
        stem = event.file.removeprefix("presets/").removesuffix(".json")
        return [self.label("presets", stem)]

    def _parts(self, path: tuple[str, ...]) -> list[str]:
        """One part per place: a field, or a keyed item (a data type's flows, an exception), or a set's element."""
        parts: list[str] = []
        index = 0
        while index < len(path):
            segment, following = path[index], path[index + 1] if index + 1 < len(path) else None
            index += 1
            if following is None:
                parts.append(_SECTIONS.get(segment, segment.replace("_", " ")))
                continue
            index += 1
            if segment in ("flows", "first_import"):
                parts.append(self.label("data_types", following))
            elif segment in ("data_types", "system_kinds", "systems"):
                parts += [_SECTIONS[segment], self.label(segment, following)]
            elif segment == "steps":
                parts.append(self.label("steps", following))
            elif segment == "exceptions":
                parts.append(f"exception for {self.label('systems', following)}")
            elif segment in ("example_systems", "requires", "notes", "page_inconsistencies"):
                parts.append(self._keyed(segment, following))
            elif segment in _SETS:
                parts.append(segment.replace("_", " "))
            else:
                parts.append(_SECTIONS.get(segment, segment.replace("_", " ")))
                index -= 1
        return parts

    def _keyed(self, section: str, key: str) -> str:
        if section == "example_systems":
            return f"example {self.label('systems', key)}"
        if section == "requires":
            return f"requirement of {self.label('system_kinds', key)}"
        if section == "notes":
            return "note"
        return f"page inconsistency at {key}"

    def _item(self, event: Event, path: tuple[str, ...], kind: str) -> str:
        if not path:
            return ""
        section, key = (path[-2] if len(path) > 1 else ""), path[-1]
        if section in _LISTS:
            return self.label(section, key)
        if section in ("kinds",):
            return self.label("system_kinds", key)
        if section in ("default_source_of", "adjusts", "may_be_only_source_of", "flows", "first_import"):
            return self.label("data_types", key)
        if section in ("presets", "suggest_presets"):
            return self.label("presets", key)
        if section in ("exceptions", "example_systems"):
            return self.label("systems", key)
        if section == "requires":
            return self.label("system_kinds", key)
        if section == "notes":
            note = event.new if event.new is not None else event.old
            return _short(str(note.get("text", key))) if isinstance(note, dict) else key
        return key

    def _value(self, event: Event, value: Any, export: dict[str, Any]) -> str:
        path = event.path
        if value is None:
            return "none"
        if isinstance(value, bool):
            return "yes" if value else "no"
        if path and path[0] == "first_import":
            if isinstance(value, dict):
                text = _period(str(value.get("period")))
                return text + (WHEN_POSSIBLE if value.get("when_possible") else "")
            if path[-1] == "period":
                return _period(str(value))
        if value == "conditional" and path and path[0] == "flows" and len(path) == 3:
            flow = export.get(event.file, {}).get("flows", {}).get(path[1], {})
            condition = flow.get(f"{path[2]}_condition") or {}
            return str(condition.get("label", "conditional"))
        if isinstance(value, dict) and path and path[0] == "flows" and len(path) == 2:
            return f"import {value.get('import')}, export {value.get('export')}"
        if isinstance(value, str):
            return _short(value)
        return _short(str(value))


def _items(value: Any) -> list[dict[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _period(period: str) -> str:
    try:
        return parts_text(duration_parts(period))
    except AssertionError:
        return period


def _short(text: str) -> str:
    text = one_line(trim(text))
    return text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"
