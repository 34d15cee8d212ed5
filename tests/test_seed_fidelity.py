"""The catalogue against the seed help page (/work/shared/seed/onboarding-presets.txt).

Every expectation comes from the page as transcribed by hand in tests/pagefacts.py, not from the
catalogue, so a transcription mistake in the YAML shows up as a failing case here.
"""

from __future__ import annotations

import dataclasses

import pytest

from generator import Catalog, Preset, load_catalog
from generator.catalogue.model import Step, SystemKind

from . import pagefacts as page

Y, N, C = page.YES, page.NO, page.CONDITIONAL  # "Yes (when applicable)" and "When available*" are C

# The catalogue's ids of the page's facts, derived through the one mapping in pagefacts.
DATA_TYPES = page.DATA_TYPE_IDS
FIRST_IMPORT = {
    name: [(DATA_TYPES[label], page.ISO_PERIODS[period], when_possible) for label, period, when_possible in periods]
    for name, periods in page.FIRST_IMPORT.items()
}
KINDS = {name: [page.KIND_IDS[kind] for kind in kinds] for name, kinds in page.KINDS.items()}
SYSTEM_KINDS = {system: page.KIND_IDS[kind] for system, kind in page.SYSTEM_KINDS.items()}

# Which footnote a cell with a '*' has, by (preset, data type, direction): a footnote that excepts a named
# system (the Tribe CRM one) is that system's exception; one under a conditional cell explains the condition
# ("When available*"). Every other cell has none: "Yes (when applicable)" is explained nowhere on the page.
WHEN_AVAILABLE = "when-available"
FOOTNOTES = {
    (cell.preset, DATA_TYPES[cell.data_type], f"{cell.direction}s"): (
        page.SYSTEM_IDS[page.EXCEPTIONS[(cell.preset, cell.data_type)]]
        if (cell.preset, cell.data_type) in page.EXCEPTIONS
        else WHEN_AVAILABLE
    )
    for cell in page.all_cells()
    if page.footnoted(cell.text)
}
# What a conditional cell says, as the page writes it.
CELL_TEXT = {cell.preset: page.written(cell.text) for cell in page.all_cells() if page.state(cell.text) == C}

# Where the page contradicts itself: periods for data the preset does not import, and a preset's text
# against its table.
INCONSISTENCIES = page.contradicted_at()

CELLS = [
    pytest.param(
        cell.preset,
        cell.data_type,
        f"{cell.direction}s",
        page.state(cell.text),
        id=f"{cell.preset}-{DATA_TYPES[cell.data_type]}-{cell.direction}s",
    )
    for cell in page.all_cells()
]
# The presets and data types with a "When available*" cell, in the page's order.
WHEN_AVAILABLE_CELLS = [cell for cell in page.all_cells() if page.written(cell.text) == "When available"]
WHEN_AVAILABLE_PRESETS = list(dict.fromkeys(cell.preset for cell in WHEN_AVAILABLE_CELLS))
WHEN_AVAILABLE_DATA_TYPES = list(dict.fromkeys(DATA_TYPES[cell.data_type] for cell in WHEN_AVAILABLE_CELLS))


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def by_name(catalog: Catalog, name: str) -> Preset:
    return next(preset for preset in catalog.presets if preset.name == name)


def test_presets_in_page_order(catalog: Catalog) -> None:
    assert [preset.name for preset in catalog.presets] == list(page.TABLES)
    assert [(preset.name, preset.id) for preset in catalog.presets] == list(page.PRESET_IDS.items())


def test_data_types_in_page_order(catalog: Catalog) -> None:
    assert [(dt.label, dt.id) for dt in catalog.data_types] == list(DATA_TYPES.items())
    for preset in catalog.presets:  # each preset's flows follow the same order
        assert [flow.data_type.id for flow in preset.flows] == list(DATA_TYPES.values()), preset.name


def test_table_covers_every_cell() -> None:
    assert len(CELLS) == 128


@pytest.mark.parametrize(("name", "label", "direction", "expected"), CELLS)
def test_cell(catalog: Catalog, name: str, label: str, direction: str, expected: str) -> None:
    flow = getattr(by_name(catalog, name).flow(DATA_TYPES[label]), direction)
    assert flow.state == expected
    # A condition belongs to exactly the conditional cells ("when applicable"/"when available").
    assert (flow.condition is not None) == (expected == C)


