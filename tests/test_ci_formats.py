"""`--format github` and `--format sarif` (issue 13): what a CI step reads, and the registry of codes
the reports describe and link to.

The SARIF logs are validated against the SARIF 2.1.0 schema that @microsoft/jest-sarif ships
(package.json's devDependencies; `npm ci` installs it), never a copy kept in this repository.
"""

from __future__ import annotations

import ast
import json
import os
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from generator.output import github, problemcodes, sarif
from generator.problems import Problem, Severity

from .conftest import REPO, CliRunner

SARIF_SCHEMA = REPO / "node_modules" / "@microsoft" / "jest-sarif" / "lib" / "schemas" / "sarif-2.1.0-rtm.5.json"

# ::error file=F,line=L,col=C,title=T::MESSAGE, as the runner splits it.
COMMAND = re.compile(r"^::(?P<kind>error|warning|notice) (?P<properties>[^:]*)::(?P<message>.*)$")
TEXT_LINE = re.compile(
    r"^(?P<file>[^:]+):(?P<line>[0-9]+):(?P<column>[0-9]+): (?P<path>\$.*?): (?P<severity>error|warning): (?P<message>.+) \[(?P<code>[a-z0-9-]+)\]$"
)


def unescape(text: str) -> str:
    return text.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",").replace("%25", "%")


def commands(out: str) -> list[dict[str, str]]:
    """Each line of ``out`` read as a workflow command (failing on a line that is not one)."""
    read = []
    for line in out.splitlines():
        found = COMMAND.match(line)
        assert found is not None, f"not a workflow command: {line!r}"
        properties = dict(part.split("=", 1) for part in found["properties"].split(",") if part)
        read.append(
            {
                "kind": found["kind"],
                **{k: unescape(v) for k, v in properties.items()},
                "message": unescape(found["message"]),
            }
        )
    return read


def text_problems(err: str) -> list[dict[str, str]]:
    return [m.groupdict() for line in err.splitlines() if (m := TEXT_LINE.match(line))]


def sarif_schema() -> dict[str, Any]:
    if not SARIF_SCHEMA.is_file():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{SARIF_SCHEMA} is missing: CI runs `npm ci`, which installs @microsoft/jest-sarif")
        pytest.skip("the SARIF schema comes with @microsoft/jest-sarif: run `npm ci`")
    schema: dict[str, Any] = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    return schema


def valid_sarif(out: str) -> dict[str, Any]:
    """``out`` parsed and held to the SARIF schema; every result's rule is the one its index names,
    and there is one rule per code of the results."""
    log: dict[str, Any] = json.loads(out)
    schema = sarif_schema()
    validator = jsonschema.validators.validator_for(schema)  # the schema says draft-04
    validator(schema, format_checker=validator.FORMAT_CHECKER).validate(log)
    [run] = log["runs"]
    rules = run["tool"]["driver"]["rules"]
    assert run["tool"]["driver"]["name"] == "connect-presets"
    assert [r["id"] for r in rules] == list(dict.fromkeys(r["ruleId"] for r in run["results"]))
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert not uri.startswith("/") and "\\" not in uri and " " not in uri
    return log


def located(log: dict[str, Any]) -> list[tuple[str, int, int, str, str, str]]:
    return [
        (
            loc["physicalLocation"]["artifactLocation"]["uri"],
            loc["physicalLocation"]["region"]["startLine"],
            loc["physicalLocation"]["region"]["startColumn"],
            loc["logicalLocations"][0]["fullyQualifiedName"],
            result["level"],
            result["ruleId"],
        )
        for result in log["runs"][0]["results"]
        for loc in result["locations"]
    ]


def as_located(problems: list[dict[str, str]]) -> list[tuple[str, int, int, str, str, str]]:
    return [(p["file"], int(p["line"]), int(p["column"]), p["path"], p["severity"], p["code"]) for p in problems]


# --- catalogues that are wrong in many places -----------------------------------------------------------


def break_states(catalog: Path) -> int:
    """Every `import: yes` made `import: maybe` (a schema error each); how many."""
    count = 0
    for preset in sorted((catalog / "presets").glob("*.yaml")):
        text = preset.read_text(encoding="utf-8")
        count += text.count("import: yes")
        preset.write_text(text.replace("import: yes", "import: maybe"), encoding="utf-8")
    return count


