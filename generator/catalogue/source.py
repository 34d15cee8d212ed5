"""Finding and reading the files of a catalogue folder.

A catalogue is a folder with ``catalog.yaml`` and ``presets/<id>.yaml``. Every
other file in it is an error rather than being skipped, so a misnamed preset
file can never silently drop out of the catalogue.
"""

from __future__ import annotations

import errno
import marshal
import os
import signal
import stat
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .. import fastpaths
from ..errors import UsageError, os_reason, shown_path
from ..problems import Problem, display_name
from .yamlread import Document, read_yaml

CATALOG_FILE = "catalog.yaml"
PRESETS_DIR = "presets"
MAX_FILE_BYTES = 5 * 1024 * 1024
"""The whole real catalogue is a few kilobytes; a file this large is a mistake."""


@dataclass
class Source:
    root: Path
    catalog: Document | None = None
    presets: dict[str, Document] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    accepted: set[str] = field(default_factory=set)
    complete: bool = True
    """False when a folder could not be listed: which preset files exist is then unknown."""

    def __post_init__(self) -> None:
        self._shown_root = display_name(self.root)

    def name(self, path: Path) -> str:
        """How problems name a file of this catalogue (the root is resolved once, not per file)."""
        try:
            relative = path.relative_to(self.root)
        except ValueError:
            return display_name(path)
        shown = shown_path(relative.as_posix())
        if shown == ".":  # the catalogue folder itself
            return self._shown_root
        return shown if self._shown_root == "." else f"{self._shown_root}/{shown}"


def resolve_root(path: Path) -> Path:
    """The catalogue folder for a path given by a user: the folder, or its catalog.yaml."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        broken = " (a broken symbolic link)" if path.is_symlink() else ""
        raise UsageError(f"no catalogue at '{shown_path(path)}': the path does not exist{broken}") from None
    except OSError as error:  # a name too long, a folder without permission, a link loop, an I/O error
        raise UsageError(f"cannot look up the catalogue at '{shown_path(path)}': {os_reason(error)}") from None
    if stat.S_ISREG(mode) and path.name == CATALOG_FILE:
        return path.parent
    if not stat.S_ISDIR(mode):
        raise UsageError(
            f"'{shown_path(path)}' is not a catalogue folder (a folder with {CATALOG_FILE} and {PRESETS_DIR}/)"
        )
    return path


Accept = Callable[[Document], bool]
AcceptFor = Callable[[Document | None], Accept]
"""Given catalog.yaml as read (None when there is none), the check of each preset file: a preset's
schema lists the ids catalog.yaml defines."""


def read_source(root: Path, accept_preset: AcceptFor | None = None) -> Source:
    """Read every file of the catalogue at ``root``; problems are collected, not raised.

    ``accept_preset`` is called once catalog.yaml is read; what it returns (a module-level function,
    or a partial of one: it may run in a worker process) is called on each preset document as it is
    read, and the names of those it accepts are in ``source.accepted``.
    """
    fastpaths.reference()  # a bad CONNECT_PRESETS_REFERENCE is a usage error before anything is read
    source = Source(root)
    for entry in _listing(source, root):
        if entry.name == CATALOG_FILE:
            source.catalog = _read(source, entry)
        elif entry.name == PRESETS_DIR:
            if not entry.is_dir():
                source.problems.append(
                    _file_problem(source, entry, f"'{PRESETS_DIR}' must be a folder of preset files", "unknown-file")
                )
        else:
            source.problems.append(
                _file_problem(
                    source,
                    entry,
                    f"unknown file in the catalogue folder; it holds only {CATALOG_FILE} and {PRESETS_DIR}/",
                    "unknown-file",
                )
            )
    if source.catalog is None and source.complete:  # a folder that could not be listed has its problem already
        source.problems.append(
            _file_problem(
                source, root / CATALOG_FILE, f"missing file: the catalogue needs {CATALOG_FILE}", "missing-file"
            )
        )
    presets_dir = root / PRESETS_DIR
    if _is_folder(presets_dir):
        accept = accept_preset(source.catalog) if accept_preset is not None else None
        preset_files = []
        for entry in _listing(source, presets_dir):
            if entry.suffix == ".yaml" and not _is_folder(entry):
                # A link that leads nowhere, a pipe or a device is reported, as not a regular file, when it is read.
                preset_files.append(entry)
            elif entry.suffix == ".yml":
                source.problems.append(
                    _file_problem(
                        source, entry, f"preset files end in .yaml; rename it to {entry.stem}.yaml", "unknown-file"
                    )
                )
            else:
                source.problems.append(
                    _file_problem(
                        source, entry, "unknown file in presets/; it holds only <preset id>.yaml files", "unknown-file"
                    )
                )
        for entry, (document, accepted) in zip(preset_files, _read_all(source, preset_files, accept), strict=True):
            source.presets[entry.stem] = document
            if accepted:
                source.accepted.add(entry.stem)
    return source


PARALLEL_FROM = 1000
"""Files from which reading is spread over the machine's cores; below it a second process costs more than it saves."""


