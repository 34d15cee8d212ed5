"""The catalogue's vocabulary as typed, immutable objects: data types, kinds of system, named
systems and conditions, and the places where the help page contradicts itself."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DataType:
    id: str
    label: str


@dataclass(frozen=True)
class SystemKind:
    id: str
    label: str


@dataclass(frozen=True)
class NamedSystem:
    """A system the help page names (catalog.yaml ``systems``), such as Tribe CRM: its kind, and the
    exceptions presets make for it. "System" alone, in this code, is a system of an account's setup."""

    id: str
    name: str
    kind: str


@dataclass(frozen=True)
class Condition:
    id: str
    label: str
    cell: str
    """What a table cell says, as the page writes it: 'Yes (when applicable)', 'When available'."""
    footnote: str | None = None
    """The page's footnote to such a cell; None where the page gives none."""


@dataclass(frozen=True)
class Inconsistency:
    """A place where the help page contradicts itself and the catalogue keeps its data."""

    at: str
    """A dotted path in the preset's file, such as ``first_import.orders``."""
    note: str
    rule: str | None = None
    """The validator's warning this acknowledges, if a rule finds it."""
