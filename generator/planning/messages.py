"""Every sentence the planner says, worded once.

Python fills these templates (``say``); the site publishes them as ``configs/planner.json`` and the
browser's planner (site_src/javascripts/planner-rules.js) fills the same templates with the same
values, so a change of wording is one edit here. ``{name}`` is a value, ``{{`` and ``}}`` are braces.
A key is a problem code, or ``code.variant`` where a rule says one of several things.
"""

from __future__ import annotations

from .. import suggest

TEMPLATES: dict[str, str] = {
    "duplicate-name": "the name '{name}' is used twice (first for system {first}); give each system its own name",
    "alike-name": "the name '{name}' reads the same as '{earlier}' (system {first}): {difference}; readers of the plan cannot tell them apart: give each system a name of its own",
    "unknown-kind": "'{kind}' is not a known kind of system; {hint}",
    "unknown-preset.close": f"unknown preset '{{preset}}'; {suggest.DID_YOU_MEAN}",
    "unknown-preset.listed": "unknown preset '{preset}'; presets for this kind: {presets}",
    "preset-kind.restricted": "the {preset} preset is available only for {available_only_for}, not for a system of the kind {kind}; presets for that kind: {choose}",
    "preset-kind.suggested": "the help page suggests the {preset} preset for systems of the kind {serves}; this system is of the kind {kind} (presets for that kind: {choose})",
    "unknown-system": "unknown system '{system}'; the catalogue names: {named}",
    "system-kind": "the catalogue lists {system} as a system of the kind {listed}, but this entry says {said}",
    "missing-required": "the {preset} preset needs a system of the kind {kind} in the setup: {description} Add one.",
    "second-source": "'{name}' imports {data} as '{first}' does: the setup has two sources of {data}. The {presets} preset allows one system to be the only source of {data}.{default}{advice}",
    "second-source.default": " The first system connected at step {step} ({step_label}) becomes the default source of {defaults}.",
    "second-source.connect-first": " Connect first the system that should be the source.",
    "second-source.connected": " '{first}' is connected already.",
    "second-source.connected-support": " '{first}' is connected already. {support}",
    "connected-order": "'{name}' is connected already but listed after '{first}', which is not: list the connected systems first, in the order they were connected",
    "added-later.joins": "'{name}' (step {step}, {step_label}) joins after '{other}' (step {other_step}, {other_label}) is connected.{rule}{support}",
    "added-later.was-connected": "'{name}' (step {step}, {step_label}) was connected after '{other}' (step {other_step}, {other_label}).{rule}{support}",
    "added-later.rule": " {wording}",
    "added-later.support": " {text}",
    "order.request": "'{name}' belongs to step {step} ({step_label}) but is listed after '{other}' (step {other_step}, {other_label}). Move it up to keep to the connection order.",
    "order.essential": "'{name}' belongs to step {step} ({step_label}) but is listed after '{other}' (step {other_step}, {other_label}). {rule} Move it up.",
    "unknown-data-type": "'{data_type}' is not a known data type; {hint}",
    "unserved-want": "the {preset} preset does not {verb} {data} {where}{aside}.",
    "unserved-want.advised": "the {preset} preset does not {verb} {data} {where}{aside}. {advice}",
    "unserved-want.import": "from it into Connect",
    "unserved-want.export": "from Connect to it",
    "unserved-want.suggested": "{note} Suggested: {presets}.",
    "unserved-want.others": "Other presets for this kind of system: {presets}.",
    "no-step": "'{name}' is left out of the checklist: the catalogue's connection order has no step for its kind ({kind}) or its preset ({preset}); add one of them to a step of the connection order to place it",
    "hint.close": suggest.DID_YOU_MEAN,
    "hint.listed": f"{suggest.WRITE_ONE_OF}: {{listing}}",
    "available-only-for": "{preset} (available only for {available_only_for})",
}


def say(key: str, **values: object) -> str:
    """The template ``key`` filled with ``values`` (every placeholder must be given)."""
    return TEMPLATES[key].format_map(values)
