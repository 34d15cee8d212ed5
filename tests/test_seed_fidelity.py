"""The catalogue against the seed help page (/work/shared/seed/onboarding-presets.txt).

Every expectation below is transcribed by hand from the page, not from the catalogue,
so a transcription mistake in the YAML shows up as a failing case here.
"""

from __future__ import annotations

import pytest

from generator import Catalog, Preset, load_catalog

# The page's data type rows, in its order, with the ids the catalogue uses.
DATA_TYPES = {
    "Orders": "orders",
    "Products": "products",
    "Stock": "stock",
    "Shipments": "shipments",
    "Organisations": "organisations",
    "Contacts": "contacts",
    "Checkouts": "checkouts",
    "Activities": "activities",
}

Y, N, C = "yes", "no", "conditional"  # "Yes (when applicable)" and "When available*" are C

# (import to Connect, export from Connect to platform), rows in the page's order.
# fmt: off
TABLES: dict[str, dict[str, tuple[str, str]]] = {
    "E-commerce with e-fulfilment": {
        "Orders": (Y, N), "Products": (Y, N), "Stock": (N, Y), "Shipments": (N, Y),
        "Organisations": (N, N), "Contacts": (Y, Y), "Checkouts": (Y, N), "Activities": (N, N),
    },
    "E-commerce with marketing automation": {
        "Orders": (Y, N), "Products": (Y, N), "Stock": (N, N), "Shipments": (N, N),
        "Organisations": (N, N), "Contacts": (Y, Y), "Checkouts": (Y, N), "Activities": (N, N),
    },
    "Fulfilment": {
        "Orders": (N, N), "Products": (Y, Y), "Stock": (Y, N), "Shipments": (Y, N),
        "Organisations": (N, N), "Contacts": (N, N), "Checkouts": (N, N), "Activities": (N, N),
    },
    "Marketplace": {
        "Orders": (Y, N), "Products": (Y, N), "Stock": (N, Y), "Shipments": (N, Y),
        "Organisations": (N, N), "Contacts": (N, N), "Checkouts": (N, N), "Activities": (N, N),
    },
    "Marketing Automation": {
        "Orders": (N, Y), "Products": (N, Y), "Stock": (N, N), "Shipments": (N, N),
        "Organisations": (N, N), "Contacts": (Y, Y), "Checkouts": (N, Y), "Activities": (C, C),
    },
    "CRM": {  # "Yes*": yes, with the Tribe CRM exception checked separately
        "Orders": (N, N), "Products": (N, N), "Stock": (N, N), "Shipments": (N, N),
        "Organisations": (Y, Y), "Contacts": (Y, Y), "Checkouts": (N, N), "Activities": (Y, Y),
    },
    "Activities": {
        "Orders": (N, N), "Products": (N, N), "Stock": (N, N), "Shipments": (N, N),
        "Organisations": (C, N), "Contacts": (C, N), "Checkouts": (N, N), "Activities": (Y, N),
    },
    "Analytics": {
        "Orders": (N, N), "Products": (N, N), "Stock": (N, N), "Shipments": (N, N),
        "Organisations": (C, N), "Contacts": (C, N), "Checkouts": (N, N), "Activities": (Y, N),
    },
}
# fmt: on

# First-import periods as (data type id, ISO 8601 period, "(when possible)"), in the page's order.
_SALES = [("orders", "P7D", False), ("products", "P10Y", False), ("contacts", "P10Y", False)]
FIRST_IMPORT: dict[str, list[tuple[str, str, bool]]] = {
    "E-commerce with e-fulfilment": _SALES,
    "E-commerce with marketing automation": _SALES,
    "Fulfilment": _SALES,
    "Marketplace": _SALES,
    "Marketing Automation": [("contacts", "P10Y", False)],
    "CRM": [("contacts", "P10Y", False), ("organisations", "P10Y", False)],
    "Activities": [("contacts", "P10Y", False), ("organisations", "P10Y", True), ("activities", "P1Y", True)],
    "Analytics": [("contacts", "P10Y", False), ("organisations", "P10Y", True), ("activities", "P2Y", True)],
}

# Which kind of system each preset is for (from each preset's "available only for ..." sentence).
KINDS = {
    "E-commerce with e-fulfilment": ["sales-channel"],
    "E-commerce with marketing automation": ["sales-channel"],
    "Fulfilment": ["e-fulfilment-system"],
    "Marketplace": ["marketplace"],
    "Marketing Automation": ["marketing-automation"],
    "CRM": ["crm"],
    "Activities": ["activities-source"],
    "Analytics": ["analytics"],
}

