"""The edges around a run: what it is started with (arguments, paths, environment, a closed or full
output, Ctrl-C) and what it prints (file names that are not UTF-8, text that would reorder or break a
terminal line, names a reader cannot tell apart). Each ends in one clear line, never a traceback."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from generator import cli as command_line
from generator.names import difference, reading
from generator.printable import one_line

from .conftest import REPO, CliRunner

HANG_GUARD = 60
"""Seconds after which a run is taken to hang; every run here takes well under one."""


def run_tool(
    *args: str, cwd: Path = REPO, env: dict[str, str] | None = None, **popen: object
) -> subprocess.CompletedProcess[str]:
    """The real console command in a fresh process."""
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        env={**os.environ, **(env or {})},
        text=True,
        timeout=HANG_GUARD,
        check=False,
        **({"capture_output": True} | popen),  # type: ignore[arg-type]
    )


def one_error_line(stderr: str) -> str:
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    return lines[0]


# --- what a run is started with -------------------------------------------------------------------


def test_a_closed_pipe_gives_one_line_and_its_own_exit_code() -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before anything is written, as after `| head -1`
    try:
        done = subprocess.run(
            [sys.executable, "-m", "generator", "validate"],
            cwd=REPO,
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            timeout=HANG_GUARD,
            check=False,
        )
    finally:
        os.close(write_end)
    assert done.returncode == 4
    assert one_error_line(done.stderr) == "connect-presets: the output was closed before everything was written"


def test_a_closed_stdout_gives_one_line() -> None:
    done = subprocess.run(
        ["sh", "-c", f'exec "{sys.executable}" -m generator validate >&-'],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=HANG_GUARD,
        check=False,
    )
    assert done.returncode == 4
    assert one_error_line(done.stderr) == "connect-presets: the output was closed before everything was written"


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full on this system")
def test_a_full_stdout_gives_one_line() -> None:
    with open("/dev/full", "w") as full:
        done = run_tool("validate", capture_output=False, stdout=full, stderr=subprocess.PIPE)
    assert done.returncode == 4
    assert one_error_line(done.stderr) == "connect-presets: cannot write the output: No space left on device"


def test_ctrl_c_exits_130_without_a_traceback(
    cli: CliRunner, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(command_line, "validate", interrupted)
    run = cli("validate")
    assert run.code == 130
    assert one_error_line(run.err) == "connect-presets: interrupted; nothing more was written"


def test_a_real_sigint_exits_130(tmp_path: Path) -> None:
    # The signal comes while the command runs: validation is replaced by a wait for it.
    script = (
        "import signal, os, sys\n"
        "from generator import cli\n"
        "def waiting(*a):\n"
        "    os.kill(os.getpid(), signal.SIGINT)\n"
        "    signal.pause()\n"
        "cli.validate = waiting\n"
        "sys.exit(cli.main(['validate']))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=HANG_GUARD, check=False
    )
    assert done.returncode == 130
    assert one_error_line(done.stderr) == "connect-presets: interrupted; nothing more was written"


def test_a_deleted_working_folder_gives_one_line(tmp_path: Path) -> None:
    gone = tmp_path / "gone"
    gone.mkdir()
    script = f'cd "{gone}" && rmdir "{gone}" && exec "{sys.executable}" -m generator validate'
    done = subprocess.run(
        ["sh", "-c", script],
        capture_output=True,
        text=True,
        timeout=HANG_GUARD,
        check=False,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert done.returncode == 2
    assert one_error_line(done.stderr) == (
        "connect-presets: error: the working folder no longer exists; change to a folder that exists"
    )


@pytest.mark.parametrize("epoch", ["abc", "1.5", "-1", "99999999999999999999", "１２", "9" * 5000])
@pytest.mark.parametrize("command", [["build", "--site-dir", "SITE"], ["check", "--site-dir", "SITE"]])
def test_a_malformed_source_date_epoch_gives_one_line(
    cli: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, epoch: str, command: list[str]
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    site = tmp_path / "site"
    run = cli(*[str(site) if arg == "SITE" else arg for arg in command])
    assert run.code == 2
    line = one_error_line(run.err)
    assert line.startswith(
        "connect-presets: error: SOURCE_DATE_EPOCH must be a whole number of seconds since 1970-01-01 (such as 1700000000), found "
    ), line
    assert not site.exists()  # refused before anything was written


@pytest.mark.parametrize(
    "command",
    [["validate", "PATH"], ["export", "--source", "PATH", "--out", "OUT"], ["plan", "SETUP", "--source", "PATH"]],
)
def test_a_catalogue_name_too_long_is_a_usage_error(cli: CliRunner, tmp_path: Path, command: list[str]) -> None:
    too_long = tmp_path / ("x" * 300)
    setup = REPO / "examples" / "wrong-order.yaml"
    args = [
        str(too_long) if a == "PATH" else str(tmp_path / "out") if a == "OUT" else str(setup) if a == "SETUP" else a
        for a in command
    ]
    run = cli(*args)
    assert run.code == 2
    assert one_error_line(run.err) == (
        f"connect-presets: error: cannot look up the catalogue at '{too_long}': File name too long"
    )
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (errno.EACCES, "Permission denied"),
        (errno.EIO, "Input/output error"),
        (errno.ELOOP, "Too many levels of symbolic links"),
    ],
)
def test_a_catalogue_path_that_cannot_be_looked_up(
    cli: CliRunner, catalog_copy: Path, monkeypatch: pytest.MonkeyPatch, error: int, reason: str
) -> None:
    # As root (CI) no folder refuses us, so the system's refusal is made here.
    real_stat = Path.stat

    def refusing(self: Path, **kwargs: bool) -> os.stat_result:
        if self.name == "catalog":
            raise OSError(error, os.strerror(error), str(self))
        return real_stat(self, **kwargs)

    monkeypatch.setattr(Path, "stat", refusing)
    run = cli("validate", "catalog")
    assert run.code == 2
    assert one_error_line(run.err) == f"connect-presets: error: cannot look up the catalogue at 'catalog': {reason}"


# --- what a run prints ----------------------------------------------------------------------------

NOT_UTF8 = os.fsdecode(b"caf\xe9.yaml")


@pytest.mark.parametrize("encoding", ["utf-8:strict", "utf-8:surrogateescape"])
def test_a_file_name_that_is_not_utf8_is_shown_escaped(catalog_copy: Path, encoding: str) -> None:
    (catalog_copy / "presets" / NOT_UTF8).write_text("id: cafe\n")
    env = {"PYTHONIOENCODING": encoding, "PYTHONPATH": str(REPO)}
    text = run_tool("validate", "catalog", cwd=catalog_copy.parent, env=env)
    assert text.returncode == 1, text.stderr
    assert "catalog/presets/caf\\xe9.yaml:1:1: $: error: the file name is not a preset id" in text.stdout
    raw = subprocess.run(
        [sys.executable, "-m", "generator", "validate", "catalog", "--format", "json"],
        cwd=catalog_copy.parent,
        env={**os.environ, **env},
        capture_output=True,
        timeout=HANG_GUARD,
        check=False,
    )
    problems = json.loads(raw.stdout.decode("utf-8"))  # strict: valid UTF-8
    assert "catalog/presets/caf\\xe9.yaml" in [p["file"] for p in problems]


BIDI_AND_INVISIBLE = ["\u202e", "\u2066", "\u200b", "\u200d", "\u2060", "\ufeff", "\u061c", "\u00ad"]


@pytest.mark.parametrize("char", BIDI_AND_INVISIBLE, ids=[f"U+{ord(c):04X}" for c in BIDI_AND_INVISIBLE])
def test_bidirectional_and_zero_width_characters_are_escaped(catalog_copy: Path, cli: CliRunner, char: str) -> None:
    crm = catalog_copy / "presets" / "crm.yaml"
    crm.write_text(
        crm.read_text(encoding="utf-8").replace("kinds: [crm]", f'kinds: ["crm{char}gol"]'), encoding="utf-8"
    )
    run = cli("validate", "catalog")
    assert run.code == 1
    assert char not in run.out
    assert f"error: 'crm\\u{ord(char):04x}gol' is not a known kind of system; did you mean 'crm'? [schema]" in run.out


def test_every_format_and_control_character_is_escaped() -> None:
    unprintable = [chr(c) for c in range(0x110000) if unicodedata.category(chr(c)) in ("Cc", "Cf", "Zl", "Zp")]
    kept = [f"U+{ord(c):04X}" for c in unprintable if one_line(c) == c]
    assert not kept, f"shown as they are: {kept}"
    assert one_line("Tribe CRM: ünïcode, 日本") == "Tribe CRM: ünïcode, 日本"


def test_a_long_key_is_cut_as_values_are(catalog_copy: Path, cli: CliRunner) -> None:
    key = "k" * 2_000_000
    crm = catalog_copy / "presets" / "crm.yaml"
    crm.write_text(
        crm.read_text(encoding="utf-8") + f"? {key}\n: 1\n", encoding="utf-8"
    )  # longer than a simple key may be
    run = cli("validate", "catalog")
    assert run.code == 1
    (line,) = [line for line in run.out.splitlines() if "unknown key" in line]
    assert len(line) < 500, len(line)
    assert f"""$["{"k" * 57}..."]: error: unknown key '{"k" * 57}...'""" in line


# --- names a reader cannot tell apart -------------------------------------------------------------


ALIKE = [
    ("Tribe CRM", "duplicate-name", "is given already"),
    ("Tribe\u200b CRM", "alike-name", "names that differ only by an invisible character"),
    ("Tribe \u0421RM", "alike-name", "names that differ only by a look-alike letter from another script"),
    (
        "Tribe CR\uff2d",
        "alike-name",
        "names that differ only by how Unicode writes a character (such as a full-width letter or a ligature)",
    ),
]


@pytest.mark.parametrize(("twin", "code", "how"), ALIKE, ids=["same", "zero-width", "cyrillic", "full-width"])
def test_names_that_read_the_same_warn_as_duplicates(
    catalog_copy: Path, cli: CliRunner, twin: str, code: str, how: str
) -> None:
    catalog = catalog_copy / "catalog.yaml"
    text = catalog.read_text(encoding="utf-8")
    assert "name: Spotler Leads" in text
    catalog.write_text(text.replace("name: Spotler Leads", f'name: "{twin}"', 1), encoding="utf-8")
    run = cli("validate", "catalog")
    assert run.code == 0, run.out
    (line,) = [line for line in run.out.splitlines() if f"[{code}]" in line]
    assert line.startswith("catalog/catalog.yaml:") and ": $.systems[" in line and "warning: the name '" in line
    assert how in line and "readers cannot tell" in line
    assert cli("validate", "catalog", "--strict").code == 1


def test_preset_names_across_files_are_compared(catalog_copy: Path, cli: CliRunner) -> None:
    crm = catalog_copy / "presets" / "crm.yaml"
    text = crm.read_text(encoding="utf-8")
    crm.write_text(text.replace("name: CRM", "name: Anal\u0443tics", 1), encoding="utf-8")
    run = cli("validate", "catalog")
    lines = [line for line in run.out.splitlines() if "[alike-name]" in line]
    assert len(lines) == 1 and "catalog/presets/" in lines[0] and "look-alike letter" in lines[0], run.out


def test_readings() -> None:
    assert reading("CRM") == "CRM" and reading("\u0421RM") == "CRM" and reading("ＣＲＭ") == "CRM"
    assert reading("C\u200dRM") == "CRM" and reading("Cafe\u0301") == reading("Café")
    assert reading("Crm") != reading("CRM")  # case is visible: not a duplicate
    assert difference("a", "a") == "the same name"


def test_an_ascii_only_output_gets_escapes_not_a_traceback(tmp_path: Path) -> None:
    setup = tmp_path / "setup.yaml"
    setup.write_text("systems:\n  - {name: Müller shop, kind: crm, preset: crm}\n", encoding="utf-8")
    done = run_tool("plan", str(setup), env={"PYTHONIOENCODING": "ascii"})
    assert done.returncode == 0, done.stderr
    assert "1. M\\xfcller shop: CRM preset" in done.stdout


@pytest.mark.parametrize(("twin", "code", "how"), ALIKE[1:], ids=["zero-width", "cyrillic", "full-width"])
def test_setup_names_that_read_the_same_warn(tmp_path: Path, cli: CliRunner, twin: str, code: str, how: str) -> None:
    setup = tmp_path / "setup.yaml"
    setup.write_text(
        f'systems:\n  - {{name: Tribe CRM, kind: crm, preset: crm}}\n  - {{name: "{twin}", kind: crm, preset: crm}}\n',
        encoding="utf-8",
    )
    run = cli("plan", setup)
    assert run.code == 0, run.out + run.err
    (line,) = [line for line in run.out.splitlines() if "[alike-name]" in line]
    assert line.endswith(
        f"{setup.name}:3:12: $.systems[1].name: warning: the name '{one_line(twin)}' reads the same as 'Tribe CRM' "
        f"(system 1): {how}; readers of the plan cannot tell them apart: give each system a name of its own [alike-name]"
    ), line


def test_a_number_in_place_of_text_is_shown_cut(catalog_copy: Path, cli: CliRunner) -> None:
    crm = catalog_copy / "presets" / "crm.yaml"
    crm.write_text(crm.read_text(encoding="utf-8").replace("name: CRM", "name: " + "9" * 4000), encoding="utf-8")
    run = cli("validate", "catalog")
    assert run.code == 1
    (line,) = [line for line in run.out.splitlines() if "$.name" in line]
    nines = "9" * 57 + "..."
    assert f"expected text, found the number {nines}; YAML read this as a number: quote it ('{nines}')" in line


def test_a_path_with_a_newline_or_an_escape_is_shown_on_one_line(cli: CliRunner, tmp_path: Path) -> None:
    odd = tmp_path / "no\nsuch\x1b[2J"
    run = cli("validate", odd)
    assert run.code == 2
    assert one_error_line(run.err) == (
        f"connect-presets: error: no catalogue at '{tmp_path}/no\\nsuch\\u001b[2J': the path does not exist"
    )


@pytest.mark.parametrize("output", ["text", "markdown"])
def test_plan_output_escapes_bidirectional_and_zero_width_names(cli: CliRunner, tmp_path: Path, output: str) -> None:
    setup = tmp_path / "setup.yaml"
    setup.write_text('systems:\n  - {name: "\\u202eevil\\u200b", kind: crm, preset: crm}\n', encoding="utf-8")
    run = cli("plan", setup, "--format", output)
    assert run.code == 0, run.out + run.err
    assert "\u202e" not in run.out and "\u200b" not in run.out
    assert "\\u202eevil\\u200b" in run.out


def test_a_duplicate_long_key_is_cut_in_its_message(catalog_copy: Path, cli: CliRunner) -> None:
    key = "k" * 2_000_000
    crm = catalog_copy / "presets" / "crm.yaml"
    crm.write_text(crm.read_text(encoding="utf-8") + f"? {key}\n: 1\n? {key}\n: 2\n", encoding="utf-8")
    run = cli("validate", "catalog")
    assert run.code == 1
    assert max(map(len, run.out.splitlines())) < 500
    assert f"duplicate key '{'k' * 57}...'" in run.out


def test_wanted_flows_are_bounded_and_named_by_ids(cli: CliRunner, tmp_path: Path) -> None:
    many = ", ".join(f"k{i}: import" for i in range(101))
    setup = tmp_path / "setup.yaml"
    setup.write_text(
        f"systems:\n  - {{name: A, kind: crm, preset: crm, wants: {{{many}}}}}\n"
        f"  - {{name: B, kind: crm, preset: crm, wants: {{Bad_Key: import}}}}\n",
        encoding="utf-8",
    )
    run = cli("plan", setup)
    assert run.code == 1
    assert run.out.splitlines() == [
        f"{setup}:2:46: $.systems[0].wants: error: too many keys (101): at most 100 [schema]",
        f"{setup}:3:46: $.systems[1].wants: error: 'Bad_Key' is not a valid id (lower-case words joined by "
        "single hyphens: safe as a file name and in a URL) [schema]",
    ]


_CTRL_C_WHILE_READING = """
import os, signal, sys, time
from generator import cli
from generator.catalogue import source

