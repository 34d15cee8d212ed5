"""The exit codes, and the one family of exceptions that knows its code and how to show itself.

Everything wrong *inside* a catalogue or a setup is a located ``Problem`` value; these
exceptions are for what stops a command before or around that: a path that is not a
catalogue, an output folder that is not ours, an environment that cannot be used, a
catalogue that is invalid. Every error the tool stops with derives from ``ToolError``:
the command line has one handler for them all, which calls ``show`` and exits with
``exit_code`` (as click's ``ClickException`` does).
"""

from __future__ import annotations

import errno
import os
from pathlib import PurePath
from typing import TextIO

from .printable import one_line

EXIT_OK = 0
EXIT_INVALID = 1
"""At least one error (with --strict, or a warning) in the catalogue, a setup or an example."""
EXIT_USAGE = 2
"""Bad arguments, a path that cannot be read, an output folder that is not ours, a bad environment."""
EXIT_DRIFT = 3
"""`check`: the generated files on disk differ from what would be generated now."""
EXIT_OUTPUT = 4
"""The output could not be written: standard output was closed or full, the disk refused the output
folder (full, read-only, over quota), or the export did not match its own schema (a bug, reported
as such). Nothing was replaced."""
EXIT_INTERRUPTED = 130
"""Ctrl-C, as shells report a process stopped by SIGINT (128 + 2)."""


PROGRAM = "connect-presets"
"""How the program names itself at the start of what it says on standard error."""


class ToolError(Exception):
    """A command cannot go on; the message is one line for the user, the code is the exit status."""

    exit_code = EXIT_USAGE

    def show(self, stream: TextIO) -> None:
        """Tell the user why the command stopped (on standard error): ``connect-presets: error: message``."""
        stream.write(f"{PROGRAM}: error: {self}\n")


class UsageError(ToolError):
    """The command was pointed at something it cannot use: not a catalogue, not readable, not ours."""


class OutputError(ToolError):
    """The disk refused what the command was writing (full, read-only, over quota): not the user's
    mistake in what they asked for, so not a usage error."""

    exit_code = EXIT_OUTPUT


_DISK_REFUSED = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EIO, errno.EFBIG}


def disk_refused(error: OSError) -> bool:
    """Whether a failed write was the disk's doing (full, read-only, over quota, failing), not a path's."""
    return error.errno in _DISK_REFUSED


def shown_path(path: PurePath | str) -> str:
    """A path as text that can always be printed on one line: bytes that are not UTF-8 in a file name
    become ``\\xff`` escapes (not lone surrogates, which a strict UTF-8 stream refuses and JSON cannot
    hold), and a newline, a terminal escape or a bidirectional control in it becomes an escape too."""
    return one_line(os.fspath(path))


def os_reason(error: OSError) -> str:
    """What the system said, in words: 'Permission denied', 'File name too long'."""
    return error.strerror or type(error).__name__
