"""What a reader's browser shows: every page loads clean, and the data tables and the compare matrix
say what the catalogue says, in text a screen reader reads."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import yaml

from generator import Catalog, DataFlow, Flow, Preset

from .conftest import PageGuard, open_page

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

# Every data table of a page with the section (h2 id) it is in; per cell, the text without its note
# markers and the text of the notes its markers lead to (without the mark and the "Note N:" read to screen
# readers), and whether each note is in the notes block right after the table. Material moves tables into
# wrappers, so the section is found by document order, and the block after the table's outermost wrapper.
_DATA_TABLES_JS = """() => {
  const clean = (el, drop) => { const c = el.cloneNode(true); if (drop) c.querySelectorAll(drop).forEach(e => e.remove());
                                return c.textContent.replace(/\\s+/g, " ").trim(); };
  const outer = table => { let el = table; while (el.parentElement && el.parentElement.tagName !== "ARTICLE") el = el.parentElement; return el; };
  const tables = []; let section = null;
  for (const el of document.querySelectorAll("article h2, article table")) {
    if (el.tagName === "H2") { section = el.id; continue; }
    if (el.tHead?.rows[0]?.cells[0]?.textContent.trim() !== "Data type") continue;
    const after = outer(el).nextElementSibling;
    const block = after?.classList.contains("cp-notes") ? after : null;
    tables.push({section, header: [...el.tHead.rows[0].cells].map(c => clean(c, "")), rows: [...el.tBodies[0].rows].map(row =>
      [...row.cells].map(cell => ({
        text: clean(cell, "sup"),
        notes: [...cell.querySelectorAll("sup.cp-note-ref a")].map(a => {
          const note = document.getElementById(a.getAttribute("href").slice(1));
          if (note === null) return null;
          return {text: clean(note, ".cp-note-mark, .cp-visually-hidden"), underTable: block !== null && block.contains(note)};
        }),
      })))});
  }
  return tables;
}"""


def _words(flow: Flow) -> str:
    """A data table cell's words, as the page writes them: 'Yes', 'No', 'Yes (when applicable)', 'When available'."""
    if flow.condition is not None:
        return flow.condition.cell
    return "No" if flow.state == "no" else "Yes"


def _notes(flow: Flow, data_flow: DataFlow) -> list[dict[str, Any]]:
    """The notes a data table cell must cite, each right under its table: its condition's footnote where
    the page gives one (none for 'Yes (when applicable)'), then the exceptions of its data type."""
    notes = [flow.condition.footnote] if flow.condition is not None and flow.condition.footnote else []
    if flow.state != "no" and data_flow.exceptions:
        notes.append(" ".join(exception.note for exception in data_flow.exceptions))
    return [{"text": note, "underTable": True} for note in notes]


def test_every_page_loads_without_errors_or_other_hosts(page: Page, built_site: Path, catalog: Catalog) -> None:
    # The pages the catalogue implies must all be built; every built page is visited, so a new page is
    # covered without editing this test. The PageGuard fails the test on any console error, uncaught
    # exception or request that leaves the local server.
    implied = {"", "onboarding-presets/", "compare/", "choose/", "connection-order/", "developers/"}
    implied |= {f"presets/{preset.id}/" for preset in catalog.presets}
    built = {
        "" if html.parent == built_site else f"{html.parent.relative_to(built_site).as_posix()}/"
        for html in built_site.rglob("index.html")
    }
    assert implied <= built, f"pages not built: {sorted(implied - built)}"
    paths = sorted(built) + ["404.html"]
    for path in paths:
        # The generated pages run no script of their own, so "load" suffices; the last page waits for
        # the network to go quiet to cover what Material's script loads later (search worker and index).
        open_page(page, path, wait_until="networkidle" if path == paths[-1] else "load")
        assert page.locator("article h1").count() == 1, f"{page.url} has no single h1 in its article"


def test_the_page_guard_catches_errors_and_other_hosts(page: Page, page_guard: PageGuard) -> None:
    # The check above is only worth something if the guard sees what it is for.
    open_page(page, "")
    with page.expect_event("pageerror"), page.expect_request("https://cdn.example.com/lib.js"):
        page.evaluate(
            """() => { console.error("probe: console"); setTimeout(() => { throw new Error("probe: throw"); });
                      fetch("https://cdn.example.com/lib.js").catch(() => {}); }"""
        )
    page.evaluate("0")  # deliver the queued console events
    found = "\n".join(page_guard.problems)
    assert "console error on" in found and "probe: console" in found, found
    assert "uncaught exception on" in found and "probe: throw" in found, found
    assert "request to another host" in found and "https://cdn.example.com/lib.js" in found, found
    page_guard.problems.clear()  # seen: they are not failures of this test


