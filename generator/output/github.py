"""`--format github`: problems as GitHub Actions workflow commands, and a Markdown step summary.

GitHub shows at most 10 error and 10 warning annotations of a step; the rest of the commands are
dropped silently. So each severity gets its 10 most telling problems and one notice counts what was
left out; the step summary (and the log, where the problems are also written as text) has them all.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..errors import PROGRAM
from ..printable import one_line
from ..problems import Problem, Severity, errors
from . import problemcodes

MAX_PER_SEVERITY = 10
"""GitHub's limit of annotations of one severity per step."""

MAX_SUMMARY_ROWS = 500
"""Rows of the summary's table: a step summary holds at most 1 MiB, a row a few hundred bytes."""

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning"}


def escape_data(text: str) -> str:
    """A command's message, as the runner reads it back: ``%``, CR and LF encoded."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A property's value (file, title): also ``:`` and ``,``, which would end it."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def chosen(problems: Sequence[Problem], limit: int = MAX_PER_SEVERITY) -> list[Problem]:
    """The ``limit`` problems annotated of one severity's ``problems`` (in file order). The first of
    each code comes first, then the rest in file order: ten errors of one kind in one file would
    otherwise hide that another file, or another kind of mistake, is wrong too. Shown in file order."""
    firsts: dict[str, Problem] = {}
    for problem in problems:
        firsts.setdefault(problem.code, problem)
    picked = list(firsts.values())[:limit]
    taken = set(map(id, picked))
    picked += [p for p in problems if id(p) not in taken][: limit - len(picked)]
    order = {id(p): i for i, p in enumerate(problems)}
    return sorted(picked, key=lambda p: order[id(p)])


def command(problem: Problem) -> str:
    """``::error file=F,line=L,col=C,title=CODE::$.path: message``: one line whatever the text holds."""
    properties = ",".join(
        f"{name}={escape_property(value)}"
        for name, value in (
            ("file", one_line(problem.file)),
            ("line", str(problem.line)),
            ("col", str(problem.column)),
            ("title", f"{PROGRAM} {problem.code}"),
        )
    )
    where = "" if problem.json_path == "$" else f"{one_line(problem.json_path)}: "
    return f"::{_COMMAND[problem.severity]} {properties}::{escape_data(where + one_line(problem.message))}\n"


def workflow_commands(problems: Sequence[Problem]) -> str:
    """The annotations of ``problems`` (sorted), errors before warnings, and a notice counting the rest."""
    found = errors(problems)
    lines, left = [], []
    for severity, of_severity in ((Severity.ERROR, found), (Severity.WARNING, [p for p in problems if p not in found])):
        shown = chosen(of_severity)
        lines += [command(p) for p in shown]
        if len(of_severity) > len(shown):
            left.append(f"{len(of_severity) - len(shown)} more {severity.value}(s)")
    if left:
        rest = " and ".join(left)
        lines.append(
            f"::notice title={PROGRAM}::{rest} not annotated (GitHub shows {MAX_PER_SEVERITY} of each per step); "
            "the step summary and the log list every problem\n"
        )
    return "".join(lines)


def _markdown_text(text: str) -> str:
    """Catalogue text as literal Markdown: every ASCII punctuation character backslash-escaped (GFM
    reads ``\\|`` as a pipe inside a table cell too), on one line."""
    return "".join(f"\\{c}" if c.isascii() and not c.isalnum() and not c.isspace() else c for c in one_line(text))


def step_summary(problems: Sequence[Problem], heading: str, site_url: str | None, prefer: str) -> str:
    """A Markdown summary for $GITHUB_STEP_SUMMARY: ``heading``, then a table of every problem, each code
    linked to its row on the developers' page when the site's address is known."""
    lines = [f"### {heading}", ""]  # our own words and counts
    if not problems:
        return "\n".join([*lines, "No problems found.", "", ""])
    lines += ["| Severity | Where | Problem | Code |", "| --- | --- | --- | --- |"]
    for problem in problems[:MAX_SUMMARY_ROWS]:
        place = f"{problem.file}:{problem.line}:{problem.column}"
        code = f"`{problem.code}`"
        link = problemcodes.help_link(problemcodes.describe(problem.code, prefer), site_url)
        cells = (
            problem.severity.value,
            f"{_markdown_text(place)} {_markdown_text(problem.json_path)}",
            _markdown_text(problem.message),
            f"[{code}]({link})" if link else code,
        )
        lines.append("| " + " | ".join(cells) + " |")
    if len(problems) > MAX_SUMMARY_ROWS:
        lines += ["", f"{len(problems) - MAX_SUMMARY_ROWS} more problem(s) are not listed here; the log has them all."]
    return "\n".join([*lines, "", ""])
