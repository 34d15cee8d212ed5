"""connect-presets: Spotler Connect's onboarding presets as one validated catalogue.

>>> from generator import load_catalog
>>> [preset.name for preset in load_catalog().presets][:2]
['E-commerce with e-fulfilment', 'E-commerce with marketing automation']
"""

from __future__ import annotations

import importlib

from .api import load_catalog
from .catalogue.model import (
    Catalog,
    Condition,
    ConnectionOrder,
    DataFlow,
    DataType,
    FirstImport,
    Flow,
    FlowException,
    NamedSystem,
    Note,
    Preset,
    Requirement,
    Step,
    SystemKind,
)
from .problems import CatalogError, Problem, Severity

_PLANNING = ("Plan", "Setup", "SetupSystem", "plan", "read_setup")


def __getattr__(name: str) -> object:
    # The planner is imported on first use: `connect-presets validate` starts faster without it.
    # importlib, not `from . import`: that form looks the name up on this package first, which
    # calls this function again for a name it does not hold yet.
    if name in _PLANNING:
        value = getattr(importlib.import_module(".planning", __name__), name)
        globals()[name] = value  # found once; later look-ups do not come here
        return value
    raise AttributeError(f"module 'generator' has no attribute {name!r}")


__all__ = [
    "Catalog",
    "CatalogError",
    "Condition",
    "ConnectionOrder",
    "DataFlow",
    "DataType",
    "Flow",
    "FlowException",
    "FirstImport",
    "Note",
    "Plan",
    "Preset",
    "Problem",
    "Requirement",
    "Setup",
    "SetupSystem",
    "Severity",
    "Step",
    "NamedSystem",
    "SystemKind",
    "load_catalog",
    "plan",
    "read_setup",
]
