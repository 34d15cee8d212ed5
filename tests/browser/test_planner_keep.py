"""The planner as a customer uses it, at 390 px (a phone: touch, is_mobile) and 1280 px, in both
palettes: a setup in the wrong order, its problems summarised with names (the rule codes only in a
closed "Details for support"), put in the recommended order with one button, kept across a reload,
reopened from its link in another browser, printed; pasted as YAML; edited in place; all of it by the
keyboard too; axe-core and 44 px touch targets. No test here asserts speed."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import pytest

from generator import Catalog
from generator.planning import Setup, as_json, plan, read_setup

from ..conftest import REPO
from .conftest import PageGuard, open_page, unavailable
from .test_planner import _RUN_AXE, add_by_keyboard, example_data, fill_form, tab_to

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

# Screenshots for a person to look at, written only where PLANNER_SHOTS names a folder.
SHOTS = Path(os.environ["PLANNER_SHOTS"]) if os.environ.get("PLANNER_SHOTS") else None
SIZES = [(390, "light"), (390, "dark"), (1280, "light"), (1280, "dark")]
Scheme = Literal["light", "dark"]
VENDORED = REPO / "site_src" / "javascripts" / "vendor" / "js-yaml.mjs"
PACKAGE = REPO / "node_modules" / "js-yaml" / "dist" / "js-yaml.mjs"

_NAMES_JS = (
    "() => [...document.querySelectorAll('.cp-planner-systems .cp-planner-system__name')].map(e => e.textContent)"
)
_CODES_JS = "() => [...document.querySelectorAll('.cp-planner-systems .cp-planner-code')].map(e => e.textContent)"


def in_order() -> Setup:
    setup, _ = example_data(REPO / "examples" / "webshop-with-fulfilment.yaml")
    return setup


def wrong_order() -> Setup:
    """The example's three systems listed the wrong way round: the sales channel first."""
    setup = in_order()
    return Setup(tuple(reversed(setup.systems)), setup.account)


@contextmanager
def planner_page(browser: Browser, site_url: str, width: int, scheme: Scheme, path: str = "plan/") -> Iterator[Page]:
    """A page in a browser context of its own (own storage), as a phone or a desktop shows it; its
    PageGuard fails the test on a console error or a request to another host."""
    phone = width < 600
    context = browser.new_context(
        base_url=site_url,
        color_scheme=scheme,
        viewport={"width": width, "height": 844 if phone else 800},
        is_mobile=phone,
        has_touch=phone,
        service_workers="block",
    )
    context.set_default_timeout(10_000)
    context.add_init_script("window.print = () => { window.__printed = (window.__printed || 0) + 1; };")
    page = context.new_page()
    guard = PageGuard(page, site_url)
    try:
        open_page(page, path)
        page.evaluate("async () => { await window.connectPlanner.ready; }")
        yield page
        guard.check()
    finally:
        context.close()


def not_wider_than_the_viewport(page: Page) -> None:
    widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"the page scrolls sideways: {widths}"


def add_all(page: Page, setup: Setup) -> None:
    if setup.account:
        page.fill("#planner-account", setup.account)
    for system in setup.systems:
        fill_form(page, system)


def shoot(page: Page, name: str) -> None:
    if SHOTS is not None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / name), full_page=True)


def visible_text(page: Page) -> str:
    text: str = page.locator("#planner").inner_text()  # innerText leaves out what a closed <details> hides
    return text


# ------------------------------------------------------------------------------------------ the whole run


