"""Benchmarks of `connect-presets plan` against its floor and check-jsonschema, measured in one run.

    python bench/plan.py [--sizes 100,1000,10000] [--repeat 3]

For setups of each size (bench/plan.py makes them: realistic shape, the bundled catalogue) it prints
the wall time of `plan --format json` as a fresh process, as a user runs it, its peak memory, and
the time of the plan() call alone, in process. Beside them, measured on the same file in the same
run: the floor (Python start-up, reading and parsing the same setup with libyaml and json.dumps of
it) and check-jsonschema validating the same file against schema/setup.schema.json, which does
less than plan (no rules, no checklist, no routing). Then it checks that plan is linear: 10 times
the systems may take at most 11 times as long. Times are the median of --repeat runs.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import PY, REPO, Timing, measure  # noqa: E402

sys.path.insert(0, str(REPO))

# Kinds with a preset, in the connection order (a CRM system with the CRM preset at step 5, one with the
# Activities preset at step 6); the weights are how often a real account has one.
KINDS = [
    ("marketing-automation", "marketing-automation", 2),
    ("sales-channel", "e-commerce-with-e-fulfilment", 3),
    ("marketplace", "marketplace", 6),
    ("crm", "crm", 2),
    ("crm", "activities", 2),
    ("analytics", "analytics", 1),
]
# The named systems of each preset: Tribe CRM (its exception), and the page's examples.
NAMED = {
    "crm": ["tribe-crm"],
    "activities": ["spotler-leads", "momice", "leadforensics"],
    "analytics": ["mailpro"],
}
DATA_TYPES = ["orders", "products", "stock", "shipments", "organisations", "contacts", "checkouts", "activities"]


def make_setup(path: Path, systems: int, seed: int = 0) -> Path:
    """A setup of ``systems`` systems in the connection order: one e-fulfilment system, connected, then
    the others by step (a few connected, some named, some with wanted flows), every name its own."""
    rng = random.Random(seed)
    kinds = rng.choices(KINDS, weights=[w for *_, w in KINDS], k=systems - 1)
    kinds.sort(key=lambda k: KINDS.index(k))
    lines = [
        "# yaml-language-server: $schema=../schema/setup.schema.json",
        f"account: Benchmark with {systems} systems",
        "systems:",
        "  - {name: Warehouse, kind: e-fulfilment-system, preset: fulfilment, connected: true}",
    ]
    for n, (kind, preset, _) in enumerate(kinds):
        fields = [f"name: {kind} {n}", f"kind: {kind}", f"preset: {preset}"]
        if preset in NAMED and rng.random() < 0.5:
            fields.append(f"system: {rng.choice(NAMED[preset])}")
        if rng.random() < 0.2:
            wanted = rng.sample(DATA_TYPES, rng.randint(1, 3))
            fields.append(
                "wants: {" + ", ".join(f"{d}: {rng.choice(['import', 'export', 'both'])}" for d in wanted) + "}"
            )
        lines.append("  - {" + ", ".join(fields) + "}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


FLOOR = """
import json, sys, yaml
data = yaml.load(open(sys.argv[1], "rb").read(), Loader=yaml.CSafeLoader)
json.dumps(data, indent=2)
"""


def plan_call(setup: Path, repeat: int) -> float:
    """Seconds of plan() alone, the setup and catalogue already read (median of ``repeat``)."""
    from generator import load_catalog
    from generator.planning import plan, read_setup

    catalog = load_catalog()
    seconds = []
    for _ in range(repeat):
        loaded, problems = read_setup(setup)  # afresh: plan() finds the places of its problems in the text
        assert loaded is not None, problems
        gc.collect()  # the garbage of the run before is not this run's to collect
        start = time.perf_counter()
        plan(loaded, catalog)
        seconds.append(time.perf_counter() - start)
    return statistics.median(seconds)


@dataclass
class Row:
    systems: int
    command: Timing
    call: float
    floor: Timing
    reference: Timing


def bench(systems: int, repeat: int, scratch: Path) -> Row:
    setup = make_setup(scratch / f"setup-{systems}.yaml", systems)
    command = measure([PY, "-m", "generator", "plan", str(setup), "--format", "json"], repeat, expect=0)
    floor = measure([PY, "-c", FLOOR, str(setup)], repeat)
    tool = shutil.which("check-jsonschema")
    if tool is None:
        raise SystemExit("check-jsonschema is not installed: pip install -r bench/requirements.txt")
    reference = measure([tool, "--schemafile", str(REPO / "schema" / "setup.schema.json"), str(setup)], repeat)
    return Row(systems, command, plan_call(setup, repeat), floor, reference)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,1000,10000", help="systems in each setup")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    print(
        f"machine: {os.cpu_count()} cores, load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}, Python {sys.version.split()[0]}"
    )
    with tempfile.TemporaryDirectory(prefix="cp-bench-plan-") as tmp:
        rows = [bench(size, args.repeat, Path(tmp)) for size in sizes]
    header = f"{'systems':>8} | {'plan':>8} {'plan() alone':>12} {'peak MB':>8} | {'floor':>8} {'check-jsonschema':>17}"
    print(header)
    print("-" * len(header))
    for row in rows:
        print(
            f"{row.systems:>8} | {row.command.median:7.3f}s {row.call:11.3f}s {row.command.peak_mb:8.1f} | "
            f"{row.floor.median:7.3f}s {row.reference.median:16.3f}s"
        )
    by_size = {row.systems: row for row in rows}
    targets: list[tuple[str, bool]] = []
    if 1000 in by_size and 10000 in by_size:
        small, big = by_size[1000], by_size[10000]
        growth = big.call / small.call
        targets.append(
            (f"linear: plan() at 10,000 systems takes {growth:.1f}x the time at 1,000 (<= 11x)", growth <= 11)
        )
        growth = big.command.median / small.command.median
        targets.append((f"linear: plan at 10,000 systems takes {growth:.1f}x the time at 1,000 (<= 11x)", growth <= 11))
        targets.append(
            (
                f"10,000 systems: plan {big.command.median:.2f}s, at most check-jsonschema's {big.reference.median:.2f}s",
                big.command.median <= big.reference.median,
            )
        )
    print()
    for text, met in targets:
        print(f"{'met ' if met else 'MISSED'}  {text}")
    return 0 if all(met for _, met in targets) else 1


if __name__ == "__main__":
    raise SystemExit(main())
