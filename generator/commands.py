"""What each command does and prints, given the validated catalogue: the command line (cli.py)
parses the arguments, validates, and calls one of these. What stops a command is raised, as one
of the exceptions of errors.py, for cli.py's one handler to show."""

from __future__ import annotations

import argparse
import contextlib
import itertools
import os
import stat
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from .catalogue.model import Catalog
from .catalogue.validate import Report, validate
from .errors import EXIT_DRIFT, EXIT_INVALID, EXIT_OK, PROGRAM, ToolError, UsageError, os_reason, shown_path
from .paths import mkdocs_config
from .problems import CatalogError, display_name, format_json, format_text, summary
from .reporting import Reporter

if TYPE_CHECKING:
    from .output.write import Input, WriteResult


def say(message: str) -> None:
    """One line on standard error, if there is one to write to."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        sys.stderr.write(f"{PROGRAM}: {message}\n")
        sys.stderr.flush()


def _catalogue(report: Report, outcome: str, reporter: Reporter | None = None) -> Catalog:
    """The validated catalogue, its warnings said on standard error first; when it is invalid, a
    CatalogError that shows every problem and the summary with ``outcome`` ("nothing written").
    The problems are recorded in ``reporter`` too, for its format (--format github or sarif)."""
    if reporter is not None:
        reporter.record(report.problems)
    if report.catalog is None:
        raise CatalogError(report.problems, acknowledged=len(report.acknowledged), outcome=outcome)
    sys.stderr.write(format_text(report.problems))
    return report.catalog


def run_validate(report: Report, args: argparse.Namespace) -> int:
    if args.format == "json":
        sys.stdout.write(format_json(report.problems))
    else:  # text, or github and sarif with the text on standard error
        with Reporter.of(args) as reporter:
            reporter.record(report.problems)
            reporter.lines.write(format_text(report.problems))
            valid = report.catalog is not None
            print(summary(report.problems, len(report.acknowledged), valid=valid), file=reporter.lines)
    return EXIT_OK if report.catalog is not None else EXIT_INVALID


def run_export(report: Report, args: argparse.Namespace) -> int:
    with Reporter.of(args) as reporter:
        return _export(report, args.out, reporter)


def _export(report: Report, out: Path, reporter: Reporter) -> int:
    from .output import export, write
    from .paths import bundled_catalog, schema_dir, template_dir

    catalog = _catalogue(report, "nothing written", reporter)
    project = mkdocs_config().parent  # the bundled site project: docs and examples beside its mkdocs.yml
    inputs = [
        write.Input("the catalogue", catalog.source),
        write.Input("the bundled catalogue", bundled_catalog()),
        write.Input("the schema folder", schema_dir()),
        write.Input("the templates folder", template_dir()),
        write.Input("the docs folder", project / "site_src"),
        write.Input("the examples folder", project / "examples"),
        *_local_site_inputs(out, catalog.source),
    ]
    result = write.write_tree(out, export.render(catalog), inputs=inputs)
    what = f"wrote {len(result.changed)} changed file(s) for {len(catalog.presets)} presets"
    _written(out, result, what, lines=reporter.lines)
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
    from .mkdocs_adapter.build import load_site_config

    try:
        return list(load_site_config(local, strict=False).inputs(catalog))
    except ToolError:
        return []


def _written(
    given: Path, result: WriteResult, what: str, unchanged: str = "up to date", *, lines: TextIO | None = None
) -> None:
    """The one line about a written folder (on ``lines``, standard output unless a format owns it),
    and a warning line for each thing left behind."""
    shown = shown_path(given) + (f" (a link to {shown_path(result.target)})" if given.is_symlink() else "")
    edited = len(result.edited)
    replaced = f"; replaced {edited} file{'s' if edited > 1 else ''} edited by hand: " if edited else ""
    print(
        f"{shown}: {what if result.wrote else unchanged}{replaced}{', '.join(map(shown_path, result.edited))}",
        file=lines or sys.stdout,
    )
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


def read_site_config(args: argparse.Namespace) -> None:
    """`build`, and `check --site-dir`: mkdocs.yml read once (MkDocs' log shown from then on); its
    catalogue is the run's unless --source says otherwise, its site_dir the site's unless --site-dir does."""
    from .mkdocs_adapter.build import load_site_config

    _show_mkdocs_log()
    args.site_config = load_site_config(config_file(args), strict=args.command == "check" or args.strict)
    if args.source is None:
        args.source = args.site_config.catalog
    if args.command == "build" and args.site_dir is None and args.config_file is None:
        if args.site_config.config_file == mkdocs_config():  # no ./mkdocs.yml: the bundled project's
            args.site_dir = Path("site")  # beside it may be an installed package: ./site, as before


def _show_mkdocs_log() -> None:
    """MkDocs' warnings and errors, on standard error as they happen (as `mkdocs build` shows them)."""
    import logging  # here: only `build` and `check` run MkDocs, and the other commands start sooner

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s - %(message)s"))
    mkdocs_log = logging.getLogger("mkdocs")
    if not mkdocs_log.handlers:
        mkdocs_log.addHandler(handler)
    mkdocs_log.setLevel(logging.WARNING)


def run_build(report: Report, args: argparse.Namespace) -> int:
    with Reporter.of(args) as reporter:
        return _build(report, args, reporter)


def _build(report: Report, args: argparse.Namespace, reporter: Reporter) -> int:
    from .mkdocs_adapter.build import build_site

    catalog = _catalogue(report, "nothing written", reporter)
    result = build_site(
        args.site_config, args.site_dir, args.source, strict=args.strict, validated=catalog, offline=args.offline
    )
    presets = f"site with {len(catalog.presets)} presets and their configs under configs/"
    shown = args.site_dir or Path(display_name(result.target))  # mkdocs.yml's site_dir, named from here
    _written(shown, result, presets, unchanged=presets, lines=reporter.lines)
    return EXIT_OK


def run_schemas(report: Report, args: argparse.Namespace) -> int:
    with Reporter.of(args) as reporter:
        return _schemas(report, args, reporter)


def _schemas(report: Report, args: argparse.Namespace, reporter: Reporter) -> int:
    from . import schemafiles

    catalog = _catalogue(report, "nothing written", reporter)
    folder = args.out if args.out is not None else schemafiles.folder_for(catalog.source)
    written = schemafiles.write(folder, schemafiles.files_for(catalog))
    what = f"wrote {len(written)} changed file(s): {', '.join(written)}" if written else "up to date"
    print(f"{shown_path(args.out) if args.out is not None else display_name(folder)}: {what}", file=reporter.lines)
    return EXIT_OK


def run_check(report: Report, args: argparse.Namespace) -> int:
    if args.out is None and args.site_dir is None and args.schema_dir is None:
        raise UsageError("check needs --out DIR, --site-dir DIR, --schema-dir DIR or more than one")
    with Reporter.of(args) as reporter:
        return _check(report, args, reporter)


def _check(report: Report, args: argparse.Namespace, reporter: Reporter) -> int:
    from . import checking, schemafiles

    catalog = _catalogue(report, "nothing compared", reporter)
    outputs = []
    if args.out is not None:
        outputs.append(checking.export_output(args.out, _exported(args, catalog, reporter)))
    if args.site_dir is not None:
        outputs.append(checking.site_output(args.site_dir, args.site_config, args.source, catalog))
    comparisons = checking.compare(outputs)
    if args.schema_dir is not None:  # beside hand-written schemas, without a manifest: compared file by file
        schemas = schemafiles.comparison(args.schema_dir, _exported(args, catalog, reporter), args.export_source)
        comparisons = itertools.chain(comparisons, [schemas])
    stale = False
    for compared in comparisons:
        if not compared.found:
            print(f"{compared.shown}: up to date", file=reporter.lines)
            continue
        stale = True
        reporter.lines.writelines(compared.diff_lines())
        found, command = compared.found, compared.output.command
        print(f"{compared.shown}: not up to date ({found.counts()}); run {PROGRAM} {command}", file=sys.stderr)
        if (refusal := compared.refusal()) is not None:
            print(f"{compared.shown}: {refusal}", file=sys.stderr)
    return EXIT_DRIFT if stale else EXIT_OK


def _exported(args: argparse.Namespace, catalog: Catalog, reporter: Reporter) -> Catalog:
    """The catalogue --out is compared from: what `export` reads (--source, else the bundled one),
    which with --site-dir and no --source is not the site's (mkdocs.yml names that one)."""
    if _same_catalogue(args.export_source, args.source):
        return catalog
    report = validate(args.export_source)
    return _catalogue(report.strict() if args.strict else report, "nothing compared", reporter)


def _same_catalogue(first: Path | None, second: Path | None) -> bool:
    from .paths import bundled_catalog

    return Path(os.path.realpath(first or bundled_catalog())) == Path(os.path.realpath(second or bundled_catalog()))


def run_plan(report: Report, args: argparse.Namespace) -> int:
    with Reporter.of(args, prefer="plan") as reporter:
        return _plan(report, args, reporter)


def _plan(report: Report, args: argparse.Namespace, reporter: Reporter) -> int:
    """In github and sarif mode the plan's problems are the report, and the plan itself, as text,
    goes to standard error with the command's other lines."""
    from .planning import format as planformat
    from .planning import plan, read_setup

    catalog = _catalogue(report, "no plan", reporter)  # its warnings on standard error, not among the plan
    setup, problems = read_setup(args.setup)
    # A setup that cannot be read at all is a wrong path, like a missing catalogue; one that was
    # read and is wrong (too large, bad YAML, against its schema) gets located problems.
    unreadable = next((p for p in problems if p.code == "unreadable"), None)
    if unreadable is not None:
        raise UsageError(f"{unreadable.file}: {unreadable.message}")
    if setup is None:
        reporter.record(problems)
        reporter.lines.write(format_json(problems) if args.format == "json" else format_text(problems))
        return EXIT_INVALID
    result = plan(setup, catalog)
    reporter.record(result.problems)
    render = {"json": planformat.as_json_text, "markdown": planformat.markdown}.get(args.format, planformat.text)
    reporter.lines.write(render(result))
    return EXIT_INVALID if result.errors else EXIT_OK
