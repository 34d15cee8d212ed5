"""The reader schemas (generator/output/readers.py): the reader schema of one version accepts the export
of a later minor version, and refuses a major change, by two independent JSON Schema implementations.

Each case is a pair of catalogues made here: the bundled one (old) and a copy with one change (new),
both exported as `connect-presets export` does. The old export's reader schemas judge the new files.
"""

from __future__ import annotations

import itertools
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from jschon import JSON, JSONSchema, create_catalog
from jsonschema import Draft202012Validator

from generator import load_catalog
from generator.output.export import INDEX, INDEX_READER_SCHEMA, PRESET_READER_SCHEMA, render

from .conftest import BUNDLED

Export = dict[str, Any]
Change = Callable[[Path], None]
_names = itertools.count()


def exported(folder: Path | None = None) -> Export:
    return {path: json.loads(content) for path, content in render(load_catalog(folder)).items()}


@pytest.fixture(scope="module")
def old() -> Export:
    return exported()


def _edit(file: Path, old: str, new: str) -> None:
    text = file.read_text(encoding="utf-8")
    assert old in text, (file.name, old)
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def _minor_version(catalogue: Path) -> None:
    _edit(catalogue / "catalog.yaml", "version: 2.0.0", "version: 2.1.0")


# --- minor changes of the catalogue ---------------------------------------------------------------


def add_a_data_type_a_preset_imports(catalogue: Path) -> None:
    _edit(
        catalogue / "catalog.yaml",
        "  - id: activities\n    label: Activities\n",
        "  - id: activities\n    label: Activities\n  - id: invoices\n    label: Invoices\n",
    )
    for preset in (catalogue / "presets").glob("*.yaml"):
        state = "yes" if preset.stem == "crm" else "no"
        _edit(preset, "\nflows:\n", f"\nflows:\n  invoices: {{import: {state}, export: no}}\n")
    _edit(catalogue / "presets" / "crm.yaml", "first_import:\n", "first_import:\n  invoices: {period: P1Y}\n")


def add_a_kind_of_system_a_preset_serves(catalogue: Path) -> None:
    _edit(
        catalogue / "catalog.yaml",
        "  - id: analytics\n    label: Analytics system\n",
        "  - id: analytics\n    label: Analytics system\n  - id: helpdesk\n    label: Helpdesk system\n",
    )
    _edit(catalogue / "catalog.yaml", "      kinds: [crm]\n", "      kinds: [crm, helpdesk]\n")
    _edit(catalogue / "presets" / "crm.yaml", "kinds: [crm]", "kinds: [crm, helpdesk]")


def add_a_system_as_an_example(catalogue: Path) -> None:
    _edit(
        catalogue / "catalog.yaml",
        "  - id: mailpro\n",
        "  - id: other-crm\n    name: Other CRM\n    kind: crm\n  - id: mailpro\n",
    )
    _edit(catalogue / "presets" / "activities.yaml", "[spotler-leads, momice,", "[spotler-leads, other-crm, momice,")


def turn_a_flow_on(catalogue: Path) -> None:
    _edit(catalogue / "presets" / "crm.yaml", "orders: {import: no, export: no}", "orders: {import: no, export: yes}")


MINOR: dict[str, Change] = {
    "a data type a preset imports": add_a_data_type_a_preset_imports,
    "a kind of system a preset serves": add_a_kind_of_system_a_preset_serves,
    "a system, named as an example": add_a_system_as_an_example,
    "a flow turned from no to yes": turn_a_flow_on,
}


KEYED_BY_DATA_TYPE = ("flows", "first_import")
"""A key there is a data type (the case above), not a field."""


def _new_keys_everywhere(files: Export) -> Export:
    """What a later exporter may add: an optional key in every object of every document."""

    def add(node: Any, key: str = "") -> Any:
        if isinstance(node, dict):
            added = {name: add(value, name) for name, value in node.items()}
            return added if key in KEYED_BY_DATA_TYPE else {**added, f"added_{next(_names)}": "new"}
        if isinstance(node, list):
            return [add(value) for value in node]
        return node

    return {path: (document if path.startswith("schema/") else add(document)) for path, document in files.items()}


