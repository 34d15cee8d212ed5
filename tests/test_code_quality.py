"""The house rules run with the tests, so CI holds every change to them."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import REPO


@pytest.mark.parametrize(
    "command",
    [
        [sys.executable, "-m", "ruff", "check", "."],
        [sys.executable, "-m", "ruff", "format", "--check", "."],
        [sys.executable, "-m", "mypy"],
    ],
    ids=["ruff-check", "ruff-format", "mypy-strict"],
)
def test_code_passes(command: list[str]) -> None:
    if command[2] == "ruff" and shutil.which("ruff") is None:
        pytest.skip("ruff is not installed (pip install -e '.[test]')")
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


# The stages, in the order data flows through them: a module imports from its own stage or an earlier
# one, never a later one (imports for type checking only are not run, and are allowed).
STAGES = {
    "": 0,  # what every stage shares: errors, problems, wording, names, suggest, paths, printing
    "catalogue": 1,
    "planning": 2,
    "output": 3,
    "versions": 4,  # releases, the semantic diff, the gate and the changelog: they compare exports
    "site": 5,  # the site's files, whichever generator builds them (the plugin, or `render` for any)
    "mkdocs_adapter": 6,
}
DOORS = {
    "__init__",
    "__main__",
    "api",
    "arguments",
    "checking",
    "cli",
    "commands",
    "releasing",
    "rendering",
    "reporting",
    "schemafiles",
}
PACKAGE = REPO / "generator"


def stage_of(module: str) -> int:
    """The stage of a module given as its dotted name under generator."""
    first = module.split(".")[0]
    if first in STAGES:
        return STAGES[first]
    return 7 if first in DOORS else 0


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def run_imports(source: str, module: str, *, package: bool = False) -> Iterator[tuple[int, str]]:
    """(line, imported module under generator) of every import the module (dotted, under generator) runs."""
    tree = ast.parse(source)
    guarded = {
        id(node)
        for block in ast.walk(tree)
        if isinstance(block, ast.If) and "TYPE_CHECKING" in ast.unparse(block.test)
        for node in ast.walk(block)
    }
    here = [p for p in (module.split(".") if package else module.split(".")[:-1]) if p]
    for node in ast.walk(tree):
        if id(node) in guarded or not isinstance(node, ast.ImportFrom):
            continue
        if node.level == 0:
            if node.module and node.module.startswith("generator."):
                yield node.lineno, node.module.removeprefix("generator.")
            continue
        base = here[: len(here) - (node.level - 1)]
        target = ".".join([*base, *([node.module] if node.module else [])])
        if node.module is None:
            for alias in node.names:
                yield node.lineno, f"{target}.{alias.name}" if target else alias.name
        else:
            yield node.lineno, target


def test_no_import_runs_back_up_the_stages() -> None:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = module_name(path)
        mine = stage_of(module) if module else 7
        source = path.read_text(encoding="utf-8")
        for line, target in run_imports(source, module, package=path.name == "__init__.py"):
            if stage_of(target) > mine:
                found.append(f"{path.relative_to(REPO)}:{line}: imports generator.{target}, a later stage")
    assert not found, "\n".join(found)


def test_modules_stay_small_and_the_doors_thin() -> None:
    lines = {path: len(path.read_text(encoding="utf-8").splitlines()) for path in PACKAGE.rglob("*.py")}
    assert not {str(p.relative_to(REPO)): n for p, n in lines.items() if n > 300}
    assert lines[PACKAGE / "cli.py"] < 150
    assert lines[PACKAGE / "mkdocs_adapter" / "plugin.py"] < 150


def test_the_stage_test_sees_a_backward_import() -> None:
    """The import check reads what it should: an output module importing the adapter is caught,
    a typing-only import is not."""
    source = "from typing import TYPE_CHECKING\nfrom ..mkdocs_adapter import plugin\nif TYPE_CHECKING:\n    from ..mkdocs_adapter import config\n"
    found = [target for _, target in run_imports(source, "output.pages")]
    assert found == ["mkdocs_adapter"]
    assert stage_of("mkdocs_adapter") > stage_of("output.pages")
