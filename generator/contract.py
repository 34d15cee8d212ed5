"""The JSON Schemas of the exported configs, derived from the catalogue schema's definitions.

There is no hand-kept copy: states, ids, durations and the catalogue's own data
types come from ``schema/catalog-common.schema.json`` and the loaded catalogue.
"""

from __future__ import annotations

from typing import Any

from .model import Catalog
from .schemacheck import COMMON_SCHEMA, load_schema

FORMAT_VERSION = 1
"""Raised only for a change that breaks readers; additions keep it."""

DRAFT = "https://json-schema.org/draft/2020-12/schema"


def _object(properties: dict[str, Any], *, optional: tuple[str, ...] = ()) -> dict[str, Any]:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": [name for name in properties if name not in optional],
        "properties": properties,
    }


def _common_defs() -> dict[str, Any]:
    defs = load_schema(COMMON_SCHEMA)["$defs"]
    wanted = ("id", "text", "label", "version", "state", "fixed-state", "duration")
    return {name: defs[name] for name in wanted}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/$defs/{name}"}


def _header(title: str, description: str) -> dict[str, Any]:
    return {"$schema": DRAFT, "title": title, "description": description}


def _envelope() -> dict[str, Any]:
    return {
        "$schema": {"type": "string", "description": "Relative path of this file's JSON Schema."},
        "format_version": {
            "const": FORMAT_VERSION,
            "description": "Version of this file format; raised only for changes that break readers.",
        },
        "catalog_version": {**_ref("version"), "description": "Version of the catalogue the file was exported from."},
    }


def index_schema(catalog: Catalog) -> dict[str, Any]:
    defs = _common_defs()
    defs["kind-id"] = {"type": "string", "enum": [k.id for k in catalog.system_kinds]}
    defs["data-type-id"] = {"type": "string", "enum": [d.id for d in catalog.data_types]}
    step = _object(
        {
            "step": {"type": "integer", "minimum": 1, "description": "Position in the connection order, from 1."},
            "id": _ref("id"),
            "label": _ref("label"),
            "kinds": {"type": "array", "minItems": 1, "items": _ref("kind-id")},
            "optional": {"type": "boolean", "description": "true when a setup may leave this step out."},
            "multiple": {"type": "boolean", "description": "true when several systems may be connected in this step."},
        }
    )
    return {
        **_header(
            "connect-presets index.json",
            "The exported catalogue: its data types, kinds of system, connection order, and where each preset's config is.",
        ),
        **_object(
            {
                **_envelope(),
                "data_types": {"type": "array", "items": _object({"id": _ref("data-type-id"), "label": _ref("label")})},
                "system_kinds": {
                    "type": "array",
                    "items": _object(
                        {
                            "id": _ref("kind-id"),
                            "label": _ref("label"),
                            "description": _ref("text"),
                            "sole_source_of": {"type": "array", "items": _ref("data-type-id")},
                        }
                    ),
                },
                "systems": {
                    "type": "array",
                    "items": _object({"id": _ref("id"), "name": _ref("label"), "kind": _ref("kind-id")}),
                },
                "connection_order": _object(
                    {
                        "steps": {"type": "array", "minItems": 1, "items": step},
                        "first_step": _object(
                            {
                                "step": _ref("id"),
                                "default_source_of": {"type": "array", "items": _ref("data-type-id")},
                                "reason": _ref("text"),
                                "if_absent": _ref("text"),
                                "if_added_later": _object(
                                    {
                                        "contact": _ref("label"),
                                        "adjusts": {"type": "array", "items": _ref("data-type-id")},
                                        "text": _ref("text"),
                                    }
                                ),
                            }
                        ),
                    }
                ),
                "presets": {
                    "type": "array",
                    "items": _object(
                        {
                            "id": _ref("id"),
                            "name": _ref("label"),
                            "config": {
                                "type": "string",
                                "pattern": "^presets/[a-z0-9-]+\\.json$",
                                "description": "Path of the preset's config, relative to index.json.",
                            },
                        }
                    ),
                },
            }
        ),
        "$defs": defs,
    }


def preset_schema(catalog: Catalog) -> dict[str, Any]:
    defs = _common_defs()
    condition = _object({"id": _ref("id"), "label": _ref("label"), "description": _ref("text")})
    exception = _object(
        {
            "system": _ref("id"),
            "system_name": _ref("label"),
            "import": _ref("fixed-state"),
            "export": _ref("fixed-state"),
            "note": _ref("text"),
        }
    )
    flow = _object(
        {
            "import": {**_ref("state"), "description": "Import from the platform into Connect."},
            "export": {**_ref("state"), "description": "Export from Connect to the platform."},
            "import_condition": {**condition, "description": "Present exactly when import is conditional."},
            "export_condition": {**condition, "description": "Present exactly when export is conditional."},
            "exceptions": {
                "type": "array",
                "items": exception,
                "description": "Named systems for which the flow differs.",
            },
        },
        optional=("import_condition", "export_condition"),
    )
    flow["allOf"] = [
        {
            "if": {"properties": {direction: {"const": "conditional"}}},
            "then": {"required": [f"{direction}_condition"]},
            "else": {"not": {"required": [f"{direction}_condition"]}},
        }
        for direction in ("import", "export")
    ]
    lookback = _object(
        {
            "period": _ref("duration"),
            "when_possible": {"type": "boolean", "description": "true when the platform may not reach back this far."},
        }
    )
    data_type_ids = [d.id for d in catalog.data_types]
    return {
        **_header("connect-presets presets/<id>.json", "One onboarding preset as connector code reads it."),
        **_object(
            {
                **_envelope(),
                "id": _ref("id"),
                "name": _ref("label"),
                "summary": _ref("text"),
                "when_to_select": _ref("text"),
                "kinds": {
                    "type": "array",
                    "minItems": 1,
                    "items": {"type": "string", "enum": [k.id for k in catalog.system_kinds]},
                },
                "example_systems": {"type": "array", "items": _object({"id": _ref("id"), "name": _ref("label")})},
                "requires": {"type": "array", "items": _object({"kind": _ref("id"), "description": _ref("text")})},
                "notes": {
                    "type": "array",
                    "items": _object(
                        {
                            "id": _ref("id"),
                            "text": _ref("text"),
                            "suggest_presets": {"type": "array", "items": _ref("id")},
                        }
                    ),
                },
                "flows": {
                    **_object({data_type: _ref("flow") for data_type in data_type_ids}),
                    "description": "Every data type, in the catalogue's order.",
                },
                "first_import": {
                    **_object(
                        {data_type: _ref("lookback") for data_type in data_type_ids}, optional=tuple(data_type_ids)
                    ),
                    "description": "First-import periods, in the order the catalogue lists them.",
                },
            }
        ),
        "$defs": {**defs, "flow": flow, "lookback": lookback},
    }
