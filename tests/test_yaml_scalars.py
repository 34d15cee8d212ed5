"""Plain scalars as YAML 1.2's core schema reads them, and what the reader refuses about them.

Every case runs through both of the reader's engines: libyaml's composer (text without anchors,
tags or directives) and the event loop (the reference, CONNECT_PRESETS_REFERENCE=1). They must
give the same data and the same problems at the same places.
"""

from __future__ import annotations

import math
import os
import sys
from pathlib import Path
from typing import Any
from unittest import mock

import pytest

from generator import fastpaths
from generator.catalogue.yamlread import compose, read_yaml
from generator.catalogue.yamlread.scalars import MAX_NUMBER_DIGITS
from generator.problems import MAX_PROBLEMS_PER_FILE

from .conftest import CliRunner


def both_paths(text: str) -> tuple[Any, list[str]]:
    """The data and problem lines of ``text``, read by both engines, which must agree."""
    assert compose.applies(text) or "%" in text  # the fast path is taken where it can be
    fast, fast_problems = read_yaml("f.yaml", text.encode())
    with mock.patch.dict(os.environ, {fastpaths.VARIABLE: "1"}):
        reference, reference_problems = read_yaml("f.yaml", text.encode())
    assert fast_problems == reference_problems
    assert same(fast.data, reference.data), (fast.data, reference.data)
    assert fast.complete == reference.complete
    return fast.data, [p.as_text() for p in fast_problems]


def same(a: Any, b: Any) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return bool(a == b)


# --- 1.2's core schema ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("0x1F", 31),
        ("0x1f", 31),
        ("0o17", 15),  # text in YAML 1.1, a number in 1.2: the schema says so where text is meant
        ("0o0", 0),
        ("007", 7),  # octal 7 in YAML 1.1 too: the same number
        ("-07", -7),
        ("00", 0),
        ("08", 8),  # text in YAML 1.1
        ("+12", 12),
        ("-0", 0),
        ("1e3", 1000.0),
        ("-.5", -0.5),
        ("+.inf", math.inf),
        ("-.Inf", -math.inf),
        ("0X1F", "0X1F"),  # the core schema's x and o are lower case
        ("0O17", "0O17"),
        ("0o18", "0o18"),
        ("0x", "0x"),
        ("0o", "0o"),
        ("0xG", "0xG"),
        ("1.0.0", "1.0.0"),
        ("+.nan", "+.nan"),  # the core schema's nan has no sign
        ("'0x1F'", "0x1F"),
    ],
)
def test_scalars_follow_the_yaml_1_2_core_schema(text: str, value: object) -> None:
    data, problems = both_paths(f"k: {text}\n")
    assert problems == []
    assert same(data, {"k": value})


@pytest.mark.parametrize("text", ["-0x1F", "+0x1F", "-0o17", "+0o17"])
def test_a_sign_makes_hexadecimal_and_octal_text_as_in_the_core_schema(text: str) -> None:
    data, problems = both_paths(f"k: {text}\n")
    assert data == {"k": text}
    if text[1:3] == "0x":  # YAML 1.1 reads a signed hexadecimal number: flagged
        number = int(text.replace("0x", ""), 16)
        assert problems == [
            f"f.yaml:1:4: $.k: error: '{text}' is the number {number} in YAML 1.1 and is read differently by other "
            f"tools; write {number} for the number, or quote it for text [yaml-ambiguous-number]"
        ]
    else:  # `0o` is no YAML 1.1 number either
        assert problems == []


# --- what YAML 1.1 reads differently ----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("1:30", "90"),  # sexagesimal
        ("1:30:00", "5400"),
        ("-1:30", "-90"),
        ("0b1010", "10"),
        ("-0b1010", "-10"),
        ("1_000", "1000"),
        ("0x1_F", "31"),
        ("1:30.5", "90.5"),
        ("1_000.5", "1000.5"),
        (".5_0", "0.5"),
        ("0_17", "15"),  # octal in YAML 1.1, and the underscore makes it text in 1.2
    ],
)
def test_yaml_1_1_numbers_that_yaml_1_2_reads_as_text_are_refused_with_the_fix(text: str, number: str) -> None:
    data, problems = both_paths(f"k: {text}\n")
    assert data == {"k": text}
    assert problems == [
        f"f.yaml:1:4: $.k: error: '{text}' is the number {number} in YAML 1.1 and is read differently by other tools; "
        f"write {number} for the number, or quote it for text [yaml-ambiguous-number]"
    ]


