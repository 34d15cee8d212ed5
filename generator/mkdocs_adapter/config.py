"""The MkDocs plugin's options, as mkdocs.yml sets them (Material's plugins keep theirs in a config
module of their own too): the events are in plugin.py.

    plugins:
      - connect-presets:
          catalog: catalog        # relative to mkdocs.yml
"""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class PluginConfig(Config):
    catalog = c.Type(str, default="catalog")
    """The catalogue folder, relative to mkdocs.yml."""
    nav = c.Type(bool, default=True)
    """Build the navigation from the catalogue (the presets in their order)."""
    releases = c.Type(str, default="")
    """The releases folder, relative to mkdocs.yml (default: ``releases/`` beside the catalogue folder)."""
    examples = c.Type(str, default="examples")
    """Setup files for the worked examples page, relative to mkdocs.yml."""
