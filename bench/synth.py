"""Synthetic catalogues of realistic shape, for benchmarks: `python bench/synth.py N DIR`.

Each preset looks like the real ones: one to two kinds, a flow for every data type
(some conditional, a few with an exception for a named system), first-import periods
for what it imports, mostly the page's restriction (available_only_for), and now and then
advice on when to select it, a requirement, example systems, a note or, for an e-fulfilment
preset that imports stock, may_be_only_source_of. The connection order is the bundled one,
its last step naming the presets that the real one's does: those for analytics systems and
some for CRM systems (as Activities is), so every preset has a step and every catalogue is
valid without a warning.
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
from generator import load_catalog  # noqa: E402

# The vocabulary is the bundled catalogue's, as catalog.yaml defines it (the synthetic catalogue
# keeps its catalog.yaml): a data type, kind, system or condition added there is used here too.
_BUNDLED = load_catalog(REPO / "catalog")
DATA_TYPES = [d.id for d in _BUNDLED.data_types]
KINDS = [k.id for k in _BUNDLED.system_kinds]
SYSTEMS = {s.id: s.kind for s in _BUNDLED.systems}
CONDITIONS = [c.id for c in _BUNDLED.conditions]
PERIODS = ["P7D", "P30D", "P1Y", "P2Y", "P10Y"]
WORDS = "connector data platform orders contacts sync import export stock channel webshop marketplace warehouse campaign".split()


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def _state(rng: random.Random) -> str:
    return rng.choices(["yes", "no", "conditional"], weights=[4, 6, 1])[0]


def last_step(kinds: list[str], rng: random.Random) -> bool:
    """Whether the preset belongs to the last step, which names presets: those for analytics systems (the
    kind has no step of its own) and, as Activities is, some for CRM systems."""
    return "analytics" in kinds or ("crm" in kinds and rng.random() < 0.3)


def preset_yaml(rng: random.Random, preset_id: str, number: int, kinds: list[str]) -> str:
    lines = [
        "# yaml-language-server: $schema=../../schema/catalog-preset.schema.json",
        f"id: {preset_id}",
        f"name: Preset {number} for {' and '.join(kinds)}",
        f"summary: >-\n  {_sentence(rng, 18)}\n  {_sentence(rng, 12)}",
    ]
    if rng.random() < 0.4:  # the page advises on when to select only some presets
        lines.append(f"when_to_select: {_sentence(rng, 14)}")
    if rng.random() < 0.7:
        lines.append(f"available_only_for: {' and '.join(kinds)} systems")
    lines.append(f"kinds: [{', '.join(kinds)}]")
    fitting = [s for s, kind in SYSTEMS.items() if kind in kinds]
    if fitting and rng.random() < 0.3:
        lines.append(f"example_systems: [{', '.join(fitting)}]")
    if rng.random() < 0.1:
        lines += ["requires:", "  - kind: e-fulfilment-system", f"    description: {_sentence(rng, 12)}"]
    if rng.random() < 0.1:
        lines += ["notes:", "  - id: read-first", f"    text: {_sentence(rng, 20)}", "    suggest_presets: [p00000]"]
    lines.append("flows:")
    imported = []
    for data_type in DATA_TYPES:
        states = {"import": _state(rng), "export": _state(rng)}
        parts = []
        for direction, state in states.items():
            parts.append(f"{direction}: {state}")
            if state == "conditional":
                parts.append(f"{direction}_condition: {rng.choice(CONDITIONS)}")
        if states["import"] != "no":
            imported.append(data_type)
        exception = fitting and states["import"] == "yes" and rng.random() < 0.05
        if exception:
            lines += [f"  {data_type}:", *(f"    {part}" for part in parts), "    exceptions:"]
            lines += [
                f"      - system: {fitting[0]}",
                "        import: no",
                "        export: no",
                f"        note: {_sentence(rng, 10)}",
            ]
        else:
            lines.append(f"  {data_type}: {{{', '.join(parts)}}}")
    if "stock" in imported and "e-fulfilment-system" in kinds and rng.random() < 0.5:
        lines.append("may_be_only_source_of: [stock]")
    if imported:
        lines.append("first_import:")
        for data_type in imported:
            possible = ", when_possible: true" if rng.random() < 0.2 else ""
            lines.append(f"  {data_type}: {{period: {rng.choice(PERIODS)}{possible}}}")
    else:
        lines.append("first_import: {}")
    return "\n".join(lines) + "\n"


def make_catalog(root: Path, presets: int, seed: int = 0) -> Path:
    """Write a catalogue of ``presets`` presets at ``root`` (replacing the folder's content)."""
    rng = random.Random(seed)
    ids = [f"p{i:05d}" for i in range(presets)]
    (root / "presets").mkdir(parents=True, exist_ok=True)
    for old in (root / "presets").glob("*.yaml"):
        old.unlink()
    catalog = (REPO / "catalog" / "catalog.yaml").read_text(encoding="utf-8")
    catalog = re.sub(r"(?m)^presets:\n(?:  - .*\n)+", "presets:\n" + "".join(f"  - {i}\n" for i in ids), catalog)
    placed = []  # the presets the last step names
    for number, preset_id in enumerate(ids):
        # The first is for analytics systems, so that the last step names at least one preset.
        kinds = ["analytics"] if number == 0 else rng.sample(KINDS, rng.choice([1, 1, 1, 2]))
        if last_step(kinds, rng):
            placed.append(preset_id)
        text = preset_yaml(rng, preset_id, number, kinds)
        (root / "presets" / f"{preset_id}.yaml").write_text(text, encoding="utf-8")
    catalog, replaced = re.subn(r"(?m)^(    +presets: )\[.*\]$", rf"\g<1>[{', '.join(placed)}]", catalog)
    assert replaced == 1, "the bundled connection order has one step that names presets"
    (root / "catalog.yaml").write_text(catalog, encoding="utf-8")
    return root


if __name__ == "__main__":
    count, folder = int(sys.argv[1]), Path(sys.argv[2])
    make_catalog(folder, count)
    print(f"{folder}: {count} presets")
