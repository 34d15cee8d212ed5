"""The help page's facts, transcribed by hand once, for the tests that hold the catalogue, the export and
the site to the page (../shared/seed/onboarding-presets.txt). Nothing here is read from the catalogue:
a transcription mistake in the YAML must show up as a failing test, not be copied into the expectation.

Keyed the way the page speaks: preset names as its headings spell them, data type labels as its table
rows spell them, step labels as its "Order of connectors" list spells them, kinds of system in the words
the page uses for them. The catalogue's ids are typed in one place only, the mapping at the top; a test
derives what it needs through it.

Where each fact is on the page:

- PRESET_IDS: the eight presets' headings, in the page's order.
- DATA_TYPE_IDS: the rows of every "Data Type | Import to Connect | Export from Connect to Platform" table.
- KIND_IDS: "available (only) for ..." in each preset's first paragraph, and "add a sales channel" in the
  e-commerce presets' ("You should select it when you add a sales channel").
- SYSTEM_IDS, CONDITION_IDS, STEP_IDS: the systems the page names, its conditional cells' words and its
  step labels, with the catalogue's ids; STATE_OF_CELL and STRENGTH_OF_WORDING: the catalogue's words for
  a cell and for the order's two wordings (a request, a requirement).
- TABLES: each preset's table, its cells as written ("Yes", "No", "Yes*", "Yes (when applicable)",
  "When available*"): 8 presets x 8 rows x 2 directions = 128 cells.
- FOOTNOTES, EXCEPTIONS: the '*' line under the CRM, Activities and Analytics tables (the tests check the
  catalogue's own wording of them by a few words; FOOTNOTES keeps the page's for reference).
- FIRST_IMPORT: "the period the connector will refer back to for its first import is: ..." under each
  table, 21 periods, some "(when possible)".
- KINDS, AVAILABLE_ONLY_FOR, NAMED_SYSTEMS, SYSTEM_KINDS, MAY_BE_ONLY_SOURCE_OF, REQUIRES: each preset's
  first paragraph (and the Tribe CRM footnote for Tribe CRM's kind).
- ADVISED: "You should select it/this preset when ..." (the e-commerce presets), "Select the Analytics
  preset if ..." (Analytics' "Please note"); SUGGESTED: the same note's "such as 'Marketing Automation'".
- PERIODS_NOT_IMPORTED, TEXT_AGAINST_TABLE, ORDER_CONTRADICTIONS: where the page contradicts itself.
- STEPS, STEP_OF_PRESET, ORDER_WORDING, FIRST_STEP_WORDING, DEFAULT_SOURCE_OF, IF_ADDED_LATER_*: the
  "Order of connectors" section at the page's end. The page writes "It’s" with a typographic apostrophe;
  the catalogue and these facts write it straight.
"""

from __future__ import annotations

from typing import NamedTuple

# --- The page's words -> the catalogue's ids: the only place ids are typed ----------------------------

