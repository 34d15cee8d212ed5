"""configs/planner.json: what the browser's planner needs of Python besides the catalogue's configs.

The rule table's order and severities, every message template, the words for alike names, the
invisible characters and the look-alike letters, the limits of "did you mean" and of a key shown in a
path, and the words of the catalogue's first-import periods: the browser fills these in and changes
none of them (site_src/javascripts/planner-rules.js)."""

from __future__ import annotations

from typing import Any

from .. import names, suggest
from ..catalogue.model import Catalog
from ..problems import MAX_KEY_SHOWN
from ..wording import WHEN_POSSIBLE, json_bytes, period_text
from .messages import TEMPLATES
from .orderrules import SEVERITY
from .rules import RULES

PLANNER_CONFIG = "planner.json"
"""Its name in the site's configs folder."""


def planner_document(catalog: Catalog) -> dict[str, Any]:
    """The document; ``periods`` words every first-import period of ``catalog`` as the plan does."""
    periods = {fi.period: period_text(fi) for preset in catalog.presets for fi in preset.first_import}
    return {
        "rules": [{"code": r.code, "severity": r.severity.value if r.severity else None} for r in RULES],
        "severity": {strength: severity.value for strength, severity in SEVERITY.items()},
        "messages": TEMPLATES,
        "differences": names.DIFFERENCES,
        "suggest": {"listed": suggest.LISTED, "longest_listing": suggest.LONGEST_LISTING, "ranked": suggest.RANKED},
        "cut": MAX_KEY_SHOWN,
        "invisible": "".join(sorted(names.IGNORABLE)),
        "look_alikes": names.look_alikes(),
        "periods": dict(sorted(periods.items())),
        "when_possible": WHEN_POSSIBLE,
    }


def planner_config(catalog: Catalog) -> bytes:
    return json_bytes(planner_document(catalog))
