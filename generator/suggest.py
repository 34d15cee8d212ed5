""" "Did you mean": one rule, simple enough to state in a sentence and to write again in the browser.

The suggestion for a mistyped id is the known id that the fewest single-character edits (insert,
delete or replace a character; ASCII letters compared without case) turn it into, provided that is at
most one edit for every three characters written (and at least one), a tie going to the id listed
first; failing that, the first id that begins with what was written, if that is three characters or more.
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

from .wording import ascii_lower

LISTED = 5
"""How many of the closest ids a listing too long to give whole names."""
LONGEST_LISTING = 300
"""Characters of a listing of every id, beyond which only the closest ones are named."""


def edits(written: str, known: str) -> int:
    """The fewest single-character inserts, deletes and replacements from one text to the other
    (Levenshtein distance, by code point; ASCII letters without case)."""
    a, b = ascii_lower(written), ascii_lower(known)
    row = list(range(len(b) + 1))
    for i, char in enumerate(a, start=1):
        diagonal, row[0] = row[0], i
        for j, other in enumerate(b, start=1):
            diagonal, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, diagonal + (char != other))
    return row[-1]


def closest(written: str, known: Iterable[str]) -> str | None:
    """The suggestion for ``written`` among ``known`` (in their listed order), or None."""
    allowed = max(1, len(written) // 3)
    known = list(known)
    best: tuple[int, str] | None = None
    for candidate in known:
        distance = edits(written, candidate)
        if distance <= allowed and (best is None or distance < best[0]):
            best = (distance, candidate)
    if best is not None:
        return best[1]
    if len(written) >= 3:
        start = ascii_lower(written)
        return next((candidate for candidate in known if ascii_lower(candidate).startswith(start)), None)
    return None


def listing(written: str, known: Iterable[str]) -> str:
    """Every known id, comma-separated; when that is too long to read, the closest few, then "...".
    (Closest by the same count of edits, ties in listed order.)"""
    ids = list(known)
    whole = ", ".join(ids)
    if len(whole) <= LONGEST_LISTING:
        return whole
    ranked = sorted(range(len(ids)), key=lambda n: (edits(written, ids[n]), n))
    return ", ".join(ids[n] for n in ranked[:LISTED]) + ", ..."


def hint(written: str, known: Iterable[str]) -> str:
    """ "did you mean 'x'?" when one id is close, else "write one of: ..."."""
    ids = list(known)
    close = closest(written, ids)
    return f"did you mean '{close}'?" if close is not None else f"write one of: {listing(written, ids)}"
