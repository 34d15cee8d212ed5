"""A compiled yes/no check for the JSON Schema keywords this project's schemas use.

Validating ten thousand presets with jsonschema's error machinery takes seconds;
almost every file is valid, so Python code generated once from the schema answers
"valid?" in microseconds, and jsonschema runs only on the rare file that is not, to
explain why. A schema that uses a keyword this compiler does not know is refused
when it is compiled, never passed silently; the tests check that both agree.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urldefrag, urljoin

Check = Callable[[Any], bool]

_ANNOTATIONS = frozenset(
    {"$schema", "$id", "$defs", "$comment", "title", "description", "examples", "default", "then", "else"}
)

_TYPE_TESTS = {
    "object": "isinstance(v, dict)",
    "array": "isinstance(v, list)",
    "string": "isinstance(v, str)",
    "boolean": "isinstance(v, bool)",
    "null": "v is None",
    "integer": "(isinstance(v, int) and not isinstance(v, bool)) or (isinstance(v, float) and v.is_integer())",
    "number": "isinstance(v, (int, float)) and not isinstance(v, bool)",
}


def ecma_pattern(pattern: str) -> re.Pattern[str]:
    """A JSON Schema pattern as Python should read it: in ECMA-262, ``$`` is the end of the
    text, while Python's ``$`` also matches before a final newline ('crm\\n' would pass)."""
    if pattern.endswith("$") and not pattern.endswith("\\$"):
        pattern = pattern[:-1] + r"\Z"
    return re.compile(pattern)


