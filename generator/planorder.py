"""The planner's rules of the connection order: the page asks for its order (a request: warnings) and
requires its first step first (essential: errors). How firmly each is put is catalogue data."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from .model import Step
from .planner import ChecklistItem
from .problems import Problem, Severity

if TYPE_CHECKING:
    from .planrules import Rules

SEVERITY = {"request": Severity.WARNING, "essential": Severity.ERROR}
"""How firmly the page puts a rule, as the planner reports a setup that breaks it."""


def joined_late(rules: Rules) -> list[int | None]:
    """For each system, the first connected system listed before it that belongs to a later step (it
    joins, or joined, after that one), else None: the one answer the order rule and the checklist's
    Connect Support step both read."""
    found: list[int | None] = []
    first_connected_at: dict[int, int] = {}  # step number -> the first connected system listed at it
    for j, system in enumerate(rules.setup.systems):
        step = rules.steps[j]
        found.append(_first_after(first_connected_at, step.number) if step is not None else None)
        if step is not None and system.connected:
            first_connected_at.setdefault(step.number, j)
    return found


def order_problems(rules: Rules) -> Iterator[Problem]:
    """The page asks for its order (a request: warnings) and requires the first step first
    (essential: errors); how firmly is catalogue data, read here."""
    systems = rules.setup.systems
    steps = rules.steps
    first_unconnected: int | None = None
    # The first unconnected system listed so far at each step number: an earlier system of a later
    # step is then looked up among the few steps, not among all earlier systems.
    first_pending_at: dict[int, int] = {}
    for j, system in enumerate(systems):
        step = steps[j]
        if step is not None:
            if system.connected and first_unconnected is not None:
                yield rules.problem(
                    ("systems", j, "connected"),
                    f"'{system.name}' is connected already but listed after '{systems[first_unconnected].name}', which is not: list the connected systems first, in the order they were connected",
                    "connected-order",
                )
            # A connected system after a connected one of a later step was connected late: told,
            # as the page asks; an unconnected one after an unconnected one is to be moved up.
            yield from _out_of_order(rules, j, step, rules.joined_late[j], connected=True)
            if not system.connected:
                yield from _out_of_order(rules, j, step, _first_after(first_pending_at, step.number), connected=False)
                first_pending_at.setdefault(step.number, j)
        if first_unconnected is None and not system.connected:
            first_unconnected = j


def _out_of_order(rules: Rules, j: int, step: Step, before: int | None, *, connected: bool) -> Iterator[Problem]:
    """System ``j`` comes after system ``before`` of a later step, which is connected (``connected``) or listed first."""
    if before is None:
        return
    order = rules.catalog.connection_order
    system, other = rules.setup.systems[j], rules.setup.systems[before]
    other_step = rules.steps[before]
    assert other_step is not None
    essential = step.id == order.first_step.id
    strength = order.first_step_strength if essential else order.strength
    rule = f" {order.first_step_wording.strip()}" if essential else ""
    if connected:
        then = f" {order.if_added_later.text.strip()}" if essential else ""
        joins = "was connected after" if system.connected else "joins after"
        after = "" if system.connected else " is connected"
        message = f"'{system.name}' (step {step.number}, {step.label}) {joins} '{other.name}' (step {other_step.number}, {other_step.label}){after}.{rule}{then}"
        code = "added-later"
    else:
        keep = "" if essential else " to keep to the connection order"
        message = f"'{system.name}' belongs to step {step.number} ({step.label}) but is listed after '{other.name}' (step {other_step.number}, {other_step.label}).{rule} Move it up{keep}."
        code = "order"
    yield rules.problem(("systems", j), message, code, SEVERITY[strength])


def unplaced(rules: Rules) -> Iterator[Problem]:
    """A warning for each system that has no step: it is left out of the checklist, never silently."""
    for i in rules.fitting:
        system = rules.setup.systems[i]
        if rules.steps[i] is None:
            yield rules.problem(
                ("systems", i, "kind"),
                f"'{system.name}' is left out of the checklist: the catalogue's connection order has no step for its kind ({rules.kinds[system.kind].label}) or its preset ({rules.presets[system.preset].name}); add one of them to a step of the connection order to place it",
                "no-step",
                Severity.WARNING,
            )


def checklist(rules: Rules) -> tuple[ChecklistItem, ...]:
    """What to connect, in the connection order; a system joining late at the first step gets the Connect Support step."""
    order = rules.catalog.connection_order
    systems = rules.setup.systems
    placed = [(step, i) for i in rules.in_order if (step := rules.steps[i]) is not None]
    items = []
    for position, (step, i) in enumerate(placed, start=1):
        system = systems[i]
        late = rules.joined_late[i] is not None
        support = order.if_added_later if late and step.id == order.first_step.id else None
        items.append(ChecklistItem(position, step, system, rules.presets[system.preset], support))
    return tuple(items)


def _first_after(first_at: dict[int, int], number: int) -> int | None:
    """The first system listed at a step after step ``number`` (``first_at``: step number -> first index)."""
    return min((i for n, i in first_at.items() if n > number), default=None)
