"""The planner corpus: setups and the plans Python makes of them, for the browser's rules to match.

    python3 tests/js/make_corpus.py           # rewrite tests/js/planner-corpus.json
    python3 tests/js/make_corpus.py --check   # exit 1 when it is out of date

`node --test tests/js/planner.test.mjs` plans every setup with site_src/javascripts/planner-rules.js
and compares; tests/test_planner_corpus.py runs both. The corpus holds every rule code, every preset
on every kind, every example in examples/, and generated setups, over the bundled catalogue and two
variants of it (one with a kind that has no step, one with kinds enough to cut a listing).
"""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from generator import load_catalog  # noqa: E402
from generator.catalogue.model import Catalog, SystemKind  # noqa: E402
from generator.output import export  # noqa: E402
from generator.planning import Setup, as_json, plan, read_setup  # noqa: E402
from generator.planning.publish import planner_document  # noqa: E402
from generator.planning.rules import RULES  # noqa: E402
from generator.wording import json_bytes  # noqa: E402
from tests.generated_setups import generated_setup  # noqa: E402

CORPUS = Path(__file__).with_name("planner-corpus.json")
GENERATED = 100
"""How many generated setups (tests/generated_setups.py, seeded: the same every run)."""


def variants(catalog: Catalog) -> dict[str, Catalog]:
    order = catalog.connection_order
    last = order.steps[-1]
    # Analytics systems lose their step (the step keeps its presets): an analytics system with the
    # CRM preset, say, then has no step at all.
    unplaced = dataclasses.replace(last, kinds=tuple(k for k in last.kinds if k.id != "analytics"))
    no_step = dataclasses.replace(
        catalog, connection_order=dataclasses.replace(order, steps=(*order.steps[:-1], unplaced))
    )
    many = tuple(SystemKind(f"kind-of-system-{n:02}", f"Kind of system {n}") for n in range(40))
    many_kinds = dataclasses.replace(catalog, system_kinds=(*catalog.system_kinds, *many))
    return {"bundled": catalog, "no-step": no_step, "many-kinds": many_kinds}


def system(name: str, kind: str, preset: str, **more: Any) -> dict[str, Any]:
    return {"name": name, "kind": kind, "preset": preset, **more}


def rule_cases() -> list[tuple[str, str, list[dict[str, Any]]]]:
    """At least one setup for every rule code and every variant of its message."""
    shop = system("Shop", "sales-channel", "e-commerce-with-e-fulfilment")
    warehouse = system("Warehouse", "e-fulfilment-system", "fulfilment")
    return [
        ("duplicate-name", "bundled", [warehouse, shop, {**shop, "preset": "e-commerce-with-marketing-automation"}]),
        ("alike-name: look-alike letter", "bundled", [system("CRM", "crm", "crm"), system("\u0421RM", "crm", "crm")]),
        (
            "alike-name: invisible",
            "bundled",
            [warehouse, system("Ware\u200bhouse", "e-fulfilment-system", "fulfilment")],
        ),
        (
            "alike-name: normalised",
            "bundled",
            [system("CRM", "crm", "crm"), system("\uff23\uff32\uff2d", "crm", "crm")],
        ),
        ("unknown-kind: close", "bundled", [system("A", "crn", "crm")]),
        ("unknown-kind: listed", "bundled", [system("A", "zzzzzz", "crm")]),
        ("unknown-kind: cut listing", "many-kinds", [system("A", "zzzzzz", "crm")]),
        ("unknown-preset: close", "bundled", [system("A", "crm", "crn")]),
        ("unknown-preset: listed", "bundled", [system("A", "crm", "qqqqqqqq")]),
        ("unknown-preset: none for the kind", "bundled", [system("A", "nothing", "qqqqqqqq")]),
        ("preset-kind: restricted", "bundled", [system("A", "sales-channel", "crm")]),
        (
            "preset-kind: suggested",
            "bundled",
            [warehouse, system("Market", "marketplace", "e-commerce-with-e-fulfilment")],
        ),
        ("unknown-system", "bundled", [system("A", "crm", "crm", system="no-such-system")]),
        ("system-kind", "bundled", [system("Leads", "crm", "activities", system="mailpro")]),
        ("missing-required", "bundled", [shop]),
        ("second-source: connect first", "bundled", [warehouse, {**warehouse, "name": "Second warehouse"}, shop]),
        (
            "second-source: connected",
            "bundled",
            [{**warehouse, "connected": True}, {**warehouse, "name": "Second warehouse"}, shop],
        ),
        (
            "second-source: connected, not at the first step",
            "bundled",
            [{**warehouse, "connected": True}, shop, system("Market", "marketplace", "fulfilment")],
        ),
        ("connected-order", "bundled", [warehouse, {**shop, "connected": True}]),
        ("added-later: joins, essential", "bundled", [{**shop, "connected": True}, warehouse]),
        (
            "added-later: was connected, request",
            "bundled",
            [
                system("CRM", "crm", "crm", connected=True),
                system("MA", "marketing-automation", "marketing-automation", connected=True),
            ],
        ),
        (
            "order: request",
            "bundled",
            [system("CRM", "crm", "crm"), system("MA", "marketing-automation", "marketing-automation")],
        ),
        ("order: essential", "bundled", [shop, warehouse]),
        (
            "unknown-data-type",
            "bundled",
            [{**warehouse, "wants": {"orderz": "import", "x" * 70: "export", "qqqqqq": "both"}}],
        ),
        (
            "unserved-want: advice, aside and others",
            "bundled",
            [
                warehouse,
                {**shop, "wants": {"stock": "both"}},
                system("MailPro", "analytics", "analytics", wants={"contacts": "export"}),
                system("Marketplace", "marketplace", "marketplace", wants={"contacts": "both"}),
                system("Tribe", "crm", "crm", system="tribe-crm", wants={"activities": "both"}),
            ],
        ),
        ("no-step", "no-step", [system("Numbers", "analytics", "crm")]),
    ]


