"""Positions come from the text that was validated, even when a file changes on disk meanwhile.

A large catalogue is read in worker processes; the main process finds the line of a problem
only later, when it explains a schema error. Had it read the file again for that, an edit
made in between (an editor saving, a checkout) would give the wrong line or a parser
traceback. The workers send the text back with the data, and nothing is read twice.
"""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path
from typing import Any

import pytest

from generator import source
from generator.validate import validate

from .conftest import REPO

sys.path.insert(0, str(REPO / "bench"))
from synth import make_catalog  # noqa: E402

validate_module = importlib.import_module("generator.validate")  # the module, not the function of that name
_MARKERS = "CONNECT_PRESETS_TEST_WORKER_MARKERS"
_read_chunk = source._read_chunk


def _marking_read_chunk(job: Any) -> Any:
    """``source._read_chunk``, leaving a file behind to prove it ran in a worker process."""
    Path(os.environ[_MARKERS], f"worker-{os.getpid()}").touch()
    return _read_chunk(job)


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_catalog(tmp_path_factory.mktemp("edited") / "catalog", source.PARALLEL_FROM + 5)


def test_a_file_edited_after_it_was_read_is_located_in_the_text_that_was_validated(
    large: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    broken = large / "presets" / "p00777.yaml"
    original = broken.read_text(encoding="utf-8")
    validated = original.replace("flows:\n", "colour: blue\nflows:\n", 1)  # a schema error: an unknown key
    line = validated.splitlines().index("colour: blue") + 1

    read_source = validate_module.read_source

    def read_then_edit(root: Path, accept: Any) -> source.Source:
        read = read_source(root, accept)
        # After reading, before the schema error is explained: the file no longer parses,
        # and the key has moved down ten lines.
        broken.write_text("# edited\n" * 10 + validated + "oops: [unclosed\n", encoding="utf-8")
        return read

    monkeypatch.setenv(_MARKERS, str(tmp_path))
    monkeypatch.setattr(source, "_read_chunk", _marking_read_chunk)
    monkeypatch.setattr(validate_module, "read_source", read_then_edit)
    broken.write_text(validated, encoding="utf-8")
    try:
        report = validate(large)
    finally:
        broken.write_text(original, encoding="utf-8")

    if not list(tmp_path.glob("worker-*")):
        pytest.skip("this machine reads the catalogue in one process (one core, or another thread running)")
    [problem] = report.errors
    assert (problem.file.endswith("presets/p00777.yaml"), problem.line, problem.column, problem.code) == (
        True,
        line,
        1,
        "schema",
    )
    assert problem.message.startswith("unknown key 'colour'")


def test_documents_read_in_workers_keep_their_text(large: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(source, "PARALLEL_FROM", 1)
    read = source.read_source(large)
    for name in ("p00000", "p00777", f"p{source.PARALLEL_FROM + 4:05d}"):
        assert read.presets[name].text == (large / "presets" / f"{name}.yaml").read_text(encoding="utf-8")
