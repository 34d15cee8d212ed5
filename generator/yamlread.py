"""Strict YAML reading, with the position of every key and value kept.

The catalogue is data typed by hand, so the reader refuses what YAML allows but
a catalogue never needs and what silently changes meaning:

- anchors, aliases and tags (an alias bomb is refused at its first anchor,
  before anything walks it);
- duplicate keys, more than one document, text that is not UTF-8;
- a ``%YAML`` directive for any version but 1.2 (``yaml-version``): the file is read by
  YAML 1.2's rules or not at all;
- plain scalars that YAML 1.1 reads as another boolean, number or date than YAML 1.2
  does (``Yes``, ``on``, ``1:30``, ``017``, ``2026-01-01``...), and numbers too long
  or too large to hold exactly. Scalars resolve as in YAML 1.2's core schema, so the
  states ``yes`` and ``no`` stay the strings the schema expects; ``yamlscalar`` says
  how, and which codes say what.

A file gets its first MAX_PROBLEMS_PER_FILE YAML problems and then one
``too-many-problems`` that counts the rest, in bounded time and memory.

Parsing itself is libyaml's (PyYAML's C parser where installed); this module
only turns its event stream into plain data plus a position index.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, NoReturn

import yaml
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    Event,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)
from yaml.nodes import ScalarNode, SequenceNode

from .problems import MAX_PROBLEMS_PER_FILE, Path_, Problem, cut
from .yamlerrors import decode, place_of, syntax_problem, version_problem
from .yamlscalar import NUMBER_START, PLAIN_WORDS, YAML11_BOOLEANS, read_plain, resolve

try:  # libyaml is several times faster; the pure-Python parser gives the same events.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_DEPTH = 64
"""Deeper nesting than any catalogue needs; refusing it bounds the reader's memory."""

MAX_VALUES = 200_000
"""A catalogue file holds hundreds of values; this bounds the time and memory of reading any file."""

Position = tuple[int, int]

# Their former names here, which the property tests (tests/test_fuzz.py) import.
_YAML11_BOOLEANS = YAML11_BOOLEANS
_resolve = resolve


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
    _index: tuple[dict[Path_, Position], dict[Path_, Position]] | None = field(default=None, repr=False)

    @property
    def values(self) -> dict[Path_, Position]:
        return self._positions()[0]

    @property
    def keys(self) -> dict[Path_, Position]:
        return self._positions()[1]

    def _positions(self) -> tuple[dict[Path_, Position], dict[Path_, Position]]:
        if self._index is None:
            values: dict[Path_, Position] = {}
            keys: dict[Path_, Position] = {}
            if self.complete:
                _build(self.file, _events(self.text), (values, keys))
            self._index = (values, keys)
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


class _Refused(Exception):
    def __init__(self, problem: Problem) -> None:
        self.problem = problem


def read_yaml(file: str, raw: bytes) -> tuple[Document, list[Problem]]:
    """Read one file's bytes. Problems come back as values; nothing is raised."""
    document = Document(file)
    text, problem = decode(file, raw)
    if problem is not None:
        document.complete = False
        return document, [problem]
    document.text = text
    bound = _values_at_most(text)
    if bound > MAX_VALUES:
        document.complete = False
        return document, [
            Problem(
                file,
                1,
                1,
                (),
                f"the file holds up to {bound:,} values, more than the {MAX_VALUES:,} a catalogue or setup file may hold; split it or remove what does not belong",
                "too-many-values",
            )
        ]
    if _plain(text):
        composed = _read_composed(file, text)
        if composed is not None:
            document.data, problems = composed
            return document, problems
    too_deep = _flow_too_deep(text)
    if too_deep is not None:
        document.complete = False
        return document, [
            Problem(file, *too_deep, (), f"nesting deeper than {MAX_DEPTH} levels is not allowed", "yaml-too-deep")
        ]
    try:
        document.data, problems = _build(file, _events(text), source_text=text)
    except _Refused as refused:
        document.complete = False
        return document, [refused.problem]
    except yaml.MarkedYAMLError as error:
        document.complete = False
        return document, [syntax_problem(file, error, text, MAX_DEPTH)]
    except yaml.reader.ReaderError as error:  # a character YAML does not allow; it carries no mark
        document.complete = False
        line, column = place_of(text[: error.position])
        return document, [
            Problem(
                file,
                line,
                column,
                (),
                f"the character U+{error.character:04X} is not allowed in YAML text; remove it",
                "yaml-character",
            )
        ]
    except yaml.YAMLError as error:
        document.complete = False
        return document, [
            Problem(file, 1, 1, (), f"not readable as YAML: {' '.join(str(error).split())}", "yaml-syntax")
        ]
    return document, problems


