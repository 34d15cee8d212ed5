"""Offline builds in MkDocs: a site that works opened from a folder or a zip (``file://``), its
navigation, search and planner without a server. What the site needs is generator/site/offline.py;
this module switches it on and hands it MkDocs' files and pages.

The switch is Material's offline plugin, which turns off directory URLs and writes the search index
as a script; `connect-presets build --offline` adds it to the build, and a `mkdocs build` user lists it:

    plugins:
      - search
      - offline          # Material's; `enabled: !ENV [OFFLINE, false]` makes it a switch
      - connect-presets

This plugin then loads the search's worker shim from the site instead of a CDN, adds the planner's
classic scripts, and makes the raw HTML's directory links name pages' files.
"""

from __future__ import annotations

from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from ..errors import PROGRAM, ToolError
from ..site import offline

MATERIAL_OFFLINE = "material/offline"
"""The plugin's name in mkdocs.yml (``offline`` there is resolved to it, as Material's theme is used)."""


def enabled(config: MkDocsConfig) -> bool:
    """Whether the build is offline: Material's offline plugin is in it, and enabled."""
    offline_plugin = _material_offline()
    return any(isinstance(p, offline_plugin) and p.config.enabled for p in config.plugins.values())


def switch_on(config: MkDocsConfig) -> None:
    """Make a loaded configuration's build offline (`connect-presets build --offline`)."""
    offline_plugin = _material_offline()
    for plugin in config.plugins.values():
        if isinstance(plugin, offline_plugin):
            plugin.config.enabled = True
            return
    plugin = offline_plugin()
    errors, _ = plugin.load_config({})
    assert not errors, errors
    config.plugins[MATERIAL_OFFLINE] = plugin  # registers its events, after every listed plugin's


def _material_offline() -> type[BasePlugin[Any]]:
    from material.plugins.offline.plugin import OfflinePlugin  # type: ignore[import-untyped]  # no types shipped

    plugin: type[BasePlugin[Any]] = OfflinePlugin
    return plugin


def configure(config: MkDocsConfig) -> None:
    """For the plugin's on_config: pages as ``.html`` files (Material's offline plugin does the same, but
    may run after this plugin, which words its footer by it), and the worker shim from the site. Material
    adds its CDN's shim only where no polyfill names iframe-worker, so it adds none after this."""
    if not enabled(config):
        return
    config.use_directory_urls = False
    polyfills = [script for script in config.extra.get("polyfills", []) if "iframe-worker" not in str(script)]
    config.extra["polyfills"] = [*polyfills, offline.IFRAME_WORKER]


def add_files(files: Files, config: MkDocsConfig, generated: dict[str, str | bytes]) -> None:
    """For the plugin's on_files: the worker shim, and the planner's classic scripts where the docs have
    the planner. ``generated`` is the site's generated files (site_files)."""
    if not enabled(config):
        return
    scripts = {
        f.src_uri: f.content_string
        for f in files
        if f.src_uri.startswith("javascripts/") and f.src_uri.endswith((".js", ".mjs"))
    }
    try:
        added = offline.offline_files(generated, scripts)
    except ToolError as error:  # a module of the docs the joining cannot read
        raise PluginError(f"{PROGRAM}: the planner cannot be made a classic script: {error}") from None
    for src_uri, content in added.items():
        if files.get_file_from_path(src_uri) is not None:
            raise PluginError(f"{PROGRAM}: {config.docs_dir}/{src_uri} would hide a generated file; remove it")
        files.append(File.generated(config, src_uri, content=content))


def page_content(content: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """For the plugin's on_page_content: without directory URLs, the raw HTML's directory links name the
    pages' files; offline, the planner's module script is its classic scripts."""
    if config.use_directory_urls:
        return content
    pages = {offline.directory_url(f.src_uri): f.url for f in files.documentation_pages()}
    classic = offline.CLASSIC_SCRIPTS if enabled(config) else {}
    return offline.offline_html(content, offline.directory_url(page.file.src_uri), page.file.url, pages, classic)
