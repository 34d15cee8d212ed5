"""The pages that lead a reader to an answer, read back from the built site: the decision aid (which
preset?), each preset's place in the connection order, the requirement box, the home page's cards and
the footer. Expectations come from the catalogue's structure, so a changed catalogue is checked too."""

from __future__ import annotations

import json
import posixpath
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from generator import load_catalog
from generator.catalogue.model import Catalog, Preset, Step, SystemKind

from .conftest import REPO, CliRunner
from .test_site_fidelity import article, section
from .test_vocabulary import NEW_KIND, add_vocabulary


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def read(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "html.parser")


def words(node: Tag) -> str:
    return " ".join(node.get_text(" ", strip=True).split()).removesuffix(" ¶")


def resolves(site: Path, page: str, href: str) -> bool:
    """Whether a link on the page at ``page`` (such as 'presets/crm/') reaches a built page and, where it
    has a fragment, an element with that id on it."""
    target, _, fragment = href.partition("#")
    path = posixpath.normpath(posixpath.join(page, target)) if target else page.rstrip("/")
    file = site / (path if path != "." else "") / "index.html"
    if not file.is_file():
        return False
    return not fragment or BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser").find(id=fragment) is not None


def kinds_presets(catalog: Catalog, kind: SystemKind) -> list[Preset]:
    return [p for p in catalog.presets if kind in p.kinds]


def step_words(step: Step) -> str:
    return f"{step.number}. {step.label}" + (f" ({step.qualifier})" if step.qualifier else "")


def presets_at(catalog: Catalog, step: Step) -> list[str]:
    order = catalog.connection_order
    return [p.name for p in catalog.presets if any(order.step_for(p, k.id) == step for k in p.kinds)]


# --- Which preset do I need? ---------------------------------------------------------------------------


def test_the_decision_aid_leads_from_every_kind_to_its_presets(built_site: Path, catalog: Catalog) -> None:
    soup = read(built_site, "choose")
    body = article(soup)
    # The first question lists every kind, each linked to its section and to its presets.
    [question] = [p for p in body.find_all("p") if words(p) == "What kind of system are you connecting?"]
    jump = question.find_next_sibling("ul")
    assert isinstance(jump, Tag)
    items = jump.find_all("li", recursive=False)
    assert [words(li.find("a")) for li in items] == [k.label for k in catalog.system_kinds]
    for li, kind in zip(items, catalog.system_kinds, strict=True):
        links = [a["href"] for a in li.find_all("a")]
        assert links == [f"#{kind.id}", *(f"../presets/{p.id}/" for p in kinds_presets(catalog, kind))]
        # Each kind's section links every preset that serves it, and no other preset.
        linked = {
            str(a["href"])
            for part in section(soup, kind.id)
            for a in part.select("a[href^='../presets/']")
            if part.name != "div"  # a note's suggestion may name another kind's preset
        }
        assert linked == {f"../presets/{p.id}/" for p in kinds_presets(catalog, kind)}, kind.id
    for a in body.select("a[href]"):
        assert resolves(built_site, "choose/", str(a["href"])), a["href"]


def test_the_table_gives_each_kind_its_presets_systems_and_step(built_site: Path, catalog: Catalog) -> None:
    table = article(read(built_site, "choose")).select_one("table")
    assert table is not None
    header = [words(th) for th in table.select("thead th")]
    assert header == ["Kind of system", "Such as", "Preset", "Step in the connection order"]
    rows = [[words(td) for td in tr.find_all("td")] for tr in table.select("tbody tr")]
    order = catalog.connection_order
    expected = []
    for kind in catalog.system_kinds:
        for preset in kinds_presets(catalog, kind):
            systems = [s.name for s in preset.example_systems if s.kind == kind.id]
            listed = ", ".join(systems[:-1]) + f" and {systems[-1]}" if len(systems) > 1 else "".join(systems)
            step = order.step_for(preset, kind.id)
            assert step is not None
            expected.append([kind.label, listed, preset.name, step_words(step)])
    assert rows == expected
    # The CRM system's two presets belong to different steps: the table says so.
    assert {r[3] for r in rows if r[0] == "CRM system"} == {"5. CRM", "6. Activities/Analytics"}
    for link in table.select("td a[href*='connection-order']"):
        assert re.fullmatch(r"\.\./connection-order/#step-[a-z0-9-]+", str(link["href"]))
        assert resolves(built_site, "choose/", str(link["href"]))


