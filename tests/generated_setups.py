"""Setups drawn from a catalogue, the same every run (seeded): fitting and unfitting presets, typos,
named systems of the right and the wrong kind, connected flags, wanted flows, names a YAML writer must
quote, and any order. The planner corpus (tests/js/make_corpus.py) plans them in Python for the
browser's rules to match; the browser tests write them as YAML and read them back."""

from __future__ import annotations

import random
from typing import Any

from generator import Catalog

# Names a YAML writer must quote (or may not), all valid labels: the setup file must read them back.
NAMES = [
    "Webshop",
    "Warehouse",
    "yes",
    "No",
    "null",
    "true",
    "123",
    "1.5",
    "Shop: NL",
    "#1 shop",
    "shop #2",
    "'quoted'",
    '"double"',
    "back\\slash",
    "Café ✓",
    "  padded  ",
    "- dash",
    "[brackets]",
    "{braces}",
    "~",
    "@at",
    "emoji 😀",
    "&anchor",
    "*alias",
    "!tag",
    "%percent",
    "a\u2028b",
    "zero\u200bwidth",
]


def typo(rng: random.Random, word: str) -> str:
    """A preset id mistyped: one character dropped, changed or added, still a valid id."""
    letters = "abcdefghijklmnopqrstuvwxyz0123456789"
    for _ in range(20):
        i = rng.randrange(len(word))
        edit = rng.choice(("drop", "change", "add"))
        if edit == "drop":
            out = word[:i] + word[i + 1 :]
        elif edit == "change":
            out = word[:i] + rng.choice(letters) + word[i + 1 :]
        else:
            out = word[:i] + rng.choice(letters) + word[i:]
        if out and out != word and "--" not in out and not out.startswith("-") and not out.endswith("-"):
            return out
    return word + "x"


def generated_setup(seed: int, catalog: Catalog) -> dict[str, Any]:
    """A setup drawn from the catalogue: fitting and unfitting presets, typos, named systems of the
    right and the wrong kind, connected flags, wanted flows and any order."""
    rng = random.Random(seed)
    kinds = [k.id for k in catalog.system_kinds]
    presets = [p.id for p in catalog.presets]
    data_types = [d.id for d in catalog.data_types]
    systems: list[dict[str, Any]] = []
    for n in range(rng.randint(1, 7)):
        kind = rng.choice(kinds) if rng.random() > 0.03 else "point-of-sale"  # a kind the catalogue lacks
        fitting = [p.id for p in catalog.presets if kind in {k.id for k in p.kinds}]
        roll = rng.random()
        if roll < 0.65 and fitting:
            preset = rng.choice(fitting)
        elif roll < 0.8:
            preset = rng.choice([p for p in presets if p not in fitting] or presets)
        elif roll < 0.93:
            preset = typo(rng, rng.choice(presets))
        else:
            preset = rng.choice(["shopify", "zz", "marketing", "e-commerce", "crm-2", "fulfillment"])
        entry: dict[str, Any] = {
            "name": rng.choice(NAMES) if rng.random() < 0.35 else f"System {n + 1}",
            "kind": kind,
            "preset": preset,
        }
        roll = rng.random()
        if roll < 0.2:
            entry["system"] = rng.choice([s.id for s in catalog.systems if s.kind == kind] or [catalog.systems[0].id])
        elif roll < 0.3:
            entry["system"] = rng.choice(catalog.systems).id
        elif roll < 0.34:
            entry["system"] = "not-in-the-catalogue"
        if rng.random() < 0.3:
            entry["connected"] = True
        if rng.random() < 0.4:
            entry["wants"] = {
                d: rng.choice(("import", "export", "both")) for d in rng.sample(data_types, rng.randint(1, 3))
            }
        systems.append(entry)
    setup: dict[str, Any] = {"systems": systems}
    if rng.random() < 0.5:
        setup = {"account": rng.choice(NAMES), **setup}
    return setup
