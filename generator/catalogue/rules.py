"""Semantic rules: what the schema cannot say about a catalogue.

One table of (code, severity, function): each function reads the context built once (rulebase.py)
and yields what it finds; the table gives each finding its code and severity. It feeds validation,
the README's list of codes and, for the warnings an ``acknowledged`` entry may accept, the preset
schema (schemagen.py). The rules run only on files that passed their schema, so they can trust the
shape of the data; an unknown kind, data type, named system or condition is the schema's to report
(its enums are made from catalog.yaml), an unknown preset or step is this table's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from .. import names
from ..problems import Path_, Problem, Severity, acknowledged_place, dotted
from . import orderrules
from .rulebase import Check, Context, Finding, duplicates, reference, resolves
from .yamlread import Document

IMPORTING = ("yes", "conditional")
_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*\Z")


@dataclass(frozen=True)
class Rule:
    code: str
    severity: Severity
    check: Check
    summary: str
    """What the rule finds, in a few words: the README's table (tests/readme_tables.py makes it from this one)."""
    acknowledgeable: bool = False
    """A warning a preset file's ``acknowledged`` entry may accept (with ``rule:`` and ``at:``)."""


@dataclass
class Findings:
    problems: list[Problem] = field(default_factory=list)
    acknowledged: list[Problem] = field(default_factory=list)


def check(catalog: Document, presets: dict[str, Document], present: dict[str, Document] | None) -> Findings:
    """``presets`` maps the name (without .yaml) of each schema-valid preset file to its
    document; ``present`` maps the name of every preset file found, valid or not, to its document (None when
    the presets folder could not be listed: then no file is reported missing or unlisted)."""
    ctx = Context(catalog, presets, present)
    findings = Findings()
    for rule in RULES:
        for found in ctx.run(rule.check):
            accepted = rule.acknowledgeable and _accepting(found, rule.code) is not None
            (findings.acknowledged if accepted else findings.problems).append(_problem(found, rule))
    return findings


def _problem(found: Finding, rule: Rule) -> Problem:
    if not found.path:  # the file as a whole
        return Problem(found.doc.file, 1, 1, (), found.message, rule.code, rule.severity)
    return found.doc.problem(found.path, found.message, rule.code, key=found.key, severity=rule.severity)


def _accepting(found: Finding, code: str) -> int | None:
    """The first entry of the preset file's ``acknowledged`` that accepts this warning, if one does."""
    entries = found.doc.data.get("acknowledged", ())
    place = dotted(found.path)
    return next(
        (j for j, a in enumerate(entries) if a.get("rule") == code and acknowledged_place(a["at"]) == place), None
    )


def duplicate_id(ctx: Context) -> Iterator[Finding]:
    doc, data = ctx.catalog, ctx.catalog.data
    for section in ("data_types", "system_kinds", "systems", "conditions"):
        yield from duplicates(doc, (section,), [item["id"] for item in data[section]], ("id",))
    yield from duplicates(doc, ("presets",), data["presets"], ())
    yield from orderrules.duplicate_ids(ctx)
    for _, preset in ctx.listed:
        yield from duplicates(preset, ("notes",), [n["id"] for n in preset.data.get("notes", ())], ("id",))


def unknown_reference(ctx: Context) -> Iterator[Finding]:
    yield from orderrules.unknown_references(ctx)
    for _, preset in ctx.listed:
        for j, note in enumerate(preset.data.get("notes", ())):
            for k, suggested in enumerate(note.get("suggest_presets", ())):
                yield from reference(
                    preset, ("notes", j, "suggest_presets", k), suggested, ctx.presets, "preset", "presets"
                )


def missing_file(ctx: Context) -> Iterator[Finding]:
    if ctx.present is None:
        return
    for i, preset_id in enumerate(ctx.catalog.data["presets"]):
        if preset_id not in ctx.present:
            message = f"preset '{preset_id}' has no file; add presets/{preset_id}.yaml or remove it from this list"
            yield Finding(ctx.catalog, ("presets", i), message)


