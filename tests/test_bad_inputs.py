"""Hostile catalogues too large, too deep or too strange for tests/cases/invalid/.

Each input is generated in ``tmp_path`` at test time (no big file is committed) and run
through the command line in-process. For each the catalogue must fail with exit 1 (or 2
for something that is not a catalogue at all), every problem on one located line
(``FILE:LINE:COL: ...``), no traceback, with bounded memory, and
a failed ``export`` must leave an existing export folder exactly as it was.

A run that hangs is stopped by an alarm after a minute, so a hang fails the test instead of the suite.
No test here asserts how fast a run is (the suite must pass on a loaded 2-core machine): the
figures are in bench/.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import re
import shutil
import signal
import string
import tracemalloc
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any

import pytest

from generator.output.write import read_tree

from .conftest import BUNDLED, CliRunner, Run
from .pagefacts import PRESET_IDS

HANG_GUARD = 60.0
"""Seconds after which a run is taken to hang; every passing case takes well under one on a quiet machine."""
MEMORY = 100 * 1024 * 1024
"""Peak Python allocation allowed for one run (tracemalloc): a catalogue file is capped at 5 MiB."""

PROBLEM_LINE = re.compile(
    r"^(?P<file>[^:]+):(?P<line>[0-9]+):(?P<column>[0-9]+): (?P<path>\$.*?): "
    r"(?P<severity>error|warning): (?P<message>.+) \[(?P<code>[a-z0-9-]+)\]$"
)
SUMMARY_LINE = re.compile(r"^catalogue (valid|invalid): [0-9]+ error\(s\), [0-9]+ warning\(s\)")

CRM = "catalog/presets/crm.yaml"
ID_RULE = "lower-case words joined by single hyphens: safe as a file name and in a URL"


# --- running the command line with a hang guard and a memory budget----------------------------


class _Overran(BaseException):
    """Raised by the alarm. A BaseException, so the generator's ``except OSError`` (or
    ``except Exception``) cannot swallow it and report it as a problem of the catalogue."""


@dataclass(frozen=True)
class Timed:
    run: Run
    peak: int | None
    """Peak bytes allocated by Python during the run, when measured."""


@contextlib.contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    def stop(signum: int, frame: FrameType | None) -> None:
        raise _Overran

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except _Overran:
        pytest.fail(f"still running after {seconds} s; stopped by the test", pytrace=False)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def timed(cli: CliRunner, *args: object, memory: bool = False) -> Timed:
    """Run the CLI; stop it if it hangs (a hang must not hang the suite)."""
    peak: int | None = None
    if memory:
        tracemalloc.start()
    try:
        with _alarm(HANG_GUARD):
            run = cli(*args)
        if memory:
            peak = tracemalloc.get_traced_memory()[1]
    finally:
        if memory:
            tracemalloc.stop()
    return Timed(run, peak)


def problems_of(timed_run: Timed, code: int = 1) -> list[str]:
    """The problem lines of a validate run, after the checks every hostile input shares."""
    run = timed_run.run
    assert "Traceback" not in run.out + run.err
    assert run.code == code, run.out + run.err
    if timed_run.peak is not None:
        assert timed_run.peak < MEMORY, f"allocated {timed_run.peak / 2**20:.0f} MiB"
    lines = run.out.splitlines()
    assert lines and SUMMARY_LINE.match(lines[-1]), run.out
    for line in lines[:-1]:
        assert PROBLEM_LINE.match(line), f"not a located problem line: {line!r}"
    return lines[:-1]


def validate(cli: CliRunner, *, memory: bool = False) -> list[str]:
    return problems_of(timed(cli, "validate", "catalog", memory=memory))


def write(path: Path, content: str | bytes) -> None:
    path.write_bytes(content.encode() if isinstance(content, str) else content)


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def missing_presets() -> list[str]:
    """The missing-file lines for every listed preset, as catalog.yaml lists them: in the page's order."""
    ids = list(PRESET_IDS.values())
    return [
        f"catalog/catalog.yaml:{80 + i}:5: $.presets[{i}]: error: preset '{preset}' has no file; "
        f"add presets/{preset}.yaml or remove it from this list [missing-file]"
        for i, preset in enumerate(ids)
    ]


