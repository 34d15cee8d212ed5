"""Planning an account's setup: the page's rules, read from the catalogue, applied to a list of systems.

>>> from generator import load_catalog
>>> from generator.planner import plan, Setup, SetupSystem
>>> result = plan(Setup((SetupSystem("Shop", "sales-channel", "e-commerce-with-e-fulfilment"),)), load_catalog())
>>> [p.code for p in result.problems]
['missing-required']
"""

from __future__ import annotations

import gc
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from . import schemacheck
from .errors import shown_path
from .model import AddedLater, Catalog, Condition, DataType, Lookback, Preset, State, Step
from .problems import Problem, Severity, sort_problems
from .source import read_file
from .yamlread import Document, read_yaml

SETUP_SCHEMA = "setup.schema.json"
Want = Literal["import", "export", "both"]


@dataclass(frozen=True)
class SetupSystem:
    name: str
    kind: str
    preset: str
    system: str | None = None
    """Id of the named system it is (such as ``tribe-crm``), so that its exceptions apply."""
    connected: bool = False
    wants: tuple[tuple[str, Want], ...] = ()


@dataclass(frozen=True)
class Setup:
    systems: tuple[SetupSystem, ...]
    account: str | None = None
    document: Document = field(default_factory=lambda: Document("<setup>"), compare=False, repr=False)
    """Where the setup was read from, to locate problems."""

    @classmethod
    def from_data(cls, data: dict[str, Any], document: Document | None = None) -> Setup:
        """A setup from the plain data of a setup file (already checked against its schema)."""
        systems = tuple(
            SetupSystem(
                name=s["name"],
                kind=s["kind"],
                preset=s["preset"],
                system=s.get("system"),
                connected=s.get("connected", False),
                wants=tuple(s.get("wants", {}).items()),
            )
            for s in data["systems"]
        )
        return cls(systems, data.get("account"), document or Document("<setup>"))


@dataclass(frozen=True)
class ChecklistItem:
    position: int
    step: Step
    system: SetupSystem
    preset: Preset
    support: AddedLater | None = None
    """Set when the system joins a running account out of order and the catalogue names who adjusts what."""

    @property
    def first_import(self) -> tuple[Lookback, ...]:
        """The first imports that happen: the periods of data the preset imports."""
        return tuple(lb for lb in self.preset.first_import if self.preset.imports(lb.data_type.id))

    @property
    def periods_not_imported(self) -> tuple[Lookback, ...]:
        """Periods the page gives for data the preset does not import (its own contradiction): no import."""
        return tuple(lb for lb in self.preset.first_import if not self.preset.imports(lb.data_type.id))


@dataclass(frozen=True)
class Endpoint:
    system: str
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
    checklist: tuple[ChecklistItem, ...]
    """What to connect, in the connection order (systems with a problem in their preset are left out)."""
    routing: tuple[Route, ...]

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity is Severity.ERROR)


def read_setup(path: Path | str, name: str | None = None) -> tuple[Setup | None, list[Problem]]:
    """A setup file, checked against its schema; problems come back as values, named ``name``
    (default: the path as given). A file that cannot be read at all (a folder, a pipe, no
    permission) is one problem with the code ``unreadable``."""
    shown = name if name is not None else shown_path(path)
    raw, unreadable = read_file(Path(path), shown, what="a setup file")
    if raw is None:
        assert unreadable is not None
        return None, [unreadable]
    document, problems = read_yaml(shown, raw)
    if not document.complete or problems:
        return None, problems
    problems = schemacheck.check(document, SETUP_SCHEMA)
    if problems:
        return None, problems
    return Setup.from_data(document.data, document), []


def plan(setup: Setup, catalog: Catalog) -> Plan:
    """Check a setup against the catalogue's rules; the checklist and the routing of every data type."""
    from .planrules import Rules  # here, not at the top: the rules build this module's types

    # A plan allocates an object or more per system and frees none: the cyclic collector would only
    # rescan them, ever more often as they grow (at 10,000 systems it doubled the time).
    collecting = gc.isenabled()
    gc.disable()
    try:
        rules = Rules(setup, catalog)
        problems = sort_problems(rules.check())
        return Plan(tuple(problems), rules.checklist(), rules.routing())
    finally:
        if collecting:
            gc.enable()


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
                        "data_type": lb.data_type.id,
                        "period": lb.period,
                        "when_possible": lb.when_possible,
                        "imported": item.preset.imports(lb.data_type.id),
                    }
                    for lb in item.preset.first_import
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
        "system": end.system,
        "preset": end.preset,
        "state": end.state,
        "condition": end.condition.id if end.condition else None,
        "note": end.note,
    }
