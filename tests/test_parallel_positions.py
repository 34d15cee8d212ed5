"""Positions come from the text that was validated, even when a file changes on disk meanwhile.

A large catalogue is read in worker processes; the main process finds the line of a problem
only later, when it explains a schema error. Had it read the file again for that, an edit
made in between (an editor saving, a checkout) would give the wrong line or a parser
traceback. The workers send the text back with the data, and nothing is read twice; and
what they send is what reading in one process (CONNECT_PRESETS_REFERENCE=1) gives.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.catalogue import source

from .conftest import REPO

sys.path.insert(0, str(REPO / "bench"))
from synth import make_catalog  # noqa: E402


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_catalog(tmp_path_factory.mktemp("edited") / "catalog", source.PARALLEL_FROM + 5)


# Run in a fresh interpreter: the suite's own process has threads of earlier tests running, and
# with threads about the catalogue is read in one process (forking would not be safe).
_EDIT_WHILE_VALIDATING = """
import json, os, sys
from pathlib import Path
from generator.catalogue import source
import generator.catalogue.validate as validate_module

root, broken, text, markers = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], Path(sys.argv[4])
read_chunk, read_source = source._read_chunk, validate_module.read_source

def marking_read_chunk(job):
    (markers / f"worker-{os.getpid()}").touch()  # proof that a worker process read the files
    return read_chunk(job)

def read_then_edit(root, accept):
    read = read_source(root, accept)
    # After reading, before the schema error is explained: the file no longer parses,
    # and the key has moved down ten lines.
    broken.write_text("# edited\\n" * 10 + text + "oops: [unclosed\\n", encoding="utf-8")
    return read

source._read_chunk = marking_read_chunk
validate_module.read_source = read_then_edit
report = validate_module.validate(root)
print(json.dumps([[p.file, p.line, p.column, p.code, p.message] for p in report.errors]))
"""


@pytest.mark.skipif(
    (os.cpu_count() or 1) < 2 or sys.platform != "linux",
    reason="a catalogue is read in worker processes only on Linux with two cores or more",
)
def test_a_file_edited_after_it_was_read_is_located_in_the_text_that_was_validated(large: Path, tmp_path: Path) -> None:
    broken = large / "presets" / "p00777.yaml"
    original = broken.read_text(encoding="utf-8")
    validated = original.replace("flows:\n", "colour: blue\nflows:\n", 1)  # a schema error: an unknown key
    line = validated.splitlines().index("colour: blue") + 1
    broken.write_text(validated, encoding="utf-8")
    try:
        done = subprocess.run(
            [sys.executable, "-c", _EDIT_WHILE_VALIDATING, str(large), str(broken), validated, str(tmp_path)],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    finally:
        broken.write_text(original, encoding="utf-8")
    assert done.returncode == 0, done.stderr
    assert list(tmp_path.glob("worker-*")), "the catalogue was not read in worker processes"
    [(file, found_line, column, code, message)] = json.loads(done.stdout)
    assert (file.endswith("presets/p00777.yaml"), found_line, column, code) == (True, line, 1, "schema")
    assert message.startswith("unknown key 'colour'")


def test_documents_read_in_workers_keep_their_text(large: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(source, "PARALLEL_FROM", 1)
    read = source.read_source(large)
    for name in ("p00000", "p00777", f"p{source.PARALLEL_FROM + 4:05d}"):
        assert read.presets[name].text == (large / "presets" / f"{name}.yaml").read_text(encoding="utf-8")


_READ_BOTH_WAYS = """
import json, os, sys, threading
from pathlib import Path
from generator import fastpaths
from generator.catalogue import source

def read():
    assert threading.active_count() == 1  # so the fast path reads in workers
    read = source.read_source(Path(sys.argv[1]))
    documents = {name: (d.file, d.data, d.complete, d.text) for name, d in read.presets.items()}
    return [p.as_text() for p in read.problems], documents

os.environ.pop(fastpaths.VARIABLE, None)
fast = read()
os.environ[fastpaths.VARIABLE] = "1"
reference = read()
print(json.dumps({"same": fast == reference, "problems": fast[0], "presets": len(fast[1])}))
"""


@pytest.mark.skipif(
    (os.cpu_count() or 1) < 2 or sys.platform != "linux",
    reason="a catalogue is read in worker processes only on Linux with two cores or more",
)
def test_documents_read_in_workers_are_those_read_in_one_process(large: Path) -> None:
    spoilt = {
        large / "presets" / "p00003.yaml": "id: p00003\nid: p00003\nstate: on\n",  # a duplicate key, a 1.1 boolean
        large / "presets" / "p00900.yaml": "flows: [unclosed\n",  # a syntax error
    }
    originals = {path: path.read_bytes() for path in spoilt}
    try:
        for path, text in spoilt.items():
            path.write_text(text, encoding="utf-8")
        # A fresh interpreter, as above: no thread of an earlier test keeps the workers from reading.
        done = subprocess.run(
            [sys.executable, "-c", _READ_BOTH_WAYS, str(large)],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    finally:
        for path, raw in originals.items():
            path.write_bytes(raw)
    assert done.returncode == 0, done.stderr
    read = json.loads(done.stdout)
    assert read["same"] is True
    assert read["presets"] == source.PARALLEL_FROM + 5
    assert [line.rsplit(" [", 1)[1] for line in read["problems"]] == [
        "yaml-duplicate-key]",
        "yaml-ambiguous-boolean]",
        "yaml-syntax]",
    ]
