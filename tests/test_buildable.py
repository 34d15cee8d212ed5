"""Valid means buildable: a catalogue that validates without errors exports, renders and plans.

The schema is the contract between the catalogue and everything built from it. A value it
accepts that a later stage cannot handle (a first-import period of 5,000 digits once passed
the schema and then failed to print) is a bug of the schema. The property below draws preset
files from the schema (tests/test_fuzz.py's strategies), and for every catalogue that
validates, exports its configs, renders its pages and plans a setup of each preset.
"""

from __future__ import annotations

import copy
import shutil
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, note, settings
from hypothesis import strategies as st

from generator import Setup, SetupSystem, plan
from generator.catalogue.model import Catalog
from generator.catalogue.validate import validate
from generator.catalogue.yamlread import read_yaml
from generator.output import export
from generator.output.pages import Renderer
from generator.planning import format as planformat

from .conftest import BUNDLED
from .test_fuzz import PROPERTY, STYLES, Style, _leaf_pools, preset_documents  # noqa: F401 (_leaf_pools: an autouse fixture)


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One copy of the bundled catalogue; each example rewrites presets/crm.yaml."""
    folder = tmp_path_factory.mktemp("buildable") / "catalog"
    shutil.copytree(BUNDLED, folder)
    return folder


def build_everything(catalog: Catalog) -> None:
    """What `export`, `build` and `plan` do with a valid catalogue, short of writing files."""
    files = export.render(catalog)
    assert "index.json" in files
    pages = Renderer(catalog).pages()
    assert all(f"presets/{preset.id}.md" in pages for preset in catalog.presets)
    for preset in catalog.presets:
        setup = Setup((SetupSystem(name=preset.name, kind=preset.kinds[0].id, preset=preset.id),))
        result = plan(setup, catalog)
        for render in (planformat.text, planformat.as_json_text, planformat.markdown):
            assert render(result)
    together = Setup(
        tuple(SetupSystem(name=p.name, kind=p.kinds[-1].id, preset=p.id, connected=True) for p in catalog.presets)
    )
    assert planformat.markdown(plan(together, catalog))


def _with_period(period: str) -> Any:
    text = (BUNDLED / "presets" / "crm.yaml").read_text(encoding="utf-8")
    assert "contacts: {period: P10Y}" in text
    return text.replace("contacts: {period: P10Y}", f"contacts: {{period: {period}}}", 1)


@pytest.mark.parametrize("period", ["P999D", "P999Y999M999W999D", "P1Y6M"])
def test_the_longest_periods_build(catalogue: Path, period: str) -> None:
    try:
        (catalogue / "presets" / "crm.yaml").write_text(_with_period(period), encoding="utf-8")
        report = validate(catalogue)
    finally:
        shutil.copy(BUNDLED / "presets" / "crm.yaml", catalogue / "presets" / "crm.yaml")
    assert report.errors == () and report.catalog is not None
    build_everything(report.catalog)


@pytest.mark.parametrize("period", ["P" + "9" * 5000 + "D", "P1000D", "P0999Y"], ids=["P9999...D", "P1000D", "P0999Y"])
def test_a_period_too_long_to_build_is_refused_by_the_schema(catalogue: Path, period: str) -> None:
    try:
        (catalogue / "presets" / "crm.yaml").write_text(_with_period(period), encoding="utf-8")
        report = validate(catalogue)
    finally:
        shutil.copy(BUNDLED / "presets" / "crm.yaml", catalogue / "presets" / "crm.yaml")
    [error] = report.errors
    quoted = f"'{period}'"
    shown = quoted if len(quoted) <= 60 else quoted[:57] + "..."
    assert error.as_text().endswith(
        f"crm.yaml:26:22: $.first_import.contacts.period: error: {shown} is not a valid ISO 8601 duration "
        "(whole years, months, weeks or days, such as P7D for 7 days, P1Y for one year, P10Y for ten years; "
        "at most 999 of each) [schema]"
    )


@cache
def vocabulary() -> dict[str, Any]:
    """The bundled catalogue's ids, which a preset's references must name."""
    data = read_yaml("catalog.yaml", (BUNDLED / "catalog.yaml").read_bytes())[0].data
    kinds = {kind["id"]: kind for kind in data["system_kinds"]}
    return {
        "data_types": [d["id"] for d in data["data_types"]],
        "conditions": [c["id"] for c in data["conditions"]],
        "presets": data["presets"],
        "systems": {s["id"]: s["kind"] for s in data["systems"]},
        "sole": {t: k for k, kind in kinds.items() for t in kind.get("sole_source_of", ())},
    }


def _pick(choices: list[str], seed: str) -> str:
    return choices[sum(map(ord, seed)) % len(choices)]  # the same drawn text always maps to the same id


def referring_to_the_catalogue(drawn: Any) -> Any:
    """A preset drawn from the schema, its references made to name what the catalogue holds (the
    semantic rules' part): the file's id, known conditions, systems and presets of fitting kinds,
    a flow for every data type, single sources respected. Its texts, periods and states stay drawn."""
    v = vocabulary()
    preset = copy.deepcopy(drawn)
    preset["id"] = "crm"
    kinds = preset["kinds"]
    fitting = [system for system, kind in v["systems"].items() if kind in kinds]
    preset["example_systems"] = [s for s in preset.get("example_systems", ()) if s in fitting] or fitting[:1]
    if not preset["example_systems"]:
        del preset["example_systems"]
    notes = {written["id"]: written for written in preset.get("notes", ())}  # one note per id
    for written in notes.values():
        if "suggest_presets" in written:
            written["suggest_presets"] = sorted({_pick(v["presets"], s) for s in written["suggest_presets"]})
    if "notes" in preset:
        preset["notes"] = list(notes.values())
    flows = preset["flows"]
    for data_type in v["data_types"]:
        flow = flows.setdefault(data_type, {"import": "no", "export": "no"})
        for direction in ("import", "export"):
            if f"{direction}_condition" in flow:
                flow[f"{direction}_condition"] = _pick(v["conditions"], flow[f"{direction}_condition"])
        sole = v["sole"].get(data_type)
        if sole is not None and flow["import"] != "no" and any(kind != sole for kind in kinds):
            flow["import"] = "no"
            flow.pop("import_condition", None)
        exceptions = [e for e in flow.get("exceptions", ()) if fitting]
        for exception in exceptions:
            exception["system"] = _pick(fitting, exception["system"])
        exceptions = list({e["system"]: e for e in exceptions}.values())
        if exceptions:
            flow["exceptions"] = exceptions
        else:
            flow.pop("exceptions", None)
    return preset


@settings(
    PROPERTY, max_examples=40, suppress_health_check=[*PROPERTY.suppress_health_check, HealthCheck.filter_too_much]
)
@given(st.tuples(preset_documents().map(referring_to_the_catalogue), STYLES))
def test_every_catalogue_that_validates_exports_renders_and_plans(catalogue: Path, drawn: tuple[Any, Style]) -> None:
    document, style = drawn
    try:
        (catalogue / "presets" / "crm.yaml").write_text(style.dump(document), encoding="utf-8")
        report = validate(catalogue)
    finally:
        shutil.copy(BUNDLED / "presets" / "crm.yaml", catalogue / "presets" / "crm.yaml")
    note(f"errors: {[p.as_text() for p in report.errors]}")
    assume(report.catalog is not None)
    assert report.catalog is not None
    VALIDATED.append(document)
    build_everything(report.catalog)


VALIDATED: list[Any] = []


def test_the_property_saw_catalogues_that_validate() -> None:
    # Runs after the property (pytest keeps the file's order): it meant something only if most drawn
    # presets, once their references name the catalogue, made a valid catalogue.
    assert len(VALIDATED) >= 30