@pytest.fixture(scope="module")
def new_exports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Export]:
    """Each minor change's export (the catalogue also a minor version later), and one with new keys."""
    made = {}
    for name, change in MINOR.items():
        catalogue = tmp_path_factory.mktemp("catalogue") / "catalog"
        shutil.copytree(BUNDLED, catalogue)
        _minor_version(catalogue)
        change(catalogue)
        made[name] = exported(catalogue)
    all_at_once = tmp_path_factory.mktemp("catalogue") / "catalog"
    shutil.copytree(BUNDLED, all_at_once)
    _minor_version(all_at_once)
    for change in MINOR.values():
        change(all_at_once)
    made["all of them, and a new key in every object"] = _new_keys_everywhere(exported(all_at_once))
    return made


def readers(files: Export) -> tuple[Callable[[Any], bool], ...]:
    """For each implementation, a function: is this document valid against ``files``' reader schema?"""
    index, preset = files[INDEX_READER_SCHEMA], files[PRESET_READER_SCHEMA]
    catalog = f"readers-{next(_names)}"  # a jschon catalogue of its own: the old and new schemas share $ids
    create_catalog("2020-12", name=catalog)
    by_jschon = {INDEX: JSONSchema(index, catalog=catalog), "preset": JSONSchema(preset, catalog=catalog)}
    by_jsonschema = {INDEX: Draft202012Validator(index), "preset": Draft202012Validator(preset)}

    def pick(path: str) -> str:
        return INDEX if path == INDEX else "preset"

    def jschon_valid(item: tuple[str, Any]) -> bool:
        return bool(by_jschon[pick(item[0])].evaluate(JSON(item[1])).valid)

    def jsonschema_valid(item: tuple[str, Any]) -> bool:
        return bool(by_jsonschema[pick(item[0])].is_valid(item[1]))

    return jschon_valid, jsonschema_valid


def documents(files: Export) -> list[tuple[str, Any]]:
    return [(path, document) for path, document in files.items() if not path.startswith("schema/")]


def test_every_change_is_in_the_new_export(old: Export, new_exports: dict[str, Export]) -> None:
    """The pairs differ where they should: otherwise the compatibility below would prove nothing."""
    new = new_exports
    assert [d["id"] for d in new["a data type a preset imports"][INDEX]["data_types"]][-1] == "invoices"
    assert new["a data type a preset imports"]["presets/crm.json"]["flows"]["invoices"]["import"] == "yes"
    assert "helpdesk" in new["a kind of system a preset serves"]["presets/crm.json"]["kinds"]
    systems = new["a system, named as an example"]["presets/activities.json"]["example_systems"]
    assert "other-crm" in [s["id"] for s in systems]
    assert new["a flow turned from no to yes"]["presets/crm.json"]["flows"]["orders"]["export"] == "yes"
    assert old["presets/crm.json"]["flows"]["orders"]["export"] == "no"
    assert new["a flow turned from no to yes"][INDEX]["catalog_version"] == "2.1.0"


@pytest.mark.parametrize("change", [*MINOR, "all of them, and a new key in every object"])
def test_the_old_reader_schemas_accept_a_later_minor_export(
    old: Export, new_exports: dict[str, Export], change: str
) -> None:
    new = new_exports[change]
    for valid in readers(old):
        assert [path for path, document in documents(new) if not valid((path, document))] == [], valid.__name__


@pytest.mark.parametrize("change", MINOR)
def test_the_old_strict_schemas_refuse_what_the_reader_schemas_accept(
    old: Export, new_exports: dict[str, Export], change: str
) -> None:
    """The contrast that makes the reader schemas necessary: the strict ones list the data types and kinds."""
    strict = {INDEX: old["schema/index.schema.json"], "preset": old["schema/preset.schema.json"]}
    refused = [
        path
        for path, document in documents(new_exports[change])
        if not Draft202012Validator(strict[INDEX if path == INDEX else "preset"]).is_valid(document)
    ]
    if change in ("a flow turned from no to yes", "a system, named as an example"):
        assert refused == []  # data under the same vocabulary (systems are ids, not a list): strict takes it too
    else:
        assert refused != []


def _bump_format(files: Export) -> None:
    files[INDEX]["format_version"] = 3


def _drop_required_key(files: Export) -> None:
    for document in files.values():
        document.pop("page_inconsistencies", None)


def _a_new_state(files: Export) -> None:
    files["presets/crm.json"]["flows"]["orders"]["import"] = "partly"


