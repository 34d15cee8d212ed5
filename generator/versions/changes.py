"""The one table of changes: every difference between two exports is one of these rules, or an error.

A rule names a place in an export (``where``: the index, a preset's file, or a whole file; the path of
keys, ``*`` for any one key, ``**`` for the rest), the kind of difference, and, where one place can
change in ways of different weight, a test of the old and new values. Its class follows the
versioning policy: **major** when a consumer's code or an account's data flow must change, **minor**
when something is added or more data flows, **patch** when only wording changes. A rule with no class
is a difference reported by another rule (a preset's name in the index and in its file) or one that
follows from others (the schemas, the versions themselves). The README's change table is generated
from this table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from ..catalogue.model import duration_parts
from .semver import ChangeClass
from .walk import Event, Path

Where = Literal["index", "preset", "file"]
Kind = Literal["added", "removed", "changed", "reordered", "renamed"]
Test = Callable[[Any, Any], bool]

_ON = ("yes", "conditional")
_STRENGTH = ("request", "essential")
_DAYS = {"year": 365, "month": 30, "week": 7, "day": 1}


def days(period: str) -> int:
    """An ISO 8601 duration's length in days, for comparing two periods (a month as 30 days)."""
    return sum(amount * _DAYS[unit] for amount, unit in duration_parts(period))


@dataclass(frozen=True)
class Rule:
    id: str
    where: Where
    pattern: Path
    kind: Kind
    change_class: ChangeClass | None
    meaning: str
    """What the change is, for the README's table."""
    text: str
    """The line shown for it: {place}, {item}, {field}, {old} and {new} are filled in by diff.py."""
    test: Test | None = None


def _rule(
    rule_id: str,
    where: Where,
    pattern: str,
    kind: Kind,
    change_class: ChangeClass | None,
    meaning: str,
    text: str = "",
    test: Test | None = None,
) -> Rule:
    path = tuple(pattern.split("/" if where == "file" else "."))
    return Rule(rule_id, where, path, kind, change_class, meaning, text, test)


def _stronger(old: Any, new: Any) -> bool:
    return _STRENGTH.index(new) > _STRENGTH.index(old)


def _was_none(old: Any, new: Any) -> bool:
    return old is None


def _now_none(old: Any, new: Any) -> bool:
    return new is None


def _now_conditional(old: Any, new: Any) -> bool:
    return bool(new == "conditional")


def _now_yes(old: Any, new: Any) -> bool:
    return bool(new == "yes")


def _now_true(old: Any, new: Any) -> bool:
    return new is True


def _shorter(old: Any, new: Any) -> bool:
    return days(new) < days(old)


def _longer(old: Any, new: Any) -> bool:
    return days(new) > days(old)


def _turned_off(old: Any, new: Any) -> bool:
    return bool(new == "no")


def _turned_on(old: Any, new: Any) -> bool:
    return old == "no" and new in _ON


def _restricting_exception(old: Any, new: Any) -> bool:
    """An exception that stops, for its system, a flow the preset runs (``old`` is the flow's states)."""
    return any(new[d] == "no" and old[d] in _ON for d in ("import", "export"))


_SAME = "{place}: {old} → {new}"
_WORDING = "{place}: reworded"

