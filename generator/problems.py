"""Problems found in a catalogue: values that carry their place, never exceptions on the way."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from enum import StrEnum
from pathlib import Path

from .errors import shown_path

Path_ = tuple[str | int, ...]
"""A place inside a document: mapping keys and list indexes from the root."""

MAX_PROBLEMS_PER_FILE = 100
"""A file wrong in thousands of places gets its first hundred problems and a count, in bounded time
(its YAML problems and its schema problems alike)."""

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
        data["file"] = encodable(self.file)
        data["message"] = encodable(self.message)
        data["path"] = encodable(self.json_path)
        data["severity"] = self.severity.value
        return data


# Characters that must not reach a terminal as they are: controls (a newline, a terminal escape), line
# and paragraph separators, and every format character of Unicode (category Cf: the bidirectional
# overrides that reorder a line, the zero-width ones that hide in a name), as of Unicode 14; a test
# holds the list to unicodedata. Lone surrogates stand for bytes of a file name that are not UTF-8.
_UNPRINTABLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f"
    "\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f\ud800-\udfff]"
)
_SURROGATES = re.compile("[\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(char: str) -> str:
    code = ord(char)
    if char in _NAMED:
        return _NAMED[char]
    if 0xDC80 <= code <= 0xDCFF:  # a byte that is not UTF-8, as os.fsdecode keeps it
        return f"\\x{code - 0xDC00:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def one_line(text: str) -> str:
    """Text for a terminal line: controls, bidirectional and zero-width characters written as escapes,
    so a problem stays one line and reads in the order it was written."""
    return _UNPRINTABLE.sub(lambda m: _escape(m.group()), text)


def encodable(text: str) -> str:
    """Text any UTF-8 stream can hold: lone surrogates (bytes of a file name that are not UTF-8) as escapes."""
    return _SURROGATES.sub(lambda m: _escape(m.group()), text)


MAX_KEY_SHOWN = 60
"""Characters of a key shown in a path or a message; the rest is cut, as values are."""


def cut(text: str, limit: int = MAX_KEY_SHOWN) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def json_path(path: Path_) -> str:
    """``('flows', 'orders', 'import')`` -> ``$.flows.orders.import``."""
    parts = ["$"]
    for part in path:
        if isinstance(part, int):
            parts.append(f"[{part}]")
        elif _PLAIN_KEY.match(part) and len(part) <= MAX_KEY_SHOWN:
            parts.append(f".{part}")
        else:
            parts.append("[" + json.dumps(cut(part), ensure_ascii=False) + "]")
    return "".join(parts)


def dotted(path: Path_) -> str:
    """The path as an ``acknowledged: at:`` value: ``first_import.orders``."""
    return ".".join(str(part) for part in path)


def display_name(file: Path, root: Path | None = None) -> str:
    """A file name as users should see it: relative to the working directory when possible, and
    printable whatever bytes it holds."""
    try:
        bases = [Path.cwd(), root]
    except OSError:  # the working folder was deleted
        bases = [root]
    for base in bases:
        if base is None:
            continue
        try:
            return shown_path(file.resolve().relative_to(base.resolve()).as_posix())
        except (ValueError, OSError):
            continue
    return shown_path(file.as_posix())


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
