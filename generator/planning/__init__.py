"""Planning an account's setup: the page's rules, read from the catalogue, applied to a list of systems.

>>> from generator import load_catalog
>>> from generator.planning import plan, Setup, SetupSystem
>>> result = plan(Setup((SetupSystem("Shop", "sales-channel", "e-commerce-with-e-fulfilment"),)), load_catalog())
>>> [p.code for p in result.problems]
['missing-required']

The stage's modules: setup (what is planned), context (what every rule reads, worked out once),
rules and orderrules (the rule table), messages (every sentence), plan (running the table),
result (the plan's types, as data), format (text, JSON, Markdown), publish (configs/planner.json,
what the browser's planner reads besides the catalogue's configs).
"""

from .plan import plan
from .result import ChecklistItem, Endpoint, Plan, Route, as_json
from .setup import Setup, SetupSource, SetupSystem, read_setup

__all__ = [
    "ChecklistItem",
    "Endpoint",
    "Plan",
    "Route",
    "Setup",
    "SetupSource",
    "SetupSystem",
    "as_json",
    "plan",
    "read_setup",
]
