"""The "Plan your setup" page reads every catalogue fact from the exported configs: none is typed into
its scripts or its page, so a changed catalogue changes the page without anyone editing them. (That it
plans as generator/planning does is tested in node against a corpus: tests/test_planner_corpus.py.)"""

from __future__ import annotations

import re

import pytest

from generator import Catalog, load_catalog

from .conftest import REPO

PAGE_FILES = [
    REPO / "site_src" / "javascripts" / "planner.js",
    REPO / "site_src" / "javascripts" / "planner-rules.js",
    REPO / "site_src" / "plan.md",
]


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def catalogue_facts(catalog: Catalog) -> set[str | None]:
    """Ids, names, labels, texts and periods of the catalogue: what the page must read from the configs."""
    order = catalog.connection_order
    facts: set[str | None] = set()
    for preset in catalog.presets:
        facts |= {preset.id, preset.name, preset.summary, preset.when_to_select}
        facts |= {note.text for note in preset.notes} | {note.id for note in preset.notes}
        facts |= {lb.period for lb in preset.first_import}
        facts |= {e.note for f in preset.flows for e in f.exceptions}
        facts |= {r.description for r in preset.requires}
    facts |= {d.id for d in catalog.data_types} | {d.label for d in catalog.data_types}
    facts |= {k.id for k in catalog.system_kinds} | {k.label for k in catalog.system_kinds}
    facts |= {s.id for s in catalog.systems} | {s.name for s in catalog.systems}
    facts |= {c.id for c in catalog.conditions} | {c.label for c in catalog.conditions}
    facts |= {s.id for s in order.steps} | {s.label for s in order.steps}
    facts |= {order.if_added_later.contact, order.if_added_later.text, order.reason, order.if_absent}
    facts |= {order.page_wording, order.first_step_wording} | {i.note for i in order.inconsistencies}
    facts |= {s.qualifier for s in order.steps if s.qualifier}
    for preset in catalog.presets:
        facts |= {preset.available_only_for, *(i.note for i in preset.inconsistencies)}
    facts |= {c.cell for c in catalog.conditions} | {c.footnote for c in catalog.conditions}
    facts.discard(None)  # what the page leaves unsaid (when_to_select, footnote) is no fact
    return facts


@pytest.mark.parametrize("path", PAGE_FILES, ids=[p.name for p in PAGE_FILES])
def test_the_planner_page_types_no_catalogue_fact(catalog: Catalog, path: object) -> None:
    text = path.read_text(encoding="utf-8")  # type: ignore[attr-defined]
    found = sorted(
        fact
        for fact in catalogue_facts(catalog)
        if re.search(rf"(?<![\w-]){re.escape(fact)}(?![\w-])", text, flags=re.IGNORECASE)
    )
    assert not found, f"{path}: catalogue facts typed in, to be read from the configs instead: {found}"
