"""The exported configs: what connector code reads, built from the model alone."""

from __future__ import annotations

import hashlib
from typing import Any

from ..catalogue import fastschema
from ..catalogue.model import Catalog, DataFlow, Flow, Preset, Step
from ..errors import EXIT_OUTPUT, ToolError
from ..wording import json_bytes as dumps
from . import contract, readers

INDEX = "index.json"
INDEX_SCHEMA = f"schema/{contract.INDEX_FILE}"
PRESET_SCHEMA = f"schema/{contract.PRESET_FILE}"
INDEX_READER_SCHEMA = readers.reader_file(INDEX_SCHEMA)
PRESET_READER_SCHEMA = readers.reader_file(PRESET_SCHEMA)
SCHEMA_ROLES = {
    INDEX_SCHEMA: "strict",
    INDEX_READER_SCHEMA: "reader",
    PRESET_SCHEMA: "strict",
    PRESET_READER_SCHEMA: "reader",
}
"""Every schema file of the export, by path, with its role (index.json's ``schemas``)."""


class ContractViolation(ToolError):
    """An export does not match its own schema: a bug in the generator, never in the catalogue.
    Nothing is written (exit 4, the output could not be written), and the user is asked to report it."""

    exit_code = EXIT_OUTPUT


def _compile_key(path: str) -> str:
    # fastschema resolves a $ref with urljoin, which joins nothing to a `urn:` base ('#/$defs/id' stays
    # relative): the schemas are compiled under an http key of their path, never written, and their $id
    # is an annotation there. jsonschema, which explains a failure, reads the $id.
    return f"https://connect-presets.invalid/{path}"


def _first_error(document: Any, schema: dict[str, Any]) -> str:
    from jsonschema import Draft202012Validator

    error = next(iter(Draft202012Validator(schema).iter_errors(document)), None)
    return f"{error.json_path}: {error.message}" if error is not None else "(jsonschema finds no error)"


def preset_path(preset: Preset) -> str:
    return f"presets/{preset.id}.json"


def _envelope(catalog: Catalog, schema: str) -> dict[str, Any]:
    return {"$schema": schema, "format_version": contract.FORMAT_VERSION, "catalog_version": catalog.version}


def index_document(catalog: Catalog) -> dict[str, Any]:
    """The index's content, without the digests of the other files (``pinned`` adds them)."""
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


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def schemas(catalog: Catalog) -> dict[str, dict[str, Any]]:
    """Every schema of the export by path: the strict ones (contract.py) and their reader schemas."""
    strict = {INDEX_SCHEMA: contract.index_schema(catalog), PRESET_SCHEMA: contract.preset_schema(catalog)}
    return {**strict, **{readers.reader_file(path): readers.reader_schema(schema) for path, schema in strict.items()}}


def pinned(index: dict[str, Any], files: dict[str, bytes]) -> dict[str, Any]:
    """The index with the SHA-256 of each preset's config and of each schema, as ``files`` holds them."""
    return {
        **index,
        "presets": [{**entry, "sha256": sha256(files[entry["config"]])} for entry in index["presets"]],
        "schemas": [
            {"path": path, "role": SCHEMA_ROLES[path], "sha256": sha256(files[path])} for path in sorted(SCHEMA_ROLES)
        ],
    }


def render(catalog: Catalog) -> dict[str, bytes]:
    """Every exported file, by path relative to the export folder, each checked against its schema.
    The index comes last: it holds the digests of the others."""
    published = schemas(catalog)
    index_schema, preset_schema = published[INDEX_SCHEMA], published[PRESET_SCHEMA]
    compiler = fastschema.Compiler({_compile_key(path): schema for path, schema in published.items()})
    preset_ok = compiler.compile(_compile_key(PRESET_SCHEMA))
    files = {path: dumps(schema) for path, schema in published.items()}
    flows: dict[int, dict[str, Any]] = {}
    for preset in catalog.presets:
        files[preset_path(preset)] = _checked(
            preset_path(preset), preset_document(catalog, preset, flows), preset_schema, preset_ok
        )
    index = pinned(index_document(catalog), files)
    files[INDEX] = _checked(INDEX, index, index_schema, compiler.compile(_compile_key(INDEX_SCHEMA)))
    return dict(sorted(files.items()))


def _checked(path: str, document: dict[str, Any], schema: dict[str, Any], valid: fastschema.Check) -> bytes:
    if not valid(document):
        raise ContractViolation(
            f"{path} does not match its schema: {_first_error(document, schema)}; nothing was written "
            "(a bug in connect-presets: please report it with the catalogue)"
        )
    return dumps(document)
