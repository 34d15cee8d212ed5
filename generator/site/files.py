"""Every file of the site that is not hand-written: the generated pages, the configs and schemas they
link to, the planner's data, and the releases' pages, configs and feeds, by their path in the docs
folder; with the navigation, and the catalogue file each page is made from (its "edit" link).

The MkDocs plugin adds these files to a build in memory; `connect-presets render` writes them into a
docs folder that any Material-compatible generator builds. Both call ``site_files``, so the two sites
cannot differ in what they hold. Nothing here knows MkDocs.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..catalogue import schemagen
from ..catalogue.model import Catalog
from ..catalogue.source import CATALOG_FILE
from ..output import export, pages
from ..paths import schema_dir
from ..planning.publish import PLANNER_CONFIG, planner_config
from ..planning.setup import SETUP_SCHEMA
from ..versions import changelog, publish, store

CONFIGS_DIR = "configs"
SCHEMA_DIR = "schema"


@dataclass(frozen=True)
class SiteFiles:
    files: dict[str, str | bytes]
    """Each generated file's content, by its path in the docs folder (``presets/crm.md``)."""
    sources: dict[str, Path]
    """The catalogue file each generated page is made from, for its "edit" link. A page made from
    many files of one kind links to the file that lists them (``catalog.yaml``); the worked examples
    (one page of many setup files) and the changelog (made from releases, which are never edited)
    have none."""
    nav: list[Any]
    """The navigation, as mkdocs.yml writes it: the hand-written home and planner pages among the
    generated ones."""


def site_files(
    catalog: Catalog,
    examples: tuple[pages.Example, ...],
    releases: tuple[store.Release, ...],
    site_url: str | None,
) -> SiteFiles:
    renderer = pages.Renderer(catalog, examples=examples)
    generated_pages = renderer.pages()
    files: dict[str, str | bytes] = dict(generated_pages)
    files |= publish.site_files(renderer.markdown, releases, catalog, site_url)
    files |= {f"{CONFIGS_DIR}/{name}": content for name, content in export.render(catalog).items()}
    files[f"{CONFIGS_DIR}/{PLANNER_CONFIG}"] = planner_config(catalog)  # the planner page's rules and words
    # The authoring schemas of the catalogue shown (its ids), and the setup file's, as written.
    schemas = schemagen.render(schemagen.Ids.of(catalog)) | {SETUP_SCHEMA: (schema_dir() / SETUP_SCHEMA).read_bytes()}
    files |= {f"{SCHEMA_DIR}/{name}": content for name, content in sorted(schemas.items())}
    return SiteFiles(files, _sources(catalog, generated_pages), navigation(catalog, releases))


def navigation(catalog: Catalog, releases: tuple[store.Release, ...]) -> list[Any]:
    """The site's navigation: the generated pages, then the changelog's when there are releases."""
    return pages.nav(catalog) + ([changelog.nav_entry(catalog)] if releases else [])


def footer(catalog: Catalog, *, directory_urls: bool) -> dict[str, str]:
    """What the theme prints in every page's footer (templates/theme/partials/copyright.html): the
    catalogue and its version, and the page's one way to reach Connect Support with the address of the
    connection order's page (``directory_urls``: MkDocs' use_directory_urls). Printed as HTML, so
    escaped here."""
    return {
        "copyright": html.escape(f"{catalog.title}: catalogue version {catalog.version}"),
        "cp_support": html.escape(catalog.connection_order.if_added_later.text),
        "cp_order_page": "connection-order/" if directory_urls else "connection-order.html",
    }


def _sources(catalog: Catalog, generated_pages: dict[str, str]) -> dict[str, Path]:
    root = catalog.source / CATALOG_FILE
    by_page = {
        f"presets/{preset.id}.md": catalog.source / "presets" / f"{preset.id}.yaml" for preset in catalog.presets
    }
    return {page: by_page.get(page, root) for page in generated_pages if page != "examples.md"}