def test_onboarding_data_tables_match_the_catalogue(page: Page, catalog: Catalog) -> None:
    open_page(page, "onboarding-presets/")
    tables: list[dict[str, Any]] = page.evaluate(_DATA_TABLES_JS)
    assert len(tables) == len(catalog.presets), f"{len(tables)} data tables for {len(catalog.presets)} presets"
    for table, preset in zip(tables, catalog.presets, strict=True):
        assert table["section"] == preset.id, f"the data table under #{table['section']} should be {preset.name}'s"
        assert table["header"] == ["Data type", "Import to Connect", "Export from Connect to platform"]
        seen = [[cell["text"] for cell in row] for row in table["rows"]]
        expected = [[f.data_type.label, _words(f.imports), _words(f.exports)] for f in preset.flows]
        assert seen == expected, f"{preset.name}'s data table"
        cited = [[cell["notes"] for cell in row[1:]] for row in table["rows"]]
        assert cited == [[_notes(f.imports, f), _notes(f.exports, f)] for f in preset.flows], f"{preset.name}'s notes"


def _exception_cell(catalog: Catalog) -> tuple[Preset, DataFlow]:
    """The first import that runs with an exception for a named system (CRM's Activities today)."""
    for preset in catalog.presets:
        for data_flow in preset.flows:
            if data_flow.imports.state == "yes" and data_flow.exceptions:
                return preset, data_flow
    pytest.fail("the catalogue has no import that runs with an exception: choose another cell for this test")


def test_a_cell_with_an_exception_reads_yes_and_leads_to_its_note(page: Page, catalog: Catalog) -> None:
    # One cell as a reader sees it: the word, the page's '*' (its table's only note), and the note it
    # jumps to, right under the table; a screen reader hears "note 1" and the note as its description.
    preset, data_flow = _exception_cell(catalog)
    open_page(page, "onboarding-presets/")
    row = page.locator(f"xpath=//h2[@id='{preset.id}']/following::table[1]//tr").filter(
        has=page.locator(f"xpath=td[1][normalize-space()='{data_flow.data_type.label}']")
    )
    cell = row.locator("td").nth(1)
    marker = cell.locator("sup.cp-note-ref a")
    assert marker.count() == 1, cell.inner_html()
    shown: str = cell.evaluate(
        "el => { const c = el.cloneNode(true); c.querySelectorAll('.cp-visually-hidden').forEach(e => e.remove());"
        " return c.textContent.replace(/\\s+/g, ' ').trim(); }"
    )
    assert shown == "Yes*", shown
    assert marker.get_attribute("aria-describedby") == str(marker.get_attribute("href")).removeprefix("#")
    assert page.get_by_role("link", name="note 1", exact=True).first.count() == 1
    marker.click()
    note: str = page.locator(":target").evaluate(
        "el => { const c = el.cloneNode(true); c.querySelectorAll('.cp-note-mark, .cp-visually-hidden').forEach(e => e.remove());"
        " return c.textContent.replace(/\\s+/g, ' ').trim(); }"
    )
    assert note == " ".join(e.note for e in data_flow.exceptions)


# For each data table with notes: how far below the table's bottom its notes block starts, and whether a
# heading comes between (the help page prints each footnote directly under its table).
_NOTE_GAPS_JS = """() => [...document.querySelectorAll("article .cp-notes")].map(block => {
  let prev = block.previousElementSibling;
  const table = prev?.tagName === "TABLE" ? prev : prev?.querySelector("table");
  return {table: table !== null && table !== undefined,
          gap: table ? block.getBoundingClientRect().top - table.getBoundingClientRect().bottom : null,
          section: [...document.querySelectorAll("article h2")].filter(h => h.compareDocumentPosition(block) & Node.DOCUMENT_POSITION_FOLLOWING).pop()?.id ?? null};
})"""