def test_first_import_periods(catalog: Catalog) -> None:
    actual = {
        preset.name: [(lb.data_type.id, lb.period, lb.when_possible) for lb in preset.first_import]
        for preset in catalog.presets
    }
    assert actual == FIRST_IMPORT
    assert sum(len(preset.first_import) for preset in catalog.presets) == 21


def test_marketing_automation_activities_when_applicable(catalog: Catalog) -> None:
    flow = by_name(catalog, "Marketing Automation").flow(DATA_TYPES["Activities"])
    for direction in (flow.imports, flow.exports):
        assert direction.condition is not None
        assert "applicable" in direction.condition.label.lower()


@pytest.mark.parametrize("name", WHEN_AVAILABLE_PRESETS)
@pytest.mark.parametrize("data_type", WHEN_AVAILABLE_DATA_TYPES)
def test_when_available_is_direct_or_distilled(catalog: Catalog, name: str, data_type: str) -> None:
    condition = by_name(catalog, name).flow(data_type).imports.condition
    assert condition is not None
    assert condition.footnote is not None
    text = condition.footnote.lower()
    # Imported directly when the source platform has it ...
    assert "direct" in text and "source" in text and ("available" in text or "provide" in text)
    # ... otherwise derived from the contact data that comes with activities.
    assert ("distil" in text or "derive" in text) and "contact" in text and "activities" in text


def test_crm_activities_exception_for_tribe_crm(catalog: Catalog) -> None:
    [((name, label), system)] = page.EXCEPTIONS.items()
    flow = by_name(catalog, name).flow(DATA_TYPES[label])
    assert (flow.imports.state, flow.exports.state) == tuple(page.state(cell) for cell in page.TABLES[name][label])
    assert len(flow.exceptions) == 1
    exception = flow.exceptions[0]
    assert exception.system.name == system
    assert (exception.imports, exception.exports) == (N, N)  # "Activities are not available"


def test_no_other_exceptions(catalog: Catalog) -> None:
    others = [
        (preset.name, flow.data_type.id)
        for preset in catalog.presets
        for flow in preset.flows
        if flow.exceptions
        and (preset.name, flow.data_type.id) not in {(name, DATA_TYPES[label]) for name, label in page.EXCEPTIONS}
    ]
    assert others == []


def test_example_systems(catalog: Catalog) -> None:
    actual = {preset.name: [s.name for s in preset.example_systems] for preset in catalog.presets}
    assert actual == {name: list(page.NAMED_SYSTEMS.get(name, ())) for name in page.TABLES}
    assert {s.name: s.kind for s in catalog.systems} == SYSTEM_KINDS


def test_available_only_for_as_the_page_restricts(catalog: Catalog) -> None:
    assert {preset.name: preset.available_only_for for preset in catalog.presets} == page.AVAILABLE_ONLY_FOR


def test_when_to_select_only_where_the_page_advises(catalog: Catalog) -> None:
    assert {preset.name for preset in catalog.presets if preset.when_to_select is not None} == set(page.ADVISED)


def test_kinds_have_no_description_the_page_does_not_give() -> None:
    assert [f.name for f in dataclasses.fields(SystemKind)] == ["id", "label"]


@pytest.mark.parametrize(("name", "label", "direction", "expected"), CELLS)
def test_cell_footnotes(catalog: Catalog, name: str, label: str, direction: str, expected: str) -> None:
    del expected
    data_type = DATA_TYPES[label]
    data_flow = by_name(catalog, name).flow(data_type)
    flow = getattr(data_flow, direction)
    found = []
    if flow.condition is not None and flow.condition.footnote is not None:
        found.append(WHEN_AVAILABLE)
    if flow.state != N and data_flow.exceptions:
        found += [e.system.id for e in data_flow.exceptions]
    wanted = FOOTNOTES.get((name, data_type, direction))
    assert found == ([wanted] if wanted else [])
    if flow.condition is not None:
        assert flow.condition.cell == CELL_TEXT[name]


def test_the_when_applicable_condition_is_explained_nowhere(catalog: Catalog) -> None:
    [applicable] = [c for c in catalog.conditions if c.cell == "Yes (when applicable)"]
    assert applicable.footnote is None


