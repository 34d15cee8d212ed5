"""Benchmarks of connect-presets against its floor and check-jsonschema, measured in one run.

    python bench/run.py [--sizes 100,1000,10000] [--repeat 3] [--site 500]

For the real catalogue and each synthetic size it prints the wall time of `validate`
and `export` (each a fresh process, as a user runs them), the peak memory, and two
references measured on the same files in the same run: the floor (Python start-up,
reading every file and json.dumps of the same data) and check-jsonschema validating
the same files against the same schemas. Then it checks the project's targets.
Times are the median of --repeat runs; on a shared machine, read them side by side.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synth import make_catalog  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
PY = sys.executable
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


@dataclass
class Timing:
    seconds: list[float] = field(default_factory=list)
    peak_mb: float = 0.0

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


def measure(command: list[str], repeat: int, *, expect: int = 0, before: list[str] | None = None) -> Timing:
    """Wall time and peak resident memory of a fresh process, ``repeat`` times."""
    timing = Timing()
    for _ in range(repeat):
        if before:
            subprocess.run(before, check=True, env=ENV, capture_output=True)
        start = time.perf_counter()
        process = subprocess.Popen(command, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(process.pid, 0)
        timing.seconds.append(time.perf_counter() - start)
        process.returncode = os.waitstatus_to_exitcode(status)
        error = process.stderr.read().decode() if process.stderr else ""
        if process.returncode != expect:
            raise SystemExit(f"{' '.join(command[:4])}... exited {process.returncode}: {error[-2000:]}")
        timing.peak_mb = max(timing.peak_mb, usage.ru_maxrss / 1024)
    return timing


FLOOR = """
import json, sys
from pathlib import Path
root = Path(sys.argv[1])
texts = [p.read_bytes() for p in [root / "catalog.yaml", *sorted((root / "presets").glob("*.yaml"))]]
data = json.loads(Path(sys.argv[2]).read_text())
for document in data:
    json.dumps(document, indent=2)