def test_a_requirement_becomes_the_question_between_a_kinds_presets(built_site: Path, catalog: Catalog) -> None:
    soup = read(built_site, "choose")
    [requiring] = [p for p in catalog.presets if p.requires]
    [kind] = requiring.kinds
    others = [p for p in kinds_presets(catalog, kind) if p is not requiring]
    parts = section(soup, kind.id)
    question = words(parts[0])
    assert question == "Will the e-fulfilment system of this setup run through a Connect connector?"
    answers = [li for part in parts if part.name == "ul" for li in part.find_all("li")]
    assert [(words(li).split(":")[0], li.find("a")["href"]) for li in answers] == [
        ("Yes", f"../presets/{requiring.id}/"),
        *(("No", f"../presets/{p.id}/") for p in others),
    ]
    assert requiring.requires[0].description in words(answers[0])
    for li, preset in zip(answers, [requiring, *others], strict=True):
        assert preset.when_to_select is not None and preset.when_to_select in words(li)


def test_without_the_requirement_the_presets_are_listed_without_a_question(
    cli: CliRunner, catalog_copy: Path, tmp_path: Path
) -> None:
    preset_file = catalog_copy / "presets" / "e-commerce-with-e-fulfilment.yaml"
    text = preset_file.read_text(encoding="utf-8")
    start, end = text.index("requires:\n"), text.index("flows:\n")
    preset_file.write_text(text[:start] + text[end:], encoding="utf-8")
    site = tmp_path / "site"
    run = cli("build", "--source", catalog_copy, "--site-dir", site, "--config-file", REPO / "mkdocs.yml")
    assert run.code == 0, run.err
    parts = section(read(site, "choose"), "sales-channel")
    assert not any("?" in words(p) for p in parts if p.name == "p")
    items = [li for part in parts if part.name == "ul" for li in part.find_all("li")]
    assert [li.find("a")["href"] for li in items] == [
        "../presets/e-commerce-with-e-fulfilment/",
        "../presets/e-commerce-with-marketing-automation/",
    ]


# --- Each preset's place in the connection order ---------------------------------------------------------


def test_each_preset_page_names_its_step_and_neighbours(built_site: Path, catalog: Catalog) -> None:
    order = catalog.connection_order
    steps = order.steps
    for preset in catalog.presets:
        path = f"presets/{preset.id}/"
        parts = section(read(built_site, path), "in-the-connection-order")
        [kind] = preset.kinds
        step = order.step_for(preset, kind.id)
        assert step is not None
        first = parts[0]
        link = first.find("a")
        assert words(link) == f"step {step.number} of {len(steps)}, {step.label}"
        assert link["href"] == f"../../connection-order/#step-{step.id}"
        neighbours = [("Before it", steps[step.number - 2] if step.number > 1 else None)]
        neighbours.append(("After it", steps[step.number] if step.number < len(steps) else None))
        items = [li for part in parts if part.name == "ul" for li in part.find_all("li")]
        expected = [(label, other) for label, other in neighbours if other is not None]
        assert len(items) == len(expected), preset.id
        for li, (label, other) in zip(items, expected, strict=True):
            text = words(li)
            assert text.startswith(f"{label}: step {other.number}, {other.label}"), text
            names = [words(a) for a in li.find_all("a")][1:]
            assert names == presets_at(catalog, other), (preset.id, other.id)
        for a in (a for part in parts for a in part.find_all("a")):
            assert resolves(built_site, path, str(a["href"])), (preset.id, a["href"])
        # The first step's presets say why it comes first and what to do when it joins later.
        said = " ".join(words(part) for part in parts)
        assert (order.reason in said) == (step == order.first_step)
        assert (order.if_added_later.text in said) == (step == order.first_step)


def test_the_requirement_box_links_the_preset_it_needs_and_the_advice_for_later(
    built_site: Path, catalog: Catalog
) -> None:
    order = catalog.connection_order
    for preset in catalog.presets:
        soup = read(built_site, f"presets/{preset.id}")
        boxes = article(soup).select(".admonition.warning")
        assert len(boxes) == len(preset.requires)
        for box, requirement in zip(boxes, preset.requires, strict=True):
            hrefs = [str(a["href"]) for a in box.find_all("a")]
            serving = kinds_presets(catalog, requirement.kind)
            assert [f"../{p.id}/" for p in serving] == [h for h in hrefs if not h.startswith("../../")]
            step = order.step_for(serving[0], requirement.kind.id)
            assert step is not None
            assert f"../../connection-order/#step-{step.id}" in hrefs
            assert requirement.description in words(box)
            if requirement.kind in order.first_step.kinds:
                assert order.if_added_later.text in words(box)
                assert "../../connection-order/#added-later" in hrefs
            for href in hrefs:
                assert resolves(built_site, f"presets/{preset.id}/", href), href


