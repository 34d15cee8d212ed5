"""The diagrams in a reader's browser: on a phone (390 px, touch) and on a desktop (1280 px), in both
palettes, every diagram's text is at least 12 px as rendered (SVG text scaled by its drawing), no diagram
is wider than the viewport, and no box's text overflows it, even with a 41-character name."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from generator.catalogue.model import Catalog
from generator.mkdocs_adapter.build import build_site

from ..conftest import REPO
from .conftest import DESKTOP, PHONE, SCREEN_IDS, SCREENS, open_page

if TYPE_CHECKING:
    from playwright.sync_api import Page, Route

pytestmark = pytest.mark.browser

LONG_NAME = "Northwind Traders Fulfilment Centre Delft"

# Per diagram: its width and the viewport's; per text (each text node's element inside it), the rendered
# font size: HTML text its computed size; SVG text its size times the drawing's scale (rendered width over
# viewBox width); per box, whether its text overflows it.
_DIAGRAMS_JS = """() => [...document.querySelectorAll("article figure.cp-diagram")].map(figure => {
  const texts = [];
  const walker = document.createTreeWalker(figure, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.textContent.trim()) continue;
    const el = node.parentElement;
    if (el.closest(".cp-visually-hidden")) continue;
    let size = parseFloat(getComputedStyle(el).fontSize);
    const svg = el.closest("svg");
    if (svg) {
      const box = svg.viewBox.baseVal;
      if (box && box.width) size *= svg.getBoundingClientRect().width / box.width;
    }
    texts.push({text: node.textContent.trim(), size});
  }
  const rect = figure.getBoundingClientRect();
  const overflowing = [...figure.querySelectorAll(".cp-box, .cp-chip")]
    .filter(box => box.scrollWidth > box.clientWidth + 1 || box.getBoundingClientRect().right > innerWidth)
    .map(box => box.textContent.trim());
  return {texts, left: rect.left, right: rect.right, viewport: innerWidth,
          documentWidth: document.documentElement.scrollWidth, overflowing};
})"""


def diagram_pages(catalog: Catalog, built_site: Path) -> list[str]:
    """Every built page that holds a diagram."""
    pages = []
    for html in sorted(built_site.rglob("index.html")):
        if "cp-diagram" in html.read_text(encoding="utf-8"):
            pages.append(html.parent.relative_to(built_site).as_posix() + "/" if html.parent != built_site else "")
    return pages


def check_diagrams(screen: Page, where: str) -> int:
    diagrams: list[dict[str, Any]] = screen.evaluate(_DIAGRAMS_JS)
    for diagram in diagrams:
        small = [t for t in diagram["texts"] if t["size"] < 12]
        assert small == [], f"{where}: diagram text under 12 px: {small[:5]}"
        assert diagram["left"] >= 0 and diagram["right"] <= diagram["viewport"] + 0.5, (
            f"{where}: wider than the viewport"
        )
        assert diagram["documentWidth"] <= diagram["viewport"], f"{where}: the page scrolls sideways"
        assert diagram["overflowing"] == [], f"{where}: text overflows its box: {diagram['overflowing']}"
    return len(diagrams)


@pytest.mark.parametrize("screen", SCREENS, indirect=True, ids=SCREEN_IDS)
def test_diagram_text_is_readable_and_fits_on_every_page_with_a_diagram(
    screen: Page, catalog: Catalog, built_site: Path
) -> None:
    pages = diagram_pages(catalog, built_site)
    assert {"examples/", "connection-order/", "presets/e-commerce-with-e-fulfilment/"} <= set(pages)
    seen = 0
    for path in pages:
        open_page(screen, path)
        seen += check_diagrams(screen, path)
    assert seen >= len(pages)


@pytest.fixture(scope="module")
def long_names_page(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The worked examples page of a project with an example whose systems have long names."""
    root = tmp_path_factory.mktemp("long-names") / "project"
    root.mkdir()
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    for folder in ("site_src", "catalog", "templates", "examples"):
        shutil.copytree(REPO / folder, root / folder)
    (root / "examples" / "long-names.yaml").write_text(
        "account: Long names\nsystems:\n"
        f"  - name: {LONG_NAME}\n    kind: e-fulfilment-system\n    preset: fulfilment\n"
        "  - name: Marketplace with a rather long name, too\n    kind: marketplace\n    preset: marketplace\n"
        "  - name: Webshop\n    kind: sales-channel\n    preset: e-commerce-with-e-fulfilment\n",
        encoding="utf-8",
    )
    site = root / "site"
    build_site(root / "mkdocs.yml", site, None, strict=True)
    return (site / "examples" / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("screen", [(PHONE, "light"), (DESKTOP, "dark")], indirect=True, ids=["390", "1280"])
def test_long_names_fit_their_boxes(screen: Page, long_names_page: str, site_url: str) -> None:
    # The variant's examples page, served at the real one's address so that it loads the same assets.
    def serve(route: Route) -> None:
        route.fulfill(status=200, content_type="text/html; charset=utf-8", body=long_names_page)

    screen.route(f"{site_url}examples/", serve)
    open_page(screen, "examples/")
    box = screen.locator("li.cp-end .cp-box-label", has_text=LONG_NAME).first
    assert box.text_content() == LONG_NAME
    assert check_diagrams(screen, "examples with long names") >= 5