"""


WRITE_FLOOR = """
import os, sys
from pathlib import Path
source, target = Path(sys.argv[1]), Path(sys.argv[2])
files = [(p.relative_to(source), p.read_bytes()) for p in sorted(source.rglob("*.json"))]
for relative, content in files:
    (target / relative).parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(target / relative, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    os.write(fd, content)
    os.close(fd)
"""


def floor_data(catalog: Path, scratch: Path) -> Path:
    """The catalogue's documents as JSON, for the floor to read and serialise."""
    from generator.catalogue.yamlread import read_yaml

    files = [catalog / "catalog.yaml", *sorted((catalog / "presets").glob("*.yaml"))]
    documents = [read_yaml(str(f), f.read_bytes())[0].data for f in files]
    target = scratch / "floor.json"
    target.write_text(json.dumps(documents))
    return target


def check_jsonschema(catalog: Path) -> list[list[str]]:
    tool = shutil.which("check-jsonschema")
    if tool is None:
        raise SystemExit("check-jsonschema is not installed: pip install -r bench/requirements.txt")
    presets = [str(p) for p in sorted((catalog / "presets").glob("*.yaml"))]
    return [
        [tool, "--schemafile", str(REPO / "schema" / "catalog.schema.json"), str(catalog / "catalog.yaml")],
        [tool, "--schemafile", str(REPO / "schema" / "catalog-preset.schema.json"), *presets],
    ]


@dataclass
class Row:
    name: str
    presets: int
    validate: Timing
    export: Timing
    floor: Timing
    write_floor: Timing  # creating the exported files, nothing else: what the disk costs
    reference: float  # check-jsonschema, both of its runs added


def bench_catalog(name: str, catalog: Path, repeat: int, scratch: Path) -> Row:
    presets = len(list((catalog / "presets").glob("*.yaml")))
    out = scratch / f"out-{name}"
    validate = measure([PY, "-m", "generator", "validate", str(catalog)], repeat)
    export = measure(
        [PY, "-m", "generator", "export", "--source", str(catalog), "--out", str(out)],
        repeat,
        before=["rm", "-rf", str(out)],
    )
    floor = measure([PY, "-c", FLOOR, str(catalog), str(floor_data(catalog, scratch))], repeat)
    copy = scratch / f"write-{name}"
    write_floor = measure([PY, "-c", WRITE_FLOOR, str(out), str(copy)], repeat, before=["rm", "-rf", str(copy)])
    # check-jsonschema needs minutes at 10,000 presets: one run there.
    reference = sum(measure(command, repeat if presets <= 2000 else 1).median for command in check_jsonschema(catalog))
    return Row(name, presets, validate, export, floor, write_floor, reference)


def unchanged_rebuild(catalog: Path, scratch: Path) -> bool:
    """A second export of the same catalogue rewrites no file (modification times stay)."""
    out = scratch / "unchanged"
    subprocess.run(
        [PY, "-m", "generator", "export", "--source", str(catalog), "--out", str(out)],
        check=True,
        env=ENV,
        capture_output=True,
    )
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*")}
    time.sleep(0.05)
    subprocess.run(
        [PY, "-m", "generator", "export", "--source", str(catalog), "--out", str(out)],
        check=True,
        env=ENV,
        capture_output=True,
    )
    return before == {p: p.stat().st_mtime_ns for p in out.rglob("*")}


def site_build(presets: int, scratch: Path) -> tuple[float, bool]:
    """Seconds for `connect-presets build` (MkDocs strict) at ``presets`` presets, and whether a
    second build of the same catalogue left every file's modification time as it was."""
    catalog = make_catalog(scratch / f"site-catalog-{presets}", presets)
    site = scratch / f"site-{presets}"
    command = [
        PY,
        "-m",
        "generator",
        "build",
        "--source",
        str(catalog),
        "--site-dir",
        str(site),
        "--config-file",
        str(REPO / "mkdocs.yml"),
    ]
    seconds = measure(command, 1).median
    before = {p: p.stat().st_mtime_ns for p in site.rglob("*") if p.is_file()}
    subprocess.run(command, check=True, env=ENV, capture_output=True)
    return seconds, before == {p: p.stat().st_mtime_ns for p in site.rglob("*") if p.is_file()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,1000,10000", help="synthetic catalogue sizes")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--site", type=int, default=500, help="presets in the site build benchmark (0: skip)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]

    print(
        f"machine: {os.cpu_count()} cores, load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}, Python {sys.version.split()[0]}"
    )
    results: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="cp-bench-") as tmp:
        scratch = Path(tmp)
        results.append(bench_catalog("real", REPO / "catalog", args.repeat, scratch))
        for size in sizes:
            results.append(
                bench_catalog(str(size), make_catalog(scratch / f"catalog-{size}", size), args.repeat, scratch)
            )
        header = (
            f"{'catalogue':>9} {'presets':>7} | {'validate':>9} {'export':>9} {'peak MB':>8} | "
            f"{'floor':>8} {'write floor':>11} {'check-jsonschema':>17} {'ratio':>6}"
        )
        print(header)
        print("-" * len(header))
        for row in results:
            ratio = row.reference / row.validate.median
            peak = max(row.validate.peak_mb, row.export.peak_mb)
            print(
                f"{row.name:>9} {row.presets:>7} | {row.validate.median:8.3f}s {row.export.median:8.3f}s {peak:8.1f} | "
                f"{row.floor.median:7.3f}s {row.write_floor.median:10.3f}s {row.reference:16.3f}s {ratio:5.1f}x"
            )
        unchanged = unchanged_rebuild(REPO / "catalog", scratch)
        site = site_build(args.site, scratch) if args.site else None

    by_name = {row.name: row for row in results}
    targets: list[tuple[str, bool]] = []
    real = by_name["real"]
    targets.append(
        (f"real catalogue: validate {real.validate.median * 1000:.0f} ms < 150 ms", real.validate.median < 0.150)
    )
    targets.append(
        (
            f"real catalogue: validate at most half of check-jsonschema ({real.validate.median:.3f}s vs {real.reference:.3f}s)",
            real.validate.median <= real.reference / 2,
        )
    )
    if "10000" in by_name:
        big = by_name["10000"]
        targets.append((f"10,000 presets: validate {big.validate.median:.2f}s < 2 s", big.validate.median < 2))
        targets.append((f"10,000 presets: export {big.export.median:.2f}s < 2 s", big.export.median < 2))
        targets.append(
            (
                f"10,000 presets: {big.reference / big.validate.median:.1f}x faster than check-jsonschema (>= 10x)",
                big.reference >= 10 * big.validate.median,
            )
        )
        peak = max(big.validate.peak_mb, big.export.peak_mb)
        targets.append((f"10,000 presets: peak memory {peak:.0f} MB < 300 MB", peak < 300))
        if "1000" in by_name:
            growth = big.validate.median / by_name["1000"].validate.median
            targets.append((f"linear: validate at 10,000 takes {growth:.1f}x the time at 1,000 (<= 11x)", growth <= 11))
    targets.append(("an export of an unchanged catalogue rewrites no file", unchanged))
    if site is not None:
        seconds, still = site
        targets.append((f"site at {args.site} presets: mkdocs build --strict in {seconds:.1f}s < 60 s", seconds < 60))
        targets.append((f"site at {args.site} presets: a rebuild with nothing changed rewrites no file", still))
    print()
    for text, met in targets:
        print(f"{'met ' if met else 'MISSED'}  {text}")
    return 0 if all(met for _, met in targets) else 1


if __name__ == "__main__":
    raise SystemExit(main())