# The fast path. libyaml composes the node tree in C, several times faster than handing
# each event to Python; it is taken only for text that cannot hold what the event path
# refuses (anchors, aliases, tags, complex keys) and cannot nest deeper than MAX_DEPTH.
# Anything else, and any YAML error, goes through the event path, which says precisely what is wrong.
_NESTING_PREFIX = re.compile(r"^(?:[ ]|- )*", re.MULTILINE)


def _flow_too_deep(text: str) -> Position | None:
    """Where brackets first nest deeper than MAX_DEPTH, outside quotes and comments.

    Checked before parsing: libyaml's scanner reads ahead through a line of brackets, and some
    versions stop it with their own limit before the parser hands over the first event."""
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return None
    depth, quote, comment, line, start = 0, "", False, 1, 0
    for i, char in enumerate(text):
        if char == "\n":
            comment, line, start = False, line + 1, i + 1
        elif comment:
            continue
        elif quote:
            if char == quote and not (quote == '"' and text[i - 1] == "\\"):
                quote = ""
        elif char in "'\"" and (i == start or text[i - 1] in " \t[{,:"):
            quote = char
        elif char == "#" and (i == start or text[i - 1] in " \t"):
            comment = True
        elif char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return line, i - start + 1
        elif char in "]}":
            depth = max(depth - 1, 0)
    return None


def _values_at_most(text: str) -> int:
    """An upper bound of the values in ``text``: each needs a line, a comma or a bracket of its own."""
    return text.count("\n") + text.count("\r") + text.count(",") + text.count("[") + text.count("{") + 1


# A directive starts a line; the event path sees which YAML version it asks for.
_DIRECTIVE = re.compile("(?:^|[\r\n\x85\u2028\u2029])%")


def _plain(text: str) -> bool:
    if "&" in text or "*" in text or "!" in text or "?" in text or "\t" in text:
        return False
    if "%" in text and _DIRECTIVE.search(text):
        return False
    flow_depth = text.count("[") + text.count("{")
    if flow_depth >= MAX_DEPTH:
        return False
    return flow_depth + max(map(len, _NESTING_PREFIX.findall(text)), default=0) < MAX_DEPTH


