"""Property tests and a fuzz run over generated catalogue files.

- The compiled yes/no schema check (``fastschema``) agrees with jsonschema on documents
  generated from the schema and on mutations of them.
- The YAML reader's two paths, libyaml's composer (fast) and the event loop (strict), read
  the same text to the same data and the same problems.
- Validating a catalogue whose preset file holds any generated text never raises, and
  every problem points at a line and column inside the file.
- ``slow``: ten thousand catalogues (generated presets and byte-level mutations of the real
  files) through the whole validator, each call timed.

Everything is derandomized (``derandomize=True``, no example database), so a run in CI
sees the same examples as a run here.
"""

from __future__ import annotations

import contextlib
import copy
import json
import math
import os
import random
import re
import shutil
import time
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema
from jsonschema import Draft202012Validator, ValidationError, validators

from generator import fastpaths
from generator.catalogue import schemacheck
from generator.catalogue.fastschema import ecma_pattern
from generator.catalogue.validate import validate
from generator.catalogue.yamlread import compose, read_yaml
from generator.catalogue.yamlread.scalars import YAML11_BOOLEANS, resolve

from .conftest import BUNDLED, REPO

# When a property fails, hypothesis's pytest plugin imports its patch writer (libcst), and that
# import warns (a DeprecationWarning from mypy_extensions); under filterwarnings = error the
# failure is then reported as an INTERNALERROR. Import it now, with that warning ignored.
with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    with contextlib.suppress(ImportError):
        import hypothesis.extra._patching  # noqa: F401

SCHEMAS = REPO / "schema"
COMMON = "catalog-common.schema.json"
INLINED = "common-"
"""Prefix of the shared definitions once they are copied into a schema's own $defs."""

