"""Schema validation of catalogue files, each error explained and located.

jsonschema finds the errors; this module says them the way a person fixing a
YAML file needs them: at the key or value's own line, with what to write instead.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from functools import lru_cache
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from .. import fastpaths, suggest
from ..paths import schema_dir
from ..problems import MAX_PROBLEMS_PER_FILE, Path_, Problem, cut
from . import fastschema
from .schemagen import Ids, schemas
from .yamlread import Document

if TYPE_CHECKING:  # jsonschema is imported only to explain a file that failed the fast check
    from jsonschema import Draft202012Validator, ValidationError

CATALOG_SCHEMA = "catalog.schema.json"
PRESET_SCHEMA = "catalog-preset.schema.json"
COMMON_SCHEMA = "catalog-common.schema.json"

_TYPE_NAMES = {"object": "a mapping", "array": "a list", "string": "text", "boolean": "true or false",
               "integer": "a whole number", "number": "a number", "null": "nothing"}  # fmt: skip


def load_schema(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((schema_dir() / name).read_text(encoding="utf-8"))
    return loaded


# A catalogue's schemas list its ids (schemagen.py): they are made, compiled and kept per catalogue
# vocabulary (``ids``); None is the schema files as they are on disk, as an editor reads them.
@lru_cache(maxsize=8)
def _resources(ids: Ids | None = None) -> dict[str, dict[str, Any]]:
    """Every catalogue schema by its file URI, which relative ``$ref``s resolve against."""
    files = {file.name: load_schema(file.name) for file in sorted(schema_dir().glob("*.schema.json"))}
    if ids is not None:
        files |= schemas(ids)
    return {(schema_dir() / name).as_uri(): schema for name, schema in files.items()}


@lru_cache(maxsize=16)
def fast_check(name: str, ids: Ids | None = None) -> fastschema.Check:
    return fastschema.Compiler(_resources(ids)).compile((schema_dir() / name).as_uri())


@lru_cache(maxsize=16)
def validator(name: str, ids: Ids | None = None) -> Draft202012Validator:
    """A jsonschema validator for one of the catalogue's schemas, its relative ``$ref``s resolved."""
    from jsonschema import Draft202012Validator, ValidationError, validators
    from referencing import Registry, Resource

    def pattern(validator: Any, expected: str, instance: Any, schema: Any) -> Iterator[ValidationError]:
        if isinstance(instance, str) and not fastschema.ecma_pattern(expected).search(instance):
            yield ValidationError(f"{instance!r} does not match {expected!r}")

    # The same regular expressions as the fast check: ECMA-262's $, not Python's.
    strict = validators.extend(Draft202012Validator, {"pattern": pattern})  # type: ignore[no-untyped-call]

    found = _resources(ids)
    resources = [(uri, Resource.from_contents({**schema, "$id": uri})) for uri, schema in found.items()]
    registry: Registry[Any] = Registry().with_resources(resources)
    uri = (schema_dir() / name).as_uri()
    # References resolved once here, not once per value: jsonschema looks each one up anew, which
    # made explaining a mapping of 150,000 keys take 20 s. The schemas hold no recursive reference.
    checker: Draft202012Validator = strict({**_inlined(found[uri], uri, found), "$id": uri}, registry=registry)
    return checker


def _inlined(node: Any, base: str, resources: Mapping[str, Any]) -> Any:
    """``node`` with every ``$ref`` replaced by the schema it names (its other keywords kept beside it)."""
    if isinstance(node, list):
        return [_inlined(item, base, resources) for item in node]
    if not isinstance(node, dict):
        return node
    inlined = {key: _inlined(value, base, resources) for key, value in node.items() if key != "$ref"}
    if "$ref" not in node:
        return inlined
    target_uri, _, pointer = urljoin(base, node["$ref"]).partition("#")
    target: Any = resources[target_uri]
    for part in filter(None, pointer.split("/")):
        target = target[part.replace("~1", "/").replace("~0", "~")]
    resolved = _inlined(target, target_uri, resources)
    return {"allOf": [resolved], **inlined} if inlined else resolved


def preset_is_valid(document: Document, ids: Ids | None = None) -> bool:
    """The fast check alone, for a preset file (called where the file is read, maybe in a worker);
    on the reference path (CONNECT_PRESETS_REFERENCE=1) no file passes here, and ``check`` runs jsonschema."""
    return not fastpaths.reference() and fast_check(PRESET_SCHEMA, ids)(document.data)


def check(document: Document, schema_name: str, ids: Ids | None = None) -> list[Problem]:
    """The file's schema problems; ``ids``: the vocabulary of the catalogue it belongs to."""
    reference = fastpaths.reference()  # jsonschema alone, for every file
    if not reference and fast_check(schema_name, ids)(document.data):
        return []
    problems: list[Problem] = []
    explained = (
        problem
        for error in validator(schema_name, ids).iter_errors(document.data)
        for problem in _explain(error, document)
    )
    for problem in explained:
        problems.append(problem)
        if len(problems) >= MAX_PROBLEMS_PER_FILE:
            problems.append(
                Problem(
                    document.file,
                    1,
                    1,
                    (),
                    f"more schema errors in this file are not shown; mend the first {MAX_PROBLEMS_PER_FILE} and validate again",
                    "too-many-problems",
                )
            )
            break
    if not problems and not reference:  # the fast check and jsonschema disagree: never pass such a file silently
        problems.append(document.problem((), "the file does not match its schema", "schema"))
    return problems


