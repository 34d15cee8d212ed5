"""Real-browser fixtures: the built site served from 127.0.0.1, one headless Chromium for the whole
session, and a fresh page per test that fails the test on a console error, an uncaught exception or a
request to any other host.

Needs Debian's Chromium (/usr/bin/chromium), the playwright Python package (never `playwright
install`: it downloads a browser) and axe-core from npm (`npm ci`). Without them the tests skip,
except under CI=true, where they fail: CI must run them."""

from __future__ import annotations

import functools
import importlib.util
import os
import socket
import sys
import threading
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, NoReturn

import pytest

from generator import Catalog, load_catalog

from ..conftest import REPO

if TYPE_CHECKING:
    from playwright.sync_api import Browser, ConsoleMessage, Page, Request, Response

WaitUntil = Literal["commit", "domcontentloaded", "load", "networkidle"]

CHROMIUM = Path("/usr/bin/chromium")
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
# No GPU, no sandbox (root in a container), and none of Chromium's own traffic to Google's services.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_configure(config: pytest.Config) -> None:
    # Registered here too, so --strict-markers accepts the marker whatever pyproject.toml says.
    config.addinivalue_line(
        "markers", "browser: real-browser tests of the built site (headless Chromium via Playwright, axe-core)"
    )


def unavailable(reason: str) -> NoReturn:
    """Skip where a tool is missing on a developer's machine; fail under CI=true, which must run these."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: the browser tests must run, not skip)", pytrace=False)
    pytest.skip(reason)


@functools.cache
def catalogue() -> Catalog:
    """The bundled catalogue, which the built site renders; also used to parametrize at collection."""
    return load_catalog()


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return catalogue()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass  # no access log in the test output


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        # Chromium drops connections it no longer needs when a test navigates on; that is no error.
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """The built site over HTTP on 127.0.0.1 (a free port), as a browser gets it when deployed."""
    server = _Server(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(built_site)))
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium for every test: launching is the slow part."""
    if importlib.util.find_spec("playwright") is None:
        unavailable(
            "the playwright Python package is missing: pip install playwright "
            "(do not run `playwright install`; the tests use Debian's Chromium)"
        )
    if not CHROMIUM.is_file():
        unavailable(f"Chromium is missing at {CHROMIUM}: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    # Nothing leaves the machine: every request to another host goes to a "proxy" on a local port that is
    # bound but never listens, so it is refused at once (the PageGuard records it first). Chromium sends
    # loopback requests, the site's, directly. Unlike page.route, this costs no time per request.
    with socket.socket() as dead_end, sync_playwright() as playwright:
        dead_end.bind(("127.0.0.1", 0))
        proxy = f"--proxy-server=http://127.0.0.1:{dead_end.getsockname()[1]}"
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=[*CHROMIUM_ARGS, proxy])
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.is_file():
        unavailable(f"axe-core is missing at {AXE.relative_to(REPO)}: run `npm ci` in the repository root")
    return AXE.read_text(encoding="utf-8")


@dataclass
class PageGuard:
    """What a page did that a reader's browser must never see: console errors, uncaught exceptions,
    requests to a host other than the site's own."""

    page: Page
    origin: str
    problems: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.page.on("console", self._console)
        self.page.on("pageerror", self._page_error)
        self.page.on("request", self._request)

    def allowed(self, url: str) -> bool:
        return url.startswith(self.origin) or url.startswith(("data:", "blob:"))

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            where = message.location
            self.problems.append(
                f"console error on {self.page.url}: {message.text} ({where['url']}:{where['lineNumber']})"
            )

    def _page_error(self, error: Exception) -> None:
        self.problems.append(f"uncaught exception on {self.page.url}: {error}")

    def _request(self, request: Request) -> None:
        if not self.allowed(request.url):
            self.problems.append(f"request to another host from {self.page.url}: {request.method} {request.url}")

    def check(self) -> None:
        if not self.page.is_closed():
            try:
                self.page.evaluate("0")  # a round trip delivers the events still queued for this page
            except Exception:
                pass  # a page that crashed or is mid-navigation: the events so far are what there is
        if self.problems:
            pytest.fail("the site misbehaved in the browser:\n  " + "\n  ".join(self.problems), pytrace=False)


_GUARD = pytest.StashKey[PageGuard]()


@pytest.fixture(autouse=True)
def page(request: pytest.FixtureRequest, browser: Browser, site_url: str) -> Iterator[Page]:
    """A fresh page (own storage, light colour scheme), with relative URLs resolved against the site's
    root. Autouse: every test in this folder gets its PageGuard checked (see pytest_runtest_call)."""
    context = browser.new_context(
        base_url=site_url, color_scheme="light", viewport={"width": 1280, "height": 800}, service_workers="block"
    )
    context.set_default_timeout(10_000)  # a missing element fails in seconds, not after Playwright's 30
    new_page = context.new_page()
    request.node.stash[_GUARD] = PageGuard(new_page, site_url)
    yield new_page
    context.close()


PHONE, DESKTOP = 390, 1280
SCREENS = [(width, scheme) for width in (PHONE, DESKTOP) for scheme in ("light", "dark")]
SCREEN_IDS = [f"{width}px-{scheme}" for width, scheme in SCREENS]


@pytest.fixture
def screen(request: pytest.FixtureRequest, browser: Browser, site_url: str) -> Iterator[Page]:
    """A page at the (width, palette) the test is parametrized with, indirectly: at 390 px a phone (touch,
    mobile viewport). Material follows the reader's preferred palette on a first visit. Checked by its own
    PageGuard when the test ends."""
    width, scheme = request.param
    phone = width == PHONE
    context = browser.new_context(
        base_url=site_url,
        viewport={"width": width, "height": 844 if phone else 800},
        color_scheme=scheme,
        is_mobile=phone,
        has_touch=phone,
        service_workers="block",
    )
    context.set_default_timeout(20_000)  # the search index is built in a worker: generous on a busy machine
    new_page = context.new_page()
    guard = PageGuard(new_page, site_url)
    yield new_page
    guard.check()
    context.close()


@pytest.fixture
def page_guard(request: pytest.FixtureRequest, page: Page) -> PageGuard:
    """The PageGuard of this test's page, for the test that checks the guard itself."""
    guard: PageGuard = request.node.stash[_GUARD]
    return guard


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, object, object]:
    """After each test body, fail it if its page logged an error or reached for another host. This runs
    in the call phase, so such a test counts as failed, not as an error of a fixture's teardown."""
    try:
        result = yield
    except pytest.xfail.Exception:
        _check_guard(item)  # an expected failure (a known axe issue) must not hide a console error
        raise
    _check_guard(item)
    return result


def _check_guard(item: pytest.Item) -> None:
    guard = item.stash.get(_GUARD, None)
    if guard is not None:
        guard.check()


def open_page(page: Page, path: str, *, wait_until: WaitUntil = "load") -> Response:
    """Go to ``path`` under the site's root and assert the server answered with a page."""
    response = page.goto(path, wait_until=wait_until)
    assert response is not None, f"no response for {path!r}"
    assert response.ok, f"{response.url} answered {response.status}"
    return response


def text_without_permalink(page: Page, selector: str) -> str:
    """An element's text as read, without the ¶ permalink that MkDocs appends to headings."""
    text: str = page.eval_on_selector(
        selector,
        "el => { const c = el.cloneNode(true); c.querySelectorAll('.headerlink').forEach(a => a.remove());"
        " return c.textContent.trim(); }",
    )
    return text
