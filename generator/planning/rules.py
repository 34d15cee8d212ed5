"""The planner's rules: one table of (code, severity, function), in the order a system's problems
are listed. The table feeds `plan`, the README's list of codes, the tests and the browser's planner
(its order and severities are published with the message templates). Each function reads the
planning context and yields what it finds; messages are worded in messages.py."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from .. import names
from ..problems import Severity, cut
from ..suggest import ascii_lower
from ..wording import trim
from . import orderrules
from .context import Context, Finding
from .messages import say

Check = Callable[[Context], Iterator[Finding]]


@dataclass(frozen=True)
class Rule:
    code: str
    severity: Severity | None
    """None: the catalogue decides (how firmly the page puts it), see ``varies``."""
    check: Check
    summary: str
    """What the rule checks, in one sentence (the README's list)."""
    varies: str = ""


def duplicate_name(ctx: Context) -> Iterator[Finding]:
    seen: dict[str, int] = {}
    for i, system in enumerate(ctx.systems):
        if system.name in seen:
            yield Finding(
                i, ("systems", i, "name"), say("duplicate-name", name=system.name, first=seen[system.name] + 1)
            )
        seen.setdefault(system.name, i)


def alike_name(ctx: Context) -> Iterator[Finding]:
    # Names that are different text but read the same: the plan tells them apart, its reader cannot.
    first: dict[str, int] = {}
    for i, system in enumerate(ctx.systems):
        first.setdefault(system.name, i)
    for name, i, earlier, j in names.alike(first.items()):
        how = names.difference(name, earlier)
        yield Finding(
            i, ("systems", i, "name"), say("alike-name", name=name, earlier=earlier, first=j + 1, difference=how)
        )


def unknown_kind(ctx: Context) -> Iterator[Finding]:
    for i, system in enumerate(ctx.systems):
        if system.kind not in ctx.kinds:
            hint = ctx.hint(system.kind, "kinds", ctx.kinds)
            yield Finding(i, ("systems", i, "kind"), say("unknown-kind", kind=system.kind, hint=hint))


def unknown_preset(ctx: Context) -> Iterator[Finding]:
    for i, system in enumerate(ctx.systems):
        if system.preset in ctx.presets:
            continue
        close = ctx.closest(system.preset, "presets", ctx.presets)
        if close is not None:
            message = say("unknown-preset.close", preset=system.preset, close=close)
        else:
            listed = ", ".join(p.id for p in ctx.for_kind.get(system.kind, [])) or "none"
            message = say("unknown-preset.listed", preset=system.preset, presets=listed)
        yield Finding(i, ("systems", i, "preset"), message)


def preset_kind(ctx: Context) -> Iterator[Finding]:
    for i, system in enumerate(ctx.systems):
        kind, preset = ctx.kinds.get(system.kind), ctx.presets.get(system.preset)
        fitting = ctx.for_kind.get(system.kind, [])
        if kind is None or preset is None or preset in fitting:
            continue
        choose = ", ".join(p.name for p in fitting) or "none in the catalogue"
        if preset.available_only_for is not None:
            message = say(
                "preset-kind.restricted",
                preset=preset.name,
                available_only_for=preset.available_only_for,
                kind=kind.label,
                choose=choose,
            )
            yield Finding(i, ("systems", i, "preset"), message, Severity.ERROR)
        else:  # the page advises the preset for other kinds, and restricts it to none
            serves = ", ".join(k.label for k in preset.kinds)
            message = say("preset-kind.suggested", preset=preset.name, serves=serves, kind=kind.label, choose=choose)
            yield Finding(i, ("systems", i, "preset"), message, Severity.WARNING)


def unknown_system(ctx: Context) -> Iterator[Finding]:
    for i, system in enumerate(ctx.systems):
        if system.named is not None and system.named not in ctx.named:
            message = say("unknown-system", system=system.named, named=", ".join(ctx.named))
            yield Finding(i, ("systems", i, "system"), message)


def system_kind(ctx: Context) -> Iterator[Finding]:
    for i, system in enumerate(ctx.systems):
        named = ctx.named.get(system.named) if system.named is not None else None
        if named is None or named.kind == system.kind:
            continue
        kind = ctx.kinds.get(system.kind)
        said = kind.label if kind is not None else system.kind
        message = say("system-kind", system=named.name, listed=ctx.kinds[named.kind].label, said=said)
        yield Finding(i, ("systems", i, "system"), message)


def missing_required(ctx: Context) -> Iterator[Finding]:
    present = {s.kind for s in ctx.systems}
    for i in ctx.fitting:
        preset = ctx.presets[ctx.systems[i].preset]
        for requirement in preset.requires:
            if requirement.kind.id not in present:
                message = say(
                    "missing-required",
                    preset=preset.name,
                    kind=requirement.kind.label,
                    description=trim(requirement.description),
                )
                yield Finding(i, ("systems", i, "preset"), message)


def unknown_data_type(ctx: Context) -> Iterator[Finding]:
    for i, system in enumerate(ctx.systems):
        for data_type, _ in system.wants:
            if data_type not in ctx.data_types:
                hint = ctx.hint(data_type, "data types", ctx.data_types)
                message = say("unknown-data-type", data_type=cut(data_type), hint=hint)
                yield Finding(i, ("systems", i, "wants", data_type), message, key=True)


def unserved_want(ctx: Context) -> Iterator[Finding]:
    advice_for: dict[tuple[str, str], str] = {}
    for i in ctx.fitting:
        system = ctx.systems[i]
        preset = ctx.presets[system.preset]
        for data_type, want in system.wants:
            if data_type not in ctx.data_types:
                continue
            for direction in ("import", "export") if want == "both" else (want,):
                run = ctx.flowing(i, data_type, direction)
                if run.state != "no":
                    continue
                if (preset.id, system.kind) not in advice_for:
                    advice_for[(preset.id, system.kind)] = _advice(ctx, preset.id, system.kind)
                advice = advice_for[(preset.id, system.kind)]
                said = preset.inconsistency(f"flows.{data_type}")
                values = {
                    "preset": preset.name,
                    "verb": direction,
                    "data": ascii_lower(ctx.data_types[data_type].label),
                    "where": say(f"unserved-want.{direction}"),
                    # Why not, where the catalogue says: the named system's exception, the page's contradiction.
                    "aside": "".join(
                        f" ({trim(note).rstrip('.')})" for note in (run.note, said.note if said else None) if note
                    ),
                    "advice": advice,
                }
                message = say("unserved-want.advised" if advice else "unserved-want", **values)
                yield Finding(i, ("systems", i, "wants", data_type), message)


def _advice(ctx: Context, preset_id: str, kind: str) -> str:
    """What else to choose: the preset's notes that suggest presets, each suggested preset with the
    page's restriction (so that advice never leads to a setup the planner then rejects unexplained),
    else the other presets for the kind, each with its restriction too."""

    def suggested(other_id: str) -> str:
        other = ctx.presets[other_id]
        if other.available_only_for:
            return say("available-only-for", preset=other.name, available_only_for=other.available_only_for)
        return other.name

    preset = ctx.presets[preset_id]
    advice = " ".join(
        say(
            "unserved-want.suggested",
            note=trim(note.text),
            presets=", ".join(suggested(s) for s in note.suggest_presets if s in ctx.presets),
        )
        for note in preset.notes
        if note.suggest_presets
    )
    if not advice:
        others = [suggested(p.id) for p in ctx.for_kind.get(kind, []) if p.id != preset_id]
        advice = say("unserved-want.others", presets=", ".join(others)) if others else ""
    return advice


_BY_ORDER = "as firmly as the catalogue puts it: error where `essential` (the first step), warning where `request`"

RULES: tuple[Rule, ...] = (
    Rule("duplicate-name", Severity.ERROR, duplicate_name, "Two systems have the same name."),
    Rule(
        "alike-name",
        Severity.WARNING,
        alike_name,
        "Two names differ only by an invisible character, Unicode normalisation or a look-alike letter.",
    ),
    Rule("unknown-kind", Severity.ERROR, unknown_kind, "The kind of system is not in the catalogue."),
    Rule("unknown-preset", Severity.ERROR, unknown_preset, "The preset is not in the catalogue."),
    Rule(
        "preset-kind",
        None,
        preset_kind,
        "The preset is not one for the system's kind.",
        "error where the page restricts the preset (available only for), warning where it only suggests it",
    ),
    Rule("unknown-system", Severity.ERROR, unknown_system, "The named system is not in the catalogue."),
    Rule("system-kind", Severity.WARNING, system_kind, "The catalogue lists the named system under another kind."),
    Rule(
        "missing-required", Severity.ERROR, missing_required, "The preset needs a kind of system that the setup lacks."
    ),
    Rule(
        "second-source",
        Severity.WARNING,
        orderrules.second_source,
        "A second system imports data a preset may be the only source of.",
    ),
    Rule(
        "connected-order",
        Severity.ERROR,
        orderrules.connected_order,
        "A connected system is listed after one that is not connected.",
    ),
    Rule(
        "added-later",
        None,
        orderrules.added_later,
        "A system joins, or was connected, after a system of a later step.",
        _BY_ORDER,
    ),
    Rule(
        "order", None, orderrules.listed_out_of_order, "A system is listed after a system of a later step.", _BY_ORDER
    ),
    Rule(
        "no-step",
        Severity.WARNING,
        orderrules.no_step,
        "The connection order has no step for the system: it is left out of the checklist.",
    ),
    Rule("unknown-data-type", Severity.ERROR, unknown_data_type, "A wanted data type is not in the catalogue."),
    Rule(
        "unserved-want",
        Severity.WARNING,
        unserved_want,
        "The preset does not give a flow the setup wants (with the preset's notes as advice).",
    ),
)
