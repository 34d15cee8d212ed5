"""`connect-presets render`: the site as a project any Material-compatible generator builds without this
project's plugin (MkDocs with Material, Zensical): ``mkdocs.yml`` and a ``docs/`` folder holding the
hand-written pages and every generated file, and the theme's overrides in ``overrides/``.

The project's own mkdocs.yml is carried over as written (its YAML tags, such as Material's emoji
functions, kept as tags, an ``INHERIT`` merged in), with what the plugin would do at build time done
here instead: the navigation written out, the footer's words set, the plugin itself left out, and the
folders pointed at the rendered ones. Its pages have no "edit" links: they would open made files. Nothing here knows MkDocs' Python API; the door hands it the files.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import yaml

from .files import SiteFiles

DOCS = "docs"
OVERRIDES = "overrides"
CONFIG = "mkdocs.yml"
PLUGIN = "connect-presets"


@dataclass(frozen=True)
class Tagged:
    """A YAML value with a tag the generator resolves (``!!python/name:…``, ``!ENV``, ``!relative``):
    written back as read, for that generator to resolve."""

    tag: str
    value: Any


class _Loader(yaml.SafeLoader):
    """Reads mkdocs.yml keeping every tag it does not know as a ``Tagged`` value."""


def _keep_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Tagged:
    if isinstance(node, yaml.ScalarNode):
        value: Any = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        assert isinstance(node, yaml.MappingNode)
        value = loader.construct_mapping(node, deep=True)
    return Tagged(node.tag, value)


_Loader.add_multi_constructor("!", _keep_tag)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _keep_tag)


class _Dumper(yaml.SafeDumper):
    pass


def _write_tag(dumper: yaml.SafeDumper, data: Tagged) -> yaml.Node:
    if isinstance(data.value, list):
        return dumper.represent_sequence(data.tag, data.value)
    if isinstance(data.value, dict):
        return dumper.represent_mapping(data.tag, data.value)
    return dumper.represent_scalar(data.tag, str(data.value))


_Dumper.add_representer(Tagged, _write_tag)


def read_config(config_file: Path) -> dict[str, Any]:
    """mkdocs.yml as written, with the file it INHERITs merged under it as MkDocs merges it."""
    from mkdocs.utils.yaml import yaml_load  # the merge MkDocs does, with this module's loader

    with config_file.open("rb") as stream:
        return yaml_load(stream, loader=cast("type[yaml.BaseLoader]", _Loader))  # a SafeLoader, as typed


def project_files(
    config: Mapping[str, Any],
    config_file: Path,
    site: SiteFiles,
    hand_written: Mapping[str, bytes],
    overrides: Mapping[str, bytes] | None,
    footer: Mapping[str, str],
) -> dict[str, bytes]:
    """Every file of the rendered project, by path in it. ``footer`` is what the plugin sets for the
    theme: ``copyright`` and the ``extra`` words."""
    files = {f"{DOCS}/{path}": content for path, content in hand_written.items()}
    for path, content in site.files.items():
        files[f"{DOCS}/{path}"] = content.encode("utf-8") if isinstance(content, str) else content
    if overrides is not None:
        files |= {f"{OVERRIDES}/{path}": content for path, content in overrides.items()}
    settings = _rendered_config(config, config_file, site, overrides is not None, footer)
    text = yaml.dump(settings, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=120)
    header = "# Rendered by `connect-presets render` from the catalogue: build it with any Material-compatible\n"
    header += "# generator (`mkdocs build`, `zensical build`); edit the catalogue, not these files.\n"
    files[CONFIG] = (header + text).encode("utf-8")
    return files


def _rendered_config(
    config: Mapping[str, Any], config_file: Path, site: SiteFiles, overrides: bool, footer: Mapping[str, str]
) -> dict[str, Any]:
    settings = dict(config)
    settings.pop("INHERIT", None)
    settings.pop("watch", None)  # `mkdocs serve` of the source project's files: not this project's
    settings["docs_dir"], settings["site_dir"] = DOCS, "site"  # the rendered project's, not the source's
    theme = settings.get("theme")
    theme = dict(theme) if isinstance(theme, dict) else {"name": theme or "material"}
    if overrides:
        theme["custom_dir"] = OVERRIDES
    settings["theme"] = theme
    settings["plugins"] = [entry for entry in settings.get("plugins", ["search"]) if _plugin_name(entry) != PLUGIN]
    if "hooks" in settings:  # Python files beside the source project's mkdocs.yml
        base = config_file.parent
        settings["hooks"] = [os.path.abspath(base / hook) for hook in settings["hooks"]]
    settings["copyright"] = footer["copyright"]
    extra = settings.get("extra")
    settings["extra"] = {
        **(extra if isinstance(extra, dict) else {}),
        **{k: v for k, v in footer.items() if k != "copyright"},
    }
    settings["nav"] = site.nav
    # An "edit" link would open the rendered Markdown, which is made, not edited: none here. (The plugin's
    # build links each generated page to its catalogue file, which a generator without it cannot do.)
    settings.pop("edit_uri_template", None)
    settings["edit_uri"] = ""
    return settings


def _plugin_name(entry: Any) -> str:
    if isinstance(entry, dict) and len(entry) == 1:
        return str(next(iter(entry)))
    return str(entry)
