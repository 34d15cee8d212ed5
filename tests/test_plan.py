"""The setup planner: the page's rules, read from the catalogue, on realistic setups."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator import load_catalog
from generator.catalogue.model import Catalog
from generator.planning import Plan, Setup, SetupSystem, as_json, plan, read_setup

from .conftest import REPO, CliRunner

EXAMPLES = REPO / "examples"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def planned(catalog: Catalog, *systems: SetupSystem) -> Plan:
    return plan(Setup(systems), catalog)


def codes(result: Plan) -> list[tuple[str, str, str]]:
    return [(p.json_path, p.severity.value, p.code) for p in result.problems]


def example(name: str, catalog: Catalog) -> Plan:
    setup, problems = read_setup(EXAMPLES / f"{name}.yaml")
    assert setup is not None, problems
    return plan(setup, catalog)


def test_a_webshop_with_e_fulfilment_and_marketing_automation_is_in_order(catalog: Catalog) -> None:
    result = example("webshop-with-fulfilment", catalog)
    assert result.problems == ()
    assert [(i.system.name, i.preset.id, i.step.number) for i in result.checklist] == [
        ("Warehouse", "fulfilment", 1),
        ("Newsletter platform", "marketing-automation", 2),
        ("Webshop", "e-commerce-with-e-fulfilment", 3),
    ]
    routes = {r.data_type.id: r for r in result.routing}
    # The e-fulfilment system is the one source of stock; the webshop receives it.
    assert [e.name for e in routes["stock"].into_connect] == ["Warehouse"]
    assert [e.name for e in routes["stock"].from_connect] == ["Webshop"]
    assert [(e.name, e.condition.id if e.condition else None) for e in routes["activities"].into_connect] == [
        ("Newsletter platform", "when-applicable")
    ]


def test_a_marketplace_seller_without_e_fulfilment_starts_with_marketing_automation(catalog: Catalog) -> None:
    result = example("marketplace-seller", catalog)
    assert result.problems == ()
    assert [i.system.name for i in result.checklist] == ["Mailing tool", "Webshop", "Marketplace A", "Marketplace B"]
    assert [i.step.number for i in result.checklist] == [2, 3, 4, 4]


def test_b2b_setup_applies_tribe_crm_exception_and_warns_about_analytics_only(catalog: Catalog) -> None:
    result = example("b2b-crm-and-activities", catalog)
    assert codes(result) == [("$.systems[3].wants.contacts", "warning", "unserved-want")]
    [warning] = result.problems
    # The page: "If you *also* want ... select other available presets such as 'Marketing Automation'", and
    # that preset is "available only for marketing automation software": the advice says both, and no more
    # (neither "instead" nor "as well": the page does not say whether the presets are combined).
    assert "also want" in warning.message and "select other available presets" in warning.message
    assert "instead" not in warning.message and "as well" not in warning.message
    assert "Suggested: Marketing Automation (available only for marketing automation software)." in warning.message
    assert warning.line == 23
    activities = next(r for r in result.routing if r.data_type.id == "activities")
    # The CRM preset imports activities, but not for Tribe CRM (the catalogue's exception).
    assert "Tribe CRM" not in [e.name for e in activities.into_connect]
    assert "Spotler Leads" in [e.name for e in activities.into_connect]
    # Spotler Leads is a CRM system with the Activities preset: the last step, which names that preset.
    assert [(i.system.name, i.step.number) for i in result.checklist] == [
        ("Marketing automation", 2),
        ("Tribe CRM", 5),
        ("Spotler Leads", 6),
        ("MailPro", 6),
    ]


def test_a_wrong_order_is_corrected_and_the_late_e_fulfilment_gets_the_support_step(catalog: Catalog) -> None:
    result = example("wrong-order", catalog)
    # E-fulfilment after other systems breaks what the page calls essential: errors. Marketing
    # automation after the sales channel only breaks the order the page asks for: warnings.
    assert codes(result) == [
        ("$.systems[2]", "error", "added-later"),
        ("$.systems[2]", "error", "order"),
        ("$.systems[3]", "warning", "added-later"),
        ("$.systems[3]", "warning", "order"),
    ]
    order = catalog.connection_order
    support = order.if_added_later
    assert support.text in result.problems[0].message
    assert (
        order.first_step_wording in result.problems[0].message
        and order.first_step_wording in result.problems[1].message
    )
    assert order.first_step_wording not in result.problems[2].message + result.problems[3].message
    assert [i.system.name for i in result.checklist] == ["Warehouse", "Mailing tool", "Webshop", "Marketplace"]
    assert result.checklist[0].support == support
    assert all(item.support is None for item in result.checklist[1:])


def test_a_preset_for_another_kind_is_an_error_with_the_presets_that_fit(catalog: Catalog) -> None:
    result = planned(catalog, SetupSystem("Shop", "sales-channel", "fulfilment"))
    assert codes(result) == [("$.systems[0].preset", "error", "preset-kind")]
    assert result.problems[0].message == (
        "the Fulfilment preset is available only for e-fulfilment systems, not for a system of the kind Sales "
        "channel; presets for that kind: E-commerce with e-fulfilment, E-commerce with marketing automation"
    )
    assert result.checklist == ()


def test_e_commerce_with_e_fulfilment_needs_an_e_fulfilment_system(catalog: Catalog) -> None:
    alone = planned(catalog, SetupSystem("Shop", "sales-channel", "e-commerce-with-e-fulfilment"))
    assert codes(alone) == [("$.systems[0].preset", "error", "missing-required")]
    with_warehouse = planned(
        catalog,
        SetupSystem("Warehouse", "e-fulfilment-system", "fulfilment"),
        SetupSystem("Shop", "sales-channel", "e-commerce-with-e-fulfilment"),
    )
    assert with_warehouse.problems == ()


def test_two_e_fulfilment_systems_warn_with_advice_that_can_be_followed(catalog: Catalog) -> None:
    # The page allows the Fulfilment preset to be the only source of stock and makes the first
    # e-fulfilment system the default source; it forbids no second one.
    result = planned(
        catalog,
        SetupSystem("Warehouse A", "e-fulfilment-system", "fulfilment"),
        SetupSystem("Warehouse B", "e-fulfilment-system", "fulfilment"),
    )
    assert codes(result) == [("$.systems[1].preset", "warning", "second-source")]
    assert result.problems[0].message == (
        "'Warehouse B' imports stock as 'Warehouse A' does: the setup has two sources of stock. The Fulfilment "
        "preset allows one system to be the only source of stock. The first system connected at step 1 "
        "(E-Fulfilment system) becomes the default source of stock and products. Connect first the system that "
        "should be the source."
    )
    assert [i.system.name for i in result.checklist] == ["Warehouse A", "Warehouse B"]


def test_crm_before_marketing_automation_is_a_warning(catalog: Catalog, cli: CliRunner, tmp_path: Path) -> None:
    result = planned(
        catalog,
        SetupSystem("Our CRM", "crm", "crm"),
        SetupSystem("Mailing tool", "marketing-automation", "marketing-automation"),
    )
    assert codes(result) == [("$.systems[1]", "warning", "order")]
    assert result.errors == ()
    setup = tmp_path / "setup.yaml"
    setup.write_text(
        "systems:\n  - {name: Our CRM, kind: crm, preset: crm}\n"
        "  - {name: Mailing tool, kind: marketing-automation, preset: marketing-automation}\n"
    )
    run = cli("plan", setup)
    assert run.code == 0 and "warning:" in run.out and "[order]" in run.out


def test_e_fulfilment_after_a_sales_channel_is_an_error(catalog: Catalog) -> None:
    result = planned(
        catalog,
        SetupSystem("Webshop", "sales-channel", "e-commerce-with-e-fulfilment"),
        SetupSystem("Warehouse", "e-fulfilment-system", "fulfilment"),
    )
    assert codes(result) == [("$.systems[1]", "error", "order")]
    assert result.problems[0].message == (
        "'Warehouse' belongs to step 1 (E-Fulfilment system) but is listed after 'Webshop' (step 3, Primary sales "
        "channel). It's essential to connect an e-fulfilment system first. Move it up."
    )


def test_which_rule_is_essential_is_catalogue_data(catalog_copy: Path) -> None:
    index = catalog_copy / "catalog.yaml"
    text = index.read_text()
    index.write_text(
        text.replace("    strength: essential\n", "    strength: request\n").replace(
            "  strength: request\n  page_wording: please", "  strength: essential\n  page_wording: please"
        )
    )
    changed = load_catalog(catalog_copy)
    late_warehouse = plan(
        Setup(
            (
                SetupSystem("Webshop", "sales-channel", "e-commerce-with-e-fulfilment"),
                SetupSystem("Warehouse", "e-fulfilment-system", "fulfilment"),
                SetupSystem("Our CRM", "crm", "crm"),
                SetupSystem("Mailing tool", "marketing-automation", "marketing-automation"),
            )
        ),
        changed,
    )
    assert codes(late_warehouse) == [("$.systems[1]", "warning", "order"), ("$.systems[3]", "error", "order")]


def test_a_crm_system_with_the_activities_preset_plans_cleanly_at_the_last_step(catalog: Catalog) -> None:
    result = planned(
        catalog,
        SetupSystem("Our CRM", "crm", "crm"),
        SetupSystem("Leads", "crm", "activities", named="spotler-leads"),
    )
    assert result.problems == ()
    assert [(i.system.name, i.step.number, i.step.label) for i in result.checklist] == [
        ("Our CRM", 5, "CRM"),
        ("Leads", 6, "Activities/Analytics"),
    ]


def test_two_sales_channels_and_two_marketplaces_plan_cleanly(catalog: Catalog) -> None:
    # The page limits no step to one system.
    result = planned(
        catalog,
        SetupSystem("Webshop", "sales-channel", "e-commerce-with-marketing-automation"),
        SetupSystem("Second shop", "sales-channel", "e-commerce-with-marketing-automation"),
        SetupSystem("Marketplace A", "marketplace", "marketplace"),
        SetupSystem("Marketplace B", "marketplace", "marketplace"),
    )
    assert result.problems == ()


def test_the_checklist_does_not_present_periods_for_data_that_is_not_imported(catalog: Catalog) -> None:
    result = planned(catalog, SetupSystem("Warehouse", "e-fulfilment-system", "fulfilment"))
    [item] = result.checklist
    assert [lb.data_type.id for lb in item.first_import] == ["products"]
    assert [lb.data_type.id for lb in item.periods_not_imported] == ["orders", "contacts"]
    [entry] = as_json(result)["checklist"]
    assert [(f["data_type"], f["imported"]) for f in entry["first_import"]] == [
        ("orders", False),
        ("products", True),
        ("contacts", False),
    ]


def test_names_references_and_connected_order(catalog: Catalog) -> None:
    result = planned(
        catalog,
        SetupSystem("CRM", "crm", "crm"),
        SetupSystem("CRM", "crm", "crn"),
        SetupSystem("Leads", "crm", "activities", named="mailpro", connected=True),
    )
    assert codes(result) == [
        ("$.systems[1].name", "error", "duplicate-name"),
        ("$.systems[1].preset", "error", "unknown-preset"),
        ("$.systems[2].system", "warning", "system-kind"),
        ("$.systems[2].connected", "error", "connected-order"),
    ]
    assert "did you mean 'crm'?" in result.problems[1].message
    # Readers see names, not ids.
    assert (
        result.problems[2].message
        == "the catalogue lists MailPro as a system of the kind Analytics system, but this entry says CRM system"
    )


def test_an_unnamed_crm_marks_the_exception_it_may_fall_under(catalog: Catalog) -> None:
    result = planned(catalog, SetupSystem("Our CRM", "crm", "crm"))
    activities = next(r for r in result.routing if r.data_type.id == "activities")
    [end] = activities.into_connect
    assert end.note == catalog.preset("crm").flow("activities").exceptions[0].note


def test_every_rule_reads_the_catalogue_not_the_code(catalog: Catalog, catalog_copy: Path) -> None:
    # Give the CRM preset's requirement to the marketplace preset: the planner follows.
    marketplace = catalog_copy / "presets" / "marketplace.yaml"
    marketplace.write_text(
        marketplace.read_text().replace(
            "kinds: [marketplace]\n", "kinds: [marketplace]\nrequires:\n  - kind: crm\n    description: Needs a CRM.\n"
        )
    )
    changed = load_catalog(catalog_copy)
    result = plan(Setup((SetupSystem("Bol", "marketplace", "marketplace"),)), changed)
    assert codes(result) == [("$.systems[0].preset", "error", "missing-required")]


def test_plan_command_formats_and_exit_codes(cli: CliRunner, tmp_path: Path) -> None:
    good = EXAMPLES / "webshop-with-fulfilment.yaml"
    text = cli("plan", good)
    assert text.code == 0 and "1. Warehouse: Fulfilment preset (step 1, E-Fulfilment system)" in text.out
    assert (
        "first import: products 10 years (the page also gives periods for data this preset does not import: "
        "orders 7 days, contacts 10 years)" in text.out
    )
    data = json.loads(cli("plan", good, "--format", "json").out)
    assert data == as_json(example("webshop-with-fulfilment", load_catalog()))
    markdown = cli("plan", good, "--format", "markdown").out
    assert (
        "| 1 | Warehouse | Fulfilment | 1. E\\-Fulfilment system | products 10 years \\(the page also gives periods "
        "for data this preset does not import\\: orders 7 days, contacts 10 years\\) |" in markdown
    )
    assert "```mermaid" in markdown and 's0 -- "Products, Stock, Shipments" --> connect' in markdown
    wrong = cli("plan", EXAMPLES / "wrong-order.yaml")
    assert wrong.code == 1 and "[order]" in wrong.out
    # The Connect Support step is part of the checklist in every format, not only of a problem.
    support = load_catalog().connection_order.if_added_later
    assert f"     then: {support.text}\n" in wrong.out
    wrong_markdown = cli("plan", EXAMPLES / "wrong-order.yaml", "--format", "markdown").out
    assert "\n- **Then, for Warehouse, Connect Support:** If an e\\-fulfilment system is added" in wrong_markdown
    broken = tmp_path / "setup.yaml"
    broken.write_text("systems:\n  - name: Shop\n    kind: webshop\n    preset: marketplace\n")
    run = cli("plan", broken)
    assert run.code == 1
    assert f"{broken.as_posix()}:3:11: $.systems[0].kind: error: 'webshop' is not a known kind of system" in run.out
    assert cli("plan", tmp_path / "missing.yaml").code == 2


def test_the_examples_page_shows_each_plan_made_at_build_time(built_site: Path, catalog: Catalog) -> None:
    soup = BeautifulSoup((built_site / "examples" / "index.html").read_text(), "html.parser")
    for file in sorted(EXAMPLES.glob("*.yaml")):
        result = example(file.stem, catalog)
        heading = soup.find(id=file.stem)
        assert heading is not None, file.stem
        table = heading.find_next("table")
        rows = [
            [" ".join(td.get_text(" ", strip=True).split()) for td in tr.select("td")]
            for tr in table.select("tbody tr")
        ]
        assert [(r[0], r[1].removesuffix(" (connected)"), r[2]) for r in rows] == [
            (str(i.position), i.system.name, i.preset.name) for i in result.checklist
        ]
        supported = [i.system.name for i in result.checklist if i.support is not None]
        section_text = ""
        for sibling in heading.find_next_siblings():
            if sibling.name == "h2":
                break
            section_text += sibling.get_text(" ", strip=True) + "\n"
        for name in supported:
            assert f"Then, for {name}, Connect Support:" in section_text, file.stem
        assert ("Then, for" in section_text) == bool(supported), file.stem
        # The routing, by data type: exactly the systems that send it into Connect and those that receive it.
        figure = heading.find_next("figure", class_="cp-routes")
        assert figure is not None, file.stem
        drawn = {
            str(route["data-data-type"]): tuple(
                [" ".join(box.get_text(" ", strip=True).split()) for box in route.select(f"{side} .cp-box-label")]
                for side in (".cp-route-ends--into", ".cp-route-ends--from")
            )
            for route in figure.select("li.cp-route")
        }
        planned = {
            route.data_type.id: ([end.name for end in route.into_connect], [end.name for end in route.from_connect])
            for route in result.routing
            if route.into_connect or route.from_connect
        }
        assert drawn == planned, file.stem


def test_a_preset_the_page_only_suggests_for_a_kind_may_serve_another_with_a_warning(catalog: Catalog) -> None:
    # "You should select it when you add a sales channel" advises; it restricts nothing.
    result = planned(catalog, SetupSystem("Our CRM", "crm", "e-commerce-with-marketing-automation"))
    assert codes(result) == [("$.systems[0].preset", "warning", "preset-kind")]
    assert result.problems[0].message == (
        "the help page suggests the E-commerce with marketing automation preset for systems of the kind Sales "
        "channel; this system is of the kind CRM system (presets for that kind: CRM, Activities)"
    )
    assert [(i.system.name, i.step.label) for i in result.checklist] == [("Our CRM", "CRM")]
    assert "available only" not in result.problems[0].message


def test_an_e_fulfilment_system_connected_after_others_is_an_error_with_the_support_step(catalog: Catalog) -> None:
    result = planned(
        catalog,
        SetupSystem("Webshop", "sales-channel", "e-commerce-with-e-fulfilment", connected=True),
        SetupSystem("Warehouse", "e-fulfilment-system", "fulfilment", connected=True),
        SetupSystem("Our CRM", "crm", "crm", connected=True),
        SetupSystem("Mailing tool", "marketing-automation", "marketing-automation", connected=True),
    )
    order = catalog.connection_order
    assert codes(result) == [("$.systems[1]", "error", "added-later"), ("$.systems[3]", "warning", "added-later")]
    assert result.problems[0].message == (
        "'Warehouse' (step 1, E-Fulfilment system) was connected after 'Webshop' (step 3, Primary sales channel). "
        f"{order.first_step_wording} {order.if_added_later.text}"
    )
    assert result.problems[1].message == (
        "'Mailing tool' (step 2, Marketing automation) was connected after 'Webshop' (step 3, Primary sales channel)."
    )
    supported = [(i.system.name, i.support is not None) for i in result.checklist]
    assert supported == [("Warehouse", True), ("Mailing tool", False), ("Webshop", False), ("Our CRM", False)]


def test_a_second_source_after_a_connected_one_gets_the_pages_path_not_advice_to_reorder(catalog: Catalog) -> None:
    result = planned(
        catalog,
        SetupSystem("Warehouse A", "e-fulfilment-system", "fulfilment", connected=True),
        SetupSystem("Warehouse B", "e-fulfilment-system", "fulfilment"),
    )
    [warning] = result.problems
    assert warning.code == "second-source" and "Connect first" not in warning.message
    assert warning.message.endswith(
        f"'Warehouse A' is connected already. {catalog.connection_order.if_added_later.text}"
    )


def test_a_wanted_flow_the_page_contradicts_itself_on_names_the_contradiction(catalog: Catalog) -> None:
    result = planned(catalog, SetupSystem("Bol", "marketplace", "marketplace", wants=(("contacts", "import"),)))
    [warning] = result.problems
    note = catalog.preset("marketplace").inconsistency("flows.contacts")
    assert note is not None
    assert warning.message == (
        f"the Marketplace preset does not import contacts from it into Connect ({note.note.rstrip('.')})."
    )


def test_plan_starts_without_the_template_engine_or_the_exporter() -> None:
    # The planner shares its phrases with the site through generator/wording.py, not through the site.
    code = (
        "import sys\n"
        "from generator.cli import main\n"
        "for fmt in ('text', 'json', 'markdown'):\n"
        "    main(['plan', sys.argv[1], '--format', fmt])\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('jinja2', 'markupsafe', 'mkdocs')\n"
        "                or m in ('generator.output.pages', 'generator.output.export', 'generator.output.contract'))\n"
        "print(loaded, file=sys.stderr)\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code, str(EXAMPLES / "wrong-order.yaml")], capture_output=True, text=True, timeout=60
    )
    assert run.stderr.strip().splitlines()[-1] == "[]", run.stderr


def test_the_connect_support_step_and_the_added_later_problem_always_go_together(catalog: Catalog) -> None:
    # One computation of "joins late" feeds both: the checklist never offers the Connect Support step
    # without the problem that explains it, nor the reverse.
    rng = random.Random(9)
    kinds = [(p.kinds[0].id, p.id) for p in catalog.presets]
    first_step = catalog.connection_order.first_step
    for _ in range(300):
        systems = tuple(
            SetupSystem(f"System {n}", *rng.choice(kinds), connected=rng.random() < 0.4)
            for n in range(rng.randint(1, 7))
        )
        result = planned(catalog, *systems)
        late = {p.path[1] for p in result.problems if p.code == "added-later"}
        for item in result.checklist:
            index = systems.index(item.system)
            at_first_step = item.step is first_step
            assert (item.support is not None) == (at_first_step and index in late), (systems, item)


def test_an_unserved_want_says_why_and_offers_other_presets_with_their_restriction(catalog: Catalog) -> None:
    # CRM imports activities, but not for Tribe CRM (its exception); the other preset for a CRM system,
    # Activities, is "available only for CRM systems that export activities": the advice says so.
    wants = (("activities", "import"),)
    result = planned(catalog, SetupSystem("Our CRM", "crm", "crm", named="tribe-crm", wants=wants))
    [warning] = result.problems
    assert warning.code == "unserved-want"
    assert "(Activities are not available in this preset for Tribe CRM)" in warning.message
    assert warning.message.endswith(
        "Other presets for this kind of system: Activities (available only for CRM systems that export activities)."
    )
