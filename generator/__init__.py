"""connect-presets: Spotler Connect's onboarding presets as one validated catalogue.

>>> from generator import load_catalog
>>> [preset.name for preset in load_catalog().presets][:2]
['E-commerce with e-fulfilment', 'E-commerce with marketing automation']
"""

from __future__ import annotations

from .api import load_catalog
from .model import (
    Catalog,
    Condition,
    ConnectionOrder,
    DataFlow,
    DataType,
    Flow,
    FlowException,
    Lookback,
    Note,
    Preset,
    Requirement,
    Step,
    System,
    SystemKind,
)
from .problems import CatalogError, Problem, Severity

_PLANNING = ("Plan", "Setup", "SetupSystem", "plan", "read_setup")


def __getattr__(name: str) -> object:
    # The planner is imported on first use: `connect-presets validate` starts faster without it.
    if name in _PLANNING:
        from . import plan as planning

        return getattr(planning, name)
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
    "Lookback",
    "Note",
    "Plan",
    "Preset",
    "Problem",
    "Requirement",
    "Setup",
    "SetupSystem",
    "Severity",
    "Step",
    "System",
    "SystemKind",
    "load_catalog",
    "plan",
    "read_setup",
]
