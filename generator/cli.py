"""The command line: parse arguments, call the pipeline, print, exit. Nothing else."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from . import export, write
from .problems import format_json, format_text
from .source import UsageError
from .validate import Report, validate

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2


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
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        report = validate(args.source)
    except UsageError as error:
        return _usage(str(error))
    if args.strict:
        report = report.strict()
    if args.command == "validate":
        return _validate(report, args.format)
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
    sys.stderr.write(format_text(report.problems))
    if report.catalog is None:
        print(_summary(report) + "; nothing written", file=sys.stderr)
        return EXIT_INVALID
    try:
        result = write.write_tree(out, export.render(report.catalog), owned_by=export.INDEX)
    except (write.WriteError, OSError) as error:
        return _usage(str(error))
    if result.wrote:
        print(f"{out}: wrote {len(result.changed)} changed file(s) for {len(report.catalog.presets)} presets")
    else:
        print(f"{out}: up to date")
    return EXIT_OK
