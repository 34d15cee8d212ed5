"""The built documentation site, read back from its HTML (parsed, not grepped)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from generator import load_catalog
from generator.catalogue.model import Catalog, DataFlow, Flow, Preset
from generator.mkdocs_adapter.build import BuildError, build_site
from generator.output.export import render
from generator.output.write import read_tree
from generator.planning.publish import PLANNER_CONFIG, planner_config

from .conftest import REPO, CliRunner
from .places import place

# Written out by hand so that the site's wording of periods is checked, not re-derived.
PERIOD_WORDS = {"P7D": "7 days", "P10Y": "10 years", "P1Y": "1 year", "P2Y": "2 years"}


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def page(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "html.parser")


def words(node: Tag) -> str:
    """The text a reader sees, without the permalink marks MkDocs adds to headings."""
    text = " ".join(node.get_text(" ", strip=True).split())
    return text.removesuffix(" ¶")


def expected_cell(data_flow: DataFlow, flow: Flow) -> tuple[str, list[str]]:
    """What a data table cell must say (the condition's cell text as the page writes it, such as
    'Yes (when applicable)'), and the texts of the notes it must cite: its condition's footnote only
    where the catalogue has one, then the exceptions of its data type where the flow runs."""
    text = flow.condition.cell if flow.condition is not None else {"yes": "Yes", "no": "No"}[flow.state]
    notes = []
    if flow.condition is not None and flow.condition.footnote is not None:
        notes.append(flow.condition.footnote)
    if flow.state != "no" and data_flow.exceptions:
        notes.append(" ".join(e.note for e in data_flow.exceptions))
    return text, notes


def note_words(note: Tag) -> str:
    """A note under a table without its mark and the 'Note N:' a screen reader hears first."""
    copy = BeautifulSoup(str(note), "html.parser")
    for extra in copy.select(".cp-note-mark, .cp-visually-hidden"):
        extra.extract()
    return words(copy)


def check_data_table(soup: BeautifulSoup, table: Tag, preset: Preset) -> None:
    rows = table.select("tbody tr")
    assert [words(row.select("td")[0]) for row in rows] == [f.data_type.label for f in preset.flows]
    # The notes are right under the table, each once.
    after = table.find_next_sibling()
    notes = after if after is not None and "cp-notes" in after.get("class", []) else None
    for row, data_flow in zip(rows, preset.flows, strict=True):
        for cell, flow in zip(row.select("td")[1:], (data_flow.imports, data_flow.exports), strict=True):
            expected_text, expected_notes = expected_cell(data_flow, flow)
            refs = cell.select("sup.cp-note-ref a")
            for sup in cell.select("sup"):
                sup.extract()
            assert words(cell) == expected_text, (preset.id, data_flow.data_type.id)
            assert cell.select_one(f"svg.cp-icon--{flow.state}") is not None
            # Each marker leads to a note with the right text, under this table.
            cited = []
            for ref in refs:
                assert notes is not None, (preset.id, data_flow.data_type.id)
                [note] = notes.select(f'[id="{str(ref["href"]).lstrip("#")}"]')
                cited.append(note_words(note))
            assert cited == expected_notes, (preset.id, data_flow.data_type.id)
    if notes is not None:
        texts = [note_words(n) for n in notes.select("p.cp-note:not(.cp-note--page)")]
        assert len(texts) == len(set(texts))


def first_import_items(heading: Tag) -> list[str]:
    items = heading.find_next("ul")
    assert isinstance(items, Tag)
    return [words(li) for li in items.select("li")]


def expected_periods(preset: Preset) -> list[str]:
    """Each period in words; one for data the preset does not import says so, with the page's contradiction."""
    out = []
    for lb in preset.first_import:
        text = f"{lb.data_type.label} : {PERIOD_WORDS[lb.period]}" + (" (when possible)" if lb.when_possible else "")
        if not preset.imports(lb.data_type.id):
            text += " (not imported)"
        found = preset.inconsistency(f"first_import.{lb.data_type.id}")
        out.append(f"{text}: {found.note}" if found is not None else text)
    return out


