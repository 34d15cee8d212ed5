"""Catalogue versions as semantic versions: MAJOR.MINOR.PATCH, compared as numbers."""

from __future__ import annotations

import re
from typing import Literal

ChangeClass = Literal["major", "minor", "patch"]
CLASSES: tuple[ChangeClass, ...] = ("patch", "minor", "major")
"""From the smallest to the largest."""

_VERSION = re.compile(r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$")


def parse(version: str) -> tuple[int, int, int] | None:
    match = _VERSION.match(version)
    if match is None:
        return None
    major, minor, patch = (int(part) for part in match.groups())
    return major, minor, patch


def key(version: str) -> tuple[int, int, int]:
    """A sort key; a version that is not MAJOR.MINOR.PATCH sorts first."""
    return parse(version) or (-1, -1, -1)


def bump(old: str, new: str) -> ChangeClass | None:
    """The class of the step from ``old`` to ``new``: None when ``new`` is not greater."""
    before, after = parse(old), parse(new)
    if before is None or after is None or after <= before:
        return None
    if after[0] > before[0]:
        return "major"
    if after[1] > before[1]:
        return "minor"
    return "patch"


def next_version(old: str, change_class: ChangeClass) -> str:
    """The smallest version after ``old`` that a change of ``change_class`` allows."""
    major, minor, patch = parse(old) or (0, 0, 0)
    if change_class == "major":
        return f"{major + 1}.0.0"
    if change_class == "minor":
        return f"{major}.{minor + 1}.0"
    return f"{major}.{minor}.{patch + 1}"


def largest(classes: list[ChangeClass]) -> ChangeClass | None:
    return max(classes, key=CLASSES.index) if classes else None
