"""Strict YAML reading, with the position of every key and value kept.

The catalogue is data typed by hand, so the reader refuses what YAML allows but
a catalogue never needs and what silently changes meaning:

- anchors, aliases and tags (an alias bomb is refused at its first anchor,
  before anything walks it);
- duplicate keys, more than one document, text that is not UTF-8;
- the YAML 1.1 booleans (``Yes``, ``No``, ``on``, ``off``...), which other tools
  read as true or false. Scalars otherwise resolve as in YAML 1.2's core schema,
  so the states ``yes`` and ``no`` stay the strings the schema expects.

Parsing itself is libyaml's (PyYAML's C parser where installed); this module
only turns its event stream into plain data plus a position index.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    CollectionStartEvent,
    DocumentStartEvent,
    Event,
    MappingEndEvent,
    MappingStartEvent,
    NodeEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)

from .problems import Path_, Problem

try:  # libyaml is several times faster; the pure-Python parser gives the same events.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_DEPTH = 64
"""Deeper nesting than any catalogue needs; refusing it bounds the reader's memory."""

Position = tuple[int, int]

_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_TRUE = re.compile(r"^(?:true|True|TRUE)$")
_FALSE = re.compile(r"^(?:false|False|FALSE)$")
_INT = re.compile(r"^[-+]?[0-9]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_SPECIAL_FLOAT = {
    ".inf": float("inf"), ".Inf": float("inf"), ".INF": float("inf"),
    "+.inf": float("inf"), "+.Inf": float("inf"), "+.INF": float("inf"),
    "-.inf": float("-inf"), "-.Inf": float("-inf"), "-.INF": float("-inf"),
    ".nan": float("nan"), ".NaN": float("nan"), ".NAN": float("nan"),
}  # fmt: skip
# YAML 1.1 booleans that YAML 1.2 reads as text. `yes` and `no` are the schema's own
# states and are read as those strings; the other spellings are refused.
_YAML11_BOOLEANS = frozenset({"Yes", "YES", "No", "NO", "on", "On", "ON", "off", "Off", "OFF", "y", "Y", "n", "N"})


@dataclass
class Document:
    """One YAML file as plain data, with the line and column of each key and value."""

    file: str
    data: Any = None
    complete: bool = True
    """False when reading stopped early (syntax, encoding...): ``data`` is then not the file."""
    values: dict[Path_, Position] = field(default_factory=dict)
    keys: dict[Path_, Position] = field(default_factory=dict)

    def position(self, path: Path_, *, key: bool = False) -> Position:
        """Where ``path`` is written, or the nearest enclosing place that exists."""
        if key and path in self.keys:
            return self.keys[path]
        while path:
            if path in self.values:
                return self.values[path]
            path = path[:-1]
        return self.values.get((), (1, 1))

    def problem(self, path: Path_, message: str, code: str, *, key: bool = False, **extra: Any) -> Problem:
        line, column = self.position(path, key=key)
        return Problem(self.file, line, column, path, message, code, **extra)


class _Refused(Exception):
    def __init__(self, problem: Problem) -> None:
        self.problem = problem


def read_yaml(file: str, raw: bytes) -> tuple[Document, list[Problem]]:
    """Read one file's bytes. Problems come back as values; nothing is raised."""
    document = Document(file)
    text, problem = _decode(file, raw)
    if problem is not None:
        document.complete = False
        return document, [problem]
    builder = _Builder(document)
    try:
        for event in _events(text):
            builder.feed(event)
    except _Refused as refused:
        document.complete = False
        return document, [refused.problem]
    except yaml.MarkedYAMLError as error:
        document.complete = False
        return document, [_syntax_problem(file, error, text)]
    except yaml.YAMLError as error:  # a reader error without a mark
        document.complete = False
        return document, [Problem(file, 1, 1, (), f"not readable as YAML: {error}", "yaml-syntax")]
    return document, builder.problems


