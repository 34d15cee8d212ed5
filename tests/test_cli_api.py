"""The command line and the Python API as their users meet them."""

from __future__ import annotations

import dataclasses
import errno
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator import CatalogError, Severity, load_catalog
from generator import cli as cli_module

from .conftest import REPO, CliRunner
from .places import place, position


def test_validate_reports_a_valid_catalogue(cli: CliRunner) -> None:
    run = cli("validate")
    assert run.code == 0
    assert run.out == "catalogue valid: 0 error(s), 0 warning(s) (3 acknowledged)\n"


def test_warnings_pass_but_fail_under_strict(cli: CliRunner, catalog_copy: Path) -> None:
    fulfilment = catalog_copy / "presets" / "fulfilment.yaml"
    text = fulfilment.read_text()
    fulfilment.write_text(text[: text.index("acknowledged:")])
    warning_lines = [
        f"{place(catalog_copy, 'presets/fulfilment.yaml', '$.first_import.orders', key=True)}: "
        "$.first_import.orders: warning: "
        "a first-import period for 'orders', which this preset does not import [lookback-without-import]",
        f"{place(catalog_copy, 'presets/fulfilment.yaml', '$.first_import.contacts', key=True)}: "
        "$.first_import.contacts: warning: "
        "a first-import period for 'contacts', which this preset does not import [lookback-without-import]",
    ]
    run = cli("validate", "catalog")
    assert run.code == 0
    assert run.out.splitlines()[:-1] == warning_lines
    strict = cli("validate", "catalog", "--strict")
    assert strict.code == 1
    assert strict.out.splitlines()[:-1] == [line.replace(": warning: ", ": error: ") for line in warning_lines]


def test_json_format_lists_the_same_problems(cli: CliRunner, catalog_copy: Path) -> None:
    crm = catalog_copy / "presets" / "crm.yaml"
    crm.write_text(crm.read_text().replace("orders: {import: no", "orders: {import: maybe"))
    run = cli("validate", "catalog", "--format", "json")
    assert run.code == 1
    line, column = position(catalog_copy, "presets/crm.yaml", "$.flows.orders.import")
    assert json.loads(run.out) == [
        {
            "file": "catalog/presets/crm.yaml",
            "line": line,
            "column": column,
            "path": "$.flows.orders.import",
            "message": "'maybe' is not a known state; write one of: yes, no, conditional",
            "code": "schema",
            "severity": "error",
        }
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["validate", "no/such/folder"],
            "connect-presets: error: no catalogue at 'no/such/folder': the path does not exist",
        ),
        (["validate", "README.md"], "connect-presets: error: 'README.md' is not a catalogue folder"),
        (["export", "--source", "no/such/folder", "--out", "x"], "connect-presets: error: no catalogue at"),
        (["validate", "--format", "xml"], "invalid choice: 'xml'"),
        (["export"], "the following arguments are required: --out"),
    ],
)
def test_usage_errors_exit_2_without_a_traceback(
    cli: CliRunner, monkeypatch: pytest.MonkeyPatch, args: list[str], message: str
) -> None:
    monkeypatch.chdir(REPO)
    run = cli(*args)
    assert run.code == 2
    assert message in run.err
    assert "Traceback" not in run.err + run.out