# --- size ---------------------------------------------------------------------------------


def _fifty_megabytes(path: Path) -> None:
    # Real YAML (one long folded summary), written in 1 MiB chunks: the test holds no 50 MB.
    chunk = ("  " + "x" * 1022 + "\n").encode() * 1024
    with path.open("wb") as stream:
        stream.write(b"summary: >-\n")
        for _ in range(50):
            stream.write(chunk)


@pytest.mark.parametrize("file", ["presets/crm.yaml", "catalog.yaml"])
def test_a_50_mb_file_is_refused_without_reading_it(catalog_copy: Path, cli: CliRunner, file: str) -> None:
    _fifty_megabytes(catalog_copy / file)
    assert (catalog_copy / file).stat().st_size > 50 * 1024 * 1024
    assert validate(cli, memory=True) == [
        f"catalog/{file}:1:1: $: error: the file is larger than 5 MiB; a catalogue file is a few kilobytes [too-large]"
    ]


def _keys(count: int) -> list[str]:
    """``count`` distinct four-character keys, each starting with a letter (never a number)."""
    first, rest = string.ascii_lowercase, string.ascii_lowercase + string.digits
    return ["".join(key) for key in itertools.islice(itertools.product(first, rest, rest, rest), count)]


def test_a_million_keys_in_block_style_is_over_the_size_cap(catalog_copy: Path, cli: CliRunner) -> None:
    # "abcd:\n" is six bytes: a million of them cannot fit in 5 MiB, so the file is never parsed.
    write(catalog_copy / "presets/crm.yaml", "".join(f"{key}:\n" for key in _keys(1_000_000)))
    assert validate(cli, memory=True) == [
        f"{CRM}:1:1: $: error: the file is larger than 5 MiB; a catalogue file is a few kilobytes [too-large]"
    ]


def test_a_million_keys_under_the_size_cap_fail(catalog_copy: Path, cli: CliRunner) -> None:
    text = "{" + ",".join(_keys(1_000_000)) + "}\n"
    assert len(text) < 5 * 1024 * 1024
    write(catalog_copy / "presets/crm.yaml", text)
    problems = validate(cli)  # located: how many of the keys are listed is up to the fix
    assert problems and all(problem.startswith(f"{CRM}:1:") for problem in problems)


def test_a_long_list_under_the_size_cap_fails(catalog_copy: Path, cli: CliRunner) -> None:
    replace_in(catalog_copy / "presets/crm.yaml", "kinds: [crm]", "kinds: [" + ",".join(["crm"] * 1_000_000) + "]")
    # Refused before parsing: more values than any catalogue file holds.
    assert validate(cli) == [
        f"{CRM}:1:1: $: error: the file holds up to 1,000,045 values, more than the 200,000 a catalogue or setup file "
        "may hold; split it or remove what does not belong [too-many-values]"
    ]


def test_a_long_list_within_the_value_limit_reports_its_duplicate(catalog_copy: Path, cli: CliRunner) -> None:
    replace_in(catalog_copy / "presets/crm.yaml", "kinds: [crm]", "kinds: [" + ",".join(["crm"] * 150_000) + "]")
    assert validate(cli) == [f"{CRM}:8:8: $.kinds: error: lists 'crm' more than once; keep one [schema]"]


# --- depth --------------------------------------------------------------------------------

DEEP = 10_000