def unlisted_preset(ctx: Context) -> Iterator[Finding]:
    for name, found in (ctx.present or {}).items():
        if name in ctx.presets or not found.complete:  # a file that could not be read has its problem already
            continue
        if _ID.match(name):
            message = f"this preset is not listed in catalog.yaml; add '- {name}' to its presets, in the place readers should see it"
        else:
            message = "the file name is not a preset id (lower-case words joined by hyphens); rename the file to its id, then list that id in catalog.yaml"
        yield Finding(found, (), message)


def id_mismatch(ctx: Context) -> Iterator[Finding]:
    for file_id, preset in ctx.listed:
        written = preset.data["id"]
        if written != file_id:
            message = (
                f"the id '{written}' differs from the file name; write '{file_id}' or rename the file to {written}.yaml"
            )
            yield Finding(preset, ("id",), message)


def missing_flow(ctx: Context) -> Iterator[Finding]:
    for _, preset in ctx.listed:
        for data_type in ctx.data_types:
            if data_type not in preset.data["flows"]:
                message = f"no flow for '{data_type}'; every preset covers every data type: add '{data_type}: {{import: no, export: no}}'"
                yield Finding(preset, ("flows",), message, key=True)


_Exception = tuple[Document, Path_, dict[str, Any], dict[str, Any]]


def _exceptions(ctx: Context) -> list[_Exception]:
    """Every exception of a flow, with its preset, its place and its flow: found once, for
    kind-mismatch and empty-exception (few presets have one)."""
    found: list[_Exception] = []
    for _, preset in ctx.listed:
        for data_type, flow in preset.data["flows"].items():
            for j, exception in enumerate(flow.get("exceptions", ())):
                found.append((preset, ("flows", data_type, "exceptions", j), flow, exception))
    return found


def kind_mismatch(ctx: Context) -> Iterator[Finding]:
    """A system named as an example or in an exception, of a kind the preset does not serve."""
    places: list[tuple[Document, Path_, str]] = [
        (preset, ("example_systems", j), system)
        for _, preset in ctx.listed
        for j, system in enumerate(preset.data.get("example_systems", ()))
    ]
    places += [(preset, (*here, "system"), exception["system"]) for preset, here, _, exception in ctx.once(_exceptions)]
    for preset, path, system_id in places:
        system, kinds = ctx.systems.get(system_id), preset.data["kinds"]  # an unknown one is the schema's
        if system is not None and system["kind"] not in kinds:
            message = f"{system['name']} is of kind '{system['kind']}', which this preset does not serve (its kinds: {', '.join(kinds)})"
            yield Finding(preset, path, message)


def lookback_without_import(ctx: Context) -> Iterator[Finding]:
    for _, preset in ctx.listed:
        flows = preset.data["flows"]
        for data_type in preset.data["first_import"]:
            flow = flows.get(data_type)
            if flow is not None and flow["import"] not in IMPORTING:
                message = f"a first-import period for '{data_type}', which this preset does not import"
                yield Finding(preset, ("first_import", data_type), message, key=True)


def empty_exception(ctx: Context) -> Iterator[Finding]:
    for preset, path, flow, exception in ctx.once(_exceptions):
        if exception["import"] == flow["import"] and exception["export"] == flow["export"]:
            yield Finding(preset, path, "this exception changes nothing: its import and export equal the flow's")


def stale_acknowledgement(ctx: Context) -> Iterator[Finding]:
    """An acknowledgement that points at nothing, or accepts a warning no rule gives."""
    yield from orderrules.stale_acknowledgements(ctx)
    used: dict[int, set[int]] = {}  # by id() of the preset file: the entries that accept a warning
    for rule in RULES:
        if rule.acknowledgeable:
            for found in ctx.run(rule.check):
                entry = _accepting(found, rule.code)
                if entry is not None:
                    used.setdefault(id(found.doc), set()).add(entry)
    for _, preset in ctx.listed:
        for j, entry in enumerate(preset.data.get("acknowledged", ())):
            if "rule" not in entry:  # a contradiction no rule finds: it must at least point at something
                if not resolves(preset.data, acknowledged_place(entry["at"])):
                    message = f"nothing at {entry['at']} in this file; write the dotted path of the value the note is about, such as first_import.orders"
                    yield Finding(preset, ("acknowledged", j, "at"), message)
            elif j not in used.get(id(preset), set()):
                message = f"nothing to acknowledge: no '{entry['rule']}' warning at {entry['at']}; remove this entry"
                yield Finding(preset, ("acknowledged", j), message)


