"""The reference on the developers' page, made from the exported schemas and the rule tables.

The field tables are read out of the JSON Schemas that ``contract`` builds and the export is checked
against (fieldtables.py), so a table cannot list a field the files lack or miss one they have. The lists
of problem codes are the registry's (problemcodes.py), as the README's are (tests/readme_tables.py).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property

from markupsafe import Markup

from ..catalogue.model import Catalog, FirstImport, Preset
from . import contract, export, problemcodes
from .fieldtables import SchemaReader, ValueType, anchor_id, code_span

__all__ = ["Reference", "anchor_id", "code_span"]


def problem_tables() -> list[tuple[Markup, list[tuple[problemcodes.Code, Markup]]]]:
    """The page's tables of problem codes: (heading, [(row, its HTML id)]), one table per group of the
    registry, in its order; a report's help link points at a row's id. Our own words and codes
    ([a-z0-9-]), so Markup: not escaped as catalogue text is."""
    entries = problemcodes.registry()
    return [
        (Markup(heading), [(e, Markup(problemcodes.anchor(e))) for e in entries if e.group == group])
        for group, heading in problemcodes.GROUPS.items()
    ]


def example_preset(catalog: Catalog) -> Preset:
    """The preset whose config shows the most of the format: first one with both an exception and a
    condition, else one with an exception, else one with a condition, else the first."""

    def shows(preset: Preset) -> tuple[bool, bool]:
        exception = any(f.exceptions for f in preset.flows)
        condition = any(f.imports.condition or f.exports.condition for f in preset.flows)
        return exception, condition

    return min(catalog.presets, key=lambda p: (not all(shows(p)), *(not shown for shown in shows(p))))


@dataclass(frozen=True)
class PublishedSchema:
    """A schema of the export, as index.json's ``schemas`` lists it, with the ``$id`` it carries."""

    path: str
    role: str
    id: str


@dataclass(frozen=True)
class Excerpt:
    """One flow of an exported config, as JSON."""

    preset: Preset
    path: str
    data_type: str
    json: str


class Reference:
    """What the developers' page shows, for one catalogue: the exported files as written, their schemas
    read as tables, and the rule tables."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.index = SchemaReader(contract.index_schema(catalog), "index")
        self.preset = SchemaReader(contract.preset_schema(catalog), "preset")
        self.example = example_preset(catalog)

    @cached_property
    def files(self) -> dict[str, bytes]:
        return export.render(self.catalog)

    @property
    def schemas(self) -> list[PublishedSchema]:
        """The export's schemas in index.json's order: the strict and the reader one of each file."""
        listed = json.loads(self.files[export.INDEX])["schemas"]
        return [PublishedSchema(s["path"], s["role"], json.loads(self.files[s["path"]])["$id"]) for s in listed]

    def file_text(self, path: str) -> str:
        """An exported file exactly as `connect-presets export` writes it."""
        return self.files[path].decode("utf-8")

    @property
    def example_path(self) -> str:
        return export.preset_path(self.example)

    def conditional_excerpts(self) -> list[Excerpt]:
        """One flow of each condition the example config does not show, cut from the config that has it."""
        shown = {c.id for f in self.example.flows for c in (f.imports.condition, f.exports.condition) if c}
        excerpts = []
        for preset in self.catalog.presets:
            for data_flow in preset.flows:
                conditions = {c.id for c in (data_flow.imports.condition, data_flow.exports.condition) if c}
                if conditions - shown:
                    shown |= conditions
                    path = export.preset_path(preset)
                    flow = json.loads(self.files[path])["flows"][data_flow.data_type.id]
                    text = json.dumps({"flows": {data_flow.data_type.id: flow}}, indent=2, ensure_ascii=False)
                    excerpts.append(Excerpt(preset, path, data_flow.data_type.id, text))
        return excerpts

    def when_possible_excerpt(self) -> Excerpt | None:
        """The first-import periods of the first config with a '(when possible)' one, if the example has none."""
        if any(f.when_possible for f in self.example.first_import):
            return None
        preset = next((p for p in self.catalog.presets if any(f.when_possible for f in p.first_import)), None)
        if preset is None:
            return None
        path = export.preset_path(preset)
        periods = json.loads(self.files[path])["first_import"]
        return Excerpt(preset, path, "", json.dumps({"first_import": periods}, indent=2, ensure_ascii=False))

    @property
    def value_types(self) -> list[ValueType]:
        """The named types of both schemas, each once (they share the catalogue's common ones)."""
        merged: dict[str, ValueType] = {}
        for reader in (self.index, self.preset):
            for value_type in reader.value_types:
                merged.setdefault(value_type.name, value_type)
        return list(merged.values())

    def when_possible_periods(self) -> list[tuple[Preset, FirstImport]]:
        return [(p, first) for p in self.catalog.presets for first in p.first_import if first.when_possible]

    problem_tables = staticmethod(problem_tables)