@pytest.mark.parametrize(("width", "scheme"), SIZES, ids=[f"{w}-{s}" for w, s in SIZES])
def test_build_reorder_keep_share_and_print(
    browser: Browser, site_url: str, catalog: Catalog, axe_source: str, width: int, scheme: Scheme
) -> None:
    wrong = wrong_order()
    problems = as_json(plan(wrong, catalog))["problems"]
    assert {p["code"] for p in problems} >= {"order"}, "the setup is meant to be out of order"
    with planner_page(browser, site_url, width, scheme) as page:
        add_all(page, wrong)
        names = [s.name for s in wrong.systems]
        assert page.evaluate(_NAMES_JS) == names

        # The summary: a heading that counts, a link per problem, errors first, each naming its system.
        summary = page.locator(".cp-planner-error-summary")
        assert summary.get_attribute("tabindex") == "-1"
        assert (
            page.locator(".cp-planner-error-summary [role=alert] h2").inner_text()
            == f"There are {len(problems)} problems"
        )
        items = page.locator(".cp-planner-error-summary__list > li")
        assert items.count() == len(problems)
        severities = [p["severity"] for p in problems]
        wheres = items.locator(".cp-planner-summary__where").all_inner_texts()
        assert [w.split(":")[0] for w in wheres] == sorted(
            (s.capitalize() for s in severities), key=lambda s: s != "Error"
        )
        assert all(any(f"{name} (system" in where for name in names) for where in wheres)
        # No rule code or path on screen; each is in its problem's closed "Details for support".
        shown = visible_text(page)
        for problem in problems:
            assert f"[{problem['code']}]" not in shown and problem["path"] not in shown
        details = page.locator(".cp-planner-support-details")
        assert details.count() == len(problems)
        assert not any(
            page.evaluate("() => [...document.querySelectorAll('.cp-planner-support-details')].map(d => d.open)")
        )
        assert sorted(page.evaluate(_CODES_JS)) == sorted(p["code"] for p in problems)
        # A link leads to its problem on the system, and focuses it.
        items.first.locator("a").click()
        target = page.evaluate("() => document.activeElement.closest('li.cp-planner-system')?.dataset.key ?? null")
        assert target is not None and page.evaluate("() => document.activeElement.matches('.cp-planner-problem')")
        not_wider_than_the_viewport(page)
        shoot(page, f"keep-wrong-{width}-{scheme}.png")

        # axe-core with the problems shown and a "Details for support" open.
        details.first.locator("summary").click()
        page.add_script_tag(content=axe_source)
        violations: list[str] = page.evaluate(_RUN_AXE)
        assert not violations, f"axe at {width} px ({scheme}):\n  " + "\n  ".join(violations)

        # One click puts the systems in the recommended order: the order problems go, the button too.
        page.locator("[data-action=reorder]").click()
        fixed = [item.system.name for item in plan(wrong, catalog).checklist]
        assert page.evaluate(_NAMES_JS) == fixed == [s.name for s in in_order().systems]
        assert "order" not in page.evaluate(_CODES_JS)
        assert page.locator("[data-planner-part=summary] .admonition.success").is_visible()
        assert page.locator("[data-action=reorder]").is_hidden()
        page.wait_for_function(
            "() => document.querySelector('.cp-planner [role=status][aria-live]').textContent !== ''"
        )
        assert "recommended order" in page.locator(".cp-planner [role=status][aria-live]").inner_text()
        not_wider_than_the_viewport(page)
        shoot(page, f"keep-fixed-{width}-{scheme}.png")

        # Kept across a reload.
        page.reload()
        page.evaluate("async () => { await window.connectPlanner.ready; }")
        assert page.evaluate(_NAMES_JS) == fixed
        assert page.locator("#planner-account").input_value() == wrong.account

        # The link reopens the plan in another browser, with no storage of its own.
        page.locator("[data-action=link]").click()
        link = page.locator("#planner-link").input_value()
        assert "#setup=" in link
        # Print: the checklist with the account and the problems; no form, no buttons, no site chrome.
        page.locator("[data-action=print]").click()
        assert page.evaluate("() => window.__printed") == 1
        page.emulate_media(media="print")
        for hidden in (".cp-planner-form", "[data-action=print]", ".md-header", ".md-footer", ".md-sidebar--primary"):
            assert page.locator(hidden).first.is_hidden(), hidden
        assert page.locator(".cp-planner-checklist").is_visible()
        assert page.locator(".cp-planner-print-account").inner_text() == f"Account: {wrong.account}"
        assert page.locator("[data-planner-part=summary] .admonition.success").is_visible()
        steps = page.locator(".cp-planner-step__system").all_inner_texts()
        assert steps == fixed
        shoot(page, f"keep-print-{width}-{scheme}.png")
        if width == 1280:
            assert page.pdf()[:5] == b"%PDF-"
    with planner_page(browser, site_url, width, scheme, path=link.removeprefix(site_url)) as fresh:
        # A new context has no storage: the plan comes from the link alone, and is kept from now on.
        assert fresh.evaluate("() => localStorage.getItem('connect-presets.planner') !== null")
        assert fresh.evaluate(_NAMES_JS) == fixed
        assert fresh.locator("#planner-account").input_value() == wrong.account
        assert "#setup=" not in fresh.url  # the address no longer carries the old plan: a reload keeps changes
        not_wider_than_the_viewport(fresh)


