"""The planner checks a setup against the catalogue it is given, not against the bundled one's
vocabulary: a data type or a kind the catalogue lacks is a located error, a kind without a step is a
located warning, and nothing is dropped from the plan silently."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator import load_catalog
from generator.catalogue.model import Catalog
from generator.planning import Plan, Setup, SetupSystem, plan, read_setup

from .conftest import CliRunner
from .places import place

HANG_GUARD = 60  # seconds: a generous bound that only stops a run that hangs


def codes(result: Plan) -> list[tuple[str, int, int, str, str]]:
    return [(p.json_path, p.line, p.column, p.severity.value, p.code) for p in result.problems]


def without_checkouts(catalog: Path) -> Catalog:
    """The catalogue copy edited to lack the data type 'checkouts'."""
    index = catalog / "catalog.yaml"
    index.write_text(index.read_text().replace("  - id: checkouts\n    label: Checkouts\n", ""))
    for preset in (catalog / "presets").glob("*.yaml"):
        preset.write_text(re.sub(r"(?m)^  checkouts: .*\n", "", preset.read_text()))
    return load_catalog(catalog)


def write_setup(tmp_path: Path, text: str) -> Path:
    setup = tmp_path / "setup.yaml"
    setup.write_text(text)
    return setup


def test_a_wanted_data_type_the_catalogue_lacks_is_a_located_error(catalog_copy: Path, tmp_path: Path) -> None:
    catalog = without_checkouts(catalog_copy)
    others = [d.id for d in load_catalog().data_types if d.id != "checkouts"]
    assert [d.id for d in catalog.data_types] == others  # only 'checkouts' is gone
    setup, problems = read_setup(
        write_setup(
            tmp_path,
            "systems:\n"
            "  - name: Mailing\n    kind: marketing-automation\n    preset: marketing-automation\n"
            "  - name: Shop\n    kind: sales-channel\n    preset: e-commerce-with-marketing-automation\n"
            "    wants: {checkouts: import, orderz: export, stock: both}\n",
        ),
        "setup.yaml",
    )
    assert setup is not None, problems
    result = plan(setup, catalog)
    assert codes(result) == [
        ("$.systems[1].wants.checkouts", 8, 13, "error", "unknown-data-type"),
        ("$.systems[1].wants.orderz", 8, 32, "error", "unknown-data-type"),
        ("$.systems[1].wants.stock", 8, 55, "warning", "unserved-want"),
        ("$.systems[1].wants.stock", 8, 55, "warning", "unserved-want"),
    ]
    assert [p.message for p in result.problems] == [
        f"'checkouts' is not a known data type; write one of: {', '.join(others)}",
        "'orderz' is not a known data type; did you mean 'orders'?",
        "the E-commerce with marketing automation preset does not import stock from it into Connect. "
        "Other presets for this kind of system: E-commerce with e-fulfilment.",
        "the E-commerce with marketing automation preset does not export stock from Connect to it. "
        "Other presets for this kind of system: E-commerce with e-fulfilment.",
    ]
    # The rest of the plan is made: the known wants are checked, both systems are in the checklist.
    assert [i.system.name for i in result.checklist] == ["Mailing", "Shop"]
    assert [r.data_type.id for r in result.routing] == [d.id for d in catalog.data_types]


def test_a_kind_the_catalogue_lacks_is_a_located_error(cli: CliRunner, tmp_path: Path) -> None:
    setup = write_setup(
        tmp_path,
        "systems:\n  - name: Shop\n    kind: webshop\n    preset: marketplace\n"
        "  - name: Mail\n    kind: marketing-automaton\n    preset: marketing-automation\n",
    )
    run = cli("plan", setup, "--format", "json")
    assert run.code == 1
    kinds = ", ".join(k.id for k in load_catalog().system_kinds)
    problems = json.loads(run.out)["problems"]
    assert [(p["path"], p["line"], p["column"], p["code"], p["message"]) for p in problems] == [
        (
            "$.systems[0].kind",
            3,
            11,
            "unknown-kind",
            f"'webshop' is not a known kind of system; write one of: {kinds}",
        ),
        (
            "$.systems[1].kind",
            6,
            11,
            "unknown-kind",
            "'marketing-automaton' is not a known kind of system; did you mean 'marketing-automation'?",
        ),
    ]
    assert json.loads(run.out)["checklist"] == []


def test_a_kind_without_a_step_is_a_warning_that_it_is_left_out_of_the_checklist(
    catalog_copy: Path, cli: CliRunner, tmp_path: Path
) -> None:
    index = catalog_copy / "catalog.yaml"
    index.write_text(index.read_text().replace("presets: [activities, analytics]", "presets: [activities]"))
    setup = write_setup(
        tmp_path,
        "systems:\n  - {name: Mailing, kind: marketing-automation, preset: marketing-automation}\n"
        "  - {name: Stats, kind: analytics, preset: analytics}\n",
    )
    run = cli("plan", setup, "--source", "catalog", "--format", "json")
    assert run.code == 0
    steps = place(catalog_copy, "catalog.yaml", "$.connection_order.steps")
    # The catalogue's own warning on stderr, the setup's in the plan.
    assert run.err == (
        f"{steps}: $.connection_order.steps: warning: kind 'analytics' with the preset 'analytics' has no "
        "step in the connection order; add the kind to a step's kinds, or its presets to a step's presets "
        "[kind-without-step]\n"
    )
    data = json.loads(run.out)
    assert data["problems"] == [
        {
            "line": 3,
            "column": 25,
            "path": "$.systems[1].kind",
            "message": "'Stats' is left out of the checklist: the catalogue's connection order has no step for "
            "its kind (Analytics system) or its preset (Analytics); add one of them to a step of the connection "
            "order to place it",
            "code": "no-step",
            "severity": "warning",
        }
    ]
    assert [item["system"] for item in data["checklist"]] == ["Mailing"]
    # Its flows are still routed, after the systems that have a step.
    contacts = next(r for r in data["routing"] if r["data_type"] == "contacts")
    assert [e["system"] for e in contacts["into_connect"]] == ["Mailing", "Stats"]


def test_the_checklist_misses_no_system_without_saying_why() -> None:
    catalog = load_catalog()
    systems = (
        SetupSystem("Warehouse", "e-fulfilment-system", "fulfilment"),
        SetupSystem("Shop", "webshop", "marketplace"),
        SetupSystem("CRM", "crm", "crn"),
        SetupSystem("Leads", "activities-source", "activities"),
    )
    result = plan(Setup(systems), catalog)
    listed = {item.system.name for item in result.checklist}
    explained = {systems[int(p.path[1])].name for p in result.problems}
    assert listed == {"Warehouse"}
    assert {s.name for s in systems} - listed <= explained == {"Shop", "CRM", "Leads"}


def test_a_setup_of_forty_thousand_systems_is_planned_without_hanging() -> None:
    # 66,000 systems took 425 s when the order rule compared every system with every earlier one;
    # this only stops a run that has gone quadratic again (the times are in bench/plan.py).
    code = (
        "from generator import load_catalog\n"
        "from generator.planning import Setup, SetupSystem, plan\n"
        "systems = [SetupSystem('Warehouse', 'e-fulfilment-system', 'fulfilment', connected=True)]\n"
        "systems += [SetupSystem(f'Shop {n}', 'sales-channel', 'e-commerce-with-e-fulfilment') for n in range(20000)]\n"
        "systems += [SetupSystem(f'Mail {n}', 'marketing-automation', 'marketing-automation') for n in range(20000)]\n"
        "result = plan(Setup(tuple(systems)), load_catalog())\n"
        "print(len(result.checklist), len(result.problems), result.problems[0].code)\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=HANG_GUARD, check=False)
    assert (run.returncode, run.stderr) == (0, "")
    # Every marketing automation system is listed after the shops: each is told to move up.
    assert run.stdout == "40001 20000 order\n"


@pytest.mark.parametrize("name", ["Webshop", "crm-2"])
def test_an_id_shaped_kind_is_checked_by_the_planner_not_the_schema(name: str, tmp_path: Path) -> None:
    setup, problems = read_setup(write_setup(tmp_path, f"systems:\n  - {{name: A, kind: {name}, preset: crm}}\n"))
    if name == "Webshop":  # not an id: the schema says what an id is
        assert setup is None and [p.code for p in problems] == ["schema"]
    else:
        assert setup is not None and problems == []