@pytest.mark.parametrize("width", [390, 1280])
def test_each_note_is_shown_right_under_its_table(page: Page, catalog: Catalog, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    open_page(page, "onboarding-presets/")
    blocks: list[dict[str, Any]] = page.evaluate(_NOTE_GAPS_JS)
    with_notes = [
        p.id
        for p in catalog.presets
        if p.inconsistencies
        and any(i.at.startswith("flows.") for i in p.inconsistencies)
        or any(_notes(f.imports, f) or _notes(f.exports, f) for f in p.flows)
    ]
    assert [b["section"] for b in blocks] == with_notes
    for block in blocks:
        assert block["table"], block
        assert 0 <= block["gap"] <= 40, f"the notes of #{block['section']} start {block['gap']}px below their table"


# The matrix cells with what they carry and how the state is told: the hidden text (and that of a note
# marker), whether it is only
# visually hidden (a 1px clipped box, still in the accessibility tree), and whether the icon is hidden
# from screen readers (its meaning is in the text).
_MATRIX_JS = """() => [...document.querySelectorAll("table.cp-matrix td.cp-cell")].map(td => {
  const hidden = td.querySelector(".cp-visually-hidden"); const box = hidden?.getBoundingClientRect();
  return {preset: td.dataset.preset, dataType: td.dataset.dataType, direction: td.dataset.direction,
          state: td.dataset.state, hidden: hidden?.textContent ?? null,
          marker: td.querySelector("sup.cp-note-ref .cp-visually-hidden")?.textContent ?? null,
          tiny: box ? box.width <= 1 && box.height <= 1 : null,
          iconHidden: [...td.querySelectorAll("svg")].every(svg => svg.getAttribute("aria-hidden") === "true")};
})"""


def _spoken(direction: str, flow: Flow, data_flow: DataFlow) -> str:
    """What a screen reader must say for a matrix cell: the data table's words for it."""
    return f"{direction}: {_words(flow)}"


def _cell_names(node: object) -> list[str]:
    """Accessible names of the cells in an aria snapshot (parsed YAML), in document order."""
    if isinstance(node, list):
        return [name for child in node for name in _cell_names(child)]
    if isinstance(node, dict):
        return [name for key, value in node.items() for name in _cell_names(key) + _cell_names(value)]
    if isinstance(node, str) and node.startswith('cell "'):
        return [node.removeprefix('cell "').removesuffix('"')]
    return []


def test_compare_matrix_states_and_their_spoken_text(page: Page, catalog: Catalog) -> None:
    open_page(page, "compare/")
    cells: list[dict[str, Any]] = page.evaluate(_MATRIX_JS)
    expected = {
        (preset.id, data_flow.data_type.id, direction): (flow, data_flow)
        for preset in catalog.presets
        for data_flow in preset.flows
        for direction, flow in (("import", data_flow.imports), ("export", data_flow.exports))
    }
    keys = [(cell["preset"], cell["dataType"], cell["direction"]) for cell in cells]
    assert sorted(keys) == sorted(expected), "the matrix must have one cell per preset, data type and direction"
    wrong = []
    for key, cell in zip(keys, cells, strict=True):
        flow, data_flow = expected[key]
        spoken = _spoken(key[2], flow, data_flow)
        if (cell["state"], cell["hidden"]) != (flow.state, spoken):
            wrong.append(f"{key}: data-state={cell['state']!r} text={cell['hidden']!r}, want {flow.state!r} {spoken!r}")
        if cell["tiny"] is not True or cell["iconHidden"] is not True:
            wrong.append(f"{key}: visually hidden text shown ({cell['tiny']}) or icon not aria-hidden")
    assert not wrong, "\n".join(wrong)
    # What the browser's accessibility tree gives a screen reader for each cell: exactly that text.
    names = _cell_names(yaml.safe_load(page.locator("table.cp-matrix").aria_snapshot()))
    # A cell with a note also has its marker, a link named "note N".
    assert names == [cell["hidden"] + (f" {cell['marker']}" if cell["marker"] else "") for cell in cells]


# The JavaScript example of the developers' page, taken from the page and run there as written (in an
# async function, as a module's top level would run it), with console.log caught.
_RUN_JS_EXAMPLE = """async () => {
  const tabs = [...document.querySelectorAll("#reading-a-config ~ .tabbed-set")][0];
  const labels = [...tabs.querySelectorAll(".tabbed-labels > label")].map(l => l.textContent.trim());
  const block = tabs.querySelectorAll(".tabbed-content > .tabbed-block")[labels.indexOf("JavaScript")];
  const code = block.querySelector("pre code").textContent;
  const AsyncFunction = Object.getPrototypeOf(async function () {}).constructor;
  const lines = [];
  await new AsyncFunction("console", code)({ log: (...args) => lines.push(args.join(" ")) });
  return lines;
}"""


def test_the_developers_javascript_example_runs_as_written(page: Page, catalog: Catalog) -> None:
    from ..test_developers_page import expected_lines

    open_page(page, "developers/")
    assert page.evaluate(_RUN_JS_EXAMPLE) == expected_lines(catalog)
