"""An account's setup: the systems it connects, read from a setup file or built in code."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from ..catalogue import schemacheck
from ..catalogue.source import read_file
from ..catalogue.yamlread import read_yaml
from ..errors import shown_path
from ..problems import Path_, Problem, Severity

SETUP_SCHEMA = "setup.schema.json"
Want = Literal["import", "export", "both"]


@dataclass(frozen=True)
class SetupSystem:
    """One connector of the account."""

    name: str
    kind: str
    preset: str
    named: str | None = None
    """Id of the catalogue's named system it is (such as ``tribe-crm``), so that its exceptions
    apply; a setup file writes it as ``system``."""
    connected: bool = False
    wants: tuple[tuple[str, Want], ...] = ()


@dataclass(frozen=True)
class SetupSource:
    """Where a setup was written: its file's name as shown, its text, and where in it each path is."""

    file: str
    position: Callable[[Path_, bool], tuple[int, int]] = field(compare=False)
    text: str = field(default="", compare=False)

    def problem(self, path: Path_, message: str, code: str, severity: Severity, *, key: bool = False) -> Problem:
        line, column = self.position(path, key)
        return Problem(self.file, line, column, path, message, code, severity)


IN_CODE = SetupSource("<setup>", lambda path, key: (1, 1))
"""A setup built in code has no file: its problems point at the path alone."""


@dataclass(frozen=True)
class Setup:
    systems: tuple[SetupSystem, ...]
    account: str | None = None
    source: SetupSource = field(default=IN_CODE, compare=False, repr=False)

    @classmethod
    def from_data(cls, data: dict[str, Any], source: SetupSource = IN_CODE) -> Setup:
        """A setup from the plain data of a setup file (already checked against its schema)."""
        systems = tuple(
            SetupSystem(
                name=s["name"],
                kind=s["kind"],
                preset=s["preset"],
                named=s.get("system"),
                connected=s.get("connected", False),
                wants=tuple(s.get("wants", {}).items()),
            )
            for s in data["systems"]
        )
        return cls(systems, data.get("account"), source)


def read_setup(path: Path | str, name: str | None = None) -> tuple[Setup | None, list[Problem]]:
    """A setup file, checked against its schema; problems come back as values, named ``name``
    (default: the path as given). A file that cannot be read at all (a folder, a pipe, no
    permission) is one problem with the code ``unreadable``."""
    shown = name if name is not None else shown_path(path)
    raw, unreadable = read_file(Path(path), shown, what="a setup file")
    if raw is None:
        assert unreadable is not None
        return None, [unreadable]
    document, problems = read_yaml(shown, raw)
    if not document.complete or problems:
        return None, problems
    problems = schemacheck.check(document, SETUP_SCHEMA)
    if problems:
        return None, problems
    source = SetupSource(shown, lambda path, key: document.position(path, key=key), document.text)
    return Setup.from_data(document.data, source), []
