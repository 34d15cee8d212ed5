"""The "Plan your setup" page in Chromium: the page wired to its rules and configs (the plan of every
example as Python's), the page built, reordered and copied with the keyboard alone, the YAML it writes
read back by the command line, axe-core in both palettes. That the browser's rules plan as Python's on
every rule, preset, kind and generated setup is tested without a browser, in node:
tests/test_planner_corpus.py. The PageGuard (conftest.py) fails any test whose page logs an error or
reaches for another host."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import pytest

from generator import Catalog
from generator.catalogue.yamlread import read_yaml
from generator.output import contract
from generator.planning import Setup, SetupSystem, as_json, plan, read_setup
from generator.wording import period_text

from ..conftest import REPO, CliRunner
from ..generated_setups import generated_setup
from .conftest import open_page

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

EXAMPLES = sorted((REPO / "examples").glob("*.yaml"))
PLANNER = "plan/"
GENERATED = 60  # setups made from seeds, written as YAML by the page and read back by the command line
Plan_ = dict[str, Any]


def ready_planner(page: Page) -> None:
    open_page(page, PLANNER)
    page.evaluate("async () => { await window.connectPlanner.ready; }")


def browser_plans(page: Page, setups: list[dict[str, Any]]) -> list[Plan_]:
    plans: list[Plan_] = page.evaluate("setups => setups.map(s => window.connectPlanner.plan(s))", setups)
    return plans


def without_place(result: Plan_) -> Plan_:
    """The plan without what only a file gives (each problem's file, line and column), problems in their order."""
    problems = [{k: v for k, v in p.items() if k not in ("file", "line", "column")} for p in result["problems"]]
    return {**result, "problems": problems}


def example_data(path: Path) -> tuple[Setup, dict[str, Any]]:
    """The setup file and its plain data, as the page takes it (read as YAML by the project's reader)."""
    setup, problems = read_setup(path)
    assert setup is not None, problems
    document, problems = read_yaml(path.name, path.read_bytes())
    assert not problems, problems
    data: dict[str, Any] = document.data
    return setup, data


# ------------------------------------------------------------------------------------------ parity


def test_the_page_plans_every_example_as_the_command_line_does(page: Page, catalog: Catalog) -> None:
    ready_planner(page)
    examples = [example_data(path) for path in EXAMPLES]
    assert examples, "no example setups"
    in_browser = browser_plans(page, [data for _, data in examples])
    for path, (setup, _), got in zip(EXAMPLES, examples, in_browser, strict=True):
        assert without_place(got) == without_place(as_json(plan(setup, catalog))), path.name
        assert all(p["line"] is None and p["column"] is None for p in got["problems"]), path.name


def test_the_page_writes_setup_files_the_command_line_reads_back(page: Page, catalog: Catalog, tmp_path: Path) -> None:
    """toYaml: the command line reads back the very setup, and plans it as the page does."""
    ready_planner(page)
    setups = [generated_setup(seed, catalog) for seed in range(GENERATED)]
    in_browser = browser_plans(page, setups)
    texts: list[str] = page.evaluate("setups => setups.map(s => window.connectPlanner.toYaml(s))", setups)
    known = {k.id for k in catalog.system_kinds}
    checked = 0
    for seed, (data, text, got) in enumerate(zip(setups, texts, in_browser, strict=True)):
        if any(s["kind"] not in known for s in data["systems"]):
            continue  # not a valid setup file (the schema lists the kinds)
        file = tmp_path / f"setup-{seed}.yaml"
        file.write_text(text, encoding="utf-8")
        setup, problems = read_setup(file)
        assert setup is not None, f"seed {seed}: {problems}\n{text}"
        assert setup == Setup.from_data(data), f"seed {seed}:\n{text}"
        assert without_place(as_json(plan(setup, catalog))) == without_place(got), f"seed {seed}:\n{text}"
        checked += 1
    assert checked >= GENERATED // 2


def test_configs_the_page_cannot_read_are_reported_on_the_page(page: Page) -> None:
    from playwright.sync_api import expect

    page.route(
        "**/configs/index.json",
        lambda route: route.fulfill(status=200, content_type="application/json", body='{"format_version": 99}'),
    )
    open_page(page, PLANNER)
    expect(page.locator(".cp-planner-failed")).to_contain_text("format version 99")
    assert page.evaluate("() => window.connectPlanner.ready.then(() => 'ready', e => e.message)") == (
        f"the configs have format version 99; this page reads version {contract.FORMAT_VERSION}"
    )


def test_other_pages_have_no_planner(page: Page) -> None:
    open_page(page, "")
    assert page.evaluate("() => typeof window.connectPlanner") == "undefined"


# ------------------------------------------------------------------------------------------ keyboard


def tab_to(page: Page, selector: str, *, backwards: bool = False, limit: int = 120) -> None:
    """Press Tab (or Shift+Tab) until the focused element matches ``selector``."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(limit):
        if page.evaluate("s => document.activeElement !== null && document.activeElement.matches(s)", selector):
            return
        page.keyboard.press(key)
    raise AssertionError(f"{selector} is not reached by {key} within {limit} presses")


def choose(page: Page, label: str) -> None:
    """In the focused <select>, pick the option with this text by the arrow keys."""
    selected = "() => document.activeElement.selectedOptions[0]?.textContent ?? null"
    page.keyboard.press("Home")
    for _ in range(50):
        if page.evaluate(selected) == label:
            return
        page.keyboard.press("ArrowDown")
    options = page.evaluate("() => [...document.activeElement.options].map(o => o.textContent)")
    raise AssertionError(f"no option {label!r} in {options}")


def add_by_keyboard(page: Page, catalog: Catalog, system: SetupSystem) -> None:
    tab_to(page, "#planner-name")
    page.keyboard.type(system.name)
    tab_to(page, "#planner-kind")
    choose(page, next(k.label for k in catalog.system_kinds if k.id == system.kind))
    tab_to(page, "#planner-preset")
    choose(page, catalog.preset(system.preset).name)
    tab_to(page, ".cp-planner-form button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement?.id === 'planner-name'")


# The error summary's items, in its order (errors first), each with the problem it links to on its system.
_PROBLEMS_JS = """() => [...document.querySelectorAll('.cp-planner-error-summary__list > li')].map(li => {
  const shown = document.getElementById(li.querySelector('a').getAttribute('href').slice(1));
  return {where: li.querySelector('.cp-planner-summary__where').textContent,
          link: li.querySelector('a').textContent,
          message: shown.querySelector('.cp-planner-message').textContent,
          code: shown.querySelector('.cp-planner-code').textContent,
          path: shown.querySelector('.cp-planner-path').textContent,
          system: shown.closest('li.cp-planner-system')?.querySelector('.cp-planner-system__name').textContent ?? null};
})"""

_CHECKLIST_JS = """() => [...document.querySelectorAll('.cp-planner-checklist > li')].map(li => ({
  system: li.querySelector('.cp-planner-step__system').textContent,
  preset: li.querySelector('.cp-planner-step__preset').textContent,
  step: li.querySelector('.cp-planner-step__meta').textContent,
  first: li.querySelector('.cp-planner-step__first').textContent}))"""

_ROUTING_JS = """() => [...document.querySelectorAll('[data-planner-part=routing] tbody tr')].map(tr => {
  const side = td => [...td.querySelectorAll('li')].map(li => {
    const ref = li.querySelector('a.cp-planner-note-ref');
    return {system: li.firstChild.textContent,
            condition: li.querySelector('.cp-planner-condition')?.textContent ?? null,
            note: ref ? document.querySelector(ref.getAttribute('href')).textContent : null};
  });
  return {label: tr.cells[0].textContent, into: side(tr.cells[1]), from: side(tr.cells[2])};
})"""

_SYSTEMS_JS = (
    "() => [...document.querySelectorAll('.cp-planner-systems > li .cp-planner-system__name')].map(e => e.textContent)"
)


def displayed(message: str, names: list[str]) -> str:
    """A rules' message as the page shows it: a sentence (capital, full stop), the setup's names unquoted."""
    text = message[:1].upper() + message[1:] if message[:1].islower() else message
    if not text.endswith((".", "!", "?")):
        text += "."
    for name in sorted(set(names), key=len, reverse=True):
        text = text.replace(f"'{name}'", name)
    return text


def errors_first(problems: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [p for p in problems if p["severity"] == "error"] + [p for p in problems if p["severity"] != "error"]


def open_details(page: Page, selector: str) -> None:
    """Open a closed <details> by the keyboard: Tab to its summary, press Enter."""
    tab_to(page, f"{selector} > summary")
    if page.evaluate("s => !document.querySelector(s).open", selector):
        page.keyboard.press("Enter")


def test_a_setup_built_reordered_and_copied_by_keyboard_alone(
    page: Page, catalog: Catalog, cli: CliRunner, tmp_path: Path
) -> None:
    setup, data = example_data(REPO / "examples" / "webshop-with-fulfilment.yaml")
    wanted = as_json(plan(setup, catalog))
    assert wanted["problems"] == [], "the example is meant to be in order"
    ready_planner(page)

    tab_to(page, "#planner-account")
    page.keyboard.type(data["account"])
    # Listed the wrong way round: the sales channel first, the e-fulfilment system last.
    for system in reversed(setup.systems):
        add_by_keyboard(page, catalog, system)
    assert page.evaluate(_SYSTEMS_JS) == [s.name for s in reversed(setup.systems)]

    # Every problem the command line finds in the page's file, in its order, each naming its system.
    wrong = tmp_path / "wrong.yaml"
    wrong.write_text(page.locator("#planner-yaml").input_value(), encoding="utf-8")
    run = cli("plan", wrong, "--format", "json")
    assert run.code == 1, run.out + run.err
    from_cli = without_place(json.loads(run.out))["problems"]
    shown = page.evaluate(_PROBLEMS_JS)
    names = [s.name for s in reversed(setup.systems)]
    assert [(p["path"], p["code"], p["message"]) for p in shown] == [
        (p["path"], p["code"], displayed(p["message"], names)) for p in errors_first(from_cli)
    ]
    assert "order" in {p["code"] for p in shown}
    for problem in shown:
        index = int(problem["path"].split("[")[1].split("]")[0])
        assert problem["where"].endswith(f"{names[index]} (system {index + 1})")
        assert problem["system"] == names[index]  # shown on its own system's entry
        assert problem["link"] == problem["message"]

    # Move the last system up twice and the (new) last one up once, with Enter on the move buttons.
    first, second = setup.systems[0].name, setup.systems[1].name
    tab_to(page, f'button[aria-label="Move up: {first}"]', backwards=True)
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")  # the focus stays on the moved system's button
    tab_to(page, f'button[aria-label="Move up: {second}"]')  # further down the list
    page.keyboard.press("Enter")
    assert page.evaluate(_SYSTEMS_JS) == [s.name for s in setup.systems]
    assert page.evaluate(_PROBLEMS_JS) == []
    assert page.locator("[data-planner-part=summary] .admonition.success").is_visible()

    # The checklist: the systems in the connection order, with their presets, steps and first imports.
    checklist = page.evaluate(_CHECKLIST_JS)
    result = plan(setup, catalog)
    assert [c["system"] for c in checklist] == [item.system.name for item in result.checklist]
    for shown_item, item in zip(checklist, result.checklist, strict=True):
        assert shown_item["preset"] == f"{item.preset.name} preset"
        assert f"Step {item.step.number} " in shown_item["step"] and item.step.label in shown_item["step"]
        periods = ", ".join(
            f"{lb.data_type.label} {period_text(lb)}" + (" (when possible)" if lb.when_possible else "")
            for lb in item.first_import
        )
        assert shown_item["first"] == f"First import: {periods or 'none'}"
        assert any(period_text(lb) in shown_item["first"] for lb in item.first_import)

    # The routing table: a row per data type, the endpoints of Python's routing with their conditions and notes.
    rows = page.evaluate(_ROUTING_JS)

    def ends(endpoints: tuple[Any, ...]) -> list[dict[str, Any]]:
        return [
            {"system": e.name, "condition": f" ({e.condition.label})" if e.condition else None, "note": e.note}
            for e in endpoints
        ]

    assert rows == [
        {"label": r.data_type.label, "into": ends(r.into_connect), "from": ends(r.from_connect)} for r in result.routing
    ]

    # The setup file, in the developers' box: the command line reads it back and makes the same plan.
    open_details(page, ".cp-planner-developers")
    tab_to(page, "#planner-yaml")
    text = page.locator("#planner-yaml").input_value()
    file = tmp_path / "setup.yaml"
    file.write_text(text, encoding="utf-8")
    again, problems = read_setup(file)
    assert again is not None, problems
    assert (again.account, again.systems) == (setup.account, setup.systems)
    run = cli("plan", file, "--format", "json")
    assert run.code == 0, run.out + run.err
    assert without_place(json.loads(run.out)) == without_place(wanted)
    assert without_place(browser_plans(page, [data])[0]) == without_place(wanted)

    # Copy, by keyboard: to the clipboard where the page may write it.
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    tab_to(page, "[data-planner-part=yaml] button")
    page.keyboard.press("Enter")
    page.wait_for_function(
        "() => document.querySelector('[data-planner-part=yaml] .cp-planner-copy-status').textContent !== ''"
    )
    assert page.evaluate("() => navigator.clipboard.readText()") == text


def test_copy_selects_the_text_where_there_is_no_clipboard(page: Page) -> None:
    page.add_init_script("Object.defineProperty(Navigator.prototype, 'clipboard', {get: () => undefined})")
    ready_planner(page)
    open_details(page, ".cp-planner-developers")
    tab_to(page, "[data-planner-part=yaml] button")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement?.id === 'planner-yaml'")
    selection = page.evaluate(
        "() => { const t = document.activeElement; return [t.selectionStart, t.selectionEnd, t.value.length]; }"
    )
    assert selection[0] == 0 and selection[1] == selection[2] > 0
    assert "Ctrl+C" in page.locator("[data-planner-part=yaml] .cp-planner-copy-status").inner_text()


# ------------------------------------------------------------------------------------------ no defaults


def test_nothing_is_chosen_for_the_reader(page: Page, catalog: Catalog) -> None:
    """The kind starts empty and the preset waits for it: "My webshop" + Enter adds nothing and says,
    on the kind's field, what is missing; a kind with several presets leaves the preset to the reader."""
    ready_planner(page)
    assert page.locator("#planner-kind").input_value() == ""
    assert page.locator("#planner-kind option").first.text_content() == "Choose a kind of system"
    assert page.locator("#planner-preset").is_disabled()
    page.fill("#planner-name", "My webshop")
    page.press("#planner-name", "Enter")
    assert page.locator(".cp-planner-systems > li").count() == 0
    assert page.locator("#planner-kind").get_attribute("aria-invalid") == "true"
    assert page.locator("#planner-kind-error").inner_text() == "Choose the kind of system."
    assert "planner-kind-error" in (page.locator("#planner-kind").get_attribute("aria-describedby") or "")
    assert page.evaluate("() => document.activeElement.id") == "planner-kind"

    several = next(k for k in catalog.system_kinds if len([p for p in catalog.presets if k in p.kinds]) > 1)
    page.select_option("#planner-kind", several.id)
    assert page.locator("#planner-kind").get_attribute("aria-invalid") is None
    assert page.locator("#planner-preset").input_value() == ""
    page.press("#planner-name", "Enter")
    assert page.locator(".cp-planner-systems > li").count() == 0
    assert page.locator("#planner-preset-error").inner_text() == "Choose a preset for the system."
    assert page.evaluate("() => document.activeElement.id") == "planner-preset"

    single = next(k for k in catalog.system_kinds if len([p for p in catalog.presets if k in p.kinds]) == 1)
    (only,) = [p for p in catalog.presets if single in p.kinds]
    page.select_option("#planner-kind", single.id)
    assert page.locator("#planner-preset").input_value() == only.id
    page.press("#planner-name", "Enter")
    assert page.locator(".cp-planner-system__name").all_text_contents() == ["My webshop"]
    # The form starts over empty: the next system gets no kind of the last one.
    assert page.locator("#planner-kind").input_value() == ""
    assert page.locator("#planner-preset").is_disabled()


# ------------------------------------------------------------------------------------------ axe


_RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.filter(v => v.impact === "serious" || v.impact === "critical").map(v =>
    `${v.id} (${v.impact}): ${v.help} at ` + v.nodes.map(n => n.target.flat().join(" ")).join(", "));
}"""


def fill_form(page: Page, system: SetupSystem) -> None:
    """Add a system with Playwright's form filling (the keyboard test drives the form key by key)."""
    page.fill("#planner-name", system.name)
    page.select_option("#planner-kind", system.kind)
    page.select_option("#planner-preset", system.preset)
    if system.named is not None:
        page.select_option("#planner-system", system.named)
    page.set_checked("#planner-connected", system.connected)
    if system.wants:
        page.locator(".cp-planner-wants > summary").click()
        for data_type, want in system.wants:
            page.select_option(f"#planner-want-{data_type}", want)
    page.press("#planner-name", "Enter")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_planner_has_no_serious_accessibility_violations(
    page: Page, axe_source: str, catalog: Catalog, scheme: Literal["light", "dark"]
) -> None:
    page.emulate_media(color_scheme=scheme)
    ready_planner(page)
    # Every part of the page filled: errors, warnings, a Connect Support step, conditions and, from a
    # system whose preset has exceptions for other named systems, routing notes.
    systems = [s for path in EXAMPLES for s in example_data(path)[0].systems]
    with_exceptions = next(p for p in catalog.presets if any(f.exceptions for f in p.flows))
    systems.append(SetupSystem("Own system", with_exceptions.kinds[0].id, with_exceptions.id))
    names: set[str] = set()
    for system in systems:
        if system.name not in names:
            fill_form(page, system)
            names.add(system.name)
    page.locator(".cp-planner-wants > summary").click()  # the wanted flows' fields open too
    page.locator(".cp-planner-developers > summary").click()
    page.locator(".cp-planner-paste > summary").click()
    page.locator(".cp-planner-support-details > summary").first.click()
    for selector in (".cp-planner-problem--error", ".cp-planner-problem--warning", ".cp-planner-support"):
        assert page.locator(selector).count() > 0, selector
    assert page.locator(".cp-planner-notes li").count() > 0
    page.add_script_tag(content=axe_source)
    violations: list[str] = page.evaluate(_RUN_AXE)
    assert not violations, f"{len(violations)} serious or critical axe violations ({scheme}):\n  " + "\n  ".join(
        violations
    )