# ------------------------------------------------------------------------------------------ keeping safely


@pytest.mark.parametrize(
    "kept",
    ["not json {", '{"version": 99, "setup": {"systems": []}}', '{"version": 1, "setup": {"systems": "x"}}', "[1, 2]"],
)
def test_a_corrupt_or_foreign_kept_value_is_ignored(browser: Browser, site_url: str, kept: str) -> None:
    with planner_page(browser, site_url, 1280, "light") as page:
        page.evaluate("value => { localStorage.setItem('connect-presets.planner', value); }", kept)
        page.reload()
        page.evaluate("async () => { await window.connectPlanner.ready; }")
        assert page.evaluate(_NAMES_JS) == []
        assert page.locator(".cp-planner-form").is_visible()


def test_a_link_the_page_cannot_read_opens_the_kept_plan(browser: Browser, site_url: str) -> None:
    with planner_page(browser, site_url, 1280, "light") as page:
        fill_form(page, in_order().systems[0])
        page.goto("plan/#setup=not-a-plan")
        page.reload()  # a fragment alone does not load the page again
        page.evaluate("async () => { await window.connectPlanner.ready; }")
        assert page.evaluate(_NAMES_JS) == [in_order().systems[0].name]


# ------------------------------------------------------------------------------------------ paste


def test_a_pasted_setup_loads_and_a_broken_one_changes_nothing(browser: Browser, site_url: str) -> None:
    path = REPO / "examples" / "wrong-order.yaml"
    setup, _ = example_data(path)
    with planner_page(browser, site_url, 390, "light") as page:
        page.locator(".cp-planner-paste > summary").click()
        page.fill("#planner-paste", path.read_text(encoding="utf-8"))
        page.locator(".cp-planner-paste button").click()
        assert page.evaluate(_NAMES_JS) == [s.name for s in setup.systems]
        assert page.locator("#planner-account").input_value() == setup.account
        assert page.evaluate("() => document.activeElement.matches('.cp-planner-error-summary')")

        broken = "systems:\n  - name: Shop\n   kind: sales-channel\n"
        page.fill("#planner-paste", broken)
        page.locator(".cp-planner-paste button").click()
        errors = page.locator("#planner-paste-errors")
        assert errors.is_visible()
        assert errors.locator("li").all_inner_texts() == [
            "Line 3, column 4: the indentation does not match the lines above it."
        ]
        assert "nothing changed" in errors.inner_text()
        assert page.evaluate(_NAMES_JS) == [s.name for s in setup.systems]

        wrong_shape = "systems:\n  - kind: sales-channel\n    preset: 5\n    colour: red\ncolour: blue\n"
        page.fill("#planner-paste", wrong_shape)
        page.locator(".cp-planner-paste button").click()
        said = errors.locator("li").all_inner_texts()
        assert 'A setup file has no setting "colour": it has account and systems.' in said
        assert "System 1 has no name." in said
        assert "The preset of system 1 must be written as text." in said
        assert any(s.startswith('System 1 has a setting "colour"') for s in said)
        assert page.evaluate(_NAMES_JS) == [s.name for s in setup.systems]
        not_wider_than_the_viewport(page)


# ------------------------------------------------------------------------------------------ edit in place


