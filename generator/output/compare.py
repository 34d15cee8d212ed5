"""The Compare page's first-import table: every preset against the data types the help page gives a
first-import period for, each period in a cell, and the page's contradictions about a period as the
table's notes (a marker in the cell, the note right under the table, as the matrix above it does).

Data types no preset has a period for get no column: a column of empty cells would say nothing."""

from __future__ import annotations

from dataclasses import dataclass

from ..catalogue.model import Catalog, DataType, FirstImport, Preset
from .tablenotes import TableNotes, period_inconsistency


@dataclass(frozen=True)
class PeriodRow:
    preset: Preset
    periods: tuple[FirstImport | None, ...]
    """The preset's period for each of the table's data types, None where the page gives none."""


@dataclass(frozen=True)
class PeriodTable:
    data_types: tuple[DataType, ...]
    rows: tuple[PeriodRow, ...]
    notes: TableNotes


def first_import_table(catalog: Catalog) -> PeriodTable:
    given = {period.data_type.id for preset in catalog.presets for period in preset.first_import}
    data_types = tuple(data_type for data_type in catalog.data_types if data_type.id in given)
    notes = TableNotes("first-import")
    rows = []
    for preset in catalog.presets:
        by_type = {period.data_type.id: period for period in preset.first_import}
        periods = tuple(by_type.get(data_type.id) for data_type in data_types)
        # Notes are numbered in reading order: row by row, left to right.
        for period in periods:
            note = period_inconsistency(preset, period) if period is not None else None
            if period is not None and note is not None:
                notes.add(note, f"{preset.name}, {period.data_type.label}")
        rows.append(PeriodRow(preset, periods))
    return PeriodTable(data_types, tuple(rows), notes)
