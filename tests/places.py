"""Where a catalogue file writes a place, as a problem names it: ``catalog/presets/crm.yaml:10:20``.

Tests that expect a located problem read its line and column from the file the tool reads (the
bundled catalogue, or a test's edited copy of it) instead of typing them: an edit of the catalogue
moves the place and the expectation with it. The place is found as the tool finds it, by the
project's own YAML reader: ``Document.position``, the key itself for a problem about a key
(``key=True``: an unknown key, a first-import period for data not imported), otherwise its value, or
the nearest enclosing place that is written.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from generator.catalogue.yamlread import read_yaml
from generator.problems import Path_, display_name

_STEP = re.compile(r'\.([^.\[]+)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]')


def parse(json_path: str) -> Path_:
    """``$.flows.orders.import`` or ``$.systems[1]["a key"]`` -> the path as a tuple of keys and indexes."""
    assert json_path.startswith("$"), json_path
    steps: list[str | int] = []
    at = 1
    while at < len(json_path):
        step = _STEP.match(json_path, at)
        assert step is not None, f"not a $.-path: {json_path!r}"
        key, index, quoted = step.groups()
        steps.append(key if key is not None else int(index) if index is not None else json.loads(quoted))
        at = step.end()
    return tuple(steps)


def position(catalogue: Path, file: str, json_path: str, *, key: bool = False) -> tuple[int, int]:
    """The line and column the tool gives a problem at ``json_path`` of ``catalogue/file``, as it is now."""
    document, _ = read_yaml(file, (catalogue / file).read_bytes())
    assert document.complete, f"{file} is not YAML the reader could read to the end"
    return document.position(parse(json_path), key=key)


def place(catalogue: Path, file: str, json_path: str, *, key: bool = False) -> str:
    """``catalog/presets/crm.yaml:10:20``: the file as the tool names it (from the working folder), then
    :line:column of ``json_path`` in it."""
    line, column = position(catalogue, file, json_path, key=key)
    folder = display_name(catalogue)
    return f"{file if folder == '.' else f'{folder}/{file}'}:{line}:{column}"
