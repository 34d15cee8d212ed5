"""The catalogue schemas themselves: valid 2020-12, strict, and self-explaining in an editor."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from .conftest import BUNDLED, REPO

SCHEMAS = sorted((REPO / "schema").glob("*.schema.json"))


def _load(path: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


def _properties(node: Any, where: str = "$") -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(node, dict):
        for name, sub in node.get("properties", {}).items():
            yield f"{where}.{name}", sub
        for key, value in node.items():
            yield from _properties(value, f"{where}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _properties(value, f"{where}[{i}]")


def _explained(prop: dict[str, Any], defs: dict[str, Any]) -> bool:
    if "description" in prop:
        return True
    ref = prop.get("$ref", "")
    target = defs.get(ref.rsplit("/", 1)[-1], {}) if "#/$defs/" in ref else {}
    return "description" in target or ("items" in prop and _explained(prop["items"], defs))


@pytest.mark.parametrize("path", SCHEMAS, ids=[p.name for p in SCHEMAS])
def test_schema_is_valid_draft_2020_12(path: Path) -> None:
    schema = _load(path)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


# Maps whose keys are ids of the catalogue in use, which a schema cannot list (a catalogue may have
# other data types than the bundled one): the planner checks each key (unknown-data-type).
CATALOGUE_KEYED_MAPS = {("setup.schema.json", "$/properties/systems/items/properties/wants")}


@pytest.mark.parametrize("path", SCHEMAS, ids=[p.name for p in SCHEMAS])
def test_every_property_is_explained_and_every_object_is_closed(path: Path) -> None:
    schema = _load(path)
    defs = {**_load(REPO / "schema" / "catalog-common.schema.json")["$defs"], **schema.get("$defs", {})}
    unexplained = [where for where, prop in _properties(schema) if not _explained(prop, defs) and "/if" not in where]
    assert unexplained == []

    def open_objects(node: Any, where: str = "$") -> Iterator[str]:
        if isinstance(node, dict):
            if node.get("type") == "object" and node.get("additionalProperties") is not False:
                if (path.name, where) not in CATALOGUE_KEYED_MAPS:
                    yield where
            for key, value in node.items():
                yield from open_objects(value, f"{where}/{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                yield from open_objects(value, f"{where}[{i}]")

    assert list(open_objects(schema)) == []


def test_each_catalogue_file_names_its_schema_for_editors() -> None:
    for file in [BUNDLED / "catalog.yaml", *sorted((BUNDLED / "presets").glob("*.yaml"))]:
        first = file.read_text(encoding="utf-8").splitlines()[0]
        expected = "catalog.schema.json" if file.name == "catalog.yaml" else "catalog-preset.schema.json"
        assert first.startswith("# yaml-language-server: $schema="), file
        target = (file.parent / first.split("$schema=", 1)[1]).resolve()
        assert target == (REPO / "schema" / expected).resolve(), file


def test_the_schemas_say_no_more_than_the_page() -> None:
    # Issue 9: what the page does not say, the schemas neither define nor explain.
    catalog = _load(REPO / "schema" / "catalog.schema.json")
    preset = _load(REPO / "schema" / "catalog-preset.schema.json")
    kind = catalog["properties"]["system_kinds"]["items"]
    assert set(kind["properties"]) == {"id", "label"}
    condition = catalog["properties"]["conditions"]["items"]
    assert set(condition["properties"]) == {"id", "label", "cell", "footnote"}
    assert condition["required"] == ["id", "label", "cell"]  # a footnote only where the page gives one
    step = catalog["properties"]["connection_order"]["properties"]["steps"]["items"]
    assert set(step["properties"]) == {"id", "label", "qualifier", "several", "kinds", "presets"}
    assert step["properties"]["several"]["const"] is True  # 'several: false' would limit a step to one
    assert step["anyOf"] == [{"required": ["kinds"]}, {"required": ["presets"]}]
    common = _load(REPO / "schema" / "catalog-common.schema.json")["$defs"]
    assert common["strength"]["enum"] == ["request", "essential"]
    assert "activities-source" not in common["kind-id"]["enum"]
    assert "when_to_select" not in preset["required"]
    assert "rule" not in preset["properties"]["acknowledged"]["items"]["required"]
    # "(when possible)" is all the page says: not that the period is then a maximum.
    when_possible = preset["$defs"]["first_import"]["properties"]["when_possible"]["description"]
    assert "(when possible)" in when_possible and "maximum" not in when_possible
