"""Where a problem is, and how a YAML file that cannot be read is reported.

libyaml stops at the first mistake with a mark and a phrase of its own; these turn it into
one located problem that says what is wrong (a tab, a missing colon, a bracket never
closed, a character YAML does not allow, a version of YAML other than 1.2) at the place
an editor shows. Both engines report through here.
"""

from __future__ import annotations

import re

import yaml

from ...problems import Problem
from . import policy
from .policy import Position

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def place_of(text: str) -> Position:
    """Line and column just after ``text``, counting line breaks as YAML does (\\n, \\r or both)."""
    breaks = list(_LINE_BREAK.finditer(text))
    start = breaks[-1].end() if breaks else 0
    return len(breaks) + 1, len(text) - start + 1


def decode(file: str, raw: bytes) -> tuple[str, Problem | None]:
    if raw.startswith(b"\xef\xbb\xbf"):  # a UTF-8 byte order mark is harmless: drop it
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as error:
        line, column = place_of(raw[: error.start].decode("utf-8", errors="replace"))
        byte = raw[error.start]
        return "", Problem(
            file, line, column, (), f"byte 0x{byte:02x} is not UTF-8 text; save the file as UTF-8", "encoding"
        )


_HINTS = {
    "mapping values are not allowed": "check the indentation, or quote a value that contains ': '",
    "could not find expected ':'": "this line needs ': ' after its key, or more indentation to continue the text above",
}


# Where libyaml notices these, the mistake is at the start of what it was reading (the
# key without its colon, the bracket never closed), not where it gave up.
_REPORT_AT_CONTEXT = ("while scanning a simple key", "while parsing a flow", "while scanning a quoted scalar")


def reading_problem(file: str, error: yaml.YAMLError, text: str) -> Problem:
    """The problem that stopped libyaml reading ``text``."""
    if isinstance(error, yaml.MarkedYAMLError):
        return syntax_problem(file, error, text)
    if isinstance(error, yaml.reader.ReaderError):  # a character YAML does not allow; it carries no mark
        line, column = place_of(text[: error.position])
        return Problem(
            file,
            line,
            column,
            (),
            f"the character U+{error.character:04X} is not allowed in YAML text; remove it",
            "yaml-character",
        )
    return Problem(file, 1, 1, (), f"not readable as YAML: {' '.join(str(error).split())}", "yaml-syntax")


def syntax_problem(file: str, error: yaml.MarkedYAMLError, text: str) -> Problem:
    if (error.problem or "").startswith("found incompatible YAML document") and error.problem_mark is not None:
        return version_problem(file, text, error.problem_mark.line)  # libyaml reads 1.1 and 1.2 only
    if (error.problem or "").startswith("exceeded maximum nesting depth"):  # libyaml's own limit
        mark = error.problem_mark
        line, column = _within(text, mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        return Problem(file, line, column, (), *policy.too_deep())
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
    stopped = _within(text, mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    if opened is not None and mark is not None and context.startswith(_REPORT_AT_CONTEXT):
        what = f"{what} ({context.removeprefix('while ')} that starts here; parsing stopped at line {stopped[0]}, column {stopped[1]})"
        mark = opened
    elif (
        context and opened is not None and mark is not None and (opened.line, opened.column) != (mark.line, mark.column)
    ):
        what = f"{what} ({context.removeprefix('while ')} that starts at line {opened.line + 1}, column {opened.column + 1})"
    elif context:
        what = f"{what} ({context.removeprefix('while ')})"
    line, column = _within(text, mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    return Problem(file, line, column, (), f"YAML syntax: {what}", "yaml-syntax")


def _within(text: str, line: int, column: int) -> Position:
    """A place libyaml gives past the last line (the end of the file after a final line break)
    becomes the end of the last line, where an editor can show it."""
    lines = _LINE_BREAK.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    if line > len(lines):
        return max(len(lines), 1), (len(lines[-1]) + 1 if lines else 1)
    return line, column


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.split("\n", line + 1)
    return lines[line][column : column + 1] if line < len(lines) else ""


_VERSION = re.compile(r"%YAML[ \t]+([^ \t#]*)")


def version_problem(file: str, text: str, line: int) -> Problem:
    """The ``%YAML`` directive at or after ``line`` (0-based) asks for another version than 1.2."""
    lines = _LINE_BREAK.split(text)
    at = next((i for i in range(line, len(lines)) if lines[i].startswith("%YAML")), line)
    found = _VERSION.match(lines[at]) if at < len(lines) else None
    version = found.group(1) if found else "?"
    return Problem(file, at + 1, 1, (), *policy.version(version))
