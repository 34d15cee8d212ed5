"""The package as a new user meets it: every public name imports in a fresh interpreter, and every
Python example of the README runs as written, its commented results checked."""

from __future__ import annotations

import ast
import re
import subprocess
import sys

import pytest

import generator

from .conftest import REPO

HANG_GUARD = 60  # seconds: a generous bound that only stops a run that hangs


def fresh(code: str) -> subprocess.CompletedProcess[str]:
    """``code`` run by a new interpreter in the repository, as a user's script would be."""
    return subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=HANG_GUARD, check=False
    )


@pytest.mark.parametrize("name", generator.__all__)
@pytest.mark.parametrize("form", ["attribute", "from-import"])
def test_every_public_name_imports_in_a_fresh_interpreter(name: str, form: str) -> None:
    code = f"import generator; generator.{name}" if form == "attribute" else f"from generator import {name}"
    run = fresh(code + f"\nprint({name!r})")
    assert (run.returncode, run.stdout, run.stderr) == (0, f"{name}\n", "")


def test_an_unknown_name_is_an_attribute_error() -> None:
    run = fresh("import generator\ntry:\n    generator.nothing\nexcept AttributeError as e:\n    print(e)")
    assert run.stdout == "module 'generator' has no attribute 'nothing'\n"


def test_the_readme_plan_call_works_in_a_fresh_interpreter() -> None:
    # The call the README gave in "Planning a setup" (RecursionError in a fresh interpreter before).
    call = "generator.plan(generator.read_setup(path)[0], generator.load_catalog())"
    run = fresh(
        "import generator\nfrom pathlib import Path\npath = Path('examples/wrong-order.yaml')\n"
        f"result = {call}\nprint([p.code for p in result.problems])"
    )
    assert (run.returncode, run.stderr) == (0, "")
    assert run.stdout == "['added-later', 'order', 'added-later', 'order']\n"


def readme_python_blocks() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    return re.findall(r"^```python\n(.*?)^```\n", text, flags=re.DOTALL | re.MULTILINE)


def with_checked_results(block: str) -> str:
    """The block with each ``expression  # result`` line also asserting its result, where the comment
    is a Python literal (``crm.flow("activities").imports.state  # 'yes'``)."""
    lines = block.splitlines()
    checks: dict[int, str] = {}
    for statement in ast.parse(block).body:
        if not isinstance(statement, ast.Expr) or statement.end_lineno is None:
            continue
        line = lines[statement.end_lineno - 1]
        comment = line[statement.end_col_offset :].strip()
        if not comment.startswith("#"):
            continue
        try:
            expected = ast.literal_eval(comment[1:].strip())
        except (ValueError, SyntaxError):
            continue  # a comment in words, not a result
        expression = ast.get_source_segment(block, statement.value)
        indent = line[: len(line) - len(line.lstrip())]
        checks[statement.end_lineno] = f"{indent}assert ({expression}) == {expected!r}, ({expression!r}, {expression})"
    out = []
    for number, line in enumerate(lines, start=1):
        out.append(checks.get(number, line))
    return "\n".join(out) + "\n"


def test_the_readme_has_python_examples() -> None:
    blocks = readme_python_blocks()
    assert blocks, "README.md has no ```python block"
    # The checker sees the results written in the API example.
    checked = "".join(with_checked_results(block) for block in blocks)
    assert "assert (crm.flow(\"activities\").imports.state) == 'yes'" in checked
    assert "assert ([p.code for p in result.problems]) == ['added-later', 'order', 'added-later', 'order']" in checked


@pytest.mark.parametrize("number", range(len(readme_python_blocks())))
def test_every_python_example_of_the_readme_runs(number: int) -> None:
    block = readme_python_blocks()[number]
    run = fresh(with_checked_results(block))
    assert run.returncode == 0, f"README ```python block {number + 1}:\n{block}\n{run.stderr}"
    assert "Traceback" not in run.stderr


@pytest.mark.parametrize("module", ["generator", "generator.planning"])
def test_the_docstring_examples_run(module: str) -> None:
    run = fresh(f"import doctest, importlib\nprint(doctest.testmod(importlib.import_module({module!r})))")
    assert run.returncode == 0 and run.stdout.startswith("TestResults(failed=0, attempted="), run.stdout + run.stderr
    assert not run.stdout.startswith("TestResults(failed=0, attempted=0)")
