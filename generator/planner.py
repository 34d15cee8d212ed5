"""Planning an account's setup: the page's rules, read from the catalogue, applied to a list of systems.

>>> from generator import load_catalog
>>> from generator.planner import plan, Setup, SetupSystem
>>> result = plan(Setup((SetupSystem("Shop", "sales-channel", "e-commerce-with-e-fulfilment"),)), load_catalog())
>>> [p.code for p in result.problems]
['missing-required']
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from . import schemacheck
from .model import AddedLater, Catalog, Condition, DataType, Lookback, Preset, State, Step
from .problems import Path_, Problem, Severity, sort_problems
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
        return self.preset.first_import


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


def read_setup(path: Path) -> tuple[Setup | None, list[Problem]]:
    """A setup file, checked against its schema; problems come back as values."""
    document, problems = read_yaml(path.as_posix(), path.read_bytes())
    if not document.complete or problems:
        return None, problems
    problems = schemacheck.check(document, SETUP_SCHEMA)
    if problems:
        return None, problems
    return Setup.from_data(document.data, document), []


def plan(setup: Setup, catalog: Catalog) -> Plan:
    """Check a setup against the catalogue's rules; the checklist and the routing of every data type."""
    rules = _Rules(setup, catalog)
    problems = sort_problems(rules.check())
    return Plan(tuple(problems), rules.checklist(), rules.routing())


