"""The strict YAML reader: what it refuses, and where it says the problem is.

Every test runs on both engines: the fast path (libyaml's composer, where it applies) and
the reference event loop (CONNECT_PRESETS_REFERENCE=1). Each refusal is worded once, in
``generator.catalogue.yamlread.policy``, so both say the same.
"""

from __future__ import annotations

import pytest

from generator import fastpaths
from generator.catalogue.yamlread import MAX_DEPTH, read_yaml


@pytest.fixture(autouse=True, params=["fast", "reference"])
def engine(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    if request.param == "reference":
        monkeypatch.setenv(fastpaths.VARIABLE, "1")
    else:
        monkeypatch.delenv(fastpaths.VARIABLE, raising=False)
    return str(request.param)


def texts(raw: bytes) -> list[str]:
    return [p.as_text() for p in read_yaml("f.yaml", raw)[1]]


def test_values_and_positions_are_kept() -> None:
    document, problems = read_yaml("f.yaml", b"a:\n  b: [1, x]\n  'c d': yes\n")
    assert problems == []
    assert document.data == {"a": {"b": [1, "x"], "c d": "yes"}}
    assert document.values[("a", "b", 1)] == (2, 10)
    assert document.keys[("a", "c d")] == (3, 3)
    assert document.position(("a", "missing", 3)) == document.values[("a",)]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("yes", "yes"),  # the schema's states stay text, unlike YAML 1.1
        ("no", "no"),
        ("true", True),
        ("False", False),
        ("~", None),
        ("", None),
        ("12", 12),
        ("1.5", 1.5),
        ("1.0.0", "1.0.0"),
        ("'on'", "on"),  # quoted: text, no complaint
        ("P7D", "P7D"),
        ("'2026-01-01'", "2026-01-01"),  # quoted: plain, YAML 1.1 reads a date (test_yaml_scalars.py)
    ],
)
def test_scalars_resolve_as_yaml_1_2_core(text: str, value: object) -> None:
    document, problems = read_yaml("f.yaml", f"k: {text}\n".encode())
    assert problems == []
    assert document.data == {"k": value}


@pytest.mark.parametrize("word", ["Yes", "No", "on", "off", "ON", "Off"])
def test_yaml_1_1_booleans_are_refused_with_the_fix(word: str) -> None:
    assert texts(f"state: {word}\n".encode()) == [
        f"f.yaml:1:8: $.state: error: '{word}' is a boolean in YAML 1.1 and is read differently by other tools; "
        "write 'yes' or 'no' for a state, true or false for a flag, or quote it for text [yaml-ambiguous-boolean]"
    ]


def test_every_duplicate_key_is_reported_with_the_first_line() -> None:
    assert texts(b"a: 1\nb: 2\na: 3\nb: 4\n") == [
        "f.yaml:3:1: $.a: error: duplicate key 'a' (first given on line 1); keep one [yaml-duplicate-key]",
        "f.yaml:4:1: $.b: error: duplicate key 'b' (first given on line 2); keep one [yaml-duplicate-key]",
    ]


def test_alias_bomb_is_refused_at_its_first_anchor() -> None:
    bomb = b'a: &a ["x","x","x","x","x","x","x","x","x"]\n' + b"".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)}]\n".encode()
        for i in range(8)
    )
    document, problems = read_yaml("f.yaml", bomb)
    assert [p.as_text() for p in problems] == [
        "f.yaml:1:4: $.a: error: anchor '&a' is not allowed; write each value out in full [yaml-anchor]"
    ]
    assert document.complete is False


def test_alias_without_anchor_is_refused() -> None:
    assert texts(b"a: *x\n") != []


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            b"a: !include other.yaml\n",
            "f.yaml:1:4: $.a: error: tag '!include' is not allowed; remove it (quote the value if it is text) [yaml-tag]",
        ),
        (
            b"a: 1\n---\nb: 2\n",
            "f.yaml:2:1: $: error: a file holds one YAML document; remove the second '---' [yaml-multiple-documents]",
        ),
        (b"? [a]\n: 1\n", "f.yaml:1:3: $: error: a key must be plain text, not a list or mapping [yaml-complex-key]"),
        (b"name: caf\xe9\n", "f.yaml:1:10: $: error: byte 0xe9 is not UTF-8 text; save the file as UTF-8 [encoding]"),
        (
            b"a: [1, 2\n",
            "f.yaml:1:4: $: error: YAML syntax: did not find expected ',' or ']' (parsing a flow sequence that starts here; parsing stopped at line 1, column 9) [yaml-syntax]",
        ),
        (
            b"a:\n\tb: 1\n",
            "f.yaml:2:1: $: error: YAML syntax: a tab character cannot indent YAML; indent with spaces [yaml-syntax]",
        ),
    ],
)
def test_refusals_are_located(raw: bytes, expected: str) -> None:
    assert texts(raw) == [expected]


def test_a_byte_order_mark_and_crlf_line_ends_are_read_as_usual() -> None:
    document, problems = read_yaml("f.yaml", b"\xef\xbb\xbfa: 1\r\nb: yes\r\n")
    assert problems == []
    assert document.data == {"a": 1, "b": "yes"}
    assert document.values[("b",)] == (2, 4)


def test_nesting_is_bounded() -> None:
    deep = b"a: " + b"[" * (MAX_DEPTH + 5) + b"]" * (MAX_DEPTH + 5) + b"\n"
    [problem] = read_yaml("f.yaml", deep)[1]
    assert problem.code == "yaml-too-deep"
    assert problem.line == 1
