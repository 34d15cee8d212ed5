"""Names a reader cannot tell apart.

Two presets called "CRM" and "CRM" (one with a zero-width space, one with a Cyrillic "С", one
with a full-width "Ｍ") look the same on the site and in a plan, yet are different text. A name's
*reading* is what a reader sees: the text in Unicode's compatibility form (NFKC), without the
characters that draw nothing, and with each letter that has a look-alike in another script
replaced by one of its group. Two names with one reading are duplicates to a reader.

The look-alike letters are Unicode's confusables (UTS #39), from the confusable-homoglyphs
package's table; it is loaded only for a name that holds a character outside ASCII, which the
real catalogue's names do not, so validation does not pay for it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator
from functools import cache
from typing import TypeVar

T = TypeVar("T")

IGNORABLE = frozenset("\u034f\u115f\u1160\u17b4\u17b5\u3164\uffa0") | frozenset(map(chr, range(0xFE00, 0xFE10)))
"""Default-ignorable characters that are not format characters (those are found by category):
published for the browser's planner."""


def _visible(text: str) -> str:
    return "".join(c for c in text if unicodedata.category(c) != "Cf" and c not in IGNORABLE)


def _normal(text: str) -> str:
    return unicodedata.normalize("NFKC", _visible(text))


@cache
def look_alikes() -> dict[str, str]:
    """Every non-ASCII letter that has look-alikes, mapped to one letter of its group (the lowest
    code point among it and its single-letter confusables); published for the browser's planner."""
    import json
    from importlib.resources import files

    table = json.loads(files("confusable_homoglyphs").joinpath("confusables.json").read_text("utf-8"))
    groups = {}
    for char, homoglyphs in table.items():
        if len(char) == 1 and not char.isascii():
            group = min([char, *(h["c"] for h in homoglyphs if len(h["c"]) == 1)])
            if group != char:
                groups[char] = group
    return dict(sorted(groups.items()))


def _group_of(char: str) -> str:
    return look_alikes().get(char, char)


def reading(name: str) -> str:
    """What a reader sees of ``name``: equal readings cannot be told apart on a page."""
    text = _normal(name)
    if text.isascii():
        return text
    return "".join(c if c.isascii() else _group_of(c) for c in text)


DIFFERENCES = {
    "same": "the same name",
    "invisible": "names that differ only by an invisible character",
    "normalised": "names that differ only by how Unicode writes a character (such as a full-width letter or a ligature)",
    "look-alike": "names that differ only by a look-alike letter from another script",
}
"""How two names of one reading differ, in words (published for the browser's planner)."""


def how_differ(first: str, second: str) -> str:
    """Which of DIFFERENCES two names of one reading show."""
    if first == second:
        return "same"
    if _visible(first) == _visible(second):
        return "invisible"
    if _normal(first) == _normal(second):
        return "normalised"
    return "look-alike"


def difference(first: str, second: str) -> str:
    """How two names of one reading differ, in words."""
    return DIFFERENCES[how_differ(first, second)]


def alike(entries: Iterable[tuple[str, T]]) -> Iterator[tuple[str, T, str, T]]:
    """Each entry whose name reads like an earlier one's: ``(name, entry, earlier name, earlier entry)``."""
    first: dict[str, tuple[int, str, T]] = {}
    for i, (name, entry) in enumerate(entries):
        j, earlier, earlier_entry = first.setdefault(reading(name), (i, name, entry))
        if j != i:
            yield name, entry, earlier, earlier_entry
