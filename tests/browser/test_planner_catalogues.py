"""The page's planner follows the catalogue it is served, as the command line follows the one it reads:
served the configs of an edited catalogue (a kind without a step), it makes Python's plan, the no-step
warning included."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from generator import Catalog, load_catalog
from generator.output import export
from generator.planning import Setup, as_json, plan
from generator.planning.publish import PLANNER_CONFIG, planner_config

from .conftest import open_page

if TYPE_CHECKING:
    from playwright.sync_api import Page, Route

pytestmark = pytest.mark.browser


def site_configs(catalog: Catalog) -> dict[str, bytes]:
    """The configs folder the site serves for this catalogue: the export and the planner's rules and words."""
    return export.render(catalog) | {PLANNER_CONFIG: planner_config(catalog)}


def serve_configs(page: Page, configs: dict[str, bytes]) -> None:
    """Answer the page's requests for configs/... with these files instead of the built site's."""

    def answer(route: Route) -> None:
        name = re.sub(r"^.*?/configs/", "", route.request.url)
        if name in configs:
            route.fulfill(status=200, body=configs[name], content_type="application/json")
        else:
            route.fulfill(status=404, body=b"")

    page.route(re.compile(r".*/configs/.*"), answer)


def test_a_kind_without_a_step_is_left_out_with_the_same_warning(catalog_copy: Path, page: Page) -> None:
    index = catalog_copy / "catalog.yaml"
    index.write_text(index.read_text().replace("presets: [activities, analytics]", "presets: [activities]"))
    catalog = load_catalog(catalog_copy)
    serve_configs(page, site_configs(catalog))
    open_page(page, "plan/")
    page.evaluate("async () => { await window.connectPlanner.ready; }")
    data: dict[str, Any] = {
        "systems": [
            {"name": "Mailing", "kind": "marketing-automation", "preset": "marketing-automation"},
            {"name": "Stats", "kind": "analytics", "preset": "analytics", "wants": {"contacts": "export"}},
        ]
    }
    got = page.evaluate("setup => window.connectPlanner.plan(setup)", data)
    expected = as_json(plan(Setup.from_data(data), catalog))
    assert [p["code"] for p in expected["problems"]] == ["no-step", "unserved-want"]
    for problem in expected["problems"]:
        problem.update(line=None, column=None)
    assert got == expected


def test_a_data_type_or_kind_the_catalogue_lacks_is_the_same_error(catalog_copy: Path, page: Page) -> None:
    index = catalog_copy / "catalog.yaml"
    index.write_text(index.read_text().replace("  - id: checkouts\n    label: Checkouts\n", ""))
    for preset in (catalog_copy / "presets").glob("*.yaml"):
        preset.write_text(re.sub(r"(?m)^  checkouts: .*\n", "", preset.read_text()))
    catalog = load_catalog(catalog_copy)
    serve_configs(page, site_configs(catalog))
    open_page(page, "plan/")
    page.evaluate("async () => { await window.connectPlanner.ready; }")
    data: dict[str, Any] = {
        "systems": [
            {"name": "Mailing", "kind": "marketing-automaton", "preset": "marketing-automation"},
            {"name": "Till", "kind": "point-of-sale", "preset": "crm"},
            {
                "name": "Shop",
                "kind": "sales-channel",
                "preset": "e-commerce-with-marketing-automation",
                "wants": {"checkouts": "import", "orderz": "export", "stock": "both"},
            },
        ]
    }
    got = page.evaluate("setup => window.connectPlanner.plan(setup)", data)
    expected = as_json(plan(Setup.from_data(data), catalog))
    assert [p["code"] for p in expected["problems"]] == [
        "unknown-kind",
        "unknown-kind",
        "unknown-data-type",
        "unknown-data-type",
        "unserved-want",
        "unserved-want",
    ]
    for problem in expected["problems"]:
        problem.update(line=None, column=None)
    # Python orders problems without a file by path, then message; the page by field and key.
    assert sorted(got["problems"], key=str) == sorted(expected["problems"], key=str)
    assert {**got, "problems": []} == {**expected, "problems": []}
