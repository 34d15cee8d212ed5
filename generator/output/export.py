"""The exported configs: what connector code reads, built from the model alone."""

from __future__ import annotations

from typing import Any

from ..catalogue import fastschema
from ..catalogue.model import Catalog, DataFlow, Flow, Preset, Step
from ..errors import EXIT_OUTPUT, ToolError
from ..wording import json_bytes as dumps
from . import contract

INDEX = "index.json"
INDEX_SCHEMA = "schema/index.schema.json"
PRESET_SCHEMA = "schema/preset.schema.json"


class ContractViolation(ToolError):
    """An export does not match its own schema: a bug in the generator, never in the catalogue.
    Nothing is written (exit 4, the output could not be written), and the user is asked to report it."""

    exit_code = EXIT_OUTPUT


# Keys for the exported schemas while they are compiled; never written anywhere.
_INDEX_URI = "https://connect-presets.invalid/index.schema.json"
_PRESET_URI = "https://connect-presets.invalid/preset.schema.json"


def _first_error(document: Any, schema: dict[str, Any]) -> str:
    from jsonschema import Draft202012Validator

    error = next(iter(Draft202012Validator(schema).iter_errors(document)), None)
    return f"{error.json_path}: {error.message}" if error is not None else "(jsonschema finds no error)"


def preset_path(preset: Preset) -> str:
    return f"presets/{preset.id}.json"


def _envelope(catalog: Catalog, schema: str) -> dict[str, Any]:
    return {"$schema": schema, "format_version": contract.FORMAT_VERSION, "catalog_version": catalog.version}


def index_document(catalog: Catalog) -> dict[str, Any]:
    order = catalog.connection_order
    first = order.first_step
    return {
        **_envelope(catalog, INDEX_SCHEMA),
        "data_types": [{"id": d.id, "label": d.label} for d in catalog.data_types],
        "system_kinds": [{"id": k.id, "label": k.label} for k in catalog.system_kinds],
        "systems": [{"id": s.id, "name": s.name, "kind": s.kind} for s in catalog.systems],
        "connection_order": {
            "strength": order.strength,
            "page_wording": order.page_wording,
            "steps": [_step(s) for s in order.steps],
            "page_inconsistencies": [{"at": i.at, "note": i.note} for i in order.inconsistencies],
            "first_step": {
                "step": first.id,
                "strength": order.first_step_strength,
                "page_wording": order.first_step_wording,
                "default_source_of": [d.id for d in order.default_source_of],
                "reason": order.reason,
                "if_absent": order.if_absent,
                "if_added_later": {
                    "contact": order.if_added_later.contact,
                    "adjusts": [d.id for d in order.if_added_later.adjusts],
                    "text": order.if_added_later.text,
                },
            },
        },
        "presets": [{"id": p.id, "name": p.name, "config": preset_path(p)} for p in catalog.presets],
    }


def _step(step: Step) -> dict[str, Any]:
    out: dict[str, Any] = {
        "step": step.number,
        "id": step.id,
        "label": step.label,
        "qualifier": step.qualifier,
        "kinds": [k.id for k in step.kinds],
        "presets": list(step.presets),
    }
    if step.several:  # absent elsewhere: the page limits no step to one system
        out["several"] = True
    return out


def _flow(data_flow: DataFlow) -> dict[str, Any]:
    out: dict[str, Any] = {"import": data_flow.imports.state, "export": data_flow.exports.state}
    for direction, flow in (("import", data_flow.imports), ("export", data_flow.exports)):
        if flow.condition is not None:
            out[f"{direction}_condition"] = _condition(flow)
    out["exceptions"] = [
        {"system": e.system.id, "system_name": e.system.name, "import": e.imports, "export": e.exports, "note": e.note}
        for e in data_flow.exceptions
    ]
    return out


def _condition(flow: Flow) -> dict[str, str | None]:
    assert flow.condition is not None
    condition = flow.condition
    return {"id": condition.id, "label": condition.label, "cell": condition.cell, "footnote": condition.footnote}


def preset_document(catalog: Catalog, preset: Preset, flows: dict[int, dict[str, Any]] | None = None) -> dict[str, Any]:
    """``flows`` caches the export of each flow object: presets share equal flows (see model.build)."""
    if flows is None:
        flows = {}
    return {
        **_envelope(catalog, "../" + PRESET_SCHEMA),
        "id": preset.id,
        "name": preset.name,
        "summary": preset.summary,
        "when_to_select": preset.when_to_select,
        "available_only_for": preset.available_only_for,
        "kinds": [k.id for k in preset.kinds],
        "example_systems": [{"id": s.id, "name": s.name} for s in preset.example_systems],
        "requires": [{"kind": r.kind.id, "description": r.description} for r in preset.requires],
        "notes": [{"id": n.id, "text": n.text, "suggest_presets": list(n.suggest_presets)} for n in preset.notes],
        "flows": {f.data_type.id: flows.get(id(f)) or flows.setdefault(id(f), _flow(f)) for f in preset.flows},
        "may_be_only_source_of": [d.id for d in preset.may_be_only_source_of],
        "first_import": {
            first_import.data_type.id: {
                "period": first_import.period,
                "when_possible": first_import.when_possible,
                "imported": preset.imports(first_import.data_type.id),
            }
            for first_import in preset.first_import
        },
        "page_inconsistencies": [{"at": i.at, "note": i.note} for i in preset.inconsistencies],
    }


def render(catalog: Catalog) -> dict[str, bytes]:
    """Every exported file, by path relative to the export folder, each checked against its schema."""
    index_schema = contract.index_schema(catalog)
    preset_schema = contract.preset_schema(catalog)
    compiler = fastschema.Compiler({_INDEX_URI: index_schema, _PRESET_URI: preset_schema})
    index_ok, preset_ok = compiler.compile(_INDEX_URI), compiler.compile(_PRESET_URI)
    checks: list[tuple[str, dict[str, Any], dict[str, Any], fastschema.Check]] = [
        (INDEX, index_document(catalog), index_schema, index_ok)
    ]
    flows: dict[int, dict[str, Any]] = {}
    checks += [(preset_path(p), preset_document(catalog, p, flows), preset_schema, preset_ok) for p in catalog.presets]
    files: dict[str, bytes] = {}
    for path, document, schema, valid in checks:
        if not valid(document):
            raise ContractViolation(
                f"{path} does not match its schema: {_first_error(document, schema)}; nothing was written "
                "(a bug in connect-presets: please report it with the catalogue)"
            )
        files[path] = dumps(document)
    files[INDEX_SCHEMA] = dumps(index_schema)
    files[PRESET_SCHEMA] = dumps(preset_schema)
    return dict(sorted(files.items()))