def test_a_system_is_edited_in_place(browser: Browser, site_url: str, catalog: Catalog) -> None:
    setup = in_order()
    with planner_page(browser, site_url, 1280, "light") as page:
        add_all(page, setup)
        first, second = setup.systems[0], setup.systems[1]
        page.locator(f'button[aria-label="Edit: {second.name}"]').click()
        assert page.locator("#planner-form-heading").inner_text() == f"Edit {second.name}"
        assert page.locator(".cp-planner-form button[type=submit]").inner_text() == "Save changes"
        assert page.evaluate("() => document.activeElement.id") == "planner-name"
        assert page.locator("#planner-name").input_value() == second.name
        assert page.locator("#planner-kind").input_value() == second.kind
        assert page.locator("#planner-preset").input_value() == second.preset
        page.fill("#planner-name", "Mailing list")
        page.locator(".cp-planner-form button[type=submit]").click()
        names = [s.name for s in setup.systems]
        names[1] = "Mailing list"
        assert page.evaluate(_NAMES_JS) == names  # at its own position, not appended
        assert page.evaluate("() => document.activeElement.getAttribute('aria-label')") == "Edit: Mailing list"
        assert page.locator("#planner-form-heading").inner_text() == "Add a system"

        # Cancel (or Escape) leaves the system as it was.
        page.locator(f'button[aria-label="Edit: {first.name}"]').click()
        page.fill("#planner-name", "Something else")
        page.keyboard.press("Escape")
        assert page.evaluate(_NAMES_JS) == names
        assert page.evaluate("() => document.activeElement.getAttribute('aria-label')") == f"Edit: {first.name}"
        assert page.locator(".cp-planner-form button", has_text="Cancel").is_hidden()
        assert "Mailing list" in page.locator("#planner-yaml").input_value()


# ------------------------------------------------------------------------------------------ keyboard only


def test_the_keyboard_alone_builds_reorders_links_and_prints(browser: Browser, site_url: str, catalog: Catalog) -> None:
    wrong = wrong_order()
    with planner_page(browser, site_url, 1280, "light") as page:
        page.context.grant_permissions(["clipboard-read", "clipboard-write"])
        for system in wrong.systems:
            add_by_keyboard(page, catalog, system)
        assert page.evaluate(_NAMES_JS) == [s.name for s in wrong.systems]
        # Edit the first system by the keyboard: a new name, saved in place.
        tab_to(page, f'button[aria-label="Edit: {wrong.systems[0].name}"]', backwards=True)
        page.keyboard.press("Enter")
        page.keyboard.press("End")
        page.keyboard.type(" 2")
        page.keyboard.press("Enter")
        renamed = f"{wrong.systems[0].name} 2"
        assert page.evaluate(_NAMES_JS)[0] == renamed
        tab_to(page, "[data-action=reorder]", backwards=True)
        page.keyboard.press("Enter")
        fixed = [s.name for s in in_order().systems]
        assert page.evaluate(_NAMES_JS) == [renamed if n == wrong.systems[0].name else n for n in fixed]
        assert page.evaluate("() => document.activeElement.matches('ol.cp-planner-systems')")
        tab_to(page, "[data-action=print]")
        page.keyboard.press("Enter")
        assert page.evaluate("() => window.__printed") == 1
        tab_to(page, "[data-action=link]")
        page.keyboard.press("Enter")
        page.wait_for_function("() => document.querySelector('.cp-planner-share [role=status]').textContent !== ''")
        link: str = page.evaluate("() => navigator.clipboard.readText()")
        assert link == page.locator("#planner-link").input_value() and "#setup=" in link


# ------------------------------------------------------------------------------------------ touch


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_touch_target_is_at_least_44_px(browser: Browser, site_url: str, scheme: Scheme) -> None:
    with planner_page(browser, site_url, 390, scheme) as page:
        add_all(page, wrong_order())
        page.locator("[data-action=link]").click()  # its field shows too
        for summary in page.locator("#planner details > summary").all():
            summary.click()
        small: list[Any] = page.evaluate(
            """() => [...document.querySelectorAll(
                 '#planner button, #planner select, #planner input[type=text], #planner summary, #planner .cp-planner-check label')]
               .filter(e => e.getClientRects().length > 0)
               .map(e => { const r = e.getBoundingClientRect();
                           return {what: e.outerHTML.slice(0, 80), width: r.width, height: r.height}; })
               .filter(r => r.width < 44 || r.height < 44)"""
        )
        assert not small, small
        not_wider_than_the_viewport(page)


