"""What a plan holds: its problems, the checklist in the connection order, and the routing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..catalogue.model import AddedLater, Condition, DataType, FirstImport, Preset, State, Step
from ..problems import Problem, Severity
from .setup import SetupSystem


@dataclass(frozen=True)
class ChecklistItem:
    position: int
    step: Step
    system: SetupSystem
    preset: Preset
    support: AddedLater | None = None
    """Set when the system joins a running account out of order and the catalogue names who adjusts what."""

    @property
    def first_import(self) -> tuple[FirstImport, ...]:
        """The first imports that happen: the periods of data the preset imports."""
        return tuple(fi for fi in self.preset.first_import if self.preset.imports(fi.data_type.id))

    @property
    def periods_not_imported(self) -> tuple[FirstImport, ...]:
        """Periods the page gives for data the preset does not import (its own contradiction): no import."""
        return tuple(fi for fi in self.preset.first_import if not self.preset.imports(fi.data_type.id))


@dataclass(frozen=True)
class Endpoint:
    name: str
    """The name of the setup's system."""
    preset: str
    state: State
    condition: Condition | None = None
    note: str | None = None
    """The catalogue's exception notes that concern this flow: the one that applies to this
    system, or those for other named systems, marked so the reader checks which it is."""


@dataclass(frozen=True)
class Route:
    data_type: DataType
    into_connect: tuple[Endpoint, ...]
    """Systems that import this data type into Connect."""
    from_connect: tuple[Endpoint, ...]
    """Systems that receive it from Connect."""


@dataclass(frozen=True)
class Plan:
    problems: tuple[Problem, ...]
    """By system, then in the order of the rule table (generator/planning/rules.py)."""
    checklist: tuple[ChecklistItem, ...]
    """What to connect, in the connection order (systems with a problem in their preset are left out)."""
    routing: tuple[Route, ...]

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity is Severity.ERROR)


def as_json(result: Plan) -> dict[str, Any]:
    """The plan as plain data: what `plan --format json` prints and the site's planner computes."""
    return {
        "problems": [{k: v for k, v in p.as_dict().items() if k not in ("file",)} for p in result.problems],
        "checklist": [
            {
                "position": item.position,
                "step": item.step.number,
                "step_label": item.step.label,
                "system": item.system.name,
                "kind": item.system.kind,
                "preset": item.preset.id,
                "preset_name": item.preset.name,
                "connected": item.system.connected,
                "first_import": [
                    {
                        "data_type": fi.data_type.id,
                        "period": fi.period,
                        "when_possible": fi.when_possible,
                        "imported": item.preset.imports(fi.data_type.id),
                    }
                    for fi in item.preset.first_import
                ],
                "support": {"contact": item.support.contact, "adjusts": [d.id for d in item.support.adjusts]}
                if item.support
                else None,
            }
            for item in result.checklist
        ],
        "routing": [
            {
                "data_type": route.data_type.id,
                "into_connect": [_endpoint(e) for e in route.into_connect],
                "from_connect": [_endpoint(e) for e in route.from_connect],
            }
            for route in result.routing
        ],
    }


def _endpoint(end: Endpoint) -> dict[str, Any]:
    return {
        "system": end.name,
        "preset": end.preset,
        "state": end.state,
        "condition": end.condition.id if end.condition else None,
        "note": end.note,
    }
