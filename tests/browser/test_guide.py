"""The guide's pages in a reader's browser, on a phone (390 px, touch) and a desktop (1280 px), in both
palettes: Material's own search finds the preset that is the source of stock first, the home page's
cards are on screen, and none of these pages scrolls sideways."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from generator import Catalog

from .conftest import PHONE, SCREEN_IDS, SCREENS, open_page

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

GUIDE_PAGES = ["", "choose/", "presets/e-commerce-with-e-fulfilment/", "presets/fulfilment/", "onboarding-presets/"]


@pytest.mark.parametrize("screen", SCREENS, ids=SCREEN_IDS, indirect=True)
def test_searching_for_stock_finds_the_only_source_of_stock_first(screen: Page, catalog: Catalog) -> None:
    [source] = [p for p in catalog.presets if "stock" in [d.id for d in p.may_be_only_source_of]]
    open_page(screen, "", wait_until="networkidle")
    if screen.viewport_size and screen.viewport_size["width"] == PHONE:
        screen.locator("label.md-header__button[for='__search']").click()  # the phone's search button
    field = screen.locator("input.md-search__input")
    field.click()
    field.press_sequentially("stock")
    # Results come in as the query is typed: wait for those of the whole word (their links highlight it).
    screen.locator(".md-search-result__item a[href*='h=stock']").first.wait_for()
    # Material groups the results by page: the first group is the page's, then its best sections.
    first = screen.locator(".md-search-result__item").first
    href = first.locator("a").first.get_attribute("href") or ""
    assert f"presets/{source.id}/" in href, href
    # The snippet reaches the answer: the result shows the section that says so.
    assert "only source of stock" in " ".join(first.inner_text().split())


@pytest.mark.parametrize("screen", SCREENS, ids=SCREEN_IDS, indirect=True)
def test_the_home_cards_are_visible_for_both_audiences(screen: Page) -> None:
    open_page(screen, "")
    for heading, first_card in [("#setting-up-an-account", "Which preset do I need?"), ("#building-a-connector", None)]:
        assert screen.locator(heading).is_visible()
        cards = screen.locator(f"{heading} + .grid.cards li")
        assert cards.count() >= 1
        for index in range(cards.count()):
            card = cards.nth(index)
            card.scroll_into_view_if_needed()
            assert card.is_visible()
            box = card.bounding_box()
            assert box is not None and box["width"] > 100 and box["height"] > 30
        if first_card is not None:
            assert cards.first.locator("a").first.inner_text().strip() == first_card


@pytest.mark.parametrize("screen", SCREENS, ids=SCREEN_IDS, indirect=True)
def test_the_guide_pages_do_not_scroll_sideways(screen: Page) -> None:
    width = screen.viewport_size["width"] if screen.viewport_size else 0
    wider = []
    for path in GUIDE_PAGES:
        open_page(screen, path)
        scroll_width = screen.evaluate("document.documentElement.scrollWidth")
        if scroll_width > width:
            wider.append((path or "home", scroll_width))
    assert wider == []


_RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.filter(v => v.impact === "serious" || v.impact === "critical")
    .map(v => `${v.id}: ${v.nodes.map(n => n.target.flat().join(" ")).join(", ")}`);
}"""


@pytest.mark.parametrize("screen", SCREENS, ids=SCREEN_IDS, indirect=True)
def test_the_home_page_and_its_footer_pass_axe(screen: Page, axe_source: str) -> None:
    # The other guide pages are in test_accessibility.py's list; the home page and its cards are not.
    open_page(screen, "")
    screen.add_script_tag(content=axe_source)
    assert screen.evaluate(_RUN_AXE) == []
