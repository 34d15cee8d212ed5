"""Strict YAML reading, with the position of every key and value kept.

``read_yaml`` turns a file's bytes into a ``Document`` (plain data, found positions) and
located problems; what it refuses, and how each refusal is worded, is ``policy``, written
once for both engines:

- ``compose``: the fast path, libyaml composing the node tree in C, for plain text;
- ``events``: the reference, one Python loop over libyaml's events, for any text, and the
  only one that builds the position index.

``diagnostics`` turns libyaml's errors into located problems; ``scalars`` says what a plain
scalar means (YAML 1.2's core schema, checked against YAML 1.1). The two engines must read
the same text to the same data and problems; ``CONNECT_PRESETS_REFERENCE=1`` (see
``generator.fastpaths``) takes the reference engine only, and the tests run both.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ... import fastpaths
from ...problems import Path_, Problem
from . import compose, events
from .diagnostics import decode
from .events import Index
from .policy import MAX_DEPTH, MAX_VALUES, Position, too_many_values, values_at_most

__all__ = ["MAX_DEPTH", "MAX_VALUES", "Document", "Position", "read_yaml"]


@dataclass
class Document:
    """One YAML file as plain data. The line and column of each key and value are found
    on demand (reading positions for every node of a large catalogue would cost more
    than parsing it, and almost every file has no problem to point at)."""

    file: str
    data: Any = None
    complete: bool = True
    """False when reading stopped early (syntax, encoding...): ``data`` is then not the file."""
    text: str = ""
    """The text that was read: positions are found in it, never in the file as it is now."""
    _index: Index | None = field(default=None, repr=False)

    @property
    def values(self) -> dict[Path_, Position]:
        return self._positions()[0]

    @property
    def keys(self) -> dict[Path_, Position]:
        return self._positions()[1]

    def _positions(self) -> Index:
        if self._index is None:
            self._index = events.index(self.file, self.text) if self.complete else ({}, {})
        return self._index

    def position(self, path: Path_, *, key: bool = False) -> Position:
        """Where ``path`` is written, or the nearest enclosing place that exists."""
        values, keys = self._positions()
        if key and path in keys:
            return keys[path]
        while path:
            if path in values:
                return values[path]
            path = path[:-1]
        return values.get((), (1, 1))

    def problem(self, path: Path_, message: str, code: str, *, key: bool = False, **extra: Any) -> Problem:
        line, column = self.position(path, key=key)
        return Problem(self.file, line, column, path, message, code, **extra)


def read_yaml(file: str, raw: bytes) -> tuple[Document, list[Problem]]:
    """Read one file's bytes. Problems come back as values; nothing is raised, but a
    ``UsageError`` for a ``CONNECT_PRESETS_REFERENCE`` that is neither 0 nor 1."""
    reference = fastpaths.reference()
    document = Document(file)
    text, problem = decode(file, raw)
    if problem is not None:
        document.complete = False
        return document, [problem]
    document.text = text
    bound = values_at_most(text)
    if bound > MAX_VALUES:
        document.complete = False
        return document, [Problem(file, 1, 1, (), *too_many_values(bound))]
    reading = None if reference else compose.read(file, text)
    if reading is None:
        reading = events.read(file, text)
    document.data, document.complete = reading.data, reading.complete
    return document, reading.problems
