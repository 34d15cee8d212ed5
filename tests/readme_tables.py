"""The README's lists of problem codes, made from the two rule tables (generator/catalogue/rules.py and
generator/planning/rules.py), between markers, as cog would: the tests hold the README to them.

    python3 tests/readme_tables.py    # rewrite the two blocks in README.md
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from generator.catalogue import rules as catalogue_rules  # noqa: E402
from generator.planning import rules as planning_rules  # noqa: E402

README = REPO / "README.md"


def _block(name: str, source: str, rows: list[tuple[str, str, str]]) -> str:
    lines = [f"<!-- {name}: generated from {source} by tests/readme_tables.py -->", ""]
    lines += ["| Code | Severity | What it finds |", "| --- | --- | --- |"]
    lines += [f"| `{code}` | {severity} | {summary} |" for code, severity, summary in rows]
    return "\n".join([*lines, "", f"<!-- {name}: end -->"])


def catalogue_block() -> str:
    rows = [(r.code, r.severity.value, r.summary) for r in catalogue_rules.RULES]
    return _block("catalogue rules", "generator/catalogue/rules.py", rows)


def planning_block() -> str:
    rows = [(r.code, r.severity.value if r.severity else r.varies, r.summary) for r in planning_rules.RULES]
    return _block("plan rules", "generator/planning/rules.py", rows)


BLOCKS = {"catalogue rules": catalogue_block, "plan rules": planning_block}


def span(text: str, name: str) -> tuple[int, int]:
    """Where the block ``name`` is in ``text`` (its markers included)."""
    start = text.index(f"<!-- {name}: generated")
    end = text.index(f"<!-- {name}: end -->", start) + len(f"<!-- {name}: end -->")
    return start, end


def rewritten(text: str) -> str:
    for name, make in BLOCKS.items():
        start, end = span(text, name)
        text = text[:start] + make() + text[end:]
    return text


if __name__ == "__main__":
    README.write_text(rewritten(README.read_text(encoding="utf-8")), encoding="utf-8")
