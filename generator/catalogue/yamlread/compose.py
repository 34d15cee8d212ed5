"""The fast path: libyaml composes the node tree in C, several times faster than handing
each event to Python.

It is taken only for text that cannot hold what the event loop refuses (anchors, aliases,
tags, complex keys, directives) and cannot nest deeper than MAX_DEPTH (``applies``), and
it reads such text exactly as the event loop does, through the same policy. Anything else,
and any YAML error, it leaves to the event loop (``read`` gives None), which says
precisely what is wrong. ``CONNECT_PRESETS_REFERENCE=1`` (``generator.fastpaths``) turns it off.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.nodes import ScalarNode, SequenceNode

from ...problems import Path_
from . import policy
from .events import Loader, Reading
from .policy import MAX_DEPTH, Position, Problems
from .scalars import NUMBER_START, PLAIN_WORDS, YAML11_BOOLEANS, read_plain

_NESTING_PREFIX = re.compile(r"^(?:[ ]|- )*", re.MULTILINE)

# A directive starts a line; the event loop sees which YAML version it asks for.
_DIRECTIVE = re.compile("(?:^|[\r\n\x85\u2028\u2029])%")


def applies(text: str) -> bool:
    """Whether the fast path may read ``text``: nothing in it is what only the event loop reports."""
    if "&" in text or "*" in text or "!" in text or "?" in text or "\t" in text:
        return False
    if "%" in text and _DIRECTIVE.search(text):
        return False
    flow_depth = text.count("[") + text.count("{")
    if flow_depth >= MAX_DEPTH:
        return False
    return flow_depth + max(map(len, _NESTING_PREFIX.findall(text)), default=0) < MAX_DEPTH


def read(file: str, text: str) -> Reading | None:
    """``text`` read as the event loop reads it, or None where only the event loop may read it."""
    if not applies(text):
        return None
    loader = _NodeLoader(text)
    try:
        root = loader.get_single_node()
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()
    problems = Problems(file)
    try:
        data = _from_node(root, (), problems) if root is not None else None
    except _NotPlain:
        return None
    return Reading(data, problems.all())


class _NodeLoader(Loader):
    """Composes without PyYAML's YAML 1.1 resolvers: scalars are resolved by scalars.read_plain, as YAML 1.2."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        return ""  # node tags are not used; the fast path only sees text without tags


class _NotPlain(Exception):
    """The composed tree holds what only the event loop reports precisely (a complex key, deep nesting)."""


def _from_node(node: Any, path: Path_, problems: Problems) -> Any:
    if len(path) >= MAX_DEPTH:
        raise _NotPlain
    kind = node.__class__
    if kind is ScalarNode:
        text = node.value
        if node.style:  # quoted or block scalar: always text
            return text
        # read_plain's first answers, inlined (this is the hot path): null, booleans, and words that
        # can be neither a number nor a YAML 1.1 boolean. read_plain reads and judges the rest.
        if text in PLAIN_WORDS:
            return PLAIN_WORDS[text]
        if text[0] not in NUMBER_START and text not in YAML11_BOOLEANS:
            return text
        value, trouble = read_plain(text)
        if trouble is not None:
            problems.add(*_mark(node), path, *trouble)
        return value
    if kind is SequenceNode:
        return [_from_node(item, (*path, i), problems) for i, item in enumerate(node.value)]
    mapping: dict[str, Any] = {}
    first_line: dict[str, int] = {}
    for key_node, value_node in node.value:
        if key_node.__class__ is not ScalarNode:
            raise _NotPlain
        key = key_node.value
        if key in mapping:
            problems.add(*_mark(key_node), (*path, key), *policy.duplicate_key(key, first_line[key]))
        else:
            first_line[key] = key_node.start_mark.line + 1
        mapping[key] = _from_node(value_node, (*path, key), problems)
    return mapping


def _mark(node: Any) -> Position:
    return (node.start_mark.line + 1, node.start_mark.column + 1)
