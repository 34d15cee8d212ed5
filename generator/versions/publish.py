"""What the site publishes from the releases: every release's configs under an immutable, versioned
path, a ``latest`` alias per format version, and a machine-readable list of versions.

    configs/v2/2.0.0/index.json       the release, byte for byte as stored
    configs/v2/latest/index.json      the newest release of format version 2
    configs/versions.json             every version, its date, class, index and the index's sha256
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..wording import json_bytes
from . import store

if TYPE_CHECKING:
    from jinja2 import Environment

    from ..catalogue.model import Catalog

CONFIGS = "configs"
VERSIONS = "versions.json"


def folder(release: store.Release) -> str:
    """A release's folder under configs/, relative to it."""
    return f"v{release.format_version}/{release.version}"


def latest(releases: tuple[store.Release, ...]) -> dict[int, store.Release]:
    """The newest release of each format version."""
    newest: dict[int, store.Release] = {}
    for release in releases:  # oldest first
        newest[release.format_version] = release
    return newest


def configs(releases: tuple[store.Release, ...]) -> dict[str, bytes]:
    """Every file to publish under configs/, by path relative to the site."""
    files: dict[str, bytes] = {}
    newest = latest(releases)
    for release in releases:
        released = release.configs()
        files |= {f"{CONFIGS}/{folder(release)}/{path}": data for path, data in released.items()}
        if newest[release.format_version] is release:
            files |= {f"{CONFIGS}/v{release.format_version}/latest/{path}": data for path, data in released.items()}
    if releases:
        files[f"{CONFIGS}/{VERSIONS}"] = json_bytes(versions_document(releases))
    return files


def versions_document(releases: tuple[store.Release, ...]) -> dict[str, Any]:
    return {
        "versions": [
            {
                "version": r.version,
                "format_version": r.format_version,
                "date": r.date,
                "class": r.change_class,
                "previous": r.previous,
                "index": f"{folder(r)}/index.json",
                "sha256": store.sha256(r.configs()["index.json"]),
            }
            for r in reversed(releases)
        ],
        "latest": {f"v{fmt}": r.version for fmt, r in sorted(latest(releases).items())},
    }


def site_files(
    env: Environment, releases: tuple[store.Release, ...], catalog: Catalog, site_url: str | None
) -> dict[str, str | bytes]:
    """Everything the site publishes from the releases: the changelog pages, the versioned configs
    and the feeds; nothing without releases."""
    from . import changelog, feeds

    files: dict[str, str | bytes] = dict(changelog.pages(env, releases, catalog))
    return files | configs(releases) | feeds.feeds(releases, catalog, site_url)
