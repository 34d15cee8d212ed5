"""The compiled schema check agrees with jsonschema on the keywords it compiles."""

from __future__ import annotations

from typing import Any

import pytest
from jsonschema import Draft202012Validator

from generator.fastschema import Compiler

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