# ------------------------------------------------------------------------------------------ vendored


def test_the_vendored_js_yaml_is_the_npm_package_s_file() -> None:
    """site_src/javascripts/vendor/js-yaml.mjs is node_modules/js-yaml/dist/js-yaml.mjs byte for byte (the
    version package.json pins), with its licence beside it: it cannot drift from the package."""
    if not PACKAGE.is_file():
        unavailable(f"js-yaml is missing at {PACKAGE.relative_to(REPO)}: run `npm ci` in the repository root")
    assert VENDORED.read_bytes() == PACKAGE.read_bytes()
    assert (VENDORED.parent / "js-yaml.LICENSE").read_bytes() == (PACKAGE.parent.parent / "LICENSE").read_bytes()


# ------------------------------------------------------------------------------------------ adversarial


_SHOP = "    kind: sales-channel\n    preset: e-commerce-with-e-fulfilment\n"
_ONE = "systems:\n  - name: Shop\n" + _SHOP
_BOMB = 'a: &a ["lol", "lol", "lol"]\nb: &b [*a, *a, *a]\nc: &c [*b, *b, *b]\n' + _ONE
# What connect-presets plan refuses, and what the page says of it (the start of its one message).
_REFUSED_BY_BOTH = {
    "anchor and alias": ("systems:\n  - &s\n    name: Shop\n" + _SHOP + "  - *s\n", "Line 2, column 5: an anchor (&s)"),
    "alias bomb": (_BOMB, "Line 1, column 4: an anchor (&a)"),
    "tag": ("systems:\n  - name: !!str 123\n" + _SHOP, "Line 2, column 11: a tag"),
    "unknown tag": ("systems:\n  - name: !!js/function 'function () {}'\n" + _SHOP, "Line 2, column"),
    "YAML 1.1 boolean": (
        _ONE + "    connected: Yes\n",
        'Line 5, column 16: other YAML readers take "Yes" for true or false',
    ),
    "YAML 1.1 date": (
        "systems:\n  - name: 2026-01-01\n" + _SHOP,
        'Line 2, column 11: other YAML readers take "2026-01-01"',
    ),
    "number too large": ("systems:\n  - name: 1e400\n" + _SHOP, 'Line 2, column 11: other YAML readers take "1e400"'),
    "YAML 1.1 directive": (
        "%YAML 1.1\n---\n" + _ONE,
        "Line 1, column 1: a setup file is read by the rules of YAML 1.2",
    ),
    "two documents": (_ONE + "---\n" + _ONE, "The text holds more than one document"),
    "kind not an id": (
        _ONE.replace("sales-channel", "Sales-Channel"),
        'The kind of system 1, "Sales-Channel", must be',
    ),
    "data type not an id": (
        _ONE + "    wants:\n      Contacts!: import\n",
        'The wanted flow "Contacts!" of system 1 must name',
    ),
    "empty account": ("account:\n" + _ONE, "The account must be a name"),
    "lone surrogate": ('systems:\n  - name: "\\ud800"\n' + _SHOP, "The name of system 1 must be text"),
}


@pytest.mark.parametrize(("text", "said"), _REFUSED_BY_BOTH.values(), ids=_REFUSED_BY_BOTH.keys())
def test_a_file_the_cli_refuses_is_refused_on_the_page_too(
    browser: Browser, site_url: str, tmp_path: Path, text: str, said: str
) -> None:
    """The page loads no file that `connect-presets plan` refuses or reads otherwise (YAML 1.1 words,
    anchors, tags...): it says where, in plain words, and keeps the plan it had."""
    file = tmp_path / "setup.yaml"
    file.write_text(text, encoding="utf-8")
    setup, problems = read_setup(file)
    assert setup is None and problems, "the CLI is meant to refuse this file"
    with planner_page(browser, site_url, 390, "light") as page:
        add_all(page, Setup(in_order().systems[:1]))
        page.locator(".cp-planner-paste > summary").click()
        page.fill("#planner-paste", text)
        page.locator(".cp-planner-paste button").click()
        errors = page.locator("#planner-paste-errors li").all_inner_texts()
        assert len(errors) == 1 and errors[0].startswith(said), errors
        assert "maxDepth" not in errors[0] and "!<" not in errors[0]  # js-yaml's own words stay out
        assert page.evaluate(_NAMES_JS) == [in_order().systems[0].name]


