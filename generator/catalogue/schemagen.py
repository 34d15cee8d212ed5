"""The authoring schemas, their lists of ids generated from the catalogue's vocabulary.

catalog.yaml defines the ids the other files refer to: data types, kinds of system, named systems and
conditions. The schemas in ``schema/`` list them, so that an editor completes them and flags a
mistyped one as it is typed; those lists (the enums of catalog-common.schema.json, the data types as
keys of a preset's ``flows`` and ``first_import``) are generated, the rest of each schema is written
by hand in the same file. Validation fills the lists in memory from the catalogue it validates, never
from the files on disk: a docs writer who adds a data type edits catalog.yaml and the presets, and
the catalogue validates and builds. ``connect-presets schemas`` rewrites the files, and
``connect-presets check --schema-dir`` finds them stale (schemafiles.py).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any, TypeGuard

from ..paths import schema_dir
from . import fastschema

if TYPE_CHECKING:
    from .model import Catalog

CATALOG = "catalog.schema.json"
PRESET = "catalog-preset.schema.json"
COMMON = "catalog-common.schema.json"
GENERATED = (CATALOG, PRESET, COMMON)
"""The schema files with generated lists. The others in ``schema/`` (setup.schema.json) list no ids:
the planner checks a setup's ids against the catalogue in use, with its own rules."""

IdList = tuple[str, ...] | None
"""The ids of one list of catalog.yaml in its order, each once; None when the list cannot be read
(catalog.yaml's own problems say why): any id is then accepted where the list is referred to."""

ID_LISTS = (
    ("data-type-id", "data_types", "data_types"),
    ("kind-id", "kinds", "system_kinds"),
    ("system-id", "systems", "systems"),
    ("condition-id", "conditions", "conditions"),
)
"""The generated enums: (definition in catalog-common.schema.json, field of Ids, list of catalog.yaml)."""
KEYED_BY_DATA_TYPE = (("flows", "flow"), ("first_import", "first_import"))
"""The properties of a preset keyed by data type, and the definition of each of their values."""


@dataclass(frozen=True)
class Ids:
    """The ids catalog.yaml defines. Hashable: the schemas made for them are kept by them."""

    data_types: IdList
    kinds: IdList
    systems: IdList
    conditions: IdList

    @classmethod
    def read(cls, catalog: Any) -> Ids:
        """From catalog.yaml's data as read, before its schema check (None: no catalog.yaml was read)."""
        lists = catalog if isinstance(catalog, dict) else {}
        return cls(*(_ids(lists.get(section), section) for _, _, section in ID_LISTS))

    @classmethod
    def of(cls, catalog: Catalog) -> Ids:
        """From a validated catalogue."""
        return cls(
            tuple(d.id for d in catalog.data_types),
            tuple(k.id for k in catalog.system_kinds),
            tuple(s.id for s in catalog.systems),
            tuple(c.id for c in catalog.conditions),
        )


def _ids(items: Any, section: str) -> IdList:
    """A list is read whole or not at all: with one entry whose id is not an id (the schema's ``id``),
    or fewer entries than catalog.yaml's schema asks for, which ids it means is unknown (and the
    schema says why), so a mistake there is not reported again in every file that refers to it."""
    least = template(CATALOG)["properties"][section].get("minItems", 0)
    if not isinstance(items, list) or len(items) < least:
        return None
    ids = [item.get("id") if isinstance(item, dict) else None for item in items]
    found = [i for i in ids if _is_id(i)]
    return tuple(dict.fromkeys(found)) if len(found) == len(ids) else None


@cache
def _id_check() -> Callable[[Any], bool]:
    uri = (schema_dir() / COMMON).as_uri()
    return fastschema.Compiler({uri: template(COMMON)}).compile(f"{uri}#/$defs/id")


def _is_id(value: Any) -> TypeGuard[str]:
    return isinstance(value, str) and _id_check()(value)


@cache
def template(name: str) -> dict[str, Any]:
    """A schema file as it is on disk: its hand-written part is the structure that the lists fill."""
    loaded: dict[str, Any] = json.loads((schema_dir() / name).read_text(encoding="utf-8"))
    return loaded


@lru_cache(maxsize=8)
def schemas(ids: Ids) -> dict[str, dict[str, Any]]:
    """The generated schema files by name, their lists filled from ``ids``; shared: do not change them."""
    common, preset = copy.deepcopy(template(COMMON)), copy.deepcopy(template(PRESET))
    for definition, field, section in ID_LISTS:
        common["$defs"][definition] = _id_list(common["$defs"][definition], getattr(ids, field), section)
    for name, value in KEYED_BY_DATA_TYPE:
        preset["properties"][name] = _keyed(preset["properties"][name], ids.data_types, value)
    rule = preset["properties"]["acknowledged"]["items"]["properties"]["rule"]
    rule["$comment"] = (
        "The enum is generated from the catalogue rules' table by `connect-presets schemas`: the warnings an entry may accept."
    )
    rule["enum"] = list(_acknowledgeable())
    return {CATALOG: template(CATALOG), PRESET: preset, COMMON: common}


def _comment(what: str, section: str) -> str:
    return f"{what} generated from catalog.yaml's {section} by `connect-presets schemas`: add or rename them there, not here."


def _id_list(definition: dict[str, Any], ids: IdList, section: str) -> dict[str, Any]:
    kept = {key: value for key, value in definition.items() if key not in ("$comment", "type", "enum", "$ref")}
    listed: dict[str, Any] = {"enum": list(ids)} if ids is not None else {"$ref": "#/$defs/id"}
    return {**kept, "$comment": _comment("The enum is", section), "type": "string", **listed}


def _keyed(mapping: dict[str, Any], data_types: IdList, value: str) -> dict[str, Any]:
    generated = ("$comment", "additionalProperties", "propertyNames", "properties")
    kept = {key: item for key, item in mapping.items() if key not in generated}
    each = {"$ref": f"#/$defs/{value}"}
    keys: dict[str, Any] = (
        {"propertyNames": {"$ref": f"{COMMON}#/$defs/id"}, "additionalProperties": each}
        if data_types is None
        else {"additionalProperties": False, "properties": {data_type: each for data_type in data_types}}
    )
    return {**kept, "$comment": _comment("The keys are", "data_types"), **keys}


def _acknowledgeable() -> tuple[str, ...]:
    from .rules import RULES  # the rule table says which warnings an `acknowledged` entry may accept

    return tuple(rule.code for rule in RULES if rule.acknowledgeable)


def render(ids: Ids) -> dict[str, bytes]:
    """The generated schema files' bytes, as `connect-presets schemas` writes them."""
    return {name: dumps(schema) for name, schema in schemas(ids).items()}


def dumps(schema: dict[str, Any]) -> bytes:
    return (json.dumps(schema, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
