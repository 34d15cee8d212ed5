"""What the reader refuses, each refusal worded once, for both engines.

The catalogue is data typed by hand, so the reader refuses what YAML allows but
a catalogue never needs and what silently changes meaning:

- anchors, aliases and tags (an alias bomb is refused at its first anchor,
  before anything walks it);
- duplicate keys, keys that are lists or mappings, nesting deeper than MAX_DEPTH,
  more than one document, more than MAX_VALUES values, text that is not UTF-8;
- a ``%YAML`` directive for any version but 1.2 (``yaml-version``): the file is read by
  YAML 1.2's rules or not at all;
- plain scalars that YAML 1.1 reads as another boolean, number or date than YAML 1.2
  does (``Yes``, ``on``, ``1:30``, ``017``, ``2026-01-01``...), and numbers too long
  or too large to hold exactly. Scalars resolve as in YAML 1.2's core schema, so the
  states ``yes`` and ``no`` stay the strings the schema expects; ``scalars.read_plain``
  says how, and which codes say what.

A file gets its first MAX_PROBLEMS_PER_FILE YAML problems and then one
``too-many-problems`` that counts the rest, in bounded time and memory.

Each rule here returns a ``Trouble`` (the message and the code); an engine adds its
place. A refusal (``Refused``) stops reading the file; the other troubles are collected.
"""

from __future__ import annotations

from ...problems import MAX_PROBLEMS_PER_FILE, Path_, Problem, cut
from .scalars import Trouble

MAX_DEPTH = 64
"""Deeper nesting than any catalogue needs; refusing it bounds the reader's memory."""

MAX_VALUES = 200_000
"""A catalogue file holds hundreds of values; this bounds the time and memory of reading any file."""

Position = tuple[int, int]


class Refused(Exception):
    """Reading stops here: the file holds what a catalogue must not (an anchor, a tag...)."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem


def anchor(name: str) -> Trouble:
    return f"anchor '&{name}' is not allowed; write each value out in full", "yaml-anchor"


def alias(name: str) -> Trouble:
    return f"alias '*{name}' is not allowed; write the value out in full", "yaml-alias"


def tag(name: str) -> Trouble:
    return f"tag '{name}' is not allowed; remove it (quote the value if it is text)", "yaml-tag"


def complex_key() -> Trouble:
    return "a key must be plain text, not a list or mapping", "yaml-complex-key"


def too_deep() -> Trouble:
    return f"nesting deeper than {MAX_DEPTH} levels is not allowed", "yaml-too-deep"


def second_document() -> Trouble:
    return "a file holds one YAML document; remove the second '---'", "yaml-multiple-documents"


def version(found: str) -> Trouble:
    return (
        f"'%YAML {found}' asks for the rules of YAML {found}, which read values differently; "
        "catalogue files are YAML 1.2: remove the directive, or write %YAML 1.2",
        "yaml-version",
    )


def duplicate_key(key: str, first_line: int) -> Trouble:
    return f"duplicate key '{cut(key)}' (first given on line {first_line}); keep one", "yaml-duplicate-key"


def too_many_values(bound: int) -> Trouble:
    return (
        f"the file holds up to {bound:,} values, more than the {MAX_VALUES:,} a catalogue or setup file may hold; "
        "split it or remove what does not belong",
        "too-many-values",
    )


def values_at_most(text: str) -> int:
    """An upper bound of the values in ``text``: each needs a line, a comma or a bracket of its own."""
    return text.count("\n") + text.count("\r") + text.count(",") + text.count("[") + text.count("{") + 1


class Problems:
    """A file's YAML problems: the first MAX_PROBLEMS_PER_FILE, then one that counts the rest
    (a file of 10,000 duplicate keys gives 101, in bounded memory)."""

    __slots__ = ("file", "shown", "hidden", "first_hidden")

    def __init__(self, file: str) -> None:
        self.file = file
        self.shown: list[Problem] = []
        self.hidden = 0
        self.first_hidden: tuple[int, int, Path_] = (1, 1, ())

    def add(self, line: int, column: int, path: Path_, message: str, code: str) -> None:
        if len(self.shown) < MAX_PROBLEMS_PER_FILE:
            self.shown.append(Problem(self.file, line, column, path, message, code))
            return
        if not self.hidden:
            self.first_hidden = (line, column, path)
        self.hidden += 1

    def all(self) -> list[Problem]:
        if not self.hidden:
            return self.shown
        more = Problem(
            self.file,
            *self.first_hidden,
            f"{self.hidden:,} more YAML problems in this file, from here on, are not shown; "
            f"mend the first {MAX_PROBLEMS_PER_FILE} and validate again",
            "too-many-problems",
        )
        return [*self.shown, more]
