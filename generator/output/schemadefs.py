"""The ``$defs`` of the exported schemas (contract.py puts them together): every object that a file has
more than once, or that a consumer names in code, is a titled entry, referenced where it is used. The
bindings generated from the schemas (bindings/, tests/make_bindings.py) take their type names from the
titles; each field's description is the text descriptions.py keeps for its place.
"""

from __future__ import annotations

from typing import Any

from ..catalogue.model import Catalog
from ..catalogue.schemacheck import COMMON_SCHEMA, load_schema
from .descriptions import FIELDS
from .guide import in_sentence

SHA256_PATTERN = "^[0-9a-f]{64}$"

VOCABULARIES = ("kind-id", "data-type-id", "schema-role")
"""Definitions whose values are a list that a minor version may extend (the catalogue's kinds and data
types, the export's kinds of schema): the reader schemas (readers.py) take any id there."""
KEYED = ("flows", "first-imports")
"""Objects keyed by data type: a minor version may add a data type, so the reader schemas take any key."""

# The catalogue's common definitions, renamed for code: its titles are words for editors ('state' for
# both kinds of state), which generated bindings would turn into State and State1.
_COMMON_TITLES = {
    "id": "Id",
    "text": "Text",
    "label": "Label",
    "version": "Version",
    "state": "State",
    "fixed-state": "FixedState",
    "duration": "Duration",
    "strength": "Strength",
}


def closed_object(properties: dict[str, Any], *, optional: tuple[str, ...] = ()) -> dict[str, Any]:
    """An object of these fields and no others: the strict schema's (readers.py opens it for readers)."""
    return {
        "type": "object",
        "additionalProperties": False,
        "required": [name for name in properties if name not in optional],
        "properties": properties,
    }


def said(place: str, node: dict[str, Any], **labels: str) -> dict[str, Any]:
    """A field's schema with its description, the text descriptions.py keeps for its place."""
    return {**node, "description": FIELDS[place].format(**labels)}


def named(title: str, name: str, node: dict[str, Any]) -> dict[str, Any]:
    """A ``$defs`` entry: its title for code, its description from descriptions.py ('$defs:<name>')."""
    return {"title": title, "description": FIELDS[f"$defs:{name}"], **node}


def entry(title: str, name: str, fields: dict[str, Any]) -> dict[str, Any]:
    """A titled object whose fields are all there is (see closed_object)."""
    return named(title, name, closed_object(fields))


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/$defs/{name}"}


def nullable(name: str) -> dict[str, Any]:
    return {"anyOf": [ref(name), {"type": "null"}]}


def list_of(name: str, **bounds: int) -> dict[str, Any]:
    return {"type": "array", **bounds, "items": ref(name)}


def vocabulary_defs(catalog: Catalog) -> dict[str, Any]:
    """The named values: the catalogue's common ones (titled for code), its kinds' and data types' ids."""
    common = load_schema(COMMON_SCHEMA)["$defs"]
    values = {name: {**common[name], "title": title} for name, title in _COMMON_TITLES.items()}
    values["kind-id"] = named("KindId", "kind-id", {"type": "string", "enum": [k.id for k in catalog.system_kinds]})
    values["data-type-id"] = named(
        "DataTypeId", "data-type-id", {"type": "string", "enum": [d.id for d in catalog.data_types]}
    )
    return values


def inconsistency(file: str, place: str) -> dict[str, Any]:
    """Where the help page contradicts itself (the catalogue's acknowledgements), each place with a note."""
    at = f"{file}:{place}[]."
    return named(
        "PageInconsistency",
        "page-inconsistency",
        closed_object({"at": said(f"{at}at", {"type": "string"}), "note": said(f"{at}note", ref("text"))}),
    )


def order_defs() -> dict[str, Any]:
    """The connection order, its steps and the rule about the first one."""
    at = "index:connection_order.steps[]."
    step = closed_object(
        {
            "step": said(f"{at}step", {"type": "integer", "minimum": 1}),
            "id": said(f"{at}id", ref("id")),
            "label": said(f"{at}label", ref("label")),
            "qualifier": said(f"{at}qualifier", nullable("label")),
            "kinds": said(f"{at}kinds", list_of("kind-id")),
            "presets": said(f"{at}presets", list_of("id")),
            "several": said(f"{at}several", {"const": True}),
        },
        optional=("several",),
    )
    at = "index:connection_order.first_step."
    if_added_later = closed_object(
        {
            "contact": said(f"{at}if_added_later.contact", ref("label")),
            "adjusts": said(f"{at}if_added_later.adjusts", list_of("data-type-id")),
            "text": said(f"{at}if_added_later.text", ref("text")),
        }
    )
    first_step = closed_object(
        {
            "step": said(f"{at}step", ref("id")),
            "strength": said(f"{at}strength", ref("strength")),
            "page_wording": said(f"{at}page_wording", ref("text")),
            "default_source_of": said(f"{at}default_source_of", list_of("data-type-id")),
            "reason": said(f"{at}reason", ref("text")),
            "if_absent": said(f"{at}if_absent", ref("text")),
            "if_added_later": said(f"{at}if_added_later", ref("if-added-later")),
        }
    )
    at = "index:connection_order."
    connection_order = closed_object(
        {
            "strength": said(f"{at}strength", ref("strength")),
            "page_wording": said(f"{at}page_wording", ref("label")),
            "steps": said(f"{at}steps", list_of("step", minItems=1)),
            "page_inconsistencies": said(f"{at}page_inconsistencies", list_of("page-inconsistency")),
            "first_step": said(f"{at}first_step", ref("first-step")),
        }
    )
    return {
        "connection-order": named("ConnectionOrder", "connection-order", connection_order),
        "step": named("Step", "step", step),
        "first-step": named("FirstStep", "first-step", first_step),
        "if-added-later": named("IfAddedLater", "if-added-later", if_added_later),
        "page-inconsistency": inconsistency("index", "connection_order.page_inconsistencies"),
    }


