"""The validation pipeline: read -> schema -> semantic rules -> model."""

from __future__ import annotations

import gc
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from ..paths import bundled_catalog
from ..problems import Problem, Severity, sort_problems, strictened
from . import model, rules, schemacheck
from .schemagen import Ids
from .source import Accept, read_source, resolve_root
from .yamlread import Document


@dataclass(frozen=True)
class Report:
    """What validation found. ``catalog`` is set only when there is no error."""

    problems: tuple[Problem, ...]
    acknowledged: tuple[Problem, ...]
    catalog: model.Catalog | None

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity is Severity.WARNING)

    def strict(self) -> Report:
        """The same report with warnings counted as errors."""
        problems = tuple(strictened(self.problems))
        return Report(problems, self.acknowledged, self.catalog if not problems else None)


def validate(path: Path | str | None = None) -> Report:
    """Validate the catalogue folder at ``path`` (default: the bundled one).

    Raises ``source.UsageError`` only when ``path`` is not a catalogue folder at all;
    everything wrong inside the catalogue comes back in the report.
    """
    root = resolve_root(Path(path) if path is not None else bundled_catalog())
    # Validation allocates many objects and frees none; the cyclic collector would only rescan them.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _validate(root)
    finally:
        if collecting:
            gc.enable()


def vocabulary(catalog: Document | None) -> Ids:
    """The ids catalog.yaml defines, which its own schema and the presets' list: those of the
    catalogue being validated, not those of the schema files on disk."""
    return Ids.read(catalog.data if catalog is not None and catalog.complete else None)


def preset_check(catalog: Document | None) -> Accept:
    """The schema check of each preset file as it is read (maybe in a worker process), compiled here,
    before any worker starts, for the catalogue's vocabulary."""
    ids = vocabulary(catalog)
    schemacheck.fast_check(schemacheck.PRESET_SCHEMA, ids)
    return partial(schemacheck.preset_is_valid, ids=ids)


def _validate(root: Path) -> Report:
    source = read_source(root, preset_check)
    ids = vocabulary(source.catalog)
    problems = list(source.problems)
    accepted = {id(source.presets[name]) for name in source.accepted}  # passed the schema where they were read
    placed = {(p.file, p.path) for p in problems}

    def schema_valid(document: Document | None, schema_name: str) -> bool:
        """Check the schema; True when the file is fit for the semantic rules."""
        if document is None or not document.complete:
            return False
        found = schemacheck.check(document, schema_name, ids) if id(document) not in accepted else []
        # A place that already has a reading error (such as a YAML 1.1 boolean) is not reported
        # twice, but the file still failed its schema, so the rules will not read that value.
        problems.extend(p for p in found if (p.file, p.path) not in placed)
        return not found

    catalog_ok = schema_valid(source.catalog, schemacheck.CATALOG_SCHEMA)
    valid_presets = {name: doc for name, doc in source.presets.items() if schema_valid(doc, schemacheck.PRESET_SCHEMA)}

    acknowledged: list[Problem] = []
    # Cross-references need a sound catalog.yaml; presets that failed the schema are skipped
    # so one mistake is not reported again as a cascade of broken references.
    if catalog_ok and source.catalog is not None:
        findings = rules.check(
            source.catalog,
            valid_presets,
            source.presets if source.complete else None,
        )
        problems.extend(findings.problems)
        acknowledged = findings.acknowledged

    problems = sort_problems(problems)
    catalog = None
    if not any(p.severity is Severity.ERROR for p in problems) and source.catalog is not None:
        ordered = [source.presets[preset_id].data for preset_id in source.catalog.data["presets"]]
        catalog = model.build(root, source.catalog.data, ordered)
    return Report(tuple(problems), tuple(sort_problems(acknowledged)), catalog)