def planned(catalog: Catalog, data: dict[str, Any]) -> dict[str, Any]:
    result = as_json(plan(Setup.from_data(data), catalog))
    for problem in result["problems"]:  # a setup built in code has no file: no line, no column
        problem["line"] = problem["column"] = None
    return result


def corpus() -> dict[str, Any]:
    catalog = load_catalog()
    catalogues = variants(catalog)
    cases: list[tuple[str, str, dict[str, Any]]] = []
    for name, variant, systems in rule_cases():
        cases.append((name, variant, {"systems": systems}))
    for preset in catalog.presets:
        for kind in catalog.system_kinds:
            cases.append(
                (f"{preset.name} on {kind.label}", "bundled", {"systems": [system("System", kind.id, preset.id)]})
            )
    for path in sorted((REPO / "examples").glob("*.yaml")):
        setup, problems = read_setup(path)
        assert setup is not None, problems
        data = {"systems": [dataclasses.asdict(s) | {"wants": dict(s.wants)} for s in setup.systems]}
        cases.append((f"example {path.name}", "bundled", data))
    for seed in range(GENERATED):
        cases.append((f"generated setup {seed}", "bundled", generated_setup(seed, catalog)))
    document = {
        "comment": "Generated by tests/js/make_corpus.py; do not edit.",
        "planner": planner_document(catalog),
        "catalogues": {
            name: {
                "index": export.index_document(variant),
                "presets": [export.preset_document(variant, p) for p in variant.presets],
            }
            for name, variant in catalogues.items()
        },
        "cases": [
            {"name": name, "catalogue": variant, "setup": data, "plan": planned(catalogues[variant], data)}
            for name, variant, data in cases
        ],
    }
    found = {p["code"] for case in document["cases"] for p in case["plan"]["problems"]}
    missing = [rule.code for rule in RULES if rule.code not in found]
    assert not missing, f"no case of the corpus shows {missing}"
    return document


def main(argv: list[str]) -> int:
    text = json_bytes(corpus())
    if argv == ["--check"]:
        if CORPUS.exists() and CORPUS.read_bytes() == text:
            return 0
        print(f"{CORPUS.relative_to(REPO)} is out of date: run python3 tests/js/make_corpus.py", file=sys.stderr)
        return 1
    CORPUS.write_bytes(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
