"""`connect-presets render --out DIR`: the site as a project without this project's plugin. The files
come from site/ (the same ones the plugin adds to a build); this door reads mkdocs.yml's settings, the
hand-written docs and the theme's overrides, and writes the folder as `export` writes its own."""

from __future__ import annotations

import argparse
import stat
from pathlib import Path

from .catalogue.validate import Report
from .commands import _catalogue, _written
from .errors import EXIT_OK, UsageError, os_reason, shown_path
from .output import write
from .paths import schema_dir, template_dir
from .reporting import Reporter
from .site import project
from .site.examples import read_examples
from .site.files import footer, site_files
from .versions import store


def run_render(report: Report, args: argparse.Namespace) -> int:
    with Reporter.of(args) as reporter:
        return _render(report, args, reporter)


def _render(report: Report, args: argparse.Namespace, reporter: Reporter) -> int:
    from .mkdocs_adapter.plugin import CatalogPlugin

    catalog = _catalogue(report, "nothing written", reporter)
    settings = args.site_config
    config = settings.config
    plugin = config.plugins["connect-presets"]
    assert isinstance(plugin, CatalogPlugin)
    releases = store.read_releases(plugin.releases_path(config, catalog.source))
    site = site_files(catalog, read_examples(plugin.examples_path(config), catalog), releases, config.site_url)
    docs = Path(config.docs_dir)
    custom_dir = getattr(config.theme, "custom_dir", None)
    hand_written = _folder_files(docs, "the docs folder")
    for path in sorted(set(hand_written) & set(site.files)):
        raise UsageError(f"{shown_path(docs / path)} would hide a generated file; remove it")
    overrides = _folder_files(Path(custom_dir), "the theme folder") if custom_dir else None
    files = project.project_files(
        project.read_config(settings.config_file),
        settings.config_file,
        site,
        hand_written,
        overrides,
        footer(catalog, directory_urls=config.use_directory_urls),
    )
    inputs = [*settings.inputs(catalog.source), write.Input("the templates folder", template_dir())]
    inputs.append(write.Input("the schema folder", schema_dir()))
    result = write.write_tree(args.out, files, inputs=inputs)
    pages = sum(1 for path in files if path.endswith(".md"))
    _written(
        args.out,
        result,
        f"wrote {len(result.changed)} changed file(s): a project of {pages} pages",
        lines=reporter.lines,
    )
    return EXIT_OK


def _folder_files(folder: Path, what: str) -> dict[str, bytes]:
    """Every file a generator would read in ``folder`` (hidden ones left out, as MkDocs leaves them), by
    its path in it; each must be a regular file (a pipe would hang the read)."""
    found: dict[str, bytes] = {}
    try:
        entries = sorted(folder.rglob("*"))
    except OSError as error:
        raise UsageError(f"cannot read {what} {shown_path(folder)}: {os_reason(error)}") from None
    for entry in entries:
        relative = entry.relative_to(folder)
        if any(part.startswith(".") for part in relative.parts) or entry.is_dir():
            continue
        try:
            if not stat.S_ISREG(entry.stat().st_mode):
                raise UsageError(f"{shown_path(entry)}: not a regular file (a pipe, a device or a socket); remove it")
            found[relative.as_posix()] = entry.read_bytes()
        except OSError as error:
            raise UsageError(f"cannot read {shown_path(entry)}: {os_reason(error)}") from None
    return found
