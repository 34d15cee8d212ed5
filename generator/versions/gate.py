"""The release gate: the catalogue's ``version`` against the changes since its last release.

Semantic versioning, read mechanically: the version must be raised by at least the largest class of
the changes since the newest release (major for a major change, minor for a minor one, patch for
wording), a version already released cannot name other content, and every major change needs a
migration note (``changelog:`` in catalog.yaml: why, and what a consumer must do). The findings are
located problems, so `validate`, `build` and CI report them with the catalogue's other problems,
before a release is attempted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..catalogue.model import Catalog
from ..catalogue.source import Source
from ..catalogue.validate import Report
from ..problems import Problem, sort_problems
from . import semver, store
from .diff import Change, Comparison, compare
from .locate import locate, locate_at
from .semver import ChangeClass
from .sources import Side, of_catalog, of_release


@dataclass(frozen=True)
class Entry:
    """The changelog entry of catalog.yaml for the catalogue's version, if it has one."""

    summary: str
    breaking: tuple[store.Breaking, ...]
    index: int | None
    """Its place in the changelog list, to locate problems with it."""


def entry_for(catalog_data: dict[str, Any], version: str) -> Entry:
    for index, item in enumerate(catalog_data.get("changelog") or ()):
        if item.get("version") == version:
            breaking = tuple(store.Breaking(b["at"], b["reason"], b["action"]) for b in item.get("breaking") or ())
            return Entry(item.get("summary", ""), breaking, index)
    return Entry("", (), None)


def covers(note: store.Breaking, change: Change) -> bool:
    return change.subject == note.at or change.subject.startswith(note.at + ".")


@dataclass(frozen=True)
class Verdict:
    """The gate's reading of a catalogue against its newest release."""

    latest: store.Release | None
    comparison: Comparison | None
    needed: ChangeClass | None
    """The smallest step of version the changes allow; None when nothing changed."""
    problems: tuple[Problem, ...]


def check(catalog: Catalog) -> Verdict:
    """The gate's problems for ``catalog``: none when it has no releases beside it."""
    releases = store.read_releases(store.releases_folder(catalog.source))
    if not releases:
        return Verdict(None, None, None, ())
    latest = releases[-1]
    newer = of_catalog(catalog, "catalogue")
    comparison = compare(of_release(latest, with_catalog=False).documents, newer.documents)
    assert newer.source is not None and newer.source.catalog is not None
    return Verdict(latest, comparison, comparison.change_class, tuple(_problems(catalog, latest, comparison, newer)))


def _problems(catalog: Catalog, latest: store.Release, comparison: Comparison, newer: Side) -> list[Problem]:
    source = newer.source
    assert source is not None and source.catalog is not None
    version_at = source.catalog.position(("version",))
    found: list[Problem] = []

    def at_version(message: str, code: str) -> None:
        found.append(Problem(source.catalog.file, *version_at, ("version",), message, code))  # type: ignore[union-attr]

    for item in comparison.unclassified:
        place = locate_at(item.file, item.new_pointer, source, "catalogue")
        where = f"{item.file} at {item.new_pointer or item.old_pointer or '/'}"
        found.append(
            Problem(
                place.file,
                place.line,
                place.column,
                place.path,
                f"a change the change table does not classify ({item.kind}, {where}); "
                "add a rule for it to generator/versions/changes.py before releasing",
                "unclassified-change",
            )
        )
    needed = comparison.change_class
    step = semver.bump(latest.version, catalog.version)
    if catalog.version == latest.version:
        if needed is not None:
            first = _largest(comparison)
            at_version(
                f"the catalogue has changed since release {latest.version} ({first.text}) but its version is still "
                f"{latest.version}; write version: {semver.next_version(latest.version, needed)}",
                "version-not-raised",
            )
        return found
    if step is None:
        at_version(
            f"version {catalog.version} is not after the newest release, {latest.version}; write version: "
            f"{semver.next_version(latest.version, needed or 'patch')}",
            "version-behind",
        )
        return found
    target = catalog.version
    if needed is not None and semver.CLASSES.index(step) < semver.CLASSES.index(needed):
        target = semver.next_version(latest.version, needed)
        first = _largest(comparison)
        at_version(
            f"a {step} step from {latest.version} is too small for a {needed} change ({first.text} "
            f"[{first.rule}]); write version: {target}",
            "version-too-small",
        )
    entry = entry_for(source.catalog.data, target)
    for change in comparison.changes:
        if change.change_class == "major" and not any(covers(note, change) for note in entry.breaking):
            found.append(_undocumented(change, target, source, entry))
    return found


def _largest(comparison: Comparison) -> Change:
    return next(c for c in comparison.changes if c.change_class == comparison.change_class)


def _undocumented(change: Change, version: str, source: Source, entry: Entry) -> Problem:
    place = locate(change, source, "catalogue")
    where = f"the changelog entry for {version}" if entry.index is not None else f"a changelog entry for {version}"
    return Problem(
        place.file,
        place.line,
        place.column,
        place.path,
        f"a major change needs a migration note: {change.text}; add to {where} in catalog.yaml: "
        f"breaking: [{{at: {change.subject}, reason: <why>, action: <what a consumer must do>}}]",
        "migration-note-missing",
    )


def gated(report: Report) -> Report:
    """``report`` with the gate's problems added: a valid catalogue whose version does not fit its
    changes becomes an invalid one, located at its version or at the change."""
    if report.catalog is None:
        return report
    problems = check(report.catalog).problems
    if not problems:
        return report
    merged = tuple(sort_problems([*report.problems, *problems]))
    return Report(merged, report.acknowledged, None)
