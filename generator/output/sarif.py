"""`--format sarif`: problems as one SARIF 2.1.0 log, for GitHub code scanning and other viewers.

One run of the tool ``connect-presets``; one rule per code that occurs, described from the registry
(problemcodes.py), with a link to its row on the developers' page when the site's address is known
(else the page and anchor in its help text); one result per problem. Nothing in it depends on the
clock or the machine: the same problems give the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from importlib import metadata
from typing import Any
from urllib.parse import quote

from ..errors import PROGRAM
from ..printable import encodable
from ..problems import Problem, Severity
from . import problemcodes

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def artifact_uri(file: str) -> str:
    """A problem's file as a URI reference: relative with forward slashes (as the tools show it), each
    segment percent-encoded; an absolute path (a catalogue outside the working folder) as a file: URI."""
    posix = encodable(file).replace("\\", "/")
    encoded = quote(posix, safe="/")
    return f"file://{encoded}" if posix.startswith("/") else encoded


def _plain(markdown: str) -> str:
    """A summary without its code spans' backticks, for SARIF's plain-text fields."""
    return markdown.replace("`", "")


def _version() -> str | None:
    try:
        return metadata.version(PROGRAM)
    except metadata.PackageNotFoundError:  # run from a checkout that is not installed
        return None


def _rule(entry: problemcodes.Code, site_url: str | None) -> dict[str, Any]:
    place = problemcodes.help_place(entry)
    link = problemcodes.help_link(entry, site_url)
    seen = f"{entry.summary} ({entry.severity})" if entry.severity not in ("error", "warning") else entry.summary
    rule: dict[str, Any] = {
        "id": entry.code,
        "shortDescription": {"text": _plain(entry.summary)},
        "fullDescription": {"text": _plain(seen)},
        "help": {
            "text": f"{_plain(entry.summary)}. See {link or 'the site page ' + place}.",
            "markdown": f"{entry.summary}. See [the problem codes]({link})."
            if link
            else f"{entry.summary}. See the site page `{place}`.",
        },
        # A rule whose severity the catalogue decides (the planner's order rules) defaults to
        # SARIF's own default, warning; each result carries the level it was given.
        "defaultConfiguration": {"level": "error" if entry.severity == "error" else "warning"},
    }
    if link:
        rule["helpUri"] = link
    return rule


def _result(problem: Problem, index: int) -> dict[str, Any]:
    return {
        "ruleId": problem.code,
        "ruleIndex": index,
        "level": "error" if problem.severity is Severity.ERROR else "warning",
        "message": {"text": encodable(problem.message)},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": artifact_uri(problem.file)},
                    "region": {"startLine": problem.line, "startColumn": problem.column},
                },
                "logicalLocations": [{"fullyQualifiedName": encodable(problem.json_path)}],
            }
        ],
        "properties": {"jsonPath": encodable(problem.json_path)},
    }


def log(problems: Sequence[Problem], site_url: str | None = None, prefer: str = "catalogue") -> dict[str, Any]:
    """The SARIF log of ``problems`` (sorted); ``prefer`` names the registry's table whose words a code
    shared by two tables takes (``plan`` for a setup's problems)."""
    entries: list[problemcodes.Code] = []
    index: dict[str, int] = {}
    for problem in problems:
        if problem.code not in index:
            index[problem.code] = len(entries)
            entries.append(problemcodes.describe(problem.code, prefer))
    driver: dict[str, Any] = {"name": PROGRAM}
    if (version := _version()) is not None:
        driver["version"] = version
    if site_url:
        driver["informationUri"] = site_url
    driver["rules"] = [_rule(entry, site_url) for entry in entries]
    run = {
        "tool": {"driver": driver},
        "columnKind": "unicodeCodePoints",
        "results": [_result(p, index[p.code]) for p in problems],
    }
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}


def sarif_text(problems: Sequence[Problem], site_url: str | None = None, prefer: str = "catalogue") -> str:
    return json.dumps(log(problems, site_url, prefer), indent=2, ensure_ascii=False) + "\n"
