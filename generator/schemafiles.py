"""The authoring schemas on disk: written by `connect-presets schemas`, compared by `check --schema-dir`.

The files are those of schemagen.py, their lists made from a validated catalogue. By default they go
where the catalogue's own files look for them: the ``schema`` folder beside the catalogue folder, as
each file's ``# yaml-language-server: $schema=../schema/...`` line says (for the bundled catalogue,
the project's ``schema/``). Only the generated files are written or compared; any other file in the
folder (setup.schema.json) is left alone.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from . import checking
from .catalogue import schemagen
from .catalogue.model import Catalog
from .errors import OutputError, UsageError, disk_refused, os_reason, shown_path
from .output import drift


def folder_for(catalog: Path) -> Path:
    """The schema folder of the catalogue folder ``catalog``: beside it."""
    return Path(os.path.abspath(catalog)).parent / "schema"


def files_for(catalog: Catalog) -> dict[str, bytes]:
    return schemagen.render(schemagen.Ids.of(catalog))


def write(folder: Path, files: Mapping[str, bytes]) -> list[str]:
    """Write the files whose bytes differ from those on disk, each replaced whole (a reader or an
    editor sees the old file or the new one); the names of those written. A file of the same name
    that is not this schema (another title, or no JSON at all) is refused before anything is written:
    the tool replaces only what it makes."""
    on_disk = {name: _bytes(folder / name) for name in files}
    changed = [name for name, content in files.items() if on_disk[name] != content]
    for name in changed:
        existing = on_disk[name]
        if existing is not None and _title(existing) != _title(files[name]):
            raise UsageError(
                f"'{shown_path(folder / name)}' is not a connect-presets schema of that name (its title is not "
                f"{_title(files[name])!r}); move it away or choose another --out; nothing written"
            )
    for name in changed:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            _replace(folder / name, files[name])
        except OSError as error:
            message = f"cannot write '{shown_path(error.filename or folder / name)}': {os_reason(error)}"
            raise (OutputError(message) if disk_refused(error) else UsageError(message)) from None
    return changed


def _title(content: bytes) -> object:
    try:
        document = json.loads(content)
    except ValueError:
        return None
    return document.get("title") if isinstance(document, dict) else None


def _bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as error:  # a folder of that name, no permission: the path's fault, said before writing
        raise UsageError(f"cannot read '{shown_path(path)}': {os_reason(error)}") from None


def _replace(path: Path, content: bytes) -> None:
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(content)
        os.chmod(temporary, 0o644)  # mkstemp makes it private; a schema is for every reader
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def comparison(folder: Path, catalog: Catalog, source: Path | None) -> checking.Comparison:
    """The schema folder ``folder`` against the schemas of ``catalog`` (read from ``source``, None for
    the bundled one), for `check --schema-dir`: named with the command that would write it."""
    files = files_for(catalog)
    generated = drift.Generated.from_files(files)
    disk, found = drift.compare_files(folder, generated)
    command = "schemas" + (f" --source {shown_path(source)}" if source is not None else "")
    if os.path.abspath(folder) != str(folder_for(catalog.source)):
        command += f" --out {shown_path(folder)}"
    output = checking.Output(folder, command, lambda _: generated)
    return checking.Comparison(output, disk, generated, found)
