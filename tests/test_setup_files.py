"""Setup files get the catalogue files' guards: only a regular file is opened, at most
source.MAX_FILE_BYTES is read, a file that cannot be read is a usage error (exit 2) naming the path
and the reason, and a setup whose content is bad is a located problem (exit 1). Never a traceback,
never a hang."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator.catalogue.source import MAX_FILE_BYTES
from generator.planning import read_setup
from generator.problems import Problem

from .conftest import REPO, CliRunner

HANG_GUARD = 60  # seconds: a generous bound that only stops a run that waits forever
GOOD = (REPO / "examples" / "webshop-with-fulfilment.yaml").read_text(encoding="utf-8")
NOT_REGULAR = "not a regular file (a folder, a device or a pipe); a setup file is a YAML file"


def plan_process(setup: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`connect-presets plan SETUP` as a fresh process, stopped if it hangs."""
    return subprocess.run(
        [sys.executable, "-m", "generator", "plan", str(setup), *args],
        cwd=setup.parent,
        capture_output=True,
        text=True,
        timeout=HANG_GUARD,
        check=False,
    )


def read_setup_process(setup: Path) -> subprocess.CompletedProcess[str]:
    """read_setup(SETUP) in a fresh interpreter (the API the examples page uses), stopped if it hangs."""
    code = (
        "import sys; from pathlib import Path; from generator.planning import read_setup\n"
        "setup, problems = read_setup(Path(sys.argv[1]))\n"
        "print(setup is None, [p.as_text() for p in problems])"
    )
    return subprocess.run(
        [sys.executable, "-c", code, str(setup)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=HANG_GUARD,
        check=False,
    )


SPECIAL: dict[str, Callable[[Path], None]] = {
    "named-pipe": lambda path: os.mkfifo(path),
    "link-to-dev-zero": lambda path: path.symlink_to("/dev/zero"),
    "folder": lambda path: path.mkdir(),
}


@pytest.mark.parametrize("special", sorted(SPECIAL))
def test_a_setup_that_is_not_a_regular_file_is_refused_before_it_is_opened(tmp_path: Path, special: str) -> None:
    setup = tmp_path / "setup.yaml"
    SPECIAL[special](setup)
    run = plan_process(setup)
    assert (run.returncode, run.stdout) == (2, "")
    assert run.stderr == f"connect-presets: error: {setup.as_posix()}: {NOT_REGULAR}\n"
    api = read_setup_process(setup)
    assert api.stdout == f"True ['{setup.as_posix()}:1:1: $: error: {NOT_REGULAR} [unreadable]']\n", api.stderr


def test_a_broken_link_as_the_setup(tmp_path: Path, cli: CliRunner) -> None:
    setup = tmp_path / "setup.yaml"
    setup.symlink_to("nowhere.yaml")
    run = cli("plan", setup)
    assert (run.code, run.out) == (2, "")
    assert run.err == (
        f"connect-presets: error: {setup.as_posix()}: a broken or looping symbolic link; a setup file is a YAML file\n"
    )


def test_a_missing_setup(tmp_path: Path, cli: CliRunner) -> None:
    run = cli("plan", tmp_path / "missing.yaml", "--format", "json")
    assert (run.code, run.out) == (2, "")
    assert run.err == (
        f"connect-presets: error: {tmp_path.as_posix()}/missing.yaml: cannot read the file: No such file or directory\n"
    )


def test_a_setup_name_too_long(tmp_path: Path, cli: CliRunner) -> None:
    setup = tmp_path / ("s" * 300 + ".yaml")
    run = cli("plan", setup)
    assert (run.code, run.out) == (2, "")
    assert run.err == f"connect-presets: error: {setup.as_posix()}: cannot read the file: File name too long\n"


def _failing_open(monkeypatch: pytest.MonkeyPatch, target: Path, error: OSError) -> None:
    # The tests run as root, for whom chmod 000 does not stop reading: make this one path fail to open.
    original: Callable[..., Any] = Path.open

    def refuse(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self == target:
            raise error
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refuse)


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (PermissionError(errno.EACCES, "Permission denied"), "Permission denied"),
        (OSError(errno.EIO, "Input/output error"), "Input/output error"),
    ],
    ids=["permission", "io-error"],
)
def test_an_unreadable_setup(
    tmp_path: Path, cli: CliRunner, monkeypatch: pytest.MonkeyPatch, error: OSError, reason: str
) -> None:
    setup = tmp_path / "setup.yaml"
    setup.write_text(GOOD)
    _failing_open(monkeypatch, setup, error)
    run = cli("plan", setup)
    assert (run.code, run.out) == (2, "")
    assert run.err == f"connect-presets: error: {setup.as_posix()}: cannot read the file: {reason}\n"
    problem = Problem(setup.as_posix(), 1, 1, (), f"cannot read the file: {reason}", "unreadable")
    assert read_setup(setup) == (None, [problem])


