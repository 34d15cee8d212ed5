"""What every semantic rule of the catalogue uses: the ids a file may refer to, and the problems of an
unknown or repeated id, each worded once."""

from __future__ import annotations

import difflib
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from typing import Any

from .problems import Path_, Problem
from .yamlread import Document


@dataclass(frozen=True)
class Vocabulary:
    """The ids a file may refer to, as dicts: ordered for messages, hashed for look-ups."""

    data_types: dict[str, None]
    kinds: dict[str, dict[str, Any]]
    systems: dict[str, dict[str, Any]]
    conditions: dict[str, None]
    presets: dict[str, None]


def resolves(data: Any, dotted_path: str) -> bool:
    for part in dotted_path.split("."):
        if not isinstance(data, dict) or part not in data:
            return False
        data = data[part]
    return True


def reference(
    doc: Document, path: Path_, value: str, known: Collection[str], what: str, where: str, *, key: bool = False
) -> Iterator[Problem]:
    if value in known:
        return
    listing = ", ".join(known) if known else "none yet"
    if len(listing) > 300:  # a large catalogue: name the closest ids, not all of them
        listing = ", ".join(difflib.get_close_matches(value, list(known), n=5, cutoff=0)) + ", ..."
    yield doc.problem(
        path, f"unknown {what} '{value}'; catalog.yaml {where} has: {listing}", "unknown-reference", key=key
    )


def duplicates(doc: Document, path: Path_, ids: list[str], suffix: Path_) -> Iterator[Problem]:
    first: dict[str, int] = {}
    for i, item_id in enumerate(ids):
        if item_id in first:
            yield doc.problem(
                (*path, i, *suffix),
                f"'{item_id}' is listed twice (first on line {doc.position((*path, first[item_id], *suffix))[0]}); each id appears once",
                "duplicate-id",
            )
        first.setdefault(item_id, i)