read_chunk = source._read_chunk

def interrupted_read_chunk(job):
    os.killpg(os.getpgrp(), signal.SIGINT)  # Ctrl-C in a terminal reaches every process of the group
    time.sleep(2)
    return read_chunk(job)

source._read_chunk = interrupted_read_chunk
sys.exit(cli.main(["validate", sys.argv[1]]))
"""


@pytest.mark.skipif((os.cpu_count() or 1) < 2 or sys.platform != "linux", reason="workers read only with two cores")
def test_ctrl_c_while_workers_read_gives_one_line(tmp_path: Path) -> None:
    sys.path.insert(0, str(REPO / "bench"))
    from synth import make_catalog

    from generator.catalogue.source import PARALLEL_FROM

    catalog = make_catalog(tmp_path / "catalog", PARALLEL_FROM + 10)
    done = subprocess.run(
        [sys.executable, "-c", _CTRL_C_WHILE_READING, str(catalog)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=HANG_GUARD,
        check=False,
        start_new_session=True,  # its own process group, so the signal reaches no test runner
    )
    assert done.returncode == 130, done.stderr
    assert one_error_line(done.stderr) == "connect-presets: interrupted; nothing more was written"


def test_a_pipe_among_the_preset_files_is_named_as_not_a_regular_file(catalog_copy: Path, cli: CliRunner) -> None:
    os.mkfifo(catalog_copy / "presets" / "fifo.yaml")
    run = cli("validate", "catalog")
    assert run.code == 1
    assert run.out.splitlines()[0] == (
        "catalog/presets/fifo.yaml:1:1: $: error: not a regular file (a folder, a device or a pipe); "
        "a catalogue file is a YAML file [unreadable]"
    )


def test_a_catalogue_folder_without_permission_names_itself(
    catalog_copy: Path, cli: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As a user without read and search permission: listing it and looking up what is inside both fail.
    real_stat, real_iterdir = Path.stat, Path.iterdir

    def refused(path: Path) -> OSError:
        return PermissionError(errno.EACCES, "Permission denied", str(path))

    def stat(self: Path, **kwargs: bool) -> os.stat_result:
        if self.parent.name == "catalog" and self.name == "presets":
            raise refused(self)
        return real_stat(self, **kwargs)

    def iterdir(self: Path) -> object:
        if self.name == "catalog":
            raise refused(self)
        return real_iterdir(self)

    monkeypatch.setattr(Path, "stat", stat)
    monkeypatch.setattr(Path, "iterdir", iterdir)
    run = cli("validate", "catalog")
    assert run.code == 1, run.err
    assert run.out.splitlines() == [
        "catalog:1:1: $: error: cannot read the folder: Permission denied [unreadable]",
        "catalogue invalid: 1 error(s), 0 warning(s)",
    ]
