"""The two sides of a comparison: a catalogue folder, a stored release, an export folder, or a git
revision of the repository the catalogue is in.

Each side becomes a ``Side``: its export as parsed JSON (what is compared), and where there is one
its validated catalogue (to re-plan setups under it) and its source documents (to locate a change
in the newer catalogue as every other problem is located).
"""

from __future__ import annotations

import json
import subprocess
import tarfile
import tempfile
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..catalogue.model import Catalog
from ..catalogue.source import CATALOG_FILE, Source, read_source
from ..catalogue.validate import validate
from ..errors import UsageError, shown_path
from ..output import export
from ..problems import CatalogError
from . import semver, store
from .diff import comparable


@dataclass(frozen=True)
class Side:
    label: str
    """How the side is named in what is printed: a folder, "release 2.0.0", "git HEAD~1"."""
    documents: dict[str, Any]
    catalog: Catalog | None
    source: Source | None
    version: str | None


def of_catalog(catalog: Catalog, label: str) -> Side:
    files = export.render(catalog)
    return Side(label, _parsed(files), catalog, read_source(catalog.source), catalog.version)


def of_release(release: store.Release, *, with_catalog: bool = True) -> Side:
    """A release's export; with its catalogue validated (to re-plan setups under it) unless not asked for."""
    use = with_catalog and release.catalog.is_dir()
    catalog = _validated(release.catalog, f"release {release.version}") if use else None
    documents = _parsed(release.configs())
    return Side(f"release {release.version}", documents, catalog, None, release.version)


def resolve(spec: str, *, releases: Path, repository: Path, stack: ExitStack) -> Side:
    """The side ``spec`` names: a version released in ``releases``, a folder (catalogue, release or
    export), or a git revision of the repository that holds the folder ``repository``."""
    by_version = {r.version: r for r in store.read_releases(releases)}
    if spec in by_version:
        return of_release(by_version[spec])
    path = Path(spec)
    if path.is_dir() or path.name == CATALOG_FILE and path.is_file():
        return _folder(path)
    if semver.parse(spec) is not None:
        known = ", ".join(by_version) or "none"
        raise UsageError(f"no release {spec} in {shown_path(releases)} (released: {known})")
    revision = _git_catalogue(spec, repository, stack)
    if revision is not None:
        return revision
    raise UsageError(
        f"'{shown_path(spec)}' is not a catalogue folder, a release folder, an export folder, a released "
        f"version or a git revision; give one of those (released: {', '.join(by_version) or 'none'})"
    )


def _folder(path: Path) -> Side:
    if (path / store.RELEASE_FILE).is_file():
        return of_release(store.read_release(path))
    if (path / export.INDEX).is_file() and not (path / CATALOG_FILE).is_file():
        files = {
            p.relative_to(path).as_posix(): p.read_bytes()
            for p in sorted(path.rglob("*.json"))
            if p.is_file() and not p.is_symlink()
        }
        try:
            documents = _parsed(files)
        except ValueError as error:
            raise UsageError(f"{shown_path(path)}: not an export folder: {error}") from None
        version = documents[export.INDEX].get("catalog_version")
        return Side(shown_path(path), documents, None, None, version if isinstance(version, str) else None)
    return of_catalog(_validated(path, shown_path(path)), shown_path(path))


def _validated(path: Path, label: str) -> Catalog:
    report = validate(path)
    if report.catalog is None:
        raise CatalogError(report.problems, acknowledged=len(report.acknowledged), outcome=f"{label} not compared")
    return report.catalog


def _parsed(files: dict[str, bytes]) -> dict[str, Any]:
    documents: dict[str, Any] = {}
    for path, data in files.items():
        try:
            documents[path] = json.loads(data)
        except ValueError as error:
            raise ValueError(f"{path} is not JSON ({error})") from None
    return comparable(documents)


def _git(repository: Path, *args: str) -> subprocess.CompletedProcess[bytes] | None:
    try:
        return subprocess.run(["git", "-C", str(repository), *args], capture_output=True, check=False)
    except OSError:  # no git on this machine
        return None


def _git_catalogue(spec: str, catalogue: Path, stack: ExitStack) -> Side | None:
    """The catalogue folder as it is in the git revision ``spec``: read with `git archive`, validated."""
    top = _git(catalogue, "rev-parse", "--show-toplevel")
    if top is None or top.returncode != 0 or spec.startswith("-"):
        return None
    root = Path(top.stdout.decode().strip())
    found = _git(root, "rev-parse", "--verify", "--quiet", f"{spec}^{{commit}}")
    if found is None or found.returncode != 0:
        return None
    inside = catalogue.resolve().relative_to(root.resolve()).as_posix()
    archive = _git(root, "archive", "--format=tar", found.stdout.decode().strip(), inside)
    if archive is None or archive.returncode != 0:
        raise UsageError(f"git revision {spec} has no catalogue at {inside}")
    folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="connect-presets-diff-")))
    tar_path = folder / "catalogue.tar"
    tar_path.write_bytes(archive.stdout)
    with tarfile.open(tar_path) as tar:
        tar.extractall(folder / "tree", filter="data")
    catalog = _validated(folder / "tree" / inside, f"git {spec}")
    side = of_catalog(catalog, f"git {spec}")
    return Side(side.label, side.documents, catalog, None, catalog.version)
