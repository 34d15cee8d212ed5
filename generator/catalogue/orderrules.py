"""The catalogue's rules for its connection order: each kind and each preset in one step, every connector
placed, the first step's reference, and acknowledgements that point at a field of the order. Each
function is the connection order's part of one rule of the table in rules.py. (The kinds and data
types the order names are checked by catalog.yaml's schema, its enums made from catalog.yaml.)"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..problems import acknowledged_place
from .rulebase import Context, Finding, duplicates, reference, resolves


def duplicate_ids(ctx: Context) -> Iterator[Finding]:
    """A step id listed twice; a kind or a preset in two steps."""
    doc, steps = ctx.catalog, ctx.order["steps"]
    yield from duplicates(doc, ("connection_order", "steps"), [s["id"] for s in steps], ("id",))
    for key, what in (("kinds", "kind"), ("presets", "preset")):
        step_of: dict[str, str] = {}
        for i, step in enumerate(steps):
            for j, item in enumerate(step.get(key, ())):
                if item in step_of:
                    yield Finding(
                        doc,
                        ("connection_order", "steps", i, key, j),
                        f"{what} '{item}' is already connected in step '{step_of[item]}'; a {what} belongs to one step",
                    )
                step_of.setdefault(item, step["id"])


def unknown_references(ctx: Context) -> Iterator[Finding]:
    """A step that names a preset catalog.yaml does not list; a first step that is not a step."""
    doc, steps = ctx.catalog, ctx.order["steps"]
    for i, step in enumerate(steps):
        for j, preset in enumerate(step.get("presets", ())):
            yield from reference(
                doc, ("connection_order", "steps", i, "presets", j), preset, ctx.presets, "preset", "presets"
            )
    path = ("connection_order", "first_step", "step")
    yield from reference(
        doc, path, ctx.order["first_step"]["step"], [s["id"] for s in steps], "step", "connection_order.steps"
    )


def kind_without_step(ctx: Context) -> Iterator[Finding]:
    """A connector belongs to the step that names its preset, else to the step of its kind: a kind
    whose connectors would belong nowhere is named."""
    steps = ctx.order["steps"]
    stepped = {kind for step in steps for kind in step.get("kinds", ())}
    named = {preset for step in steps for preset in step.get("presets", ())}
    served = {k for p in ctx.valid.values() for k in p.data["kinds"]}
    for kind in ctx.kinds:
        if kind in stepped:
            continue
        unplaced = [p for p, doc in ctx.listed if kind in doc.data["kinds"] and p not in named]
        # A listed preset whose file could not be read may serve the kind: its problem is reported already.
        if unplaced or (kind not in served and all(p in ctx.valid for p in ctx.presets)):
            which = (
                f" with the preset{'s' if len(unplaced) > 1 else ''} {', '.join(repr(p) for p in unplaced)}"
                if unplaced
                else ""
            )
            yield Finding(
                ctx.catalog,
                ("connection_order", "steps"),
                f"kind '{kind}'{which} has no step in the connection order; add the kind to a step's kinds, or its presets to a step's presets",
            )


def stale_acknowledgements(ctx: Context) -> Iterator[Finding]:
    """An acknowledgement of the order that points at no field of it."""
    order: dict[str, Any] = ctx.order
    for j, entry in enumerate(order.get("acknowledged", ())):
        if not resolves(order, acknowledged_place(entry["at"], "connection_order")):
            yield Finding(
                ctx.catalog,
                ("connection_order", "acknowledged", j, "at"),
                f"nothing at {entry['at']} in connection_order; write the dotted path of the field the note is about, such as strength",
            )
