"""The JSON Schemas of the exported configs, derived from the catalogue schema's definitions.

There is no hand-kept copy: states, ids, durations and the catalogue's own data
types come from ``schema/catalog-common.schema.json`` and the loaded catalogue. What each field
holds is said in descriptions.py, by place.
"""

from __future__ import annotations

from typing import Any

from ..catalogue.model import Catalog
from ..catalogue.schemacheck import COMMON_SCHEMA, load_schema
from .descriptions import FIELDS
from .guide import in_sentence

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


def _said(place: str, node: dict[str, Any], **labels: str) -> dict[str, Any]:
    """A field's schema with its description, the text descriptions.py keeps for its place."""
    return {**node, "description": FIELDS[place].format(**labels)}


def _common_defs() -> dict[str, Any]:
    defs = load_schema(COMMON_SCHEMA)["$defs"]
    wanted = ("id", "text", "label", "version", "state", "fixed-state", "duration", "strength")
    return {name: defs[name] for name in wanted}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/$defs/{name}"}


def _nullable(name: str) -> dict[str, Any]:
    return {"anyOf": [_ref(name), {"type": "null"}]}


def _header(title: str, file: str) -> dict[str, Any]:
    return {"$schema": DRAFT, "title": title, "description": FIELDS[file]}


def _envelope() -> dict[str, Any]:
    return {
        "$schema": _said("both:$schema", {"type": "string"}),
        "format_version": _said("both:format_version", {"const": FORMAT_VERSION}),
        "catalog_version": _said("both:catalog_version", _ref("version")),
    }


def _inconsistencies(file: str, place: str) -> dict[str, Any]:
    """Where the help page contradicts itself (the catalogue's acknowledgements), each place with a note."""
    item = _object(
        {
            "at": _said(f"{file}:{place}[].at", {"type": "string"}),
            "note": _said(f"{file}:{place}[].note", _ref("text")),
        }
    )
    return _said(f"{file}:{place}", {"type": "array", "items": item})


def index_schema(catalog: Catalog) -> dict[str, Any]:
    defs = _common_defs()
    defs["kind-id"] = _said("$defs:kind-id", {"type": "string", "enum": [k.id for k in catalog.system_kinds]})
    defs["data-type-id"] = _said("$defs:data-type-id", {"type": "string", "enum": [d.id for d in catalog.data_types]})
    at = "index:connection_order.steps[]."
    step = _object(
        {
            "step": _said(f"{at}step", {"type": "integer", "minimum": 1}),
            "id": _said(f"{at}id", _ref("id")),
            "label": _said(f"{at}label", _ref("label")),
            "qualifier": _said(f"{at}qualifier", _nullable("label")),
            "kinds": _said(f"{at}kinds", {"type": "array", "items": _ref("kind-id")}),
            "presets": _said(f"{at}presets", {"type": "array", "items": _ref("id")}),
            "several": _said(f"{at}several", {"const": True}),
        },
        optional=("several",),
    )
    at = "index:connection_order.first_step."
    if_added_later = _object(
        {
            "contact": _said(f"{at}if_added_later.contact", _ref("label")),
            "adjusts": _said(f"{at}if_added_later.adjusts", {"type": "array", "items": _ref("data-type-id")}),
            "text": _said(f"{at}if_added_later.text", _ref("text")),
        }
    )
    first_step = _object(
        {
            "step": _said(f"{at}step", _ref("id")),
            "strength": _said(f"{at}strength", _ref("strength")),
            "page_wording": _said(f"{at}page_wording", _ref("text")),
            "default_source_of": _said(f"{at}default_source_of", {"type": "array", "items": _ref("data-type-id")}),
            "reason": _said(f"{at}reason", _ref("text")),
            "if_absent": _said(f"{at}if_absent", _ref("text")),
            "if_added_later": _said(f"{at}if_added_later", if_added_later),
        }
    )
    connection_order = _object(
        {
            "strength": _said("index:connection_order.strength", _ref("strength")),
            "page_wording": _said("index:connection_order.page_wording", _ref("label")),
            "steps": _said("index:connection_order.steps", {"type": "array", "minItems": 1, "items": step}),
            "page_inconsistencies": _inconsistencies("index", "connection_order.page_inconsistencies"),
            "first_step": _said("index:connection_order.first_step", first_step),
        }
    )
    data_type = _object(
        {
            "id": _said("index:data_types[].id", _ref("data-type-id")),
            "label": _said("index:data_types[].label", _ref("label")),
        }
    )
    kind = _object(
        {
            "id": _said("index:system_kinds[].id", _ref("kind-id")),
            "label": _said("index:system_kinds[].label", _ref("label")),
        }
    )
    system = _object(
        {
            "id": _said("index:systems[].id", _ref("id")),
            "name": _said("index:systems[].name", _ref("label")),
            "kind": _said("index:systems[].kind", _ref("kind-id")),
        }
    )
    preset = _object(
        {
            "id": _said("index:presets[].id", _ref("id")),
            "name": _said("index:presets[].name", _ref("label")),
            "config": _said("index:presets[].config", {"type": "string", "pattern": "^presets/[a-z0-9-]+\\.json$"}),
        }
    )
    return {
        **_header("connect-presets index.json", "index"),
        **_object(
            {
                **_envelope(),
                "data_types": _said("index:data_types", {"type": "array", "items": data_type}),
                "system_kinds": _said("index:system_kinds", {"type": "array", "items": kind}),
                "systems": _said("index:systems", {"type": "array", "items": system}),
                "connection_order": _said("index:connection_order", connection_order),
                "presets": _said("index:presets", {"type": "array", "items": preset}),
            }
        ),
        "$defs": defs,
    }