def _explain(error: ValidationError, document: Document) -> Iterator[Problem]:
    path: Path_ = tuple(error.absolute_path)
    value = error.instance
    schema = error.schema if isinstance(error.schema, Mapping) else {}
    keyword = error.validator

    if keyword == "additionalProperties" and isinstance(value, dict):
        allowed = sorted(schema.get("properties", {}))
        for key in value:
            if key not in allowed:
                yield document.problem(
                    (*path, key),
                    f"unknown key '{cut(key)}'; {_suggest(key, allowed, 'allowed keys')}",
                    "schema",
                    key=True,
                )
        return
    if keyword == "required" and isinstance(value, dict):
        for key in _listed(error.validator_value):
            if key not in value:
                about = schema.get("properties", {}).get(key, {}).get("description")
                hint = f" ({_lower_first(about).rstrip('.')})" if about else ""
                yield document.problem(path, f"missing key '{key}'{hint}; add it", "schema", key=True)
        return
    if keyword == "type":
        yield document.problem(path, _type_message(value, error.validator_value, document, path), "schema")
        return
    alternatives = _alternative_keys(error.validator_value) if keyword == "anyOf" else None
    if alternatives and isinstance(value, dict):  # "one of these keys, or more": name them and what each is
        properties = schema.get("properties", {})
        about = [
            re.split(r"[.,;] ", properties.get(key, {}).get("description", ""))[0].rstrip(".") for key in alternatives
        ]
        hint = "; or ".join(_lower_first(text) for text in about if text)
        names = " or ".join(f"'{key}'" for key in alternatives)
        yield document.problem(
            path, f"missing key {names}" + (f" ({hint})" if hint else "") + "; add one of them", "schema", key=True
        )
        return
    yield document.problem(path, _message(keyword, error, schema), "schema", key=keyword == "propertyNames")


def _message(keyword: Any, error: ValidationError, schema: Mapping[str, Any]) -> str:
    value = error.instance
    expected = error.validator_value
    title = schema.get("title", "value")
    if keyword == "enum":
        return f"{_show(value)} is not a known {title}; {_suggest(str(value), [str(v) for v in _listed(expected)], 'write one of')}"
    if keyword == "const":
        why = f"; {_lower_first(schema['description']).rstrip('.')}" if "description" in schema else ""
        return f"expected {_show(expected)}, found {_show(value)}{why}"
    if keyword == "pattern":
        if "description" in schema:
            return f"{_show(value)} is not a valid {title} ({_lower_first(schema['description']).rstrip('.')})"
        examples = ", ".join(_show(e) for e in schema.get("examples", ()))
        return f"{_show(value)} is not a valid {title}" + (f"; write it like {examples}" if examples else "")
    if keyword in ("minItems", "minLength"):
        return f"must not be empty (at least {expected} {'item' if keyword == 'minItems' else 'character'}{'s' if expected != 1 else ''})"
    if keyword in ("maxItems", "maxLength"):
        return f"too long: at most {expected} {'items' if keyword == 'maxItems' else 'characters'}"
    if keyword == "maxProperties":
        return f"too many keys ({len(value) if isinstance(value, dict) else '?'}): at most {expected}"
    if keyword == "uniqueItems":
        items = _listed(value)
        repeated = next((item for i, item in enumerate(items) if item in items[:i]), None)
        return f"lists {_show(repeated)} more than once; keep one"
    return str(error.message)


def _alternative_keys(options: Any) -> list[str] | None:
    """The keys of an anyOf whose every option requires one key, such as [{required: [kinds]}, {required: [presets]}]."""
    keys = []
    for option in _listed(options):
        if not (isinstance(option, Mapping) and set(option) == {"required"} and len(_listed(option["required"])) == 1):
            return None
        keys.append(str(option["required"][0]))
    return keys


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def _listed(value: Any) -> list[Any]:
    return list(value) if isinstance(value, (list, tuple)) else []


def _type_message(value: Any, expected: Any, document: Document, path: Path_) -> str:
    wanted = " or ".join(_TYPE_NAMES.get(t, t) for t in ([expected] if isinstance(expected, str) else expected))
    found = _kind_of(value)
    if value is None and not path and document.data is None:
        return f"the file is empty; expected {wanted}"
    hint = ""
    if "string" in expected and isinstance(value, (int, float, bool)) and not isinstance(value, bool):
        hint = f"; YAML read this as a number: quote it ('{cut(str(value))}')"
    elif "string" in expected and isinstance(value, bool):
        hint = "; YAML read this as true/false: quote it"
    elif value is None:
        hint = "; the value is missing after the colon"
    return f"expected {wanted}, found {found}{hint}"


def _kind_of(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {cut(str(value))}"
    if isinstance(value, str):
        return f"the text {_show(value)}"
    return "a mapping" if isinstance(value, dict) else "a list"


def _show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else f"'{value}'"
    return text if len(text) <= 60 else text[:57] + "..."


def _suggest(given: str, choices: list[str], lead: str) -> str:
    return suggest.hint(given, choices, lead)  # an empty enum ("none"): catalog.yaml lists no such id yet
