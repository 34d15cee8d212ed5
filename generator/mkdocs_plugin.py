"""The MkDocs adapter: validates the catalogue and adds the generated pages and configs
to every build, in memory. Everything MkDocs-specific lives in this one module.

    plugins:
      - search
      - connect-presets:
          catalog: catalog        # relative to mkdocs.yml
"""

from __future__ import annotations

import contextlib
import html
import logging
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from . import export, site
from .errors import EXIT_INVALID, ToolError, UsageError, os_reason, shown_path
from .model import Catalog
from .paths import schema_dir, template_dir
from .planner import plan, read_setup
from .problems import Problem, display_name, format_text, sort_problems
from .validate import Report, validate
from .write import Input, WriteResult

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


class BuildError(ToolError):
    """MkDocs refused the build (a warning under --strict, a broken link, a bad mkdocs.yml).

    The message holds the errors MkDocs logged and then its own last word, ``reason``: where the
    log is shown as it happens (the command line), ``reason`` alone says the rest."""

    exit_code = EXIT_INVALID

    def __init__(self, logged: list[str], reason: str) -> None:
        super().__init__("\n".join([*logged, reason]))
        self.reason = reason


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
            Input("the examples folder", self.config_file.parent / plugin.config.examples),
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
    validated: Report | None = None,
) -> WriteResult:
    """Build the site as ``mkdocs build`` would, into ``site_dir`` (default: the config's), replaced atomically.

    ``catalog`` overrides the plugin's catalogue folder; ``validated`` is that catalogue's report
    when the caller has made (and shown) it already, so it is not validated twice. The site is
    built in a staging folder and swapped in only when MkDocs succeeded; unchanged files keep
    their times. A loaded ``SiteConfig`` is used for one build only (MkDocs' plugins keep state).
    """
    from mkdocs.commands.build import build
    from mkdocs.exceptions import MkDocsException

    from .write import staged_folder

    settings = config if isinstance(config, SiteConfig) else load_site_config(config, strict=strict)
    mkdocs_config = settings.config
    mkdocs_config["strict"] = strict
    plugin = mkdocs_config.plugins["connect-presets"]
    assert isinstance(plugin, CatalogPlugin)
    if catalog is not None:
        plugin.config.catalog = str(catalog.absolute())
    plugin.validated = validated
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
