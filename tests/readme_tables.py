"""The README's lists of problem codes and changes, made from the three rule tables
(generator/catalogue/rules.py, generator/planning/rules.py, read through the registry of codes
generator/output/problemcodes.py as the developers' page reads them, and generator/versions/changes.py),
between markers, as cog would: the tests hold the README to them.

    python3 tests/readme_tables.py    # rewrite the three blocks in README.md
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from generator.output import problemcodes  # noqa: E402
from generator.versions import changes  # noqa: E402

README = REPO / "README.md"


def _block(name: str, source: str, rows: list[tuple[str, str, str]]) -> str:
    lines = [f"<!-- {name}: generated from {source} by tests/readme_tables.py -->", ""]
    lines += ["| Code | Severity | What it finds |", "| --- | --- | --- |"]
    lines += [f"| `{code}` | {severity} | {summary} |" for code, severity, summary in rows]
    return "\n".join([*lines, "", f"<!-- {name}: end -->"])


def catalogue_block() -> str:
    return _block("catalogue rules", "generator/catalogue/rules.py", problemcodes.rows("catalogue"))


def planning_block() -> str:
    return _block("plan rules", "generator/planning/rules.py", problemcodes.rows("plan"))


def change_block() -> str:
    """The change table: one row per rule id with a class (a place with several rules of one id, such
    as the format version in both documents, is one row)."""
    lines = ["<!-- change rules: generated from generator/versions/changes.py by tests/readme_tables.py -->", ""]
    lines += ["| Rule | Class | The change |", "| --- | --- | --- |"]
    seen: set[str] = set()
    for rule in changes.RULES:
        if rule.change_class is None or rule.id in seen:
            continue
        seen.add(rule.id)
        lines.append(f"| `{rule.id}` | {rule.change_class} | {rule.meaning} |")
    ignored = sorted({f"`{rule.id}`" for rule in changes.RULES if rule.change_class is None})
    lines += [
        "",
        f"Not changes of their own (reported by another rule, or following from others): {', '.join(ignored)}.",
    ]
    return "\n".join([*lines, "", "<!-- change rules: end -->"])


BLOCKS = {"catalogue rules": catalogue_block, "plan rules": planning_block, "change rules": change_block}


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
