"""What the diagrams show, worked out in Python so that the templates only lay it out.

The diagrams are HTML (lists of boxes joined by arrows), not SVG with text: the browser wraps and sizes
the text, so it stays readable on a phone and a long system name is never cut or left to overflow.
Each diagram adds what the tables beside it cannot:

- a worked example's routing, one row per data type that flows: who sends it into Connect and who
  receives it (``route_rows``);
- a preset's links to the presets on the other side of Connect, where the catalogue ties them
  together: a preset that requires a kind of system and receives data only that kind's presets
  import, a preset that lets its system be the only source of a data type, or the one preset whose
  table imports a data type that others export (``preset_links``);
- the presets whose connectors belong to each step of the connection order (``step_presets``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .. import wording
from ..catalogue.model import Catalog, Condition, DataType, Preset, State, Step
from ..planning.result import Endpoint, Plan, Route
from .guide import in_sentence


@dataclass(frozen=True)
class RouteRow:
    """One data type of a plan's routing that some system sends or receives."""

    data_type: DataType
    into_connect: tuple[Endpoint, ...]
    from_connect: tuple[Endpoint, ...]
    notes: tuple[str, ...]
    """The catalogue's exception notes of its endpoints, each once, for the endpoints' 'see note'."""


@dataclass(frozen=True)
class Routing:
    rows: tuple[RouteRow, ...]
    not_routed: tuple[DataType, ...]
    """Data types no system of the setup sends or receives."""

    @property
    def conditional(self) -> bool:
        """Whether some flow runs only under a condition (a dashed arrow, to explain)."""
        return any(end.state == "conditional" for row in self.rows for end in (*row.into_connect, *row.from_connect))


def route_rows(plan: Plan) -> Routing:
    """A plan's routing by data type, leaving out the data types that flow nowhere."""
    rows = tuple(_row(route) for route in plan.routing if route.into_connect or route.from_connect)
    not_routed = tuple(r.data_type for r in plan.routing if not (r.into_connect or r.from_connect))
    return Routing(rows, not_routed)


def _row(route: Route) -> RouteRow:
    notes: list[str] = []
    for end in (*route.into_connect, *route.from_connect):
        if end.note and end.note not in notes:
            notes.append(end.note)
    return RouteRow(route.data_type, route.into_connect, route.from_connect, tuple(notes))


@dataclass(frozen=True)
class PresetNode:
    """A preset on one side of Connect, named by the kinds of system it is for."""

    preset: Preset
    kinds: str
    """The preset's kind labels: 'Sales channel', 'E-fulfilment system'."""
    this: bool
    """The preset of the page the diagram is on."""
    state: State
    condition: Condition | None
    exceptions: tuple[str, ...] = ()
    """Named systems for which the flow does not run."""


@dataclass(frozen=True)
class PresetLink:
    """One data type between presets: sources -> Connect -> receivers, and why the catalogue links them."""

    data_type: DataType
    sources: tuple[PresetNode, ...]
    receivers: tuple[PresetNode, ...]
    reasons: tuple[str, ...]

    @property
    def conditional(self) -> bool:
        return any(node.state == "conditional" for node in (*self.sources, *self.receivers))


def _importers(catalog: Catalog, data_type: DataType) -> list[Preset]:
    return [p for p in catalog.presets if p.flow(data_type.id).imports.state != "no"]