def unacknowledge(catalog: Path) -> None:
    """The fulfilment preset without its acknowledgements: two lookback-without-import warnings."""
    preset = catalog / "presets" / "fulfilment.yaml"
    text = preset.read_text(encoding="utf-8")
    preset.write_text(text[: text.index("acknowledged:")], encoding="utf-8")


# --- github ----------------------------------------------------------------------------------------------


def test_github_annotates_ten_errors_of_each_severity_and_counts_the_rest(
    cli: CliRunner, catalog_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = break_states(catalog_copy)
    duplicate = catalog_copy / "presets" / "analytics.yaml"
    duplicate.write_text(duplicate.read_text(encoding="utf-8") + "name: Again\n", encoding="utf-8")
    summary = tmp_path / "summary.md"
    summary.write_text("# an earlier step's summary\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))

    run = cli("validate", "catalog", "--format", "github")
    assert run.code == 1  # the verdict is the text format's
    annotated = commands(run.out)
    expected = text_problems(run.err)  # every problem, as text, in the log
    assert len(expected) > 10 and {p["code"] for p in expected} == {"schema", "yaml-duplicate-key"}
    errors = [a for a in annotated if a["kind"] == "error"]
    assert len(errors) == 10
    assert {a["title"] for a in errors} == {"connect-presets schema", "connect-presets yaml-duplicate-key"}
    by_place = {(p["file"], p["line"], p["column"]): p for p in expected}
    for annotation in errors:
        problem = by_place[(annotation["file"], annotation["line"], annotation["col"])]
        assert annotation["message"] == f"{problem['path']}: {problem['message']}"
    [notice] = [a for a in annotated if a["kind"] == "notice"]
    assert notice["message"].startswith(f"{len(expected) - 10} more error(s) not annotated")
    assert broken >= 10

    written = summary.read_text(encoding="utf-8")
    assert written.startswith("# an earlier step's summary\n### connect-presets validate: ")  # appended
    rows = [line for line in written.splitlines() if line.startswith("| error |")]
    assert len(rows) == len(expected)
    assert "yaml\\-duplicate\\-key" not in written and "`yaml-duplicate-key`" in written


@pytest.mark.parametrize("kind", ["missing", "folder"])
def test_a_step_summary_that_is_not_a_regular_file_is_left_alone(
    cli: CliRunner, catalog_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    target = tmp_path / "summary"
    if kind == "folder":
        target.mkdir()
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(target))
    run = cli("validate", "catalog", "--format", "github")
    assert run.code == 0 and run.out == ""  # a valid catalogue: nothing to annotate
    assert "GITHUB_STEP_SUMMARY" in run.err and "no summary written" in run.err
    assert target.is_dir() if kind == "folder" else not target.exists()


def test_a_command_escapes_what_would_end_its_properties_or_its_message() -> None:
    problem = Problem("a,b:c.yaml", 3, 4, ("flows", "x"), "100% sure\r\nnot", "schema", Severity.WARNING)
    assert github.command(problem) == (
        "::warning file=a%2Cb%3Ac.yaml,line=3,col=4,title=connect-presets schema::$.flows.x: 100%25 sure\\r\\nnot\n"
    )  # one_line shows a line break as an escape first; the runner's own escapes cover the rest
    assert github.escape_data("a%\r\nb") == "a%25%0D%0Ab"
    assert github.escape_property("a:b,c%") == "a%3Ab%2Cc%25"


def test_ten_of_a_severity_take_the_first_of_each_code_first() -> None:
    many = [Problem("a.yaml", line, 1, (), "m", "schema") for line in range(1, 30)]
    rare = Problem("z.yaml", 1, 1, (), "m", "yaml-tag")
    picked = github.chosen([*many, rare])
    assert len(picked) == 10 and rare in picked and picked[:9] == many[:9]


def test_export_in_github_mode_writes_only_workflow_commands_on_standard_output(
    cli: CliRunner, catalog_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    unacknowledge(catalog_copy)
    run = cli("export", "--source", "catalog", "--out", tmp_path / "out", "--format", "github")
    assert run.code == 0
    annotated = commands(run.out)
    assert [a["kind"] for a in annotated] == ["warning", "warning"]
    assert {a["title"] for a in annotated} == {"connect-presets lookback-without-import"}
    assert {a["file"] for a in annotated} == {"catalog/presets/fulfilment.yaml"}
    assert "wrote" in run.err and (tmp_path / "out" / "index.json").is_file()


def test_check_in_github_mode_sends_its_diff_to_standard_error(
    cli: CliRunner, catalog_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    out = tmp_path / "out"
    assert cli("export", "--source", "catalog", "--out", out).code == 0
    (out / "index.json").write_text("{}\n", encoding="utf-8")
    unacknowledge(catalog_copy)
    run = cli("check", "--source", "catalog", "--out", out, "--format", "github")
    assert run.code == 3
    assert [a["kind"] for a in commands(run.out)] == ["warning", "warning"]
    assert "not up to date" in run.err and "index.json" in run.err


# --- sarif -----------------------------------------------------------------------------------------------


def test_sarif_of_validate_is_valid_and_locates_every_problem(cli: CliRunner, catalog_copy: Path) -> None:
    break_states(catalog_copy)
    run = cli("validate", "catalog", "--format", "sarif")
    assert run.code == 1
    log = valid_sarif(run.out)
    assert located(log) == as_located(text_problems(run.err))
    [rule] = log["runs"][0]["tool"]["driver"]["rules"]
    assert rule["id"] == "schema" and rule["defaultConfiguration"]["level"] == "error"
    assert "helpUri" not in rule and "developers/#problem-schema" in rule["help"]["text"]
    assert run.out == cli("validate", "catalog", "--format", "sarif").out  # deterministic


def test_sarif_links_each_rule_to_its_row_when_the_site_is_known(cli: CliRunner, catalog_copy: Path) -> None:
    unacknowledge(catalog_copy)
    run = cli("validate", "catalog", "--format", "sarif", "--site-url", "https://docs.example.org/presets/")
    assert run.code == 0
    [rule] = valid_sarif(run.out)["runs"][0]["tool"]["driver"]["rules"]
    assert rule["helpUri"] == "https://docs.example.org/presets/developers/#problem-lookback-without-import"


def test_sarif_of_plan_for_a_setup_against_its_schema(cli: CliRunner, tmp_path: Path) -> None:
    setup = tmp_path / "my setup.yaml"
    setup.write_text("account: A\nsystems: 5\n", encoding="utf-8")
    run = cli("plan", setup, "--format", "sarif")
    assert run.code == 1
    log = valid_sarif(run.out)
    [(uri, line, column, path, level, code)] = located(log)
    assert uri.endswith("my%20setup.yaml") and (line, column, path, level, code) == (
        2,
        10,
        "$.systems",
        "error",
        "schema",
    )


def test_sarif_of_plan_takes_the_planners_words(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("setup.yaml").write_text(
        "account: A\nsystems:\n  - {name: Shop, kind: sales-channel, preset: nothing-like-it}\n"
        "  - {name: Shop, kind: sales-channel, preset: marketplace}\n",
        encoding="utf-8",
    )
    run = cli("plan", "setup.yaml", "--format", "sarif")
    assert run.code == 1
    log = valid_sarif(run.out)
    rules = {r["id"]: r for r in log["runs"][0]["tool"]["driver"]["rules"]}
    assert {"unknown-preset", "duplicate-name"} <= set(rules)
    assert rules["duplicate-name"]["shortDescription"]["text"] == "Two systems have the same name."
    assert rules["duplicate-name"]["help"]["text"].endswith("developers/#problem-plan-duplicate-name.")
    assert {uri for uri, *_ in located(log)} == {"setup.yaml"}
    assert located(log) == as_located(text_problems(run.err))  # the plan itself, as text, on standard error
    assert "Connect in this order:" in run.err


def test_sarif_of_export_of_an_invalid_catalogue(cli: CliRunner, catalog_copy: Path, tmp_path: Path) -> None:
    break_states(catalog_copy)
    run = cli("export", "--source", "catalog", "--out", tmp_path / "out", "--format", "sarif")
    assert run.code == 1 and not (tmp_path / "out").exists()
    log = valid_sarif(run.out)
    assert located(log) == as_located(text_problems(run.err))
    assert "nothing written" in run.err


def test_sarif_escapes_a_file_name_as_a_uri() -> None:
    assert sarif.artifact_uri("catalog/presets/a b%#.yaml") == "catalog/presets/a%20b%25%23.yaml"
    assert sarif.artifact_uri("/abs/x y.yaml") == "file:///abs/x%20y.yaml"


# --- the registry ----------------------------------------------------------------------------------------

_CODE = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")


def _is_code(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and bool(_CODE.match(node.value))


def _is_message(node: ast.expr) -> bool:
    """Words for a reader: an f-string, text with a space, or a variable named for a message."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and " " in node.value
    return isinstance(node, ast.JoinedStr) or (isinstance(node, ast.Name) and "message" in node.id)


def _call_name(node: ast.Call) -> str | None:
    func = node.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None


def codes_in_the_source() -> dict[str, str]:
    """Every code literal a Problem can be given, with where: the code argument of ``Problem(...)`` and
    of every function with a parameter named ``code`` (``doc.problem``, ``refused``, ``at_version``...,
    found by their definitions), such a parameter's default, and the code of a ``(message, code)``
    pair (the YAML reader's troubles, starred into a Problem). The rule tables feed the registry."""
    trees = {path: ast.parse(path.read_text(encoding="utf-8")) for path in sorted((REPO / "generator").rglob("*.py"))}
    code_at: dict[str, set[int]] = {"Problem": {5}}
    for tree in trees.values():
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef):
                params = [a.arg for a in node.args.args if a.arg not in ("self", "cls")]
                if "code" in params:
                    code_at.setdefault(node.name, set()).add(params.index("code"))
    found: dict[str, str] = {}
    for path, tree in trees.items():
        for node in ast.walk(tree):
            given: list[ast.expr] = []
            if isinstance(node, ast.Call) and (name := _call_name(node)) in code_at:
                starred = any(isinstance(a, ast.Starred) for a in node.args)
                given += [node.args[i] for i in code_at[name] if i < len(node.args) and not starred]
                given += [node.args[-1]] if starred else []  # Problem(file, *place, path, message, code)
                given += [k.value for k in node.keywords if k.arg == "code"]
            elif isinstance(node, ast.FunctionDef):
                positional = node.args.args[len(node.args.args) - len(node.args.defaults) :]
                given += [d for p, d in zip(positional, node.args.defaults, strict=True) if p.arg == "code"]
            elif isinstance(node, ast.Tuple) and len(node.elts) == 2 and _is_message(node.elts[0]):
                given.append(node.elts[1])  # (f"message", "code") or (message, "code")
            for expression in given:
                if _is_code(expression):
                    assert isinstance(expression, ast.Constant)
                    found.setdefault(expression.value, f"{path.relative_to(REPO)}:{expression.lineno}")
    return found


def test_every_code_a_problem_can_carry_is_in_the_registry() -> None:
    registered = problemcodes.codes()
    found = codes_in_the_source()
    assert {"yaml-syntax", "yaml-ambiguous-number", "unreadable", "too-large", "version-behind", "usage"} <= set(found)
    assert {code: where for code, where in found.items() if code not in registered} == {}
    from generator.catalogue import rules as catalogue_rules
    from generator.planning import rules as planning_rules

    tables = {r.code for r in catalogue_rules.RULES} | {r.code for r in planning_rules.RULES}
    assert registered - set(found) - tables == set()  # nothing registered that nothing makes


def test_every_code_the_invalid_cases_expect_is_in_the_registry() -> None:
    expected = set()
    for case in sorted((REPO / "tests" / "cases" / "invalid").glob("*/case.json")):
        for line in json.loads(case.read_text(encoding="utf-8")).get("expect", []):
            if found := re.search(r"\[([a-z0-9-]+)\]$", line):
                expected.add(found[1])
    assert len(expected) > 10 and expected - problemcodes.codes() == set()


def test_each_row_of_the_registry_has_its_own_anchor() -> None:
    entries = problemcodes.registry()
    anchors = [problemcodes.anchor(e) for e in entries]
    assert len(set(anchors)) == len(anchors)
    assert all(re.fullmatch(r"problem-[a-z0-9-]+", a) for a in anchors)
    assert {e.group for e in entries} == set(problemcodes.GROUPS)
    assert problemcodes.anchor(problemcodes.describe("duplicate-name", "plan")) == "problem-plan-duplicate-name"