def json_equal(a: Any, b: Any) -> bool:
    """JSON equality: true is not 1, and 1 equals 1.0."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(json_equal(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(json_equal(x, y) for x, y in zip(a, b, strict=True))
    numbers = isinstance(a, (int, float)), isinstance(b, (int, float))
    return numbers[0] == numbers[1] and bool(a == b)


def unique(items: list[Any]) -> bool:
    if all(isinstance(item, str) for item in items):
        return len(set(items)) == len(items)
    return not any(json_equal(items[i], items[j]) for i in range(len(items)) for j in range(i))


class Compiler:
    """Compiles schemas held in ``resources`` (by absolute URI) into Python functions."""

    def __init__(self, resources: Mapping[str, Mapping[str, Any]]) -> None:
        self.resources = resources
        self.names: dict[str, str] = {}  # schema URI -> generated function name
        self.sources: list[str] = []
        self.constants: dict[str, Any] = {"json_equal": json_equal, "unique": unique}
        self.functions: dict[str, Check] = {}

    def compile(self, uri: str) -> Check:
        """The check for the schema at ``uri`` (``file.json`` or ``file.json#/$defs/name``)."""
        name = self._function_for(uri)
        if name not in self.functions:
            namespace = dict(self.constants)
            exec("\n\n".join(self.sources), namespace)  # noqa: S102 - code generated from our own schemas
            self.functions = {n: f for n, f in namespace.items() if n.startswith("check_")}
        return self.functions[name]

    def _function_for(self, uri: str) -> str:
        if uri not in self.names:
            name = f"check_{len(self.names)}"
            self.names[uri] = name
            document, fragment = urldefrag(uri)
            node: Any = self.resources[document]
            for part in filter(None, fragment.split("/")):
                node = node[part.replace("~1", "/").replace("~0", "~")]
            self._emit(name, node, document)
        return self.names[uri]

    def _subschema(self, schema: Any, base: str) -> str:
        """A function for an inline subschema (named by its place in memory: compiled once)."""
        key = f"inline:{id(schema)}"
        if key not in self.names:
            self.constants[f"_keep_{len(self.names)}"] = schema  # keeps id() stable
            name = f"check_{len(self.names)}"
            self.names[key] = name
            self._emit(name, schema, base)
        return self.names[key]

    def _constant(self, value: Any) -> str:
        name = f"C{len(self.constants)}"
        self.constants[name] = value
        return name

    def _emit(self, name: str, schema: Any, base: str) -> None:
        lines = [f"def {name}(v):"]
        if schema is False:
            lines.append("    return False")
        elif schema is not True:
            for keyword, argument in schema.items():
                if keyword not in _ANNOTATIONS:
                    lines += [f"    {line}" for line in self._keyword(keyword, argument, schema, base)]
        lines.append("    return True")
        self.sources.append("\n".join(lines))

    def _keyword(self, keyword: str, arg: Any, schema: Mapping[str, Any], base: str) -> list[str]:  # noqa: C901
        if keyword == "$ref":
            return [f"if not {self._function_for(urljoin(base, arg))}(v): return False"]
        if keyword == "type":
            tests = " or ".join(f"({_TYPE_TESTS[t]})" for t in ([arg] if isinstance(arg, str) else arg))
            return [f"if not ({tests}): return False"]
        if keyword == "enum":
            if all(isinstance(option, str) for option in arg):
                return [f"if not (isinstance(v, str) and v in {self._constant(frozenset(arg))}): return False"]
            return [f"if not any(json_equal(v, o) for o in {self._constant(list(arg))}): return False"]
        if keyword == "const":
            if isinstance(arg, str):  # the common case, inlined: json_equal per value is slow
                return [f"if not (v.__class__ is str and v == {arg!r}): return False"]
            return [f"if not json_equal(v, {self._constant(arg)}): return False"]
        if keyword == "pattern":
            return [f"if isinstance(v, str) and {self._constant(ecma_pattern(arg).search)}(v) is None: return False"]
        limits = {
            "minLength": ("str", ">="),
            "maxLength": ("str", "<="),
            "minItems": ("list", ">="),
            "maxItems": ("list", "<="),
            "minProperties": ("dict", ">="),
            "maxProperties": ("dict", "<="),
        }
        if keyword in limits:
            kind, operator = limits[keyword]
            return [f"if isinstance(v, {kind}) and not len(v) {operator} {int(arg)}: return False"]
        if keyword == "minimum":
            return [f"if isinstance(v, (int, float)) and not isinstance(v, bool) and v < {float(arg)!r}: return False"]
        if keyword == "uniqueItems":
            return ["if isinstance(v, list) and not unique(v): return False"] if arg else []
        if keyword == "items":
            item = self._subschema(arg, base)
            return ["if isinstance(v, list):", "    for x in v:", f"        if not {item}(x): return False"]
        if keyword == "required":
            if not arg:
                return []
            present = " and ".join(f"{name!r} in v" for name in arg)
            return [f"if isinstance(v, dict) and not ({present}): return False"]
        if keyword == "properties":
            lines = ["if isinstance(v, dict):"]
            for prop, sub in arg.items():
                lines += [
                    f"    x = v.get({prop!r}, v)",
                    f"    if x is not v and not {self._subschema(sub, base)}(x): return False",
                ]
            return lines if len(lines) > 1 else []
        if keyword == "additionalProperties":
            known = self._constant(frozenset(schema.get("properties", {})))
            if arg is False:
                return [f"if isinstance(v, dict) and not {known}.issuperset(v): return False"]
            extra = self._subschema(arg, base)
            return [
                "if isinstance(v, dict):",
                "    for k, x in v.items():",
                f"        if k not in {known} and not {extra}(x): return False",
            ]
        if keyword == "propertyNames":
            name = self._subschema(arg, base)
            return ["if isinstance(v, dict):", "    for k in v:", f"        if not {name}(k): return False"]
        if keyword == "allOf":
            return [f"if not {self._subschema(sub, base)}(v): return False" for sub in arg]
        if keyword == "anyOf":
            options = ", ".join(self._subschema(sub, base) for sub in arg)
            return [f"if not any(f(v) for f in ({options},)): return False"]
        if keyword == "not":
            return [f"if {self._subschema(arg, base)}(v): return False"]
        if keyword == "if":
            condition = self._subschema(arg, base)
            then = self._subschema(schema.get("then", True), base)
            otherwise = self._subschema(schema.get("else", True), base)
            return [f"if not ({then}(v) if {condition}(v) else {otherwise}(v)): return False"]
        if keyword == "dependentSchemas":
            lines = []
            for prop, sub in arg.items():
                lines.append(
                    f"if isinstance(v, dict) and {prop!r} in v and not {self._subschema(sub, base)}(v): return False"
                )
            return lines
        raise ValueError(
            f"the fast schema check does not support the keyword '{keyword}'; add it to generator/catalogue/fastschema.py"
        )
