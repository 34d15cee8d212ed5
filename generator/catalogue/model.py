"""The catalogue as typed, immutable objects, built only from validated data."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, TypeVar

from ..problems import acknowledged_place
from .connectionorder import AddedLater, ConnectionOrder, Step, build_order
from .vocabulary import Condition, DataType, Inconsistency, NamedSystem, SystemKind

__all__ = [  # the vocabulary and the connection order are defined in modules of their own
    "AddedLater",
    "Catalog",
    "Condition",
    "ConnectionOrder",
    "DataFlow",
    "DataType",
    "Flow",
    "FlowException",
    "Inconsistency",
    "FirstImport",
    "Note",
    "Preset",
    "Requirement",
    "State",
    "Step",
    "NamedSystem",
    "SystemKind",
    "build",
]

State = Literal["yes", "no", "conditional"]
T = TypeVar("T")

_DURATION = re.compile(r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$")
_UNITS = ("year", "month", "week", "day")


def duration_parts(period: str) -> tuple[tuple[int, str], ...]:
    """``P1Y6M`` -> ``((1, 'year'), (6, 'month'))``."""
    match = _DURATION.match(period)
    assert match is not None, period  # the schema guarantees the form
    return tuple((int(amount), unit) for amount, unit in zip(match.groups(), _UNITS, strict=True) if amount)


@dataclass(frozen=True)
class Flow:
    """One direction of one data type: ``state``, and the condition when it is conditional."""

    state: State
    condition: Condition | None = None


@dataclass(frozen=True)
class FlowException:
    system: NamedSystem
    imports: State
    exports: State
    note: str


@dataclass(frozen=True)
class DataFlow:
    data_type: DataType
    imports: Flow
    """Import from the platform into Connect."""
    exports: Flow
    """Export from Connect to the platform."""
    exceptions: tuple[FlowException, ...] = ()


@dataclass(frozen=True)
class FirstImport:
    """How far back the first import reaches for one data type."""

    data_type: DataType
    period: str
    """An ISO 8601 duration such as ``P7D`` or ``P10Y``."""
    when_possible: bool = False

    @property
    def parts(self) -> tuple[tuple[int, str], ...]:
        """``P1Y6M`` -> ``((1, 'year'), (6, 'month'))``."""
        return duration_parts(self.period)


@dataclass(frozen=True)
class Requirement:
    kind: SystemKind
    description: str


@dataclass(frozen=True)
class Note:
    id: str
    text: str
    suggest_presets: tuple[str, ...] = ()


@dataclass(frozen=True)
class Preset:
    id: str
    name: str
    summary: str
    when_to_select: str | None
    """None where the page gives no advice on when to choose the preset."""
    kinds: tuple[SystemKind, ...]
    flows: tuple[DataFlow, ...]
    """One per data type, in the catalogue's data type order."""
    first_import: tuple[FirstImport, ...]
    """In the order the catalogue lists them."""
    example_systems: tuple[NamedSystem, ...] = ()
    requires: tuple[Requirement, ...] = ()
    notes: tuple[Note, ...] = ()
    available_only_for: str | None = None
    """The systems the page restricts the preset to, as words after 'Available only for'."""
    may_be_only_source_of: tuple[DataType, ...] = ()
    inconsistencies: tuple[Inconsistency, ...] = ()

    def inconsistency(self, at: str) -> Inconsistency | None:
        """The page's contradiction at a dotted path (``first_import.orders``, ``flows.contacts``)."""
        return next((i for i in self.inconsistencies if i.at == at), None)

    def imports(self, data_type_id: str) -> bool:
        return self.flow(data_type_id).imports.state != "no"

    def flow(self, data_type_id: str) -> DataFlow:
        for flow in self.flows:
            if flow.data_type.id == data_type_id:
                return flow
        raise KeyError(data_type_id)