PRESET_IDS = {
    "E-commerce with e-fulfilment": "e-commerce-with-e-fulfilment",
    "E-commerce with marketing automation": "e-commerce-with-marketing-automation",
    "Fulfilment": "fulfilment",
    "Marketplace": "marketplace",
    "Marketing Automation": "marketing-automation",
    "CRM": "crm",
    "Activities": "activities",
    "Analytics": "analytics",
}
DATA_TYPE_IDS = {
    "Orders": "orders",
    "Products": "products",
    "Stock": "stock",
    "Shipments": "shipments",
    "Organisations": "organisations",
    "Contacts": "contacts",
    "Checkouts": "checkouts",
    "Activities": "activities",
}
# In the order the connection order reaches them (steps 1 to 5, then the analytics systems of step 6).
KIND_IDS = {
    "e-fulfilment systems": "e-fulfilment-system",
    "marketing automation software": "marketing-automation",
    "sales channel": "sales-channel",
    "marketplaces": "marketplace",
    "CRM systems": "crm",
    "systems that import analytics to Connect": "analytics",
}
SYSTEM_IDS = {
    "Tribe CRM": "tribe-crm",
    "Spotler Leads": "spotler-leads",
    "Momice": "momice",
    "LeadForensics": "leadforensics",
    "MailPro": "mailpro",
}
# A conditional cell as the page writes it (without its '*') -> the catalogue's condition.
CONDITION_IDS = {"Yes (when applicable)": "when-applicable", "When available": "when-available-in-source"}
STEP_IDS = {
    "E-Fulfilment system": "e-fulfilment",
    "Marketing automation": "marketing-automation",
    "Primary sales channel": "primary-sales-channel",
    "Marketplace(s)": "marketplaces",
    "CRM": "crm",
    "Activities/Analytics": "activities-and-analytics",
}
# A cell's words (without its '*') -> the catalogue's state of a flow.
YES, NO, CONDITIONAL = "yes", "no", "conditional"
STATE_OF_CELL = {"Yes": YES, "No": NO, "Yes (when applicable)": CONDITIONAL, "When available": CONDITIONAL}
# The catalogue's strength of each of the page's two wordings of the order.
ORDER_WORDING = "please keep to the following order"
FIRST_STEP_WORDING = "It's essential to connect an e-fulfilment system first."
STRENGTH_OF_WORDING = {ORDER_WORDING: "request", FIRST_STEP_WORDING: "essential"}

# --- The tables ------------------------------------------------------------------------------------------

_NONE = ("No", "No")
# (Import to Connect, Export from Connect to Platform), rows in the page's order.
# fmt: off
TABLES: dict[str, dict[str, tuple[str, str]]] = {
    "E-commerce with e-fulfilment": {
        "Orders": ("Yes", "No"), "Products": ("Yes", "No"), "Stock": ("No", "Yes"), "Shipments": ("No", "Yes"),
        "Organisations": _NONE, "Contacts": ("Yes", "Yes"), "Checkouts": ("Yes", "No"), "Activities": _NONE,
    },
    "E-commerce with marketing automation": {
        "Orders": ("Yes", "No"), "Products": ("Yes", "No"), "Stock": _NONE, "Shipments": _NONE,
        "Organisations": _NONE, "Contacts": ("Yes", "Yes"), "Checkouts": ("Yes", "No"), "Activities": _NONE,
    },
    "Fulfilment": {
        "Orders": _NONE, "Products": ("Yes", "Yes"), "Stock": ("Yes", "No"), "Shipments": ("Yes", "No"),
        "Organisations": _NONE, "Contacts": _NONE, "Checkouts": _NONE, "Activities": _NONE,
    },
    "Marketplace": {
        "Orders": ("Yes", "No"), "Products": ("Yes", "No"), "Stock": ("No", "Yes"), "Shipments": ("No", "Yes"),
        "Organisations": _NONE, "Contacts": _NONE, "Checkouts": _NONE, "Activities": _NONE,
    },
    "Marketing Automation": {
        "Orders": ("No", "Yes"), "Products": ("No", "Yes"), "Stock": _NONE, "Shipments": _NONE,
        "Organisations": _NONE, "Contacts": ("Yes", "Yes"), "Checkouts": ("No", "Yes"),
        "Activities": ("Yes (when applicable)", "Yes (when applicable)"),
    },
    "CRM": {
        "Orders": _NONE, "Products": _NONE, "Stock": _NONE, "Shipments": _NONE,
        "Organisations": ("Yes", "Yes"), "Contacts": ("Yes", "Yes"), "Checkouts": _NONE, "Activities": ("Yes*", "Yes*"),
    },
    "Activities": {
        "Orders": _NONE, "Products": _NONE, "Stock": _NONE, "Shipments": _NONE,
        "Organisations": ("When available*", "No"), "Contacts": ("When available*", "No"), "Checkouts": _NONE,
        "Activities": ("Yes", "No"),
    },
    "Analytics": {
        "Orders": _NONE, "Products": _NONE, "Stock": _NONE, "Shipments": _NONE,
        "Organisations": ("When available*", "No"), "Contacts": ("When available*", "No"), "Checkouts": _NONE,
        "Activities": ("Yes", "No"),
    },
}
# fmt: on
DIRECTIONS = ("import", "export")  # the tables' two columns, in their order

