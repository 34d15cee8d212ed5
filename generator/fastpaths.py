"""One switch for every fast path: ``CONNECT_PRESETS_REFERENCE=1`` takes the reference paths.

Three stages have a fast path beside the slower one that defines what is right:

- reading YAML: libyaml composes plain files in C (``yamlread.compose``); the reference is
  the strict event loop (``yamlread.events``);
- the schema check: a yes/no check compiled to Python (``fastschema``), with jsonschema run
  only to explain a file that fails it; the reference is jsonschema for every file;
- reading a large catalogue: from ``source.PARALLEL_FROM`` preset files, forked worker
  processes; the reference reads every file in this process.

Both give the same problems, at the same places, with the same exit codes (the tests run the
invalid-case corpus both ways). The switch is for telling a fast path's bug from the
reference's, and for those tests. It is read each time a stage asks, so a test may set it.
"""

from __future__ import annotations

import os

from .errors import UsageError
from .printable import one_line

VARIABLE = "CONNECT_PRESETS_REFERENCE"


def reference() -> bool:
    """Whether the reference paths are asked for: the variable is 1; unset, empty or 0 is the fast paths."""
    value = os.environ.get(VARIABLE)
    if not value or value == "0":
        return False
    if value == "1":
        return True
    raise UsageError(
        f"{VARIABLE} must be 1 (the reference paths: slower, for comparing) or 0 (the fast paths), "
        f"found {one_line(repr(value))[:80]}; set it so or unset it"
    )
