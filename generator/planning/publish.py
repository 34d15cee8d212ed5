"""configs/planner.json: what the browser's planner needs of Python besides the catalogue's configs.

The rule table's order and severities, every message template, the words for alike names, the
look-alike letters and the limits of "did you mean" and of a key shown in a path: the browser fills
these in and changes none of them (site_src/javascripts/planner-rules.js)."""

from __future__ import annotations

from typing import Any

from .. import names, suggest
from ..problems import MAX_KEY_SHOWN
from ..wording import json_bytes
from .messages import TEMPLATES
from .orderrules import SEVERITY
from .rules import RULES

PLANNER_CONFIG = "planner.json"
"""Its name in the site's configs folder."""


def planner_document() -> dict[str, Any]:
    return {
        "rules": [{"code": r.code, "severity": r.severity.value if r.severity else None} for r in RULES],
        "severity": {strength: severity.value for strength, severity in SEVERITY.items()},
        "messages": TEMPLATES,
        "differences": names.DIFFERENCES,
        "suggest": {"listed": suggest.LISTED, "longest_listing": suggest.LONGEST_LISTING, "ranked": suggest.RANKED},
        "cut": MAX_KEY_SHOWN,
        "look_alikes": names.look_alikes(),
    }


def planner_config() -> bytes:
    return json_bytes(planner_document())


README_BEGIN = (
    "<!-- plan rules: generated from generator/planning/rules.py (RULES); tests/test_planner_corpus.py checks it -->"
)
README_END = "<!-- plan rules: end -->"


def readme_table() -> str:
    """The README's list of the planner's problem codes, from the rule table, in its order."""
    lines = [README_BEGIN, "", "| Code | Severity | What it finds |", "| --- | --- | --- |"]
    for rule in RULES:
        severity = rule.severity.value if rule.severity else rule.varies
        lines.append(f"| `{rule.code}` | {severity} | {rule.summary} |")
    return "\n".join([*lines, "", README_END])