_DISTILLED = (
    "Organisations and contacts will be directly imported when this data is available in the source platform. "
    "If this data is not directly available, organisations and contacts will be distilled and created in "
    "Connect based on contact data imported with activities."
)
# The footnote a '*' in a preset's table leads to. "Yes (when applicable)" has none.
FOOTNOTES = {
    "CRM": "Activities are not available in the Tribe CRM preset.",
    "Activities": _DISTILLED,
    "Analytics": _DISTILLED,
}
# (preset, data type) -> the named system a footnote excepts: it gets neither import nor export.
EXCEPTIONS = {("CRM", "Activities"): "Tribe CRM"}


class Cell(NamedTuple):
    preset: str
    data_type: str
    direction: str  # one of DIRECTIONS
    text: str  # as the page writes it, '*' and all


def all_cells() -> list[Cell]:
    """The 128 cells, presets, rows and directions in the page's order."""
    return [
        Cell(name, label, direction, pair[index])
        for name, table in TABLES.items()
        for label, pair in table.items()
        for index, direction in enumerate(DIRECTIONS)
    ]


def written(text: str) -> str:
    """A cell's words without its footnote mark."""
    return text.removesuffix("*")


def footnoted(text: str) -> bool:
    return text.endswith("*")


def state(text: str) -> str:
    """The catalogue's state of a cell: yes, no or conditional."""
    return STATE_OF_CELL[written(text)]


# --- First imports -------------------------------------------------------------------------------------

# "10 years" is written "P10Y" by the catalogue (ISO 8601); "2 year" is the page's spelling.
ISO_PERIODS = {"7 days": "P7D", "10 years": "P10Y", "1 year": "P1Y", "2 year": "P2Y"}
_SALES = (("Orders", "7 days", False), ("Products", "10 years", False), ("Contacts", "10 years", False))
# (data type, period, "(when possible)"), in the page's order.
FIRST_IMPORT: dict[str, tuple[tuple[str, str, bool], ...]] = {
    "E-commerce with e-fulfilment": _SALES,
    "E-commerce with marketing automation": _SALES,
    "Fulfilment": _SALES,
    "Marketplace": _SALES,
    "Marketing Automation": (("Contacts", "10 years", False),),
    "CRM": (("Contacts", "10 years", False), ("Organisations", "10 years", False)),
    "Activities": (
        ("Contacts", "10 years", False),
        ("Organisations", "10 years", True),
        ("Activities", "1 year", True),
    ),
    "Analytics": (("Contacts", "10 years", False), ("Organisations", "10 years", True), ("Activities", "2 year", True)),
}

# --- What each preset is for ---------------------------------------------------------------------------

KINDS = {
    "E-commerce with e-fulfilment": ("sales channel",),
    "E-commerce with marketing automation": ("sales channel",),
    "Fulfilment": ("e-fulfilment systems",),
    "Marketplace": ("marketplaces",),
    "Marketing Automation": ("marketing automation software",),
    "CRM": ("CRM systems",),
    "Activities": ("CRM systems",),  # "available only for CRM systems that export activities"
    "Analytics": ("systems that import analytics to Connect",),
}
# Each preset's "available (only) for ..." words; None where the page sets no restriction ("geared toward").
AVAILABLE_ONLY_FOR = {
    "E-commerce with e-fulfilment": None,
    "E-commerce with marketing automation": None,
    "Fulfilment": "e-fulfilment systems",  # "available for e-fulfilment systems only"
    "Marketplace": "marketplaces",  # "available for marketplaces only"
    "Marketing Automation": "marketing automation software",
    "CRM": "CRM systems",  # "available only to CRM systems"
    "Activities": "CRM systems that export activities",
    "Analytics": "systems that import analytics to Connect",
}
# The presets for which the page says when to select them; the others it only restricts. Page order.
ADVISED = ("E-commerce with e-fulfilment", "E-commerce with marketing automation", "Analytics")
# "If you also want to use operational capabilities ..., select other available presets such as ...".
SUGGESTED = {"Analytics": ("Marketing Automation",)}
# "such as Spotler Leads, Momice and LeadForensics", "such as MailPro".
NAMED_SYSTEMS = {"Activities": ("Spotler Leads", "Momice", "LeadForensics"), "Analytics": ("MailPro",)}
# Tribe CRM has "the Tribe CRM preset" of CRM; the others are named as examples of a preset's systems.
SYSTEM_KINDS = {
    "Tribe CRM": "CRM systems",
    "Spotler Leads": "CRM systems",
    "Momice": "CRM systems",
    "LeadForensics": "CRM systems",
    "MailPro": "systems that import analytics to Connect",
}
# Fulfilment: "It allows the e-fulfilment system to be the only source of stock updates".
MAY_BE_ONLY_SOURCE_OF = {"Fulfilment": ("Stock",)}
# "It's essential also to have e-fulfilment through a Connect connector for this preset to work correctly."
REQUIRES = {"E-commerce with e-fulfilment": ("e-fulfilment systems",)}

