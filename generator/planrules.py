"""The planner's rules, read from the catalogue, applied to a setup's systems (see generator/planner.py)."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from functools import cached_property
from typing import Any

from . import names
from .model import Catalog, Condition, Preset, State, Step
from .planner import ChecklistItem, Endpoint, Route, Setup
from .problems import Path_, Problem, Severity, cut

SEVERITY = {"request": Severity.WARNING, "essential": Severity.ERROR}
"""How firmly the page puts a rule, as the planner reports a setup that breaks it."""


class Rules:
    """The rules, each one pass over the systems (a setup may list thousands): what a rule needs
    to know of the earlier systems is kept as it goes, never looked up again among them."""

    def __init__(self, setup: Setup, catalog: Catalog) -> None:
        self.setup = setup
        self.catalog = catalog
        self.doc = setup.document
        self.presets = {p.id: p for p in catalog.presets}
        self.named = {s.id: s for s in catalog.systems}
        self.kinds = {k.id: k for k in catalog.system_kinds}
        self.data_types = {d.id: d for d in catalog.data_types}
        self.flows = {p.id: {f.data_type.id: f for f in p.flows} for p in catalog.presets}
        self.for_kind: dict[str, list[Preset]] = {}
        """The presets that serve each kind, in the catalogue's order."""
        for preset in catalog.presets:
            for kind_id in dict.fromkeys(k.id for k in preset.kinds):
                self.for_kind.setdefault(kind_id, []).append(preset)
        self._hints: dict[tuple[str, int], str] = {}
        # Systems whose preset is known and fits their kind: the only ones the later rules read.
        self.fitting = [
            i
            for i, s in enumerate(setup.systems)
            if s.preset in self.presets and self.presets[s.preset] in self.for_kind.get(s.kind, ())
        ]
        # The step of each system: the step that names its preset (when the preset fits its kind),
        # else the step of its kind; found once per (kind, preset), not per system.
        order = catalog.connection_order
        fits = set(self.fitting)
        found: dict[tuple[str, str | None], Step | None] = {}
        self.steps: list[Step | None] = []
        for i, s in enumerate(setup.systems):
            key = (s.kind, s.preset if i in fits else None)
            if key not in found:
                found[key] = order.step_for(self.presets[s.preset] if i in fits else None, s.kind)
            self.steps.append(found[key])

    def problem(
        self, path: Path_, message: str, code: str, severity: Severity = Severity.ERROR, *, key: bool = False
    ) -> Problem:
        return self.doc.problem(path, message, code, severity=severity, key=key)

    def hint(self, value: str, known: dict[str, Any]) -> str:
        """Did you mean the closest id, or the ids to choose from (found once per value and vocabulary:
        a setup may repeat one mistake thousands of times)."""
        found = self._hints.get((value, id(known)))
        if found is None:
            close = difflib.get_close_matches(value, list(known), n=1)
            listing = ", ".join(known)
            if len(listing) > 300:  # a large catalogue: name the closest ids, not all of them
                listing = ", ".join(difflib.get_close_matches(value, list(known), n=5, cutoff=0)) + ", ..."
            found = f"did you mean '{close[0]}'?" if close else f"write one of: {listing}"
            self._hints[(value, id(known))] = found
        return found

    def state(self, index: int, data_type: str, direction: str) -> tuple[State, Condition | None, str | None]:
        """The flow as it runs for this system: the preset's, or a named system's exception."""
        system = self.setup.systems[index]
        flow = self.flows[system.preset][data_type]
        for exception in flow.exceptions:
            if exception.system.id == system.system:
                return (exception.imports if direction == "import" else exception.exports), None, exception.note
        side = flow.imports if direction == "import" else flow.exports
        return side.state, side.condition, None

    def check(self) -> Iterator[Problem]:
        yield from self._names()
        yield from self._references()
        yield from self._requirements()
        yield from self._second_sources()
        yield from self._order()
        yield from self._wants()
        yield from self._unplaced()

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
        # Names that are different text but read the same: the plan tells them apart, its reader cannot.
        distinct = [(name, i) for name, i in seen.items()]
        for name, i, earlier, j in names.alike(distinct):
            yield self.problem(
                ("systems", i, "name"),
                f"the name '{name}' reads the same as '{earlier}' (system {j + 1}): {names.difference(name, earlier)}; readers of the plan cannot tell them apart: give each system a name of its own",
                "alike-name",
                Severity.WARNING,
            )

    def _references(self) -> Iterator[Problem]:
        fits = set(self.fitting)
        preset_hints: dict[tuple[str, str], str] = {}
        for i, system in enumerate(self.setup.systems):
            kind = self.kinds.get(system.kind)
            if kind is None:
                yield self.problem(
                    ("systems", i, "kind"),
                    f"'{system.kind}' is not a known kind of system; {self.hint(system.kind, self.kinds)}",
                    "unknown-kind",
                )
            fitting = self.for_kind.get(system.kind, [])
            if system.preset not in self.presets:
                if (system.preset, system.kind) not in preset_hints:  # once per mistake, not per system
                    close = difflib.get_close_matches(system.preset, list(self.presets), n=1)
                    preset_hints[(system.preset, system.kind)] = (
                        f"did you mean '{close[0]}'?"
                        if close
                        else f"presets for this kind: {', '.join(p.id for p in fitting) or 'none'}"
                    )
                hint = preset_hints[(system.preset, system.kind)]
                yield self.problem(
                    ("systems", i, "preset"), f"unknown preset '{system.preset}'; {hint}", "unknown-preset"
                )
            elif kind is not None and i not in fits:
                preset = self.presets[system.preset]
                serves = preset.available_only_for or ", ".join(k.label for k in preset.kinds)
                choose = ", ".join(p.name for p in fitting) or "none in the catalogue"
                yield self.problem(
                    ("systems", i, "preset"),
                    f"the {preset.name} preset is available only for {serves}, not for a system of the kind {kind.label}; presets for that kind: {choose}",
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
                    said = kind.label if kind is not None else system.kind
                    yield self.problem(
                        ("systems", i, "system"),
                        f"{named.name} is a system of the kind {self.kinds[named.kind].label}, but this entry says {said}",
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
                        f"the {preset.name} preset needs a system of the kind {requirement.kind.label} in the setup: {requirement.description.strip()} Add one.",
                        "missing-required",
                    )

    def _second_sources(self) -> Iterator[Problem]:
        """A warning for each further system that imports a data type a preset may be the only source of:
        the page allows one source and makes the first e-fulfilment system the default; it forbids none."""
        order = self.catalog.connection_order
        allowing: dict[str, list[str]] = {}
        for preset in self.catalog.presets:
            for only in preset.may_be_only_source_of:
                allowing.setdefault(only.id, []).append(preset.name)
        for data_type, preset_names in allowing.items():
            label = self.data_types[data_type].label.lower()
            sources = [i for i in self.fitting if self.state(i, data_type, "import")[0] != "no"]
            for i in sources[1:]:
                first, this = self.setup.systems[sources[0]], self.setup.systems[i]
                default = ""
                if data_type in {d.id for d in order.default_source_of} and self.steps[sources[0]] is order.first_step:
                    defaults = " and ".join(d.label.lower() for d in order.default_source_of)
                    default = f" The first system connected at step {order.first_step.number} ({order.first_step.label}) becomes the default source of {defaults}."
                yield self.problem(
                    ("systems", i, "preset"),
                    f"'{this.name}' imports {label} as '{first.name}' does: the setup has two sources of {label}. The {' and '.join(preset_names)} preset allows one system to be the only source of {label}.{default} Connect first the system that should be the source.",
                    "second-source",
                    Severity.WARNING,
                )

    def _order(self) -> Iterator[Problem]:
        """The page asks for its order (a request: warnings) and requires the first step first
        (essential: errors); how firmly is catalogue data, read here."""
        systems = self.setup.systems
        steps = self.steps
        first_unconnected: int | None = None
        # The first system listed so far at each step number, connected or not: an earlier system
        # of a later step is then looked up among the few steps, not among all earlier systems.
        first_at: dict[bool, dict[int, int]] = {True: {}, False: {}}
        for j, system in enumerate(systems):
            step = steps[j]
            if step is not None:
                if system.connected and first_unconnected is not None:
                    yield self.problem(
                        ("systems", j, "connected"),
                        f"'{system.name}' is connected already but listed after '{systems[first_unconnected].name}', which is not: list the connected systems first, in the order they were connected",
                        "connected-order",
                    )
                if not system.connected:
                    yield from self._out_of_order(j, step, _first_after(first_at[True], step.number), connected=True)
                    yield from self._out_of_order(j, step, _first_after(first_at[False], step.number), connected=False)
                first_at[system.connected].setdefault(step.number, j)
            if first_unconnected is None and not system.connected:
                first_unconnected = j

    def _out_of_order(self, j: int, step: Step, before: int | None, *, connected: bool) -> Iterator[Problem]:
        """System ``j`` comes after system ``before`` of a later step, which is connected already or listed first."""
        if before is None:
            return
        order = self.catalog.connection_order
        system, other = self.setup.systems[j], self.setup.systems[before]
        other_step = self.steps[before]
        assert other_step is not None
        essential = step.id == order.first_step.id
        strength = order.first_step_strength if essential else order.strength
        rule = f" {order.first_step_wording.strip()}" if essential else ""
        if connected:
            then = f" {order.if_added_later.text.strip()}" if essential else ""
            message = f"'{system.name}' (step {step.number}, {step.label}) joins after '{other.name}' (step {other_step.number}, {other_step.label}) is connected.{rule}{then}"
            code = "added-later"
        else:
            keep = "" if essential else " to keep to the connection order"
            message = f"'{system.name}' belongs to step {step.number} ({step.label}) but is listed after '{other.name}' (step {other_step.number}, {other_step.label}).{rule} Move it up{keep}."
            code = "order"
        yield self.problem(("systems", j), message, code, SEVERITY[strength])

    def _wants(self) -> Iterator[Problem]:
        labels = {d.id: d.label for d in self.catalog.data_types}
        for i, system in enumerate(self.setup.systems):
            for data_type, _ in system.wants:
                if data_type not in self.data_types:
                    yield self.problem(
                        ("systems", i, "wants", data_type),
                        f"'{cut(data_type)}' is not a known data type; {self.hint(data_type, self.data_types)}",
                        "unknown-data-type",
                        key=True,
                    )
        advice_for: dict[tuple[str, str], str] = {}
        for i in self.fitting:
            system = self.setup.systems[i]
            preset = self.presets[system.preset]
            for data_type, want in system.wants:
                if data_type not in self.data_types:
                    continue
                for direction in ("import", "export") if want == "both" else (want,):
                    if self.state(i, data_type, direction)[0] != "no":
                        continue
                    verb = "import" if direction == "import" else "export"
                    where = "from it into Connect" if direction == "import" else "from Connect to it"
                    if (preset.id, system.kind) not in advice_for:
                        advice_for[(preset.id, system.kind)] = self._advice(preset, system.kind)
                    advice = advice_for[(preset.id, system.kind)]
                    yield self.problem(
                        ("systems", i, "wants", data_type),
                        f"the {preset.name} preset does not {verb} {labels[data_type].lower()} {where}. {advice}".rstrip(),
                        "unserved-want",
                        Severity.WARNING,
                    )

    def _advice(self, preset: Preset, kind: str) -> str:
        """What else to choose: the preset's notes that suggest presets, each suggested preset with the
        page's restriction (so that advice never leads to a setup the planner then rejects unexplained),
        else the other presets for the kind."""

        def suggested(preset_id: str) -> str:
            other = self.presets[preset_id]
            only = f" (available only for {other.available_only_for})" if other.available_only_for else ""
            return f"{other.name}{only}"

        advice = " ".join(
            f"{note.text.strip()} Suggested: {', '.join(suggested(s) for s in note.suggest_presets if s in self.presets)}."
            for note in preset.notes
            if note.suggest_presets
        )
        if not advice:
            others = [p.name for p in self.for_kind.get(kind, []) if p.id != preset.id]
            advice = f"Other presets for this kind of system: {', '.join(others)}." if others else ""
        return advice

    def _unplaced(self) -> Iterator[Problem]:
        for i in self.fitting:
            system = self.setup.systems[i]
            if self.steps[i] is None:
                yield self.problem(
                    ("systems", i, "kind"),
                    f"'{system.name}' is left out of the checklist: the catalogue's connection order has no step for its kind ({self.kinds[system.kind].label}) or its preset ({self.presets[system.preset].name}); add one of them to a step of the connection order to place it",
                    "no-step",
                    Severity.WARNING,
                )

    @cached_property
    def in_order(self) -> list[int]:
        """The fitting systems in the connection order: by step, then as listed."""
        last = len(self.catalog.connection_order.steps) + 1  # a system without a step goes last

        def position(i: int) -> tuple[int, int]:
            step = self.steps[i]
            return (step.number if step else last, i)

        return sorted(self.fitting, key=position)

    def checklist(self) -> tuple[ChecklistItem, ...]:
        order = self.catalog.connection_order
        systems = self.setup.systems
        placed = [(step, i) for i in self.in_order if (step := self.steps[i]) is not None]
        items = []
        # A system joins late when any connected system belongs to a later step: the latest one decides.
        last_connected = max(
            (step.number for s, step in zip(systems, self.steps, strict=True) if s.connected and step is not None),
            default=None,
        )
        for position, (step, i) in enumerate(placed, start=1):
            system = systems[i]
            late = not system.connected and last_connected is not None and last_connected > step.number
            support = order.if_added_later if late and step.id == order.first_step.id else None
            items.append(ChecklistItem(position, step, system, self.presets[system.preset], support))
        return tuple(items)

    def routing(self) -> tuple[Route, ...]:
        routes = []
        for data_type in self.catalog.data_types:
            ends: dict[str, list[Endpoint]] = {"import": [], "export": []}
            for i in self.in_order:
                system = self.setup.systems[i]
                flow = self.flows[system.preset][data_type.id]
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


def _first_after(first_at: dict[int, int], number: int) -> int | None:
    """The first system listed at a step after step ``number`` (``first_at``: step number -> first index)."""
    return min((i for n, i in first_at.items() if n > number), default=None)
