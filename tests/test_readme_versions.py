"""The README's "Versions and releases" runs as written: its diff example prints what it shows, its
changelog entry passes the gate, and its change table is the one in generator/versions/changes.py."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, CliRunner

from . import readme_tables

README = (REPO / "README.md").read_text(encoding="utf-8")
SECTION = README[README.index("## Versions and releases") : README.index("## Planning a setup")]


def _fenced() -> list[tuple[str, str]]:
    """(language, text) of every fenced block of the section, in order."""
    blocks: list[tuple[str, str]] = []
    language: str | None = None
    lines: list[str] = []
    for line in SECTION.splitlines(keepends=True):
        if line.startswith("```"):
            if language is None:
                language, lines = line[3:].strip(), []
            else:
                blocks.append((language, "".join(lines)))
                language = None
        elif language is not None:
            lines.append(line)
    return blocks


def _blocks(language: str) -> list[str]:
    return [text for lang, text in _fenced() if lang == language]


def test_the_change_table_is_generated_from_the_rules() -> None:
    start, end = readme_tables.span(README, "change rules")
    assert README[start:end] == readme_tables.change_block(), "run: python3 tests/readme_tables.py"


def test_the_diff_example_prints_what_the_readme_shows(tmp_path: Path) -> None:
    if not (REPO / "releases/2.0.0/release.json").is_file():
        pytest.fail("the bundled catalogue's first release, releases/2.0.0, is missing")
    (script,) = _blocks("sh")
    shown = next(b for b in _blocks("") if b.startswith("/tmp/next-catalog"))
    place = str(tmp_path / "next-catalog")
    script = script.replace("/tmp/next-catalog", place).replace("connect-presets ", f"{sys.executable} -m generator ")
    run = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script], cwd=REPO, capture_output=True, text=True, timeout=60
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout == shown.replace("/tmp/next-catalog", place)


def test_the_changelog_example_passes_the_gate(tmp_path: Path, cli: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copytree(REPO / "catalog", "catalog")
    assert cli("release", "--source", "catalog", "--date", "2026-12-03").code == 0
    crm = Path("catalog/presets/crm.yaml")
    text = crm.read_text()
    start = text.index("  activities:\n")
    end = text.index("first_import:")
    crm.write_text(text[:start] + "  activities: {import: yes, export: yes}\n" + text[end:])
    (entry,) = _blocks("yaml")
    catalog = Path("catalog/catalog.yaml")
    catalog.write_text(catalog.read_text().replace("version: 2.0.0\n", entry, 1))
    run = cli("validate", "catalog")
    assert run.code == 0, run.out
    assert cli("release", "--source", "catalog", "--date", "2026-12-04").code == 0
