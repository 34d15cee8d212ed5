"""What every semantic rule of the catalogue uses: the context the rules read, what a rule finds, and
the problems of an unknown or repeated id, each worded once."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, TypeVar

from .. import suggest
from ..problems import Path_
from .yamlread import Document


@dataclass(frozen=True)
class Finding:
    """What a rule found and where; the rule table gives it its code and severity. The path ``()``
    is the file as a whole (its first line)."""

    doc: Document
    path: Path_
    message: str
    key: bool = False
    """Point at the key of ``path``, not its value."""


Check = Callable[["Context"], Iterator[Finding]]
T = TypeVar("T")


@dataclass
class Context:
    """What the rules read, built once. They run only on files that passed their schema, so they can
    trust the shape of the data: catalog.yaml, and the presets whose file is valid."""

    catalog: Document
    valid: dict[str, Document]
    """Each schema-valid preset file by its name (without .yaml)."""
    present: dict[str, Document] | None
    """Every preset file found, valid or not; None when the presets folder could not be listed (then
    no file is reported missing or unlisted)."""
    data_types: dict[str, None] = field(init=False)
    kinds: dict[str, dict[str, Any]] = field(init=False)
    systems: dict[str, dict[str, Any]] = field(init=False)
    conditions: dict[str, None] = field(init=False)
    presets: dict[str, None] = field(init=False)
    """The ids catalog.yaml lists, as dicts: ordered for messages, hashed for look-ups."""
    _found: dict[Check, list[Finding]] = field(init=False, default_factory=dict)
    _once: dict[Callable[[Context], Any], Any] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        data = self.catalog.data
        self.data_types = dict.fromkeys(d["id"] for d in data["data_types"])
        self.kinds = {k["id"]: k for k in data["system_kinds"]}
        self.systems = {s["id"]: s for s in data["systems"]}
        self.conditions = dict.fromkeys(c["id"] for c in data["conditions"])
        self.presets = dict.fromkeys(data["presets"])

    @property
    def order(self) -> dict[str, Any]:
        data: dict[str, Any] = self.catalog.data["connection_order"]
        return data

    @cached_property
    def listed(self) -> list[tuple[str, Document]]:
        """The presets catalog.yaml lists whose file passed its schema, in the catalogue's order."""
        return [(preset_id, self.valid[preset_id]) for preset_id in self.presets if preset_id in self.valid]

    def once(self, make: Callable[[Context], T]) -> T:
        """What ``make`` gives for this context, made once: what two rules read, such as the names that
        read alike (duplicate-name, alike-name), or a rule's findings (the acknowledgements read them)."""
        if make not in self._once:
            self._once[make] = make(self)
        found: T = self._once[make]
        return found

    def run(self, check: Check) -> list[Finding]:
        """What ``check`` finds, found once (the acknowledgements read a rule's findings again)."""
        if check not in self._found:
            self._found[check] = list(check(self))
        return self._found[check]


def resolves(data: Any, dotted_path: str) -> bool:
    for part in dotted_path.split("."):
        if not isinstance(data, dict) or part not in data:
            return False
        data = data[part]
    return True


def reference(
    doc: Document, path: Path_, value: str, known: Collection[str], what: str, where: str
) -> Iterator[Finding]:
    """An id that must be one of ``known`` (listed in catalog.yaml at ``where``): the closest one
    offered (suggest.py's rule), else those to choose from."""
    if value in known:
        return
    hint = suggest.hint(value, known, f"catalog.yaml {where} has", empty="none yet")
    yield Finding(doc, path, f"unknown {what} '{value}'; {hint}")


def duplicates(doc: Document, path: Path_, ids: list[str], suffix: Path_) -> Iterator[Finding]:
    first: dict[str, int] = {}
    for i, item_id in enumerate(ids):
        if item_id in first:
            line = doc.position((*path, first[item_id], *suffix))[0]
            yield Finding(
                doc, (*path, i, *suffix), f"'{item_id}' is listed twice (first on line {line}); each id appears once"
            )
        first.setdefault(item_id, i)
