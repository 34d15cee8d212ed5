"""Building the site as `mkdocs build` would, for `build` and `check`: mkdocs.yml read once, the build
staged and swapped in atomically, MkDocs' refusals and the disk's told apart. The plugin itself (the
MkDocs events) is generator/mkdocs_adapter/plugin.py."""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from mkdocs.config.defaults import MkDocsConfig

from ..catalogue.model import Catalog
from ..errors import EXIT_INVALID, PROGRAM, OutputError, ToolError, UsageError, disk_refused, os_reason, shown_path
from ..output.write import Input, WriteResult
from ..paths import schema_dir, template_dir
from .offline import switch_on
from .plugin import CatalogPlugin


class BuildError(ToolError):
    """MkDocs refused the build (a warning under --strict, a broken link, a bad mkdocs.yml).

    The message holds the errors MkDocs logged and then its own last word, ``reason``. The command
    line shows MkDocs' log as it happens, so what it shows at the end is ``reason`` alone."""

    exit_code = EXIT_INVALID

    def __init__(self, logged: list[str], reason: str) -> None:
        super().__init__("\n".join([*logged, reason]))
        self.reason = reason

    def show(self, stream: TextIO) -> None:
        stream.write(f"{PROGRAM}: site not built: {self.reason}\n")


@dataclass(frozen=True)
class SiteConfig:
    """mkdocs.yml, read once: `build`, `check` and `mkdocs build` take the same settings from it."""

    config: MkDocsConfig
    config_file: Path
    catalog: Path
    """The plugin's ``catalog`` option, relative to mkdocs.yml."""
    site_dir: Path
    """``site_dir``, relative to mkdocs.yml (MkDocs resolves it so)."""

    def inputs(self, catalog: Path) -> tuple[Input, ...]:
        """What a build reads: the site may be neither inside one of these nor hold one."""
        plugin = self.config.plugins["connect-presets"]
        assert isinstance(plugin, CatalogPlugin)
        found = [
            Input("the catalogue", catalog),
            Input("the docs folder", Path(self.config.docs_dir)),
            Input("the examples folder", plugin.examples_path(self.config)),
            Input("the config file", self.config_file),
            Input("the templates folder", template_dir()),
            Input("the schema folder", schema_dir()),
        ]
        custom_dir = getattr(self.config.theme, "custom_dir", None)
        return (*found, *([Input("the theme folder", Path(custom_dir))] if custom_dir else []))


def load_site_config(config_file: Path, *, strict: bool = True) -> SiteConfig:
    """Read mkdocs.yml as MkDocs does; a BuildError says what is wrong with it."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    with _mkdocs_errors() as errors:
        try:
            config = load_config(config_file=str(config_file), strict=strict)
        except MkDocsException as error:
            raise BuildError(errors.messages, str(error)) from None
    plugin = config.plugins.get("connect-presets")
    if not isinstance(plugin, CatalogPlugin):
        raise UsageError(f"'{shown_path(config_file)}' does not use the connect-presets plugin; add it under plugins:")
    return SiteConfig(config, config_file, plugin.catalog_path(config), Path(config.site_dir))


def build_site(
    config: Path | SiteConfig,
    site_dir: Path | None = None,
    catalog: Path | None = None,
    *,
    strict: bool = True,
    validated: Catalog | None = None,
    offline: bool = False,
) -> WriteResult:
    """Build the site as ``mkdocs build`` would, into ``site_dir`` (default: the config's), replaced atomically.

    ``catalog`` overrides the plugin's catalogue folder; ``validated`` is that catalogue when the
    caller has validated it (and shown its problems) already, so the plugin does not validate it
    again. The site is built in a staging folder and swapped in only when MkDocs succeeded;
    unchanged files keep their times. ``offline`` builds a site that works opened from a folder or a zip
    (offline.py). A loaded ``SiteConfig`` is used for one build only (MkDocs' plugins keep state).
    """
    from mkdocs.commands.build import build
    from mkdocs.exceptions import MkDocsException

    from ..output.write import staged_folder

    settings = config if isinstance(config, SiteConfig) else load_site_config(config, strict=strict)
    mkdocs_config = settings.config
    mkdocs_config["strict"] = strict
    plugin = mkdocs_config.plugins["connect-presets"]
    assert isinstance(plugin, CatalogPlugin)
    if catalog is not None:
        plugin.config.catalog = str(catalog.absolute())
    plugin.validated = validated
    if offline:
        switch_on(mkdocs_config)
    # MkDocs stamps the build date into sitemap.xml.gz; a fixed date keeps rebuilds byte-identical.
    previous_epoch = os.environ.setdefault("SOURCE_DATE_EPOCH", "0")
    try:
        with _mkdocs_errors() as errors:
            target = site_dir if site_dir is not None else settings.site_dir
            with staged_folder(target, inputs=settings.inputs(catalog or settings.catalog)) as stage:
                mkdocs_config["site_dir"] = str(stage.path)
                try:
                    build(mkdocs_config)
                except MkDocsException as error:
                    # MkDocs logs the real reason (such as our PluginError) and raises a bare "Aborted".
                    raise BuildError(errors.messages, str(error)) from None
                except OSError as error:
                    if not disk_refused(error):
                        raise
                    # MkDocs names the file it copied from, not the site it could not write into.
                    raise OutputError(f"cannot write the site to '{shown_path(target)}': {os_reason(error)}") from None
    finally:
        if previous_epoch == "0" and os.environ.get("SOURCE_DATE_EPOCH") == "0":
            del os.environ["SOURCE_DATE_EPOCH"]
    assert stage.result is not None
    return stage.result


@contextlib.contextmanager
def _mkdocs_errors() -> Iterator[_ErrorCollector]:
    """The errors MkDocs logs meanwhile, to put in the BuildError it does not explain."""
    errors = _ErrorCollector()
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.addHandler(errors)
    try:
        yield errors
    finally:
        mkdocs_log.removeHandler(errors)


class _ErrorCollector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())