PROPERTY = settings(
    max_examples=300,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


# --- a self-contained schema and documents drawn from it ----------------------------------


def _rewrite_refs(node: Any) -> Any:
    """Point every ``catalog-common.schema.json#/$defs/x`` at ``#/$defs/common-x``."""
    if isinstance(node, dict):
        return {
            key: (
                "#/$defs/" + INLINED + value.removeprefix(f"{COMMON}#/$defs/")
                if key == "$ref" and isinstance(value, str) and value.startswith(f"{COMMON}#/$defs/")
                else _rewrite_refs(value)
            )
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [_rewrite_refs(item) for item in node]
    return node


@cache
def self_contained(name: str) -> dict[str, Any]:
    """The schema ``name`` with the shared definitions inlined: no reference leaves the file,
    so jsonschema and hypothesis-jsonschema need no registry."""
    schema: dict[str, Any] = _rewrite_refs(json.loads((SCHEMAS / name).read_text(encoding="utf-8")))
    common = json.loads((SCHEMAS / COMMON).read_text(encoding="utf-8"))
    definitions = schema.setdefault("$defs", {})
    for key, value in common["$defs"].items():
        assert INLINED + key not in definitions
        definitions[INLINED + key] = _rewrite_refs(value)
    return schema


def _ecma_pattern(validator: Any, expected: str, instance: Any, schema: Any) -> Any:
    # JSON Schema patterns are ECMA-262 regular expressions, where $ is the end of the text;
    # Python's $ also matches before a final newline. The project reads them the ECMA way.
    if isinstance(instance, str) and not ecma_pattern(expected).search(instance):
        yield ValidationError(f"{instance!r} does not match {expected!r}")


_ECMA_VALIDATOR = validators.extend(Draft202012Validator, {"pattern": _ecma_pattern})  # type: ignore[no-untyped-call]


@cache
def jsonschema_check(name: str) -> Callable[[Any], bool]:
    check: Callable[[Any], bool] = _ECMA_VALIDATOR(self_contained(name)).is_valid
    return check


def _no_surrogates(text: str) -> str:
    # The text patterns allow lone surrogates, which no UTF-8 file can hold: swap each for U+FFFD
    # (the same length, so minLength and maxLength still hold).
    return re.sub("[\ud800-\udfff]", "\ufffd", text)


_ANNOTATIONS = {"$schema", "$id", "$comment", "title", "description", "examples", "default", "$defs"}


POOL_SIZE = 150
_POOLS: dict[str, tuple[str, ...]] = {}
"""Strings drawn by hypothesis-jsonschema from each patterned leaf schema, by its JSON text."""


def _bounded(pattern: str) -> str:
    """The pattern with its repetitions bounded: a subset of the same language, of short strings.
    Unbounded, hypothesis draws text of up to 2,000 characters one character at a time."""
    pattern = re.sub(r"(?<=\])([*+])", lambda m: "{0,40}" if m.group(1) == "*" else "{1,40}", pattern)
    return re.sub(r"(?<=\))([*+])", lambda m: "{0,3}" if m.group(1) == "*" else "{1,3}", pattern)


def _harvest(node: dict[str, Any]) -> tuple[str, ...]:
    found: dict[str, None] = {}

    @settings(PROPERTY, max_examples=POOL_SIZE, suppress_health_check=list(HealthCheck))
    @given(from_schema(node))
    def collect(value: str) -> None:
        found[_no_surrogates(value)] = None

    collect()
    return tuple(found)


@pytest.fixture(scope="module", autouse=True)
def _leaf_pools() -> None:
    """Fill the pools once, before any test draws from them (a @given inside a @given is refused)."""
    for key, pool in _POOLS.items():
        if not pool:
            _POOLS[key] = _harvest(json.loads(key))


class _Strategies:
    """Hypothesis strategies for a schema, built node by node.

    Objects and arrays are assembled here: hypothesis-jsonschema's object strategy re-canonicalises
    the schema at every draw (about a second per preset document). Leaves come from
    hypothesis-jsonschema: enums and types directly, patterned strings from a pool it drew once
    (its regex strategy takes milliseconds per string, and a preset holds dozens). A keyword this
    builder does not know fails loudly, so a schema change cannot silently narrow what is generated.
    """

    def __init__(self, root: dict[str, Any]) -> None:
        self.root = root
        self.cache: dict[str, st.SearchStrategy[Any]] = {}

    def of(self, node: dict[str, Any]) -> st.SearchStrategy[Any]:
        if "$ref" in node:
            assert set(node) - _ANNOTATIONS == {"$ref"}, node
            reference: str = node["$ref"]
            if reference not in self.cache:  # built eagerly: the schemas are not recursive
                self.cache[reference] = self.of(self.root["$defs"][reference.removeprefix("#/$defs/")])
            return self.cache[reference]
        kind = node.get("type")
        if kind == "object":
            return self._object(node)
        if kind == "array":
            return self._array(node)
        if kind == "string" and "pattern" in node:
            key = json.dumps({**node, "pattern": _bounded(node["pattern"])}, sort_keys=True)
            _POOLS.setdefault(key, ())
            return st.deferred(lambda: st.sampled_from(_POOLS[key]))
        return from_schema(node)

    def _object(self, node: dict[str, Any]) -> st.SearchStrategy[Any]:
        known = {"type", "properties", "required", "additionalProperties", "allOf", "dependentSchemas"}
        assert set(node) - _ANNOTATIONS <= known, sorted(set(node) - _ANNOTATIONS - known)
        assert node.get("additionalProperties") is False, "only closed mappings are generated"
        properties: dict[str, Any] = node.get("properties", {})
        required = set(node.get("required", ()))
        plain = st.fixed_dictionaries(
            {key: self.of(sub) for key, sub in properties.items() if key in required},
            optional={key: self.of(sub) for key, sub in properties.items() if key not in required},
        )
        if "allOf" in node or "dependentSchemas" in node:
            # The flow: `<direction>_condition` exactly when the direction is conditional.
            assert set(properties) >= {"import", "export", "import_condition", "export_condition"}, node
            condition = self.of(properties["import_condition"])
            return st.tuples(plain, condition, condition).map(_with_conditions)
        return plain

    def _array(self, node: dict[str, Any]) -> st.SearchStrategy[Any]:
        known = {"type", "items", "minItems", "maxItems", "uniqueItems"}
        assert set(node) - _ANNOTATIONS <= known, sorted(set(node) - _ANNOTATIONS - known)
        items = self.of(node["items"])
        return st.lists(
            items,
            min_size=node.get("minItems", 0),
            max_size=min(node.get("maxItems", 3), 3),
            unique_by=(lambda item: json.dumps(item, sort_keys=True)) if node.get("uniqueItems") else None,
        )


def _with_conditions(drawn: tuple[dict[str, Any], str, str]) -> dict[str, Any]:
    flow, import_condition, export_condition = drawn
    flow = dict(flow)
    for direction, condition in (("import", import_condition), ("export", export_condition)):
        if flow[direction] == "conditional":
            flow.setdefault(f"{direction}_condition", condition)
        else:
            flow.pop(f"{direction}_condition", None)
    return flow


@cache
def documents(name: str) -> st.SearchStrategy[Any]:
    """Documents valid for the schema ``name`` (the tests check that jsonschema agrees)."""
    schema = self_contained(name)
    return _Strategies(schema).of({key: value for key, value in schema.items() if key != "$defs"})


def preset_documents() -> st.SearchStrategy[Any]:
    return documents(schemacheck.PRESET_SCHEMA)


# --- mutations of a document ---------------------------------------------------------------

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**20), 10**20) | st.floats() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=6,
)
STATES = ("yes", "no", "conditional")
NOT_QUITE_STATES = st.sampled_from(
    ["maybe", "Yes", "YES", "", "on", "conditional ", "yes\n", *STATES]
) | st.sampled_from([True, False, None, 1, 0.0])
UNKNOWN_KEYS = st.sampled_from(["exprot", "Import", "id ", "colour", "when-possible", "", "$ref", "flows\n"]) | st.text(
    max_size=8
)
STRING_CHANGES: list[Callable[[str], str]] = [
    lambda s: "",
    lambda s: s + "\n",
    lambda s: s + "\x01",
    lambda s: s.upper(),
    lambda s: s + "x" * 2001,
    lambda s: s.replace("-", "--"),
    lambda s: f"../{s}",
    lambda s: s + " ",
]


