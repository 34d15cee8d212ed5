"""What a change of catalogue does to real accounts: each setup planned under both catalogues, and the
differences in its routing, its checklist and its problems, in the plan's own words."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..catalogue.model import Catalog
from ..errors import EXIT_INVALID, ToolError, os_reason, shown_path
from ..planning import plan, read_setup
from ..planning.result import Plan
from ..problems import display_name, format_text, sort_problems
from ..wording import endpoints


class SetupsError(ToolError):
    """A setup to re-plan is not a valid setup file: its located problems are in the message."""

    exit_code = EXIT_INVALID


@dataclass(frozen=True)
class Account:
    name: str
    file: str
    changes: tuple[str, ...]
    """One line per difference; none when the account is planned the same under both."""


def setup_files(folders: list[Path]) -> list[Path]:
    files: list[Path] = []
    for folder in folders:
        try:
            files += sorted(p for p in folder.iterdir() if p.suffix == ".yaml" and not p.name.startswith("."))
        except OSError as error:
            raise SetupsError(f"cannot read the setups folder {display_name(folder)}: {os_reason(error)}") from None
    return files


def impact(files: list[Path], old: Catalog, new: Catalog) -> tuple[Account, ...]:
    accounts: list[Account] = []
    problems = []
    for path in files:
        shown = shown_path(path)
        setup, found = read_setup(path, shown)
        if setup is None:
            problems += found
            continue
        before, after = plan(setup, old), plan(setup, new)
        accounts.append(Account(setup.account or path.stem, shown, tuple(_differences(before, after))))
    if problems:
        raise SetupsError("these setups cannot be re-planned:\n" + format_text(sort_problems(problems)).rstrip())
    return tuple(accounts)


def _routes(result: Plan) -> dict[str, tuple[str, str]]:
    return {
        r.data_type.label: (endpoints(r.into_connect) or "nothing", endpoints(r.from_connect) or "nothing")
        for r in result.routing
    }


def _checklist(result: Plan) -> list[str]:
    return [f"{i.system.name} ({i.preset.name}, step {i.step.number})" for i in result.checklist]


def _differences(before: Plan, after: Plan) -> list[str]:
    lines: list[str] = []
    old_routes, new_routes = _routes(before), _routes(after)
    for label in [*new_routes, *(k for k in old_routes if k not in new_routes)]:
        was, now = old_routes.get(label, ("not a data type", "not a data type")), new_routes.get(label)
        now = now or ("not a data type", "not a data type")
        if was[0] != now[0]:
            lines.append(f"{label} into Connect from: {was[0]} → {now[0]}")
        if was[1] != now[1]:
            lines.append(f"{label} from Connect to: {was[1]} → {now[1]}")
    if _checklist(before) != _checklist(after):
        lines.append(f"connect in this order: {', '.join(_checklist(before))} → {', '.join(_checklist(after))}")
    old_problems = {(p.severity.value, p.message) for p in before.problems}
    new_problems = {(p.severity.value, p.message) for p in after.problems}
    lines += [f"new {severity}: {message}" for severity, message in sorted(new_problems - old_problems)]
    lines += [f"no longer a {severity}: {message}" for severity, message in sorted(old_problems - new_problems)]
    return lines
