"""Outputs are whole at every moment: a killed run leaves the previous output, and two runs on
one folder take turns. Black-box: real processes, killed with SIGKILL at several moments."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.output.write import read_tree

from .conftest import REPO

sys.path.insert(0, str(REPO / "bench"))
from synth import make_catalog  # noqa: E402

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def export(catalog: Path, out: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "generator", "export", "--source", str(catalog), "--out", str(out)]
    return subprocess.Popen(command, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def whole_export(out: Path) -> dict[str, bytes]:
    """The folder's files, after checking that they form one complete export."""
    files = read_tree(out)
    index = json.loads(files["index.json"])
    pins = {entry["config"]: entry["sha256"] for entry in index["presets"]}
    pins |= {schema["path"]: schema["sha256"] for schema in index["schemas"]}
    assert set(files) == {"index.json", *pins}
    # Every file is the one the index pins: none left from another export.
    assert {path: hashlib.sha256(files[path]).hexdigest() for path in pins} == pins
    for entry in index["presets"]:
        assert json.loads(files[entry["config"]])["id"] == entry["id"]
    return files


@pytest.fixture(scope="module")
def two_catalogues(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("atomic")
    # Large enough that an export takes a good part of a second, so kills land mid-way.
    return make_catalog(base / "old", 3000, seed=1), make_catalog(base / "new", 3000, seed=2)


@pytest.mark.slow
@pytest.mark.parametrize("delay", [0.05, 0.15, 0.3, 0.5, 0.8, 1.2])
def test_an_export_killed_at_any_moment_leaves_the_old_export_or_the_new_one(
    two_catalogues: tuple[Path, Path], tmp_path: Path, delay: float
) -> None:
    old_catalog, new_catalog = two_catalogues
    out = tmp_path / "configs"
    assert export(old_catalog, out).wait() == 0
    old = whole_export(out)
    running = export(new_catalog, out)
    time.sleep(delay)
    running.send_signal(signal.SIGKILL)
    running.wait()
    now = whole_export(out)  # complete, whatever moment the kill hit
    # Then a clean run finishes the job and leaves no staging folder behind.
    assert export(new_catalog, out).wait() == 0
    new = whole_export(out)
    assert now in (old, new)
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(".lock")) == ["configs"]


@pytest.mark.slow
@pytest.mark.parametrize("delay", [0.2, 0.8, 1.6])
def test_a_site_build_killed_at_any_moment_leaves_a_whole_site(tmp_path: Path, delay: float) -> None:
    site = tmp_path / "site"
    command = [
        sys.executable,
        "-m",
        "generator",
        "build",
        "--site-dir",
        str(site),
        "--config-file",
        str(REPO / "mkdocs.yml"),
    ]
    assert subprocess.run(command, env=ENV, capture_output=True, check=False).returncode == 0
    index = site / "index.html"
    index.write_bytes(index.read_bytes() + b"<!-- edited -->")  # so the next build has something to replace
    before = read_tree(site)
    running = subprocess.Popen(command, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    running.send_signal(signal.SIGKILL)
    running.wait()
    after = read_tree(site)
    if after != before:  # the build got as far as its swap: then the whole new site is there
        rebuilt = tmp_path / "rebuilt"
        assert (
            subprocess.run([*command[:-4], "--site-dir", str(rebuilt), *command[-2:]], env=ENV, check=False).returncode
            == 0
        )
        assert after == read_tree(rebuilt)


def test_two_exports_into_one_folder_take_turns(two_catalogues: tuple[Path, Path], tmp_path: Path) -> None:
    old_catalog, new_catalog = two_catalogues
    out = tmp_path / "configs"
    first, second = export(old_catalog, out), export(new_catalog, out)
    assert (first.wait(), second.wait()) == (0, 0)
    final = whole_export(out)
    alone = tmp_path / "alone"
    results = []
    for catalog in (old_catalog, new_catalog):
        shutil.rmtree(alone, ignore_errors=True)
        assert export(catalog, alone).wait() == 0
        results.append(read_tree(alone))
    assert final in results  # one run's whole output, never a mix of both
