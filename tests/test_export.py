"""The exported configs: equal to the catalogue, valid against their own schemas
(checked by a second JSON Schema implementation), deterministic and atomic."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

import pytest
from jschon import JSON, JSONSchema, create_catalog

from generator import load_catalog
from generator.catalogue.model import Catalog
from generator.output import write
from generator.output.export import dumps, render
from generator.output.write import read_tree

from .conftest import BUNDLED, REPO, CliRunner


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture(scope="module")
def exported(catalog: Catalog) -> dict[str, Any]:
    return {path: json.loads(content) for path, content in render(catalog).items()}


@pytest.fixture(scope="module")
def jschon_schemas(exported: dict[str, Any]) -> dict[str, JSONSchema]:
    # jschon is independent of the jsonschema package the generator validates with; each schema is
    # known by its own $id (urn:connect-presets:v<format>:<catalogue version>:<file>).
    create_catalog("2020-12")
    return {
        path.removeprefix("schema/"): JSONSchema(doc) for path, doc in exported.items() if path.startswith("schema/")
    }


def test_every_schema_has_its_id_and_its_title(catalog: Catalog, exported: dict[str, Any]) -> None:
    for path, document in exported.items():
        if path.startswith("schema/"):
            name = path.removeprefix("schema/")
            assert document["$id"] == f"urn:connect-presets:v2:{catalog.version}:{name}", path
            assert document["title"] == ("Index" if name.startswith("index.") else "Preset"), path
            assert all(definition.get("title") for definition in document["$defs"].values()), path


def test_the_export_has_an_index_a_config_per_preset_and_a_strict_and_a_reader_schema_of_each(
    catalog: Catalog, exported: dict[str, Any]
) -> None:
    schemas = {f"schema/{name}.{role}.json" for name in ("index", "preset") for role in ("schema", "reader.schema")}
    expected = {"index.json", *schemas} | {f"presets/{p.id}.json" for p in catalog.presets}
    assert set(exported) == expected
    index = exported["index.json"]
    assert [(p["id"], p["name"], p["config"]) for p in index["presets"]] == [
        (p.id, p.name, f"presets/{p.id}.json") for p in catalog.presets
    ]
    assert index["catalog_version"] == catalog.version
    assert [d["id"] for d in index["data_types"]] == [d.id for d in catalog.data_types]
    assert [(s["step"], s["kinds"]) for s in index["connection_order"]["steps"]] == [
        (s.number, [k.id for k in s.kinds]) for s in catalog.connection_order.steps
    ]


def test_every_preset_config_equals_the_catalogue(catalog: Catalog, exported: dict[str, Any]) -> None:
    for preset in catalog.presets:
        config = exported[f"presets/{preset.id}.json"]
        assert (config["id"], config["name"]) == (preset.id, preset.name)
        assert config["kinds"] == [k.id for k in preset.kinds]
        assert list(config["flows"]) == [d.id for d in catalog.data_types]
        for flow in preset.flows:
            exported_flow = config["flows"][flow.data_type.id]
            for direction, side in (("import", flow.imports), ("export", flow.exports)):
                assert exported_flow[direction] == side.state
                condition = exported_flow.get(f"{direction}_condition")
                assert (condition["id"] if condition else None) == (side.condition.id if side.condition else None)
            assert [(e["system"], e["import"], e["export"]) for e in exported_flow["exceptions"]] == [
                (e.system.id, e.imports, e.exports) for e in flow.exceptions
            ]
        # imported: whether the preset's table imports the data at all (a period for data it does not import
        # is the page's own contradiction, kept and marked).
        assert config["first_import"] == {
            lb.data_type.id: {
                "period": lb.period,
                "when_possible": lb.when_possible,
                "imported": preset.flow(lb.data_type.id).imports.state in ("yes", "conditional"),
            }
            for lb in preset.first_import
        }
        # The catalogue's listing order is kept, not sorted.
        assert list(config["first_import"]) == [lb.data_type.id for lb in preset.first_import]


def test_the_index_pins_every_other_file_by_the_sha256_of_its_bytes(catalog: Catalog) -> None:
    files = render(catalog)
    index = json.loads(files["index.json"])
    pins = {e["config"]: e["sha256"] for e in index["presets"]} | {s["path"]: s["sha256"] for s in index["schemas"]}
    assert set(pins) == set(files) - {"index.json"}  # every file but the index itself
    assert {path: hashlib.sha256(files[path]).hexdigest() for path in pins} == pins
    assert [(s["path"], s["role"]) for s in index["schemas"]] == [
        ("schema/index.reader.schema.json", "reader"),
        ("schema/index.schema.json", "strict"),
        ("schema/preset.reader.schema.json", "reader"),
        ("schema/preset.schema.json", "strict"),
    ]


def test_exports_validate_against_the_exported_schemas_with_jschon(
    exported: dict[str, Any], jschon_schemas: dict[str, JSONSchema]
) -> None:
    for path, document in exported.items():
        if path.startswith("schema/"):
            assert jschon_schemas[path.removeprefix("schema/")].validate().valid, path
            continue
        for role in ("schema", "reader.schema"):  # what the strict schema accepts, the reader's does
            schema = jschon_schemas[f"{'index' if path == 'index.json' else 'preset'}.{role}.json"]
            result = schema.evaluate(JSON(document))
            assert result.valid, (path, role, result.output("basic"))


@pytest.mark.parametrize(
    ("mutation", "why"),
    [
        (lambda c: c["flows"]["orders"].update({"import": "maybe"}), "a state outside yes/no/conditional"),
        (lambda c: c["flows"].pop("stock"), "a data type missing"),
        (lambda c: c["flows"]["orders"].update({"import": "conditional"}), "conditional without its condition"),
        (lambda c: c["first_import"]["contacts"].update({"period": "10 years"}), "a period that is not ISO 8601"),
        (lambda c: c.update({"extra": 1}), "an unknown key"),
        (lambda c: c.update({"format_version": 1}), "another format version"),
        (lambda c: c["first_import"]["contacts"].pop("imported"), "a period without imported"),
        (lambda c: c.pop("page_inconsistencies"), "no page_inconsistencies"),
        (lambda c: c.update({"available_only_for": ["CRM systems"]}), "available_only_for as a list"),
        (
            lambda c: c["flows"]["activities"].update(
                {
                    "import": "conditional",
                    "import_condition": {"id": "when-applicable", "label": "when applicable", "description": "x"},
                }
            ),
            "a condition with the removed description",
        ),
    ],
)
def test_the_exported_schema_rejects_a_broken_config(
    exported: dict[str, Any], jschon_schemas: dict[str, JSONSchema], mutation: Any, why: str
) -> None:
    config = json.loads(json.dumps(exported["presets/crm.json"]))
    mutation(config)
    assert not jschon_schemas["preset.schema.json"].evaluate(JSON(config)).valid, why


def test_exported_schemas_take_their_definitions_from_the_catalogue_schema(exported: dict[str, Any]) -> None:
    common = json.loads((REPO / "schema" / "catalog-common.schema.json").read_text())["$defs"]
    for name in ("index.schema.json", "preset.schema.json"):
        defs = exported[f"schema/{name}"]["$defs"]
        for shared in ("state", "duration", "id", "version"):
            # Their titles are names for code (State, not the editors' 'state'): the rest is the catalogue's.
            assert {**defs[shared], "title": common[shared]["title"]} == common[shared]


def test_files_are_stable_json_with_two_space_indent_and_a_final_newline(catalog: Catalog) -> None:
    first, second = render(catalog), render(load_catalog())
    assert first == second
    for path, content in first.items():
        text = content.decode("utf-8")
        assert text.endswith("}\n") and not text.endswith("\n\n"), path
        # The standard library's formatting, to the byte, whoever writes it.
        assert text == json.dumps(json.loads(text), indent=2, ensure_ascii=False) + "\n", path


@pytest.mark.parametrize(
    "value",
    ["plain", "ümlaut and emoji 🚀", 'quote " and backslash \\', "control \u0001 and \u2028", "", "</script>"],
)
def test_the_serialisation_matches_the_standard_library_for_any_text(value: str) -> None:
    document = {"text": value, "list": [value, 1, True, None, [], {}], "nested": {"k": value}}
    assert dumps(document) == (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def test_export_command_writes_the_configs(cli: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "configs"
    run = cli("export", "--out", out)
    assert run.code == 0, run.err
    assert read_tree(out) == render(load_catalog())


def test_two_runs_give_byte_identical_folders_and_the_second_writes_nothing(cli: CliRunner, tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    assert cli("export", "--out", a).code == 0
    assert cli("export", "--out", b).code == 0
    assert read_tree(a) == read_tree(b)
    before = {p: p.stat().st_mtime_ns for p in a.rglob("*.json")}
    run = cli("export", "--out", a)
    assert run.code == 0 and "up to date" in run.out
    assert {p: p.stat().st_mtime_ns for p in a.rglob("*.json")} == before


def test_a_changed_preset_rewrites_only_its_own_config_and_its_digest(
    cli: CliRunner, catalog_copy: Path, tmp_path: Path
) -> None:
    out = tmp_path / "configs"
    assert cli("export", "--source", catalog_copy, "--out", out).code == 0
    before = {p.relative_to(out).as_posix(): p.stat().st_mtime_ns for p in out.rglob("*.json")}
    index_before = json.loads((out / "index.json").read_text())
    crm = catalog_copy / "presets" / "crm.yaml"
    crm.write_text(crm.read_text().replace("orders: {import: no, export: no}", "orders: {import: no, export: yes}"))
    os.utime(out / "index.json", ns=(1, 1))  # make any rewrite visible even within one clock tick
    before["index.json"] = 1
    run = cli("export", "--source", catalog_copy, "--out", out)
    assert run.code == 0 and "wrote 2 changed file" in run.out
    after = {p.relative_to(out).as_posix(): p.stat().st_mtime_ns for p in out.rglob("*.json")}
    assert {p for p in after if after[p] != before[p]} == {"presets/crm.json", "index.json"}
    assert json.loads((out / "presets/crm.json").read_text())["flows"]["orders"]["export"] == "yes"
    # The index changed in one place: the digest of the config that changed.
    index = json.loads((out / "index.json").read_text())
    changed = [e["id"] for e, old in zip(index["presets"], index_before["presets"], strict=True) if e != old]
    assert changed == ["crm"]
    assert (
        index["presets"][[e["id"] for e in index["presets"]].index("crm")]["sha256"]
        == hashlib.sha256((out / "presets/crm.json").read_bytes()).hexdigest()
    )
    for e in index["presets"]:
        e.pop("sha256")
    for e in index_before["presets"]:
        e.pop("sha256")
    assert index == index_before


def test_an_invalid_catalogue_leaves_the_previous_export_untouched(
    cli: CliRunner, catalog_copy: Path, tmp_path: Path
) -> None:
    out = tmp_path / "configs"
    assert cli("export", "--source", catalog_copy, "--out", out).code == 0
    before = read_tree(out)
    (catalog_copy / "presets" / "crm.yaml").write_text("id: crm\nname: [\n")
    run = cli("export", "--source", catalog_copy, "--out", out)
    assert run.code == 1
    assert "catalog/presets/crm.yaml:2:8: $: error: YAML syntax" in run.err
    assert "nothing written" in run.err
    assert read_tree(out) == before


def test_a_failure_while_writing_leaves_the_previous_export_and_no_debris(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "configs"
    assert cli("export", "--out", out).code == 0
    (out / "index.json").write_bytes(b'{"old": true}\n')  # so that the next run has something to write
    before = read_tree(out)

    def disk_full(folder: Path) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(write, "_flush_to_disk", disk_full)  # fails after staging, before the swap
    run = cli("export", "--out", out)
    assert run.code == 4 and "No space left on device" in run.err  # the disk refused: exit 4
    assert read_tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(".lock")) == ["configs"]


def test_a_folder_of_other_files_is_never_replaced(cli: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    run = cli("export", "--out", tmp_path)
    assert run.code == 2
    assert "holds files that were not generated here" in run.err
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_bundled_catalogue_is_the_default_source() -> None:
    assert load_catalog().source.resolve() == BUNDLED.resolve()