def _events(text: str) -> Iterator[Event]:
    loader = _Loader(text)
    try:
        while loader.check_event():
            event = loader.get_event()
            assert event is not None
            yield event
    finally:
        loader.dispose()


def _decode(file: str, raw: bytes) -> tuple[str, Problem | None]:
    if raw.startswith(b"\xef\xbb\xbf"):  # a UTF-8 byte order mark is harmless: drop it
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        byte = raw[error.start]
        return "", Problem(
            file, line, column, (),
            f"byte 0x{byte:02x} is not UTF-8 text; save the file as UTF-8",
            "encoding",
        )  # fmt: skip


_HINTS = {
    "mapping values are not allowed": "check the indentation, or quote a value that contains ': '",
    "could not find expected ':'": "this line needs ': ' after its key, or more indentation to continue the text above",
}


# Where libyaml notices these, the mistake is at the start of what it was reading (the
# key without its colon, the bracket never closed), not where it gave up.
_REPORT_AT_CONTEXT = ("while scanning a simple key", "while parsing a flow", "while scanning a quoted scalar")


def _syntax_problem(file: str, error: yaml.MarkedYAMLError, text: str) -> Problem:
    mark = error.problem_mark or error.context_mark
    if mark is not None and _char_at(text, mark.line, mark.column) == "\t":
        return Problem(
            file,
            mark.line + 1,
            mark.column + 1,
            (),
            "YAML syntax: a tab character cannot indent YAML; indent with spaces",
            "yaml-syntax",
        )
    what = error.problem or "invalid YAML"
    hint = next((h for start, h in _HINTS.items() if what.startswith(start)), None)
    if hint:
        what = f"{what}; {hint}"
    context, opened = error.context or "", error.context_mark
    if opened is not None and mark is not None and context.startswith(_REPORT_AT_CONTEXT):
        what = f"{what} ({context.removeprefix('while ')} that starts here; parsing stopped at line {mark.line + 1}, column {mark.column + 1})"
        mark = opened
    elif (
        context and opened is not None and mark is not None and (opened.line, opened.column) != (mark.line, mark.column)
    ):
        what = f"{what} ({context.removeprefix('while ')} that starts at line {opened.line + 1}, column {opened.column + 1})"
    elif context:
        what = f"{what} ({context.removeprefix('while ')})"
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    return Problem(file, line, column, (), f"YAML syntax: {what}", "yaml-syntax")


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.split("\n", line + 1)
    return lines[line][column : column + 1] if line < len(lines) else ""


@dataclass
class _Frame:
    container: dict[str, Any] | list[Any]
    path: Path_
    pending_key: str | None = None
    key_lines: dict[str, int] = field(default_factory=dict)


