"""Problems found in a catalogue: values that carry their place, never exceptions on the way."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from enum import StrEnum
from pathlib import Path

Path_ = tuple[str | int, ...]
"""A place inside a document: mapping keys and list indexes from the root."""

_PLAIN_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a catalogue, located as precisely as the input allows.

    ``line`` and ``column`` are 1-based; ``path`` is the place in the document the
    problem is about (``()`` for the file itself).
    """

    file: str
    line: int
    column: int
    path: Path_
    message: str
    code: str
    severity: Severity = Severity.ERROR

    @property
    def json_path(self) -> str:
        return json_path(self.path)

    def as_text(self) -> str:
        """One line of plain text, whatever the catalogue's values hold."""
        return (
            f"{one_line(self.file)}:{self.line}:{self.column}: {one_line(self.json_path)}: "
            f"{self.severity.value}: {one_line(self.message)} [{self.code}]"
        )

    def as_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["path"] = self.json_path
        data["severity"] = self.severity.value
        return data


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def one_line(text: str) -> str:
    """Control characters (a newline, a terminal escape) written as escapes: a problem stays one line."""
    named = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
    return _CONTROL.sub(lambda m: named.get(m.group(), f"\\u{ord(m.group()):04x}"), text)


def json_path(path: Path_) -> str:
    """``('flows', 'orders', 'import')`` -> ``$.flows.orders.import``."""
    parts = ["$"]
    for part in path:
        if isinstance(part, int):
            parts.append(f"[{part}]")
        elif _PLAIN_KEY.match(part):
            parts.append(f".{part}")
        else:
            parts.append("[" + json.dumps(part, ensure_ascii=False) + "]")
    return "".join(parts)


def dotted(path: Path_) -> str:
    """The path as an ``acknowledged: at:`` value: ``first_import.orders``."""
    return ".".join(str(part) for part in path)


def display_name(file: Path, root: Path | None = None) -> str:
    """A file name as users should see it: relative to the working directory when possible."""
    for base in (Path.cwd(), root):
        if base is None:
            continue
        try:
            return file.resolve().relative_to(base.resolve()).as_posix()
        except ValueError:
            continue
    return file.as_posix()


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Stable order: by file, then line and column; one message per place and text."""
    return sorted(set(problems), key=lambda p: (p.file, p.line, p.column, p.json_path, p.message, p.code))


def errors(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity is Severity.ERROR]


def strictened(problems: Iterable[Problem]) -> list[Problem]:
    """``--strict``: every warning becomes an error."""
    return [Problem(p.file, p.line, p.column, p.path, p.message, p.code, Severity.ERROR) for p in problems]


def format_text(problems: Sequence[Problem]) -> str:
    return "".join(p.as_text() + "\n" for p in problems)


def format_json(problems: Sequence[Problem]) -> str:
    return json.dumps([p.as_dict() for p in problems], indent=2, ensure_ascii=False) + "\n"


class CatalogError(Exception):
    """The catalogue is invalid. ``problems`` holds every problem found, errors and warnings."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        found = errors(self.problems)
        summary = f"{len(found)} error(s) in the catalogue"
        super().__init__(summary + ":\n" + format_text(found).rstrip("\n"))
