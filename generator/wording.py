"""The phrases every renderer shares: periods, first imports, routing endpoints, Markdown-safe text.

The site's templates, the plan's text and Markdown, and the worked examples say these the same way
because they say them through this module. It imports no template engine and no exporter, so that
`connect-presets plan` starts without either.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .suggest import ascii_lower

if TYPE_CHECKING:
    from .catalogue.model import FirstImport
    from .planning import ChecklistItem, Endpoint

# Python-Markdown (with pymdownx.escapeall) takes a backslash before any punctuation as
# "this character, literally"; & < > become entities so no raw HTML gets through.
_MD_ESCAPE = {ord(ch): "\\" + ch for ch in "\\`*_{}[]()#+-.!|:~^=?"}
_MD_ESCAPE |= {ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;"}
_UNIT_NAMES = {
    "year": ("year", "years"),
    "month": ("month", "months"),
    "week": ("week", "weeks"),
    "day": ("day", "days"),
}


WHEN_POSSIBLE = " (when possible)"
"""After a first-import period the page marks "(when possible)"."""
NOT_IMPORTED = " (not imported)"
"""On the site, after a period the page gives for data its table shows the preset does not import."""
_EDGE_SPACE = " \t\n\r"


def trim(text: str) -> str:
    """Catalogue text without the spaces, tabs and line breaks at its ends (a YAML block scalar ends in
    one); the browser's planner trims the same four characters."""
    return text.strip(_EDGE_SPACE)


def json_bytes(document: object) -> bytes:
    """The one serialisation of every JSON file the tool writes: stable, 2-space indent, final newline.

    Byte for byte what ``json.dumps(document, indent=2, ensure_ascii=False)`` writes (a test
    holds it to that), ten times faster: the standard library indents in pure Python.
    """
    import orjson  # here: `plan` in text or Markdown never pays for its import

    return orjson.dumps(document, option=orjson.OPT_INDENT_2) + b"\n"


def md_text(text: str) -> str:
    """Text as literal Markdown inline text: one line, no markup, no links."""
    return re.sub(r"\s+", " ", text).translate(_MD_ESCAPE)


def period_text(first_import: FirstImport) -> str:
    """``P1Y`` -> '1 year', ``P10Y`` -> '10 years', ``P1Y6M`` -> '1 year and 6 months'."""
    return parts_text(first_import.parts)


def parts_text(parts: tuple[tuple[int, str], ...]) -> str:
    """((1, 'year'), (6, 'month')) -> '1 year and 6 months'."""
    return " and ".join(f"{amount} {_UNIT_NAMES[unit][amount != 1]}" for amount, unit in parts)


def periods(first_import: tuple[FirstImport, ...]) -> str:
    """'orders 7 days, organisations 10 years (when possible)'."""
    return ", ".join(
        f"{ascii_lower(fi.data_type.label)} {period_text(fi)}" + (WHEN_POSSIBLE if fi.when_possible else "")
        for fi in first_import
    )


def first_imports(item: ChecklistItem) -> str:
    """A checklist item's first imports; periods the page gives for data the preset does not import are
    named apart, so that they never read as imports."""
    happen, not_imported = periods(item.first_import), periods(item.periods_not_imported)
    if not not_imported:
        return happen
    aside = f"the page also gives periods for data this preset does not import: {not_imported}"
    return f"{happen} ({aside})" if happen else aside


def endpoint(end: Endpoint) -> str:
    """A system in a route: 'Newsletter platform (when applicable, see note)'."""
    extra = [end.condition.label] if end.condition else []
    extra += ["see note"] if end.note else []
    return end.name + (f" ({', '.join(extra)})" if extra else "")


def endpoints(ends: tuple[Endpoint, ...]) -> str:
    return ", ".join(endpoint(end) for end in ends)
