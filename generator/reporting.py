"""How a command reports its problems: `--format text` (lines, as it always has), `github` (workflow
commands and a step summary) or `sarif` (one SARIF log). Standard output carries only the chosen
format; in github and sarif mode a command's other lines (what it wrote, check's diff) go to standard
error, as do the problems as text, so the log of a CI step still reads in full.

A command records what it finds as it goes; the report is written once, when the command ends, also
when it stops on an invalid catalogue (then it comes before the error's summary line on standard error).
The exit code is the command's: the format changes what is printed, never the verdict.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import stat
import sys
from collections.abc import Iterable
from types import TracebackType
from typing import TextIO

from .errors import PROGRAM, os_reason, shown_path
from .output import github, sarif
from .problems import Problem, errors

STRUCTURED = ("github", "sarif")
"""The formats that own standard output."""


class Reporter:
    """What one command run has found, and the format to report it in (a context manager)."""

    def __init__(self, format: str, command: str, site_url: str | None = None, prefer: str = "catalogue") -> None:
        self.format = format
        self.command = command
        self.site_url = site_url
        self.prefer = prefer
        """The registry's table whose words a code of two tables takes (``plan`` for a setup's problems)."""
        self.problems: list[Problem] = []
        self.recorded = False

    @classmethod
    def of(cls, args: argparse.Namespace, prefer: str = "catalogue") -> Reporter:
        """The reporter `--format` and `--site-url` ask for; the site's address is else the site_url
        of the mkdocs.yml the command read (build, check --site-dir), if it has one."""
        site_url = getattr(args, "site_url", None)
        settings = getattr(args, "site_config", None)
        if site_url is None and settings is not None:
            site_url = settings.config.site_url or None
        return cls(getattr(args, "format", "text"), args.command, site_url, prefer)

    @property
    def structured(self) -> bool:
        return self.format in STRUCTURED

    @property
    def lines(self) -> TextIO:
        """Where the command's own lines go: standard output, unless the format owns it."""
        return sys.stderr if self.structured else sys.stdout

    def record(self, problems: Iterable[Problem]) -> None:
        self.problems.extend(problems)
        self.recorded = True

    def __enter__(self) -> Reporter:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if kind is None or issubclass(kind, Exception):  # not after Ctrl-C: nothing more is written then
            self.finish()

    def finish(self) -> None:
        """The report on standard output (github: and the step summary); nothing in text mode, whose
        lines the command writes itself, nor when nothing was checked (a usage error came first)."""
        if not (self.structured and self.recorded):
            return
        if self.format == "sarif":
            sys.stdout.write(sarif.sarif_text(self.problems, self.site_url, self.prefer))
            return
        sys.stdout.write(github.workflow_commands(self.problems))
        found = len(errors(self.problems))
        heading = f"{PROGRAM} {self.command}: {found} error(s), {len(self.problems) - found} warning(s)"
        append_step_summary(github.step_summary(self.problems, heading, self.site_url, self.prefer))


def append_step_summary(text: str) -> bool:
    """``text`` appended to the file $GITHUB_STEP_SUMMARY names, when it is set and is a regular file
    (as the runner makes it). Nothing is created or truncated: another path (a folder, a pipe, a
    device, a missing file) is left alone, with a warning. Whether it was written."""
    name = os.environ.get("GITHUB_STEP_SUMMARY")
    if not name:
        return False
    try:
        if not stat.S_ISREG(os.stat(name).st_mode):  # a pipe would wait, a device is not ours
            return _not_written(name, "not a regular file")
        descriptor = os.open(name, os.O_WRONLY | os.O_APPEND | os.O_NONBLOCK | os.O_NOCTTY)  # no O_CREAT
    except OSError as error:
        return _not_written(name, os_reason(error))
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):  # replaced since it was looked up
            return _not_written(name, "not a regular file")
        data = text.encode("utf-8", errors="backslashreplace")
        while data:
            data = data[os.write(descriptor, data) :]
    except OSError as error:
        return _not_written(name, os_reason(error))
    finally:
        os.close(descriptor)
    return True


def _not_written(name: str, reason: str) -> bool:
    with contextlib.suppress(OSError, ValueError, AttributeError):
        sys.stderr.write(
            f"{PROGRAM}: warning: GITHUB_STEP_SUMMARY '{shown_path(name)}': {reason}; no summary written\n"
        )
    return False