# One rule a line: a table is read across, and the README's table is generated from it.
# fmt: off
RULES: tuple[Rule, ...] = (
    _rule("preset-added", "file", "presets/*", "added", "minor", "a preset is added", "{place}: preset added"),
    _rule("preset-removed", "file", "presets/*", "removed", "major", "a preset is removed", "{place}: preset removed"),
    _rule("preset-renamed", "file", "presets/*", "renamed", "major", "a preset's id changes", "{place}: id {old} → {new}"),
    _rule("schema-file", "file", "schema/**", "changed", None, "a schema: follows from the catalogue and its format"),
    _rule("schema-file-added", "file", "schema/**", "added", None, "a schema added: follows from the format"),
    _rule("schema-file-removed", "file", "schema/**", "removed", None, "a schema removed: follows from the format"),
    _rule("format-version-changed", "index", "format_version", "changed", "major", "the format version changes", _SAME),
    _rule("format-version-changed", "preset", "format_version", "changed", "major", "the format version changes", _SAME),
    _rule("catalog-version", "index", "catalog_version", "changed", None, "the catalogue's version: the gate checks it"),
    _rule("catalog-version", "preset", "catalog_version", "changed", None, "the catalogue's version: the gate checks it"),
    _rule("schema-reference", "index", "$schema", "changed", None, "the schema's path: follows from the format"),
    _rule("schema-reference", "preset", "$schema", "changed", None, "the schema's path: follows from the format"),
    _rule("pins", "index", "schemas.**", "changed", None, "a file's sha256 or role: follows from the files"),
    _rule("pins", "index", "schemas.*", "added", None, "a schema's pin: follows from the format"),
    _rule("pins", "index", "schemas.*", "removed", None, "a schema's pin: follows from the format"),
    _rule("pins", "index", "schemas", "added", None, "the schemas' pins: follow from the format"),
    _rule("pins", "index", "schemas", "reordered", None, "the schemas' pins: follow from the format"),
    _rule("data-type-added", "index", "data_types.*", "added", "minor", "a data type is added", "{place} · {item}: added"),
    _rule("data-type-removed", "index", "data_types.*", "removed", "major", "a data type is removed", "{place} · {item}: removed"),
    _rule("data-type-renamed", "index", "data_types.*", "renamed", "major", "a data type's id changes", "{place} · {item}: id {old} → {new}"),
    _rule("data-type-label-changed", "index", "data_types.*.label", "changed", "patch", "a data type's label", _SAME),
    _rule("data-types-reordered", "index", "data_types", "reordered", "patch", "the data types' order", "{place}: reordered"),
    _rule("kind-added", "index", "system_kinds.*", "added", "minor", "a kind of system is added", "{place} · {item}: added"),
    _rule("kind-removed", "index", "system_kinds.*", "removed", "major", "a kind of system is removed", "{place} · {item}: removed"),
    _rule("kind-renamed", "index", "system_kinds.*", "renamed", "major", "a kind's id changes", "{place} · {item}: id {old} → {new}"),
    _rule("kind-label-changed", "index", "system_kinds.*.label", "changed", "patch", "a kind's label", _SAME),
    _rule("kinds-reordered", "index", "system_kinds", "reordered", "patch", "the kinds' order", "{place}: reordered"),
    _rule("system-added", "index", "systems.*", "added", "minor", "a named system is added", "{place} · {item}: added"),
    _rule("system-removed", "index", "systems.*", "removed", "major", "a named system is removed", "{place} · {item}: removed"),
    _rule("system-renamed", "index", "systems.*", "renamed", "major", "a system's id changes", "{place} · {item}: id {old} → {new}"),
    _rule("system-name-changed", "index", "systems.*.name", "changed", "patch", "a system's name", _SAME),
    _rule("system-kind-changed", "index", "systems.*.kind", "changed", "major", "a system's kind changes", _SAME),
    _rule("systems-reordered", "index", "systems", "reordered", "patch", "the systems' order", "{place}: reordered"),
    _rule("preset-listed", "index", "presets.*", "added", None, "a preset's entry: reported with its file"),
    _rule("preset-listed", "index", "presets.*", "removed", None, "a preset's entry: reported with its file"),
    _rule("preset-listed", "index", "presets.*.name", "changed", None, "a preset's name: reported with its file"),
    _rule("preset-listed", "index", "presets.*.config", "changed", None, "a preset's path: follows from its id"),
    _rule("preset-listed", "index", "presets.*.sha256", "changed", None, "a preset's sha256: follows from its file"),
    _rule("preset-listed", "index", "presets.*.sha256", "added", None, "a preset's sha256: follows from its file"),
    _rule("presets-reordered", "index", "presets", "reordered", "patch", "the presets' order", "{place}: reordered"),
    _rule("order-strength-stronger", "index", "connection_order.strength", "changed", "major", "the order is required where it was asked for", _SAME, _stronger),
    _rule("order-strength-weaker", "index", "connection_order.strength", "changed", "minor", "the order is asked for where it was required", _SAME),
    _rule("order-wording-changed", "index", "connection_order.page_wording", "changed", "patch", "the order's wording", _WORDING),
    _rule("step-added", "index", "connection_order.steps.*", "added", "major", "a step is added to the order", "{place} · {item}: step added"),
    _rule("step-removed", "index", "connection_order.steps.*", "removed", "major", "a step is removed", "{place} · {item}: step removed"),
    _rule("step-renamed", "index", "connection_order.steps.*", "renamed", "major", "a step's id changes", "{place} · {item}: id {old} → {new}"),
    _rule("steps-reordered", "index", "connection_order.steps", "reordered", "major", "the steps' order changes", "{place}: steps reordered"),
    _rule("step-number", "index", "connection_order.steps.*.step", "changed", None, "a step's number: follows from the order"),
    _rule("step-label-changed", "index", "connection_order.steps.*.label", "changed", "patch", "a step's label", _SAME),
    _rule("step-qualifier-changed", "index", "connection_order.steps.*.qualifier", "changed", "patch", "a step's qualifier", _SAME),
    _rule("step-kind-added", "index", "connection_order.steps.*.kinds.*", "added", "major", "a step takes another kind", "{place}: kind {item} added"),
    _rule("step-kind-removed", "index", "connection_order.steps.*.kinds.*", "removed", "major", "a step no longer takes a kind", "{place}: kind {item} removed"),
    _rule("step-preset-added", "index", "connection_order.steps.*.presets.*", "added", "major", "a step takes another preset", "{place}: preset {item} added"),
    _rule("step-preset-removed", "index", "connection_order.steps.*.presets.*", "removed", "major", "a step no longer takes a preset", "{place}: preset {item} removed"),
    _rule("step-list-reordered", "index", "connection_order.steps.*.*", "reordered", "patch", "the order of a step's kinds or presets", "{place}: reordered"),
    _rule("step-several-allowed", "index", "connection_order.steps.*.several", "added", "minor", "a step takes several systems", "{place}: several systems allowed"),
    _rule("step-several-withdrawn", "index", "connection_order.steps.*.several", "removed", "major", "a step takes one system again", "{place}: one system only"),
    _rule("page-inconsistency-added", "index", "connection_order.page_inconsistencies.*", "added", "patch", "a contradiction of the page is noted", "{place}: page inconsistency noted at {item}"),
    _rule("page-inconsistency-removed", "index", "connection_order.page_inconsistencies.*", "removed", "patch", "a noted contradiction is withdrawn", "{place}: page inconsistency at {item} withdrawn"),
    _rule("page-inconsistency-reworded", "index", "connection_order.page_inconsistencies.*.note", "changed", "patch", "a contradiction's note", _WORDING),
    _rule("page-inconsistencies-reordered", "index", "connection_order.page_inconsistencies", "reordered", "patch", "the notes' order", "{place}: reordered"),
    _rule("first-step-changed", "index", "connection_order.first_step.step", "changed", "major", "another step must come first", _SAME),
    _rule("first-step-stronger", "index", "connection_order.first_step.strength", "changed", "major", "the first step is required where it was asked for", _SAME, _stronger),
    _rule("first-step-weaker", "index", "connection_order.first_step.strength", "changed", "minor", "the first step is asked for where it was required", _SAME),
    _rule("first-step-reworded", "index", "connection_order.first_step.*", "changed", "patch", "the first step's wording, reason or advice", _WORDING),
    _rule("default-source-added", "index", "connection_order.first_step.default_source_of.*", "added", "major", "the first step becomes the default source of a data type", "{place}: default source of {item}"),
    _rule("default-source-removed", "index", "connection_order.first_step.default_source_of.*", "removed", "major", "the first step is no longer a default source", "{place}: no longer the default source of {item}"),
    _rule("adjusted-added", "index", "connection_order.first_step.if_added_later.adjusts.*", "added", "major", "adding the first step later adjusts another data type", "{place}: adjusts {item}"),
    _rule("adjusted-removed", "index", "connection_order.first_step.if_added_later.adjusts.*", "removed", "major", "adding it later no longer adjusts a data type", "{place}: no longer adjusts {item}"),
    _rule("first-step-lists-reordered", "index", "connection_order.first_step.**", "reordered", "patch", "the order of the first step's lists", "{place}: reordered"),
    _rule("first-step-later-reworded", "index", "connection_order.first_step.if_added_later.*", "changed", "patch", "the wording for a first step added later", _WORDING),
    _rule("preset-name-changed", "preset", "name", "changed", "patch", "a preset's name", _SAME),
    _rule("preset-summary-changed", "preset", "summary", "changed", "patch", "a preset's summary", _WORDING),
    _rule("preset-advice-changed", "preset", "when_to_select", "changed", "patch", "when to select a preset", _WORDING),
    _rule("preset-restricted", "preset", "available_only_for", "changed", "major", "a preset becomes available to fewer systems", _SAME, _was_none),
    _rule("preset-restriction-lifted", "preset", "available_only_for", "changed", "minor", "a preset becomes available to every system", "{place}: available to every system", _now_none),
    _rule("preset-restriction-changed", "preset", "available_only_for", "changed", "major", "a preset's restriction changes", _SAME),
    _rule("preset-kind-added", "preset", "kinds.*", "added", "minor", "a preset serves another kind", "{place}: serves {item}"),
    _rule("preset-kind-removed", "preset", "kinds.*", "removed", "major", "a preset no longer serves a kind", "{place}: no longer serves {item}"),
    _rule("preset-list-reordered", "preset", "*", "reordered", "patch", "the order of a preset's kinds, examples, requirements or notes", "{place}: reordered"),
    _rule("example-added", "preset", "example_systems.*", "added", "minor", "an example system is added", "{place} · example {item}: added"),
    _rule("example-removed", "preset", "example_systems.*", "removed", "major", "an example system is removed", "{place} · example {item}: removed"),
    _rule("example-name-changed", "preset", "example_systems.*.name", "changed", "patch", "an example system's name", _SAME),
    _rule("requirement-added", "preset", "requires.*", "added", "major", "a preset requires another kind of system", "{place}: requires {item}"),
    _rule("requirement-removed", "preset", "requires.*", "removed", "minor", "a preset no longer requires a kind", "{place}: no longer requires {item}"),
    _rule("requirement-reworded", "preset", "requires.*.description", "changed", "patch", "a requirement's wording", _WORDING),
    _rule("note-added", "preset", "notes.*", "added", "minor", "a note is added", "{place} · note {item}: added"),
    _rule("note-removed", "preset", "notes.*", "removed", "major", "a note is removed", "{place} · note {item}: removed"),
    _rule("note-reworded", "preset", "notes.*.text", "changed", "patch", "a note's wording", _WORDING),
    _rule("suggestion-added", "preset", "notes.*.suggest_presets.*", "added", "minor", "a note suggests another preset", "{place}: suggests {item}"),
    _rule("suggestion-removed", "preset", "notes.*.suggest_presets.*", "removed", "major", "a note no longer suggests a preset", "{place}: no longer suggests {item}"),
    _rule("suggestions-reordered", "preset", "notes.*.suggest_presets", "reordered", "patch", "the order of a note's suggestions", "{place}: reordered"),
    _rule("flow-added", "preset", "flows.*", "added", "minor", "a preset gains a data type's flows", "{place} · {item}: flows added ({new})"),
    _rule("flow-removed", "preset", "flows.*", "removed", "major", "a preset loses a data type's flows", "{place} · {item}: flows removed"),
    _rule("flow-turned-off", "preset", "flows.*.*", "changed", "major", "a flow is turned off", _SAME, _turned_off),
    _rule("flow-turned-on", "preset", "flows.*.*", "changed", "minor", "a flow is turned on", _SAME, _turned_on),
    _rule("flow-made-conditional", "preset", "flows.*.*", "changed", "major", "a flow runs only under a condition", _SAME, _now_conditional),
    _rule("flow-made-unconditional", "preset", "flows.*.*", "changed", "minor", "a conditional flow always runs", _SAME, _now_yes),
    _rule("flow-condition", "preset", "flows.*.*", "added", None, "a flow's condition: reported with its state"),
    _rule("flow-condition", "preset", "flows.*.*", "removed", None, "a flow's condition: reported with its state"),
    _rule("flow-condition-changed", "preset", "flows.*.*.id", "changed", "major", "a flow runs under another condition", _SAME),
    _rule("flow-condition-reworded", "preset", "flows.*.*.*", "changed", "patch", "a condition's label, cell or footnote", _WORDING),
    _rule("exception-added-restricting", "preset", "flows.*.exceptions.*", "added", "major", "an exception stops a flow for a system", "{place} · exception for {item} added", _restricting_exception),
    _rule("exception-added", "preset", "flows.*.exceptions.*", "added", "minor", "an exception lets a flow run for a system", "{place} · exception for {item} added"),
    _rule("exception-removed", "preset", "flows.*.exceptions.*", "removed", "major", "an exception is removed", "{place} · exception for {item} removed"),
    _rule("exception-reworded", "preset", "flows.*.exceptions.*.note", "changed", "patch", "an exception's note", _WORDING),
    _rule("exception-system-name", "preset", "flows.*.exceptions.*.system_name", "changed", None, "a system's name: reported in the index"),
    _rule("exception-turned-off", "preset", "flows.*.exceptions.*.*", "changed", "major", "an exception stops a flow", _SAME, _turned_off),
    _rule("exception-turned-on", "preset", "flows.*.exceptions.*.*", "changed", "minor", "an exception lets a flow run", _SAME, _now_yes),
    _rule("exceptions-reordered", "preset", "flows.*.exceptions", "reordered", "patch", "the exceptions' order", "{place}: exceptions reordered"),
    _rule("sole-source-added", "preset", "may_be_only_source_of.*", "added", "major", "a preset must be the only source of a data type", "{place}: may be the only source of {item}"),
    _rule("sole-source-removed", "preset", "may_be_only_source_of.*", "removed", "minor", "that limit is lifted", "{place}: no longer the only source of {item}"),
    _rule("first-import-added", "preset", "first_import.*", "added", "minor", "a first import reaches back for another data type", "{place} · {item}: first import {new}"),
    _rule("first-import-removed", "preset", "first_import.*", "removed", "major", "a first import period is removed", "{place} · {item}: first import {old} removed"),
    _rule("first-import-shorter", "preset", "first_import.*.period", "changed", "major", "a first import reaches back less far", "{at} · first import {old} → {new}", _shorter),
    _rule("first-import-longer", "preset", "first_import.*.period", "changed", "minor", "a first import reaches back further", "{at} · first import {old} → {new}", _longer),
    _rule("first-import-respelled", "preset", "first_import.*.period", "changed", "patch", "a period written another way", "{at} · first import {old} → {new}"),
    _rule("first-import-when-possible", "preset", "first_import.*.when_possible", "changed", "major", "a first import period becomes 'when possible'", "{at} · first import: only when possible", _now_true),
    _rule("first-import-firm", "preset", "first_import.*.when_possible", "changed", "minor", "a period is no longer 'when possible'", "{at} · first import: no longer only when possible"),
    _rule("first-import-imported", "preset", "first_import.*.imported", "changed", None, "whether it is imported: follows from the flows"),
    _rule("page-inconsistency-added", "preset", "page_inconsistencies.*", "added", "patch", "a contradiction of the page is noted", "{place}: page inconsistency noted at {item}"),
    _rule("page-inconsistency-removed", "preset", "page_inconsistencies.*", "removed", "patch", "a noted contradiction is withdrawn", "{place}: page inconsistency at {item} withdrawn"),
    _rule("page-inconsistency-reworded", "preset", "page_inconsistencies.*.note", "changed", "patch", "a contradiction's note", _WORDING),
)
# fmt: on


def _matches(pattern: Path, path: Path) -> bool:
    if pattern and pattern[-1] == "**":
        return len(path) >= len(pattern) and all(p in ("*", q) for p, q in zip(pattern[:-1], path, strict=False))
    return len(pattern) == len(path) and all(p in ("*", q) for p, q in zip(pattern, path, strict=True))


def rule_for(where: Where, path: Path, kind: Kind, old: Any, new: Any) -> Rule | None:
    """The first rule of the table for this difference, or None: a change the table does not classify."""
    for rule in RULES:
        if rule.where == where and rule.kind == kind and _matches(rule.pattern, path):
            if rule.test is None or rule.test(old, new):
                return rule
    return None


def where_of(event: Event) -> Where:
    return "index" if event.file == "index.json" else "preset"
