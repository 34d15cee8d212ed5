"""The diagrams: a worked example's routing by data type, a preset's ties to other presets, the presets of
each connection-order step. Read back from their HTML (parsed), against the plan, the catalogue and the
page's facts (tests/pagefacts.py); and kept out of the site's search index."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from generator import load_catalog
from generator.catalogue.model import Catalog
from generator.output.pages import Renderer
from generator.planning import Endpoint, Plan, Setup, SetupSystem, plan

from . import pagefacts
from .conftest import REPO
from .test_site import page, words

LONG_NAME = "Northwind Traders Fulfilment Centre Delft"  # 41 characters: longer than any box had room for


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture(scope="module")
def renderer(catalog: Catalog) -> Renderer:
    return Renderer(catalog)


def one(node: Tag, selector: str) -> Tag:
    found = node.select_one(selector)
    assert found is not None, selector
    return found


def routing_figure(renderer: Renderer, result: Plan, title: str = "A setup") -> Tag:
    figure = BeautifulSoup(renderer.fragment("routing-diagram.html.j2", plan=result, title=title), "html.parser")
    found = figure.select_one("figure.cp-diagram")
    assert found is not None
    return found


def drawn_ends(row: Tag, side: str) -> list[tuple[str, str, bool]]:
    """A row's systems on one side: the box's words, the state it is drawn in, whether an arrow joins it."""
    ends = []
    for item in row.select(f"ul.cp-route-ends--{side} > li.cp-end"):
        if "cp-end--none" in item["class"]:
            assert item.select("svg") == [], "an arrow drawn for no system"
            continue
        arrows = item.select("svg.cp-arrow-icon line.cp-arrow")
        assert len(arrows) == 1
        state = arrows[0]["class"][1].removeprefix("cp-arrow--")
        assert item["data-state"] == state
        ends.append((words(one(item, ".cp-box")), state, True))
    return ends


def expected_ends(ends: tuple[Endpoint, ...]) -> list[tuple[str, str, bool]]:
    """As the routing must draw them: the name, then in brackets the condition in words and 'see note'."""
    expected: list[tuple[str, str, bool]] = []
    for end in ends:
        extra = ([end.condition.label] if end.condition else []) + (["see note"] if end.note else [])
        expected.append((end.name + (f" ({', '.join(extra)})" if extra else ""), end.state, True))
    return expected


def a_setup(*systems: SetupSystem) -> Plan:
    return plan(Setup(systems), load_catalog())


SETUPS = {
    # Conditional flows (marketing automation's activities), a system whose data reaches nobody.
    "b2b": (
        SetupSystem("Mailing tool", "marketing-automation", "marketing-automation"),
        SetupSystem("Leads", "crm", "activities", "spotler-leads"),
    ),
    # A 41-character name, stock and shipments to two receivers, a CRM with a note for another system.
    "long names": (
        SetupSystem(LONG_NAME, "e-fulfilment-system", "fulfilment"),
        SetupSystem("Webshop", "sales-channel", "e-commerce-with-e-fulfilment"),
        SetupSystem("Marketplace with a rather long name, too", "marketplace", "marketplace"),
        SetupSystem("Some CRM", "crm", "crm"),
    ),
}


@pytest.mark.parametrize("name", SETUPS)
def test_the_routing_draws_a_row_per_flowing_data_type_and_an_arrow_per_flow(renderer: Renderer, name: str) -> None:
    result = a_setup(*SETUPS[name])
    figure = routing_figure(renderer, result)
    rows = figure.select("li.cp-route")
    flowing = [route for route in result.routing if route.into_connect or route.from_connect]
    assert [row["data-data-type"] for row in rows] == [route.data_type.id for route in flowing]
    for row, route in zip(rows, flowing, strict=True):
        assert words(one(row, ".cp-route-type")) == route.data_type.label
        assert drawn_ends(row, "into") == expected_ends(route.into_connect), route.data_type.id
        assert drawn_ends(row, "from") == expected_ends(route.from_connect), route.data_type.id
        # A side without systems says so in words, without an arrow (checked in drawn_ends).
        for side, ends in (("into", route.into_connect), ("from", route.from_connect)):
            assert bool(row.select(f"ul.cp-route-ends--{side} > li.cp-end--none")) == (not ends)
        notes = {e.note for e in (*route.into_connect, *route.from_connect) if e.note}
        assert {words(p).removeprefix("Note: ") for p in row.select("p.cp-route-note")} == notes
    silent = [route.data_type.label for route in result.routing if not (route.into_connect or route.from_connect)]
    none = figure.select_one("p.cp-route-none")
    assert (none is not None) == bool(silent)
    if none is not None:
        assert all(label in words(none) for label in silent) and words(none).startswith("Not routed")
    # Dashed arrows are explained where there are some.
    conditional = any(e.state == "conditional" for r in result.routing for e in (*r.into_connect, *r.from_connect))
    assert ("dashed arrow" in words(one(figure, "figcaption"))) == conditional


def test_conditional_flows_are_dashed_and_say_their_condition(renderer: Renderer) -> None:
    figure = routing_figure(renderer, a_setup(*SETUPS["b2b"]))
    activities = figure.select_one('li.cp-route[data-data-type="activities"]')
    assert activities is not None
    [sent] = [item for item in activities.select("ul.cp-route-ends--into > li") if "Mailing tool" in words(item)]
    assert sent["data-state"] == "conditional" and "when applicable" in words(sent)
    assert sent.select_one("line.cp-arrow--conditional") is not None
    # Leads sends activities and receives nothing: no arrow back to it anywhere.
    assert all("Leads" not in words(item) for item in figure.select("ul.cp-route-ends--from > li"))


def test_long_names_are_written_whole(renderer: Renderer) -> None:
    figure = routing_figure(renderer, a_setup(*SETUPS["long names"]))
    boxes = [words(one(box, ".cp-box-label")) for box in figure.select("li.cp-end .cp-box")]
    assert LONG_NAME in boxes and "Marketplace with a rather long name, too" in boxes
    assert "…" not in words(figure)
    # Nothing sets a box's width: the browser sizes each box to its text (tests/browser/test_diagrams.py).
    assert all("width" not in box.attrs and "style" not in box.attrs for box in figure.select(".cp-box"))


def test_the_examples_page_routes_each_example(built_site: Path) -> None:
    soup = page(built_site, "examples")
    figures = soup.select("figure.cp-diagram.cp-routes")
    assert len(figures) == len(list((REPO / "examples").glob("*.yaml"))) > 0
    assert soup.select("figure.cp-diagram svg text") == [], "no diagram text in SVG: it shrinks on a phone"
    # The routing is the figure, not a table that says the same once more.
    assert all(words(th) != "Into Connect from" for th in soup.select("article th"))


def test_the_preset_diagram_names_kinds_and_where_stock_and_shipments_come_from(
    built_site: Path, catalog: Catalog
) -> None:
    labels = {kind.label for kind in catalog.system_kinds}
    for preset in catalog.presets:
        soup = page(built_site, f"presets/{preset.id}")
        figure = soup.select_one("figure.cp-diagram")
        headings = [words(h) for h in soup.select("article h2")]
        assert ("Data flows with other presets" in headings) == (figure is not None), preset.id
        if figure is None:
            continue
        assert "Platform" not in words(figure)
        assert {words(b) for b in figure.select("li.cp-end .cp-box-label")} <= labels, preset.id
    # The page: stock and shipments reach a sales channel set up with E-commerce with e-fulfilment from the
    # e-fulfilment system it requires; the Fulfilment preset is the only one that imports them.
    figure = page(built_site, "presets/e-commerce-with-e-fulfilment").select_one("figure.cp-diagram")
    assert figure is not None
    rows = {words(one(row, ".cp-route-type")): row for row in figure.select("li.cp-route")}
    assert set(rows) == {"Stock", "Shipments"}
    for row in rows.values():
        assert [words(b) for b in row.select("ul.cp-route-ends--into .cp-box")] == [
            "E-fulfilment system Fulfilment preset"
        ]
        assert [words(b) for b in row.select("ul.cp-route-ends--from .cp-box")] == ["Sales channel this preset"]
    # Of the presets only Fulfilment imports stock and shipments, so a marketplace's stock and shipments can
    # only come from it too: both the Fulfilment and the Marketplace pages show that, not only the requirement.
    for page_of, receiver in [
        ("fulfilment", "Marketplace Marketplace preset"),
        ("marketplace", "Marketplace this preset"),
    ]:
        figure = page(built_site, f"presets/{page_of}").select_one("figure.cp-diagram")
        assert figure is not None
        rows = {words(one(row, ".cp-route-type")): row for row in figure.select("li.cp-route")}
        for data_type in ("Stock", "Shipments"):
            received = [words(b) for b in rows[data_type].select("ul.cp-route-ends--from .cp-box")]
            assert receiver in received, (page_of, data_type, received)
            assert f"Of the presets, only Fulfilment imports {data_type.lower()} into Connect." in words(
                rows[data_type]
            )
    # A preset the catalogue ties to no other (CRM) has no diagram: its table says all there is.
    assert page(built_site, "presets/crm").select_one("figure.cp-diagram") is None


def test_the_order_diagram_shows_each_steps_presets(built_site: Path) -> None:
    figure = page(built_site, "connection-order").select_one("figure.cp-diagram.cp-order")
    assert figure is not None
    steps = figure.select("ol.cp-order-chain > li.cp-step")
    assert len(steps) == len(pagefacts.STEPS)
    for number, (item, step) in enumerate(zip(steps, pagefacts.STEPS, strict=True), start=1):
        title = words(one(item, ".cp-box-label"))
        assert title == (f"{step.label} ({step.qualifier})" if step.qualifier else step.label)
        chips = [words(chip) for chip in item.select(".cp-chip")]
        assert chips == [name for name, at in pagefacts.STEP_OF_PRESET.items() if at == number], title
        subtitle = words(one(item, ".cp-step-presets"))
        assert subtitle != title
        assert ("cp-step--several" in item["class"]) == step.several
    assert "optional" not in words(figure) and "required" not in words(figure)


def test_diagram_text_stays_out_of_the_search_index(built_site: Path) -> None:
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    indexed = " ".join(
        " ".join(BeautifulSoup(doc["text"], "html.parser").get_text(" ").split()) for doc in index["docs"]
    )
    texts = []
    for html in built_site.rglob("index.html"):
        for figure in BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser").select("figure.cp-diagram"):
            assert figure.has_attr("data-search-exclude"), html
            texts += [words(part) for part in figure.select("figcaption, p")]
    assert len(texts) > 10
    assert [text for text in texts if text in indexed] == []


def test_the_diagrams_are_deterministic(catalog: Catalog) -> None:
    from generator.site.examples import read_examples

    examples = read_examples(REPO / "examples", catalog)
    first, second = Renderer(catalog, examples=examples).pages(), Renderer(catalog, examples=examples).pages()
    assert first == second
    assert "cp-routes" in first["examples.md"] and "cp-order-chain" in first["connection-order.md"]


def test_every_arrow_of_a_preset_diagram_is_a_flow_of_the_catalogue(built_site: Path, catalog: Catalog) -> None:
    by_name = {preset.name: preset for preset in catalog.presets}
    drawn = 0
    for preset in catalog.presets:
        figure = page(built_site, f"presets/{preset.id}").select_one("figure.cp-diagram")
        for row in figure.select("li.cp-route") if figure is not None else []:
            data_type = str(row["data-data-type"])
            for side in ("into", "from"):
                for item in row.select(f"ul.cp-route-ends--{side} > li.cp-end"):
                    detail = words(one(item, ".cp-box-detail"))
                    shown = preset if detail.startswith("this preset") else by_name[detail.split(" preset")[0]]
                    data_flow = shown.flow(data_type)
                    flow = data_flow.imports if side == "into" else data_flow.exports
                    assert flow.state != "no" and item["data-state"] == flow.state, (preset.id, data_type, detail)
                    assert item.select_one(f"line.cp-arrow--{flow.state}") is not None
                    drawn += 1
    assert drawn >= 8
