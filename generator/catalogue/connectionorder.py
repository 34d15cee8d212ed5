"""The connection order as typed, immutable objects: the page's steps, its first step and what
happens when that system joins later, built from catalog.yaml's ``connection_order``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from ..problems import acknowledged_place
from .vocabulary import DataType, Inconsistency, SystemKind


class _Preset(Protocol):
    """What a step reads of a preset: ``model.Preset``, whose module builds on this one."""

    @property
    def id(self) -> str: ...


@dataclass(frozen=True)
class Step:
    number: int
    id: str
    label: str
    """As the page spells it, such as 'Marketplace(s)'."""
    kinds: tuple[SystemKind, ...] = ()
    presets: tuple[str, ...] = ()
    """Ids of the presets the step names: their connectors belong here whatever their kind."""
    qualifier: str | None = None
    """The page's qualifier, such as 'if applicable'."""
    several: bool = False
    """True where the page's label allows several systems; False limits nothing."""


@dataclass(frozen=True)
class AddedLater:
    contact: str
    adjusts: tuple[DataType, ...]
    text: str


@dataclass(frozen=True)
class ConnectionOrder:
    summary: str
    strength: str
    """How firmly the page asks for the order: 'request' (a warning) or 'essential' (an error)."""
    page_wording: str
    steps: tuple[Step, ...]
    first_step: Step
    first_step_strength: str
    first_step_wording: str
    default_source_of: tuple[DataType, ...]
    reason: str
    if_absent: str
    if_added_later: AddedLater
    inconsistencies: tuple[Inconsistency, ...] = ()
    """Where the page contradicts itself about the order (``at`` a path inside connection_order)."""

    def step_for(self, preset: _Preset | None, kind: str) -> Step | None:
        """The step a connector belongs to: the step that names its preset, else the step of its kind."""
        for step in self.steps:
            if preset is not None and preset.id in step.presets:
                return step
        for step in self.steps:
            if any(k.id == kind for k in step.kinds):
                return step
        return None


def build_order(
    raw: dict[str, Any], kinds: Mapping[str, SystemKind], data_types: Mapping[str, DataType]
) -> ConnectionOrder:
    """The connection order from catalog.yaml's data, which passed the schema and the semantic rules."""
    steps = tuple(
        Step(
            number,
            s["id"],
            s["label"],
            tuple(kinds[k] for k in s.get("kinds", ())),
            tuple(s.get("presets", ())),
            s.get("qualifier"),
            s.get("several", False),
        )
        for number, s in enumerate(raw["steps"], start=1)
    )
    first = raw["first_step"]
    later = first["if_added_later"]
    return ConnectionOrder(
        summary=raw["summary"],
        strength=raw["strength"],
        page_wording=raw["page_wording"],
        steps=steps,
        first_step=next(s for s in steps if s.id == first["step"]),
        first_step_strength=first["strength"],
        first_step_wording=first["page_wording"],
        default_source_of=tuple(data_types[d] for d in first["default_source_of"]),
        reason=first["reason"],
        if_absent=first["if_absent"],
        if_added_later=AddedLater(later["contact"], tuple(data_types[d] for d in later["adjusts"]), later["text"]),
        inconsistencies=tuple(
            Inconsistency(acknowledged_place(a["at"], "connection_order"), a["reason"])
            for a in raw.get("acknowledged", ())
        ),
    )