def test_page_inconsistencies_are_kept_and_said(catalog: Catalog) -> None:
    actual = {p.name: {i.at for i in p.inconsistencies} for p in catalog.presets if p.inconsistencies}
    assert actual == INCONSISTENCIES
    for preset in catalog.presets:
        for first_import in preset.first_import:
            said = preset.inconsistency(f"first_import.{first_import.data_type.id}") is not None
            assert said == (not preset.imports(first_import.data_type.id)), (preset.name, first_import.data_type.id)


def test_only_fulfilment_may_be_the_only_source_of_stock(catalog: Catalog) -> None:
    actual = {p.name: [d.id for d in p.may_be_only_source_of] for p in catalog.presets}
    assert actual == {
        name: [DATA_TYPES[label] for label in page.MAY_BE_ONLY_SOURCE_OF.get(name, ())] for name in page.TABLES
    }


def test_only_e_fulfilment_preset_has_a_requirement(catalog: Catalog) -> None:
    actual = {preset.name: [r.kind.id for r in preset.requires] for preset in catalog.presets}
    assert actual == {name: [page.KIND_IDS[kind] for kind in page.REQUIRES.get(name, ())] for name in page.TABLES}


def test_analytics_suggests_marketing_automation(catalog: Catalog) -> None:
    [note] = by_name(catalog, "Analytics").notes
    [suggested] = page.SUGGESTED["Analytics"]
    assert note.suggest_presets == (page.PRESET_IDS[suggested],)
    # "If you *also* want to use operational capabilities ...": as well, not instead.
    assert "also" in note.text and "instead" not in note.text
    assert catalog.preset(page.PRESET_IDS[suggested]).name == suggested


def test_preset_kinds(catalog: Catalog) -> None:
    assert {preset.name: [k.id for k in preset.kinds] for preset in catalog.presets} == KINDS


def test_connection_order_steps(catalog: Catalog) -> None:
    steps = catalog.connection_order.steps
    assert [(step.label, step.qualifier, step.several) for step in steps] == [
        (step.label, step.qualifier, step.several) for step in page.STEPS
    ]
    assert [step.number for step in steps] == list(range(1, len(page.STEPS) + 1))
    assert {"optional", "multiple"}.isdisjoint(f.name for f in dataclasses.fields(Step))  # the page requires no step


@pytest.mark.parametrize("name", list(page.STEP_OF_PRESET))
def test_the_step_of_each_preset(catalog: Catalog, name: str) -> None:
    preset = by_name(catalog, name)
    for kind in preset.kinds:
        step = catalog.connection_order.step_for(preset, kind.id)
        assert step is not None and step.number == page.STEP_OF_PRESET[name]


def test_the_order_is_asked_for_and_the_first_step_is_essential(catalog: Catalog) -> None:
    order = catalog.connection_order
    assert {i.at for i in order.inconsistencies} == set(page.ORDER_CONTRADICTIONS)
    assert (order.strength, order.page_wording) == (page.STRENGTH_OF_WORDING[page.ORDER_WORDING], page.ORDER_WORDING)
    assert order.first_step.number == 1
    assert order.first_step_strength == page.STRENGTH_OF_WORDING[page.FIRST_STEP_WORDING]
    assert order.first_step_wording == page.FIRST_STEP_WORDING


def test_first_step_is_default_source(catalog: Catalog) -> None:
    order = catalog.connection_order
    assert order.first_step == order.steps[0]
    # "default source of stock levels and product details"
    assert {dt.id for dt in order.default_source_of} == {DATA_TYPES[label] for label in page.DEFAULT_SOURCE_OF}
    assert len(order.default_source_of) == len(page.DEFAULT_SOURCE_OF)
    # "contact Connect Support to assist you in adjusting the stock and product settings"
    assert order.if_added_later.contact == page.IF_ADDED_LATER_CONTACT
    assert {dt.id for dt in order.if_added_later.adjusts} == {
        DATA_TYPES[label] for label in page.IF_ADDED_LATER_ADJUSTS
    }
    assert len(order.if_added_later.adjusts) == len(page.IF_ADDED_LATER_ADJUSTS)