def _a_data_type_removed(files: Export) -> None:
    del files["presets/crm.json"]["flows"]["stock"]


def _a_key_renamed(files: Export) -> None:
    flow = files["presets/crm.json"]["flows"]["activities"]
    flow["exceptions_by_system"] = flow.pop("exceptions")


def _a_value_of_another_shape(files: Export) -> None:
    files["presets/crm.json"]["first_import"]["contacts"]["period"] = "10 years"


MAJOR: dict[str, Callable[[Export], None]] = {
    "format_version raised": _bump_format,
    "a required key removed": _drop_required_key,
    "a new state": _a_new_state,
    "a data type removed from a preset's flows": _a_data_type_removed,
    "a key renamed": _a_key_renamed,
    "a period that is not ISO 8601": _a_value_of_another_shape,
}


@pytest.mark.parametrize("change", MAJOR)
def test_the_old_reader_schemas_refuse_a_major_change(old: Export, change: str) -> None:
    new = json.loads(json.dumps(old))
    MAJOR[change](new)
    for valid in readers(old):
        assert not all(valid(item) for item in documents(new)), (change, valid.__name__)


def test_the_old_reader_schemas_refuse_the_export_of_a_catalogue_without_one_of_its_data_types(
    old: Export, tmp_path: Path
) -> None:
    """A major change of the catalogue itself: every preset's flows lose a key the reader requires. (A flow
    turned off is major too, but a change of data the schema cannot see: `connect-presets diff` finds it.)"""
    catalogue = tmp_path / "catalog"
    shutil.copytree(BUNDLED, catalogue)
    _edit(catalogue / "catalog.yaml", "  - id: checkouts\n    label: Checkouts\n", "")
    for preset in (catalogue / "presets").glob("*.yaml"):
        text = preset.read_text(encoding="utf-8")
        preset.write_text(re.sub(r"(?m)^  checkouts: .*\n", "", text), encoding="utf-8")
    new = exported(catalogue)
    for valid in readers(old):
        refused = sorted(path for path, document in documents(new) if not valid((path, document)))
        assert refused == sorted(path for path in new if path.startswith("presets/")), valid.__name__


@pytest.mark.parametrize("path", [INDEX_READER_SCHEMA, PRESET_READER_SCHEMA])
def test_the_reader_schemas_are_valid_2020_12_and_named(old: Export, path: str) -> None:
    schema = old[path]
    Draft202012Validator.check_schema(schema)
    create_catalog("2020-12", name=f"metaschema-{path}")
    assert JSONSchema(schema, catalog=f"metaschema-{path}").validate().valid
    assert schema["$id"] == f"urn:connect-presets:v2:{old[INDEX]['catalog_version']}:{Path(path).name}"
    assert schema["title"] == ("Index" if path == INDEX_READER_SCHEMA else "Preset")
    assert all(definition["title"] for definition in schema["$defs"].values())


def _closed(node: Any) -> bool:
    if isinstance(node, dict):
        return node.get("additionalProperties") is False or any(_closed(value) for value in node.values())
    return isinstance(node, list) and any(_closed(value) for value in node)


def test_the_reader_schemas_keep_what_only_a_major_version_changes(old: Export) -> None:
    for path in (INDEX_READER_SCHEMA, PRESET_READER_SCHEMA):
        reader, strict = old[path], old[path.replace(".reader", "")]
        assert not _closed(reader)
        assert reader["properties"]["format_version"] == strict["properties"]["format_version"]
        assert reader["required"] == strict["required"]
        for name in ("state", "fixed-state", "strength"):
            assert reader["$defs"][name]["enum"] == strict["$defs"][name]["enum"]
        for name in ("kind-id", "data-type-id"):
            assert "enum" not in reader["$defs"][name]
            assert re.fullmatch(reader["$defs"][name]["pattern"], "a-new-id")
        for name, definition in strict["$defs"].items():
            assert reader["$defs"][name].get("required") == definition.get("required"), name
    flows = old[PRESET_READER_SCHEMA]["$defs"]["flows"]
    assert flows["additionalProperties"] == {"$ref": "#/$defs/flow"}
    assert list(flows["properties"]) == [d["id"] for d in old[INDEX]["data_types"]]


def test_the_reader_schemas_accept_the_export_they_come_with(old: Export) -> None:
    for valid in readers(old):
        assert [path for path, document in documents(old) if not valid((path, document))] == []