def test_the_config_download_is_a_quiet_line_at_the_end(built_site: Path, catalog: Catalog) -> None:
    for preset in catalog.presets:
        body = article(read(built_site, f"presets/{preset.id}"))
        assert body.select(".md-button") == []
        [download] = body.select("a[download]")
        line = download.find_parent("p")
        assert isinstance(line, Tag) and "cp-quiet" in line.get_attribute_list("class")
        assert line.find_next_sibling(["p", "h2", "table", "div", "ul"]) is None  # nothing after it
        assert download["href"] == f"../../configs/presets/{preset.id}.json"
        assert words(line).startswith("For connector developers:")


def test_a_preset_of_two_kinds_names_both_on_its_page(cli: CliRunner, catalog_copy: Path, tmp_path: Path) -> None:
    add_vocabulary(catalog_copy)  # the CRM preset serves a new kind too, placed in the CRM step
    site = tmp_path / "site"
    run = cli("build", "--source", catalog_copy, "--site-dir", site, "--config-file", REPO / "mkdocs.yml")
    assert run.code == 0, run.err
    first = section(read(site, "presets/crm"), "in-the-connection-order")[0]
    assert words(first).startswith(f"With this preset, your CRM system or {NEW_KIND[1].lower()} is connected in")
    chooser = read(site, "choose")
    assert words(chooser.find(id=NEW_KIND[0])).startswith(NEW_KIND[1])
    rows = [[words(td) for td in tr.find_all("td")] for tr in chooser.select("article table tbody tr")]
    assert [NEW_KIND[1], "Returnly", "CRM", "5. CRM"] in rows


# --- Home, navigation, footer and search ----------------------------------------------------------------


def test_the_home_page_has_cards_for_each_audience(built_site: Path) -> None:
    soup = read(built_site, "")
    expected = {
        "setting-up-an-account": ["choose/", "plan/", "examples/", "connection-order/"],
        "building-a-connector": ["developers/"],
    }
    for heading_id, targets in expected.items():
        cards = [part for part in section(soup, heading_id) if "cards" in part.get_attribute_list("class")]
        assert len(cards) == 1, heading_id
        hrefs = [str(li.find("a")["href"]) for li in cards[0].select("li")]
        assert hrefs == targets
    for a in article(soup).select("a[href]"):
        if not str(a["href"]).startswith("#"):
            assert resolves(built_site, "", str(a["href"])), a["href"]


def test_the_presets_are_grouped_under_their_overview(built_site: Path, catalog: Catalog) -> None:
    soup = read(built_site, "")
    nav = soup.select_one("nav.md-nav--primary")
    assert nav is not None
    overview = nav.select_one("a.md-nav__link[href='onboarding-presets/']")
    assert overview is not None
    group = overview.find_parent("ul")
    assert isinstance(group, Tag)
    hrefs = [str(a["href"]) for a in group.select("a.md-nav__link[href]")]
    assert hrefs == ["onboarding-presets/", *(f"presets/{p.id}/" for p in catalog.presets)]


def test_the_footer_gives_the_version_and_how_to_reach_connect_support(built_site: Path, catalog: Catalog) -> None:
    later = catalog.connection_order.if_added_later
    for html in sorted(built_site.rglob("index.html")):
        page = html.parent.relative_to(built_site).as_posix()
        footer = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser").select_one(".md-copyright")
        assert footer is not None
        text = words(footer)
        assert f"catalogue version {catalog.version}" in text
        assert later.text in text and later.contact in text
        [link] = footer.select(".cp-support a")
        assert resolves(built_site, "" if page == "." else f"{page}/", str(link["href"]))


def test_the_only_source_of_stock_heads_a_section_the_search_ranks_high(built_site: Path, catalog: Catalog) -> None:
    docs = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    titled = {d["location"] for d in docs if re.search(r"\bstock\b", d["title"], re.IGNORECASE)}
    # Material weighs a section's title far above its text: only the presets that may be the only source
    # of stock carry it in a title.
    expected = {
        f"presets/{p.id}/#the-only-source-of-stock"
        for p in catalog.presets
        if "stock" in [d.id for d in p.may_be_only_source_of]
    }
    assert expected and titled == expected
