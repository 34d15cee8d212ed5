"""Every problem code the tools can report, with its severity and a short description: one registry.

The two rule tables (catalogue/rules.py, planning/rules.py) keep their own words and feed it; the codes
made outside them (reading a file, its schema, the release gate, the Python API) are worded here and
nowhere else. The developers' page lists every row with an anchor a report can link to (``help``), the
README's tables are made from the same rows (tests/readme_tables.py), and tests/test_ci_formats.py holds
the registry to every code a ``Problem`` in the code base can carry.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..catalogue import rules as catalogue_rules
from ..planning import rules as planning_rules

DEVELOPERS_PAGE = "developers/"
"""The page of the site that lists the codes, as a link from the site's root reads it."""


@dataclass(frozen=True)
class Code:
    code: str
    severity: str
    """``error``, ``warning``, or in words how the catalogue decides (the planner's order rules)."""
    summary: str
    """What it finds, in a few words (Markdown: a code span at most)."""
    group: str
    """Which table of the page lists it: a key of GROUPS."""


GROUPS = {
    "files": "Reading a file: every command that reads the catalogue, a setup or an example",
    "catalogue": "The validator: `connect-presets validate`",
    "release": "The release gate: `validate`, `export`, `check` and `build` beside a catalogue's releases",
    "plan": "The planner: `connect-presets plan` and Plan your setup",
}
"""The tables of the page, in its order, with their headings."""

_FILES = (
    ("unreadable", "a file or folder that cannot be read, or a path that is not a regular file"),
    ("too-large", "a file larger than the tools read (a few kilobytes is what one holds)"),
    ("encoding", "a file that is not UTF-8 text"),
    ("yaml-syntax", "text that is not YAML, such as a tab that indents"),
    ("yaml-character", "a character YAML does not allow in its text"),
    ("yaml-duplicate-key", "a key given twice in one mapping"),
    ("yaml-anchor", "an anchor (`&name`): each value is written out in full"),
    ("yaml-alias", "an alias (`*name`): each value is written out in full"),
    ("yaml-tag", "a tag (`!name`) on a value"),
    ("yaml-complex-key", "a key that is a list or a mapping, not plain text"),
    ("yaml-too-deep", "nesting deeper than the tools read"),
    ("yaml-multiple-documents", "a second YAML document (`---`) in one file"),
    ("yaml-version", "a `%YAML` directive of a version other than 1.2"),
    ("yaml-ambiguous-boolean", "a word YAML 1.1 reads as a boolean (`Yes`, `on`, `n`)"),
    ("yaml-ambiguous-number", "a number YAML 1.1 reads as another number (a leading zero, `1_000`, `1:30`)"),
    ("yaml-ambiguous-date", "a value YAML 1.1 reads as a date"),
    ("yaml-number-too-long", "a number with more digits than a number may have"),
    ("yaml-number-too-large", "a number too large to be anything but infinity"),
    ("too-many-values", "a file with more values than the tools read"),
    ("too-many-problems", "the count of a file's problems past the first hundred, which are not shown"),
    ("schema", "a value, key or shape the file's JSON Schema does not allow"),
    ("unknown-file", "a file or folder that does not belong where it is, such as `presets/x.yml`"),
    ("file-name", "an example file whose name is not its account's"),
    ("usage", "the Python API's `load_catalog` given a path that is not a catalogue folder"),
)

_RELEASE = (
    ("unclassified-change", "a change the change table does not classify"),
    ("version-not-raised", "a catalogue changed since its newest release with the same version"),
    ("version-behind", "a version that is not after the newest release's"),
    ("version-too-small", "a version step smaller than the changes need (a minor step for a major change)"),
    ("migration-note-missing", "a major change without a migration note in the changelog entry"),
)


def registry() -> tuple[Code, ...]:
    """Every code, in the page's order: by table, each table in its own order."""
    rows = [Code(code, "error", summary, "files") for code, summary in _FILES]
    rows += [Code(r.code, r.severity.value, r.summary, "catalogue") for r in catalogue_rules.RULES]
    rows += [Code(code, "error", summary, "release") for code, summary in _RELEASE]
    rows += [
        Code(r.code, r.severity.value if r.severity else r.varies, r.summary, "plan") for r in planning_rules.RULES
    ]
    return tuple(rows)


def rows(group: str) -> list[tuple[str, str, str]]:
    """(code, severity, summary) of one table: the page's and the README's."""
    return [(c.code, c.severity, c.summary) for c in registry() if c.group == group]


def codes() -> frozenset[str]:
    return frozenset(c.code for c in registry())


def anchor(entry: Code) -> str:
    """The page's HTML id for ``entry``: ``problem-<code>``; a code in two tables (``duplicate-name``,
    of catalogues and of setups) is ``problem-<table>-<code>`` in its later one, so each id is one row."""
    first = next(c for c in registry() if c.code == entry.code)
    return f"problem-{entry.code}" if first == entry else f"problem-{entry.group}-{entry.code}"


def describe(code: str, prefer: str = "catalogue") -> Code:
    """The row for ``code`` in the words of the table ``prefer`` when it has one (the planner's
    ``duplicate-name`` is about systems, the validator's about entries); an unknown code (a bug the
    tests look for) is described as such rather than failing a report."""
    found = [c for c in registry() if c.code == code]
    if not found:
        return Code(code, "error", "a problem code the registry does not list", "files")
    return next((c for c in found if c.group == prefer), found[0])


def help_link(entry: Code, site_url: str | None) -> str | None:
    """The address of ``entry``'s row on the site, when the site's address is known."""
    if not site_url:
        return None
    return f"{site_url.rstrip('/')}/{DEVELOPERS_PAGE}#{anchor(entry)}"


def help_place(entry: Code) -> str:
    """Where the row is, for a report without the site's address: the page and the anchor."""
    return f"{DEVELOPERS_PAGE}#{anchor(entry)}"
