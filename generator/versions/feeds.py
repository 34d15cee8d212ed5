"""The changelog as feeds a connector team can subscribe to: a JSON Feed 1.1 and an Atom feed of every
release, and one of each per preset with the releases that changed it. Deterministic: every date is a
release's date, never the time of the build.

    feeds/changes.json, feeds/changes.atom
    feeds/presets/<id>.json, feeds/presets/<id>.atom
"""

from __future__ import annotations

import datetime
import html
import json
from typing import Any

from ..catalogue.model import Catalog
from . import changelog, store

JSON_FEED = "https://jsonfeed.org/version/1.1"


def _when(release: store.Release) -> datetime.datetime:
    return datetime.datetime.fromisoformat(release.date).replace(tzinfo=datetime.UTC)


def _tag(releases: tuple[store.Release, ...], rest: str) -> str:
    """A tag URI (RFC 4151): stable, and naming no host the feed would be fetched from."""
    return f"tag:connect-presets,{releases[0].date[:4]}:{rest}"


def _text(version: changelog.Version) -> str:
    lines = [f"{version.words}. {version.release.summary}"]
    lines += [f"What a consumer must do: {note.reason} {note.action}" for note in version.release.breaking]
    for group in version.groups:
        lines += [f"{group.heading}: {text} ({changelog.CHANGE_WORDS[c]})" for text, c in group.lines]
    return "\n".join(lines)


def _html(version: changelog.Version) -> str:
    out = [f"<p><strong>{html.escape(version.words)}</strong>. {html.escape(version.release.summary)}</p>"]
    if version.release.breaking:
        notes = "".join(f"<li>{html.escape(n.reason)} {html.escape(n.action)}</li>" for n in version.release.breaking)
        out.append(f"<p>What a consumer must do:</p><ul>{notes}</ul>")
    for group in version.groups:
        items = "".join(f"<li>{html.escape(t)} ({changelog.CHANGE_WORDS[c]})</li>" for t, c in group.lines)
        out.append(f"<h3>{html.escape(group.heading)}</h3><ul>{items}</ul>")
    return "".join(out)


def _page_url(site_url: str | None, page: str, anchor: str | None = None) -> str | None:
    if not site_url:
        return None
    address = (
        site_url.rstrip("/")
        + "/"
        + page.removesuffix("index.md").removesuffix(".md")
        + ("" if page.endswith("index.md") else "/")
    )
    return address + (f"#{anchor}" if anchor else "")


def json_feed(
    title: str, versions: list[changelog.Version], tag: str, page: str, feed: str, site_url: str | None
) -> bytes:
    document: dict[str, Any] = {"version": JSON_FEED, "title": title, "language": "en"}
    if site_url:
        document["home_page_url"] = _page_url(site_url, page)
        document["feed_url"] = site_url.rstrip("/") + f"/{changelog.FEEDS}/{feed}.json"
    document["items"] = [
        {
            "id": f"{tag}/{v.release.version}",
            **({"url": url} if (url := _page_url(site_url, page, "v" + v.release.version.replace(".", "-"))) else {}),
            "title": f"{v.release.version}: {v.words}",
            "content_text": _text(v),
            "content_html": _html(v),
            "date_published": _when(v.release).isoformat().replace("+00:00", "Z"),
            "tags": [v.release.change_class or "first release"],
        }
        for v in versions
    ]
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode()


def atom_feed(
    title: str, versions: list[changelog.Version], tag: str, page: str, feed: str, site_url: str | None
) -> bytes:
    from feedgen.feed import FeedGenerator  # type: ignore[import-untyped]

    generator = FeedGenerator()
    generator.id(tag)
    generator.title(title)
    generator.language("en")
    generator.generator("connect-presets")
    generator.author({"name": "connect-presets"})  # Atom asks for an author: the tool that wrote the feed
    generator.updated(_when(versions[0].release))
    if site_url:
        generator.link(href=site_url.rstrip("/") + f"/{changelog.FEEDS}/{feed}.atom", rel="self")
        generator.link(href=_page_url(site_url, page), rel="alternate")
    for version in reversed(versions):  # feedgen puts the entry added last first
        entry = generator.add_entry()
        entry.id(f"{tag}/{version.release.version}")
        entry.title(f"{version.release.version}: {version.words}")
        entry.updated(_when(version.release))
        entry.published(_when(version.release))
        entry.content(_html(version), type="html")
        entry.category(term=version.release.change_class or "first release")
        url = _page_url(site_url, page, "v" + version.release.version.replace(".", "-"))
        if url:
            entry.link(href=url, rel="alternate")
    data: bytes = generator.atom_str(pretty=True)
    return data


def feeds(releases: tuple[store.Release, ...], catalog: Catalog, site_url: str | None) -> dict[str, bytes]:
    """Every feed file by path in the site; none without releases."""
    if not releases:
        return {}
    named = changelog.names(releases, catalog)
    out: dict[str, bytes] = {}
    targets: list[tuple[str | None, str, str, str, str]] = [
        (None, f"{catalog.title}: what changed", "changes", changelog.PAGE, "releases")
    ]
    targets += [
        (
            p.id,
            f"{catalog.title}: what changed in {p.name}",
            f"presets/{p.id}",
            changelog.preset_page(p.id),
            f"preset/{p.id}",
        )
        for p in catalog.presets
    ]
    for only, title, feed, page, tag in targets:
        versions = changelog.versions(releases, named, only=only)
        tag_uri = _tag(releases, tag)
        out[f"{changelog.FEEDS}/{feed}.json"] = json_feed(title, versions, tag_uri, page, feed, site_url)
        out[f"{changelog.FEEDS}/{feed}.atom"] = atom_feed(title, versions, tag_uri, page, feed, site_url)
    return out
