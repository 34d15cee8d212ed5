"""What every rule of the planner reads, worked out once per plan: the catalogue's look-ups, the
systems whose preset fits, each system's step, who joins late, and how each flow runs."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .. import suggest
from ..catalogue.model import Catalog, Condition, DataFlow, Preset, State, Step
from ..problems import Path_, Severity
from .messages import say
from .setup import Setup


@dataclass(frozen=True)
class Flowing:
    """One direction of a flow as it runs for one system: the preset's, or a named system's exception."""

    state: State
    condition: Condition | None = None
    note: str | None = None
    """The named system's exception note, where its exception applies."""


@dataclass(frozen=True)
class Finding:
    """What a rule found, before it is located in the setup: the system, the place, the sentence."""

    system: int
    path: Path_
    message: str
    severity: Severity | None = None
    """Where a rule's severity depends on the catalogue (see Rule.severity), the one it has here."""
    key: bool = False
    """The problem is about the key at ``path`` (a wanted data type), not its value."""


class Context:
    """Built once per plan; the rules only read it. Each piece is one pass over the systems (a setup
    may list thousands), never a search among them."""

    def __init__(self, setup: Setup, catalog: Catalog) -> None:
        self.setup = setup
        self.systems = setup.systems
        self.catalog = catalog
        self.order = catalog.connection_order
        self.presets = {p.id: p for p in catalog.presets}
        self.named = {s.id: s for s in catalog.systems}
        self.kinds = {k.id: k for k in catalog.system_kinds}
        self.data_types = {d.id: d for d in catalog.data_types}
        self.flows: dict[str, dict[str, DataFlow]] = {
            p.id: {f.data_type.id: f for f in p.flows} for p in catalog.presets
        }
        self.for_kind: dict[str, list[Preset]] = {}
        """The presets that serve each kind, in the catalogue's order."""
        for preset in catalog.presets:
            for kind_id in dict.fromkeys(k.id for k in preset.kinds):
                self.for_kind.setdefault(kind_id, []).append(preset)
        self.fitting = [i for i, s in enumerate(self.systems) if self._fits(s.preset, s.kind)]
        """Systems whose preset is known and may be used for their kind: the only ones the later rules read."""
        self.steps = self._steps()
        self.joined_late = self._joined_late()
        self.in_order = self._in_order()
        self._closest: dict[tuple[str, str], str | None] = {}
        self._listings: dict[tuple[str, str], str] = {}

    def _fits(self, preset_id: str, kind: str) -> bool:
        # A preset the page restricts ("available only for ...") serves only its kinds; one it only
        # advises for a kind ("You should select it when you add a sales channel") may serve another.
        preset = self.presets.get(preset_id)
        if preset is None:
            return False
        return preset in self.for_kind.get(kind, ()) or (kind in self.kinds and preset.available_only_for is None)

    def _steps(self) -> list[Step | None]:
        """The step of each system: the step that names its preset (when the preset fits its kind),
        else the step of its kind; found once per (kind, preset), not per system."""
        fits = set(self.fitting)
        found: dict[tuple[str, str | None], Step | None] = {}
        steps: list[Step | None] = []
        for i, s in enumerate(self.systems):
            key = (s.kind, s.preset if i in fits else None)
            if key not in found:
                found[key] = self.order.step_for(self.presets[s.preset] if i in fits else None, s.kind)
            steps.append(found[key])
        return steps

    def _joined_late(self) -> list[int | None]:
        """For each system, the first connected system listed before it that belongs to a later step
        (it joins, or joined, after that one), else None: the one answer the order rules and the
        checklist's Connect Support step both read."""
        found: list[int | None] = []
        first_connected_at: dict[int, int] = {}  # step number -> the first connected system listed at it
        for j, system in enumerate(self.systems):
            step = self.steps[j]
            found.append(first_after(first_connected_at, step.number) if step is not None else None)
            if step is not None and system.connected:
                first_connected_at.setdefault(step.number, j)
        return found

    def _in_order(self) -> list[int]:
        """The fitting systems in the connection order: by step, then as listed (no step: last)."""
        last = len(self.order.steps) + 1

        def position(i: int) -> tuple[int, int]:
            step = self.steps[i]
            return (step.number if step else last, i)

        return sorted(self.fitting, key=position)

    def flowing(self, index: int, data_type: str, direction: str) -> Flowing:
        """How ``data_type`` flows for system ``index`` in ``direction`` ("import" or "export")."""
        system = self.systems[index]
        flow = self.flows[system.preset][data_type]
        for exception in flow.exceptions:
            if exception.system.id == system.named:
                state = exception.imports if direction == "import" else exception.exports
                return Flowing(state, None, exception.note)
        side = flow.imports if direction == "import" else flow.exports
        return Flowing(side.state, side.condition)

    def closest(self, written: str, vocabulary: str, known: Iterable[str]) -> str | None:
        """The id suggest.py's rule offers for ``written``; found once per value and vocabulary (a
        setup may repeat one mistake thousands of times)."""
        key = (written, vocabulary)
        if key not in self._closest:
            self._closest[key] = suggest.closest(written, known)
        return self._closest[key]

    def hint(self, written: str, vocabulary: str, known: Iterable[str]) -> str:
        """Did you mean the closest id, or the ids to choose from."""
        close = self.closest(written, vocabulary, known)
        if close is not None:
            return say("hint.close", close=close)
        key = (written, vocabulary)
        if key not in self._listings:
            self._listings[key] = say("hint.listed", listing=suggest.listing(written, known))
        return self._listings[key]


def first_after(first_at: dict[int, int], number: int) -> int | None:
    """The first system listed at a step after step ``number`` (``first_at``: step number -> first index)."""
    return min((i for n, i in first_at.items() if n > number), default=None)
