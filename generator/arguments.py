"""The commands and options of `connect-presets`, for cli.py to parse."""

from __future__ import annotations

import argparse
from pathlib import Path


def parser() -> argparse.ArgumentParser:
    """The command line's commands and options; their help is the documentation `--help` shows."""
    top = argparse.ArgumentParser(
        prog="connect-presets", description="Validate the onboarding preset catalogue and export it as JSON configs."
    )
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = commands.add_parser("validate", help="check the catalogue and report every problem")
    check.add_argument("source", nargs="?", type=Path, help="catalogue folder (default: the bundled catalogue)")
    check.add_argument("--strict", action="store_true", help="count warnings as errors")
    _reporting(check, ("text", "json"), "text lines FILE:LINE:COL: PATH: message, or a JSON list")

    out = commands.add_parser("export", help="write index.json, presets/<id>.json and their schemas")
    out.add_argument("--source", type=Path, help="catalogue folder (default: the bundled catalogue)")
    out.add_argument("--out", type=Path, required=True, help="folder to write; replaced as a whole, atomically")
    out.add_argument("--strict", action="store_true", help="count warnings as errors")
    _reporting(out)

    drift = commands.add_parser("check", help="compare generated files on disk with what would be generated now")
    drift.add_argument(
        "--source",
        type=Path,
        help="catalogue folder (default: with --site-dir the one mkdocs.yml names, else the bundled one)",
    )
    drift.add_argument("--out", type=Path, help="an export folder to check")
    drift.add_argument("--site-dir", type=Path, help="a built site to check (built again in a temporary folder)")
    drift.add_argument("--schema-dir", type=Path, help="a folder of the catalogue's schemas to check (see schemas)")
    drift.add_argument(
        "--config-file", type=Path, help="mkdocs.yml for --site-dir (default: ./mkdocs.yml, else the bundled one)"
    )
    drift.add_argument("--strict", action="store_true", help="count warnings as errors")
    _reporting(drift)

    setup = commands.add_parser("plan", help="check an account's setup and give its checklist and routing")
    setup.add_argument("setup", type=Path, help="the setup file (YAML; see schema/setup.schema.json)")
    setup.add_argument("--source", type=Path, help="catalogue folder (default: the bundled catalogue)")
    _reporting(setup, ("text", "json", "markdown"), "the plan as text, JSON or Markdown")
    setup.add_argument("--strict", action="store_true", help="count catalogue warnings as errors")

    schemas = commands.add_parser("schemas", help="write the catalogue's JSON Schemas for editors, its ids listed")
    schemas.add_argument("--source", type=Path, help="catalogue folder (default: the bundled catalogue)")
    schemas.add_argument("--out", type=Path, help="folder to write (default: schema/ beside the catalogue folder)")
    schemas.add_argument("--strict", action="store_true", help="count warnings as errors")
    _reporting(schemas)

    diff = commands.add_parser(
        "diff", help="list every change between two catalogues, classified major, minor or patch, and its impact"
    )
    diff.add_argument(
        "old",
        nargs="?",
        help="the older side: a released version, a catalogue, release or export folder, or a git revision "
        "(default: the newest release)",
    )
    diff.add_argument("new", nargs="?", help="the newer side, as OLD (default: the bundled catalogue)")
    diff.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    diff.add_argument(
        "--setups",
        type=Path,
        action="append",
        default=[],
        help="a folder of setup files to re-plan under both sides (besides examples/ beside the catalogue)",
    )

    release = commands.add_parser("release", help="store the catalogue's export as an immutable release")
    release.add_argument("--source", type=Path, help="catalogue folder (default: the bundled catalogue)")
    release.add_argument("--date", help="the release's date, YYYY-MM-DD (default: today, in UTC)")
    release.add_argument("--strict", action="store_true", help="count warnings as errors")
    release.add_argument(
        "--check",
        action="store_true",
        help="write nothing: say what release would make, or fail with what the version gate refuses",
    )
    _reporting(release)

    render = commands.add_parser(
        "render",
        help="write the site as a project any Material-compatible generator builds without the plugin "
        "(mkdocs.yml and docs/)",
    )
    render.add_argument("--out", type=Path, required=True, help="folder to write; replaced as a whole, atomically")
    render.add_argument("--source", type=Path, help="catalogue folder (default: the one mkdocs.yml names)")
    render.add_argument("--config-file", type=Path, help="mkdocs.yml (default: ./mkdocs.yml, else the bundled one)")
    render.add_argument("--strict", action="store_true", help="count warnings as errors")
    _reporting(render)

    site = commands.add_parser("build", help="validate, export and build the documentation site")
    site.add_argument("--source", type=Path, help="catalogue folder (default: the one mkdocs.yml names)")
    site.add_argument("--site-dir", type=Path, help="folder to write the site to (default: site_dir of mkdocs.yml)")
    site.add_argument("--config-file", type=Path, help="mkdocs.yml (default: ./mkdocs.yml, else the bundled one)")
    site.add_argument(
        "--no-strict", dest="strict", action="store_false", help="let warnings pass (MkDocs and catalogue)"
    )
    site.add_argument(
        "--offline",
        action="store_true",
        help="a site that works opened from a folder or a zip (index.html): pages as .html files, search and "
        "the planner without a server (Material's offline plugin)",
    )
    _reporting(site)
    return top


REPORTED = ("text", "github", "sarif")
"""How a command reports its problems: text lines, GitHub workflow commands, or a SARIF log."""


def _reporting(command: argparse.ArgumentParser, own: tuple[str, ...] = (), about: str = "") -> None:
    """--format (the command's own formats, then github and sarif) and --site-url, for the help links."""
    choices = (*own, *REPORTED[1:]) if own else REPORTED
    command.add_argument(
        "--format",
        choices=choices,
        default="text",
        help=f"{about or 'how problems are reported: text lines on standard error'}; github: workflow commands "
        "(annotations) and a step summary, sarif: a SARIF 2.1.0 log, each alone on standard output",
    )
    command.add_argument(
        "--site-url",
        help="the documentation site's address, for links to its problem codes (default: site_url of the "
        "mkdocs.yml the command reads, if any)",
    )