class _Rules:
    def __init__(self, setup: Setup, catalog: Catalog) -> None:
        self.setup = setup
        self.catalog = catalog
        self.doc = setup.document
        self.presets = {p.id: p for p in catalog.presets}
        self.named = {s.id: s for s in catalog.systems}
        self.kinds = {k.id: k for k in catalog.system_kinds}
        self.step_of_kind = {k.id: step for step in catalog.connection_order.steps for k in step.kinds}
        # Systems whose preset is known and fits their kind: the only ones the later rules read.
        self.fitting = [
            i
            for i, s in enumerate(setup.systems)
            if s.preset in self.presets and s.kind in {k.id for k in self.presets[s.preset].kinds}
        ]

    def problem(self, path: Path_, message: str, code: str, severity: Severity = Severity.ERROR) -> Problem:
        return self.doc.problem(path, message, code, severity=severity)

    def state(self, index: int, data_type: str, direction: str) -> tuple[State, Condition | None, str | None]:
        """The flow as it runs for this system: the preset's, or a named system's exception."""
        system = self.setup.systems[index]
        flow = self.presets[system.preset].flow(data_type)
        for exception in flow.exceptions:
            if exception.system.id == system.system:
                return (exception.imports if direction == "import" else exception.exports), None, exception.note
        side = flow.imports if direction == "import" else flow.exports
        return side.state, side.condition, None

    def check(self) -> Iterator[Problem]:
        yield from self._names()
        yield from self._references()
        yield from self._requirements()
        yield from self._single_sources()
        yield from self._order()
        yield from self._wants()

    def _names(self) -> Iterator[Problem]:
        seen: dict[str, int] = {}
        for i, system in enumerate(self.setup.systems):
            if system.name in seen:
                yield self.problem(
                    ("systems", i, "name"),
                    f"the name '{system.name}' is used twice (first for system {seen[system.name] + 1}); give each system its own name",
                    "duplicate-name",
                )
            seen.setdefault(system.name, i)

    def _references(self) -> Iterator[Problem]:
        for i, system in enumerate(self.setup.systems):
            kind = self.kinds.get(system.kind)
            fitting = [p for p in self.catalog.presets if system.kind in {k.id for k in p.kinds}]
            if system.preset not in self.presets:
                close = difflib.get_close_matches(system.preset, list(self.presets), n=1)
                hint = (
                    f"did you mean '{close[0]}'?"
                    if close
                    else f"presets for this kind: {', '.join(p.id for p in fitting) or 'none'}"
                )
                yield self.problem(
                    ("systems", i, "preset"), f"unknown preset '{system.preset}'; {hint}", "unknown-preset"
                )
            elif kind is not None and i not in self.fitting:
                preset = self.presets[system.preset]
                serves = ", ".join(k.label for k in preset.kinds)
                choose = ", ".join(p.id for p in fitting) or "none in the catalogue"
                yield self.problem(
                    ("systems", i, "preset"),
                    f"the {preset.name} preset is for {serves}, not for {kind.label}; choose: {choose}",
                    "preset-kind",
                )
            if system.system is not None:
                named = self.named.get(system.system)
                if named is None:
                    yield self.problem(
                        ("systems", i, "system"),
                        f"unknown system '{system.system}'; the catalogue names: {', '.join(self.named)}",
                        "unknown-system",
                    )
                elif named.kind != system.kind:
                    yield self.problem(
                        ("systems", i, "system"),
                        f"{named.name} is a system of kind '{named.kind}', but this entry says '{system.kind}'",
                        "system-kind",
                        Severity.WARNING,
                    )

    def _requirements(self) -> Iterator[Problem]:
        present = {s.kind for s in self.setup.systems}
        for i in self.fitting:
            preset = self.presets[self.setup.systems[i].preset]
            for requirement in preset.requires:
                if requirement.kind.id not in present:
                    yield self.problem(
                        ("systems", i, "preset"),
                        f"the {preset.name} preset requires a system of kind '{requirement.kind.id}' connected through Connect ({requirement.description.rstrip('.')}); add one",
                        "missing-required",
                    )

    def _single_sources(self) -> Iterator[Problem]:
        for kind in self.catalog.system_kinds:
            for data_type in kind.sole_source_of:
                sources = [i for i in self.fitting if self.state(i, data_type, "import")[0] != "no"]
                for i in sources[1:]:
                    first = self.setup.systems[sources[0]].name
                    yield self.problem(
                        ("systems", i, "preset"),
                        f"a second source of {data_type}: '{first}' imports it already, and only one system may be the source of {data_type}; keep one {kind.label} importing it and choose presets that do not for the others",
                        "two-sources",
                    )

    def _order(self) -> Iterator[Problem]:
        systems = self.setup.systems
        order = self.catalog.connection_order
        steps = [self.step_of_kind.get(s.kind) for s in systems]
        for j, system in enumerate(systems):
            step = steps[j]
            if step is None:
                continue
            later = [i for i in range(j) if (other := steps[i]) is not None and other.number > step.number]
            if system.connected and any(not systems[i].connected for i in range(j)):
                first = next(i for i in range(j) if not systems[i].connected)
                yield self.problem(
                    ("systems", j, "connected"),
                    f"'{system.name}' is connected already but listed after '{systems[first].name}', which is not: list the connected systems first, in the order they were connected",
                    "connected-order",
                )
            pending = [i for i in later if not systems[i].connected]
            running = [i for i in later if systems[i].connected]
            if running and not system.connected:
                before, before_step = systems[running[0]], steps[running[0]]
                assert before_step is not None
                support = order.if_added_later if step.id == order.first_step.id else None
                extra = (
                    f" {support.text} ({support.contact} adjusts the settings of: {', '.join(d.label for d in support.adjusts)}.)"
                    if support
                    else ""
                )
                yield self.problem(
                    ("systems", j),
                    f"'{system.name}' (step {step.number}, {step.label}) joins after '{before.name}' (step {before_step.number}, {before_step.label}) is connected.{extra}",
                    "added-later",
                    Severity.WARNING,
                )
            if pending and not system.connected:
                before, before_step = systems[pending[0]], steps[pending[0]]
                assert before_step is not None
                yield self.problem(
                    ("systems", j),
                    f"'{system.name}' belongs to step {step.number} ({step.label}) and must be connected before '{before.name}' (step {before_step.number}, {before_step.label}); move it up",
                    "order",
                )

    def _wants(self) -> Iterator[Problem]:
        labels = {d.id: d.label for d in self.catalog.data_types}
        for i in self.fitting:
            system = self.setup.systems[i]
            preset = self.presets[system.preset]
            for data_type, want in system.wants:
                for direction in ("import", "export") if want == "both" else (want,):
                    if self.state(i, data_type, direction)[0] != "no":
                        continue
                    verb = "import" if direction == "import" else "export"
                    where = "from it into Connect" if direction == "import" else "from Connect to it"
                    advice = " ".join(
                        f"{note.text.strip()} Consider: {', '.join(self.presets[s].name for s in note.suggest_presets if s in self.presets)}."
                        for note in preset.notes
                        if note.suggest_presets
                    )
                    if not advice:
                        others = [
                            p.name
                            for p in self.catalog.presets
                            if system.kind in {k.id for k in p.kinds} and p.id != preset.id
                        ]
                        advice = f"Presets for this kind: {', '.join(others)}." if others else ""
                    yield self.problem(
                        ("systems", i, "wants", data_type),
                        f"the {preset.name} preset does not {verb} {labels.get(data_type, data_type).lower()} {where}. {advice}".rstrip(),
                        "unserved-want",
                        Severity.WARNING,
                    )

    @property
    def in_order(self) -> list[int]:
        """The fitting systems in the connection order: by step, then as listed."""

        def position(i: int) -> tuple[int, int]:
            step = self.step_of_kind.get(self.setup.systems[i].kind)
            return (step.number if step else len(self.step_of_kind) + 1, i)  # a kind without a step goes last

        return sorted(self.fitting, key=position)

    def checklist(self) -> tuple[ChecklistItem, ...]:
        order = self.catalog.connection_order
        systems = self.setup.systems
        placed = [
            (self.step_of_kind[systems[i].kind], i) for i in self.in_order if systems[i].kind in self.step_of_kind
        ]
        items = []
        connected_steps = [
            self.step_of_kind[s.kind].number for s in self.setup.systems if s.connected and s.kind in self.step_of_kind
        ]
        for position, (step, i) in enumerate(placed, start=1):
            system = self.setup.systems[i]
            late = not system.connected and any(n > step.number for n in connected_steps)
            support = order.if_added_later if late and step.id == order.first_step.id else None
            items.append(ChecklistItem(position, step, system, self.presets[system.preset], support))
        return tuple(items)

    def routing(self) -> tuple[Route, ...]:
        routes = []
        for data_type in self.catalog.data_types:
            ends: dict[str, list[Endpoint]] = {"import": [], "export": []}
            for i in self.in_order:
                system = self.setup.systems[i]
                flow = self.presets[system.preset].flow(data_type.id)
                for direction in ("import", "export"):
                    state, condition, applied = self.state(i, data_type.id, direction)
                    if state == "no":
                        continue
                    others = " ".join(e.note for e in flow.exceptions if e.system.id != system.system)
                    ends[direction].append(
                        Endpoint(system.name, system.preset, state, condition, applied or others or None)
                    )
            routes.append(Route(data_type, tuple(ends["import"]), tuple(ends["export"])))
        return tuple(routes)


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
                    {"data_type": lb.data_type.id, "period": lb.period, "when_possible": lb.when_possible}
                    for lb in item.first_import
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