def check_preset_page(soup: BeautifulSoup, preset: Preset) -> None:
    """A preset's page: its name, its one data table (cells and notes) and its first-import periods."""
    assert words(soup.select_one("article h1")) == preset.name
    [table] = soup.select("article table")
    check_data_table(soup, table, preset)
    assert first_import_items(soup.find(id="first-import")) == expected_periods(preset)


def test_every_preset_page_shows_its_data_table_and_periods(built_site: Path, catalog: Catalog) -> None:
    for preset in catalog.presets:
        soup = page(built_site, f"presets/{preset.id}")
        check_preset_page(soup, preset)
        download = soup.select_one("a[download]")
        assert download is not None and download["href"] == f"../../configs/presets/{preset.id}.json"


def test_the_overview_page_shows_every_preset_in_order(built_site: Path, catalog: Catalog) -> None:
    soup = page(built_site, "onboarding-presets")
    headings = soup.select("article h2")
    assert [h["id"] for h in headings] == [p.id for p in catalog.presets] + ["connection-order"]
    tables = soup.select("article table")
    assert len(tables) == len(catalog.presets)
    for preset, table in zip(catalog.presets, tables, strict=True):
        check_data_table(soup, table, preset)
        intro = table.find_next("p", string=re.compile("first import reaches back"))
        # The table's notes come before its first-import periods, in its own section.
        assert intro is not None and intro.find_previous("h2")["id"] == preset.id
        items = intro.find_next("ul")
        assert [words(li) for li in items.select("li")] == expected_periods(preset)


def test_the_matrix_shows_every_state_with_words_for_screen_readers(built_site: Path, catalog: Catalog) -> None:
    soup = page(built_site, "compare")
    cells = soup.select("table.cp-matrix td.cp-cell")
    assert len(cells) == len(catalog.presets) * len(catalog.data_types) * 2
    by_place = {(c["data-preset"], c["data-data-type"], c["data-direction"]): c for c in cells}
    for preset in catalog.presets:
        for data_flow in preset.flows:
            for direction, flow in (("import", data_flow.imports), ("export", data_flow.exports)):
                cell = by_place[(preset.id, data_flow.data_type.id, direction)]
                assert cell["data-state"] == flow.state
                spoken = words(cell.select_one(".cp-visually-hidden"))
                assert spoken == f"{direction}: {expected_cell(data_flow, flow)[0]}"
                has_mark = cell.select_one("sup.cp-note-ref") is not None
                assert has_mark == bool(expected_cell(data_flow, flow)[1])
    legend = words(soup.select_one(".cp-legend"))
    assert all(condition.cell in legend for condition in catalog.conditions)


def test_the_connection_order_page_lists_the_steps_in_order(built_site: Path, catalog: Catalog) -> None:
    soup = page(built_site, "connection-order")
    order = catalog.connection_order
    items = soup.select("article ol:not(.cp-order-chain) > li")  # the list, not the diagram
    assert [words(li.find("strong")) for li in items] == [s.label for s in order.steps]
    for li, step in zip(items, order.steps, strict=True):
        after = words(li).removeprefix(step.label).strip()
        assert after.startswith(f"({step.qualifier})") == (step.qualifier is not None), words(li)
    diagram = soup.select_one("figure.cp-order")
    assert [words(t) for t in diagram.select(".cp-step-box > .cp-box-label")][
        0
    ] == f"{order.steps[0].label} ({order.steps[0].qualifier})"
    # No box claims a step optional (or, by contrast, the others required); several systems are a stack.
    assert diagram.select(".cp-node--optional") == []
    assert len(diagram.select(".cp-step--several")) == sum(s.several for s in order.steps)
    text = words(soup.select_one("article"))
    assert order.page_wording in text and order.first_step_wording in text
    assert order.if_added_later.text in text


