"""The field tables of the developers' page, read out of the exported JSON Schemas (contract.py).

A table cannot list a field the files lack or miss one they have: it is the schema, read. Each kind of
object gets one table, at the places (dotted paths) where the file has it; each named value type
(a ``$defs`` entry that is no object) one row.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from markupsafe import Markup

Schema = dict[str, Any]
_REF = "#/$defs/"


def code_span(text: str) -> Markup:
    """Literal text in a Markdown code span (tables do not split on a pipe in one), fenced past its backticks."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return Markup(f"{fence}{pad}{text}{pad}{fence}")


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    required: bool
    values: Markup
    meaning: str
    anchor: str
    """The id of the field's row, its permalink (also what makes a table that scrolls keyboard-reachable)."""


def anchor_id(*parts: str) -> Markup:
    return Markup("-".join(p for p in (re.sub(r"[^a-z0-9]+", "-", part.lower()).strip("-") for part in parts) if p))


@dataclass(frozen=True)
class FieldTable:
    """The fields of one kind of object, with the places (dotted paths; ``[]`` an array's items, ``*``
    any data type's key) where the file has such objects."""

    places: tuple[str, ...]
    fields: tuple[Field, ...]


@dataclass(frozen=True)
class ValueType:
    """A named kind of value (a ``$defs`` entry that is no object), such as ``id`` or ``state``."""

    name: str
    type: str
    values: Markup
    meaning: str


def _def_name(node: Schema) -> str | None:
    ref = node.get("$ref")
    return ref.removeprefix(_REF) if isinstance(ref, str) else None


def _non_null(node: Schema) -> tuple[Schema, bool]:
    """A schema without its ``anyOf [..., null]`` and whether null is allowed."""
    options = node.get("anyOf")
    if options is None:
        return node, False
    kept = [o for o in options if o.get("type") != "null"]
    return (kept[0] if len(kept) == 1 else node), len(kept) < len(options)


class SchemaReader:
    """Reads one exported schema: its objects as field tables, its named values as value types."""

    def __init__(self, schema: Schema, prefix: str) -> None:
        self.schema, self.prefix = schema, prefix
        self.defs: dict[str, Schema] = schema.get("$defs", {})

    def resolved(self, node: Schema) -> Schema:
        name = _def_name(node)
        return self.defs[name] if name is not None else node

    def type_words(self, node: Schema) -> str:
        """'string (id)', 'string (label) or null', 'array of string (data-type-id)', 'object'."""
        node, nullable = _non_null(node)
        name = _def_name(node)
        target = self.resolved(node)
        if "const" in target:
            words = {bool: "boolean", int: "integer", str: "string"}[type(target["const"])]
        elif target.get("type") == "array":
            words = f"array of {self.type_words(target['items'])}"
        else:
            words = str(target.get("type", "object"))
        if name is not None and target.get("type") != "object":
            words += f" ({name})"
        return words + (" or null" if nullable else "")

    def values(self, node: Schema, *, own_pattern: bool = True) -> Markup:
        """The values a field may take: its enum or const (through a reference too), its own pattern
        (a named type's pattern is in the value types' table), bounds of items and numbers."""
        node, _ = _non_null(node)
        target = self.resolved(node)
        own = target is node and own_pattern
        parts: list[str] = []
        if target.get("type") == "array":
            inner = self.values(target["items"])
            if inner:
                parts.append(f"each: {inner}")
            if "minItems" in target:
                parts.append(f"at least {target['minItems']}")
        if "const" in target:
            parts.append(str(code_span(json.dumps(target["const"]))))
        if "enum" in target:
            parts.append(", ".join(str(code_span(str(value))) for value in target["enum"]))
        if own and "pattern" in target:
            parts.append(f"pattern {code_span(target['pattern'])}")
        if "minimum" in target:
            parts.append(f"from {target['minimum']}")
        return Markup("; ".join(parts))

    @cached_property
    def tables(self) -> tuple[FieldTable, ...]:
        """Every kind of object, in the order a reader meets it, from the top of the file; objects of
        the same shape (the import and the export condition) share one table."""
        found: list[tuple[list[str], Schema]] = []
        seen: dict[str, int] = {}

        def visit(node: Schema, place: str) -> None:
            node = self.resolved(_non_null(node)[0])
            if node.get("type") == "array":
                visit(node["items"], f"{place}[]")
                return
            properties: dict[str, Schema] = node.get("properties", {})
            if not properties:
                return
            if self._keyed(properties):
                # One table for the keys (the data types), then one for the objects under them all.
                self._add(found, seen, place, node)
                visit(next(iter(properties.values())), f"{place}.*")
                return
            self._add(found, seen, place, node)
            for name, child in properties.items():
                visit(child, f"{place}.{name}" if place else name)

        visit(self.schema, "")
        return tuple(FieldTable(tuple(places), self._fields(node, places[0])) for places, node in found)

    def _keyed(self, properties: dict[str, Schema]) -> bool:
        """Several keys that all hold the same kind of object, each described apart, as `flows` (by data type)."""
        shapes = {json.dumps(child | {"description": ""}, sort_keys=True) for child in properties.values()}
        first = self.resolved(next(iter(properties.values())))
        return len(properties) > 1 and len(shapes) == 1 and "properties" in first

    @staticmethod
    def _add(found: list[tuple[list[str], Schema]], seen: dict[str, int], place: str, node: Schema) -> None:
        # A shape is its fields; descriptions of the object itself differ between places.
        shape = json.dumps({k: v for k, v in node.items() if k != "description"}, sort_keys=True)
        if shape in seen:
            found[seen[shape]][0].append(place)
        else:
            seen[shape] = len(found)
            found.append(([place], node))

    def _fields(self, node: Schema, place: str) -> tuple[Field, ...]:
        required = set(node.get("required", ()))
        fields = []
        keyed = self._keyed(node["properties"])
        for name, child in node["properties"].items():
            values = self.values(child)
            inner = self._object_place(child, f"{place}.*" if keyed else f"{place}.{name}" if place else name)
            if inner is not None:  # where its own fields are listed
                values = Markup("; ").join(v for v in (values, Markup(f"fields: {code_span(inner)}")) if v)
            anchor = anchor_id(self.prefix, place, name)
            fields.append(
                Field(name, self.type_words(child), name in required, values, str(child.get("description", "")), anchor)
            )
        return tuple(fields)

    def _object_place(self, node: Schema, place: str) -> str | None:
        """The place of the table of a field's objects (itself, or its array's items), if it has one."""
        node = self.resolved(_non_null(node)[0])
        if node.get("type") == "array":
            return self._object_place(node["items"], f"{place}[]")
        return place if node.get("properties") else None

    @cached_property
    def value_types(self) -> tuple[ValueType, ...]:
        return tuple(
            ValueType(name, self.type_words(node), self.values(node), str(node.get("description", "")))
            for name, node in self.defs.items()
            if node.get("type") != "object"
        )
