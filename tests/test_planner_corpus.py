"""The browser's planner rules hold to Python's: node runs site_src/javascripts/planner-rules.js over
the corpus of setups and plans that tests/js/make_corpus.py writes from generator/planning, without a
browser. A rule or message changed in Python and not in the browser fails here, once the corpus is
regenerated; a corpus not regenerated fails the staleness test."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
from pathlib import Path
from types import ModuleType

import pytest

from generator.planning.rules import RULES

from . import readme_tables
from .conftest import REPO

JS = REPO / "tests" / "js"


def make_corpus() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_corpus", JS / "make_corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def node() -> str:
    found = shutil.which("node")
    if found is None:
        reason = "node is not installed: the planner corpus runs in node (apt-get install nodejs)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason} (CI=true: it must run)", pytrace=False)
        pytest.skip(reason)
    return found


def test_the_committed_corpus_is_what_python_plans_today() -> None:
    corpus = make_corpus()
    assert corpus.main(["--check"]) == 0, "run: python3 tests/js/make_corpus.py"


def test_the_corpus_holds_every_rule_code_each_preset_on_each_kind_and_every_example() -> None:
    document = json.loads((JS / "planner-corpus.json").read_text(encoding="utf-8"))
    codes = {p["code"] for case in document["cases"] for p in case["plan"]["problems"]}
    assert codes == {rule.code for rule in RULES}
    names = {case["name"] for case in document["cases"]}
    examples = {f"example {p.name}" for p in (REPO / "examples").glob("*.yaml")}
    assert examples <= names
    index = document["catalogues"]["bundled"]["index"]
    for preset in document["catalogues"]["bundled"]["presets"]:
        for kind in index["system_kinds"]:
            assert f"{preset['name']} on {kind['label']}" in names


def test_the_browser_rules_plan_the_corpus_as_python_does() -> None:
    run = subprocess.run(
        [node(), "--test", "--test-reporter=dot", str(JS / "planner.test.mjs")],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-3000:]


def test_a_rule_that_drifts_in_the_browser_fails_the_node_run(tmp_path: Path) -> None:
    """The corpus run is a real check: the browser's rules with one message changed fail it."""
    copy = tmp_path / "repo"
    (copy / "site_src" / "javascripts").mkdir(parents=True)
    (copy / "tests" / "js").mkdir(parents=True)
    rules = (REPO / "site_src" / "javascripts" / "planner-rules.js").read_text(encoding="utf-8")
    drifted = rules.replace(
        'say("duplicate-name", { name: system.name, first: seen.get(system.name) + 1 })',
        'say("duplicate-name", { name: system.name, first: seen.get(system.name) })',
    )
    assert drifted != rules
    (copy / "site_src" / "javascripts" / "planner-rules.js").write_text(drifted, encoding="utf-8")
    for name in ("planner.test.mjs", "planner-corpus.json"):
        shutil.copy(JS / name, copy / "tests" / "js" / name)
    shutil.copy(REPO / "package.json", copy / "package.json")
    run = subprocess.run(
        [node(), "--test", "--test-reporter=dot", "tests/js/planner.test.mjs"],
        cwd=copy,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode != 0
    assert "duplicate-name" in run.stdout


def test_the_readme_lists_the_rule_table() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    start, end = readme_tables.span(readme, "plan rules")
    assert readme[start:end] == readme_tables.planning_block(), "run: python3 tests/readme_tables.py"
