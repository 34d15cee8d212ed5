"""The "Plan your setup" page: generator/planner.py's planner ported to the browser, reading only the
exported configs. The same plan as Python's on every example and on generated setups; the page built,
reordered and copied with the keyboard alone; the YAML it writes read back by the command line; axe-core
in both palettes. The PageGuard (conftest.py) fails any test whose page logs an error or reaches for
another host."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import pytest

from generator import Catalog, contract
from generator.planning import Setup, SetupSystem, as_json, plan, read_setup
from generator.wording import period_text

from ..conftest import REPO, CliRunner
from .conftest import open_page

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

EXAMPLES = sorted((REPO / "examples").glob("*.yaml"))
PLANNER = "plan/"
GENERATED = 60  # setups made from seeds; each costs well under a millisecond in either planner
EVERY_CODE = {
    "duplicate-name",
    "unknown-preset",
    "preset-kind",
    "unknown-system",
    "system-kind",
    "missing-required",
    "second-source",
    "connected-order",
    "added-later",
    "order",
    "unserved-want",
    "unknown-kind",  # the kind "point-of-sale" below: a kind the catalogue lacks
    "no-step",  # a preset the page only suggests for its kind, used for a kind without a step (analytics)
}
# Names a YAML writer must quote (or may not), all valid labels: the setup file must read them back.
NAMES = [
    "Webshop",
    "Warehouse",
    "yes",
    "No",
    "null",
    "true",
    "123",
    "1.5",
    "Shop: NL",
    "#1 shop",
    "shop #2",
    "'quoted'",
    '"double"',
    "back\\slash",
    "Café ✓",
    "  padded  ",
    "- dash",
    "[brackets]",
    "{braces}",
    "~",
    "@at",
    "emoji 😀",
    "&anchor",
    "*alias",
    "!tag",
    "%percent",
    "a\u2028b",
    "zero\u200bwidth",
]

Plan_ = dict[str, Any]


def ready_planner(page: Page) -> None:
    open_page(page, PLANNER)
    page.evaluate("async () => { await window.connectPlanner.ready; }")


def browser_plans(page: Page, setups: list[dict[str, Any]]) -> list[Plan_]:
    plans: list[Plan_] = page.evaluate("setups => setups.map(s => window.connectPlanner.plan(s))", setups)
    return plans


def python_plan(data: dict[str, Any], catalog: Catalog) -> Plan_:
    """as_json(plan(...)) of a setup given as the plain data of a setup file (read_setup's construction)."""
    return as_json(plan(Setup.from_data(data), catalog))


def without_place(result: Plan_) -> Plan_:
    """The plan without what only a file gives (each problem's file, line and column), problems in their order."""
    problems = [{k: v for k, v in p.items() if k not in ("file", "line", "column")} for p in result["problems"]]
    return {**result, "problems": problems}


def comparable(result: Plan_) -> Plan_:
    """without_place, with the problems sorted by (path, message, code). Python sorts problems by line and
    column first, which a setup without a file (a dataclass, or the page's plain object) does not have;
    where both sides plan the same file, the order itself is compared (see the YAML round trip)."""
    plain = without_place(result)
    plain["problems"].sort(key=lambda p: (p["path"], p["message"], p["code"]))
    return plain


def typo(rng: random.Random, word: str) -> str:
    """A preset id mistyped: one character dropped, changed or added, still a valid id."""
    letters = "abcdefghijklmnopqrstuvwxyz0123456789"
    for _ in range(20):
        i = rng.randrange(len(word))
        edit = rng.choice(("drop", "change", "add"))
        if edit == "drop":
            out = word[:i] + word[i + 1 :]
        elif edit == "change":
            out = word[:i] + rng.choice(letters) + word[i + 1 :]
        else:
            out = word[:i] + rng.choice(letters) + word[i:]
        if out and out != word and "--" not in out and not out.startswith("-") and not out.endswith("-"):
            return out
    return word + "x"


def generated_setup(seed: int, catalog: Catalog) -> dict[str, Any]:
    """A setup drawn from the catalogue: fitting and unfitting presets, typos, named systems of the
    right and the wrong kind, connected flags, wanted flows and any order."""
    rng = random.Random(seed)
    kinds = [k.id for k in catalog.system_kinds]
    presets = [p.id for p in catalog.presets]
    data_types = [d.id for d in catalog.data_types]
    systems: list[dict[str, Any]] = []
    for n in range(rng.randint(1, 7)):
        kind = rng.choice(kinds) if rng.random() > 0.03 else "point-of-sale"  # a kind the catalogue lacks
        fitting = [p.id for p in catalog.presets if kind in {k.id for k in p.kinds}]
        roll = rng.random()
        if roll < 0.65 and fitting:
            preset = rng.choice(fitting)
        elif roll < 0.8:
            preset = rng.choice([p for p in presets if p not in fitting] or presets)
        elif roll < 0.93:
            preset = typo(rng, rng.choice(presets))
        else:
            preset = rng.choice(["shopify", "zz", "marketing", "e-commerce", "crm-2", "fulfillment"])
        entry: dict[str, Any] = {
            "name": rng.choice(NAMES) if rng.random() < 0.35 else f"System {n + 1}",
            "kind": kind,
            "preset": preset,
        }
        roll = rng.random()
        if roll < 0.2:
            entry["system"] = rng.choice([s.id for s in catalog.systems if s.kind == kind] or [catalog.systems[0].id])
        elif roll < 0.3:
            entry["system"] = rng.choice(catalog.systems).id
        elif roll < 0.34:
            entry["system"] = "not-in-the-catalogue"
        if rng.random() < 0.3:
            entry["connected"] = True
        if rng.random() < 0.4:
            entry["wants"] = {
                d: rng.choice(("import", "export", "both")) for d in rng.sample(data_types, rng.randint(1, 3))
            }
        systems.append(entry)
    setup: dict[str, Any] = {"systems": systems}
    if rng.random() < 0.5:
        setup = {"account": rng.choice(NAMES), **setup}
    return setup


def example_data(path: Path) -> tuple[Setup, dict[str, Any]]:
    setup, problems = read_setup(path)
    assert setup is not None, problems
    return setup, setup.document.data


# ------------------------------------------------------------------------------------------ parity


def test_the_page_plans_every_example_as_the_command_line_does(page: Page, catalog: Catalog) -> None:
    ready_planner(page)
    examples = [example_data(path) for path in EXAMPLES]
    assert examples, "no example setups"
    in_browser = browser_plans(page, [data for _, data in examples])
    for path, (setup, _), got in zip(EXAMPLES, examples, in_browser, strict=True):
        assert comparable(got) == comparable(as_json(plan(setup, catalog))), path.name
        assert all(p["line"] is None and p["column"] is None for p in got["problems"]), path.name


# The setups of issue 9, each with the severity the page's wording gives it.
PAGE_STRENGTH_SETUPS = {
    "crm-before-marketing-automation": (
        [
            {"name": "Our CRM", "kind": "crm", "preset": "crm"},
            {"name": "Mailing tool", "kind": "marketing-automation", "preset": "marketing-automation"},
        ],
        [("order", "warning")],
    ),
    "e-fulfilment-after-a-sales-channel": (
        [
            {"name": "Webshop", "kind": "sales-channel", "preset": "e-commerce-with-e-fulfilment"},
            {"name": "Warehouse", "kind": "e-fulfilment-system", "preset": "fulfilment"},
        ],
        [("order", "error")],
    ),
    "e-fulfilment-after-a-connected-sales-channel": (
        [
            {"name": "Webshop", "kind": "sales-channel", "preset": "e-commerce-with-e-fulfilment", "connected": True},
            {"name": "Warehouse", "kind": "e-fulfilment-system", "preset": "fulfilment"},
        ],
        [("added-later", "error")],
    ),
    "crm-system-with-the-activities-preset": (
        [
            {"name": "Our CRM", "kind": "crm", "preset": "crm"},
            {"name": "Leads", "kind": "crm", "preset": "activities", "system": "spotler-leads"},
        ],
        [],
    ),
    "e-fulfilment-connected-after-a-sales-channel": (
        [
            {"name": "Webshop", "kind": "sales-channel", "preset": "e-commerce-with-e-fulfilment", "connected": True},
            {"name": "Warehouse", "kind": "e-fulfilment-system", "preset": "fulfilment", "connected": True},
        ],
        [("added-later", "error")],
    ),
    "a-preset-the-page-only-suggests-for-another-kind": (
        [{"name": "Our CRM", "kind": "crm", "preset": "e-commerce-with-marketing-automation"}],
        [("preset-kind", "warning")],
    ),
    "a-preset-the-page-restricts-to-another-kind": (
        [{"name": "MailPro", "kind": "analytics", "preset": "marketing-automation"}],
        [("preset-kind", "error")],
    ),
    "two-e-fulfilment-systems-the-first-connected": (
        [
            {"name": "Warehouse A", "kind": "e-fulfilment-system", "preset": "fulfilment", "connected": True},
            {"name": "Warehouse B", "kind": "e-fulfilment-system", "preset": "fulfilment"},
        ],
        [("second-source", "warning")],
    ),
    "a-marketplace-wanting-contacts": (
        [{"name": "Bol", "kind": "marketplace", "preset": "marketplace", "wants": {"contacts": "import"}}],
        [("unserved-want", "warning")],
    ),
    "two-e-fulfilment-systems": (
        [
            {"name": "Warehouse A", "kind": "e-fulfilment-system", "preset": "fulfilment"},
            {"name": "Warehouse B", "kind": "e-fulfilment-system", "preset": "fulfilment"},
        ],
        [("second-source", "warning")],
    ),
}


def test_the_page_gives_each_rule_the_strength_the_help_page_gives_it(page: Page, catalog: Catalog) -> None:
    ready_planner(page)
    setups = [{"systems": systems} for systems, _ in PAGE_STRENGTH_SETUPS.values()]
    in_browser = browser_plans(page, setups)
    for name, data, got in zip(PAGE_STRENGTH_SETUPS, setups, in_browser, strict=True):
        expected = python_plan(data, catalog)
        assert comparable(got) == comparable(expected), name
        assert [(p["code"], p["severity"]) for p in got["problems"]] == PAGE_STRENGTH_SETUPS[name][1], name


def test_the_page_plans_generated_setups_as_python_does_and_writes_files_the_cli_reads(
    page: Page, catalog: Catalog, tmp_path: Path
) -> None:
    ready_planner(page)
    setups = [generated_setup(seed, catalog) for seed in range(GENERATED)]
    in_browser = browser_plans(page, setups)
    seen: set[str] = set()
    for seed, (data, got) in enumerate(zip(setups, in_browser, strict=True)):
        expected = python_plan(data, catalog)
        assert comparable(got) == comparable(expected), f"seed {seed}: {json.dumps(data, ensure_ascii=False)}"
        seen |= {p["code"] for p in expected["problems"]}
    assert seen == EVERY_CODE, f"the generated setups miss {sorted(EVERY_CODE - seen)}: draw more of them"

    # toYaml: the command line reads back the very setup, and lists the problems in the page's order.
    texts: list[str] = page.evaluate("setups => setups.map(s => window.connectPlanner.toYaml(s))", setups)
    known = {k.id for k in catalog.system_kinds}
    checked = 0
    for seed, (data, text, got) in enumerate(zip(setups, texts, in_browser, strict=True)):
        if any(s["kind"] not in known for s in data["systems"]):
            continue  # not a valid setup file (the schema lists the kinds); planned above all the same
        file = tmp_path / f"setup-{seed}.yaml"
        file.write_text(text, encoding="utf-8")
        setup, problems = read_setup(file)
        assert setup is not None, f"seed {seed}: {problems}\n{text}"
        assert setup.account == data.get("account"), f"seed {seed}"
        assert setup.document.data == data, f"seed {seed}:\n{text}"
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


_PROBLEMS_JS = """() => [...document.querySelectorAll('[data-planner-part=problems] li')].map(li => ({
  code: li.dataset.code, path: li.dataset.path,
  message: li.querySelector('.cp-planner-message').textContent,
  title: li.querySelector('.admonition-title').textContent}))"""

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
    assert [(p["path"], p["code"], p["message"]) for p in shown] == [
        (p["path"], p["code"], p["message"]) for p in from_cli
    ]
    assert "order" in {p["code"] for p in shown}
    names = [s.name for s in reversed(setup.systems)]
    for problem in shown:
        index = int(problem["path"].split("[")[1].split("]")[0])
        assert f"{names[index]} (system {index + 1})" in problem["title"]

    # Move the last system up twice and the (new) last one up once, with Enter on the move buttons.
    first, second = setup.systems[0].name, setup.systems[1].name
    tab_to(page, f'button[aria-label="Move up: {first}"]', backwards=True)
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")  # the focus stays on the moved system's button
    tab_to(page, f'button[aria-label="Move up: {second}"]')  # further down the list
    page.keyboard.press("Enter")
    assert page.evaluate(_SYSTEMS_JS) == [s.name for s in setup.systems]
    assert page.evaluate(_PROBLEMS_JS) == []
    assert page.locator("[data-planner-part=problems] .admonition.success").is_visible()

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
            {"system": e.system, "condition": f" ({e.condition.label})" if e.condition else None, "note": e.note}
            for e in endpoints
        ]

    assert rows == [
        {"label": r.data_type.label, "into": ends(r.into_connect), "from": ends(r.from_connect)} for r in result.routing
    ]

    # The setup file: the command line reads the example's setup back and makes the same plan.
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
    page.wait_for_function("() => document.querySelector('.cp-planner-copy-status').textContent !== ''")
    assert page.evaluate("() => navigator.clipboard.readText()") == text


def test_copy_selects_the_text_where_there_is_no_clipboard(page: Page) -> None:
    page.add_init_script("Object.defineProperty(Navigator.prototype, 'clipboard', {get: () => undefined})")
    ready_planner(page)
    tab_to(page, "[data-planner-part=yaml] button")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement?.id === 'planner-yaml'")
    selection = page.evaluate(
        "() => { const t = document.activeElement; return [t.selectionStart, t.selectionEnd, t.value.length]; }"
    )
    assert selection[0] == 0 and selection[1] == selection[2] > 0
    assert "Ctrl+C" in page.locator(".cp-planner-copy-status").inner_text()


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
    if system.system is not None:
        page.select_option("#planner-system", system.system)
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
    for selector in (".cp-planner-problems .failure", ".cp-planner-problems .warning", ".cp-planner-support"):
        assert page.locator(selector).count() > 0, selector
    assert page.locator(".cp-planner-notes li").count() > 0
    page.add_script_tag(content=axe_source)
    violations: list[str] = page.evaluate(_RUN_AXE)
    assert not violations, f"{len(violations)} serious or critical axe violations ({scheme}):\n  " + "\n  ".join(
        violations
    )
