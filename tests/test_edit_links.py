"""The "edit" link of each page of the plugin's site: a generated page opens the catalogue file it is made
from, joined to MkDocs' repo_url and edit_uri (or edit_uri_template) as MkDocs joins a page's own path; a
hand-written page keeps MkDocs' own link; a page made from many files or from the releases has none."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator import load_catalog
from generator.mkdocs_adapter.build import build_site, load_site_config

from .conftest import REPO

REPOSITORY = "https://github.com/example-team/connect-presets"


def edit_links(site: Path) -> dict[str, str | None]:
    """Each page's edit link, by its address in the site ("" for the home page)."""
    links: dict[str, str | None] = {}
    for html in sorted(site.rglob("index.html")):
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        button = soup.select_one("a.md-content__button[rel=edit]")
        links[html.parent.relative_to(site).as_posix().removesuffix(".")] = (
            None if button is None else str(button["href"])
        )
    return links


@pytest.mark.parametrize(
    ("setting", "value", "base"),
    [
        ("edit_uri", "edit/main/site_src/", f"{REPOSITORY}/edit/main/"),
        ("edit_uri_template", "blob/main/site_src/{path}", f"{REPOSITORY}/blob/main/"),
    ],
)
def test_each_page_opens_the_file_it_is_made_from(tmp_path: Path, setting: str, value: str, base: str) -> None:
    settings = load_site_config(REPO / "mkdocs.yml")
    settings.config["repo_url"] = REPOSITORY
    settings.config[setting] = value
    build_site(settings, tmp_path / "site")
    links = edit_links(tmp_path / "site")
    catalog = load_catalog()
    for preset in catalog.presets:
        assert links[f"presets/{preset.id}"] == f"{base}catalog/presets/{preset.id}.yaml"
    for made_from_the_catalogue in ("onboarding-presets", "compare", "choose", "connection-order", "developers"):
        assert links[made_from_the_catalogue] == f"{base}catalog/catalog.yaml"
    assert links[""] == f"{base}site_src/index.md"  # hand-written: MkDocs' own link
    assert links["plan"] == f"{base}site_src/plan.md"
    assert links["examples"] is None  # one page of many setup files
    assert links["changes"] is None and all(v is None for k, v in links.items() if k.startswith("changes/"))


def test_without_repo_url_no_page_has_an_edit_link(built_site: Path) -> None:
    assert set(edit_links(built_site).values()) == {None}