@dataclass(frozen=True)
class Catalog:
    version: str
    title: str
    description: str
    location: str
    data_types: tuple[DataType, ...]
    system_kinds: tuple[SystemKind, ...]
    systems: tuple[NamedSystem, ...]
    conditions: tuple[Condition, ...]
    presets: tuple[Preset, ...]
    connection_order: ConnectionOrder
    source: Path

    def preset(self, preset_id: str) -> Preset:
        for preset in self.presets:
            if preset.id == preset_id:
                return preset
        raise KeyError(preset_id)


def build(root: Path, catalog: dict[str, Any], presets: list[dict[str, Any]]) -> Catalog:
    """Objects from data that passed the schema and the semantic rules (``presets`` in catalogue order)."""
    data_types = {d["id"]: DataType(d["id"], d["label"]) for d in catalog["data_types"]}
    kinds = {k["id"]: SystemKind(k["id"], k["label"]) for k in catalog["system_kinds"]}
    systems = {s["id"]: NamedSystem(s["id"], s["name"], s["kind"]) for s in catalog["systems"]}
    conditions = {c["id"]: Condition(c["id"], c["label"], c["cell"], c.get("footnote")) for c in catalog["conditions"]}

    # Immutable parts that recur in many presets are built once and shared: a large
    # catalogue would otherwise spend most of its model time constructing equal objects.
    shared: dict[tuple[Any, ...], Any] = {}

    def once(key: tuple[Any, ...], make: Callable[[], T]) -> T:
        if key not in shared:
            shared[key] = make()
        found: T = shared[key]
        return found

    def flow(raw: dict[str, Any], direction: str) -> Flow:
        state, condition = raw[direction], raw.get(f"{direction}_condition")
        return once(("flow", state, condition), lambda: Flow(state, conditions[condition] if condition else None))

    def data_flow(data_type: DataType, raw: dict[str, Any]) -> DataFlow:
        exceptions = tuple(
            FlowException(systems[e["system"]], e["import"], e["export"], e["note"]) for e in raw.get("exceptions", ())
        )
        key = (
            "data-flow",
            data_type.id,
            raw["import"],
            raw.get("import_condition"),
            raw["export"],
            raw.get("export_condition"),
            exceptions,
        )
        return once(key, lambda: DataFlow(data_type, flow(raw, "import"), flow(raw, "export"), exceptions))

    def first_import(data_type: DataType, raw: dict[str, Any]) -> FirstImport:
        key = ("first-import", data_type.id, raw["period"], raw.get("when_possible", False))
        return once(key, lambda: FirstImport(data_type, raw["period"], raw.get("when_possible", False)))

    def preset(raw: dict[str, Any]) -> Preset:
        raw_flows = raw["flows"]
        flows = tuple(data_flow(data_type, raw_flows[dt]) for dt, data_type in data_types.items())
        return Preset(
            id=raw["id"],
            name=raw["name"],
            summary=raw["summary"],
            when_to_select=raw.get("when_to_select"),
            kinds=tuple(kinds[k] for k in raw["kinds"]),
            flows=flows,
            first_import=tuple(first_import(data_types[dt], entry) for dt, entry in raw["first_import"].items()),
            example_systems=tuple(systems[s] for s in raw.get("example_systems", ())),
            requires=tuple(Requirement(kinds[r["kind"]], r["description"]) for r in raw.get("requires", ())),
            notes=tuple(Note(n["id"], n["text"], tuple(n.get("suggest_presets", ()))) for n in raw.get("notes", ())),
            available_only_for=raw.get("available_only_for"),
            may_be_only_source_of=tuple(data_types[d] for d in raw.get("may_be_only_source_of", ())),
            inconsistencies=tuple(
                Inconsistency(acknowledged_place(a["at"]), a["reason"], a.get("rule"))
                for a in raw.get("acknowledged", ())
            ),
        )

    return Catalog(
        version=catalog["version"],
        title=catalog["title"],
        description=catalog["description"],
        location=catalog["location"],
        data_types=tuple(data_types.values()),
        system_kinds=tuple(kinds.values()),
        systems=tuple(systems.values()),
        conditions=tuple(conditions.values()),
        presets=tuple(preset(p) for p in presets),
        connection_order=build_order(catalog["connection_order"], kinds, data_types),
        source=root,
    )
