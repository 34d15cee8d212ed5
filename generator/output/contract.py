"""The JSON Schemas of the exported configs, derived from the catalogue schema's definitions.

There is no hand-kept copy: states, ids, durations and the catalogue's own data
types come from ``schema/catalog-common.schema.json`` and the loaded catalogue.
"""

from __future__ import annotations

from typing import Any

from ..catalogue.model import Catalog
from ..catalogue.schemacheck import COMMON_SCHEMA, load_schema

FORMAT_VERSION = 2
"""Raised only for a change that breaks readers; additions keep it. Version 2: the connection order's
steps and rules in the page's words and strengths, no kind descriptions or sole sources, conditions
as the page writes their cells."""

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
    wanted = ("id", "text", "label", "version", "state", "fixed-state", "duration", "strength")
    return {name: defs[name] for name in wanted}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/$defs/{name}"}


def _nullable(name: str) -> dict[str, Any]:
    return {"anyOf": [_ref(name), {"type": "null"}]}


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
            "label": {
                **_ref("label"),
                "description": "Name of the step as the help page spells it, such as 'Marketplace(s)'.",
            },
            "qualifier": {
                **_nullable("label"),
                "description": "The page's qualifier of the step as it writes it, such as 'if applicable' (the step applies only where the setup has such a system); null where the page gives none. No step is marked as required.",
            },
            "kinds": {
                "type": "array",
                "items": _ref("kind-id"),
                "description": "Kinds of system whose connectors are created in this step.",
            },
            "presets": {
                "type": "array",
                "items": _ref("id"),
                "description": "Presets the step names: a connector set up with one of them belongs to this step, whatever step its kind has.",
            },
            "several": {
                "const": True,
                "description": "Present where the page's label allows several systems ('Marketplace(s)'). Its absence limits nothing: the page limits no step to one system.",
            },
        },
        optional=("several",),
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
                    "items": _object({"id": _ref("kind-id"), "label": _ref("label")}),
                },
                "systems": {
                    "type": "array",
                    "items": _object({"id": _ref("id"), "name": _ref("label"), "kind": _ref("kind-id")}),
                },
                "connection_order": _object(
                    {
                        "strength": {
                            **_ref("strength"),
                            "description": "How firmly the page asks for the order of the steps: 'request' (it asks: 'please keep to the following order'); a planner warns when a setup deviates.",
                        },
                        "page_wording": _ref("label"),
                        "steps": {"type": "array", "minItems": 1, "items": step},
                        "page_inconsistencies": {
                            "type": "array",
                            "items": _object({"at": {"type": "string"}, "note": _ref("text")}),
                            "description": "Where the help page contradicts itself about the order (at: a field of connection_order, such as strength) and which reading the catalogue keeps.",
                        },
                        "first_step": _object(
                            {
                                "step": {**_ref("id"), "description": "Id of the step the rule is about."},
                                "strength": {
                                    **_ref("strength"),
                                    "description": "How firmly the page puts connecting this step first: 'essential' (it requires it); a planner refuses a setup that deviates.",
                                },
                                "page_wording": _ref("text"),
                                "default_source_of": {"type": "array", "items": _ref("data-type-id")},
                                "reason": _ref("text"),
                                "if_absent": _ref("text"),
                                "if_added_later": _object(
                                    {
                                        "contact": {**_ref("label"), "description": "Who to contact for help."},
                                        "adjusts": {
                                            "type": "array",
                                            "items": _ref("data-type-id"),
                                            "description": "Data types whose settings the contact helps you adjust.",
                                        },
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
    condition = _object(
        {
            "id": _ref("id"),
            "label": _ref("label"),
            "cell": {
                **_ref("label"),
                "description": "What the page's table cell says, such as 'Yes (when applicable)'.",
            },
            "footnote": {
                **_nullable("text"),
                "description": "The page's footnote to the cell; null where it gives none.",
            },
        }
    )
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
    first_import = _object(
        {
            "period": _ref("duration"),
            "when_possible": {
                "type": "boolean",
                "description": "true where the page adds '(when possible)' to the period.",
            },
            "imported": {
                "type": "boolean",
                "description": "false where the page gives a period for data its table shows the preset does not import (see page_inconsistencies).",
            },
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
                "when_to_select": {
                    **_nullable("text"),
                    "description": "When to choose the preset; null where the page does not say.",
                },
                "available_only_for": {
                    **_nullable("label"),
                    "description": "The systems the page restricts the preset to, as words after 'Available only for'; null where it sets no restriction.",
                },
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
                "may_be_only_source_of": {
                    "type": "array",
                    "items": {"type": "string", "enum": data_type_ids},
                    "description": "Data types of which the page says this preset allows its system to be the only source.",
                },
                "first_import": {
                    **_object(
                        {data_type: _ref("first_import") for data_type in data_type_ids}, optional=tuple(data_type_ids)
                    ),
                    "description": "First-import periods, in the order the catalogue lists them.",
                },
                "page_inconsistencies": {
                    "type": "array",
                    "items": _object({"at": {"type": "string"}, "note": _ref("text")}),
                    "description": "Where the help page contradicts itself and the catalogue keeps its data: each place (a dotted path in the catalogue's preset file, such as first_import.orders) with a note. Not a bug of the export.",
                },
            }
        ),
        "$defs": {**defs, "flow": flow, "first_import": first_import},
    }