def test_a_setup_larger_than_the_cap_is_a_located_problem_and_is_not_read_whole(tmp_path: Path, cli: CliRunner) -> None:
    setup = tmp_path / "setup.yaml"
    with setup.open("w") as stream:
        stream.write(GOOD)
        stream.write("#" * (MAX_FILE_BYTES + 1) + "\n")
    run = cli("plan", setup, "--format", "json")
    assert run.code == 1
    assert json.loads(run.out) == [
        {
            "file": setup.as_posix(),
            "line": 1,
            "column": 1,
            "path": "$",
            "message": "the file is larger than 5 MiB; a setup file is a few kilobytes",
            "code": "too-large",
            "severity": "error",
        }
    ]


def systems_yaml(count: int) -> str:
    lines = ["systems:", "  - {name: Warehouse, kind: e-fulfilment-system, preset: fulfilment}"]
    lines += [
        f"  - {{name: Shop {n}, kind: sales-channel, preset: e-commerce-with-e-fulfilment}}" for n in range(count - 1)
    ]
    return "\n".join(lines) + "\n"


def test_a_setup_of_more_than_ten_thousand_systems_is_refused_by_its_schema(tmp_path: Path, cli: CliRunner) -> None:
    setup = tmp_path / "setup.yaml"
    setup.write_text(systems_yaml(10_001))
    run = cli("plan", setup)
    assert run.code == 1
    assert run.out == f"{setup.as_posix()}:2:3: $.systems: error: too long: at most 10000 items [schema]\n"


def test_a_setup_of_ten_thousand_systems_is_planned(tmp_path: Path, cli: CliRunner) -> None:
    setup = tmp_path / "setup.yaml"
    setup.write_text(systems_yaml(10_000))
    run = cli("plan", setup, "--format", "json")
    assert (run.code, run.err) == (0, "")
    plan = json.loads(run.out)
    assert plan["problems"] == []
    assert [item["system"] for item in plan["checklist"][:3]] == ["Warehouse", "Shop 0", "Shop 1"]
    assert len(plan["checklist"]) == 10_000


def test_the_catalogues_warnings_are_shown_on_stderr_and_stdout_stays_json(catalog_copy: Path, cli: CliRunner) -> None:
    # Drop the acknowledgements of the fulfilment preset: its two warnings are then shown.
    fulfilment = catalog_copy / "presets" / "fulfilment.yaml"
    text = fulfilment.read_text(encoding="utf-8")
    fulfilment.write_text(text[: text.index("acknowledged:")], encoding="utf-8")
    warnings = [line for line in cli("validate", "catalog").out.splitlines() if ": warning: " in line]
    assert len(warnings) == 2, warnings
    run = cli("plan", REPO / "examples" / "webshop-with-fulfilment.yaml", "--source", "catalog", "--format", "json")
    assert run.code == 0
    assert run.err.splitlines() == warnings
    assert json.loads(run.out)["problems"] == []