def test_a_right_to_left_mark_in_a_name_cannot_turn_the_words_around_it(browser: Browser, site_url: str) -> None:
    """A name is isolated (<bdi>, unicode-bidi: isolate) wherever it sits among the page's words: a
    right-to-left override in it must not show "(system 2)" as "(2 metsys)"."""
    name = "\u202eShop"
    text = f'account: "\u202eAccount"\nsystems:\n  - name: "{name}"\n    kind: crm\n    preset: no-such-preset\n'
    with planner_page(browser, site_url, 1280, "light") as page:
        page.locator(".cp-planner-paste > summary").click()
        page.fill("#planner-paste", text)
        page.locator(".cp-planner-paste button").click()
        assert page.evaluate(_NAMES_JS) == [name]
        isolated: list[str] = page.evaluate(
            """() => [...document.querySelectorAll(
                 '.cp-planner-summary__where bdi, .cp-planner-left bdi, .cp-planner-print-account bdi,'
                 + ' .cp-planner-system__name, .cp-planner-name')]
               .filter(e => e.textContent.includes('\\u202e'))
               .map(e => e.tagName === 'BDI' ? 'isolate' : getComputedStyle(e).unicodeBidi)"""
        )
        assert len(isolated) >= 3 and set(isolated) == {"isolate"}, isolated
        assert page.locator(".cp-planner-summary__where").first.inner_text().endswith("(system 1)")


def test_a_setup_link_cut_short_or_with_a_character_added_is_said_to_be_unreadable(
    browser: Browser, site_url: str
) -> None:
    with planner_page(browser, site_url, 1280, "light") as page:
        page.goto("plan/#setup=eyJzeXN0ZW1zIjpbXX0.")  # a full stop after the link, as a sentence ends
        page.wait_for_function(
            "() => document.querySelector('.cp-planner [role=status][aria-live]').textContent !== ''"
        )
        assert "no plan this page can read" in page.locator(".cp-planner [role=status][aria-live]").inner_text()
        assert "#setup=" not in page.url


def test_blocked_storage_says_the_plan_is_not_kept(browser: Browser, site_url: str) -> None:
    with planner_page(browser, site_url, 390, "light") as page:
        page.context.add_init_script(
            "Storage.prototype.setItem = function () { throw new DOMException('full', 'QuotaExceededError'); };"
        )
        page.reload()
        page.evaluate("async () => { await window.connectPlanner.ready; }")
        fill_form(page, in_order().systems[0])
        assert page.evaluate(_NAMES_JS) == [in_order().systems[0].name]  # the page works on
        assert "does not keep the plan" in page.locator(".cp-planner-share").inner_text()
        page.locator("[data-action=link]").click()
        assert "#setup=" in page.locator("#planner-link").input_value()


def test_a_tab_pasted_into_a_name_does_not_lose_the_kept_plan(browser: Browser, site_url: str) -> None:
    """A name pasted from a spreadsheet may hold a tab, which no setup file may: it becomes a space, so
    that the kept plan (checked as a file is) still opens after a reload."""
    with planner_page(browser, site_url, 1280, "light") as page:
        page.fill("#planner-account", "Acme\tB.V.")
        system = in_order().systems[0]
        page.fill("#planner-name", "Shop\tAmsterdam")
        page.select_option("#planner-kind", system.kind)
        page.select_option("#planner-preset", system.preset)
        page.locator(".cp-planner-form button[type=submit]").click()
        assert page.evaluate(_NAMES_JS) == ["Shop Amsterdam"]
        page.reload()
        page.evaluate("async () => { await window.connectPlanner.ready; }")
        assert page.evaluate(_NAMES_JS) == ["Shop Amsterdam"]
        assert "account: Acme B.V." in page.locator("#planner-yaml").input_value()
