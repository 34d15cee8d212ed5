"""Material's own features, driven as a reader drives them: search and the colour palette toggle."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest

from generator import Catalog

from .conftest import open_page, text_without_permalink

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser


def test_search_finds_a_preset_page_by_its_name(page: Page, catalog: Catalog) -> None:
    # Fulfilment: its name is also a word of "E-commerce with e-fulfilment", so the right result must be picked.
    preset = catalog.preset("fulfilment")
    open_page(page, "")
    query = page.locator(".md-search__input")
    query.click()
    query.press_sequentially(preset.name)
    # The result for the page itself, not for one of its sections (those links carry a #fragment).
    result = page.locator(f'.md-search-result a.md-search-result__link[href*="presets/{preset.id}/"]:not([href*="#"])')
    result.first.wait_for(state="visible")
    result.first.click()
    page.wait_for_url(lambda url: urlsplit(url).path == f"/presets/{preset.id}/")
    assert text_without_permalink(page, "article h1") == preset.name


def test_palette_toggle_switches_dark_and_light_and_is_kept(page: Page) -> None:
    from playwright.sync_api import expect

    open_page(page, "")
    body = page.locator("body")
    toggle = page.locator("form[data-md-component=palette] label.md-header__button:visible")
    expect(body).to_have_attribute("data-md-color-scheme", "default")  # the context prefers light
    expect(toggle).to_have_attribute("title", "Switch to dark mode")
    toggle.click()
    expect(body).to_have_attribute("data-md-color-scheme", "slate")
    # The choice is kept for the next page the reader opens.
    open_page(page, "compare/")
    expect(body).to_have_attribute("data-md-color-scheme", "slate")
    expect(toggle).to_have_attribute("title", "Switch to light mode")
    toggle.click()
    expect(body).to_have_attribute("data-md-color-scheme", "default")
