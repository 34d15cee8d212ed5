"""The reader schemas: what a consumer validates the configs against, derived from the strict ones.

The strict schema is the one the exporter checks its own files against: every object closed, the
catalogue's vocabularies (kinds of system, data types) as enums. Code that validated what it reads
against it would reject the next minor version's files, which the format promises it may read: a new
key, a new data type, a new kind of system. The reader schema of a version accepts every later minor
version's files, and keeps what only a major version may change: ``format_version``, the required
keys, the states and strengths, the shapes of values.

    strict = contract.preset_schema(catalog)  # generator/output/contract.py
    reader = reader_schema(strict)          # $id ...:preset.reader.schema.json
"""

from __future__ import annotations

from typing import Any

from .descriptions import FIELDS
from .schemadefs import KEYED, VOCABULARIES

Schema = dict[str, Any]
_STRICT_SUFFIX = ".schema.json"
_READER_SUFFIX = ".reader.schema.json"


def reader_file(strict_file: str) -> str:
    """'schema/index.schema.json' -> 'schema/index.reader.schema.json'."""
    if not strict_file.endswith(_STRICT_SUFFIX) or strict_file.endswith(_READER_SUFFIX):
        raise ValueError(f"{strict_file} is not the file name of a strict schema")
    return strict_file.removesuffix(_STRICT_SUFFIX) + _READER_SUFFIX


def _opened(node: Any) -> Any:
    """A copy of a schema (nothing shared with it) with no object closed: ``additionalProperties: false`` dropped."""
    if isinstance(node, dict):
        return {key: _opened(value) for key, value in node.items() if (key, value) != ("additionalProperties", False)}
    if isinstance(node, list):
        return [_opened(value) for value in node]
    return node


def _keyed_item(node: Schema) -> str:
    """The one ``$ref`` every key of an object keyed by data type holds."""
    refs = {str(child["$ref"]) for child in node["properties"].values()}
    if len(refs) != 1:
        raise ValueError(f"{node.get('title')}: its keys hold {sorted(refs)}, not one kind of object")
    return refs.pop()


def reader_schema(strict: Schema) -> Schema:
    """The reader schema of a strict schema (an exported file's, from contract.py)."""
    reader: Schema = _opened(strict)
    defs: dict[str, Schema] = reader["$defs"]
    # The shape of an id, without the list of ids: a new kind of system or data type is minor.
    any_id: Schema = {key: defs["id"][key] for key in ("type", "pattern", "maxLength") if key in defs["id"]}
    for name in VOCABULARIES:
        if name in defs:
            defs[name] = {"title": defs[name]["title"], "description": defs[name]["description"], **any_id}
    for name in KEYED:
        if name in defs:
            keyed = defs[name]
            # Known data types keep their own keys (typed in bindings); a new one holds the same object.
            keyed["propertyNames"] = {"$ref": "#/$defs/data-type-id"}
            keyed["additionalProperties"] = {"$ref": _keyed_item(keyed)}
    file = strict["$id"].rsplit(":", 1)[1]
    reader["$id"] = strict["$id"].removesuffix(file) + reader_file(file)
    reader["description"] = f"{strict['description']} {FIELDS['reader']}"
    return reader