@pytest.mark.parametrize(
    ("text", "column", "path"),
    [
        # Brackets are counted before parsing (libyaml's scanner reads ahead through them): the
        # place is the bracket that goes one level too deep.
        pytest.param("[" * DEEP + "]" * DEEP + "\n", 65, "$", id="flow-sequences"),
        pytest.param("{a: " * DEEP + "}" * DEEP + "\n", 257, "$", id="flow-mappings"),
        pytest.param("[" * DEEP + "\n", 65, "$", id="flow-sequences-never-closed"),
        pytest.param("- " * DEEP + "x\n", 129, "$" + "[0]" * 64, id="block-sequences"),
    ],
)
def test_ten_thousand_levels_are_refused_at_the_limit(
    catalog_copy: Path, cli: CliRunner, text: str, column: int, path: str
) -> None:
    write(catalog_copy / "presets/crm.yaml", text)
    assert validate(cli, memory=True) == [
        f"{CRM}:1:{column}: {path}: error: nesting deeper than 64 levels is not allowed [yaml-too-deep]"
    ]


def test_deep_block_mappings_are_refused_at_the_limit(catalog_copy: Path, cli: CliRunner) -> None:
    # One space per level: 3,000 levels still fit under the size cap (4.5 MB); 10,000 would not.
    write(catalog_copy / "presets/crm.yaml", "".join(" " * i + f"k{i}:\n" for i in range(3000)))
    path = "".join(f".k{i}" for i in range(64))
    assert validate(cli, memory=True) == [
        f"{CRM}:65:65: ${path}: error: nesting deeper than 64 levels is not allowed [yaml-too-deep]"
    ]


def test_ten_thousand_block_mapping_levels_are_over_the_size_cap(catalog_copy: Path, cli: CliRunner) -> None:
    with (catalog_copy / "presets/crm.yaml").open("w") as stream:
        for i in range(DEEP):
            stream.write(" " * i + "k:\n")
    assert validate(cli, memory=True) == [
        f"{CRM}:1:1: $: error: the file is larger than 5 MiB; a catalogue file is a few kilobytes [too-large]"
    ]


def _two_levels_per_column(levels: int) -> str:
    """A mapping key, then on its own line a '-' at the key's own indentation: two levels of
    nesting per column of indentation, and a '-' alone on its line is no indentation at all."""
    lines = ["a:"]
    for i in range(levels):
        lines += [" " * i + "-", " " * (i + 1) + f"k{i}:"]
    return "\n".join(lines) + "\n"


def test_nesting_that_gains_two_levels_per_column_is_refused(catalog_copy: Path, cli: CliRunner) -> None:
    write(catalog_copy / "presets/crm.yaml", _two_levels_per_column(40))
    [problem] = validate(cli)
    assert problem.startswith(f"{CRM}:65:33: $.a[0].k0[0].k1[0]")
    assert problem.endswith(": error: nesting deeper than 64 levels is not allowed [yaml-too-deep]")


# --- aliases: refused at the first anchor, before anything expands them ---------------------


def _billion_laughs(*, flow: bool) -> str:
    """Nine levels of ten aliases each: 10^9 strings if anything expanded it."""
    if flow:
        lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
        lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 10)]
    else:
        lines = ["a0: &a0", *["  - lol"] * 10]
        for i in range(1, 10):
            lines += [f"a{i}: &a{i}", *[f"  - *a{i - 1}"] * 10]
    return "\n".join(lines) + "\n"


def _quadratic_blowup() -> str:
    """One 100 kB anchored string, aliased 10,000 times: a gigabyte if expanded."""
    return "big: &big " + "x" * 100_000 + "\nmany: [" + ",".join(["*big"] * 10_000) + "]\n"