class _Builder:
    """Turns parser events into data, refusing what a catalogue must not contain."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.problems: list[Problem] = []
        self.stack: list[_Frame] = []
        self.documents = 0
        self.done = False

    def feed(self, event: Event) -> None:
        if isinstance(event, DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                self._refuse(
                    event, (), "a file holds one YAML document; remove the second '---'", "yaml-multiple-documents"
                )
            return
        if isinstance(event, AliasEvent):
            self._refuse(
                event,
                self._path(),
                f"alias '*{event.anchor}' is not allowed; write the value out in full",
                "yaml-alias",
            )
        if isinstance(event, NodeEvent):
            self._check_node(event)
        if isinstance(event, ScalarEvent):
            self._scalar(event)
        elif isinstance(event, MappingStartEvent):
            self._open(event, {})
        elif isinstance(event, SequenceStartEvent):
            self._open(event, [])
        elif isinstance(event, (MappingEndEvent, SequenceEndEvent)):
            frame = self.stack.pop()
            if isinstance(frame.container, dict) and frame.pending_key is not None:  # pragma: no cover
                raise AssertionError("parser ended a mapping between key and value")

    def _path(self) -> Path_:
        if not self.stack:
            return ()
        frame = self.stack[-1]
        if isinstance(frame.container, list):
            return (*frame.path, len(frame.container))
        if frame.pending_key is not None:
            return (*frame.path, frame.pending_key)
        return frame.path

    def _check_node(self, event: NodeEvent) -> None:
        if event.anchor is not None:
            self._refuse(
                event,
                self._path(),
                f"anchor '&{event.anchor}' is not allowed; write each value out in full",
                "yaml-anchor",
            )
        tag = getattr(event, "tag", None)
        implicit = event.implicit if isinstance(event, ScalarEvent) else (getattr(event, "implicit", True),)
        if tag is not None and tag != "!" and not any(implicit):
            self._refuse(
                event,
                self._path(),
                f"tag '{tag}' is not allowed; remove it (quote the value if it is text)",
                "yaml-tag",
            )
        if len(self.stack) >= MAX_DEPTH:
            self._refuse(event, self._path(), f"nesting deeper than {MAX_DEPTH} levels is not allowed", "yaml-too-deep")

    def _refuse(self, event: Event, path: Path_, message: str, code: str) -> None:
        raise _Refused(Problem(self.document.file, *_position(event), path, message, code))

    def _scalar(self, event: ScalarEvent) -> None:
        frame = self.stack[-1] if self.stack else None
        position = _position(event)
        if isinstance(frame, _Frame) and isinstance(frame.container, dict) and frame.pending_key is None:
            self._key(frame, event.value, position)
            return
        path = self._path()
        value = self._resolve(event, path, position)
        self._place(value, path, position)

    def _key(self, frame: _Frame, key: str, position: Position) -> None:
        assert isinstance(frame.container, dict)
        path = (*frame.path, key)
        if key in frame.container:
            first = frame.key_lines[key]
            self.problems.append(
                Problem(
                    self.document.file,
                    *position,
                    path,
                    f"duplicate key '{key}' (first given on line {first}); keep one",
                    "yaml-duplicate-key",
                )
            )
        frame.pending_key = key
        frame.key_lines.setdefault(key, position[0])
        self.document.keys.setdefault(path, position)

    def _resolve(self, event: ScalarEvent, path: Path_, position: Position) -> Any:
        text = event.value
        if not event.implicit[0]:  # quoted or block scalar: always text
            return text
        if text in _YAML11_BOOLEANS:
            self.problems.append(
                Problem(
                    self.document.file,
                    *position,
                    path,
                    f"'{text}' is a boolean in YAML 1.1 and is read differently by other tools; "
                    "write 'yes' or 'no' for a state, true or false for a flag, or quote it for text",
                    "yaml-ambiguous-boolean",
                )  # fmt: skip
            )
            return text
        if _NULL.match(text):
            return None
        if _TRUE.match(text):
            return True
        if _FALSE.match(text):
            return False
        if _INT.match(text):
            return int(text)
        if _FLOAT.match(text):
            return float(text)
        if text in _SPECIAL_FLOAT:
            return _SPECIAL_FLOAT[text]
        return text

    def _place(self, value: Any, path: Path_, position: Position) -> None:
        self.document.values.setdefault(path, position)
        if not self.stack:
            self.document.data = value
            return
        frame = self.stack[-1]
        if isinstance(frame.container, list):
            frame.container.append(value)
        else:
            assert frame.pending_key is not None
            frame.container[frame.pending_key] = value
            frame.pending_key = None

    def _open(self, event: CollectionStartEvent, container: dict[str, Any] | list[Any]) -> None:
        if self.stack and isinstance(self.stack[-1].container, dict) and self.stack[-1].pending_key is None:
            self._refuse(
                event, self.stack[-1].path, "a key must be plain text, not a list or mapping", "yaml-complex-key"
            )
        path = self._path()
        position = _position(event)
        self._place(container, path, position)
        self.stack.append(_Frame(container, path))


def _position(event: Event) -> Position:
    mark = event.start_mark
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
