"""Semantic rules: what the schema cannot say about a catalogue.

Each rule has a stable code and a severity, like a linter's. They run only on
files that passed the schema, so they can trust the shape of the data.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from . import names
from .orderrules import connection_order_problems
from .problems import Path_, Problem, Severity, acknowledged_place, dotted
from .rulebase import Vocabulary, duplicates, reference, resolves
from .yamlread import Document

IMPORTING = ("yes", "conditional")
_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*\Z")


@dataclass
class Findings:
    problems: list[Problem] = field(default_factory=list)
    acknowledged: list[Problem] = field(default_factory=list)


def check(catalog: Document, presets: dict[str, Document], present: dict[str, Document] | None) -> Findings:
    """``presets`` maps the name (without .yaml) of each schema-valid preset file to its
    document; ``present`` maps the name of every preset file found, valid or not, to its document (None when
    the presets folder could not be listed: then no file is reported missing or unlisted)."""
    findings = Findings()
    data = catalog.data
    vocabulary = Vocabulary(
        data_types=dict.fromkeys(d["id"] for d in data["data_types"]),
        kinds={k["id"]: k for k in data["system_kinds"]},
        systems={s["id"]: s for s in data["systems"]},
        conditions=dict.fromkeys(c["id"] for c in data["conditions"]),
        presets=dict.fromkeys(data["presets"]),
    )
    findings.problems.extend(_check_catalog(catalog, vocabulary, presets, present))
    for preset_id in vocabulary.presets:
        if preset_id in presets:
            _check_preset(presets[preset_id], preset_id, vocabulary, findings)
    findings.problems.extend(_alike_names(catalog, [presets[p] for p in vocabulary.presets if p in presets]))
    return findings


# Where catalog.yaml names things a reader tells apart by name: (list, key of the name).
_NAMED_LISTS = (("data_types", "label"), ("system_kinds", "label"), ("systems", "name"), ("conditions", "label"))


def _alike_names(catalog: Document, presets: list[Document]) -> Iterator[Problem]:
    """Warnings for names that read the same as another of their list (see names.py). An entry whose
    id is listed twice has its duplicate-id error already: its name is not reported again."""

    def named(items: list[dict[str, Any]], section: Path_, key: str) -> list[tuple[str, tuple[Document, Path_]]]:
        first = {item["id"]: i for i, item in reversed(list(enumerate(items)))}
        return [(item[key], (catalog, (*section, i, key))) for i, item in enumerate(items) if first[item["id"]] == i]

    lists = [named(catalog.data[section], (section,), key) for section, key in _NAMED_LISTS]
    lists.append(named(catalog.data["connection_order"]["steps"], ("connection_order", "steps"), "label"))
    lists.append([(doc.data["name"], (doc, ("name",))) for doc in presets])
    for entries in lists:
        for name, (doc, path), earlier, (earlier_doc, earlier_path) in names.alike(entries):
            line = earlier_doc.position(earlier_path)[0]
            place = f"line {line}" if earlier_doc is doc else f"{earlier_doc.file}, line {line}"
            if name == earlier:
                message = f"the name '{name}' is given already ({place}); readers cannot tell the two apart: give each its own name"
                code = "duplicate-name"
            else:
                how = names.difference(name, earlier)
                message = f"the name '{name}' reads the same as '{earlier}' ({place}): {how}; readers cannot tell them apart: give each its own name"
                code = "alike-name"
            yield doc.problem(path, message, code, severity=Severity.WARNING)


def _check_catalog(
    doc: Document, v: Vocabulary, presets: dict[str, Document], present: dict[str, Document] | None
) -> Iterator[Problem]:
    data = doc.data
    for section in ("data_types", "system_kinds", "systems", "conditions"):
        yield from duplicates(doc, (section,), [item["id"] for item in data[section]], ("id",))
    yield from duplicates(doc, ("presets",), data["presets"], ())

    for i, system in enumerate(data["systems"]):
        yield from reference(doc, ("systems", i, "kind"), system["kind"], v.kinds, "kind of system", "system_kinds")
    yield from connection_order_problems(doc, v, presets)

    if present is None:
        return
    for i, preset_id in enumerate(data["presets"]):
        if preset_id not in present:
            yield doc.problem(
                ("presets", i),
                f"preset '{preset_id}' has no file; add presets/{preset_id}.yaml or remove it from this list",
                "missing-file",
            )
    for name, found in present.items():
        if name in v.presets or not found.complete:  # a file that could not be read has its problem already
            continue
        if _ID.match(name):
            message = f"this preset is not listed in catalog.yaml; add '- {name}' to its presets, in the place readers should see it"
        else:
            message = "the file name is not a preset id (lower-case words joined by hyphens); rename the file to its id, then list that id in catalog.yaml"
        yield Problem(found.file, 1, 1, (), message, "unlisted-preset")


def _check_preset(doc: Document, file_id: str, v: Vocabulary, findings: Findings) -> None:
    data = doc.data
    problems = findings.problems
    if data["id"] != file_id:
        problems.append(
            doc.problem(
                ("id",),
                f"the id '{data['id']}' differs from the file name; write '{file_id}' or rename the file to {data['id']}.yaml",
                "id-mismatch",
            )
        )
    kinds = data["kinds"]
    for j, kind in enumerate(kinds):
        problems.extend(reference(doc, ("kinds", j), kind, v.kinds, "kind of system", "system_kinds"))
    for j, system in enumerate(data.get("example_systems", ())):
        problems.extend(reference(doc, ("example_systems", j), system, v.systems, "system", "systems"))
        problems.extend(_system_fits(doc, ("example_systems", j), system, v, kinds))
    for j, requirement in enumerate(data.get("requires", ())):
        problems.extend(
            reference(doc, ("requires", j, "kind"), requirement["kind"], v.kinds, "kind of system", "system_kinds")
        )
    for j, data_type in enumerate(data.get("may_be_only_source_of", ())):
        problems.extend(
            reference(doc, ("may_be_only_source_of", j), data_type, v.data_types, "data type", "data_types")
        )
    notes = data.get("notes", ())
    problems.extend(duplicates(doc, ("notes",), [n["id"] for n in notes], ("id",)))
    for j, note in enumerate(notes):
        for k, suggested in enumerate(note.get("suggest_presets", ())):
            problems.extend(
                reference(doc, ("notes", j, "suggest_presets", k), suggested, v.presets, "preset", "presets")
            )

    flows = data["flows"]
    for data_type in v.data_types:
        if data_type not in flows:
            problems.append(
                doc.problem(
                    ("flows",),
                    f"no flow for '{data_type}'; every preset covers every data type: add '{data_type}: {{import: no, export: no}}'",
                    "missing-flow",
                    key=True,
                )
            )
    for data_type, flow in flows.items():
        problems.extend(_check_flow(doc, ("flows", data_type), data_type, flow, v, kinds))

    warnings: list[Problem] = []
    for data_type in data["first_import"]:
        flow = flows.get(data_type)
        if flow is not None and flow["import"] not in IMPORTING:
            warnings.append(
                doc.problem(
                    ("first_import", data_type),
                    f"a first-import period for '{data_type}', which this preset does not import",
                    "lookback-without-import",
                    key=True,
                    severity=Severity.WARNING,
                )
            )
        elif data_type not in v.data_types:
            problems.extend(
                reference(
                    doc, ("first_import", data_type), data_type, v.data_types, "data type", "data_types", key=True
                )
            )
    _apply_acknowledgements(doc, warnings, findings)


def _check_flow(
    doc: Document, path: Path_, data_type: str, flow: dict[str, Any], v: Vocabulary, kinds: list[str]
) -> Iterator[Problem]:
    if data_type not in v.data_types:
        yield from reference(doc, path, data_type, v.data_types, "data type", "data_types", key=True)
    for direction in ("import", "export"):
        condition = flow.get(f"{direction}_condition")
        if condition is not None:
            yield from reference(
                doc, (*path, f"{direction}_condition"), condition, v.conditions, "condition", "conditions"
            )
    for j, exception in enumerate(flow.get("exceptions", ())):
        here = (*path, "exceptions", j)
        yield from reference(doc, (*here, "system"), exception["system"], v.systems, "system", "systems")
        yield from _system_fits(doc, (*here, "system"), exception["system"], v, kinds)
        if exception["import"] == flow["import"] and exception["export"] == flow["export"]:
            yield doc.problem(
                here,
                "this exception changes nothing: its import and export equal the flow's",
                "empty-exception",
                severity=Severity.WARNING,
            )


def _system_fits(doc: Document, path: Path_, system_id: str, v: Vocabulary, kinds: list[str]) -> Iterator[Problem]:
    system = v.systems.get(system_id)
    if system is not None and system["kind"] not in kinds:
        yield doc.problem(
            path,
            f"{system['name']} is of kind '{system['kind']}', which this preset does not serve (its kinds: {', '.join(kinds)})",
            "kind-mismatch",
        )


def _apply_acknowledgements(doc: Document, warnings: list[Problem], findings: Findings) -> None:
    acknowledged = doc.data.get("acknowledged", ())
    used: set[int] = set()
    for warning in warnings:
        match = next(
            (
                j
                for j, a in enumerate(acknowledged)
                if a.get("rule") == warning.code and acknowledged_place(a["at"]) == dotted(warning.path)
            ),
            None,
        )
        if match is None:
            findings.problems.append(warning)
        else:
            used.add(match)
            findings.acknowledged.append(warning)
    for j, entry in enumerate(acknowledged):
        if "rule" not in entry:  # a contradiction no rule finds: it must at least point at something
            if not resolves(doc.data, acknowledged_place(entry["at"])):
                findings.problems.append(
                    doc.problem(
                        ("acknowledged", j, "at"),
                        f"nothing at {entry['at']} in this file; write the dotted path of the value the note is about, such as first_import.orders",
                        "stale-acknowledgement",
                        severity=Severity.WARNING,
                    )
                )
        elif j not in used:
            findings.problems.append(
                doc.problem(
                    ("acknowledged", j),
                    f"nothing to acknowledge: no '{entry['rule']}' warning at {entry['at']}; remove this entry",
                    "stale-acknowledgement",
                    severity=Severity.WARNING,
                )
            )
