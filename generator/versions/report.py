"""A comparison as text (one located line per change), as JSON (with each change's RFC 6902 patch) and
as Markdown (for a pull request's comment), with the impact on setups beside it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..printable import one_line
from ..wording import md_text
from . import semver
from .diff import Change, Comparison
from .impact import Account
from .locate import Place, locate, locate_at
from .semver import ChangeClass
from .sources import Side

HEADINGS: dict[ChangeClass, str] = {"major": "Breaking changes", "minor": "Additions", "patch": "Wording"}
"""How each class is named to readers (the changelog page says the same)."""


@dataclass(frozen=True)
class Outcome:
    old: Side
    new: Side
    comparison: Comparison
    impact: tuple[Account, ...] | None
    """None when a side has no catalogue to plan with (an export folder)."""


def _places(outcome: Outcome) -> list[tuple[Change, Place]]:
    return [(c, locate(c, outcome.new.source, outcome.new.label)) for c in outcome.comparison.changes]


def _verdict(outcome: Outcome) -> str:
    comparison = outcome.comparison
    counts = ", ".join(f"{comparison.count(c)} {c}" for c in reversed(semver.CLASSES))
    total = len(comparison.changes)
    line = f"{total} change(s) from {outcome.old.label} to {outcome.new.label}: {counts}"
    if comparison.change_class is not None and outcome.old.version and semver.parse(outcome.old.version):
        line += f"; the next version is at least {semver.next_version(outcome.old.version, comparison.change_class)}"
    if comparison.unclassified:
        line += f"; {len(comparison.unclassified)} change(s) the table does not classify"
    return line


def _unclassified_places(outcome: Outcome) -> Iterator[tuple[str, Place]]:
    for item in outcome.comparison.unclassified:
        place = locate_at(item.file, item.new_pointer, outcome.new.source, outcome.new.label)
        pointer = item.new_pointer or item.old_pointer or "/"
        yield f"a change the change table does not classify: {item.kind} in {item.file} at {pointer}", place


def text(outcome: Outcome) -> str:
    lines = [f"{p.file}:{p.line}:{p.column}: {c.change_class}: {c.text} [{c.rule}]" for c, p in _places(outcome)]
    lines += [
        f"{p.file}:{p.line}:{p.column}: error: {message} [unclassified]" for message, p in _unclassified_places(outcome)
    ]
    lines.append(_verdict(outcome))
    lines += _impact_lines(outcome)
    return "".join(one_line(line) + "\n" for line in lines)


def _impact_lines(outcome: Outcome) -> list[str]:
    if outcome.impact is None:
        return ["impact on setups: not known, a side is an export without its catalogue"]
    lines = [f"impact on {len(outcome.impact)} setup(s):"]
    for account in outcome.impact:
        if not account.changes:
            lines.append(f"  {account.name} ({account.file}): planned the same")
            continue
        lines.append(f"  {account.name} ({account.file}):")
        lines += [f"    {line}" for line in account.changes]
    return lines


def as_json(outcome: Outcome) -> dict[str, Any]:
    return {
        "old": {"label": outcome.old.label, "version": outcome.old.version},
        "new": {"label": outcome.new.label, "version": outcome.new.version},
        "class": outcome.comparison.change_class,
        "changes": [
            {**c.as_json(), "location": {"file": p.file, "line": p.line, "column": p.column}}
            for c, p in _places(outcome)
        ],
        "unclassified": [
            {"message": message, "location": {"file": p.file, "line": p.line, "column": p.column}}
            for message, p in _unclassified_places(outcome)
        ],
        "impact": None
        if outcome.impact is None
        else [{"account": a.name, "file": a.file, "changes": list(a.changes)} for a in outcome.impact],
    }


def json_text(outcome: Outcome) -> str:
    return json.dumps(as_json(outcome), indent=2, ensure_ascii=False) + "\n"


def markdown(outcome: Outcome) -> str:
    comparison = outcome.comparison
    out = [f"### Catalogue changes: {md_text(outcome.old.label)} → {md_text(outcome.new.label)}", ""]
    out += [md_text(_verdict(outcome)), ""]
    for change_class in reversed(semver.CLASSES):
        these = [c for c in comparison.changes if c.change_class == change_class]
        if these:
            out += [f"#### {HEADINGS[change_class]} ({change_class})", ""]
            out += [f"- {md_text(c.text)} `{c.rule}`" for c in these]
            out.append("")
    if comparison.unclassified:
        out += ["#### Not classified", ""]
        out += [f"- {md_text(message)}" for message, _ in _unclassified_places(outcome)]
        out.append("")
    out += ["#### Impact on setups", ""]
    if outcome.impact is None:
        out.append("Not known: a side is an export without its catalogue.")
    for account in outcome.impact or ():
        if not account.changes:
            out.append(f"- **{md_text(account.name)}**: planned the same")
            continue
        out.append(f"- **{md_text(account.name)}**:")
        out += [f"    - {md_text(line)}" for line in account.changes]
    return "\n".join(out).rstrip() + "\n"
