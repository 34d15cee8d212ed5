"""The MkDocs adapter: the plugin, its options, the worked examples it shows, and building the site as `mkdocs build` would."""
