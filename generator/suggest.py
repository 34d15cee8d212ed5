""" "Did you mean": one rule, simple enough to state in a sentence and to write again in the browser.

The suggestion for a mistyped id is the known id that the fewest single-character edits (insert,
delete or replace a character, or swap two neighbours; ASCII letters compared without case) turn it into, provided that is at
most one edit for every three characters written (and at least one), a tie going to the id listed
first; failing that, the first id that begins with what was written or that what was written begins
with, both being three characters or more.
site_src/javascripts/planner-rules.js writes the same rule; the planner corpus holds both to it.

>>> closest("e-comerce", ["crm", "e-commerce"])
'e-commerce'
>>> closest("e-fulfilment", ["crm", "e-fulfilment-system"])
'e-fulfilment-system'
>>> closest("xyz", ["crm", "e-commerce"]) is None
True
"""

from __future__ import annotations

from collections.abc import Iterable

_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def ascii_lower(text: str) -> str:
    """A label inside a sentence: its ASCII capitals in lower case, every other character as written
    (one rule the browser's planner writes the same way, where Unicode's lower case varies)."""
    return text.translate(_ASCII_LOWER)


DID_YOU_MEAN = "did you mean '{close}'?"
"""The suggestion, as every reporter words it (the planner publishes it for the browser)."""
WRITE_ONE_OF = "write one of"
"""What a listing of the ids to choose from follows, unless a reporter names where they are listed."""
LISTED = 5
"""How many of the closest ids a listing too long to give whole names."""
LONGEST_LISTING = 300
"""Characters of a listing of every id, beyond which only the closest ones are named."""
RANKED = 60
"""Characters of a long value that ranking the closest ids reads (a pasted paragraph costs no more)."""


def edits(written: str, known: str) -> int:
    """The fewest single-character inserts, deletes, replacements and swaps of two neighbours from one
    text to the other (optimal string alignment distance, by code point; ASCII letters without case)."""
    a, b = ascii_lower(written), ascii_lower(known)
    before: list[int] = []
    row = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        earlier, before, row = before, row, [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            row[j] = min(before[j] + 1, row[j - 1] + 1, before[j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], earlier[j - 2] + 1)
    return row[-1]


def closest(written: str, known: Iterable[str]) -> str | None:
    """The suggestion for ``written`` among ``known`` (in their listed order), or None."""
    allowed = max(1, len(written) // 3)
    known = list(known)
    best: tuple[int, str] | None = None
    for candidate in known:
        if abs(len(candidate) - len(written)) > allowed:
            continue  # too long or too short to be that close: not worth measuring
        distance = edits(written, candidate)
        if distance <= allowed and (best is None or distance < best[0]):
            best = (distance, candidate)
    if best is not None:
        return best[1]
    if len(written) < 3:
        return None
    start = ascii_lower(written)
    for candidate in known:
        other = ascii_lower(candidate)
        if len(other) >= 3 and (other.startswith(start) or start.startswith(other)):
            return candidate
    return None


def listing(written: str, known: Iterable[str]) -> str:
    """Every known id, comma-separated; when that is too long to read, the closest few, then "...".
    (Closest by the same count of edits from the first RANKED characters written, ties in listed order.)"""
    ids = list(known)
    whole = ", ".join(ids)
    if len(whole) <= LONGEST_LISTING:
        return whole
    start = written[:RANKED]
    ranked = sorted(range(len(ids)), key=lambda n: (edits(start, ids[n]), n))
    return ", ".join(ids[n] for n in ranked[:LISTED]) + ", ..."


def hint(written: str, known: Iterable[str], lead: str = WRITE_ONE_OF, *, empty: str = "none") -> str:
    """ "did you mean 'x'?" when one id is close, else "<lead>: <listing>" (``empty`` when there is no id)."""
    ids = list(known)
    close = closest(written, ids)
    if close is not None:
        return DID_YOU_MEAN.format(close=close)
    return f"{lead}: {listing(written, ids) or empty}"