@pytest.mark.parametrize(("text", "octal", "decimal"), [("017", 15, 17), ("-017", -15, -17), ("+0010", 8, 10)])
def test_a_leading_zero_is_octal_in_yaml_1_1(text: str, octal: int, decimal: int) -> None:
    data, problems = both_paths(f"k: {text}\n")
    assert data == {"k": decimal}
    assert problems == [
        f"f.yaml:1:4: $.k: error: '{text}' is the octal number {octal} in YAML 1.1 but {decimal} in YAML 1.2, so other "
        "tools read it differently; write the number without its leading zero, or quote it for text "
        "[yaml-ambiguous-number]"
    ]


@pytest.mark.parametrize(
    ("text", "what"),
    [
        ("2026-01-01", "a date"),
        ("2026-01-01 10:30:00", "a date and time"),
        ("2026-1-1T10:30:00Z", "a date and time"),
        ("2026-01-01t10:30:00.5 +02:00", "a date and time"),
    ],
)
def test_yaml_1_1_dates_are_refused_with_the_fix(text: str, what: str) -> None:
    data, problems = both_paths(f"k: {text}\n")
    assert data == {"k": text}
    assert problems == [
        f"f.yaml:1:4: $.k: error: '{text}' is {what} in YAML 1.1 and is read differently by other tools; "
        "quote it for text [yaml-ambiguous-date]"
    ]


@pytest.mark.parametrize(
    "text", ["'1:30'", '"017"', "'2026-01-01'", "'0b1010'", "|-\n  1:30", ">-\n  2026-01-01", "'1_000'"]
)
def test_quoted_and_block_scalars_are_never_flagged(text: str) -> None:
    assert both_paths(f"k: {text}\n")[1] == []


def test_yaml_1_1_readings_are_flagged_where_they_are_in_flow_and_block_collections() -> None:
    data, problems = both_paths("a: [x, 1:30, {b: 2026-01-01}]\nc:\n  - 017\n")
    assert data == {"a": ["x", "1:30", {"b": "2026-01-01"}], "c": [17]}
    assert [p.split(": error:")[0] for p in problems] == [
        "f.yaml:1:8: $.a[1]",
        "f.yaml:1:18: $.a[2].b",
        "f.yaml:3:5: $.c[0]",
    ]


# --- numbers too long or too large ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("9" * 5000, "the number has 5,000 digits, more than the 4,300 a number may have; quote it if it is text"),
        (
            "-" + "1" * 4301,
            "the number has 4,301 digits, more than the 4,300 a number may have; quote it if it is text",
        ),
        (
            "1" * 4400 + ".5",
            "the number has 4,401 digits, more than the 4,300 a number may have; quote it if it is text",
        ),
        (
            "0x" + "f" * 3600,  # 4,335 digits in decimal: writing it in a message would fail
            "the number is too large: in decimal it has more than the 4,300 digits a number may have; "
            "quote it if it is text",
        ),
    ],
)
def test_a_number_too_long_to_hold_is_a_located_problem(text: str, message: str) -> None:
    data, problems = both_paths(f"a: 1\nk: [x, {text}]\n")
    assert data == {"a": 1, "k": ["x", text]}
    assert problems == [f"f.yaml:2:8: $.k[1]: error: {message} [yaml-number-too-long]"]


def test_the_longest_number_is_read() -> None:
    data, problems = both_paths(f"k: {'9' * MAX_NUMBER_DIGITS}\n")
    assert problems == [] and data == {"k": 10**MAX_NUMBER_DIGITS - 1}


def test_a_lower_limit_of_the_interpreter_is_the_reader_s_limit() -> None:
    previous = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(1000)
    try:
        problems = both_paths(f"k: {'9' * 1001}\n")[1]
    finally:
        sys.set_int_max_str_digits(previous)
    assert problems == [
        "f.yaml:1:4: $.k: error: the number has 1,001 digits, more than the 1,000 a number may have; "
        "quote it if it is text [yaml-number-too-long]"
    ]


@pytest.mark.parametrize("text", ["1e400", "-1e400", "9" * 400 + ".0"])
def test_a_float_too_large_is_not_read_as_infinity(text: str) -> None:
    data, problems = both_paths(f"k: {text}\n")
    assert data == {"k": text}
    shown = text if len(text) <= 40 else text[:37] + "..."
    assert problems == [
        f"f.yaml:1:4: $.k: error: '{shown}' is too large for a number and would be read as infinity; "
        "write .inf for infinity, or quote it if it is text [yaml-number-too-large]"
    ]


