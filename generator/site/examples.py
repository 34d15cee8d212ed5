"""The worked examples: each setup file in the examples folder with its plan, made when the site is
built, so the page cannot go stale. The MkDocs plugin and `render` call this; nothing here knows MkDocs."""

from __future__ import annotations

import re
from pathlib import Path

from ..catalogue.model import Catalog
from ..errors import EXIT_INVALID, ToolError, os_reason, shown_path
from ..output import pages
from ..planning import plan, read_setup
from ..problems import Problem, display_name, format_text, sort_problems


class ExamplesError(ToolError):
    """The examples folder cannot be used, or its files have problems (located, in the message): the
    site is not built (exit 1), as for a catalogue with errors."""

    exit_code = EXIT_INVALID


def read_examples(folder: Path, catalog: Catalog) -> tuple[pages.Example, ...]:
    """Each setup in ``folder`` with its plan, in file name order; none when there is no such folder.

    Every file in the folder is an example, as every file in the catalogue folder is part of it
    (hidden files, such as editor backups, are skipped): anything else, a file that cannot be
    read and a setup that is not valid are located problems, raised together in one ExamplesError."""
    shown = display_name(folder)
    try:
        if not folder.is_dir():
            if folder.exists():
                raise ExamplesError(f"the examples folder {shown} is not a folder")
            return ()  # a project without worked examples
        entries = sorted(entry for entry in folder.iterdir() if not entry.name.startswith("."))
    except OSError as error:
        raise ExamplesError(f"cannot read the examples folder {shown}: {os_reason(error)}") from None
    examples: list[pages.Example] = []
    problems: list[Problem] = []
    for entry in entries:
        name = f"{shown}/{shown_path(entry.name)}"
        if entry.suffix != ".yaml":
            problems.append(Problem(name, 1, 1, (), _not_a_setup_file(entry), "unknown-file"))
            continue
        if (misnamed := _misnamed(entry)) is not None:
            problems.append(Problem(name, 1, 1, (), misnamed, "file-name"))
        setup, found = read_setup(entry, name)
        problems += found
        if setup is not None and not problems:
            title = setup.account or entry.stem
            examples.append(pages.Example(entry.stem, title, setup.source.text, plan(setup, catalog)))
    if problems:
        ordered = tuple(sort_problems(problems))
        raise ExamplesError(
            "the examples folder has problems; each file in it is a worked example:\n" + format_text(ordered).rstrip()
        )
    return tuple(examples)


def _not_a_setup_file(entry: Path) -> str:
    if entry.suffix == ".yml":
        return f"example files end in .yaml; rename it to {shown_path(entry.stem)}.yaml"
    return "unknown file in the examples folder; it holds only <id>.yaml setup files, one per worked example"


def _misnamed(entry: Path) -> str | None:
    """Why the file's name cannot be the example's place on the page (its anchor); None when it can."""
    try:
        pages.anchor(entry.stem)
    except ValueError:
        slug = "-".join(re.findall(r"[a-z0-9]+", entry.stem.lower()))
        rename = f"; rename it to {slug}.yaml" if slug else ""
        return (
            "the name of an example file is its id in the page's address: lower-case words joined by single hyphens"
            + rename
        )
    return None