def _read_all(source: Source, paths: list[Path], accept: Accept | None) -> list[tuple[Document, bool]]:
    workers = min(os.cpu_count() or 1, 4)
    # fork only: a new interpreter per worker would cost more than it saves, and forking is
    # safe only while this process runs no other thread (mkdocs serve does). The reference
    # path (CONNECT_PRESETS_REFERENCE=1) reads every file here.
    if (
        len(paths) < PARALLEL_FROM
        or workers < 2
        or sys.platform != "linux"
        or threading.active_count() > 1
        or fastpaths.reference()
    ):
        return _read_accepting(source, paths, accept)
    import multiprocessing  # only here: most catalogues are read in this process

    size = -(-len(paths) // workers)
    chunks = [paths[i : i + size] for i in range(0, len(paths), size)]
    with multiprocessing.get_context("fork").Pool(len(chunks), initializer=_ignore_ctrl_c) as pool:
        results = pool.map(_read_chunk, [(source.root, source._shown_root, chunk, accept) for chunk in chunks])
    documents = []
    for payload, problems in results:
        for file, data, complete, text, accepted in marshal.loads(payload):
            documents.append((Document(file, data, complete, text), accepted))
        source.problems += problems
    return documents


def _is_folder(path: Path) -> bool:
    """Whether ``path`` is a folder; one that cannot be looked up (no permission on the folder above,
    which is reported where that folder is listed) is not."""
    try:
        return stat.S_ISDIR(path.stat().st_mode)
    except OSError:
        return False


def _ignore_ctrl_c() -> None:
    """In a worker: Ctrl-C is the parent's to report (once, without a traceback); the pool ends the workers."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _read_accepting(source: Source, paths: list[Path], accept: Accept | None) -> list[tuple[Document, bool]]:
    read = [_read(source, path) for path in paths]
    return [(document, accept is not None and document.complete and accept(document)) for document in read]


def _read_chunk(job: tuple[Path, str, list[Path], Accept | None]) -> tuple[bytes, list[Problem]]:
    """In a worker: read some files. The data and the text come back marshalled (several times
    faster than pickling them): positions are found later in the very text that was read."""
    root, shown_root, paths, accept = job
    source = Source(root)
    source._shown_root = shown_root
    read = _read_accepting(source, paths, accept)
    return marshal.dumps([(d.file, d.data, d.complete, d.text, accepted) for d, accepted in read]), source.problems


def _listing(source: Source, folder: Path) -> list[Path]:
    try:
        entries = sorted(folder.iterdir())
    except OSError as error:
        source.problems.append(_file_problem(source, folder, f"cannot read the folder: {error.strerror}", "unreadable"))
        source.complete = False
        return []
    # Hidden files (editor backups, .DS_Store) are not part of the catalogue.
    return [entry for entry in entries if not entry.name.startswith(".")]


def _read(source: Source, path: Path) -> Document:
    name = source.name(path)
    raw, problem = read_file(path, name)
    if raw is None:
        assert problem is not None
        source.problems.append(problem)
        return Document(name, complete=False)
    document, problems = read_yaml(name, raw)
    source.problems.extend(problems)
    return document


def read_file(path: Path, shown_name: str, *, what: str = "a catalogue file") -> tuple[bytes | None, Problem | None]:
    """The bytes of one of our YAML files (a catalogue, setup or example file), or the problem that
    stopped reading it, located at the file: never a wait (a named pipe, a device) and never more
    than MAX_FILE_BYTES in memory. ``what`` names the file in the messages: "a setup file"."""

    def refused(message: str, code: str = "unreadable") -> tuple[None, Problem]:
        return None, Problem(shown_name, 1, 1, (), message, code)

    not_regular = f"not a regular file (a folder, a device or a pipe); {what} is a YAML file"
    try:
        status = os.stat(path)
    except OSError as error:
        if error.errno in (errno.ENOENT, errno.ELOOP) and os.path.islink(path):
            return refused(f"a broken or looping symbolic link; {what} is a YAML file")
        return refused(f"cannot read the file: {os_reason(error)}")
    if not stat.S_ISREG(status.st_mode):  # opening a named pipe waits for a writer; a device never ends
        return refused(not_regular)
    try:
        with path.open("rb") as stream:
            if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):  # replaced since it was looked up
                return refused(not_regular)
            raw = stream.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        return refused(f"cannot read the file: {os_reason(error)}")
    if len(raw) > MAX_FILE_BYTES:
        return refused(
            f"the file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB; {what} is a few kilobytes", "too-large"
        )
    return raw, None


def _file_problem(source: Source, path: Path, message: str, code: str) -> Problem:
    return Problem(source.name(path), 1, 1, (), message, code)
