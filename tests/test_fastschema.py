"""The compiled schema check agrees with jsonschema on the keywords it compiles, and a file's
problems are the same whichever checks it (``CONNECT_PRESETS_REFERENCE=1`` runs jsonschema alone)."""

from __future__ import annotations

from typing import Any

import pytest
from jsonschema import Draft202012Validator

from generator import fastpaths
from generator.catalogue import schemacheck
from generator.catalogue.fastschema import Compiler
from generator.catalogue.yamlread import read_yaml

from .conftest import BUNDLED

URI = "https://connect-presets.invalid/test.schema.json"
SCHEMA = {
    "type": "object",
    "propertyNames": {"type": "string", "pattern": "^[a-z]+$", "maxLength": 5},
    "minProperties": 1,
    "maxProperties": 3,
    "additionalProperties": {"enum": ["import", "export"]},
}
INSTANCES: list[Any] = [
    {},
    {"a": "import"},
    {"a": "import", "b": "export", "c": "import"},
    {"a": "import", "b": "export", "c": "import", "d": "export"},
    {"Bad": "import"},
    {"toolong": "import"},
    {"a": "both"},
    [],
    "text",
]


@pytest.mark.parametrize("instance", INSTANCES, ids=[repr(i) for i in INSTANCES])
def test_property_names_and_counts_as_jsonschema_reads_them(instance: Any) -> None:
    fast = Compiler({URI: SCHEMA}).compile(URI)
    assert fast(instance) == Draft202012Validator(SCHEMA).is_valid(instance)


# anyOf, as the catalogue's steps (kinds or presets) and the export's nullable fields use it.
ANY_OF_SCHEMA = {
    "type": "object",
    "properties": {
        "kinds": {"type": "array", "minItems": 1},
        "presets": {"type": "array", "minItems": 1},
        "qualifier": {"anyOf": [{"type": "string", "minLength": 1}, {"type": "null"}]},
        "several": {"const": True},
    },
    "additionalProperties": False,
    "anyOf": [{"required": ["kinds"]}, {"required": ["presets"]}],
}
ANY_OF_INSTANCES: list[Any] = [
    {"kinds": ["crm"]},
    {"presets": ["activities"]},
    {"kinds": ["crm"], "presets": ["activities"]},
    {},
    {"qualifier": "if applicable"},
    {"kinds": [], "presets": ["analytics"]},
    {"kinds": ["crm"], "qualifier": None},
    {"kinds": ["crm"], "qualifier": ""},
    {"kinds": ["crm"], "qualifier": 1},
    {"kinds": ["crm"], "several": True},
    {"kinds": ["crm"], "several": False},
    {"kinds": ["crm"], "several": 1},
]


@pytest.mark.parametrize("instance", ANY_OF_INSTANCES, ids=[repr(i) for i in ANY_OF_INSTANCES])
def test_any_of_as_jsonschema_reads_it(instance: Any) -> None:
    fast = Compiler({URI: ANY_OF_SCHEMA}).compile(URI)
    assert fast(instance) == Draft202012Validator(ANY_OF_SCHEMA).is_valid(instance)


STEP_CHANGES: list[tuple[str, Any]] = [
    ("kinds", None),  # neither kinds nor presets on the CRM step
    ("several", False),
    ("several", True),
    ("qualifier", "if applicable"),
    ("presets", ["activities"]),
    ("optional", True),
]


@pytest.mark.parametrize(("key", "value"), STEP_CHANGES, ids=[f"{k}={v!r}" for k, v in STEP_CHANGES])
def test_the_fast_check_agrees_with_jsonschema_on_changed_steps(
    key: str, value: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    document = read_yaml("catalog.yaml", (BUNDLED / "catalog.yaml").read_bytes())[0]
    data = document.data
    step = next(s for s in data["connection_order"]["steps"] if s["id"] == "crm")
    if value is None:
        del step[key]
    else:
        step[key] = value
    expected = schemacheck.validator(schemacheck.CATALOG_SCHEMA).is_valid(data)
    assert schemacheck.fast_check(schemacheck.CATALOG_SCHEMA)(data) == expected
    assert expected == (key in ("several", "qualifier", "presets") and value is not False)
    monkeypatch.delenv(fastpaths.VARIABLE, raising=False)
    fast = schemacheck.check(document, schemacheck.CATALOG_SCHEMA)
    monkeypatch.setenv(fastpaths.VARIABLE, "1")
    assert schemacheck.check(document, schemacheck.CATALOG_SCHEMA) == fast
    assert bool(fast) is not expected