def test_a_long_yaml_1_1_number_is_flagged_without_its_value() -> None:
    text = "1" + "_0" * 3000  # 6,001 characters: YAML 1.1's value is not worth writing (nor computing)
    data, problems = both_paths(f"k: {text}\n")
    assert data == {"k": text}
    assert problems == [
        f"f.yaml:1:4: $.k: error: '{text[:37]}...' is a number in YAML 1.1 and is read differently by other tools; "
        "quote it for text [yaml-ambiguous-number]"
    ]


# --- the %YAML directive -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "version"),
    [
        ("%YAML 1.1\n---\nk: on\n", 1, "1.1"),
        ("# the old rules\n%YAML 1.1   # a comment\n---\nk: 1\n", 2, "1.1"),
        ("%TAG !e! tag:example.com,2026:\n%YAML 1.1\n---\nk: 1\n", 2, "1.1"),
        ("%YAML 1.3\n---\nk: 1\n", 1, "1.3"),  # libyaml refuses this one itself
        ("%YAML 2.0\n---\nk: 1\n", 1, "2.0"),
        ("\r\n%YAML 1.1\r\n---\r\nk: 1\r\n", 2, "1.1"),
    ],
)
def test_a_yaml_version_other_than_1_2_is_refused_at_its_directive(text: str, line: int, version: str) -> None:
    document, problems = read_yaml("f.yaml", text.encode())
    assert [p.as_text() for p in problems] == [
        f"f.yaml:{line}:1: $: error: '%YAML {version}' asks for the rules of YAML {version}, which read values "
        "differently; catalogue files are YAML 1.2: remove the directive, or write %YAML 1.2 [yaml-version]"
    ]
    assert document.complete is False


def test_yaml_1_2_is_read_by_its_own_rules_with_or_without_its_directive() -> None:
    document, problems = read_yaml("f.yaml", b"%YAML 1.2\n---\nk: 0x1F\nstate: on\n")
    assert document.data == {"k": 31, "state": "on"}
    assert [(p.line, p.code) for p in problems] == [(4, "yaml-ambiguous-boolean")]


def test_a_percent_sign_in_a_value_is_no_directive() -> None:
    data, problems = both_paths("label: 100% sure\nnote: '\n%YAML 1.1'\n")
    assert problems == []
    assert data == {"label": "100% sure", "note": " %YAML 1.1"}


# --- problems per file are capped ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code", "first_hidden"),
    [
        ("a: 1\n" * 10_001, "yaml-duplicate-key", "f.yaml:102:1: $.a"),  # the first is no duplicate
        ("- on\n" * 10_000, "yaml-ambiguous-boolean", "f.yaml:101:3: $[100]"),
        ("- 1:30\n" * 10_000, "yaml-ambiguous-number", "f.yaml:101:3: $[100]"),
    ],
)
def test_a_file_wrong_in_ten_thousand_places_gives_its_first_hundred_problems_and_a_count(
    text: str, code: str, first_hidden: str
) -> None:
    _, problems = both_paths(text)
    assert len(problems) == MAX_PROBLEMS_PER_FILE + 1
    assert all(problem.endswith(f"[{code}]") for problem in problems[:-1])
    assert problems[-1] == (
        f"{first_hidden}: error: 9,900 more YAML problems in this file, from here on, are not shown; "
        f"mend the first {MAX_PROBLEMS_PER_FILE} and validate again [too-many-problems]"
    )


def test_validate_prints_a_hundred_and_one_lines_for_ten_thousand_duplicate_keys(
    catalog_copy: Path, cli: CliRunner
) -> None:
    crm = catalog_copy / "presets" / "crm.yaml"
    crm.write_text(crm.read_text(encoding="utf-8").replace("id: crm\n", "id: crm\n" * 10_001, 1), encoding="utf-8")
    run = cli("validate", "catalog")
    assert run.code == 1
    *lines, summary = run.out.splitlines()
    assert len(lines) == MAX_PROBLEMS_PER_FILE + 1
    assert summary.startswith("catalogue invalid: 101 error(s), 0 warning(s)")
    assert lines[0] == (
        "catalog/presets/crm.yaml:3:1: $.id: error: duplicate key 'id' (first given on line 2); keep one [yaml-duplicate-key]"
    )
    assert lines[-1] == (
        "catalog/presets/crm.yaml:103:1: $.id: error: 9,900 more YAML problems in this file, from here on, are not "
        "shown; mend the first 100 and validate again [too-many-problems]"
    )