def _why_linked(catalog: Catalog, source: Preset, receiver: Preset, data_type: DataType) -> list[str]:
    """Why the catalogue ties ``source``'s import of a data type to ``receiver``'s export of it, in
    words; none where it does not. Only what the catalogue says: the source may be the only source of
    the data type, the receiver requires a kind of system and only presets of that kind import it, or
    the source is the one preset whose table imports the data type."""
    label = in_sentence(data_type.label)
    if source is receiver:
        return []
    reasons = []
    if data_type in source.may_be_only_source_of:
        reasons.append(f"The {source.name} preset lets its system be the only source of {label}.")
    required = {r.kind for r in receiver.requires}
    importers = _importers(catalog, data_type)
    if required & set(source.kinds) and all(set(p.kinds) & required for p in importers):
        needs = listing_or([r.kind.label for r in receiver.requires])
        reasons.append(f"The {receiver.name} preset needs {_article(needs)} {in_sentence(needs)} connected to Connect.")
    if (reasons and source in importers) or importers == [source]:
        # What the tables say alone: of the presets, these are the ones that import the data type.
        only = listing_or([p.name for p in importers])
        reasons.append(
            f"Of the presets, only {only} {'imports' if len(importers) == 1 else 'import'} {label} into Connect."
        )
    return reasons


def _article(noun: str) -> str:
    return "an" if noun[:1].lower() in "aeiou" else "a"


def endpoint_extra(end: Endpoint) -> str:
    """What the routing says after a system's name: '(when applicable, see note)', or nothing."""
    return wording.endpoint(end).removeprefix(end.name).strip()


def listing_and(words: list[str]) -> str:
    return f"{', '.join(words[:-1])} and {words[-1]}" if len(words) > 1 else "".join(words)


def listing_or(words: list[str]) -> str:
    return f"{', '.join(words[:-1])} or {words[-1]}" if len(words) > 1 else "".join(words)


def _node(preset: Preset, this: Preset, data_type: DataType, direction: str) -> PresetNode:
    data_flow = preset.flow(data_type.id)
    flow = data_flow.imports if direction == "import" else data_flow.exports
    skipped = tuple(
        e.system.name
        for e in data_flow.exceptions
        if (e.imports if direction == "import" else e.exports) == "no" and flow.state != "no"
    )
    kinds = ", ".join(k.label for k in preset.kinds)
    return PresetNode(preset, kinds, preset is this, flow.state, flow.condition, skipped)


def preset_links(catalog: Catalog, preset: Preset) -> tuple[PresetLink, ...]:
    """The data types a preset exchanges with presets the catalogue ties it to, in data type order:
    first where its data comes from, then where the data it is the source of goes."""
    links = []
    for data_type in catalog.data_types:
        flow = preset.flow(data_type.id)
        for direction in ("export", "import"):
            if (flow.exports if direction == "export" else flow.imports).state == "no":
                continue
            others = [
                p
                for p in catalog.presets
                if (p.flow(data_type.id).imports if direction == "export" else p.flow(data_type.id).exports).state
                != "no"
            ]
            pairs = [(other, preset) if direction == "export" else (preset, other) for other in others]
            reasons: list[str] = []
            linked = []
            for source, receiver in pairs:
                why = _why_linked(catalog, source, receiver, data_type)
                if why:
                    linked.append(source if direction == "export" else receiver)
                    reasons += [reason for reason in why if reason not in reasons]
            if not linked:
                continue
            near = (_node(preset, preset, data_type, direction),)
            far = tuple(_node(p, preset, data_type, "import" if direction == "export" else "export") for p in linked)
            sources, receivers = (far, near) if direction == "export" else (near, far)
            links.append(PresetLink(data_type, sources, receivers, tuple(reasons)))
    return tuple(links)


def step_presets(catalog: Catalog, step: Step) -> tuple[Preset, ...]:
    """The presets whose connectors belong to a step, in catalogue order: a preset the step names, or
    a preset of one of its kinds that the connection order places here (not one another step names)."""
    order = catalog.connection_order
    return tuple(p for p in catalog.presets if any(order.step_for(p, kind.id) == step for kind in p.kinds))


def helpers(catalog: Catalog) -> dict[str, Callable[..., Any]]:
    """The templates' diagram helpers, bound to the build's catalogue."""
    return {
        "route_rows": route_rows,
        "endpoint_extra": endpoint_extra,
        "preset_links": lambda preset: preset_links(catalog, preset),
        "step_presets": lambda step: step_presets(catalog, step),
    }
