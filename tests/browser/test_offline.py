"""The site built with `connect-presets build --offline`, opened in Chromium from its files (file://), as
a reader opens it from a folder or a zip: the navigation and the comparison's links land on pages (not
on folder listings), search finds a preset and opens its page, and the planner loads its presets from
the page itself and plans, on a desktop and on a phone. Nothing is fetched from another host, no
config is fetched at all, and the page logs no error. Screenshots go to /tmp/offline-shots.

The links, scripts and inlined configs are checked without a browser in tests/test_offline_site.py."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest

from generator import Catalog
from generator.planning import as_json, plan

from ..test_offline_site import build_offline
from .conftest import DESKTOP, PHONE, PageGuard, text_without_permalink
from .test_planner import _CHECKLIST_JS, EXAMPLES, browser_plans, example_data, fill_form, without_place

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Request

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/offline-shots")


@pytest.fixture(scope="module")
def offline_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_offline(tmp_path_factory.mktemp("offline") / "site")


class FilePage:
    """A page in a fresh context, on the offline site's files, with the PageGuard's checks (the site's
    own files only, no console error) and a record of what it read from the configs folder."""

    def __init__(self, browser: Browser, site: Path, width: int) -> None:
        phone = width == PHONE
        self.root = site.resolve().as_uri() + "/"
        self.context = browser.new_context(
            viewport={"width": width, "height": 844 if phone else 800},
            is_mobile=phone,
            has_touch=phone,
            color_scheme="light",
            service_workers="block",
        )
        self.context.set_default_timeout(20_000)  # the search index is built in a worker: a busy machine
        self.page = self.context.new_page()
        self.guard = PageGuard(self.page, self.root)
        self.configs_read: list[str] = []
        self.page.on("request", self._request)
        self.width = width

    def _request(self, request: Request) -> None:
        if request.url.startswith(self.root + "configs/") and not request.url.endswith(".js"):
            self.configs_read.append(request.url)

    def open(self, path: str) -> None:
        self.page.goto(self.root + path, wait_until="load")

    def path(self) -> str:
        """Where the page is, in the site (``presets/crm.html``)."""
        assert self.page.url.startswith(self.root), self.page.url
        return urlsplit(self.page.url).path.removeprefix(urlsplit(self.root).path)

    def shot(self, name: str) -> None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SHOTS / f"{name}-{self.width}px.png"))

    def navigate(self, *path: str) -> None:
        """Follow the navigation to the page at ``path`` (its sections' titles, then its own): on a desktop
        the section's tab, then the sidebar; on a phone the drawer behind the menu button, level by level."""
        page = self.page
        exact = [re.compile(f"^\\s*{re.escape(title)}\\s*$") for title in path]
        if self.width == PHONE:
            page.locator("label.md-header__button[for='__drawer']").click()
            for title in exact[:-1]:  # a section's title opens its level
                page.locator(".md-nav--primary label.md-nav__link:visible", has_text=title).first.click()
            page.locator(".md-nav--primary a.md-nav__link:visible", has_text=exact[-1]).first.click()
            return
        page.locator(".md-tabs__link", has_text=exact[0]).click()
        if len(path) > 1:
            page.locator(".md-sidebar--primary a.md-nav__link:visible", has_text=exact[-1]).first.click()


@pytest.fixture(params=[DESKTOP, PHONE], ids=[f"{DESKTOP}px", f"{PHONE}px"])
def file_page(request: pytest.FixtureRequest, browser: Browser, offline_site: Path) -> Iterator[FilePage]:
    opened = FilePage(browser, offline_site, request.param)
    yield opened
    opened.guard.check()
    assert not opened.configs_read, f"fetched the configs: {opened.configs_read}"
    opened.context.close()


def landed_on(file_page: FilePage, path: str, heading: str) -> None:
    file_page.page.wait_for_url(lambda url: urlsplit(url).path.endswith("/" + path))
    assert file_page.path() == path
    assert text_without_permalink(file_page.page, "article h1") == heading  # a page, not a folder listing


def test_the_navigation_and_the_matrix_land_on_pages(file_page: FilePage, catalog: Catalog) -> None:
    first, last = catalog.presets[0], catalog.presets[-1]
    file_page.open("index.html")
    file_page.shot("home")
    file_page.navigate("Presets", "Onboarding presets", first.name)
    landed_on(file_page, f"presets/{first.id}.html", first.name)
    file_page.shot("preset")

    file_page.open("index.html")  # a phone's drawer opens where the page is: from the home page, on both
    file_page.navigate("Presets", "Compare presets")
    landed_on(file_page, "compare.html", "Compare presets")
    matrix_link = file_page.page.locator("table.cp-matrix a", has_text=last.name).first
    matrix_link.scroll_into_view_if_needed()
    matrix_link.click()
    landed_on(file_page, f"presets/{last.id}.html", last.name)


def test_search_finds_a_preset_and_opens_its_page(file_page: FilePage, catalog: Catalog) -> None:
    preset = catalog.preset("fulfilment")  # also a word of another preset's name: the right result is picked
    file_page.open("index.html")
    page = file_page.page
    if file_page.width == PHONE:
        page.locator("label.md-header__button[for='__search']").click()
    query = page.locator("input.md-search__input")
    query.click()
    query.press_sequentially(preset.name)
    # The result for the page itself (search.highlight adds ?h=...), not for one of its sections (#...).
    result = page.locator(f'.md-search-result a[href*="/presets/{preset.id}.html?"]:not([href*="#"])')
    result.first.wait_for(state="visible")
    file_page.shot("search")
    result.first.click()
    landed_on(file_page, f"presets/{preset.id}.html", preset.name)


def test_the_planner_loads_from_the_page_and_plans(file_page: FilePage, catalog: Catalog) -> None:
    file_page.open("index.html")
    file_page.navigate("Plan your setup", *(["Plan your setup"] if file_page.width == PHONE else []))
    landed_on(file_page, "plan.html", "Plan your setup")
    page = file_page.page
    page.evaluate("async () => { await window.connectPlanner.ready; }")
    status = page.locator("[data-planner-part=status]").inner_text()
    assert status == f"Presets of catalogue version {catalog.version}, read from this site's configs.", status

    setup, _ = example_data(REPO_EXAMPLE)
    for system in setup.systems:
        fill_form(page, system)
    checklist = page.evaluate(_CHECKLIST_JS)
    assert [item["system"] for item in checklist] == [item.system.name for item in plan(setup, catalog).checklist]
    assert page.locator("[data-planner-part=summary] .admonition.success").is_visible()
    page.locator("[data-planner-part=checklist]").scroll_into_view_if_needed()
    file_page.shot("planner")

    if file_page.width == DESKTOP:  # the rules of the joined script plan every example as Python does
        examples = [example_data(path) for path in EXAMPLES]
        in_browser = browser_plans(page, [data for _, data in examples])
        for path, (example, _), got in zip(EXAMPLES, examples, in_browser, strict=True):
            assert without_place(got) == without_place(as_json(plan(example, catalog))), path.name


REPO_EXAMPLE = next(path for path in EXAMPLES if path.name == "webshop-with-fulfilment.yaml")
