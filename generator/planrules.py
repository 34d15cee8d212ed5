"""The planner's rules, read from the catalogue, applied to a setup's systems (see generator/planner.py)."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from functools import cached_property
from typing import Any

from . import names
from .model import Catalog, Condition, Preset, State, Step
from .planner import ChecklistItem, Endpoint, Route, Setup
from .planorder import checklist, joined_late, order_problems, unplaced
from .problems import Path_, Problem, Severity, cut


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
        # Systems whose preset is known and may be used for their kind: a preset the page restricts
        # ("available only for ...") serves only its kinds; one it only advises for a kind ("You should
        # select it when you add a sales channel") may serve another, with a warning.
        self.fitting = [
            i
            for i, s in enumerate(setup.systems)
            if s.preset in self.presets
            and (self.presets[s.preset] in self.for_kind.get(s.kind, ()) or self._unrestricted(s.preset, s.kind))
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

    def _unrestricted(self, preset_id: str, kind: str) -> bool:
        return kind in self.kinds and self.presets[preset_id].available_only_for is None

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
        yield from order_problems(self)
        yield from self._wants()
        yield from unplaced(self)

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
            elif kind is not None and self.presets[system.preset] not in fitting:
                preset = self.presets[system.preset]
                choose = ", ".join(p.name for p in fitting) or "none in the catalogue"
                if preset.available_only_for is not None:
                    yield self.problem(
                        ("systems", i, "preset"),
                        f"the {preset.name} preset is available only for {preset.available_only_for}, not for a system of the kind {kind.label}; presets for that kind: {choose}",
                        "preset-kind",
                    )
                else:  # the page advises the preset for other kinds, and restricts it to none
                    serves = ", ".join(k.label for k in preset.kinds)
                    yield self.problem(
                        ("systems", i, "preset"),
                        f"the help page suggests the {preset.name} preset for systems of the kind {serves}; this system is of the kind {kind.label} (presets for that kind: {choose})",
                        "preset-kind",
                        Severity.WARNING,
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
                        f"the catalogue lists {named.name} as a system of the kind {self.kinds[named.kind].label}, but this entry says {said}",
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
                if not first.connected:
                    advice = " Connect first the system that should be the source."
                elif self.steps[i] is order.first_step:  # the page's own path for e-fulfilment added later
                    advice = f" '{first.name}' is connected already. {order.if_added_later.text.strip()}"
                else:
                    advice = f" '{first.name}' is connected already."
                yield self.problem(
                    ("systems", i, "preset"),
                    f"'{this.name}' imports {label} as '{first.name}' does: the setup has two sources of {label}. The {' and '.join(preset_names)} preset allows one system to be the only source of {label}.{default}{advice}",
                    "second-source",
                    Severity.WARNING,
                )

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
                    said = preset.inconsistency(f"flows.{data_type}")
                    aside = f" ({said.note.strip().rstrip('.')})" if said else ""
                    yield self.problem(
                        ("systems", i, "wants", data_type),
                        f"the {preset.name} preset does not {verb} {labels[data_type].lower()} {where}{aside}. {advice}".rstrip(),
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

    @cached_property
    def joined_late(self) -> list[int | None]:
        return joined_late(self)

    @cached_property
    def in_order(self) -> list[int]:
        """The fitting systems in the connection order: by step, then as listed."""
        last = len(self.catalog.connection_order.steps) + 1  # a system without a step goes last

        def position(i: int) -> tuple[int, int]:
            step = self.steps[i]
            return (step.number if step else last, i)

        return sorted(self.fitting, key=position)

    def checklist(self) -> tuple[ChecklistItem, ...]:
        return checklist(self)

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
