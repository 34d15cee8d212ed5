"""What each command does and prints, given the validated catalogue: the command line (cli.py)
parses the arguments, validates, and calls one of these."""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import stat
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import EXIT_DRIFT, EXIT_INVALID, EXIT_OK, EXIT_USAGE, ToolError, UsageError, os_reason, shown_path
from .paths import mkdocs_config
from .problems import display_name, format_json, format_text
from .validate import Report, validate

if TYPE_CHECKING:
    from .write import Input, WriteResult


def say(message: str) -> None:
    """One line on standard error, if there is one to write to."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        sys.stderr.write(f"connect-presets: {message}\n")
        sys.stderr.flush()


def _usage(message: str) -> int:
    print(f"connect-presets: error: {message}", file=sys.stderr)
    return EXIT_USAGE


def _summary(report: Report) -> str:
    acknowledged = f" ({len(report.acknowledged)} acknowledged)" if report.acknowledged else ""
    verdict = "valid" if report.catalog is not None else "invalid"
    return f"catalogue {verdict}: {len(report.errors)} error(s), {len(report.warnings)} warning(s){acknowledged}"


def run_validate(report: Report, output: str) -> int:
    if output == "json":
        sys.stdout.write(format_json(report.problems))
    else:
        sys.stdout.write(format_text(report.problems))
        print(_summary(report))
    return EXIT_OK if report.catalog is not None else EXIT_INVALID


def run_export(report: Report, out: Path) -> int:
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
        *_local_site_inputs(out, report.catalog.source),
    ]
    result = write.write_tree(out, export.render(report.catalog), inputs=inputs)
    _written(out, result, f"wrote {len(result.changed)} changed file(s) for {len(report.catalog.presets)} presets")
    return EXIT_OK


def _local_site_inputs(out: Path, catalog: Path) -> list[Input]:
    """The inputs of the site project in the working folder, for an export into that project: its
    docs, theme and examples folders may not receive one. Reading mkdocs.yml costs MkDocs' start-up,
    so it is read only then; a mkdocs.yml that cannot be read is build's to report."""
    local = Path("mkdocs.yml")
    project = Path(os.path.realpath(local.parent))
    real = Path(os.path.realpath(out))
    if not (local.is_file() and (real == project or project in real.parents)):
        return []
    from .sitebuild import load_site_config

    try:
        return list(load_site_config(local, strict=False).inputs(catalog))
    except ToolError:
        return []


def _written(given: Path, result: WriteResult, what: str, unchanged: str = "up to date") -> None:
    """The one line about a written folder, and a warning line for each thing left behind."""
    shown = shown_path(given) + (f" (a link to {shown_path(result.target)})" if given.is_symlink() else "")
    edited = len(result.edited)
    replaced = f"; replaced {edited} file{'s' if edited > 1 else ''} edited by hand: " if edited else ""
    print(f"{shown}: {what if result.wrote else unchanged}{replaced}{', '.join(map(shown_path, result.edited))}")
    for warning in result.warnings:
        say(f"warning: {warning}")


def config_file(args: argparse.Namespace) -> Path:
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


def run_build(report: Report, args: argparse.Namespace) -> int:
    from .sitebuild import BuildError, build_site

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
    shown = args.site_dir or Path(display_name(result.target))  # mkdocs.yml's site_dir, named from here
    _written(shown, result, presets, unchanged=presets)
    return EXIT_OK


def _show_mkdocs_warnings() -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s - %(message)s"))
    mkdocs_log = logging.getLogger("mkdocs")
    if not mkdocs_log.handlers:
        mkdocs_log.addHandler(handler)
    mkdocs_log.setLevel(logging.WARNING)


def run_check(report: Report, args: argparse.Namespace) -> int:
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
                from .sitebuild import BuildError, build_site

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
                    "1 file or folder it did not generate is"
                    if len(found.foreign) == 1
                    else f"{len(found.foreign)} files or folders it did not generate are"
                )
                print(
                    f"{shown}: connect-presets {command} refuses this folder until the {files} moved out of it",
                    file=sys.stderr,
                )
    return EXIT_DRIFT if stale else EXIT_OK


def _same_catalogue(first: Path | None, second: Path | None) -> bool:
    from .paths import bundled_catalog

    return Path(os.path.realpath(first or bundled_catalog())) == Path(os.path.realpath(second or bundled_catalog()))


def run_plan(report: Report, args: argparse.Namespace) -> int:
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