@pytest.mark.parametrize(
    ("file", "text", "expected"),
    [
        pytest.param(
            "presets/crm.yaml",
            _billion_laughs(flow=True),
            f"{CRM}:1:5: $.a0: error: anchor '&a0' is not allowed; write each value out in full [yaml-anchor]",
            id="flow",
        ),
        pytest.param(
            "presets/crm.yaml",
            _billion_laughs(flow=False),
            f"{CRM}:1:5: $.a0: error: anchor '&a0' is not allowed; write each value out in full [yaml-anchor]",
            id="block",
        ),
        pytest.param(
            "catalog.yaml",
            _billion_laughs(flow=True),
            "catalog/catalog.yaml:1:5: $.a0: error: anchor '&a0' is not allowed; write each value out in full [yaml-anchor]",
            id="in-catalog-yaml",
        ),
        pytest.param(
            "presets/crm.yaml",
            _quadratic_blowup(),
            f"{CRM}:1:6: $.big: error: anchor '&big' is not allowed; write each value out in full [yaml-anchor]",
            id="quadratic",
        ),
    ],
)
def test_an_alias_bomb_is_refused_before_it_is_expanded(
    catalog_copy: Path, cli: CliRunner, file: str, text: str, expected: str
) -> None:
    write(catalog_copy / file, text)
    result = timed(cli, "validate", "catalog", memory=True)
    assert problems_of(result) == [expected]
    assert result.peak is not None and result.peak < 20 * 1024 * 1024


# --- bytes and line ends ------------------------------------------------------------------


def _bundled(name: str) -> bytes:
    return (BUNDLED / name).read_bytes()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param(
            _bundled("presets/crm.yaml").replace(b"name: CRM", b"name: Caf\xe9"),
            "3:10: $: error: byte 0xe9",
            id="latin-1",
        ),
        pytest.param(
            "# yaml-language-server\nid: crm\n".encode("utf-16"), "1:1: $: error: byte 0xff", id="utf-16-with-bom"
        ),
        pytest.param(_bundled("presets/crm.yaml") + b"x: caf\xc3", "28:7: $: error: byte 0xc3", id="truncated-at-end"),
        pytest.param(b"id: crm\nname: \xed\xa0\x80\n", "2:7: $: error: byte 0xed", id="encoded-surrogate"),
        pytest.param(b"id: crm\nname: \xc0\xaf\n", "2:7: $: error: byte 0xc0", id="overlong-slash"),
        pytest.param(
            b"\xef\xbb\xbf" + _bundled("presets/crm.yaml").replace(b"\n", b"\r\n").replace(b"name: CRM", b"name: \xff"),
            "3:7: $: error: byte 0xff",
            id="after-a-bom-and-crlf",
        ),
    ],
)
def test_bytes_that_are_not_utf8_are_located(catalog_copy: Path, cli: CliRunner, raw: bytes, expected: str) -> None:
    write(catalog_copy / "presets/crm.yaml", raw)
    assert validate(cli) == [f"{CRM}:{expected} is not UTF-8 text; save the file as UTF-8 [encoding]"]


def test_the_column_of_a_bad_byte_counts_characters(catalog_copy: Path, cli: CliRunner) -> None:
    write(catalog_copy / "presets/crm.yaml", "id: crm\nname: naïve ".encode() + b"\xff\n")
    assert validate(cli) == [f"{CRM}:2:13: $: error: byte 0xff is not UTF-8 text; save the file as UTF-8 [encoding]"]


def test_a_bad_byte_in_a_file_with_cr_line_ends_is_on_its_line(catalog_copy: Path, cli: CliRunner) -> None:
    write(catalog_copy / "presets/crm.yaml", b"id: crm\rname: \xff\r")
    assert validate(cli) == [f"{CRM}:2:7: $: error: byte 0xff is not UTF-8 text; save the file as UTF-8 [encoding]"]


@pytest.mark.parametrize("char", ["\x00", "\x1b", "\ufffe"], ids=["NUL", "ESC", "U+FFFE"])
def test_a_control_character_is_located(catalog_copy: Path, cli: CliRunner, char: str) -> None:
    replace_in(catalog_copy / "presets/crm.yaml", "name: CRM", f"name: C{char}RM")
    [problem] = validate(cli)
    assert problem.startswith(f"{CRM}:3:8: $: error: ")