def index_entry_defs() -> dict[str, Any]:
    """The objects of index.json, and the digests of the files it lists."""
    return {
        "sha256": named("Sha256", "sha256", {"type": "string", "pattern": SHA256_PATTERN}),
        "schema-role": named("SchemaRole", "schema-role", {"type": "string", "enum": ["strict", "reader"]}),
        "data-type": entry(
            "DataType",
            "data-type",
            {
                "id": said("index:data_types[].id", ref("data-type-id")),
                "label": said("index:data_types[].label", ref("label")),
            },
        ),
        "system-kind": entry(
            "SystemKind",
            "system-kind",
            {
                "id": said("index:system_kinds[].id", ref("kind-id")),
                "label": said("index:system_kinds[].label", ref("label")),
            },
        ),
        "system": entry(
            "System",
            "system",
            {
                "id": said("index:systems[].id", ref("id")),
                "name": said("index:systems[].name", ref("label")),
                "kind": said("index:systems[].kind", ref("kind-id")),
            },
        ),
        **order_defs(),
        "preset-entry": entry(
            "PresetEntry",
            "preset-entry",
            {
                "id": said("index:presets[].id", ref("id")),
                "name": said("index:presets[].name", ref("label")),
                "config": said("index:presets[].config", {"type": "string", "pattern": "^presets/[a-z0-9-]+\\.json$"}),
                "sha256": said("index:presets[].sha256", ref("sha256")),
            },
        ),
        "schema-file": entry(
            "SchemaFile",
            "schema-file",
            {
                "path": said("index:schemas[].path", {"type": "string", "pattern": "^schema/[a-z0-9.-]+\\.json$"}),
                "role": said("index:schemas[].role", ref("schema-role")),
                "sha256": said("index:schemas[].sha256", ref("sha256")),
            },
        ),
    }


def flow_defs() -> dict[str, Any]:
    """One data type's flow: its import, its export, their conditions and the systems excepted."""
    at = "preset:flows.*."
    condition = closed_object(
        {
            "id": said(f"{at}condition.id", ref("id")),
            "label": said(f"{at}condition.label", ref("label")),
            "cell": said(f"{at}condition.cell", ref("label")),
            "footnote": said(f"{at}condition.footnote", nullable("text")),
        }
    )
    exception = closed_object(
        {
            "system": said(f"{at}exceptions[].system", ref("id")),
            "system_name": said(f"{at}exceptions[].system_name", ref("label")),
            "import": said(f"{at}exceptions[].import", ref("fixed-state")),
            "export": said(f"{at}exceptions[].export", ref("fixed-state")),
            "note": said(f"{at}exceptions[].note", ref("text")),
        }
    )
    flow = closed_object(
        {
            "import": said(f"{at}import", ref("state")),
            "export": said(f"{at}export", ref("state")),
            "import_condition": said(f"{at}import_condition", ref("condition")),
            "export_condition": said(f"{at}export_condition", ref("condition")),
            "exceptions": said(f"{at}exceptions", list_of("flow-exception")),
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
    return {
        "flow": named("Flow", "flow", flow),
        "condition": named("Condition", "condition", condition),
        "flow-exception": named("FlowException", "flow-exception", exception),
    }


def preset_entry_defs(catalog: Catalog) -> dict[str, Any]:
    at = "preset:first_import.*."
    first_import = closed_object(
        {
            "period": said(f"{at}period", ref("duration")),
            "when_possible": said(f"{at}when_possible", {"type": "boolean"}),
            "imported": said(f"{at}imported", {"type": "boolean"}),
        }
    )
    # One text for every data type's key, with the type's label in it: readers see labels, not ids.
    flows = {d.id: said("preset:flows.*", ref("flow"), data_type=in_sentence(d.label)) for d in catalog.data_types}
    periods = {
        d.id: said("preset:first_import.*", ref("first-import"), data_type=in_sentence(d.label))
        for d in catalog.data_types
    }
    return {
        "flows": named("Flows", "flows", closed_object(flows)),
        **flow_defs(),
        "first-imports": named("FirstImports", "first-imports", closed_object(periods, optional=tuple(periods))),
        "first-import": named("FirstImport", "first-import", first_import),
        "example-system": entry(
            "ExampleSystem",
            "example-system",
            {
                "id": said("preset:example_systems[].id", ref("id")),
                "name": said("preset:example_systems[].name", ref("label")),
            },
        ),
        "requirement": entry(
            "Requirement",
            "requirement",
            {
                "kind": said("preset:requires[].kind", ref("id")),
                "description": said("preset:requires[].description", ref("text")),
            },
        ),
        "note": entry(
            "Note",
            "note",
            {
                "id": said("preset:notes[].id", ref("id")),
                "text": said("preset:notes[].text", ref("text")),
                "suggest_presets": said("preset:notes[].suggest_presets", list_of("id")),
            },
        ),
        "page-inconsistency": inconsistency("preset", "page_inconsistencies"),
    }
