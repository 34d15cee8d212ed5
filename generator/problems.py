"""Problems found in a catalogue: values that carry their place, never exceptions on the way."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from enum import StrEnum
from pathlib import Path
from typing import TextIO

from .errors import EXIT_INVALID, ToolError, shown_path
from .printable import encodable, one_line

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


def acknowledged_place(at: str, inside: str = "") -> str:
    """An ``acknowledged: at:`` value as a dotted path below ``inside``: written either that way
    (``first_import.orders``) or as `validate` prints the place (``$.first_import.orders``, and
    ``$.connection_order.strength`` for ``strength`` inside the connection order)."""
    if at.startswith("$."):
        at = at[2:]
        if inside:
            at = at.removeprefix(f"{inside}.")
    return at


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


def summary(problems: Sequence[Problem], acknowledged: int, *, valid: bool) -> str:
    """The line that ends a report: ``catalogue valid: 0 error(s), 2 warning(s) (3 acknowledged)``."""
    found = len(errors(problems))
    counted = f" ({acknowledged} acknowledged)" if acknowledged else ""
    verdict = "valid" if valid else "invalid"
    return f"catalogue {verdict}: {found} error(s), {len(problems) - found} warning(s){counted}"


class CatalogError(ToolError):
    """The catalogue is invalid (exit 1). ``problems`` holds every problem found, errors and warnings.

    A command shows every problem, then the summary line with what it did not do (``outcome``:
    "nothing written"); the message, for the Python API, names the errors."""

    exit_code = EXIT_INVALID

    def __init__(self, problems: Sequence[Problem], *, acknowledged: int = 0, outcome: str | None = None) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.acknowledged = acknowledged
        self.outcome = outcome
        found = errors(self.problems)
        super().__init__(f"{len(found)} error(s) in the catalogue:\n" + format_text(found).rstrip("\n"))

    def show(self, stream: TextIO) -> None:
        outcome = f"; {self.outcome}" if self.outcome else ""
        stream.write(
            format_text(self.problems) + summary(self.problems, self.acknowledged, valid=False) + outcome + "\n"
        )
