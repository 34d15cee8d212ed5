"""The Python API for connector code."""

from __future__ import annotations

from pathlib import Path

from .catalogue.model import Catalog
from .catalogue.validate import validate
from .errors import UsageError
from .problems import CatalogError, Problem


def load_catalog(path: Path | str | None = None, *, strict: bool = False) -> Catalog:
    """Load and validate a catalogue folder; the bundled catalogue when ``path`` is None.

    Returns immutable, typed objects. Raises ``CatalogError`` carrying every problem
    found (``error.problems``) when the catalogue is invalid; with ``strict=True``
    warnings count as errors too.

    >>> catalog = load_catalog()
    >>> catalog.preset("crm").flow("contacts").imports.state
    'yes'
    """
    try:
        report = validate(path)
    except UsageError as error:
        raise CatalogError([Problem(str(path), 1, 1, (), str(error), "usage")]) from None
    if strict:
        report = report.strict()
    if report.catalog is None:
        raise CatalogError(report.problems)
    return report.catalog
