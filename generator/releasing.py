"""`connect-presets diff` and `connect-presets release`: what they read and print. The work is in
versions/; this door resolves the sides, prints, and turns outcomes into exit codes."""

from __future__ import annotations

import argparse
import datetime
import re
import sys
from contextlib import ExitStack
from pathlib import Path

from .catalogue.source import resolve_root
from .catalogue.validate import validate
from .commands import say
from .errors import EXIT_INVALID, EXIT_OK, UsageError, shown_path
from .paths import bundled_catalog, bundled_releases
from .problems import CatalogError, display_name, format_text
from .reporting import Reporter
from .versions import impact, release, report, store
from .versions.diff import compare
from .versions.sources import Side, resolve


def run_diff(args: argparse.Namespace) -> int:
    with ExitStack() as stack:
        new_spec = args.new if args.new is not None else str(bundled_catalog())
        home = _catalogue_folder(new_spec)
        releases = store.releases_folder(home)
        if not releases.is_dir():  # a catalogue of one's own without releases: compare with the bundled ones
            releases = bundled_releases()
        new = resolve(new_spec, releases=releases, repository=home, stack=stack)
        if args.old is None:
            known = store.read_releases(releases)
            if not known:
                raise UsageError(f"no releases in {shown_path(releases)} to compare with; name the older side")
            old_spec = known[-1].version
        else:
            old_spec = args.old
        old = resolve(old_spec, releases=releases, repository=home, stack=stack)
        comparison = compare(old.documents, new.documents)
        outcome = report.Outcome(old, new, comparison, _impact(old, new, home, args.setups))
        if args.format == "json":
            sys.stdout.write(report.json_text(outcome))
        elif args.format == "markdown":
            sys.stdout.write(report.markdown(outcome))
        else:
            sys.stdout.write(report.text(outcome))
    return EXIT_INVALID if comparison.unclassified else EXIT_OK


def _catalogue_folder(spec: str) -> Path:
    """The folder the releases and the git history are looked for from: the catalogue's, else the
    working folder."""
    path = Path(spec)
    try:
        if path.is_dir() and (path / "catalog.yaml").is_file():
            return resolve_root(path)
    except OSError:
        pass
    return Path.cwd()


def _impact(old: Side, new: Side, home: Path, extra: list[Path]) -> tuple[impact.Account, ...] | None:
    if old.catalog is None or new.catalog is None:
        return None
    for folder in extra:
        if not folder.is_dir():
            raise UsageError(f"--setups {shown_path(folder)}: not a folder of setup files")
    examples = home.parent / "examples"
    folders = ([examples] if examples.is_dir() else []) + list(extra)
    return impact.impact(impact.setup_files(folders), old.catalog, new.catalog)


_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def run_release(args: argparse.Namespace) -> int:
    date = args.date or datetime.datetime.now(datetime.UTC).date().isoformat()
    try:
        valid_date = bool(_DATE.match(date)) and datetime.date.fromisoformat(date) is not None
    except ValueError:
        valid_date = False
    if not valid_date:
        raise UsageError(f"--date must be a day written YYYY-MM-DD (such as 2026-12-03), found {date!r}")
    result = validate(args.source)
    if args.strict:
        result = result.strict()
    with Reporter.of(args) as reporter:
        reporter.record(result.problems)
        if result.catalog is None:
            raise CatalogError(result.problems, acknowledged=len(result.acknowledged), outcome="no release made")
        sys.stderr.write(format_text(result.problems))
        if args.check:  # the version-gate hook: the gate's verdict, and nothing written
            say(release.preview(result.catalog))
            return EXIT_OK
        made = release.make(result.catalog, date)
    record = made.release
    kind = record["class"] or "first release"
    say(f"released {record['version']} ({kind}, {len(record['changes'])} change(s)) into {display_name(made.folder)}")
    return EXIT_OK
