"""The MkDocs adapter: the events that add the generated pages and configs to every build, in
memory. Its options are in config.py; building the site for `build` and `check` is
build.py; the worked examples are read and planned by examples.py.

    plugins:
      - search
      - connect-presets:
          catalog: catalog        # relative to mkdocs.yml
"""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from ..catalogue.model import Catalog
from ..catalogue.validate import validate
from ..errors import PROGRAM, ToolError, os_reason, shown_path
from ..output import pages
from ..paths import schema_dir, template_dir
from ..problems import format_text
from ..site.examples import read_examples
from ..site.files import footer, navigation, site_files
from ..versions import store
from ..versions.gate import gated
from . import offline
from .config import PluginConfig

log = logging.getLogger(f"mkdocs.plugins.{__name__}")


class CatalogPlugin(BasePlugin[PluginConfig]):
    catalog: Catalog | None = None
    releases: tuple[store.Release, ...] = ()
    validated: Catalog | None = None
    """Set by ``build_site`` when its caller has validated the catalogue already (and shown its
    problems): the next build uses it instead of validating it a second time."""

    def catalog_path(self, config: MkDocsConfig) -> Path:
        return self._base(config) / self.config.catalog

    def releases_path(self, config: MkDocsConfig, catalog: Path) -> Path:
        """The releases folder: the option, else ``releases/`` beside the catalogue folder."""
        return self._base(config) / self.config.releases if self.config.releases else store.releases_folder(catalog)

    def examples_path(self, config: MkDocsConfig) -> Path:
        return self._base(config) / self.config.examples

    def _base(self, config: MkDocsConfig) -> Path:
        """The folder of mkdocs.yml, which the options are relative to."""
        return Path(config.config_file_path).parent if config.config_file_path else Path.cwd()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        path = self.catalog_path(config)
        given, self.validated = self.validated, None
        catalog = self.catalog = given if given is not None else _validated(path)
        offline.configure(config)  # before the footer, which links by the URLs' form
        words = footer(catalog, directory_urls=config.use_directory_urls)
        config.copyright = words.pop("copyright")
        config.extra.update(words)
        try:
            self.releases = store.read_releases(self.releases_path(config, path))
        except ToolError as error:  # a release edited since it was made
            raise PluginError(f"{PROGRAM}: {error}") from None
        if self.config.nav:
            config.nav = navigation(catalog, self.releases)
        # `mkdocs serve` rebuilds when the catalogue or a template changes, not only the docs.
        examples = self.examples_path(config)
        watched = (path, template_dir(), schema_dir(), *([examples] if examples.is_dir() else []))
        config.watch.extend(str(p) for p in watched if str(p) not in config.watch)
        return config

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        assert self.catalog is not None
        _refuse_irregular_files(files, config)
        generated = site_files(self.catalog, self._examples(config), self.releases, config.site_url)
        docs = Path(config.docs_dir)
        for src_uri, content in generated.files.items():
            existing = files.get_file_from_path(src_uri)
            if existing is not None:
                raise PluginError(f"{PROGRAM}: {config.docs_dir}/{src_uri} would hide a generated file; remove it")
            file = File.generated(config, src_uri, content=content)
            if (source := generated.sources.get(src_uri)) is not None:
                # The page's "edit" link opens the catalogue file it is made from; MkDocs joins this path,
                # relative to the docs folder, to repo_url and edit_uri (mkdocs-gen-files does the same).
                file.edit_uri = Path(os.path.relpath(source.absolute(), docs.absolute())).as_posix()
            files.append(file)
        offline.add_files(files, config, generated.files)
        return files

    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        return offline.page_content(html, page, config, files)

    def _examples(self, config: MkDocsConfig) -> tuple[pages.Example, ...]:
        assert self.catalog is not None
        try:
            return read_examples(self.examples_path(config), self.catalog)
        except ToolError as error:
            raise PluginError(f"{PROGRAM}: {error}") from None


def _validated(path: Path) -> Catalog:
    """The catalogue at ``path``, validated here: MkDocs itself runs the build (`mkdocs build`,
    `mkdocs serve`). Its warnings go to MkDocs' log, so that --strict counts them."""
    try:
        report = gated(validate(path))  # the release gate too, as `connect-presets validate` reports it
    except ToolError as error:
        raise PluginError(f"{PROGRAM}: {error}") from None
    for warning in report.warnings:
        log.warning(warning.as_text())
    if report.catalog is None:
        raise PluginError(f"{PROGRAM}: the catalogue is invalid:\n" + format_text(report.errors).rstrip())
    return report.catalog


def _refuse_irregular_files(files: Files, config: MkDocsConfig) -> None:
    """The docs and theme files are read by MkDocs as they are: a pipe there would make the build
    wait forever, a link to /dev/zero read until memory runs out. Each must be a regular file."""
    sources = [Path(f.abs_src_path) for f in files if f.abs_src_path and f.generated_by is None]
    custom_dir = getattr(config.theme, "custom_dir", None)
    if custom_dir:
        sources += [p for p in sorted(Path(custom_dir).rglob("*")) if not p.is_dir()]
    irregular = []
    for path in sources:
        shown = os.path.relpath(path)  # not resolved: a link to a device is named as the docs name it
        shown = shown_path(shown if not shown.startswith("..") else path)
        try:
            regular = stat.S_ISREG(path.stat().st_mode)
        except OSError as error:
            irregular.append(f"{shown}: cannot be read: {os_reason(error)}")
            continue
        if not regular:
            irregular.append(f"{shown}: not a regular file (a pipe, a device or a socket); remove it")
    if irregular:
        raise PluginError(f"{PROGRAM}: the site cannot be built from these files:\n" + "\n".join(irregular))
