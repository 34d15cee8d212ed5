"""The catalogue against the seed help page (/work/shared/seed/onboarding-presets.txt).

Every expectation below is transcribed by hand from the page, not from the catalogue,
so a transcription mistake in the YAML shows up as a failing case here.
"""

from __future__ import annotations

import dataclasses

import pytest

from generator import Catalog, Preset, load_catalog
from generator.model import Step, SystemKind

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
    "Activities": ["crm"],  # "available only for CRM systems that export activities"
    "Analytics": ["analytics"],
}

# Each preset's "available (only) for ..." words; None where the page sets no restriction.
AVAILABLE_ONLY_FOR = {
    "E-commerce with e-fulfilment": None,  # "geared toward ..."
    "E-commerce with marketing automation": None,
    "Fulfilment": "e-fulfilment systems",  # "available for e-fulfilment systems only"
    "Marketplace": "marketplaces",  # "available for marketplaces only"
    "Marketing Automation": "marketing automation software",
    "CRM": "CRM systems",  # "available only to CRM systems"
    "Activities": "CRM systems that export activities",
    "Analytics": "systems that import analytics to Connect",
}

# The presets for which the page says when to select them ("You should select it when ...",
# "Select the Analytics preset if ..."); the others it only restricts.
ADVISED = {"E-commerce with e-fulfilment", "E-commerce with marketing automation", "Analytics"}

# "such as Spotler Leads, Momice and LeadForensics", "such as MailPro"; Tribe CRM is named by a footnote.
NAMED_SYSTEMS = {"Activities": ["Spotler Leads", "Momice", "LeadForensics"], "Analytics": ["MailPro"]}
SYSTEM_KINDS = {
    "Tribe CRM": "crm",
    "Spotler Leads": "crm",
    "Momice": "crm",
    "LeadForensics": "crm",
    "MailPro": "analytics",
}

# The order of connectors: (label as the page spells it, its qualifier, several systems allowed).
STEPS = [
    ("E-Fulfilment system", "if applicable", False),
    ("Marketing automation", None, False),
    ("Primary sales channel", None, False),
    ("Marketplace(s)", None, True),
    ("CRM", None, False),
    ("Activities/Analytics", None, False),
]
# The step of a connector set up with each preset, for the kind the preset is for: the last step
# names the Activities and Analytics presets.
STEP_OF_PRESET = {
    "Fulfilment": 1,
    "Marketing Automation": 2,
    "E-commerce with e-fulfilment": 3,
    "E-commerce with marketing automation": 3,
    "Marketplace": 4,
    "CRM": 5,
    "Activities": 6,
    "Analytics": 6,
}

# Cells with a footnote, by (preset, data type, direction): which footnote ("*Activities are not
# available in the Tribe CRM preset", "*Organisations and contacts will be directly imported ...").
# Every other cell has none: "Yes (when applicable)" is explained nowhere on the page.
TRIBE, WHEN_AVAILABLE = "tribe-crm", "when-available"
FOOTNOTES = {
    ("CRM", "activities", "imports"): TRIBE,
    ("CRM", "activities", "exports"): TRIBE,
    **{
        (name, dt, "imports"): WHEN_AVAILABLE
        for name in ("Activities", "Analytics")
        for dt in ("organisations", "contacts")
    },
}
# What a conditional cell says, as the page writes it.
CELL_TEXT = {
    "Marketing Automation": "Yes (when applicable)",
    "Activities": "When available",
    "Analytics": "When available",
}

# Where the page contradicts itself: periods for data the preset does not import, and Marketplace's
# text ("import orders, contact data, and products") against its table (Contacts: No, No).
INCONSISTENCIES = {
    "Fulfilment": {"first_import.orders", "first_import.contacts"},
    "Marketplace": {"first_import.contacts", "flows.contacts"},
    # "limited to data only relevant for marketing automation: products, orders, contacts, and checkout",
    # while its table gives Activities "Yes (when applicable)".
    "Marketing Automation": {"flows.activities"},
}
# The introduction's "the order in which they need to be connected" against the list's "please keep to".
ORDER_INCONSISTENCIES = {"strength"}

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
    assert condition.footnote is not None
    text = condition.footnote.lower()
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
    assert actual == {name: NAMED_SYSTEMS.get(name, []) for name in TABLES}
    assert {s.name: s.kind for s in catalog.systems} == SYSTEM_KINDS


def test_available_only_for_as_the_page_restricts(catalog: Catalog) -> None:
    assert {preset.name: preset.available_only_for for preset in catalog.presets} == AVAILABLE_ONLY_FOR


def test_when_to_select_only_where_the_page_advises(catalog: Catalog) -> None:
    assert {preset.name for preset in catalog.presets if preset.when_to_select is not None} == ADVISED


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
    if flow.state != "no" and data_flow.exceptions:
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
        for lookback in preset.first_import:
            said = preset.inconsistency(f"first_import.{lookback.data_type.id}") is not None
            assert said == (not preset.imports(lookback.data_type.id)), (preset.name, lookback.data_type.id)


def test_only_fulfilment_may_be_the_only_source_of_stock(catalog: Catalog) -> None:
    actual = {p.name: [d.id for d in p.may_be_only_source_of] for p in catalog.presets}
    assert actual == {name: ["stock"] if name == "Fulfilment" else [] for name in TABLES}


def test_only_e_fulfilment_preset_has_a_requirement(catalog: Catalog) -> None:
    actual = {preset.name: [r.kind.id for r in preset.requires] for preset in catalog.presets}
    assert actual == {
        name: ["e-fulfilment-system"] if name == "E-commerce with e-fulfilment" else [] for name in TABLES
    }


def test_analytics_suggests_marketing_automation(catalog: Catalog) -> None:
    [note] = by_name(catalog, "Analytics").notes
    assert note.suggest_presets == ("marketing-automation",)
    # "If you *also* want to use operational capabilities ...": as well, not instead.
    assert "also" in note.text and "instead" not in note.text
    assert catalog.preset("marketing-automation").name == "Marketing Automation"


def test_preset_kinds(catalog: Catalog) -> None:
    assert {preset.name: [k.id for k in preset.kinds] for preset in catalog.presets} == KINDS


def test_connection_order_steps(catalog: Catalog) -> None:
    steps = catalog.connection_order.steps
    assert [(step.label, step.qualifier, step.several) for step in steps] == STEPS
    assert [step.number for step in steps] == [1, 2, 3, 4, 5, 6]
    assert {"optional", "multiple"}.isdisjoint(f.name for f in dataclasses.fields(Step))  # the page requires no step


@pytest.mark.parametrize("name", list(STEP_OF_PRESET))
def test_the_step_of_each_preset(catalog: Catalog, name: str) -> None:
    preset = by_name(catalog, name)
    for kind in preset.kinds:
        step = catalog.connection_order.step_for(preset, kind.id)
        assert step is not None and step.number == STEP_OF_PRESET[name]


def test_the_order_is_asked_for_and_the_first_step_is_essential(catalog: Catalog) -> None:
    order = catalog.connection_order
    assert {i.at for i in order.inconsistencies} == ORDER_INCONSISTENCIES
    assert (order.strength, order.page_wording) == ("request", "please keep to the following order")
    assert order.first_step.number == 1 and order.first_step_strength == "essential"
    assert order.first_step_wording == "It's essential to connect an e-fulfilment system first."


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