def _flow() -> dict[str, Any]:
    """One data type's flow: its import, its export, their conditions and the systems excepted."""
    at = "preset:flows.*."
    condition = _object(
        {
            "id": _said(f"{at}condition.id", _ref("id")),
            "label": _said(f"{at}condition.label", _ref("label")),
            "cell": _said(f"{at}condition.cell", _ref("label")),
            "footnote": _said(f"{at}condition.footnote", _nullable("text")),
        }
    )
    exception = _object(
        {
            "system": _said(f"{at}exceptions[].system", _ref("id")),
            "system_name": _said(f"{at}exceptions[].system_name", _ref("label")),
            "import": _said(f"{at}exceptions[].import", _ref("fixed-state")),
            "export": _said(f"{at}exceptions[].export", _ref("fixed-state")),
            "note": _said(f"{at}exceptions[].note", _ref("text")),
        }
    )
    flow = _object(
        {
            "import": _said(f"{at}import", _ref("state")),
            "export": _said(f"{at}export", _ref("state")),
            "import_condition": _said(f"{at}import_condition", condition),
            "export_condition": _said(f"{at}export_condition", condition),
            "exceptions": _said(f"{at}exceptions", {"type": "array", "items": exception}),
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
    return flow


def preset_schema(catalog: Catalog) -> dict[str, Any]:
    defs = _common_defs()
    at = "preset:first_import.*."
    first_import = _object(
        {
            "period": _said(f"{at}period", _ref("duration")),
            "when_possible": _said(f"{at}when_possible", {"type": "boolean"}),
            "imported": _said(f"{at}imported", {"type": "boolean"}),
        }
    )
    data_type_ids = [d.id for d in catalog.data_types]
    # One text for every data type's key, with the type's label in it: readers see labels, not ids.
    flows = {d.id: _said("preset:flows.*", _ref("flow"), data_type=in_sentence(d.label)) for d in catalog.data_types}
    periods = {
        d.id: _said("preset:first_import.*", _ref("first_import"), data_type=in_sentence(d.label))
        for d in catalog.data_types
    }
    system = _object(
        {
            "id": _said("preset:example_systems[].id", _ref("id")),
            "name": _said("preset:example_systems[].name", _ref("label")),
        }
    )
    requirement = _object(
        {
            "kind": _said("preset:requires[].kind", _ref("id")),
            "description": _said("preset:requires[].description", _ref("text")),
        }
    )
    note = _object(
        {
            "id": _said("preset:notes[].id", _ref("id")),
            "text": _said("preset:notes[].text", _ref("text")),
            "suggest_presets": _said("preset:notes[].suggest_presets", {"type": "array", "items": _ref("id")}),
        }
    )
    kind_ids = [k.id for k in catalog.system_kinds]
    return {
        **_header("connect-presets presets/<id>.json", "preset"),
        **_object(
            {
                **_envelope(),
                "id": _said("preset:id", _ref("id")),
                "name": _said("preset:name", _ref("label")),
                "summary": _said("preset:summary", _ref("text")),
                "when_to_select": _said("preset:when_to_select", _nullable("text")),
                "available_only_for": _said("preset:available_only_for", _nullable("label")),
                "kinds": _said(
                    "preset:kinds",
                    {"type": "array", "minItems": 1, "items": {"type": "string", "enum": kind_ids}},
                ),
                "example_systems": _said("preset:example_systems", {"type": "array", "items": system}),
                "requires": _said("preset:requires", {"type": "array", "items": requirement}),
                "notes": _said("preset:notes", {"type": "array", "items": note}),
                "flows": _said("preset:flows", _object(flows)),
                "may_be_only_source_of": _said(
                    "preset:may_be_only_source_of",
                    {"type": "array", "items": {"type": "string", "enum": data_type_ids}},
                ),
                "first_import": _said("preset:first_import", _object(periods, optional=tuple(data_type_ids))),
                "page_inconsistencies": _inconsistencies("preset", "page_inconsistencies"),
            }
        ),
        "$defs": {**defs, "flow": _flow(), "first_import": first_import},
    }
