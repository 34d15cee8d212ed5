"""Large catalogues: read in parallel, still exact. (Speed is measured in bench/, not here.)"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from generator.catalogue import source
from generator.catalogue.validate import validate

from .conftest import REPO

sys.path.insert(0, str(REPO / "bench"))
from synth import make_catalog  # noqa: E402


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_catalog(tmp_path_factory.mktemp("large") / "catalog", source.PARALLEL_FROM + 200)


def test_a_large_synthetic_catalogue_is_valid(large: Path) -> None:
    report = validate(large)
    assert report.errors == () and report.catalog is not None
    assert len(report.catalog.presets) == source.PARALLEL_FROM + 200
    assert [p.id for p in report.catalog.presets] == sorted(p.id for p in report.catalog.presets)


def test_errors_read_in_parallel_are_located_as_when_read_one_by_one(
    large: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    broken = large / "presets" / "p00777.yaml"
    original = broken.read_text()
    try:
        broken.write_text(original.replace("flows:\n", "flows:\n  orders: {import: maybe, export: no}\n", 1))
        parallel = validate(large)
        monkeypatch.setattr(source, "PARALLEL_FROM", 10**9)
        sequential = validate(large)
    finally:
        broken.write_text(original)
    assert parallel.problems == sequential.problems
    [duplicate] = [p for p in parallel.errors if p.code == "yaml-duplicate-key"]
    assert duplicate.json_path == "$.flows.orders"
    assert duplicate.line == original.splitlines().index("flows:") + 3