def _line_ends(raw: bytes, ending: bytes, bom: bool) -> bytes:
    return (b"\xef\xbb\xbf" if bom else b"") + raw.replace(b"\n", ending)


LINE_ENDS = [
    pytest.param(b"\n", False, id="lf"),
    pytest.param(b"\n", True, id="bom"),
    pytest.param(b"\r\n", False, id="crlf"),
    pytest.param(b"\r\n", True, id="bom-crlf"),
    pytest.param(b"\r", False, id="cr"),
]


@pytest.mark.parametrize(("ending", "bom"), LINE_ENDS)
def test_a_bom_and_any_line_ends_are_read_as_usual(
    catalog_copy: Path, cli: CliRunner, tmp_path: Path, ending: bytes, bom: bool
) -> None:
    # Valid YAML: the catalogue validates and exports byte for byte as the original does.
    assert cli("export", "--source", "catalog", "--out", tmp_path / "plain").code == 0
    for path in [catalog_copy / "catalog.yaml", *(catalog_copy / "presets").iterdir()]:
        write(path, _line_ends(path.read_bytes(), ending, bom))
    result = timed(cli, "validate", "catalog")
    assert problems_of(result, code=0) == []
    assert cli("export", "--source", "catalog", "--out", tmp_path / "converted").code == 0
    assert read_tree(tmp_path / "converted") == read_tree(tmp_path / "plain")


# Problems on a later line, found by the reader (fast path), by the schema (position index) and by
# the rules: each at the line and column it has with plain LF line ends.
LOCATED_AFTER_LINE_ENDS = [
    (
        f"{CRM}:3:7: $.name: error: 'Yes' is a boolean in YAML 1.1 and is read differently by other tools; "
        "write 'yes' or 'no' for a state, true or false for a flag, or quote it for text [yaml-ambiguous-boolean]"
    ),
    (
        f"{CRM}:10:20: $.flows.orders.import: error: 'maybe' is not a known state; "
        "write one of: yes, no, conditional [schema]"
    ),
    (
        f"{CRM}:26:22: $.first_import.contacts.period: error: 'P10 years' is not a valid ISO 8601 duration "
        "(whole years, months, weeks or days, such as P7D for 7 days, P1Y for one year, P10Y for ten years; at most 999 of each) [schema]"
    ),
]


@pytest.mark.parametrize(("ending", "bom"), LINE_ENDS)
def test_problems_after_a_bom_and_crlf_keep_their_lines(
    catalog_copy: Path, cli: CliRunner, ending: bytes, bom: bool
) -> None:
    crm = catalog_copy / "presets/crm.yaml"
    text = crm.read_text(encoding="utf-8")
    for old, new in [
        ("name: CRM", "name: Yes"),
        ("orders: {import: no,", "orders: {import: maybe,"),
        ("contacts: {period: P10Y}", "contacts: {period: P10 years}"),
    ]:
        text = text.replace(old, new, 1)
    write(crm, _line_ends(text.encode(), ending, bom))
    assert validate(cli) == LOCATED_AFTER_LINE_ENDS


def test_a_rule_problem_after_a_bom_and_crlf_keeps_its_line(catalog_copy: Path, cli: CliRunner) -> None:
    crm = catalog_copy / "presets/crm.yaml"
    raw = crm.read_bytes().replace(b"id: crm", b"id: crm-systems")
    write(crm, _line_ends(raw, b"\r\n", True))
    assert validate(cli) == [
        f"{CRM}:2:5: $.id: error: the id 'crm-systems' differs from the file name; "
        "write 'crm' or rename the file to crm-systems.yaml [id-mismatch]"
    ]


