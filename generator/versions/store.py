"""The releases kept in the repository: each one's export and catalogue, immutable, beside the catalogue.

``releases/<version>/`` holds ``release.json`` (what the release is: its version, date, class, changes
and migration notes, and the sha256 of every file it holds), ``configs/`` (the export, byte for byte as
released) and ``catalog/`` (the catalogue it was made from, so a later version can re-plan setups under
it). Any two releases can be compared without network or git history. A file that no longer matches
its sha256 is refused: a release is never edited, only a new one made.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import EXIT_INVALID, ToolError, shown_path
from . import semver
from .semver import ChangeClass

RELEASE_FILE = "release.json"
CONFIGS = "configs"
CATALOG = "catalog"


class ReleaseStoreError(ToolError):
    """The release store cannot be trusted: a release.json unreadable, a file changed since its release."""

    exit_code = EXIT_INVALID


@dataclass(frozen=True)
class StoredChange:
    rule: str
    change_class: ChangeClass
    subject: str
    """The dotted place of the change in the catalogue's terms: ``marketplace.flows.contacts.export``."""
    preset: str | None
    text: str
    file: str
    pointer: str
    old: Any
    new: Any

    def as_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "class": self.change_class,
            "subject": self.subject,
            "preset": self.preset,
            "text": self.text,
            "file": self.file,
            "pointer": self.pointer,
            "old": self.old,
            "new": self.new,
        }


@dataclass(frozen=True)
class Breaking:
    """A major change's migration note: where (a dotted subject or its prefix), why, what a consumer must do."""

    at: str
    reason: str
    action: str


@dataclass(frozen=True)
class Release:
    version: str
    format_version: int
    date: str
    previous: str | None
    change_class: ChangeClass | None
    summary: str
    changes: tuple[StoredChange, ...]
    breaking: tuple[Breaking, ...]
    folder: Path

    def configs(self) -> dict[str, bytes]:
        """The released export: file bytes by path relative to its configs folder."""
        return _tree(self.folder / CONFIGS)

    @property
    def catalog(self) -> Path:
        return self.folder / CATALOG

    def presets_changed(self) -> tuple[str, ...]:
        return tuple(sorted({c.preset for c in self.changes if c.preset is not None}))


def releases_folder(catalog: Path) -> Path:
    """Where a catalogue's releases are kept: ``releases/`` beside its folder."""
    return catalog.resolve().parent / "releases"


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not path.is_symlink()
    }


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_releases(folder: Path) -> tuple[Release, ...]:
    """Every release in ``folder``, oldest first, each checked against its sha256 list; none when
    there is no such folder."""
    if not folder.is_dir():
        return ()
    releases = [read_release(entry) for entry in sorted(folder.iterdir()) if entry.is_dir()]
    return tuple(sorted(releases, key=lambda r: semver.key(r.version)))


def read_release(folder: Path) -> Release:
    """One release folder, its files checked against their sha256."""
    shown = shown_path(folder / RELEASE_FILE)
    try:
        data = json.loads((folder / RELEASE_FILE).read_bytes())
        release = Release(
            version=data["version"],
            format_version=data["format_version"],
            date=data["date"],
            previous=data["previous"],
            change_class=data["class"],
            summary=data["summary"],
            changes=tuple(
                StoredChange(
                    c["rule"],
                    c["class"],
                    c["subject"],
                    c["preset"],
                    c["text"],
                    c["file"],
                    c["pointer"],
                    c["old"],
                    c["new"],
                )
                for c in data["changes"]
            ),
            breaking=tuple(Breaking(b["at"], b["reason"], b["action"]) for b in data["breaking"]),
            folder=folder,
        )
        files: dict[str, str] = data["files"]
    except FileNotFoundError:
        raise ReleaseStoreError(
            f"{shown}: missing; every folder in the releases folder is a release with one"
        ) from None
    except OSError as error:
        raise ReleaseStoreError(f"{shown}: cannot be read: {error.strerror}") from None
    except (ValueError, KeyError, TypeError) as error:
        raise ReleaseStoreError(f"{shown}: not a release file ({type(error).__name__}: {error})") from None
    if release.version != folder.name or semver.parse(release.version) is None:
        raise ReleaseStoreError(f"{shown}: its version {release.version!r} is not its folder's name {folder.name!r}")
    on_disk = {path: sha256(data) for path, data in _tree(folder).items() if path != RELEASE_FILE}
    if on_disk != files:
        changed = sorted(p for p in set(on_disk) | set(files) if on_disk.get(p) != files.get(p))
        raise ReleaseStoreError(
            f"{shown_path(folder)}: {', '.join(changed[:5])} changed since the release {release.version} was made; "
            "a release is never edited: restore its files (git checkout) and make a new release instead"
        )
    return release


def release_json(release: dict[str, Any]) -> bytes:
    """release.json's bytes: sorted as given, two-space indents, one newline at the end."""
    return (json.dumps(release, indent=2, ensure_ascii=False) + "\n").encode()
