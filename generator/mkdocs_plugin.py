"""The MkDocs adapter: validates the catalogue and adds the generated pages and configs
to every build, in memory. Everything MkDocs-specific lives in this one module.

    plugins:
      - search
      - connect-presets:
          catalog: catalog        # relative to mkdocs.yml
"""

from __future__ import annotations

import html
import logging
import os
import re
import stat
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from . import export, site
from .errors import UsageError, os_reason, shown_path
from .model import Catalog
from .paths import schema_dir, template_dir
from .planner import plan, read_setup
from .problems import Problem, display_name, format_text, sort_problems
from .validate import Report, validate

log = logging.getLogger(f"mkdocs.plugins.{__name__}")

CONFIGS_DIR = "configs"
SCHEMA_DIR = "schema"


class PluginConfig(Config):
    catalog = c.Type(str, default="catalog")
    """The catalogue folder, relative to mkdocs.yml."""
    nav = c.Type(bool, default=True)
    """Build the navigation from the catalogue (the presets in their order)."""
    examples = c.Type(str, default="examples")
    """Setup files for the worked examples page, relative to mkdocs.yml."""


class CatalogPlugin(BasePlugin[PluginConfig]):
    catalog: Catalog | None = None
    validated: Report | None = None
    """Set by ``build_site`` when its caller has validated the catalogue already (and shown its
    problems): the next build uses it instead of validating again."""

    def catalog_path(self, config: MkDocsConfig) -> Path:
        base = Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
        return base / self.config.catalog

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        path = self.catalog_path(config)
        report, self.validated = self.validated, None
        if report is None:
            try:
                report = validate(path)
            except UsageError as error:
                raise PluginError(f"connect-presets: {error}") from None
            for warning in report.warnings:
                log.warning(warning.as_text())
        if report.catalog is None:
            raise PluginError("connect-presets: the catalogue is invalid:\n" + format_text(report.errors).rstrip())
        self.catalog = report.catalog
        # The theme prints the copyright as HTML: escape the catalogue's text.
        config.copyright = html.escape(f"{report.catalog.title}: catalogue version {report.catalog.version}")
        if self.config.nav:
            config.nav = site.nav(report.catalog)
        # `mkdocs serve` rebuilds when the catalogue or a template changes, not only the docs.
        examples = Path(config.config_file_path).parent / self.config.examples if config.config_file_path else None
        watched = (path, template_dir(), schema_dir(), *([examples] if examples and examples.is_dir() else []))
        config.watch.extend(str(p) for p in watched if str(p) not in config.watch)
        return config

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        assert self.catalog is not None
        _refuse_irregular_files(files, config)
        generated: dict[str, str | bytes] = dict(site.Renderer(self.catalog, examples=self._examples(config)).pages())
        generated |= {f"{CONFIGS_DIR}/{name}": content for name, content in export.render(self.catalog).items()}
        generated |= {f"{SCHEMA_DIR}/{p.name}": p.read_bytes() for p in sorted(schema_dir().glob("*.schema.json"))}
        for src_uri, content in generated.items():
            existing = files.get_file_from_path(src_uri)
            if existing is not None:
                raise PluginError(
                    f"connect-presets: {config.docs_dir}/{src_uri} would hide a generated file; remove it"
                )
            files.append(File.generated(config, src_uri, content=content))
        return files

    def _examples(self, config: MkDocsConfig) -> tuple[site.Example, ...]:
        """Each setup in the examples folder with its plan, made now: the page cannot go stale.

        Every file in the folder is an example, as every file in the catalogue folder is part of it
        (hidden files, such as editor backups, are skipped): anything else, a file that cannot be
        read and a setup that is not valid are located problems that fail the build together."""
        assert self.catalog is not None
        folder = (
            Path(config.config_file_path).parent / self.config.examples
            if config.config_file_path
            else Path(self.config.examples)
        )
        shown = display_name(folder)
        try:
            if not folder.is_dir():
                if folder.exists():
                    raise PluginError(f"connect-presets: the examples folder {shown} is not a folder")
                return ()  # a project without worked examples
            entries = sorted(entry for entry in folder.iterdir() if not entry.name.startswith("."))
        except OSError as error:
            raise PluginError(f"connect-presets: cannot read the examples folder {shown}: {os_reason(error)}") from None
        examples, problems = [], []
        for entry in entries:
            name = f"{shown}/{shown_path(entry.name)}"
            if entry.suffix != ".yaml":
                message = (
                    f"example files end in .yaml; rename it to {shown_path(entry.stem)}.yaml"
                    if entry.suffix == ".yml"
                    else "unknown file in the examples folder; it holds only <id>.yaml setup files, one per worked example"
                )
                problems.append(Problem(name, 1, 1, (), message, "unknown-file"))
                continue
            try:
                site.anchor(entry.stem)  # the example's place on the page
            except ValueError:
                slug = "-".join(re.findall(r"[a-z0-9]+", entry.stem.lower()))
                rename = f"; rename it to {slug}.yaml" if slug else ""
                message = "the name of an example file is its id in the page's address: lower-case words joined by single hyphens"
                problems.append(Problem(name, 1, 1, (), message + rename, "file-name"))
            setup, found = read_setup(entry, name)
            problems += found
            if setup is not None and not problems:
                title = setup.account or entry.stem
                examples.append(site.Example(entry.stem, title, setup.document.text, plan(setup, self.catalog)))
        if problems:
            raise PluginError(
                "connect-presets: the examples folder has problems; each file in it is a worked example:\n"
                + format_text(sort_problems(problems)).rstrip()
            )
        return tuple(examples)


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
        raise PluginError("connect-presets: the site cannot be built from these files:\n" + "\n".join(irregular))
