"""Making a release: the catalogue's export and its own files stored, immutable, under
``releases/<version>/`` with what changed since the release before it.

The gate decides first: a release is refused (nothing written) when the version is not raised enough
for its changes, a major change has no migration note, a change is not classified, or the version is
released already. The folder is written beside its final place and renamed into it, so a release is
there whole or not at all, and an existing release is never touched.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..catalogue.model import Catalog
from ..catalogue.source import CATALOG_FILE, PRESETS_DIR
from ..errors import EXIT_INVALID, ToolError, UsageError, shown_path
from ..output import contract, export
from ..problems import CatalogError
from . import gate, store


class ReleaseRefused(ToolError):
    exit_code = EXIT_INVALID


@dataclass(frozen=True)
class Made:
    folder: Path
    release: dict[str, Any]


def make(catalog: Catalog, date: str) -> Made:
    folder = store.releases_folder(catalog.source)
    target = folder / catalog.version
    if target.exists():
        raise ReleaseRefused(
            f"{catalog.version} is released already ({shown_path(target)}); a release is never replaced: "
            "raise the catalogue's version for a new one"
        )
    verdict = gate.check(catalog)
    if verdict.problems:
        raise CatalogError(verdict.problems, outcome="no release made")
    latest, comparison = verdict.latest, verdict.comparison
    if latest is not None and comparison is not None and not comparison.changes:
        raise ReleaseRefused(f"nothing has changed since release {latest.version}; there is nothing to release")
    entry = gate.entry_for(_catalog_data(catalog), catalog.version)
    configs = export.render(catalog)
    catalogue_files = _catalogue_files(catalog.source)
    files = {f"{store.CONFIGS}/{p}": data for p, data in configs.items()}
    files |= {f"{store.CATALOG}/{p}": data for p, data in catalogue_files.items()}
    changes = comparison.changes if comparison is not None else ()
    record = {
        "version": catalog.version,
        "format_version": contract.FORMAT_VERSION,
        "date": date,
        "previous": latest.version if latest is not None else None,
        "class": comparison.change_class if comparison is not None else None,
        "summary": entry.summary or _summary(latest, len(changes)),
        "changes": [
            store.StoredChange(
                c.rule,
                c.change_class,
                c.subject,
                c.preset,
                c.text,
                c.file,
                c.new_pointer if c.new_pointer is not None else c.old_pointer or "",
                c.old,
                c.new,
            ).as_json()
            for c in changes
        ],
        "breaking": [{"at": b.at, "reason": b.reason, "action": b.action} for b in entry.breaking],
        "files": {path: store.sha256(data) for path, data in sorted(files.items())},
    }
    _write(target, files | {store.RELEASE_FILE: store.release_json(record)})
    return Made(target, record)


def preview(catalog: Catalog) -> str:
    """What `release` would make of ``catalog`` now, in one line, with nothing written (`release
    --check`, the version-gate hook): the gate's problems are raised as ``make`` raises them, located;
    a catalogue with nothing to release yet is no failure here, since most commits are not releases."""
    verdict = gate.check(catalog)
    if verdict.problems:
        raise CatalogError(verdict.problems, outcome="no release would be made")
    latest, comparison = verdict.latest, verdict.comparison
    if latest is None or comparison is None:
        return f"no release yet; release would make the first, {catalog.version}"
    if not comparison.changes:
        raised = "" if catalog.version == latest.version else f"version {catalog.version} is raised but "
        return f"{raised}nothing has changed since release {latest.version}; nothing to release"
    count = len(comparison.changes)
    return f"release would make {catalog.version} ({comparison.change_class}, {count} change(s) since {latest.version})"


def _summary(latest: store.Release | None, count: int) -> str:
    if latest is None:
        return "The first release of the catalogue."
    return f"{count} change(s) since {latest.version}."


def _catalog_data(catalog: Catalog) -> dict[str, Any]:
    from ..catalogue.source import read_source

    source = read_source(catalog.source)
    assert source.catalog is not None
    data: dict[str, Any] = source.catalog.data
    return data


def _catalogue_files(root: Path) -> dict[str, bytes]:
    """The catalogue as it is written: catalog.yaml and its presets' files (validated just before)."""
    files = {CATALOG_FILE: (root / CATALOG_FILE).read_bytes()}
    for path in sorted((root / PRESETS_DIR).glob("*.yaml")):
        files[f"{PRESETS_DIR}/{path.name}"] = path.read_bytes()
    return files


def _write(target: Path, files: dict[str, bytes]) -> None:
    """Every file written into a new folder beside ``target``, then the folder renamed into place."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        for path, data in files.items():
            (staging / path).parent.mkdir(parents=True, exist_ok=True)
            (staging / path).write_bytes(data)
        umask = os.umask(0)
        os.umask(umask)
        staging.chmod(0o777 & ~umask)  # mkdtemp's folder is private; a release is as readable as the repository
        if target.exists():
            raise UsageError(f"{shown_path(target)} appeared while the release was written; nothing replaced")
        os.rename(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
