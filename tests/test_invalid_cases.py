"""Data-driven negative tests: each folder in cases/invalid/ is a real bad catalogue.

A case is an overlay on a copy of the bundled catalogue: ``files/`` holds complete
replacement (or new) files at their catalogue-relative paths, and ``case.json`` says
what the user got wrong, which files to delete, the exit code and the exact problem
lines ``connect-presets validate`` must print (file, line, column, path and message).

A case may carry ``known_bug``: the generator reports that mistake wrongly, ``expect``
holds what it should print, and the test is a strict xfail until the bug is fixed (a
plain xfail with ``"flaky": true``, for a bug that shows under some hash seeds only).
A case may carry ``review``: the output is right but its wording could be better.

Every case runs on the fast paths and on the reference paths (``CONNECT_PRESETS_REFERENCE=1``:
the strict YAML event loop, jsonschema, files read in one process), which must print the same.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from generator import fastpaths

from .conftest import BUNDLED, CliRunner

CASES = Path(__file__).resolve().parent / "cases" / "invalid"
CASE_KEYS = {"about", "args", "remove", "exit", "expect", "known_bug", "flaky", "review"}

# FILE:LINE:COL: PATH: SEVERITY: MESSAGE [CODE]; the path is matched lazily because a
# quoted key in it may contain ': '.
PROBLEM_LINE = re.compile(
    r"^(?P<file>[^:]+):(?P<line>[0-9]+):(?P<column>[0-9]+): (?P<path>\$.*?): "
    r"(?P<severity>error|warning): (?P<message>.+) \[(?P<code>[a-z0-9-]+)\]$"
)
SUMMARY_LINE = re.compile(
    r"^catalogue (?P<verdict>valid|invalid): (?P<errors>[0-9]+) error\(s\), (?P<warnings>[0-9]+) warning\(s\)"
)


@dataclass(frozen=True)
class Case:
    name: str
    folder: Path
    about: str
    args: tuple[str, ...]
    remove: tuple[str, ...]
    exit: int
    expect: tuple[str, ...]
    known_bug: str | None
    flaky: bool

    @property
    def overlay(self) -> list[Path]:
        files = self.folder / "files"
        return sorted(path for path in files.rglob("*") if path.is_file()) if files.is_dir() else []


def load_case(folder: Path) -> Case:
    spec: dict[str, Any] = json.loads((folder / "case.json").read_text(encoding="utf-8"))
    unknown = set(spec) - CASE_KEYS
    assert not unknown, f"{folder.name}/case.json: unknown keys {sorted(unknown)}"
    return Case(
        name=folder.name,
        folder=folder,
        about=str(spec["about"]),
        args=tuple(str(arg) for arg in spec.get("args", ())),
        remove=tuple(str(path) for path in spec.get("remove", ())),
        exit=int(spec["exit"]),
        expect=tuple(str(line) for line in spec["expect"]),
        known_bug=spec.get("known_bug"),
        flaky=bool(spec.get("flaky", False)),
    )


def all_cases() -> list[Case]:
    return [load_case(folder) for folder in sorted(CASES.iterdir()) if folder.is_dir()]


def case_params() -> list[Any]:
    # A known bug is a strict xfail, so the suite says so once the generator is fixed.
    return [
        pytest.param(
            case,
            id=case.name,
            marks=[pytest.mark.xfail(reason=case.known_bug, strict=not case.flaky)] if case.known_bug else [],
        )
        for case in all_cases()
    ]


def apply_overlay(case: Case, catalog: Path) -> None:
    for relative in case.remove:
        target = catalog / relative
        assert target.is_file(), f"{case.name}: 'remove' names {relative}, which the bundled catalogue lacks"
        target.unlink()
    for source in case.overlay:
        target = catalog / source.relative_to(case.folder / "files")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(source.read_bytes())  # bytes: some cases are deliberately not UTF-8


def problem_lines(out: str) -> list[str]:
    """Stdout without its summary line, which must be there and come last."""
    lines = out.splitlines()
    assert lines, "validate printed nothing"
    assert SUMMARY_LINE.match(lines[-1]), f"last line is not the summary: {lines[-1]!r}"
    return lines[:-1]


def parse(line: str) -> dict[str, str]:
    match = PROBLEM_LINE.match(line)
    assert match is not None, f"not a problem line: {line!r}"
    return match.groupdict()


def no_traceback(out: str, err: str) -> None:
    assert "Traceback" not in out
    assert "Traceback" not in err


@pytest.fixture(params=["fast", "reference"])
def paths(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """The fast paths, or the reference paths that CONNECT_PRESETS_REFERENCE=1 asks for."""
    if request.param == "reference":
        monkeypatch.setenv(fastpaths.VARIABLE, "1")
    else:
        monkeypatch.delenv(fastpaths.VARIABLE, raising=False)
    return str(request.param)


def test_there_are_enough_cases() -> None:
    assert len(all_cases()) >= 24


@pytest.mark.parametrize("case", [pytest.param(case, id=case.name) for case in all_cases()])
def test_case_folder_is_well_formed(case: Case) -> None:
    assert case.about.strip(), "say in one sentence what the user got wrong"
    assert case.exit == 1, "an invalid case fails; put a warning case under --strict"
    assert case.expect, "an invalid case reports at least one problem"
    assert case.overlay or case.remove, "the case changes nothing"
    assert case.known_bug or not case.flaky, "only a known bug may be flaky"
    for line in case.expect:
        parse(line)
    # Each replacement file must differ from the bundled one, or the case tests nothing there.
    for source in case.overlay:
        relative = source.relative_to(case.folder / "files")
        bundled = BUNDLED / relative
        if bundled.is_file():
            assert source.read_bytes() != bundled.read_bytes(), f"files/{relative} equals the bundled file"


@pytest.mark.parametrize("case", case_params())
def test_invalid_case(case: Case, catalog_copy: Path, cli: CliRunner, paths: str) -> None:
    apply_overlay(case, catalog_copy)
    run = cli("validate", "catalog", *case.args)
    no_traceback(run.out, run.err)
    assert run.code == case.exit, run.out + run.err
    assert problem_lines(run.out) == list(case.expect)
    # The summary counts what was printed.
    summary = SUMMARY_LINE.match(run.out.splitlines()[-1])
    assert summary is not None
    severities = [parse(line)["severity"] for line in case.expect]
    assert summary["verdict"] == "invalid"
    assert int(summary["errors"]) == severities.count("error")
    assert int(summary["warnings"]) == severities.count("warning")


@pytest.mark.parametrize("case", [pytest.param(case, id=case.name) for case in all_cases()])
def test_invalid_case_as_json(case: Case, catalog_copy: Path, cli: CliRunner) -> None:
    # Compared with the text run, not with `expect`, so it holds for known bugs too.
    apply_overlay(case, catalog_copy)
    text = cli("validate", "catalog", *case.args)
    run = cli("validate", "catalog", *case.args, "--format", "json")
    no_traceback(run.out, run.err)
    assert run.code == text.code == case.exit
    problems: list[dict[str, Any]] = json.loads(run.out)
    from_text = [parse(line) for line in problem_lines(text.out)]
    assert [(p["file"], p["line"], p["column"], p["path"]) for p in problems] == [
        (t["file"], int(t["line"]), int(t["column"]), t["path"]) for t in from_text
    ]
    assert [(p["severity"], p["message"], p["code"]) for p in problems] == [
        (t["severity"], t["message"], t["code"]) for t in from_text
    ]


@pytest.mark.parametrize("case", [pytest.param(case, id=case.name) for case in all_cases()])
def test_invalid_case_reads_the_same_on_the_reference_paths(
    case: Case, catalog_copy: Path, cli: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Compared run with run, not with `expect`, so it holds for known bugs too; the JSON holds every field.
    apply_overlay(case, catalog_copy)
    monkeypatch.delenv(fastpaths.VARIABLE, raising=False)
    fast = [cli("validate", "catalog", *case.args, *form) for form in ((), ("--format", "json"))]
    monkeypatch.setenv(fastpaths.VARIABLE, "1")
    reference = [cli("validate", "catalog", *case.args, *form) for form in ((), ("--format", "json"))]
    assert reference == fast
    assert fast[0].code == case.exit


@pytest.mark.parametrize("value", ["yes", "true", "2", " 1", "1\x1b[31m"])
def test_a_reference_switch_that_is_not_0_or_1_is_a_usage_error(
    value: str, catalog_copy: Path, cli: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(fastpaths.VARIABLE, value)
    run = cli("validate", "catalog")
    no_traceback(run.out, run.err)
    assert run.code == 2
    assert run.out == ""
    assert run.err == (  # repr: the escape character is written as \x1b, as every shown value is
        f"connect-presets: error: {fastpaths.VARIABLE} must be 1 (the reference paths: slower, for comparing) "
        f"or 0 (the fast paths), found {value!r}; set it so or unset it\n"
    )


@pytest.mark.parametrize("value", ["", "0", "1"])
def test_the_reference_switch_empty_0_or_1_validates(
    value: str, catalog_copy: Path, cli: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(fastpaths.VARIABLE, value)
    run = cli("validate", "catalog")
    assert (run.code, problem_lines(run.out), run.err) == (0, [], "")


def test_the_bundled_catalogue_is_valid(cli: CliRunner) -> None:
    run = cli("validate")
    no_traceback(run.out, run.err)
    assert run.code == 0
    assert problem_lines(run.out) == []


def test_the_unchanged_copy_is_valid(catalog_copy: Path, cli: CliRunner) -> None:
    # Every case's problems come from its overlay alone.
    run = cli("validate", "catalog")
    assert run.code == 0
    assert problem_lines(run.out) == []


def test_a_missing_path_is_a_usage_error(tmp_path: Path, cli: CliRunner) -> None:
    missing = tmp_path / "no-such-catalogue"
    run = cli("validate", missing)
    no_traceback(run.out, run.err)
    assert run.code == 2
    assert run.out == ""
    assert run.err == f"connect-presets: error: no catalogue at '{missing}': the path does not exist\n"


def test_a_file_that_is_not_a_catalogue_is_a_usage_error(catalog_copy: Path, cli: CliRunner) -> None:
    run = cli("validate", "catalog/presets/crm.yaml")
    no_traceback(run.out, run.err)
    assert run.code == 2
    assert run.out == ""
    assert run.err.startswith("connect-presets: error: 'catalog/presets/crm.yaml' is not a catalogue folder")


def test_a_first_import_warning_alone_passes_without_strict(catalog_copy: Path, cli: CliRunner) -> None:
    # The same mistake as the --strict case: a warning, so the catalogue is still valid.
    case = load_case(CASES / "lookback-without-import-strict")
    assert case.args == ("--strict",)
    apply_overlay(case, catalog_copy)
    run = cli("validate", "catalog")
    no_traceback(run.out, run.err)
    assert run.code == 0
    assert problem_lines(run.out) == [line.replace(": error: ", ": warning: ") for line in case.expect]
    assert run.out.splitlines()[-1].startswith("catalogue valid: 0 error(s), 1 warning(s)")


@pytest.mark.parametrize(
    "case", [pytest.param(case, id=case.name) for case in all_cases() if case.args == ("--strict",)]
)
def test_a_strict_case_is_valid_with_warnings_without_strict(case: Case, catalog_copy: Path, cli: CliRunner) -> None:
    # A --strict case is about warnings only: without --strict the same lines are warnings and the catalogue passes.
    apply_overlay(case, catalog_copy)
    run = cli("validate", "catalog")
    no_traceback(run.out, run.err)
    assert run.code == 0
    assert problem_lines(run.out) == [line.replace(": error: ", ": warning: ") for line in case.expect]


def test_a_second_source_of_stock_is_no_catalogue_error(catalog_copy: Path, cli: CliRunner) -> None:
    # The page does not forbid a second source of stock (Fulfilment only "allows" its system to be the only
    # one), so a preset of another kind that imports stock is valid; the rule single-source is gone.
    marketplace = catalog_copy / "presets" / "marketplace.yaml"
    text = marketplace.read_text(encoding="utf-8")
    assert "  stock: {import: no, export: yes}\n" in text
    marketplace.write_text(
        text.replace("  stock: {import: no, export: yes}\n", "  stock: {import: yes, export: yes}\n")
    )
    run = cli("validate", "catalog", "--strict")
    no_traceback(run.out, run.err)
    assert run.code == 0, run.out
    assert problem_lines(run.out) == []
