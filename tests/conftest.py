"""Shared fixtures: a writable copy of the bundled catalogue, and the CLI run in-process."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.cli import main

REPO = Path(__file__).resolve().parents[1]
BUNDLED = REPO / "catalog"


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str


CliRunner = Callable[..., Run]


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site, built once per test run with ``mkdocs build --strict`` semantics from the
    bundled catalogue, into a temporary folder. Read it; do not change it."""
    from generator.mkdocs_adapter.build import build_site

    site = tmp_path_factory.mktemp("built") / "site"
    build_site(REPO / "mkdocs.yml", site, None, strict=True)
    return site


@pytest.fixture
def catalog_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the bundled catalogue at ``<tmp>/catalog``, with ``<tmp>`` as the working
    directory, so problems name files as ``catalog/presets/crm.yaml``."""
    destination = tmp_path / "catalog"
    shutil.copytree(BUNDLED, destination)
    monkeypatch.chdir(tmp_path)
    return destination


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> CliRunner:
    """Run ``connect-presets ARGS...`` in this process and capture its exit code and output."""

    def run(*args: object) -> Run:
        try:
            code = main([str(arg) for arg in args])
        except SystemExit as exit_:  # argparse's own usage errors
            code = int(exit_.code or 0)
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


@pytest.fixture
def site_project(tmp_path: Path) -> Path:
    """A copy of the site project at ``<tmp>/project``: mkdocs.yml with its docs, theme, catalogue and examples."""
    root = tmp_path / "project"
    root.mkdir()
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    for folder in ("site_src", "catalog", "templates", "examples"):
        shutil.copytree(REPO / folder, root / folder)
    return root
