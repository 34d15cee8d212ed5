"""A plan: the rule table run over a setup, the checklist in the connection order, the routing."""

from __future__ import annotations

import gc

from ..catalogue.model import Catalog
from ..problems import Problem
from .context import Context
from .result import ChecklistItem, Endpoint, Plan, Route
from .rules import RULES
from .setup import Setup


def plan(setup: Setup, catalog: Catalog) -> Plan:
    """Check a setup against the catalogue's rules; the checklist and the routing of every data type."""
    # A plan allocates an object or more per system and frees none: the cyclic collector would only
    # rescan them, ever more often as they grow (at 10,000 systems it doubled the time).
    collecting = gc.isenabled()
    gc.disable()
    try:
        ctx = Context(setup, catalog)
        return Plan(problems(ctx), checklist(ctx), routing(ctx))
    finally:
        if collecting:
            gc.enable()


def problems(ctx: Context) -> tuple[Problem, ...]:
    """Every rule's findings, by system, then in the order of the rule table, then as the rule found
    them; one problem per place and text. The setup's file only locates them: a setup built in code
    lists its problems in the same order as the same setup read from a file."""
    found = []
    for rank, rule in enumerate(RULES):
        for n, finding in enumerate(rule.check(ctx)):
            found.append((finding.system, rank, n, rule, finding))
    found.sort(key=lambda entry: entry[:3])
    seen: set[tuple[object, ...]] = set()
    result = []
    for _, _, _, rule, finding in found:
        severity = finding.severity or rule.severity
        assert severity is not None, f"rule {rule.code} must give each finding its severity"
        key = (finding.path, finding.message, rule.code, severity)
        if key in seen:
            continue
        seen.add(key)
        result.append(ctx.setup.source.problem(finding.path, finding.message, rule.code, severity, key=finding.key))
    return tuple(result)


def checklist(ctx: Context) -> tuple[ChecklistItem, ...]:
    """What to connect, in the connection order; a system joining late at the first step gets the
    catalogue's Connect Support step."""
    order = ctx.order
    placed = [(step, i) for i in ctx.in_order if (step := ctx.steps[i]) is not None]
    items = []
    for position, (step, i) in enumerate(placed, start=1):
        system = ctx.systems[i]
        late = ctx.joined_late[i] is not None
        support = order.if_added_later if late and step.id == order.first_step.id else None
        items.append(ChecklistItem(position, step, system, ctx.presets[system.preset], support))
    return tuple(items)


def routing(ctx: Context) -> tuple[Route, ...]:
    """For every data type, the systems that import it into Connect and those that receive it."""
    routes = []
    for data_type in ctx.catalog.data_types:
        ends: dict[str, list[Endpoint]] = {"import": [], "export": []}
        for i in ctx.in_order:
            system = ctx.systems[i]
            flow = ctx.flows[system.preset][data_type.id]
            for direction in ("import", "export"):
                flowing = ctx.flowing(i, data_type.id, direction)
                if flowing.state == "no":
                    continue
                others = " ".join(e.note for e in flow.exceptions if e.system.id != system.named)
                note = flowing.note or others or None
                ends[direction].append(Endpoint(system.name, system.preset, flowing.state, flowing.condition, note))
        routes.append(Route(data_type, tuple(ends["import"]), tuple(ends["export"])))
    return tuple(routes)