class _NodeLoader(_Loader):
    """Composes without PyYAML's YAML 1.1 resolvers: scalars are resolved here, as YAML 1.2."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        return ""  # node tags are not used; the fast path only sees text without tags


def _read_composed(file: str, text: str) -> tuple[Any, list[Problem]] | None:
    loader = _NodeLoader(text)
    try:
        root = loader.get_single_node()
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()
    problems = _Problems(file)
    try:
        return (_from_node(file, root, (), problems) if root is not None else None), problems.all()
    except _NotPlain:
        return None


class _NotPlain(Exception):
    """The composed tree holds what only the event path reports precisely (a complex key, deep nesting)."""


def _from_node(file: str, node: Any, path: Path_, problems: _Problems) -> Any:
    if len(path) >= MAX_DEPTH:
        raise _NotPlain
    kind = node.__class__
    if kind is ScalarNode:
        text = node.value
        if node.style:  # quoted or block scalar: always text
            return text
        if text in PLAIN_WORDS:
            return PLAIN_WORDS[text]
        if text[0] not in NUMBER_START and text not in YAML11_BOOLEANS:  # most words: text, nothing to check
            return text
        value, trouble = read_plain(text)
        if trouble is not None:
            problems.add(*_mark(node), path, *trouble)
        return value
    if kind is SequenceNode:
        return [_from_node(file, item, (*path, i), problems) for i, item in enumerate(node.value)]
    mapping: dict[str, Any] = {}
    first_line: dict[str, int] = {}
    for key_node, value_node in node.value:
        if key_node.__class__ is not ScalarNode:
            raise _NotPlain
        key = key_node.value
        if key in mapping:
            problems.add(
                *_mark(key_node),
                (*path, key),
                f"duplicate key '{cut(key)}' (first given on line {first_line[key]}); keep one",
                "yaml-duplicate-key",
            )
        else:
            first_line[key] = key_node.start_mark.line + 1
        mapping[key] = _from_node(file, value_node, (*path, key), problems)
    return mapping


def _mark(node: Any) -> Position:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


class _Problems:
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


def _events(text: str) -> Iterator[Event]:
    loader = _Loader(text)
    try:
        while loader.check_event():
            event = loader.get_event()
            assert event is not None
            yield event
    finally:
        loader.dispose()


def _build(
    file: str,
    events: Iterator[Event],
    index: tuple[dict[Path_, Position], dict[Path_, Position]] | None = None,
    *,
    source_text: str = "",
) -> tuple[Any, list[Problem]]:
    """Turn parser events into data, refusing what a catalogue must not contain.

    With ``index``, also record the position of every value and key by path. One flat
    loop over the events: this is the hot path of reading a large catalogue. ``source_text``
    (what the events were parsed from) places a ``%YAML`` directive on its own line.
    """
    problems = _Problems(file)
    # A frame: [container, its path, the key waiting for its value (mappings), first line of each key].
    stack: list[list[Any]] = []
    root: Any = None
    documents = 0
    values, keys = index if index is not None else (None, None)

    def here() -> Path_:
        if not stack:
            return ()
        container, path, pending, _ = stack[-1]
        if type(container) is list:
            return (*path, len(container))
        return (*path, pending) if pending is not None else path

    def refuse(event: Event, path: Path_, message: str, code: str) -> NoReturn:
        raise _Refused(Problem(file, *_position(event), path, message, code))

    for parsed in events:
        event: Any = parsed  # the attributes differ by event class; `kind` says which it is
        kind = event.__class__
        if kind is ScalarEvent or kind is MappingStartEvent or kind is SequenceStartEvent:
            if event.anchor is not None:
                refuse(
                    event,
                    here(),
                    f"anchor '&{event.anchor}' is not allowed; write each value out in full",
                    "yaml-anchor",
                )
            tag = event.tag
            if tag is not None and tag != "!" and not (any(event.implicit) if kind is ScalarEvent else event.implicit):
                refuse(
                    event, here(), f"tag '{tag}' is not allowed; remove it (quote the value if it is text)", "yaml-tag"
                )
            frame = stack[-1] if stack else None
            if kind is ScalarEvent:
                text = event.value
                if frame is not None and frame[2] is None and type(frame[0]) is dict:  # a key
                    path = (*frame[1], text)
                    if text in frame[0]:
                        problems.add(
                            *_position(event),
                            path,
                            f"duplicate key '{cut(text)}' (first given on line {frame[3][text]}); keep one",
                            "yaml-duplicate-key",
                        )
                    else:
                        frame[3][text] = event.start_mark.line + 1
                    frame[2] = text
                    if keys is not None:
                        keys.setdefault(path, _position(event))
                    continue
                if not event.implicit[0]:  # quoted or block scalar: always text
                    value: Any = text
                elif text in PLAIN_WORDS:
                    value = PLAIN_WORDS[text]
                elif text[0] not in NUMBER_START and text not in YAML11_BOOLEANS:  # most words: text
                    value = text
                else:
                    value, trouble = read_plain(text)
                    if trouble is not None:
                        problems.add(*_position(event), here(), *trouble)
            else:
                if frame is not None and frame[2] is None and type(frame[0]) is dict:
                    refuse(event, frame[1], "a key must be plain text, not a list or mapping", "yaml-complex-key")
                if len(stack) >= MAX_DEPTH:
                    refuse(event, here(), f"nesting deeper than {MAX_DEPTH} levels is not allowed", "yaml-too-deep")
                value = {} if kind is MappingStartEvent else []
            path = here() if values is not None or kind is not ScalarEvent else ()
            if values is not None:
                values.setdefault(path, _position(event))
            if frame is None:
                root = value
            elif type(frame[0]) is list:
                frame[0].append(value)
            else:
                frame[0][frame[2]] = value
                frame[2] = None
            if kind is not ScalarEvent:
                stack.append([value, path, None, {}])
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            stack.pop()
        elif kind is AliasEvent:
            refuse(event, here(), f"alias '*{event.anchor}' is not allowed; write the value out in full", "yaml-alias")
        elif kind is DocumentStartEvent:
            documents += 1
            if documents > 1:
                refuse(event, (), "a file holds one YAML document; remove the second '---'", "yaml-multiple-documents")
            if event.version is not None and tuple(event.version) != (1, 2):
                raise _Refused(version_problem(file, source_text, event.start_mark.line if event.start_mark else 0))
    return root, problems.all()


def _position(event: Event) -> Position:
    mark = event.start_mark
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