# --- Where the page contradicts itself -------------------------------------------------------------------

# First-import periods for data the preset's table does not import.
PERIODS_NOT_IMPORTED = {"Fulfilment": ("Orders", "Contacts"), "Marketplace": ("Contacts",)}
# A preset's text against its table, in the page's order: Marketplace "import orders, contact data, and
# products" (Contacts: No, No); Marketing Automation "limited to data only relevant for marketing
# automation: products, orders, contacts, and checkout" (Activities: Yes (when applicable)).
TEXT_AGAINST_TABLE = {"Marketplace": "Contacts", "Marketing Automation": "Activities"}


def contradicted_at() -> dict[str, set[str]]:
    """Each preset's contradictions where the catalogue acknowledges them: first_import.<data type id> for a
    period, flows.<data type id> for a text against its table."""
    found: dict[str, set[str]] = {}
    for name, labels in PERIODS_NOT_IMPORTED.items():
        found.setdefault(name, set()).update(f"first_import.{DATA_TYPE_IDS[label]}" for label in labels)
    for name, label in TEXT_AGAINST_TABLE.items():
        found.setdefault(name, set()).add(f"flows.{DATA_TYPE_IDS[label]}")
    return found


# The introduction's "the order in which they need to be connected" against the list's "please keep to":
# how firmly the order is put, the catalogue's connection_order.strength.
ORDER_CONTRADICTIONS = ("strength",)

# --- The order of connectors -------------------------------------------------------------------------------


class Step(NamedTuple):
    label: str  # as the page spells it
    qualifier: str | None  # in brackets after the label
    several: bool  # the label allows several systems: "Marketplace(s)"
    kinds: tuple[str, ...] = ()  # the kinds of system the step names (KIND_IDS' words)
    presets: tuple[str, ...] = ()  # the presets the step names


STEPS = (
    Step("E-Fulfilment system", "if applicable", False, kinds=("e-fulfilment systems",)),
    Step("Marketing automation", None, False, kinds=("marketing automation software",)),
    Step("Primary sales channel", None, False, kinds=("sales channel",)),
    Step("Marketplace(s)", None, True, kinds=("marketplaces",)),
    Step("CRM", None, False, kinds=("CRM systems",)),
    Step("Activities/Analytics", None, False, presets=("Activities", "Analytics")),
)
# The step (1-based) of a connector set up with each preset: the last step names the Activities and
# Analytics presets, so a CRM system set up with Activities belongs there, one set up with CRM to step 5.
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
# "This system will become the default source of stock levels and product details."
DEFAULT_SOURCE_OF = ("Stock", "Products")
# "If e-fulfilment is added later in this setup, please contact Connect Support to assist you in adjusting
# the stock and product settings."
IF_ADDED_LATER_CONTACT = "Connect Support"
IF_ADDED_LATER_ADJUSTS = ("Stock", "Products")
