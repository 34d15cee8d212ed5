"""The planner's rules of the connection order and of a data type's sources. The page asks for its
order (a request: warnings) and requires its first step first (essential: errors); how firmly each
is put is catalogue data, read here through SEVERITY."""

from __future__ import annotations

from collections.abc import Iterator

from ..catalogue.model import Step
from ..problems import Severity
from ..suggest import ascii_lower
from ..wording import trim
from .context import Context, Finding, first_after
from .messages import say

SEVERITY = {"request": Severity.WARNING, "essential": Severity.ERROR}
"""How firmly the page puts a rule, as the planner reports a setup that breaks it."""


def second_source(ctx: Context) -> Iterator[Finding]:
    """A warning for each further system that imports a data type a preset may be the only source of:
    the page allows one source and makes the first e-fulfilment system the default; it forbids none."""
    order = ctx.order
    allowing: dict[str, list[str]] = {}
    for preset in ctx.catalog.presets:
        for only in preset.may_be_only_source_of:
            allowing.setdefault(only.id, []).append(preset.name)
    for data_type, preset_names in allowing.items():
        data = ascii_lower(ctx.data_types[data_type].label)
        sources = [i for i in ctx.fitting if ctx.flowing(i, data_type, "import").state != "no"]
        for i in sources[1:]:
            first, this = ctx.systems[sources[0]], ctx.systems[i]
            default = ""
            if data_type in {d.id for d in order.default_source_of} and ctx.steps[sources[0]] is order.first_step:
                defaults = " and ".join(ascii_lower(d.label) for d in order.default_source_of)
                step = order.first_step
                default = say("second-source.default", step=step.number, step_label=step.label, defaults=defaults)
            if not first.connected:
                advice = say("second-source.connect-first")
            elif ctx.steps[i] is order.first_step:  # the page's own path for e-fulfilment added later
                advice = say(
                    "second-source.connected-support", first=first.name, support=trim(order.if_added_later.text)
                )
            else:
                advice = say("second-source.connected", first=first.name)
            message = say(
                "second-source",
                name=this.name,
                first=first.name,
                data=data,
                presets=" and ".join(preset_names),
                default=default,
                advice=advice,
            )
            yield Finding(i, ("systems", i, "preset"), message)


def connected_order(ctx: Context) -> Iterator[Finding]:
    first_unconnected: int | None = None
    for j, system in enumerate(ctx.systems):
        if ctx.steps[j] is not None and system.connected and first_unconnected is not None:
            message = say("connected-order", name=system.name, first=ctx.systems[first_unconnected].name)
            yield Finding(j, ("systems", j, "connected"), message)
        if first_unconnected is None and not system.connected:
            first_unconnected = j


def added_later(ctx: Context) -> Iterator[Finding]:
    """A system after a connected system of a later step joins (or was connected) late: told, as the page asks."""
    for j, system in enumerate(ctx.systems):
        step, before = ctx.steps[j], ctx.joined_late[j]
        if step is None or before is None:
            continue
        essential, severity, values = _out_of_order(ctx, j, step, before)
        values["rule"] = say("added-later.rule", wording=trim(ctx.order.first_step_wording)) if essential else ""
        values["support"] = say("added-later.support", text=trim(ctx.order.if_added_later.text)) if essential else ""
        template = "added-later.was-connected" if system.connected else "added-later.joins"
        yield Finding(j, ("systems", j), say(template, **values), severity)


def listed_out_of_order(ctx: Context) -> Iterator[Finding]:
    """An unconnected system listed after an unconnected one of a later step is to be moved up."""
    # The first unconnected system listed so far at each step number: an earlier system of a later
    # step is then looked up among the few steps, not among all earlier systems.
    first_pending_at: dict[int, int] = {}
    for j, system in enumerate(ctx.systems):
        step = ctx.steps[j]
        if step is None or system.connected:
            continue
        before = first_after(first_pending_at, step.number)
        first_pending_at.setdefault(step.number, j)
        if before is None:
            continue
        essential, severity, values = _out_of_order(ctx, j, step, before)
        if essential:
            message = say("order.essential", rule=trim(ctx.order.first_step_wording), **values)
        else:
            message = say("order.request", **values)
        yield Finding(j, ("systems", j), message, severity)


def _out_of_order(ctx: Context, j: int, step: Step, before: int) -> tuple[bool, Severity, dict[str, object]]:
    """Whether the rule is the essential one, its severity, and the values of its message."""
    other_step = ctx.steps[before]
    assert other_step is not None
    essential = step.id == ctx.order.first_step.id
    strength = ctx.order.first_step_strength if essential else ctx.order.strength
    values: dict[str, object] = {
        "name": ctx.systems[j].name,
        "step": step.number,
        "step_label": step.label,
        "other": ctx.systems[before].name,
        "other_step": other_step.number,
        "other_label": other_step.label,
    }
    return essential, SEVERITY[strength], values


def no_step(ctx: Context) -> Iterator[Finding]:
    """A warning for each system that has no step: it is left out of the checklist, never silently."""
    for i in ctx.fitting:
        if ctx.steps[i] is None:
            system = ctx.systems[i]
            message = say(
                "no-step", name=system.name, kind=ctx.kinds[system.kind].label, preset=ctx.presets[system.preset].name
            )
            yield Finding(i, ("systems", i, "kind"), message)
