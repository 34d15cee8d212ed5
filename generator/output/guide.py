"""What the pages that lead a reader to an answer need from the catalogue: which presets serve a kind
of system, the step of the connection order a preset's connectors belong to and the steps around it,
and the presets that serve what another preset requires.

Everything here follows the catalogue's structure (kinds, steps, requirements), never how its labels
read, so that a catalogue with other kinds, presets or steps gets the same kind of page.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from markupsafe import Markup

from ..catalogue.model import Catalog, Preset, Step, SystemKind


class Labelled(Protocol):
    @property
    def label(self) -> str: ...


_FRAGMENT = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Placement:
    """Where a preset's connectors sit in the connection order: the step, and the steps either side."""

    step: Step
    kinds: tuple[SystemKind, ...]
    """The preset's kinds whose connectors belong to this step (a preset of several kinds may have several)."""
    previous: Step | None
    following: Step | None


@dataclass(frozen=True)
class Choice:
    """One row of the chooser's table: a kind of system, a preset that serves it (None where none does
    yet), the named systems the page gives for it, and the step its connector belongs to."""

    kind: SystemKind
    preset: Preset | None
    systems: tuple[str, ...]
    step: Step | None


class Guide:
    """The catalogue's answers to "which preset?" and "when do I connect it?"; one per build."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.order = catalog.connection_order

    def presets_of_kind(self, kind: SystemKind) -> list[Preset]:
        return [p for p in self.catalog.presets if kind in p.kinds]

    def step_of(self, preset: Preset | None, kind: SystemKind) -> Step | None:
        return self.order.step_for(preset, kind.id)

    def shared_step(self, presets: list[Preset], kind: SystemKind) -> Step | None:
        """The step the connectors of ``kind`` with any of ``presets`` belong to, where it is one step."""
        steps = {self.step_of(p, kind) for p in presets}
        return steps.pop() if len(steps) == 1 else None

    def placements(self, preset: Preset) -> list[Placement]:
        """The steps a preset's connectors belong to, in the order's order; one for every preset of one kind."""
        steps = self.order.steps
        found: dict[int, list[SystemKind]] = {}
        for kind in preset.kinds:
            step = self.step_of(preset, kind)
            if step is not None:
                found.setdefault(step.number, []).append(kind)
        return [
            Placement(
                step=steps[number - 1],
                kinds=tuple(kinds),
                previous=steps[number - 2] if number > 1 else None,
                following=steps[number] if number < len(steps) else None,
            )
            for number, kinds in sorted(found.items())
        ]

    def presets_at(self, step: Step) -> list[Preset]:
        """The presets whose connectors belong to a step, in catalogue order."""
        return [p for p in self.catalog.presets if any(self.step_of(p, k) == step for k in p.kinds)]

    def choices(self) -> list[Choice]:
        """Every kind of system with each preset that serves it, in the catalogue's order."""
        rows = []
        for kind in self.catalog.system_kinds:
            presets: list[Preset | None] = [*self.presets_of_kind(kind)]
            for preset in presets or [None]:
                systems = tuple(s.name for s in preset.example_systems if s.kind == kind.id) if preset else ()
                rows.append(Choice(kind, preset, systems, self.step_of(preset, kind)))
        return rows

    def deciding_requirement(self, presets: list[Preset]) -> SystemKind | None:
        """The kind of system whose presence tells presets of one kind apart: the one kind that some of
        them require and the others do not (a sales channel's presets: is e-fulfilment connected?)."""
        required = [{r.kind for r in p.requires} for p in presets]
        deciding = {k for kinds in required for k in kinds if not all(k in other for other in required)}
        return deciding.pop() if len(deciding) == 1 else None

    def requiring_kind(self, presets: list[Preset], kind: SystemKind) -> list[Preset]:
        return [p for p in presets if any(r.kind == kind for r in p.requires)]

    def not_requiring_kind(self, presets: list[Preset], kind: SystemKind) -> list[Preset]:
        return [p for p in presets if all(r.kind != kind for r in p.requires)]

    def labels_in_sentence(self, items: Iterable[Labelled], last: str = "and") -> str:
        return labels_in_sentence(items, last)

    def order_href(self, fragment: str, links: str) -> Markup:
        """A link to a place in the connection order (``step-<id>``, ``added-later``) from a page that
        links presets as ``links`` says (see pages.preset_href): the overview holds the order itself."""
        if not _FRAGMENT.match(fragment):
            raise ValueError(f"not a fragment: {fragment!r}")
        page = {"anchor": "", "sibling": "../connection-order.md", "top": "connection-order.md"}[links]
        return Markup(f"{page}#{fragment}")

    def added_later_applies(self, kind: SystemKind) -> bool:
        """Whether the page's advice for a system that joins later is about this kind: the advice is the
        first step's, so it concerns the kinds of that step."""
        return kind in self.order.first_step.kinds


def labels_in_sentence(items: Iterable[Labelled], last: str = "and") -> str:
    """Labels listed inside a sentence: 'stock', 'sales channel or marketplace'."""
    words = [in_sentence(item.label) for item in items]
    return f"{', '.join(words[:-1])} {last} {words[-1]}" if len(words) > 1 else "".join(words)


def in_sentence(label: str) -> str:
    """A catalogue label inside a sentence: its first word in lower case unless that word is written
    in capitals ('Sales channel' -> 'sales channel', 'E-fulfilment system' -> 'e-fulfilment system',
    'CRM system' stays)."""
    first, _, rest = label.partition(" ")
    letters = [c for c in first if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return label
    return first[:1].lower() + first[1:] + (f" {rest}" if rest else "")