# --- malformed YAML that reaches the fast compose path -------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        ("  orders: {import: no, export: no}", "  [orders, products]: {import: no, export: no}", "10:3: $.flows"),
        ("kinds: [crm]", "kinds: {[crm]: 1}", "8:9: $.kinds"),
        ("kinds: [crm]", "{kinds: 1}: [crm]", "8:1: $"),
    ],
    ids=["flow-sequence-key", "key-in-flow-mapping", "flow-mapping-key"],
)
def test_a_collection_as_a_key_is_refused(catalog_copy: Path, cli: CliRunner, old: str, new: str, where: str) -> None:
    replace_in(catalog_copy / "presets/crm.yaml", old, new)
    assert validate(cli) == [
        f"{CRM}:{where}: error: a key must be plain text, not a list or mapping [yaml-complex-key]"
    ]


# --- ids and text that the patterns must refuse ------------------------------------------


def test_an_id_with_a_trailing_newline_is_refused(catalog_copy: Path, cli: CliRunner) -> None:
    replace_in(catalog_copy / "catalog.yaml", "  - id: tribe-crm\n", '  - id: "tribe-crm\\n"\n')
    replace_in(catalog_copy / "presets/crm.yaml", "      - system: tribe-crm\n", '      - system: "tribe-crm\\n"\n')
    result = timed(cli, "validate", "catalog")
    assert result.run.code == 1
    assert result.run.out.startswith("catalog/catalog.yaml:50:9: $.systems[0].id: error: ")
    assert ID_RULE in result.run.out


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("  orders: {import: no,", '  orders: {import: "maybe\\nnot",'),
        ("name: CRM", 'name: "\\e[2J\\e[31mCRM"'),
        ("  checkouts:", '  "new\\nkey": {import: no, export: no}\n  checkouts:'),
    ],
    ids=["newline-in-a-state", "escape-in-a-name", "newline-in-a-key"],
)
def test_each_problem_is_one_line_of_plain_text(catalog_copy: Path, cli: CliRunner, old: str, new: str) -> None:
    replace_in(catalog_copy / "presets/crm.yaml", old, new)
    [problem] = validate(cli)
    assert "\x1b" not in problem


# --- the file system ---------------------------------------------------------------------


def _refuse_to_open(monkeypatch: pytest.MonkeyPatch, name: str, method: str) -> None:
    # The tests run as root, for whom chmod 000 does not stop reading: make this one path raise
    # PermissionError where generator.catalogue.source opens it (Path.open) or lists it (Path.iterdir).
    original: Callable[..., Any] = getattr(Path, method)

    def refuse(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self.name == name and self.parent.name in ("catalog", "presets"):
            raise PermissionError(13, "Permission denied", str(self))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Path, method, refuse)


@pytest.mark.parametrize("file", ["presets/crm.yaml", "catalog.yaml"])
def test_an_unreadable_file(catalog_copy: Path, cli: CliRunner, monkeypatch: pytest.MonkeyPatch, file: str) -> None:
    _refuse_to_open(monkeypatch, Path(file).name, "open")
    assert validate(cli) == [f"catalog/{file}:1:1: $: error: cannot read the file: Permission denied [unreadable]"]


