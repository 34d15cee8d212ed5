"""The catalogue's rules for its connection order: each kind and each preset in one step, every connector
placed, the first step's references, and acknowledgements that point at a field of the order."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .problems import Problem, Severity, acknowledged_place
from .rulebase import Vocabulary, duplicates, reference, resolves
from .yamlread import Document


def connection_order_problems(doc: Document, v: Vocabulary, presets: dict[str, Document]) -> Iterator[Problem]:
    data = doc.data
    steps = data["connection_order"]["steps"]
    yield from duplicates(doc, ("connection_order", "steps"), [s["id"] for s in steps], ("id",))
    yield from _steps(doc, v, steps, presets)
    for j, entry in enumerate(data["connection_order"].get("acknowledged", ())):
        if not resolves(data["connection_order"], acknowledged_place(entry["at"], "connection_order")):
            yield doc.problem(
                ("connection_order", "acknowledged", j, "at"),
                f"nothing at {entry['at']} in connection_order; write the dotted path of the field the note is about, such as strength",
                "stale-acknowledgement",
                severity=Severity.WARNING,
            )

    first = data["connection_order"]["first_step"]
    yield from reference(
        doc,
        ("connection_order", "first_step", "step"),
        first["step"],
        [s["id"] for s in steps],
        "step",
        "connection_order.steps",
    )
    for key in ("default_source_of",):
        for j, data_type in enumerate(first[key]):
            yield from reference(
                doc, ("connection_order", "first_step", key, j), data_type, v.data_types, "data type", "data_types"
            )
    for j, data_type in enumerate(first["if_added_later"]["adjusts"]):
        yield from reference(
            doc,
            ("connection_order", "first_step", "if_added_later", "adjusts", j),
            data_type,
            v.data_types,
            "data type",
            "data_types",
        )


def _steps(
    doc: Document, v: Vocabulary, steps: list[dict[str, Any]], presets: dict[str, Document]
) -> Iterator[Problem]:
    """Each kind and each preset in one step at most, and every connector placed: a connector belongs to
    the step that names its preset, else to the step of its kind."""
    step_of: dict[str, dict[str, str]] = {"kinds": {}, "presets": {}}
    for i, step in enumerate(steps):
        for key, what, known, where in (
            ("kinds", "kind", v.kinds, "system_kinds"),
            ("presets", "preset", v.presets, "presets"),
        ):
            for j, item in enumerate(step.get(key, ())):
                path = ("connection_order", "steps", i, key, j)
                yield from reference(doc, path, item, known, "kind of system" if key == "kinds" else what, where)
                if item in step_of[key]:
                    yield doc.problem(
                        path,
                        f"{what} '{item}' is already connected in step '{step_of[key][item]}'; a {what} belongs to one step",
                        "duplicate-id",
                    )
                step_of[key].setdefault(item, step["id"])
    served = {k for p in presets.values() for k in p.data["kinds"]}
    for kind in v.kinds:
        if kind in step_of["kinds"]:
            continue
        unplaced = [
            p for p in v.presets if p in presets and kind in presets[p].data["kinds"] and p not in step_of["presets"]
        ]
        # A listed preset whose file could not be read may serve the kind: its problem is reported already.
        if unplaced or (kind not in served and all(p in presets for p in v.presets)):
            which = (
                f" with the preset{'s' if len(unplaced) > 1 else ''} {', '.join(repr(p) for p in unplaced)}"
                if unplaced
                else ""
            )
            yield doc.problem(
                ("connection_order", "steps"),
                f"kind '{kind}'{which} has no step in the connection order; add the kind to a step's kinds, or its presets to a step's presets",
                "kind-without-step",
                severity=Severity.WARNING,
            )
