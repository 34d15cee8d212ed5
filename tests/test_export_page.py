"""The export says what the help page says, no more (issue 9), checked against the page transcribed by hand
(../shared/seed/onboarding-presets.txt, in tests/pagefacts.py), not against the catalogue, and validated with jsonschema and,
where installed, check-jsonschema.

Each assertion fails if the export says more or less than the page: a step marked as required or limited
to one system, a qualifier or 'several' where the page gives none, an order rule stronger or weaker than
the page's wording, a period presented as an import of data the preset does not import, a footnote the
page does not give."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from generator import load_catalog
from generator.output.export import render

from . import pagefacts as page

# --- the page, as tests/pagefacts.py transcribes it, in the export's ids ---------------------------

PRESET = page.PRESET_IDS
DATA_TYPE = page.DATA_TYPE_IDS
# "Order of connectors": (label as the page spells it, its qualifier, whether the label allows several).
PAGE_STEPS = [(step.label, step.qualifier, step.several) for step in page.STEPS]

# (preset, data type) of each first-import period the page gives for data the preset's table does not import.
PERIODS_OF_DATA_NOT_IMPORTED = {
    (PRESET[name], DATA_TYPE[label]) for name, labels in page.PERIODS_NOT_IMPORTED.items() for label in labels
}
# Where the page contradicts itself: those periods, and a preset's text against its table.
PAGE_INCONSISTENCIES = {PRESET[name]: at for name, at in page.contradicted_at().items()}
# Which cells carry a qualifier: (preset, data type, direction) -> the cell as the page writes it.
QUALIFIED_CELLS = {
    (PRESET[cell.preset], DATA_TYPE[cell.data_type], cell.direction): page.written(cell.text)
    for cell in page.all_cells()
    if page.state(cell.text) == page.CONDITIONAL
}
# The conditional cells with a footnote on the page ("When available*"; "Yes (when applicable)" has none).
FOOTNOTED_CELLS = {
    page.written(cell.text)
    for cell in page.all_cells()
    if page.state(cell.text) == page.CONDITIONAL and page.footnoted(cell.text)
}

# --- the export --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def exported() -> dict[str, Any]:
    return {path: json.loads(content) for path, content in render(load_catalog()).items()}


@pytest.fixture(scope="module")
def index(exported: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = exported["index.json"]
    return result


@pytest.fixture(scope="module")
def configs(exported: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        path.removeprefix("presets/").removesuffix(".json"): doc
        for path, doc in exported.items()
        if path.startswith("presets/")
    }


def test_the_format_is_version_2(exported: dict[str, Any]) -> None:
    documents = [doc for path, doc in exported.items() if not path.startswith("schema/")]
    assert {doc["format_version"] for doc in documents} == {2}
    for name in ("index.schema.json", "preset.schema.json"):
        assert exported[f"schema/{name}"]["properties"]["format_version"]["const"] == 2


def test_the_steps_are_the_pages_labels_qualifier_and_several(index: dict[str, Any]) -> None:
    steps = index["connection_order"]["steps"]
    assert [(s["step"], s["label"], s["qualifier"], s.get("several", False)) for s in steps] == [
        (number, label, qualifier, several) for number, (label, qualifier, several) in enumerate(PAGE_STEPS, 1)
    ]
    assert [s["id"] for s in steps] == [page.STEP_IDS[label] for label, _, _ in PAGE_STEPS]
    # 'several' is there only where the page's label allows several systems, and then only as true.
    assert [s["label"] for s in steps if "several" in s] == [label for label, _, several in PAGE_STEPS if several]
    assert all(s["several"] is True for s in steps if "several" in s)


def test_no_step_is_marked_required_or_limited_to_one(exported: dict[str, Any], index: dict[str, Any]) -> None:
    for step in index["connection_order"]["steps"]:
        assert set(step) <= {"step", "id", "label", "qualifier", "kinds", "presets", "several"}, step
    defs = exported["schema/index.schema.json"]["$defs"]
    assert defs["connection-order"]["properties"]["steps"]["items"] == {"$ref": "#/$defs/step"}
    step_schema = {"items": defs["step"]}
    assert set(step_schema["items"]["properties"]) == {
        "step",
        "id",
        "label",
        "qualifier",
        "kinds",
        "presets",
        "several",
    }
    assert not {"optional", "multiple", "required", "optional_label"} & set(step_schema["items"]["properties"])


def test_the_last_step_names_the_activities_and_analytics_presets(index: dict[str, Any]) -> None:
    steps = index["connection_order"]["steps"]
    assert [s["presets"] for s in steps] == [[PRESET[name] for name in step.presets] for step in page.STEPS]
    assert [s["kinds"] for s in steps] == [[page.KIND_IDS[kind] for kind in step.kinds] for step in page.STEPS]


def test_the_order_is_a_request_and_e_fulfilment_first_a_requirement(index: dict[str, Any]) -> None:
    order = index["connection_order"]
    assert (order["strength"], order["page_wording"]) == (
        page.STRENGTH_OF_WORDING[page.ORDER_WORDING],
        page.ORDER_WORDING,
    )
    first = order["first_step"]
    assert (first["step"], first["strength"], first["page_wording"]) == (
        page.STEP_IDS[page.STEPS[0].label],
        page.STRENGTH_OF_WORDING[page.FIRST_STEP_WORDING],
        page.FIRST_STEP_WORDING,
    )
    # "This system will become the default source of stock levels and product details."
    assert first["default_source_of"] == [DATA_TYPE[label] for label in page.DEFAULT_SOURCE_OF]


def test_kinds_have_a_label_only_and_activities_source_is_gone(index: dict[str, Any]) -> None:
    assert [k["id"] for k in index["system_kinds"]] == list(page.KIND_IDS.values())
    assert all(set(k) == {"id", "label"} for k in index["system_kinds"])
    assert {s["name"]: s["kind"] for s in index["systems"]} == {
        name: page.KIND_IDS[kind] for name, kind in page.SYSTEM_KINDS.items()
    }
    assert {s["name"]: s["id"] for s in index["systems"]} == page.SYSTEM_IDS


def test_first_import_periods_say_whether_the_data_is_imported(configs: dict[str, dict[str, Any]]) -> None:
    not_imported = {
        (preset, data_type)
        for preset, config in configs.items()
        for data_type, period in config["first_import"].items()
        if period["imported"] is False
    }
    assert not_imported == PERIODS_OF_DATA_NOT_IMPORTED
    for preset, config in configs.items():
        assert all(isinstance(p["imported"], bool) for p in config["first_import"].values()), preset


def test_page_inconsistencies_list_fulfilments_and_marketplaces_contradictions(
    configs: dict[str, dict[str, Any]],
) -> None:
    assert {
        p: {i["at"] for i in c["page_inconsistencies"]} for p, c in configs.items() if c["page_inconsistencies"]
    } == (PAGE_INCONSISTENCIES)
    for preset, config in configs.items():
        for entry in config["page_inconsistencies"]:
            assert set(entry) == {"at", "note"}
            assert entry["note"].strip(), (preset, entry)
    # Every period marked as not imported is explained as the page's own contradiction.
    for preset, data_type in PERIODS_OF_DATA_NOT_IMPORTED:
        assert f"first_import.{data_type}" in {i["at"] for i in configs[preset]["page_inconsistencies"]}
    # Each text against its table is explained as such, naming the data type (singular or plural).
    for name, label in page.TEXT_AGAINST_TABLE.items():
        entries = configs[PRESET[name]]["page_inconsistencies"]
        note = next(i["note"] for i in entries if i["at"] == f"flows.{DATA_TYPE[label]}")
        assert "table" in note and label.lower()[:-1] in note, (name, note)


def test_conditions_are_the_pages_cells_with_only_the_pages_footnote(configs: dict[str, dict[str, Any]]) -> None:
    found: dict[tuple[str, str, str], str] = {}
    for preset, config in configs.items():
        for data_type, flow in config["flows"].items():
            for direction in ("import", "export"):
                condition = flow.get(f"{direction}_condition")
                if condition is None:
                    continue
                assert set(condition) == {"id", "label", "cell", "footnote"}, condition
                found[(preset, data_type, direction)] = condition["cell"]
                if condition["cell"] in FOOTNOTED_CELLS:
                    assert isinstance(condition["footnote"], str) and condition["footnote"].strip()
                else:
                    assert condition["footnote"] is None, (preset, data_type, direction)
    assert found == QUALIFIED_CELLS
    for cell in page.all_cells():
        condition = configs[PRESET[cell.preset]]["flows"][DATA_TYPE[cell.data_type]].get(f"{cell.direction}_condition")
        if page.state(cell.text) == page.CONDITIONAL:
            assert condition["id"] == page.CONDITION_IDS[page.written(cell.text)], cell


def test_restrictions_advice_and_named_systems_are_the_pages(configs: dict[str, dict[str, Any]]) -> None:
    assert {p: c["available_only_for"] for p, c in configs.items()} == {
        PRESET[name]: words for name, words in page.AVAILABLE_ONLY_FOR.items()
    }
    assert {p for p, c in configs.items() if c["when_to_select"] is not None} == {PRESET[n] for n in page.ADVISED}
    assert {p: [s["name"] for s in c["example_systems"]] for p, c in configs.items() if c["example_systems"]} == {
        PRESET[name]: list(systems) for name, systems in page.NAMED_SYSTEMS.items()
    }


def test_only_fulfilment_may_be_the_only_source_of_stock(configs: dict[str, dict[str, Any]]) -> None:
    # "It allows the e-fulfilment system to be the only source of stock updates": an allowance of one preset,
    # not a rule about the kind.
    assert {p: c["may_be_only_source_of"] for p, c in configs.items() if c["may_be_only_source_of"]} == {
        PRESET[name]: [DATA_TYPE[label] for label in labels] for name, labels in page.MAY_BE_ONLY_SOURCE_OF.items()
    }


def test_the_activities_preset_is_for_crm_systems(configs: dict[str, dict[str, Any]]) -> None:
    assert {p: c["kinds"] for p, c in configs.items()} == {
        PRESET[name]: [page.KIND_IDS[kind] for kind in kinds] for name, kinds in page.KINDS.items()
    }


# --- a real validator --------------------------------------------------------------------------


def _validator(exported: dict[str, Any], name: str) -> Draft202012Validator:
    schema = exported[f"schema/{name}"]
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def test_every_exported_file_is_valid_for_jsonschema(exported: dict[str, Any]) -> None:
    for path, document in exported.items():
        if path.startswith("schema/"):
            continue
        validator = _validator(exported, "index.schema.json" if path == "index.json" else "preset.schema.json")
        assert [e.message for e in validator.iter_errors(document)] == [], path


@pytest.mark.parametrize(
    ("mutation", "why"),
    [
        (lambda i: i["connection_order"]["steps"][1].update({"optional": False}), "a step marked as not optional"),
        (lambda i: i["connection_order"]["steps"][2].update({"multiple": False}), "a step limited to one system"),
        (lambda i: i["connection_order"]["steps"][2].update({"several": False}), "several: false"),
        (lambda i: i["connection_order"].update({"strength": "required"}), "a strength the page does not use"),
        (lambda i: i["connection_order"]["first_step"].pop("strength"), "the first step without its strength"),
        (lambda i: i["system_kinds"][0].update({"sole_source_of": ["stock"]}), "the removed sole_source_of"),
        (lambda i: i["system_kinds"][0].update({"description": "Warehouse software."}), "a kind's description"),
        (lambda i: i.update({"format_version": 1}), "format version 1"),
        (
            lambda i: i["connection_order"]["page_inconsistencies"].append({"at": "strength"}),
            "an inconsistency of the order without its note",
        ),
    ],
)
def test_the_exported_index_schema_rejects_what_the_page_does_not_say(
    exported: dict[str, Any], mutation: Any, why: str
) -> None:
    document = json.loads(json.dumps(exported["index.json"]))
    mutation(document)
    assert not _validator(exported, "index.schema.json").is_valid(document), why


@pytest.mark.parametrize(
    ("mutation", "why"),
    [
        (lambda c: c["first_import"]["contacts"].update({"imported": "no"}), "imported that is not a boolean"),
        (lambda c: c["page_inconsistencies"].append({"at": "flows.contacts"}), "an inconsistency without its note"),
        (lambda c: c.update({"may_be_only_source_of": ["stocks"]}), "an unknown data type as the only source"),
        (
            lambda c: c["flows"]["activities"]["import_condition"].pop("footnote"),
            "a condition without its footnote key (null where the page gives none)",
        ),
    ],
)
def test_the_exported_preset_schema_rejects_a_broken_config(exported: dict[str, Any], mutation: Any, why: str) -> None:
    document = json.loads(json.dumps(exported["presets/marketing-automation.json"]))
    mutation(document)
    assert not _validator(exported, "preset.schema.json").is_valid(document), why


def test_check_jsonschema_accepts_the_written_export(tmp_path: Path) -> None:
    tool = shutil.which("check-jsonschema")
    if tool is None:
        pytest.skip("check-jsonschema is not installed")
    out = tmp_path / "configs"
    for path, content in render(load_catalog()).items():
        (out / path).parent.mkdir(parents=True, exist_ok=True)
        (out / path).write_bytes(content)
    presets = sorted(str(p) for p in (out / "presets").glob("*.json"))
    for schema, files in (("index.schema.json", [str(out / "index.json")]), ("preset.schema.json", presets)):
        run = subprocess.run(
            [tool, "--schemafile", str(out / "schema" / schema), *files], capture_output=True, text=True, timeout=60
        )
        assert run.returncode == 0, run.stdout + run.stderr
    # And it refuses what the page does not say: a step marked as required.
    index = json.loads((out / "index.json").read_text(encoding="utf-8"))
    index["connection_order"]["steps"][1]["optional"] = False
    broken = tmp_path / "broken-index.json"
    broken.write_text(json.dumps(index), encoding="utf-8")
    run = subprocess.run(
        [tool, "--schemafile", str(out / "schema" / "index.schema.json"), str(broken)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 1 and "'optional' was unexpected" in run.stdout, run.stdout + run.stderr


def test_the_pages_contradiction_on_how_firmly_the_order_is_put_is_exported(index: dict[str, Any]) -> None:
    # The introduction: "the order in which they need to be connected"; the list: "please keep to".
    order = index["connection_order"]
    assert order["strength"] == page.STRENGTH_OF_WORDING[page.ORDER_WORDING]
    [entry] = order["page_inconsistencies"]
    assert [entry["at"]] == list(page.ORDER_CONTRADICTIONS)
    assert "need to be connected" in entry["note"] and "keep to" in entry["note"]
