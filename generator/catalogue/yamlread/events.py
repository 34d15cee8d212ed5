"""The reference engine: libyaml's event stream, turned into data in one Python loop.

It reads any text and says precisely what is wrong with it (an anchor, a tag, a complex
key, a second document, a version directive, nesting too deep): the fast path
(``compose``) leaves everything it cannot read exactly alike to this loop, and the
position index of every file is built here, from the text that was read.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, NamedTuple, NoReturn

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

from ...problems import Path_, Problem
from . import policy
from .diagnostics import reading_problem, version_problem
from .policy import MAX_DEPTH, Position, Problems, Refused
from .scalars import Trouble, read_plain

try:  # libyaml is several times faster; the pure-Python parser gives the same events.
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]


class Loader(_SafeLoader):
    """PyYAML's safe loader, libyaml's where installed: both engines parse with it."""


Index = tuple[dict[Path_, Position], dict[Path_, Position]]
"""Where each value and each key is written, by path."""


class Reading(NamedTuple):
    """What an engine made of a file's text: its data and problems, or why it stopped."""

    data: Any
    problems: list[Problem]
    complete: bool = True


def read(file: str, text: str) -> Reading:
    """Read ``text`` by the strict event loop; every refusal and YAML error is a located problem."""
    too_deep = flow_too_deep(text)
    if too_deep is not None:
        return Reading(None, [Problem(file, *too_deep, (), *policy.too_deep())], complete=False)
    try:
        data, problems = build(file, parse(text), source_text=text)
    except Refused as refused:
        return Reading(None, [refused.problem], complete=False)
    except yaml.YAMLError as error:
        return Reading(None, [reading_problem(file, error, text)], complete=False)
    return Reading(data, problems)


def index(file: str, text: str) -> Index:
    """The position of every value and key of ``text``, a file that was read without problems
    that stop reading."""
    values: dict[Path_, Position] = {}
    keys: dict[Path_, Position] = {}
    build(file, parse(text), (values, keys))
    return values, keys


def flow_too_deep(text: str) -> Position | None:
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


def parse(text: str) -> Iterator[Event]:
    loader = Loader(text)
    try:
        while loader.check_event():
            event = loader.get_event()
            assert event is not None
            yield event
    finally:
        loader.dispose()


def build(
    file: str, events: Iterator[Event], index: Index | None = None, *, source_text: str = ""
) -> tuple[Any, list[Problem]]:
    """Turn parser events into data, refusing what a catalogue must not contain (``Refused``).

    With ``index``, also record the position of every value and key by path. One flat
    loop over the events: this is the hot path of reading a large catalogue. ``source_text``
    (what the events were parsed from) places a ``%YAML`` directive on its own line.
    """
    problems = Problems(file)
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

    def refuse(event: Event, path: Path_, trouble: Trouble) -> NoReturn:
        raise Refused(Problem(file, *position(event), path, *trouble))

    for parsed in events:
        event: Any = parsed  # the attributes differ by event class; `kind` says which it is
        kind = event.__class__
        if kind is ScalarEvent or kind is MappingStartEvent or kind is SequenceStartEvent:
            if event.anchor is not None:
                refuse(event, here(), policy.anchor(event.anchor))
            tag = event.tag
            if tag is not None and tag != "!" and not (any(event.implicit) if kind is ScalarEvent else event.implicit):
                refuse(event, here(), policy.tag(tag))
            frame = stack[-1] if stack else None
            if kind is ScalarEvent:
                text = event.value
                if frame is not None and frame[2] is None and type(frame[0]) is dict:  # a key
                    path = (*frame[1], text)
                    if text in frame[0]:
                        problems.add(*position(event), path, *policy.duplicate_key(text, frame[3][text]))
                    else:
                        frame[3][text] = event.start_mark.line + 1
                    frame[2] = text
                    if keys is not None:
                        keys.setdefault(path, position(event))
                    continue
                if not event.implicit[0]:  # quoted or block scalar: always text
                    value: Any = text
                else:
                    value, trouble = read_plain(text)
                    if trouble is not None:
                        problems.add(*position(event), here(), *trouble)
            else:
                if frame is not None and frame[2] is None and type(frame[0]) is dict:
                    refuse(event, frame[1], policy.complex_key())
                if len(stack) >= MAX_DEPTH:
                    refuse(event, here(), policy.too_deep())
                value = {} if kind is MappingStartEvent else []
            path = here() if values is not None or kind is not ScalarEvent else ()
            if values is not None:
                values.setdefault(path, position(event))
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
            refuse(event, here(), policy.alias(event.anchor))
        elif kind is DocumentStartEvent:
            documents += 1
            if documents > 1:
                refuse(event, (), policy.second_document())
            if event.version is not None and tuple(event.version) != (1, 2):
                raise Refused(version_problem(file, source_text, event.start_mark.line if event.start_mark else 0))
    return root, problems.all()


def position(event: Event) -> Position:
    mark = event.start_mark
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