def test_the_chooser_leads_from_each_kind_to_its_presets(built_site: Path, catalog: Catalog) -> None:
    soup = page(built_site, "choose")
    for kind in catalog.system_kinds:
        heading = soup.find(id=kind.id)
        assert heading is not None and words(heading).startswith(kind.label)
        section = []
        for sibling in heading.find_next_siblings():
            if sibling.name == "h2":
                break
            section.append(sibling)
        linked = {a["href"] for part in section for a in part.select("a[href]")}
        for preset in catalog.presets:
            if kind in preset.kinds:
                assert f"../presets/{preset.id}/" in linked, (kind.id, preset.id)
        # The page names the systems of a preset where it restricts it.
        for preset in catalog.presets:
            if kind in preset.kinds and preset.available_only_for is not None:
                assert any(f"Available only for {preset.available_only_for}" in words(part) for part in section)


def test_the_site_serves_the_export_and_the_catalogue_schemas(built_site: Path, catalog: Catalog) -> None:
    # The export, and beside it the planner page's rules and words (generator/planning/publish.py).
    served = {p: d for p, d in read_tree(built_site / "configs").items() if not p.startswith(("v2/", "versions.json"))}
    assert served == render(catalog) | {PLANNER_CONFIG: planner_config(catalog)}  # the releases' are test_changelog's
    for schema in (REPO / "schema").glob("*.schema.json"):
        assert (built_site / "schema" / schema.name).read_bytes() == schema.read_bytes()
    developers = page(built_site, "developers")
    hrefs = {a["href"] for a in developers.select("article a[href]")}
    assert {f"../configs/presets/{p.id}.json" for p in catalog.presets} <= hrefs
    example = developers.select_one("#an-example ~ div pre code")  # the first config shown, after the index
    shown = json.loads(example.get_text())
    assert shown == json.loads(render(catalog)[f"presets/{shown['id']}.json"])


def test_every_page_names_the_catalogue_version_and_its_language(built_site: Path, catalog: Catalog) -> None:
    for html in built_site.rglob("*.html"):
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        assert soup.html is not None and soup.html["lang"] == "en"
        if html.name != "404.html":
            assert f"catalogue version {catalog.version}" in words(soup.select_one(".md-copyright"))


def test_navigation_follows_the_catalogue_order(built_site: Path, catalog: Catalog) -> None:
    soup = page(built_site, "")
    titles = [words(a) for a in soup.select("nav.md-nav--primary a.md-nav__link")]
    positions = [titles.index(p.name) for p in catalog.presets]
    assert positions == sorted(positions)


_EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)


def test_no_page_loads_anything_from_another_host(built_site: Path) -> None:
    assert loads_from_other_hosts(built_site) == []


def loads_from_other_hosts(built_site: Path) -> list[tuple[str, str]]:
    """Each (file, address) of a script, image, frame, style sheet or font a page or style sheet loads
    from another host."""
    loads = {
        "script": "src",
        "img": "src",
        "iframe": "src",
        "source": "src",
        "audio": "src",
        "video": "src",
        "embed": "src",
    }
    found = []
    for html in built_site.rglob("*.html"):
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        for tag, attribute in loads.items():
            found += [(html.name, el[attribute]) for el in soup.find_all(tag) if _EXTERNAL.match(el.get(attribute, ""))]
        for link in soup.find_all("link"):
            rel = set(link.get("rel", []))
            if rel & {"stylesheet", "preload", "preconnect", "dns-prefetch", "icon", "modulepreload", "manifest"}:
                if _EXTERNAL.match(link.get("href", "")):
                    found.append((html.name, link["href"]))
    for css in built_site.rglob("*.css"):
        found += [(css.name, url) for url in re.findall(r"url\(\s*['\"]?((?:https?:)?//[^'\")]+)", css.read_text())]
        found += [(css.name, url) for url in re.findall(r"@import\s+['\"]((?:https?:)?//[^'\"]+)", css.read_text())]
    return found


