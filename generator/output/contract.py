"""The JSON Schemas of the exported configs, derived from the catalogue schema's definitions.

There is no hand-kept copy: states, ids, durations and the catalogue's own data
types come from ``schema/catalog-common.schema.json`` and the loaded catalogue. What each field
holds is said in descriptions.py, by place. The objects are titled ``$defs`` entries (schemadefs.py),
and each schema has an ``$id`` that names its format, catalogue version and file.
"""

from __future__ import annotations

from typing import Any

from ..catalogue.model import Catalog
from .descriptions import FIELDS
from .schemadefs import (
    closed_object,
    index_entry_defs,
    list_of,
    nullable,
    preset_entry_defs,
    ref,
    said,
    vocabulary_defs,
)

FORMAT_VERSION = 2
"""Raised only for a change that breaks readers; additions keep it. Version 2: the connection order's
steps and rules in the page's words and strengths, no kind descriptions or sole sources, conditions
as the page writes their cells."""

DRAFT = "https://json-schema.org/draft/2020-12/schema"
INDEX_FILE = "index.schema.json"
PRESET_FILE = "preset.schema.json"


def schema_id(catalog: Catalog, file_name: str) -> str:
    """The ``$id`` of a published schema: a name, not a place, so a consumer may cache it by version."""
    return f"urn:connect-presets:v{FORMAT_VERSION}:{catalog.version}:{file_name}"


def _root(catalog: Catalog, title: str, file: str, place: str, body: dict[str, Any]) -> dict[str, Any]:
    """A file's schema: its name and $id, the fields every file starts with, then its own."""
    envelope = {
        "$schema": said("both:$schema", {"type": "string"}),
        "format_version": said("both:format_version", {"const": FORMAT_VERSION}),
        "catalog_version": said("both:catalog_version", ref("version")),
    }
    root = closed_object({**envelope, **body})
    return {"$schema": DRAFT, "$id": schema_id(catalog, file), "title": title, "description": FIELDS[place], **root}


def index_schema(catalog: Catalog) -> dict[str, Any]:
    body = {
        "data_types": said("index:data_types", list_of("data-type")),
        "system_kinds": said("index:system_kinds", list_of("system-kind")),
        "systems": said("index:systems", list_of("system")),
        "connection_order": said("index:connection_order", ref("connection-order")),
        "presets": said("index:presets", list_of("preset-entry")),
        "schemas": said("index:schemas", list_of("schema-file")),
    }
    return {
        **_root(catalog, "Index", INDEX_FILE, "index", body),
        "$defs": {**vocabulary_defs(catalog), **index_entry_defs()},
    }


def preset_schema(catalog: Catalog) -> dict[str, Any]:
    body = {
        "id": said("preset:id", ref("id")),
        "name": said("preset:name", ref("label")),
        "summary": said("preset:summary", ref("text")),
        "when_to_select": said("preset:when_to_select", nullable("text")),
        "available_only_for": said("preset:available_only_for", nullable("label")),
        "kinds": said("preset:kinds", list_of("kind-id", minItems=1)),
        "example_systems": said("preset:example_systems", list_of("example-system")),
        "requires": said("preset:requires", list_of("requirement")),
        "notes": said("preset:notes", list_of("note")),
        "flows": said("preset:flows", ref("flows")),
        "may_be_only_source_of": said("preset:may_be_only_source_of", list_of("data-type-id")),
        "first_import": said("preset:first_import", ref("first-imports")),
        "page_inconsistencies": said("preset:page_inconsistencies", list_of("page-inconsistency")),
    }
    defs = {**vocabulary_defs(catalog), **preset_entry_defs(catalog)}
    return {**_root(catalog, "Preset", PRESET_FILE, "preset", body), "$defs": defs}
