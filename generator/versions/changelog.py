"""The "What changed" pages, made from the releases: one page of every version, newest first, and one
page per preset with the versions that changed it; each version with its class in words, its summary,
its migration notes and its changes grouped by preset name. Names, never ids, on the pages."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from jinja2 import Environment
from markupsafe import Markup

from ..catalogue.model import Catalog
from . import publish, store
from .semver import ChangeClass

PAGE = "changes/index.md"
FEEDS = "feeds"
GENERAL = "Data types, systems and the connection order"
"""The heading of changes made in index.json rather than in a preset's file."""

CLASS_WORDS: dict[ChangeClass | None, str] = {
    "major": "Breaking changes",
    "minor": "Additions",
    "patch": "Wording only",
    None: "First release",
}


CHANGE_WORDS: dict[ChangeClass, str] = {"major": "breaking", "minor": "addition", "patch": "wording"}


def _helpers() -> dict[str, Any]:
    """Links and anchors for the template, written here so that no catalogue text becomes a link."""
    return {
        "feed_links": lambda feed: Markup(f"[JSON Feed](../{FEEDS}/{feed}.json) · [Atom](../{FEEDS}/{feed}.atom)"),
        "version_anchor": lambda version: Markup("v" + version.replace(".", "-")),
        "config_link": lambda path: Markup(f"[its configs](../{path})"),
        "preset_link": lambda preset_id: Markup(f"{preset_id}.md"),
        "class_words": CHANGE_WORDS,
    }


def preset_page(preset_id: str) -> str:
    return f"changes/{preset_id}.md"


@dataclass(frozen=True)
class Group:
    heading: str
    lines: tuple[tuple[str, ChangeClass], ...]


@dataclass(frozen=True)
class Version:
    release: store.Release
    words: str
    groups: tuple[Group, ...]
    configs: str
    """The release's index.json, relative to the site's root."""


def names(releases: tuple[store.Release, ...], catalog: Catalog) -> dict[str, str]:
    """Every preset's name, by id: from each release (the newer wins), then the catalogue shown."""
    found: dict[str, str] = {}
    for release in releases:
        for path, data in release.configs().items():
            if path.startswith("presets/") and path.endswith(".json"):
                document: Any = json.loads(data)
                found[str(document.get("id"))] = str(document.get("name"))
    return found | {p.id: p.name for p in catalog.presets}


def versions(releases: tuple[store.Release, ...], named: dict[str, str], only: str | None = None) -> list[Version]:
    """Newest first; with ``only`` a preset's id, the versions that changed it (and the first one)."""
    shown: list[Version] = []
    for release in reversed(releases):
        changes = [c for c in release.changes if only is None or c.preset == only]
        if only is not None and not changes and release.previous is not None:
            continue
        groups: dict[str, list[tuple[str, ChangeClass]]] = {}
        for change in changes:
            heading = named.get(change.preset, change.preset) if change.preset else GENERAL
            text = change.text.removeprefix(f"{heading} · ")  # the heading names the preset already
            groups.setdefault(heading, []).append((text, change.change_class))
        index = f"{publish.CONFIGS}/{publish.folder(release)}/index.json"
        shown.append(
            Version(
                release,
                CLASS_WORDS[release.change_class],
                tuple(Group(h, tuple(lines)) for h, lines in groups.items()),
                index,
            )
        )
    return shown


def pages(env: Environment, releases: tuple[store.Release, ...], catalog: Catalog) -> dict[str, str]:
    """The changelog pages by path in the docs; none without releases."""
    if not releases:
        return {}
    named = names(releases, catalog)
    presets = [(p.id, p.name) for p in catalog.presets]
    template = env.get_template("changelog.md.j2")
    out = {
        PAGE: template.render(
            title="What changed",
            versions=versions(releases, named),
            presets=presets,
            preset=None,
            feed="changes",
            **_helpers(),
        )
    }
    for preset_id, name in presets:
        out[preset_page(preset_id)] = template.render(
            title=f"What changed: {name}",
            versions=versions(releases, named, only=preset_id),
            presets=presets,
            preset=name,
            feed=f"presets/{preset_id}",
            **_helpers(),
        )
    return out


def nav_entry(catalog: Catalog) -> dict[str, Any]:
    """The navigation's group of changelog pages: every version, then each preset's history."""
    import html

    return {"What changed": [PAGE, *({html.escape(p.name): preset_page(p.id)} for p in catalog.presets)]}