def test_an_unreadable_presets_folder(catalog_copy: Path, cli: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    _refuse_to_open(monkeypatch, "presets", "iterdir")
    problems = validate(cli)
    # The listed presets are then also reported as missing (the files are there, but unread).
    assert "catalog/presets:1:1: $: error: cannot read the folder: Permission denied [unreadable]" in problems
    assert set(problems) <= {
        "catalog/presets:1:1: $: error: cannot read the folder: Permission denied [unreadable]"
    } | set(missing_presets())


@pytest.mark.parametrize("command", ["validate", "export"])
def test_a_missing_catalogue_is_a_usage_error(tmp_path: Path, cli: CliRunner, command: str) -> None:
    missing = tmp_path / "no-such-catalogue"
    args: list[object] = ["validate", missing] if command == "validate" else ["export", "--source", missing]
    if command == "export":
        args += ["--out", tmp_path / "out"]
    result = timed(cli, *args)
    assert result.run.code == 2
    assert result.run.out == ""
    assert result.run.err == f"connect-presets: error: no catalogue at '{missing}': the path does not exist\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # nothing written, not even a lock


def test_a_symlink_loop_in_the_presets_folder(catalog_copy: Path, cli: CliRunner) -> None:
    (catalog_copy / "presets/a.yaml").symlink_to("b.yaml")
    (catalog_copy / "presets/b.yaml").symlink_to("a.yaml")
    problems = validate(cli)
    # Located at the link; the wording ("unknown file") is the generator's, not asserted here.
    assert [p.split(": error: ")[0] for p in problems] == [
        "catalog/presets/a.yaml:1:1: $",
        "catalog/presets/b.yaml:1:1: $",
    ]


def test_a_dangling_symlink_in_the_presets_folder(catalog_copy: Path, cli: CliRunner) -> None:
    (catalog_copy / "presets/x.yaml").symlink_to("nowhere.yaml")
    assert [p.split(": error: ")[0] for p in validate(cli)] == ["catalog/presets/x.yaml:1:1: $"]


def test_a_symlink_loop_as_the_catalogue_file(catalog_copy: Path, cli: CliRunner) -> None:
    (catalog_copy / "catalog.yaml").unlink()
    (catalog_copy / "catalog.yaml").symlink_to("catalog.yaml")
    assert validate(cli) == [
        "catalog/catalog.yaml:1:1: $: error: a broken or looping symbolic link; a catalogue file is a YAML file [unreadable]"
    ]


def test_a_symlink_loop_as_the_catalogue_folder(
    tmp_path: Path, cli: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("loop").symlink_to("loop")
    result = timed(cli, "validate", "loop")
    assert result.run.code == 2
    assert "Traceback" not in result.run.err
    assert result.run.err == (
        "connect-presets: error: cannot look up the catalogue at 'loop': Too many levels of symbolic links\n"
    )


def test_a_symlinked_catalogue_folder_is_read_through(catalog_copy: Path, cli: CliRunner) -> None:
    Path("link").symlink_to("catalog")
    assert problems_of(timed(cli, "validate", "link"), code=0) == []
    replace_in(catalog_copy / "presets/crm.yaml", "name: CRM", "name: 365")
    [problem] = problems_of(timed(cli, "validate", "link"))
    # Named by where it really is (display names are resolved), at its own line.
    assert problem.startswith(f"{CRM}:3:7: $.name: error: expected text, found the number 365")


def test_an_empty_catalogue_folder(tmp_path: Path, cli: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("catalog").mkdir()
    assert validate(cli) == [
        "catalog/catalog.yaml:1:1: $: error: missing file: the catalogue needs catalog.yaml [missing-file]"
    ]


def test_an_empty_presets_folder(catalog_copy: Path, cli: CliRunner) -> None:
    shutil.rmtree(catalog_copy / "presets")
    (catalog_copy / "presets").mkdir()
    assert validate(cli) == missing_presets()


def test_presets_as_a_file(catalog_copy: Path, cli: CliRunner) -> None:
    shutil.rmtree(catalog_copy / "presets")
    write(catalog_copy / "presets", "crm\n")
    assert validate(cli) == [
        *missing_presets(),
        "catalog/presets:1:1: $: error: 'presets' must be a folder of preset files [unknown-file]",
    ]


def test_a_named_pipe_as_the_catalogue_file(catalog_copy: Path, cli: CliRunner) -> None:
    (catalog_copy / "catalog.yaml").unlink()
    os.mkfifo(catalog_copy / "catalog.yaml")
    [problem] = validate(cli)
    assert problem.startswith("catalog/catalog.yaml:1:1: $: error: ")


def test_a_device_as_the_catalogue_file_is_refused_before_reading(catalog_copy: Path, cli: CliRunner) -> None:
    (catalog_copy / "catalog.yaml").unlink()
    (catalog_copy / "catalog.yaml").symlink_to("/dev/zero")
    assert validate(cli, memory=True) == [
        "catalog/catalog.yaml:1:1: $: error: not a regular file (a folder, a device or a pipe); a catalogue file is a YAML file [unreadable]"
    ]


# --- a failed export leaves the previous export as it was ----------------------------------


def _snapshot(folder: Path) -> tuple[dict[str, bytes], dict[str, int], list[str]]:
    files = read_tree(folder)
    times = {name: (folder / name).stat().st_mtime_ns for name in files}
    beside = sorted(path.name for path in folder.parent.iterdir())  # no staging folder left behind
    return files, times, beside


def _replace_with_a_file(folder: Path) -> None:
    shutil.rmtree(folder)
    write(folder, "")


BREAKAGES: dict[str, Callable[[Path], None]] = {
    "50-mb-file": lambda catalog: _fifty_megabytes(catalog / "presets/crm.yaml"),
    "alias-bomb": lambda catalog: write(catalog / "presets/crm.yaml", _billion_laughs(flow=True)),
    "deep-nesting": lambda catalog: write(catalog / "presets/crm.yaml", "[" * DEEP + "]" * DEEP),
    "not-utf8": lambda catalog: write(catalog / "presets/crm.yaml", b"id: crm\nname: \xff\n"),
    "symlink-loop": lambda catalog: (catalog / "presets/a.yaml").symlink_to("a.yaml"),
    "presets-as-a-file": lambda catalog: _replace_with_a_file(catalog / "presets"),
    "empty-catalog-yaml": lambda catalog: write(catalog / "catalog.yaml", ""),
}


@pytest.mark.parametrize("breakage", sorted(BREAKAGES))
def test_a_failed_export_leaves_the_export_folder_as_it_was(
    catalog_copy: Path, cli: CliRunner, tmp_path: Path, breakage: str
) -> None:
    out = tmp_path / "exported" / "configs"
    assert cli("export", "--source", "catalog", "--out", out).code == 0
    before = _snapshot(out)
    BREAKAGES[breakage](catalog_copy)
    result = timed(cli, "export", "--source", "catalog", "--out", out)
    run = result.run
    assert "Traceback" not in run.out + run.err
    assert run.code == 1
    lines = run.err.splitlines()
    assert lines[-1].startswith("catalogue invalid: ") and lines[-1].endswith("; nothing written")
    assert lines[:-1] and all(PROBLEM_LINE.match(line) for line in lines[:-1]), run.err
    assert _snapshot(out) == before


def test_a_failed_export_with_an_unreadable_file_leaves_the_export_folder(
    catalog_copy: Path, cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "exported" / "configs"
    assert cli("export", "--source", "catalog", "--out", out).code == 0
    before = _snapshot(out)
    _refuse_to_open(monkeypatch, "crm.yaml", "open")
    run = cli("export", "--source", "catalog", "--out", out)
    assert run.code == 1
    assert run.err.startswith(f"{CRM}:1:1: $: error: cannot read the file: Permission denied [unreadable]\n")
    assert _snapshot(out) == before


def test_json_output_locates_the_same_problems(catalog_copy: Path, cli: CliRunner) -> None:
    # The machine-readable form of a hostile run: every problem has a line and column from 1.
    write(catalog_copy / "presets/crm.yaml", "[" * DEEP)
    write(catalog_copy / "presets/activities.yaml", _billion_laughs(flow=False))
    (catalog_copy / "presets/notes.txt").write_text("x")
    run = cli("validate", "catalog", "--format", "json")
    assert run.code == 1
    problems: list[dict[str, Any]] = json.loads(run.out)
    assert [(p["file"], p["line"], p["column"], p["code"]) for p in problems] == [
        ("catalog/presets/activities.yaml", 1, 5, "yaml-anchor"),
        ("catalog/presets/crm.yaml", 1, 65, "yaml-too-deep"),
        ("catalog/presets/notes.txt", 1, 1, "unknown-file"),
    ]