@pytest.mark.parametrize("entry", [["connect-presets"], [sys.executable, "-m", "generator"]])
def test_the_installed_entry_points_run(entry: list[str], tmp_path: Path) -> None:
    done = subprocess.run(
        [*entry, "validate", str(REPO / "catalog")], capture_output=True, text=True, cwd=tmp_path, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("catalogue valid")


def test_load_catalog_returns_frozen_typed_objects() -> None:
    catalog = load_catalog()
    crm = catalog.preset("crm")
    assert crm.flow("activities").exceptions[0].system.name == "Tribe CRM"
    assert isinstance(crm.flows, tuple)
    with pytest.raises(dataclasses.FrozenInstanceError):
        crm.name = "changed"  # type: ignore[misc]


def test_load_catalog_raises_one_error_that_carries_every_problem(catalog_copy: Path) -> None:
    crm = catalog_copy / "presets" / "crm.yaml"
    crm.write_text(
        crm.read_text().replace("name: CRM", "nmae: CRM").replace("P10Y}\n  organisations", "10Y}\n  organisations")
    )
    with pytest.raises(CatalogError) as raised:
        load_catalog(catalog_copy)
    problems = raised.value.problems

    def crm_at(json_path: str, *, key: bool = False) -> str:
        return place(catalog_copy, "presets/crm.yaml", json_path, key=key)

    assert [p.as_text() for p in problems] == [
        f"{crm_at('$', key=True)}: $: error: missing key 'name' "
        "(the preset's name exactly as Spotler Connect shows it); add it [schema]",
        f"{crm_at('$.nmae', key=True)}: $.nmae: error: unknown key 'nmae'; did you mean 'name'? [schema]",
        f"{crm_at('$.first_import.contacts.period')}: $.first_import.contacts.period: error: '10Y' is not a valid ISO 8601 duration "
        "(whole years, months, weeks or days, such as P7D for 7 days, P1Y for one year, P10Y for ten years; at most 999 of each) [schema]",
    ]
    assert all(p.severity is Severity.ERROR for p in problems)
    assert "3 error(s) in the catalogue" in str(raised.value)


def test_load_catalog_strict_turns_warnings_into_errors(catalog_copy: Path) -> None:
    marketplace = catalog_copy / "presets" / "marketplace.yaml"
    text = marketplace.read_text()
    marketplace.write_text(text[: text.index("acknowledged:")])
    assert load_catalog(catalog_copy).preset("marketplace").name == "Marketplace"
    with pytest.raises(CatalogError) as raised:
        load_catalog(catalog_copy, strict=True)
    assert [p.code for p in raised.value.problems] == ["lookback-without-import"]


def test_load_catalog_on_a_missing_path_raises_catalog_error(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="does not exist"):
        load_catalog(tmp_path / "missing")


def test_every_exception_the_tool_defines_is_one_family_that_knows_its_exit_code() -> None:
    import importlib
    import inspect
    import pkgutil

    import generator
    from generator.errors import EXIT_INVALID, EXIT_OUTPUT, EXIT_USAGE, ToolError

    found: dict[str, type[BaseException]] = {}
    for module_info in pkgutil.walk_packages(generator.__path__, "generator."):
        if module_info.name == "generator.__main__":  # importing it runs the command line
            continue
        module = importlib.import_module(module_info.name)
        for name, value in vars(module).items():
            defined_here = inspect.isclass(value) and value.__module__ == module.__name__
            if defined_here and issubclass(value, BaseException) and not name.startswith("_"):
                found[f"{module.__name__}.{name}"] = value
    assert "generator.mkdocs_adapter.build.BuildError" in found and "generator.problems.CatalogError" in found
    # Control flow inside one stage, caught where it is raised: it never reaches the user.
    internal = {"generator.catalogue.yamlread.policy.Refused"}
    outside = sorted(name for name, cls in found.items() if not issubclass(cls, ToolError) and name not in internal)
    assert outside == []  # each one the command line can show, with its code, through its one handler
    codes = {name.rsplit(".", 1)[1]: cls.exit_code for name, cls in found.items() if issubclass(cls, ToolError)}
    assert codes["UsageError"] == codes["WriteError"] == EXIT_USAGE
    assert codes["CatalogError"] == codes["BuildError"] == EXIT_INVALID
    assert codes["OutputError"] == codes["ContractViolation"] == EXIT_OUTPUT


def test_an_invalid_catalogue_is_shown_as_every_problem_and_a_summary(cli: CliRunner, catalog_copy: Path) -> None:
    crm = catalog_copy / "presets" / "crm.yaml"
    crm.write_text(crm.read_text().replace("orders: {import: no", "orders: {import: maybe"))
    for command, outcome in [("export", "nothing written"), ("check", "nothing compared")]:
        run = cli(command, "--source", "catalog", "--out", "out")
        assert run.code == 1 and run.out == ""
        assert run.err == (
            f"{place(catalog_copy, 'presets/crm.yaml', '$.flows.orders.import')}: $.flows.orders.import: error: "
            "'maybe' is not a known state; write one of: yes, no, conditional [schema]\n"
            f"catalogue invalid: 1 error(s), 0 warning(s) (3 acknowledged); {outcome}\n"
        )
    assert not (catalog_copy.parent / "out").exists()


def test_an_export_that_fails_its_own_schema_is_a_bug_reported_as_exit_4(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.catalogue import fastschema

    monkeypatch.setattr(fastschema.Compiler, "compile", lambda self, uri: lambda document: False)
    run = cli("export", "--out", tmp_path / "out")
    assert run.code == 4
    # The presets' configs are checked first (the index holds their digests).
    assert re.match(r"connect-presets: error: presets/[a-z0-9-]+\.json does not match its schema: ", run.err)
    assert run.err.endswith("(a bug in connect-presets: please report it with the catalogue)\n")
    assert len(run.err.splitlines()) == 1
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(("number", "code"), [(errno.ENOSPC, 4), (errno.EROFS, 4), (errno.EACCES, 2)])
def test_an_os_error_no_stage_words_is_the_disk_or_the_path(
    cli: CliRunner, monkeypatch: pytest.MonkeyPatch, number: int, code: int
) -> None:
    """The one handler tells the disk's refusal (exit 4, "could not write the output") from a path
    that cannot be used (exit 2), and neither is a traceback."""

    def refused(*_: object) -> int:
        raise OSError(number, os.strerror(number), "out/index.json")

    monkeypatch.setattr(cli_module, "run_validate", refused)
    run = cli("validate")
    assert run.code == code
    assert run.err.startswith("connect-presets: error: cannot ") and "'out/index.json'" in run.err
    assert "Traceback" not in run.err
