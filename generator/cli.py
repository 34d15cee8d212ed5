"""The command line: parse arguments, call the pipeline, print, exit. Nothing else."""

from __future__ import annotations

import argparse
import contextlib
import errno
import io
import logging
import os
import stat
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import (
    EXIT_DRIFT,
    EXIT_INTERRUPTED,
    EXIT_INVALID,
    EXIT_OK,
    EXIT_OUTPUT,
    EXIT_USAGE,
    ToolError,
    UsageError,
    os_reason,
    shown_path,
)
from .paths import mkdocs_config
from .printable import one_line
from .problems import format_json, format_text
from .validate import Report, validate

if TYPE_CHECKING:
    from .write import WriteResult


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="connect-presets", description="Validate the onboarding preset catalogue and export it as JSON configs."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = commands.add_parser("validate", help="check the catalogue and report every problem")
    check.add_argument("source", nargs="?", type=Path, help="catalogue folder (default: the bundled catalogue)")
    check.add_argument("--strict", action="store_true", help="count warnings as errors")
    check.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text lines FILE:LINE:COL: PATH: message, or a JSON list",
    )

    out = commands.add_parser("export", help="write index.json, presets/<id>.json and their schemas")
    out.add_argument("--source", type=Path, help="catalogue folder (default: the bundled catalogue)")
    out.add_argument("--out", type=Path, required=True, help="folder to write; replaced as a whole, atomically")
    out.add_argument("--strict", action="store_true", help="count warnings as errors")

    drift = commands.add_parser("check", help="compare generated files on disk with what would be generated now")
    drift.add_argument(
        "--source",
        type=Path,
        help="catalogue folder (default: with --site-dir the one mkdocs.yml names, else the bundled one)",
    )
    drift.add_argument("--out", type=Path, help="an export folder to check")
    drift.add_argument("--site-dir", type=Path, help="a built site to check (built again in a temporary folder)")
    drift.add_argument(
        "--config-file", type=Path, help="mkdocs.yml for --site-dir (default: ./mkdocs.yml, else the bundled one)"
    )
    drift.add_argument("--strict", action="store_true", help="count warnings as errors")

    setup = commands.add_parser("plan", help="check an account's setup and give its checklist and routing")
    setup.add_argument("setup", type=Path, help="the setup file (YAML; see schema/setup.schema.json)")
    setup.add_argument("--source", type=Path, help="catalogue folder (default: the bundled catalogue)")
    setup.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    setup.add_argument("--strict", action="store_true", help="count catalogue warnings as errors")

    site = commands.add_parser("build", help="validate, export and build the documentation site")
    site.add_argument("--source", type=Path, help="catalogue folder (default: the one mkdocs.yml names)")
    site.add_argument("--site-dir", type=Path, help="folder to write the site to (default: site_dir of mkdocs.yml)")
    site.add_argument("--config-file", type=Path, help="mkdocs.yml (default: ./mkdocs.yml, else the bundled one)")
    site.add_argument(
        "--no-strict", dest="strict", action="store_false", help="let warnings pass (MkDocs and catalogue)"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command. Whatever stops it, the user gets one line and an exit code, never a traceback."""
    try:
        if sys.stdout is None:  # started with its standard output closed (`>&-`)
            raise _OutputClosed
        for stream in (sys.stdout, sys.stderr):  # an ASCII-only terminal gets escapes, not a traceback
            if isinstance(stream, io.TextIOWrapper):
                stream.reconfigure(errors="backslashreplace")
        _check_environment()
        code = _run(argv)
        sys.stdout.flush()  # a full disk or a closed pipe shows here, not at interpreter exit
        return code
    except KeyboardInterrupt:
        _say("interrupted; nothing more was written")
        return EXIT_INTERRUPTED
    except (BrokenPipeError, _OutputClosed):
        _drop_stdout()
        _say("the output was closed before everything was written")
        return EXIT_OUTPUT
    except ToolError as error:
        _say(f"error: {error}")
        return error.exit_code
    except OSError as error:
        if _is_stdout(error):
            _drop_stdout()
            _say(f"cannot write the output: {os_reason(error)}")
            return EXIT_OUTPUT
        where = f" '{shown_path(error.filename)}'" if error.filename else ""
        _say(f"error: cannot use{where}: {os_reason(error)}")
        return EXIT_USAGE


class _OutputClosed(Exception):
    """Standard output is closed."""


def _say(message: str) -> None:
    """One line on standard error, if there is one to write to."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        sys.stderr.write(f"connect-presets: {message}\n")
        sys.stderr.flush()


def _is_stdout(error: OSError) -> bool:
    """Whether a failed write was one to standard output (a full disk, a closed descriptor)."""
    return error.filename is None and error.errno in (errno.ENOSPC, errno.EBADF, errno.EPIPE, errno.EIO)


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
    args = _parser().parse_args(argv)
    if args.command in ("build", "check"):
        _check_build_date()
    # build and check --site-dir read mkdocs.yml once; its catalogue is the run's unless --source says otherwise.
    args.site_config = None
    args.export_source = args.source  # what `export` would read: --source, else the bundled catalogue
    if args.command == "build" or (args.command == "check" and args.site_dir is not None):
        from .mkdocs_plugin import BuildError, load_site_config

        try:
            args.site_config = load_site_config(_config_file(args), strict=args.command == "check" or args.strict)
        except BuildError as error:
            print(f"connect-presets: site not built: {error}", file=sys.stderr)
            return EXIT_INVALID
        if args.source is None:
            args.source = args.site_config.catalog
        if args.command == "build" and args.site_dir is None and args.config_file is None:
            if args.site_config.config_file == mkdocs_config():  # no ./mkdocs.yml: the bundled project's
                args.site_dir = Path("site")  # beside it may be an installed package: ./site, as before
    report = validate(args.source)
    if args.strict:
        report = report.strict()
    if args.command == "validate":
        return _validate(report, args.format)
    if args.command == "build":
        return _build(report, args)
    if args.command == "check":
        return _check(report, args)
    if args.command == "plan":
        return _plan(report, args)
    return _export(report, args.out)


def _usage(message: str) -> int:
    print(f"connect-presets: error: {message}", file=sys.stderr)
    return EXIT_USAGE


def _summary(report: Report) -> str:
    acknowledged = f" ({len(report.acknowledged)} acknowledged)" if report.acknowledged else ""
    verdict = "valid" if report.catalog is not None else "invalid"
    return f"catalogue {verdict}: {len(report.errors)} error(s), {len(report.warnings)} warning(s){acknowledged}"


def _validate(report: Report, output: str) -> int:
    if output == "json":
        sys.stdout.write(format_json(report.problems))
    else:
        sys.stdout.write(format_text(report.problems))
        print(_summary(report))
    return EXIT_OK if report.catalog is not None else EXIT_INVALID


def _export(report: Report, out: Path) -> int:
    from . import export, write
    from .paths import bundled_catalog, schema_dir, template_dir

    sys.stderr.write(format_text(report.problems))
    if report.catalog is None:
        print(_summary(report) + "; nothing written", file=sys.stderr)
        return EXIT_INVALID
    project = mkdocs_config().parent  # the bundled site project: docs and examples beside its mkdocs.yml
    inputs = [
        write.Input("the catalogue", report.catalog.source),
        write.Input("the bundled catalogue", bundled_catalog()),
        write.Input("the schema folder", schema_dir()),
        write.Input("the templates folder", template_dir()),
        write.Input("the docs folder", project / "site_src"),
        write.Input("the examples folder", project / "examples"),
    ]
    result = write.write_tree(out, export.render(report.catalog), inputs=inputs)
    _written(out, result, f"wrote {len(result.changed)} changed file(s) for {len(report.catalog.presets)} presets")
    return EXIT_OK


def _written(given: Path, result: WriteResult, what: str, unchanged: str = "up to date") -> None:
    """The one line about a written folder, and a warning line for each thing left behind."""
    shown = shown_path(given) + (f" (a link to {shown_path(result.target)})" if given.is_symlink() else "")
    edited = len(result.edited)
    replaced = f"; replaced {edited} file{'s' if edited > 1 else ''} edited by hand: " if edited else ""
    print(f"{shown}: {what if result.wrote else unchanged}{replaced}{', '.join(map(shown_path, result.edited))}")
    for warning in result.warnings:
        _say(f"warning: {warning}")


def _config_file(args: argparse.Namespace) -> Path:
    """--config-file, else ./mkdocs.yml, else the bundled project's; each a regular file (a pipe would hang MkDocs)."""
    given = args.config_file is not None
    path = Path(args.config_file) if given else Path("mkdocs.yml")
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        if not given and not path.is_symlink():
            return mkdocs_config()
        broken = " (a broken symbolic link)" if path.is_symlink() else ""
        raise UsageError(f"no such config file: '{shown_path(path)}'{broken}") from None
    except OSError as error:
        raise UsageError(f"cannot look up the config file '{shown_path(path)}': {os_reason(error)}") from None
    if stat.S_ISDIR(mode):
        raise UsageError(f"'{shown_path(path)}' is a folder; give the mkdocs.yml file in it")
    if not stat.S_ISREG(mode):
        raise UsageError(
            f"the config file '{shown_path(path)}' is not a regular file (a pipe or a device); give a YAML file"
        )
    return path


def _build(report: Report, args: argparse.Namespace) -> int:
    from .mkdocs_plugin import BuildError, build_site

    sys.stderr.write(format_text(report.problems))
    if report.catalog is None:
        print(_summary(report) + "; nothing written", file=sys.stderr)
        return EXIT_INVALID
    _show_mkdocs_warnings()
    try:
        result = build_site(args.site_config, args.site_dir, args.source, strict=args.strict, validated=report)
    except BuildError as error:
        print(f"connect-presets: site not built: {error.reason}", file=sys.stderr)
        return EXIT_INVALID
    presets = f"site with {len(report.catalog.presets)} presets and their configs under configs/"
    _written(args.site_dir or result.target, result, presets, unchanged=presets)
    return EXIT_OK


def _show_mkdocs_warnings() -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s - %(message)s"))
    mkdocs_log = logging.getLogger("mkdocs")
    if not mkdocs_log.handlers:
        mkdocs_log.addHandler(handler)
    mkdocs_log.setLevel(logging.WARNING)


def _check(report: Report, args: argparse.Namespace) -> int:
    from . import drift, export

    if args.out is None and args.site_dir is None:
        return _usage("check needs --out DIR, --site-dir DIR or both")
    sys.stderr.write(format_text(report.problems))
    if report.catalog is None:
        print(_summary(report) + "; nothing compared", file=sys.stderr)
        return EXIT_INVALID
    # Every folder is found to be ours (or refused) before anything is generated.
    folders = [(f, command, drift.on_disk(f)) for f, command in ((args.out, "export"), (args.site_dir, "build")) if f]
    stale = False
    exported = report.catalog
    if args.out is not None and not _same_catalogue(args.export_source, args.source):
        # --out is compared with what `export` writes, whose catalogue is not the site's here.
        export_report = validate(args.export_source)
        if args.strict:
            export_report = export_report.strict()
        sys.stderr.write(format_text(export_report.problems))
        if export_report.catalog is None:
            print(_summary(export_report) + "; nothing compared", file=sys.stderr)
            return EXIT_INVALID
        exported = export_report.catalog
    with tempfile.TemporaryDirectory() as scratch:
        for folder, command, on_disk in folders:
            if command == "export":
                generated = drift.Generated.from_files(export.render(exported))
            else:
                from .mkdocs_plugin import BuildError, build_site

                _show_mkdocs_warnings()
                try:
                    build_site(args.site_config, Path(scratch) / "site", args.source, validated=report)
                except BuildError as error:
                    print(f"connect-presets: site not built: {error.reason}", file=sys.stderr)
                    return EXIT_INVALID
                generated = drift.Generated.from_folder(Path(scratch) / "site")
            found = drift.compare(on_disk, generated)
            shown = shown_path(folder.as_posix())
            if not found:
                print(f"{shown}: up to date")
                continue
            stale = True
            sys.stdout.writelines(drift.diff_lines(shown, on_disk, generated, found))
            print(f"{shown}: not up to date ({found.counts()}); run connect-presets {command}", file=sys.stderr)
            if found.foreign:
                files = (
                    "1 file not generated is"
                    if len(found.foreign) == 1
                    else f"{len(found.foreign)} files not generated are"
                )
                print(
                    f"{shown}: connect-presets {command} refuses this folder until the {files} moved out of it",
                    file=sys.stderr,
                )
    return EXIT_DRIFT if stale else EXIT_OK


def _same_catalogue(first: Path | None, second: Path | None) -> bool:
    from .paths import bundled_catalog

    return Path(os.path.realpath(first or bundled_catalog())) == Path(os.path.realpath(second or bundled_catalog()))


def _plan(report: Report, args: argparse.Namespace) -> int:
    from . import planformat
    from .planner import plan, read_setup

    sys.stderr.write(format_text(report.problems))  # the catalogue's warnings too; stdout is the plan's
    if report.catalog is None:
        print(_summary(report) + "; no plan", file=sys.stderr)
        return EXIT_INVALID
    setup, problems = read_setup(args.setup)
    # A setup that cannot be read at all is a wrong path, like a missing catalogue; one that was
    # read and is wrong (too large, bad YAML, against its schema) gets located problems.
    unreadable = next((p for p in problems if p.code == "unreadable"), None)
    if unreadable is not None:
        raise UsageError(f"{unreadable.file}: {unreadable.message}")
    if setup is None:
        sys.stdout.write(format_json(problems) if args.format == "json" else format_text(problems))
        return EXIT_INVALID
    result = plan(setup, report.catalog)
    render = {"text": planformat.text, "json": planformat.as_json_text, "markdown": planformat.markdown}[args.format]
    sys.stdout.write(render(result))
    return EXIT_INVALID if result.errors else EXIT_OK