# Where catalog.yaml names things a reader tells apart by name: (list, key of the name).
_NAMED_LISTS = (("data_types", "label"), ("system_kinds", "label"), ("systems", "name"), ("conditions", "label"))
_Named = list[tuple[str, tuple[Document, Path_]]]


def _alike_pairs(ctx: Context) -> list[tuple[str, Document, Path_, str, str]]:
    """Each name that reads the same as an earlier one of its list (see names.py), with where it is,
    the earlier name and where that is. An entry whose id is listed twice has its duplicate-id error
    already: its name is not compared again. Found once, for duplicate-name and alike-name."""
    catalog = ctx.catalog

    def named(items: list[dict[str, Any]], section: Path_, key: str) -> _Named:
        first = {item["id"]: i for i, item in reversed(list(enumerate(items)))}
        return [(item[key], (catalog, (*section, i, key))) for i, item in enumerate(items) if first[item["id"]] == i]

    lists = [named(catalog.data[section], (section,), key) for section, key in _NAMED_LISTS]
    lists.append(named(ctx.order["steps"], ("connection_order", "steps"), "label"))
    lists.append([(preset.data["name"], (preset, ("name",))) for _, preset in ctx.listed])
    pairs = []
    for entries in lists:
        for name, (doc, path), earlier, (earlier_doc, earlier_path) in names.alike(entries):
            line = earlier_doc.position(earlier_path)[0]
            place = f"line {line}" if earlier_doc is doc else f"{earlier_doc.file}, line {line}"
            pairs.append((name, doc, path, earlier, place))
    return pairs


def duplicate_name(ctx: Context) -> Iterator[Finding]:
    for name, doc, path, earlier, place in ctx.once(_alike_pairs):
        if name == earlier:
            message = f"the name '{name}' is given already ({place}); readers cannot tell the two apart: give each its own name"
            yield Finding(doc, path, message)


def alike_name(ctx: Context) -> Iterator[Finding]:
    for name, doc, path, earlier, place in ctx.once(_alike_pairs):
        if name != earlier:
            how = names.difference(name, earlier)
            message = f"the name '{name}' reads the same as '{earlier}' ({place}): {how}; readers cannot tell them apart: give each its own name"
            yield Finding(doc, path, message)


ERROR, WARNING = Severity.ERROR, Severity.WARNING
RULES = (
    Rule("duplicate-id", ERROR, duplicate_id, "an id listed twice; a kind or a preset in two steps"),
    Rule("unknown-reference", ERROR, unknown_reference, "a preset or a step that catalog.yaml does not list"),
    Rule("missing-file", ERROR, missing_file, "a listed preset without its file"),
    Rule("unlisted-preset", ERROR, unlisted_preset, "a preset file that catalog.yaml does not list"),
    Rule("id-mismatch", ERROR, id_mismatch, "a preset whose id is not its file name"),
    Rule("missing-flow", ERROR, missing_flow, "a preset that does not give a flow for every data type"),
    Rule("kind-mismatch", ERROR, kind_mismatch, "an example or exception system of a kind the preset does not serve"),
    Rule("lookback-without-import", WARNING, lookback_without_import, "a first-import period for a data type the preset does not import", acknowledgeable=True),
    Rule("empty-exception", WARNING, empty_exception, "an exception that changes nothing"),
    Rule("kind-without-step", WARNING, orderrules.kind_without_step, "a kind whose connectors would belong to no step of the connection order"),
    Rule("stale-acknowledgement", WARNING, stale_acknowledgement, "an acknowledgement that points at nothing or accepts no warning"),
    Rule("duplicate-name", WARNING, duplicate_name, "two entries of one list with the same name"),
    Rule("alike-name", WARNING, alike_name, "names that a reader cannot tell apart"),
)  # fmt: skip