def test_an_invalid_catalogue_fails_the_build_and_keeps_the_old_site(
    cli: CliRunner, catalog_copy: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    assert cli("build", "--source", catalog_copy, "--site-dir", site, "--config-file", REPO / "mkdocs.yml").code == 0
    before = read_tree(site)
    crm = catalog_copy / "presets" / "crm.yaml"
    crm.write_text(crm.read_text().replace("orders: {import: no", "orders: {import: maybe"))
    run = cli("build", "--source", catalog_copy, "--site-dir", site, "--config-file", REPO / "mkdocs.yml")
    assert run.code == 1
    where = place(catalog_copy, "presets/crm.yaml", "$.flows.orders.import")
    assert f"{where}: $.flows.orders.import: error: 'maybe' is not a known state" in run.err
    assert read_tree(site) == before


def test_plain_mkdocs_builds_report_catalogue_errors_with_their_place(catalog_copy: Path, tmp_path: Path) -> None:
    crm = catalog_copy / "presets" / "crm.yaml"
    crm.write_text(crm.read_text().replace("name: CRM", "name: [CRM"))
    with pytest.raises(BuildError, match=r"catalog/presets/crm\.yaml:\d+:\d+: \$: error: YAML syntax"):
        build_site(REPO / "mkdocs.yml", tmp_path / "site", catalog_copy)
    assert not (tmp_path / "site").exists()


def test_catalogue_warnings_are_mkdocs_warnings_and_fail_a_strict_build(
    catalog_copy: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fulfilment = catalog_copy / "presets" / "fulfilment.yaml"
    text = fulfilment.read_text()
    fulfilment.write_text(text[: text.index("acknowledged:")])
    with pytest.raises(BuildError, match="Aborted with 2 warnings in strict mode"):
        build_site(REPO / "mkdocs.yml", tmp_path / "strict", catalog_copy, strict=True)
    build_site(REPO / "mkdocs.yml", tmp_path / "lenient", catalog_copy, strict=False)
    warned = [
        r.getMessage()
        for r in caplog.records
        if r.levelname == "WARNING" and "lookback-without-import" in r.getMessage()
    ]
    where = place(catalog_copy, "presets/fulfilment.yaml", "$.first_import.orders", key=True)
    assert any(m.startswith(f"{where}: $.first_import.orders: warning:") for m in warned)


def test_building_writes_nothing_into_the_docs_folder(tmp_path: Path) -> None:
    before = read_tree(REPO / "site_src")
    build_site(REPO / "mkdocs.yml", tmp_path / "site", None)
    assert read_tree(REPO / "site_src") == before


def test_a_rebuild_of_the_same_catalogue_changes_no_file(tmp_path: Path, built_site: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(built_site, site, copy_function=shutil.copy2)
    times = {p: p.stat().st_mtime_ns for p in site.rglob("*") if p.is_file()}
    build_site(REPO / "mkdocs.yml", site, None)
    assert {p: p.stat().st_mtime_ns for p in site.rglob("*") if p.is_file()} == times


def test_the_planner_script_loads_on_the_planner_page_alone(built_site: Path) -> None:
    """The planner's 45 KB of script is fetched by "Plan your setup" only, as a module that imports its
    rules; every other page loads none of it."""
    for html in sorted(built_site.rglob("*.html")):
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        sources = [script.get("src", "") for script in soup.select("script[src]")]
        planner = [s for s in sources if "planner" in str(s)]
        if html.relative_to(built_site).as_posix() == "plan/index.html":
            (script,) = soup.select('script[src$="javascripts/planner.js"]')
            assert script.get("type") == "module"
            assert (html.parent / str(script["src"])).resolve() == (built_site / "javascripts" / "planner.js").resolve()
        else:
            assert planner == [], html.relative_to(built_site)
