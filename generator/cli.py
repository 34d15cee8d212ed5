"""The command line: parse the arguments, validate, hand over to commands.py; whatever stops a run ends in
one line (or the problems that stopped it) and an exit code, through one handler."""

from __future__ import annotations

import contextlib
import errno
import io
import os
import sys
from collections.abc import Sequence
from typing import TextIO

from . import arguments
from .catalogue.validate import validate
from .commands import read_site_config, run_build, run_check, run_export, run_plan, run_schemas, run_validate, say
from .errors import EXIT_INTERRUPTED, PROGRAM, OutputError, ToolError, UsageError, disk_refused, os_reason, shown_path
from .printable import one_line


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command. Whatever stops it, the user gets one line and an exit code, never a traceback."""
    try:
        if sys.stdout is None:  # started with its standard output closed (`>&-`)
            raise _OutputLost(_CLOSED)
        for stream in (sys.stdout, sys.stderr):  # an ASCII-only terminal gets escapes, not a traceback
            if isinstance(stream, io.TextIOWrapper):
                stream.reconfigure(errors="backslashreplace")
        _check_environment()
        code = _run(argv)
        sys.stdout.flush()  # a full disk or a closed pipe shows here, not at interpreter exit
        return code
    except KeyboardInterrupt:
        say("interrupted; nothing more was written")
        return EXIT_INTERRUPTED
    except (ToolError, OSError) as raised:
        error = raised if isinstance(raised, ToolError) else _unforeseen(raised)
        if isinstance(error, _OutputLost):
            _drop_stdout()
        with contextlib.suppress(OSError, ValueError, AttributeError):  # standard error may be gone too
            error.show(sys.stderr)
            sys.stderr.flush()
        return error.exit_code


_CLOSED = "the output was closed before everything was written"


class _OutputLost(OutputError):
    """Standard output was closed or failed (`| head -1`, `>/dev/full`): said on standard error alone."""

    def show(self, stream: TextIO) -> None:
        stream.write(f"{PROGRAM}: {self}\n")


def _unforeseen(error: OSError) -> ToolError:
    """An OSError no stage turned into words: standard output or the disk failing (exit 4), else a path
    that cannot be used (exit 2)."""
    if isinstance(error, BrokenPipeError):
        return _OutputLost(_CLOSED)
    if error.filename is None and error.errno in (errno.ENOSPC, errno.EBADF, errno.EPIPE, errno.EIO):
        return _OutputLost(f"cannot write the output: {os_reason(error)}")
    where = f" '{shown_path(error.filename)}'" if error.filename else ""
    if disk_refused(error):  # the disk's doing (full, read-only, over quota), not the path's: exit 4
        return OutputError(f"cannot write{where}: {os_reason(error)}")
    return UsageError(f"cannot use{where}: {os_reason(error)}")


def _drop_stdout() -> None:
    """Point standard output at /dev/null, so the interpreter's flush at exit does not fail once more."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


_LAST_EPOCH = 253402300799  # 9999-12-31T23:59:59Z, the last moment a date can be written


def _check_environment() -> None:
    """What every command relies on around it, checked before it starts."""
    try:
        os.getcwd()
    except OSError:
        raise UsageError("the working folder no longer exists; change to a folder that exists") from None


def _check_build_date() -> None:
    """MkDocs stamps SOURCE_DATE_EPOCH into the sitemap, and ends in a traceback on anything but a number."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is not None and not (
        epoch.isascii() and epoch.isdigit() and len(epoch) <= len(str(_LAST_EPOCH)) and int(epoch) <= _LAST_EPOCH
    ):
        raise UsageError(
            f"SOURCE_DATE_EPOCH must be a whole number of seconds since 1970-01-01 (such as 1700000000), "
            f"found {one_line(repr(epoch))[:80]}; set it so or unset it"
        )


def _run(argv: Sequence[str] | None) -> int:
    args = arguments.parser().parse_args(argv)
    if args.command in ("diff", "release"):
        from . import releasing  # here: the other commands do not pay for the diff's imports

        return releasing.run_diff(args) if args.command == "diff" else releasing.run_release(args)
    if args.command in ("build", "check"):
        _check_build_date()
    args.site_config = None
    args.export_source = args.source  # what `export` would read: --source, else the bundled catalogue
    if args.command in ("build", "render") or (args.command == "check" and args.site_dir is not None):
        read_site_config(args)  # mkdocs.yml read once; its catalogue is the run's unless --source says otherwise
    report = validate(args.source)
    if args.command in ("validate", "build", "check", "export", "render"):
        from .versions.gate import gated

        report = gated(report)  # the version against the changes since the last release, beside the catalogue
    if args.strict:
        report = report.strict()
    if args.command == "validate":
        return run_validate(report, args)
    if args.command == "build":
        return run_build(report, args)
    if args.command == "check":
        return run_check(report, args)
    if args.command == "render":
        from .rendering import run_render

        return run_render(report, args)
    if args.command == "plan":
        return run_plan(report, args)
    if args.command == "schemas":
        return run_schemas(report, args)
    return run_export(report, args)