CELLS = [
    pytest.param(name, label, direction, states[index], id=f"{name}-{DATA_TYPES[label]}-{direction}")
    for name, table in TABLES.items()
    for label, states in table.items()
    for index, direction in enumerate(("imports", "exports"))
]


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def by_name(catalog: Catalog, name: str) -> Preset:
    return next(preset for preset in catalog.presets if preset.name == name)


def test_presets_in_page_order(catalog: Catalog) -> None:
    assert [preset.name for preset in catalog.presets] == list(TABLES)


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
    flow = by_name(catalog, "Marketing Automation").flow("activities")
    for direction in (flow.imports, flow.exports):
        assert direction.condition is not None
        assert "applicable" in direction.condition.label.lower()


@pytest.mark.parametrize("name", ["Activities", "Analytics"])
@pytest.mark.parametrize("data_type", ["organisations", "contacts"])
def test_when_available_is_direct_or_distilled(catalog: Catalog, name: str, data_type: str) -> None:
    condition = by_name(catalog, name).flow(data_type).imports.condition
    assert condition is not None
    text = condition.description.lower()
    # Imported directly when the source platform has it ...
    assert "direct" in text and "source" in text and ("available" in text or "provide" in text)
    # ... otherwise derived from the contact data that comes with activities.
    assert ("distil" in text or "derive" in text) and "contact" in text and "activities" in text


def test_crm_activities_exception_for_tribe_crm(catalog: Catalog) -> None:
    flow = by_name(catalog, "CRM").flow("activities")
    assert (flow.imports.state, flow.exports.state) == (Y, Y)
    assert len(flow.exceptions) == 1
    exception = flow.exceptions[0]
    assert exception.system.name == "Tribe CRM"
    assert (exception.imports, exception.exports) == (N, N)


def test_no_other_exceptions(catalog: Catalog) -> None:
    others = [
        (preset.name, flow.data_type.id)
        for preset in catalog.presets
        for flow in preset.flows
        if flow.exceptions and (preset.name, flow.data_type.id) != ("CRM", "activities")
    ]
    assert others == []


def test_example_systems(catalog: Catalog) -> None:
    actual = {preset.name: [s.name for s in preset.example_systems] for preset in catalog.presets}
    assert actual["Activities"] == ["Spotler Leads", "Momice", "LeadForensics"]
    assert actual["Analytics"] == ["MailPro"]


def test_only_e_fulfilment_preset_has_a_requirement(catalog: Catalog) -> None:
    actual = {preset.name: [r.kind.id for r in preset.requires] for preset in catalog.presets}
    assert actual == {
        name: ["e-fulfilment-system"] if name == "E-commerce with e-fulfilment" else [] for name in TABLES
    }


def test_analytics_suggests_marketing_automation(catalog: Catalog) -> None:
    suggested = [s for note in by_name(catalog, "Analytics").notes for s in note.suggest_presets]
    assert "marketing-automation" in suggested
    assert catalog.preset("marketing-automation").name == "Marketing Automation"


def test_preset_kinds(catalog: Catalog) -> None:
    assert {preset.name: [k.id for k in preset.kinds] for preset in catalog.presets} == KINDS


def test_connection_order_steps(catalog: Catalog) -> None:
    steps = catalog.connection_order.steps
    assert [[k.id for k in step.kinds] for step in steps] == [
        ["e-fulfilment-system"],
        ["marketing-automation"],
        ["sales-channel"],
        ["marketplace"],
        ["crm"],
        ["activities-source", "analytics"],
    ]
    assert [step.number for step in steps] == [1, 2, 3, 4, 5, 6]
    # Only e-fulfilment is "(if applicable)"; only marketplaces are "Marketplace(s)".
    assert [step.optional for step in steps] == [True, False, False, False, False, False]
    assert [step.multiple for step in steps] == [False, False, False, True, False, False]


def test_first_step_is_default_source(catalog: Catalog) -> None:
    order = catalog.connection_order
    assert order.first_step == order.steps[0]
    # "default source of stock levels and product details"
    assert {dt.id for dt in order.default_source_of} == {"stock", "products"}
    assert len(order.default_source_of) == 2
    # "contact Connect Support to assist you in adjusting the stock and product settings"
    assert order.if_added_later.contact == "Connect Support"
    assert {dt.id for dt in order.if_added_later.adjusts} == {"stock", "products"}
    assert len(order.if_added_later.adjusts) == 2