def _places(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    yield path, value
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _places(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _places(item, (*path, index))


def _set(document: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    parent = document
    for step in path[:-1]:
        parent = parent[step]
    parent[path[-1]] = value
    return document


@st.composite
def mutants(draw: st.DrawFn, source: st.SearchStrategy[Any]) -> Any:
    """A document with one to three mistakes: a key dropped or added, a value of another type,
    a state replaced, a string or a list spoilt."""
    document = copy.deepcopy(draw(source))
    for _ in range(draw(st.integers(1, 3))):
        places = list(_places(document))
        operation = draw(st.sampled_from(["drop", "retype", "unknown", "state", "string", "list"]))
        if operation == "drop":
            mappings = [(p, v) for p, v in places if isinstance(v, dict) and v]
            if mappings:
                path, mapping = draw(st.sampled_from(mappings))
                del mapping[draw(st.sampled_from(sorted(mapping)))]
        elif operation == "retype":
            path, _ = draw(st.sampled_from(places))
            document = _set(document, path, draw(JSON_VALUES))
        elif operation == "unknown":
            mappings = [(p, v) for p, v in places if isinstance(v, dict)]
            if mappings:
                path, mapping = draw(st.sampled_from(mappings))
                mapping[draw(UNKNOWN_KEYS)] = draw(JSON_VALUES)
        elif operation == "state":
            states = [p for p, v in places if v in STATES and p]
            if states:
                document = _set(document, draw(st.sampled_from(states)), draw(NOT_QUITE_STATES))
        elif operation == "string":
            strings = [(p, v) for p, v in places if isinstance(v, str)]
            if strings:
                path, text = draw(st.sampled_from(strings))
                document = _set(document, path, draw(st.sampled_from(STRING_CHANGES))(text))
        else:
            lists = [(p, v) for p, v in places if isinstance(v, list)]
            if lists:
                path, items = draw(st.sampled_from(lists))
                if items and draw(st.booleans()):
                    items.append(copy.deepcopy(items[0]))  # uniqueItems
                else:
                    items.clear()  # minItems
    return document


# --- YAML text -----------------------------------------------------------------------------


class _ReadableDumper(yaml.SafeDumper):
    """PyYAML writes YAML 1.1: it leaves plain a string that YAML 1.2 reads as a number (1e3),
    and quotes one that is a boolean only in 1.1 ('yes'). This dumper quotes every string that
    the catalogue's reader would not read back as the same string."""


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    node = dumper.represent_str(text)
    if not text or text in YAML11_BOOLEANS or resolve(text) != text:
        node.style = node.style or "'"
    return node


_ReadableDumper.add_representer(str, _represent_text)


@dataclass(frozen=True)
class Style:
    flow: bool | None
    unicode: bool
    width: int
    crlf: bool

    def dump(self, document: Any, dumper: type[yaml.SafeDumper] = _ReadableDumper) -> str:
        text = yaml.dump(
            document,
            Dumper=dumper,
            default_flow_style=self.flow,
            allow_unicode=self.unicode,
            width=self.width,
            sort_keys=False,
        )
        return text.replace("\n", "\r\n") if self.crlf else text


STYLES = st.builds(
    Style,
    flow=st.sampled_from([False, None, True]),
    unicode=st.booleans(),
    width=st.sampled_from([20, 80, 10_000]),
    crlf=st.booleans(),
)

# Scalars the two reading paths must resolve alike: the YAML 1.1 booleans, 1.2's core words
# and numbers, quoted text, and text that only looks like something else.
SCALARS = [
    "yes", "no", "Yes", "NO", "on", "Off", "y", "N", "true", "False", "TRUE", "null", "Null", "~", "",
    "0", "-1", "+1", "007", "1.5", "-.5", "1e3", "1.0e-3", ".inf", "-.Inf", ".NaN", "0x1F", "0o17",
    "1_000", "2026-01-01", "12:30", "P7D", "conditional", "é", "日本語", "ünïcödé", "a b", "x-y",
    "'quoted'", "'it''s'", '"dq \\u00e9\\t"', '"yes"', "'on'", "''", '""', "'1.5'", '"\\x85"',
]  # fmt: skip
KEYS = ["a", "b", "id", "Yes", "on", "1", "'a'", '"a"', "null", "~", "é", "'b'", "k k", '""']
_WORD = st.text(alphabet="abcxyzé日 _-.0123456789", min_size=1, max_size=6).map(str.strip).filter(bool)

Tree = tuple[str, Any]
TREES: st.SearchStrategy[Tree] = st.recursive(
    st.tuples(st.just("scalar"), st.sampled_from(SCALARS) | _WORD),
    lambda inner: (
        st.tuples(st.just("seq"), st.lists(inner, max_size=4))
        | st.tuples(st.just("map"), st.lists(st.tuples(st.sampled_from(KEYS), inner), max_size=4))
        | st.tuples(st.just("flow"), inner)
        | st.tuples(st.just("literal"), st.lists(_WORD, min_size=1, max_size=3))
    ),
    max_leaves=14,
)


def _flow(tree: Tree) -> str:
    kind, value = tree
    if kind == "scalar":
        return str(value)
    if kind == "seq":
        return "[" + ", ".join(_flow(item) for item in value) + "]"
    if kind == "map":
        return "{" + ", ".join(f"{key}: {_flow(item)}" for key, item in value) + "}"
    if kind == "flow":
        return _flow(value)
    return "'" + " ".join(value) + "'"  # a literal block cannot stand in flow: quote its words


def _after(tree: Tree, indent: int, zero_indent: bool) -> str:
    """What follows ``key:`` or ``-`` in block style."""
    kind, value = tree
    if kind == "scalar":
        return f" {value}" if value else ""
    if kind == "flow" or (kind in ("seq", "map") and not value):
        return " " + _flow(tree)
    if kind == "literal":
        return " |-\n" + "".join(" " * (indent + 2) + word + "\n" for word in value)[:-1]
    # A sequence under a key may sit at the key's own indentation.
    child = indent if kind == "seq" and zero_indent else indent + 2
    return "\n" + _block(tree, child, zero_indent)


def _block(tree: Tree, indent: int, zero_indent: bool) -> str:
    kind, value = tree
    pad = " " * indent
    if kind == "seq" and value:
        return "\n".join(f"{pad}-{_after(item, indent, False)}" for item in value)
    if kind == "map" and value:
        return "\n".join(f"{pad}{key}:{_after(item, indent, zero_indent)}" for key, item in value)
    return pad + _flow(tree)


@st.composite
def yaml_texts(draw: st.DrawFn) -> str:
    """Small YAML texts, mostly well-formed, rich in what the two reading paths must agree on:
    duplicate keys, quoted and plain twins, YAML 1.1 booleans, numbers, nulls, unicode."""
    tree = draw(TREES)
    body = _flow(tree) if draw(st.booleans()) and tree[0] != "literal" else _block(tree, 0, draw(st.booleans()))
    text = draw(st.sampled_from(["", "---\n", "# comment\n", "%YAML 1.2\n---\n"])) + body + "\n"
    text += draw(st.sampled_from(["", "...\n", "# end\n"]))
    return text.replace("\n", "\r\n") if draw(st.booleans()) else text


# --- comparing values and checking places -------------------------------------------------


def same(a: Any, b: Any) -> bool:
    """Equal and of the same types all the way down (True is not 1), NaN equal to NaN."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[key], b[key]) for key in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return bool(a == b)


# libyaml ends a line at CR LF, CR, LF, NEL, LS and PS; problems count lines as it does.
_BREAKS = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def _lines(raw: bytes) -> list[str]:
    raw = raw.removeprefix(b"\xef\xbb\xbf")
    return _BREAKS.split(raw.decode("utf-8", "surrogateescape"))


def assert_located(problems: Any) -> int:
    """Every problem is at a line of its file and a column of that line (or just after its end).
    Columns are bounded by the line's length in bytes, which is never less than in characters."""
    count = 0
    files: dict[str, list[str]] = {}
    for problem in problems:
        if problem.file not in files:
            files[problem.file] = _lines(Path(problem.file).read_bytes())
        lines = files[problem.file]
        assert 1 <= problem.line <= len(lines), problem.as_text()
        width = len(lines[problem.line - 1].encode("utf-8", "surrogateescape"))
        assert 1 <= problem.column <= width + 1, problem.as_text()
        assert "\n" not in f"{problem.file}:{problem.line}:{problem.column}"
        count += 1
    return count


# --- (i) the fast schema check agrees with jsonschema -------------------------------------


@pytest.mark.parametrize("name", [schemacheck.PRESET_SCHEMA, schemacheck.CATALOG_SCHEMA])
def test_the_self_contained_schema_is_the_schema(name: str) -> None:
    schema = self_contained(name)
    Draft202012Validator.check_schema(schema)
    assert COMMON not in json.dumps(schema)  # nothing refers to another file any more
    files = [BUNDLED / "catalog.yaml"] if name == schemacheck.CATALOG_SCHEMA else sorted(BUNDLED.glob("presets/*"))
    for file in files:
        data = read_yaml(file.name, file.read_bytes())[0].data  # not yaml.safe_load: it reads `no` as False
        assert jsonschema_check(name)(data) is True
        assert schemacheck.fast_check(name)(data) is True


@PROPERTY
@given(preset_documents())
def test_generated_presets_pass_both_checks(document: Any) -> None:
    assert jsonschema_check(schemacheck.PRESET_SCHEMA)(document), document
    assert schemacheck.fast_check(schemacheck.PRESET_SCHEMA)(document), document


def _agree(name: str, document: Any) -> bool:
    fast = schemacheck.fast_check(name)(document)
    assert fast == jsonschema_check(name)(document), (fast, document)
    assert fast == schemacheck.validator(name).is_valid(document), (fast, document)
    return fast


@PROPERTY
@given(mutants(preset_documents()))
def test_the_fast_check_agrees_with_jsonschema_on_mutated_presets(document: Any) -> None:
    _agree(schemacheck.PRESET_SCHEMA, document)


@cache
def _bundled_catalog() -> Any:
    return read_yaml("catalog.yaml", (BUNDLED / "catalog.yaml").read_bytes())[0].data


@PROPERTY
@given(mutants(st.builds(_bundled_catalog)))
def test_the_fast_check_agrees_with_jsonschema_on_mutated_catalogues(document: Any) -> None:
    _agree(schemacheck.CATALOG_SCHEMA, document)


def test_the_mutants_are_not_all_valid_or_all_invalid() -> None:
    # The agreement above means something only if the mutants fall on both sides.
    verdicts: set[bool] = set()

    @settings(PROPERTY, max_examples=100)
    @given(mutants(preset_documents()))
    def collect(document: Any) -> None:
        verdicts.add(_agree(schemacheck.PRESET_SCHEMA, document))

    collect()
    assert verdicts == {True, False}


# --- (ii) the reader's fast and strict paths agree ----------------------------------------


def _both_paths(text: str) -> None:
    """The fast path, where it applies, reads ``text`` exactly as the reference (the event loop,
    CONNECT_PRESETS_REFERENCE=1) does."""
    assume(compose.applies(text))
    _read_alike(text)


def _read_alike(text: str) -> None:
    fast, fast_problems = read_yaml("f.yaml", text.encode("utf-8"))
    with mock.patch.dict(os.environ, {fastpaths.VARIABLE: "1"}):
        reference, reference_problems = read_yaml("f.yaml", text.encode("utf-8"))
    assert same(fast.data, reference.data), (fast.data, reference.data)
    assert (fast.complete, fast_problems) == (reference.complete, reference_problems)
    if compose.read("f.yaml", text) is None:  # the fast path declined: the reference must refuse it, never accept it
        assert not reference.complete, text


@PROPERTY
@given(yaml_texts())
def test_fast_and_strict_reading_agree_on_yaml_texts(text: str) -> None:
    _both_paths(text)


@PROPERTY
@given(preset_documents() | mutants(preset_documents()), STYLES)
def test_fast_and_strict_reading_agree_on_dumped_presets(document: Any, style: Style) -> None:
    _both_paths(style.dump(document))


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\nb: 2\na: 3\n",  # a duplicate key
        "a: 1\n'a': 2\n\"a\": 3\n",  # the same key, quoted and plain
        "{a: Yes, b: [on, 'off', No], c: ~, d: null, e: , f: 1.5e3, g: -.inf, h: .nan}\n",
        "- é\n- 日本語\n- '1'\n- \"\\u00e9\"\n- 0o17\n- 1_000\n",
        "a:\n- x\n- y\nb:\n  c: |-\n    text\n",
        "",
        "# only a comment\n",
    ],
)
def test_fast_and_strict_reading_agree_on_known_texts(text: str) -> None:
    assert compose.read("f.yaml", text) is not None  # the fast path reads it
    _read_alike(text)


@PROPERTY
@given(preset_documents(), STYLES)
def test_a_dumped_preset_reads_back_equal(document: Any, style: Style) -> None:
    read, problems = read_yaml("f.yaml", style.dump(document).encode("utf-8"))
    assert problems == []
    assert same(read.data, document)


def _numbers_in_1_2(expected: Any, read: Any) -> bool:
    """``read`` equals ``expected`` except where a string that YAML 1.1 writes plain is a number in 1.2."""
    if isinstance(expected, str) and not same(expected, read):
        return isinstance(read, (int, float)) and same(resolve(expected), read)
    if isinstance(expected, dict) and isinstance(read, dict):
        return list(expected) == list(read) and all(_numbers_in_1_2(expected[k], read[k]) for k in expected)
    if isinstance(expected, list) and isinstance(read, list):
        return len(expected) == len(read) and all(_numbers_in_1_2(x, y) for x, y in zip(expected, read, strict=True))
    return same(expected, read)


# PyYAML writes YAML 1.1 and quotes what 1.1 reads as a boolean ('yes', 'no', 'on'), but not
# these, which the reader refuses as YAML 1.1 booleans all the same.
UNQUOTED_BY_PYYAML = {"y", "Y", "n", "N"}


def _value_at(document: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        document = document[step]
    return document


@PROPERTY
@given(preset_documents(), STYLES)
def test_plain_safe_dump_reads_back_equal_but_for_yaml_1_1_leftovers(document: Any, style: Style) -> None:
    # yaml.safe_dump quotes 'yes', 'no', 'on', so the states survive. It leaves plain 1e3 (text in
    # YAML 1.1, a number in 1.2), which the reader takes as a number, and y/n, which it refuses.
    read, problems = read_yaml("f.yaml", style.dump(document, yaml.SafeDumper).encode("utf-8"))
    for problem in problems:
        assert problem.code == "yaml-ambiguous-boolean", problem.as_text()
        assert _value_at(document, problem.path) in UNQUOTED_BY_PYYAML
    assert _numbers_in_1_2(document, read.data)


def test_plain_safe_dump_leaves_yaml_1_2_numbers_and_y_n_plain() -> None:
    # The differences the property above allows, shown.
    dumped = yaml.safe_dump({"name": "1e3", "id": "y", "import": "yes"}, sort_keys=False)
    assert dumped == "name: 1e3\nid: y\nimport: 'yes'\n"
    document, problems = read_yaml("f.yaml", dumped.encode())
    assert document.data == {"name": 1000.0, "id": "y", "import": "yes"}
    assert [(p.path, p.code) for p in problems] == [(("id",), "yaml-ambiguous-boolean")]


# --- (iii) validating any text never raises and locates every problem ---------------------


@pytest.fixture(scope="module")
def fuzz_catalogue(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One copy of the bundled catalogue, its preset files rewritten by each example."""
    folder = tmp_path_factory.mktemp("fuzz") / "catalog"
    shutil.copytree(BUNDLED, folder)
    return folder


def _validate_text(folder: Path, relative: str, raw: bytes) -> tuple[int, float]:
    """Validate the catalogue with ``relative`` holding ``raw``; the problems count and seconds."""
    target = folder / relative
    target.write_bytes(raw)
    start = time.monotonic()
    try:
        report = validate(folder)
    except Exception as error:  # say which text, not just which exception
        raise AssertionError(f"{type(error).__name__}: {error}\n{relative} held {raw!r}") from error
    spent = time.monotonic() - start
    count = assert_located((*report.problems, *report.acknowledged))
    return count, spent


def _named_crm(document: Any) -> Any:
    if isinstance(document, dict):
        document = {**document, "id": "crm"}
    return document


def crm_presets() -> st.SearchStrategy[Any]:
    """Generated presets for presets/crm.yaml; half take its id, so the semantic rules run on them too."""
    return preset_documents() | preset_documents().map(_named_crm)


@PROPERTY
@given(
    st.one_of(
        st.tuples(crm_presets(), STYLES).map(lambda pair: pair[1].dump(pair[0])),
        st.tuples(mutants(crm_presets()), STYLES).map(lambda pair: pair[1].dump(pair[0])),
        yaml_texts(),
    )
)
def test_validating_any_text_locates_every_problem(fuzz_catalogue: Path, text: str) -> None:
    try:
        _validate_text(fuzz_catalogue, "presets/crm.yaml", text.encode("utf-8"))
    finally:
        shutil.copy(BUNDLED / "presets/crm.yaml", fuzz_catalogue / "presets/crm.yaml")


# --- (b) the fuzz run ----------------------------------------------------------------------

PER_EXAMPLE = 20
EXAMPLES = 500
SPECIAL = b":-[]{}&*!|>'\"#%@\t\n"
REAL_FILES = sorted(["catalog.yaml", *(f"presets/{path.name}" for path in BUNDLED.glob("presets/*.yaml"))])


def _mutate(raw: bytes, rnd: random.Random) -> bytes:
    """One to four byte-level edits: deletions, YAML's special characters, duplicated or
    swapped lines, indentation changed."""
    data = bytearray(raw)
    for _ in range(rnd.randint(1, 4)):
        lines = bytes(data).split(b"\n")
        edit = rnd.randrange(7)
        if edit == 0 and data:
            start = rnd.randrange(len(data))
            del data[start : start + rnd.randint(1, 3)]
        elif edit in (1, 2):
            data.insert(rnd.randrange(len(data) + 1), rnd.choice(SPECIAL))
        elif edit == 3:
            line = rnd.randrange(len(lines))
            lines.insert(line, lines[line])
            data = bytearray(b"\n".join(lines))
        elif edit == 4 and len(lines) > 1:
            line = rnd.randrange(len(lines) - 1)
            lines[line], lines[line + 1] = lines[line + 1], lines[line]
            data = bytearray(b"\n".join(lines))
        else:
            line = rnd.randrange(len(lines))
            body = lines[line].lstrip(b" ")
            indent = len(lines[line]) - len(body)
            if rnd.random() < 0.2:
                lines[line] = b"\t" + body
            elif line > 0 and rnd.random() < 0.5:  # take the indentation of the line above
                lines[line] = lines[line - 1][: len(lines[line - 1]) - len(lines[line - 1].lstrip(b" "))] + body
            else:
                lines[line] = b" " * max(0, indent + rnd.choice([-2, -1, 1, 2])) + body
            data = bytearray(b"\n".join(lines))
    return bytes(data)


@dataclass
class Tally:
    catalogues: int = 0
    problems: int = 0
    seconds: float = 0.0
    slowest: float = 0.0


@pytest.mark.slow
def test_ten_thousand_generated_catalogues(fuzz_catalogue: Path) -> None:
    originals = {relative: (BUNDLED / relative).read_bytes() for relative in REAL_FILES}
    tally = Tally()

    def run(relative: str, raw: bytes) -> None:
        try:
            count, spent = _validate_text(fuzz_catalogue, relative, raw)
        finally:
            (fuzz_catalogue / relative).write_bytes(originals[relative])
        # How long each took is printed, not asserted: the suite runs on loaded machines too.
        tally.catalogues += 1
        tally.problems += count
        tally.seconds += spent
        tally.slowest = max(tally.slowest, spent)

    @settings(PROPERTY, max_examples=EXAMPLES)
    @given(crm_presets(), STYLES, st.randoms(use_true_random=False))
    def batch(document: Any, style: Style, rnd: random.Random) -> None:
        dumped = style.dump(document).encode("utf-8")
        run("presets/crm.yaml", dumped)
        for _ in range(PER_EXAMPLE // 2 - 1):
            run("presets/crm.yaml", _mutate(dumped, rnd))
        for _ in range(PER_EXAMPLE // 2):
            relative = rnd.choice(REAL_FILES)
            run(relative, _mutate(originals[relative], rnd))

    start = time.monotonic()
    batch()
    total = time.monotonic() - start
    print(
        f"\nfuzz: {tally.catalogues} catalogues validated in {total:.1f} s "
        f"({tally.seconds:.1f} s in validate, slowest {tally.slowest * 1000:.0f} ms), {tally.problems} problems located"
    )
    assert tally.catalogues >= 10_000
