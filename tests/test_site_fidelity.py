"""The built site says what the help page says, no more (issue 9), read back from its HTML.

The expectations are transcribed by hand from ../shared/seed/onboarding-presets.txt (in tests/pagefacts.py),
not derived from the catalogue: each assertion fails if the site says more, or less, than the page. Where the
catalogue words a fact in its own way (a footnote, a note), a few of the page's own words stand for it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from generator import load_catalog

from . import pagefacts as page_facts

OVERVIEW = "onboarding-presets"
PRESET = page_facts.PRESET_IDS
PRESET_NAME = {preset_id: name for name, preset_id in PRESET.items()}
DATA_TYPE_LABEL = {data_type_id: label for label, data_type_id in page_facts.DATA_TYPE_IDS.items()}
PRESETS = tuple(PRESET.values())


def such_as(preset: str) -> str:
    """ ", such as A, B and C" for the systems the page names for a preset; nothing where it names none."""
    names = page_facts.NAMED_SYSTEMS.get(preset, ())
    if not names:
        return ""
    listed = f"{', '.join(names[:-1])} and {names[-1]}" if len(names) > 1 else names[0]
    return f", such as {listed}"


# "This preset is available only for ..." / "available for ... only", as a sentence of the site with the
# systems the page names; the e-commerce presets are restricted by nothing on the page.
AVAILABLE = {
    PRESET[name]: f"Available only for {words}{such_as(name)}."
    for name, words in page_facts.AVAILABLE_ONLY_FOR.items()
    if words is not None
}
ADVISED = {PRESET[name] for name in page_facts.ADVISED}

# The page's conditional cells, as it writes them: (preset, data type, direction) -> cell.
CONDITIONAL_CELLS = {
    (PRESET[cell.preset], cell.data_type, cell.direction): page_facts.written(cell.text)
    for cell in page_facts.all_cells()
    if page_facts.state(cell.text) == page_facts.CONDITIONAL
}
# The cells the page marks with '*', and a few words of the footnote each leads to: the system a footnote
# excepts, or the catalogue's word for the page's "will be distilled and created in Connect".
DISTILLED = "distils"
FOOTNOTED = {
    (PRESET[cell.preset], cell.data_type, cell.direction): page_facts.EXCEPTIONS.get(
        (cell.preset, cell.data_type), DISTILLED
    )
    for cell in page_facts.all_cells()
    if page_facts.footnoted(cell.text)
}
# The page's own contradictions: first-import periods for data the preset's table does not import, and a
# preset's text against its table (in the page's order).
PERIODS_NOT_IMPORTED = {PRESET[name]: list(labels) for name, labels in page_facts.PERIODS_NOT_IMPORTED.items()}
TABLE_CONTRADICTIONS = {PRESET[name]: label for name, label in page_facts.TEXT_AGAINST_TABLE.items()}

# The page's connection order: label as spelled, and its qualifier.
STEPS = [(step.label, step.qualifier) for step in page_facts.STEPS]


def page(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "html.parser")


def words(node: Tag) -> str:
    return " ".join(node.get_text(" ", strip=True).split()).removesuffix(" ¶")


def seen(node: Tag) -> str:
    """What a sighted reader sees: without the visually hidden text for screen readers."""
    copy = BeautifulSoup(str(node), "html.parser")
    for hidden in copy.select(".cp-visually-hidden"):
        hidden.decompose()
    return words(copy)


def article(soup: BeautifulSoup) -> Tag:
    node = soup.select_one("article")
    assert node is not None
    return node


def section(soup: BeautifulSoup, heading_id: str) -> list[Tag]:
    """The elements from the h2 with this id up to the next h2."""
    heading = soup.find(id=heading_id)
    assert isinstance(heading, Tag), heading_id
    found = []
    for sibling in heading.find_next_siblings():
        if sibling.name == "h2":
            break
        found.append(sibling)
    return found


def tables_with_notes(scope: list[Tag]) -> list[tuple[Tag, Tag | None]]:
    """Each data table in ``scope`` with the notes block right after it (None where there is none)."""
    found = []
    for element in scope:
        if element.name == "table":
            after = element.find_next_sibling()
            found.append((element, after if after is not None and "cp-notes" in after.get("class", []) else None))
    return found


def cells(table: Tag) -> dict[tuple[str, str], Tag]:
    out = {}
    for row in table.select("tbody tr"):
        data_type, imports, exports = row.find_all("td")
        out[(seen(data_type), "import")] = imports
        out[(seen(data_type), "export")] = exports
    return out


def note_text(note: Tag) -> str:
    copy = BeautifulSoup(str(note), "html.parser")
    for extra in copy.select(".cp-note-mark, .cp-visually-hidden"):
        extra.decompose()
    return words(copy)


def check_table(preset_id: str, table: Tag, notes: Tag | None) -> None:
    """The cells as the page writes them, each marker leading to a note under this table, each note once."""
    marked: dict[tuple[str, str, str], str] = {}
    for (data_type, direction), cell in cells(table).items():
        key = (preset_id, data_type, direction)
        refs = cell.select("sup.cp-note-ref a")
        shown = seen(cell)
        text = shown.removesuffix("".join(seen(ref) for ref in refs)).strip()
        assert text == CONDITIONAL_CELLS.get(key, text if text in ("Yes", "No") else "?"), (key, shown)
        for ref in refs:
            target = str(ref["href"]).removeprefix("#")
            assert ref.get("aria-describedby") == target, key  # a screen reader hears the note with the marker
            assert words(ref.select_one(".cp-visually-hidden")).startswith("note "), key
            assert notes is not None, f"{key}: its note is not right under its table"
            [note] = notes.select(f'[id="{target}"]')
            marked[key] = note_text(note)
    expected = {key: hint for key, hint in FOOTNOTED.items() if key[0] == preset_id}
    assert marked.keys() == expected.keys(), preset_id
    for key, hint in expected.items():
        assert hint in marked[key], (key, marked[key])
    if notes is not None:
        texts = [note_text(n) for n in notes.select("p.cp-note:not(.cp-note--page)")]
        assert len(texts) == len(set(texts)), f"{preset_id}: a note printed twice under one table: {texts}"
        # A lone note is marked '*', as on the page.
        if len(texts) == 1:
            assert {seen(ref) for ref in table.select("sup.cp-note-ref a")} == {"*"}, preset_id


@pytest.fixture(scope="module")
def site(built_site: Path) -> Path:
    return built_site


# --- Cells, footnotes and where they are ------------------------------------------------------------


def test_each_preset_page_writes_its_cells_as_the_page_and_its_notes_under_the_table(site: Path) -> None:
    for preset_id in PRESETS:
        [(table, notes)] = tables_with_notes(list(article(page(site, f"presets/{preset_id}")).children))
        check_table(preset_id, table, notes)


def test_each_overview_note_is_right_under_its_own_table(site: Path) -> None:
    soup = page(site, OVERVIEW)
    for preset_id in PRESETS:
        scope = section(soup, preset_id)
        [(table, notes)] = tables_with_notes(scope)
        check_table(preset_id, table, notes)
        wanted = any(key[0] == preset_id for key in FOOTNOTED) or preset_id in TABLE_CONTRADICTIONS
        assert (notes is not None) == wanted, preset_id
    # No Markdown footnotes collected at the page's end.
    assert article(soup).select("div.footnote, a.footnote-ref") == []


def test_no_page_writes_yes_comma_when_or_explains_when_applicable(site: Path) -> None:
    invented = "supports this data"  # the catalogue's old explanation of 'Yes (when applicable)'
    for html in site.rglob("*.html"):
        text = words(BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser"))
        assert not re.search(r"\bYes, when (available|applicable)\b", text), html
        assert invented not in text, html
    # The when-applicable cells carry no marker: the page gives them no footnote.
    when_applicable = {
        PRESET[cell.preset]
        for cell in page_facts.all_cells()
        if page_facts.state(cell.text) == page_facts.CONDITIONAL and not page_facts.footnoted(cell.text)
    }
    assert when_applicable  # the loop below is not empty
    for preset_id, path in [(p, where) for p in sorted(when_applicable) for where in (OVERVIEW, f"presets/{p}")]:
        soup = page(site, path)
        scope = section(soup, preset_id) if path == OVERVIEW else list(article(soup).children)
        [(table, notes)] = tables_with_notes(scope)
        # Only the page's contradiction (its text against its table) is noted under it.
        assert notes is None or notes.select("p.cp-note:not(.cp-note--page)") == []
        assert table.select("sup") == []


def test_the_compare_matrix_reads_as_the_page_and_notes_what_it_notes(site: Path) -> None:
    soup = page(site, "compare")
    notes = soup.select_one("table.cp-matrix").find_parent("div", class_="md-typeset__scrollwrap").find_next_sibling()
    assert notes is not None and "cp-notes" in notes["class"]
    marked = {}
    for cell in soup.select("td.cp-cell"):
        key = (str(cell["data-preset"]), DATA_TYPE_LABEL[str(cell["data-data-type"])], str(cell["data-direction"]))
        spoken = words(cell.select_one(".cp-visually-hidden"))
        if key in CONDITIONAL_CELLS:
            assert spoken == f"{key[2]}: {CONDITIONAL_CELLS[key]}"
        for ref in cell.select("sup.cp-note-ref a"):
            [note] = notes.select(f'[id="{str(ref["href"]).removeprefix("#")}"]')
            marked[key] = note_text(note)
    assert marked.keys() == FOOTNOTED.keys()
    assert all(FOOTNOTED[key] in marked[key] for key in FOOTNOTED)
    asides = [note_text(n) for n in notes.select("p.cp-note--page")]
    assert [a.split(":")[0] for a in asides] == [f"{PRESET_NAME[p]}, {dt}" for p, dt in TABLE_CONTRADICTIONS.items()]


# --- The page's own contradictions --------------------------------------------------------------------


def first_import_items(scope: list[Tag]) -> dict[str, Tag]:
    intro = next(e for e in scope if e.name == "p" and "first import reaches back" in words(e))
    items = intro.find_next_sibling("ul")
    assert isinstance(items, Tag)
    return {words(li.find("strong")): li for li in items.find_all("li", recursive=False)}


@pytest.mark.parametrize("where", ["overview", "preset page"])
def test_periods_for_data_not_imported_say_so_beside_the_period(site: Path, where: str) -> None:
    soup = page(site, OVERVIEW)
    for preset_id in PRESETS:
        scope = (
            section(soup, preset_id)
            if where == "overview"
            else list(article(page(site, f"presets/{preset_id}")).children)
        )
        for data_type, item in first_import_items(scope).items():
            text = words(item)
            if data_type in PERIODS_NOT_IMPORTED.get(preset_id, []):
                assert "(not imported)" in text, (preset_id, text)
                aside = item.select_one(".cp-aside")
                assert aside is not None and "help page gives this period" in words(aside), (preset_id, text)
            else:
                assert "not imported" not in text and item.select_one(".cp-aside") is None, (preset_id, text)


@pytest.mark.parametrize("where", ["overview", "preset page"])
def test_the_page_contradicting_its_table_is_noted_under_the_table(site: Path, where: str) -> None:
    for preset_id in PRESETS:
        scope = (
            section(page(site, OVERVIEW), preset_id)
            if where == "overview"
            else list(article(page(site, f"presets/{preset_id}")).children)
        )
        [(_, notes)] = tables_with_notes(scope)
        asides = notes.select("p.cp-note--page") if notes is not None else []
        if preset_id in TABLE_CONTRADICTIONS:
            [aside] = asides
            assert note_text(aside).startswith(f"{TABLE_CONTRADICTIONS[preset_id]}:")
            assert "help page's text" in note_text(aside) and "table" in note_text(aside)
        else:
            assert asides == [], preset_id


# --- What each preset is for -----------------------------------------------------------------------------


def paragraphs(scope: list[Tag]) -> list[str]:
    return [words(e) for e in scope if e.name == "p"]


def test_available_only_for_and_when_to_select_on_the_overview_and_preset_pages(site: Path) -> None:
    for preset_id in PRESETS:
        for scope in (
            section(page(site, OVERVIEW), preset_id),
            list(article(page(site, f"presets/{preset_id}")).children),
        ):
            texts = paragraphs(scope)
            restricted = [t for t in texts if t.startswith("Available only for")]
            assert restricted == ([AVAILABLE[preset_id]] if preset_id in AVAILABLE else []), preset_id
            # The catalogue's advice, in its own words, opens with 'Choose it'.
            advised = [t for t in texts if t.startswith("Choose it")]
            assert len(advised) == (preset_id in ADVISED), preset_id


def test_which_preset_names_each_kinds_presets_with_the_pages_restriction(site: Path) -> None:
    soup = page(site, "choose")
    # The kinds of system (headed by the catalogue's labels, in the order of KIND_IDS) and their presets: a
    # CRM system has two presets on the page (CRM, Activities).
    kind_headings = [
        "E-fulfilment system",
        "Marketing automation",
        "Sales channel",
        "Marketplace",
        "CRM system",
        "Analytics system",
    ]
    expected = {
        heading: [name for name, kinds in page_facts.KINDS.items() if kind in kinds]
        for heading, kind in zip(kind_headings, page_facts.KIND_IDS, strict=True)
    }
    # A section per kind, then the table of them all.
    headings = article(soup).find_all("h2")
    assert [words(h) for h in headings] == [*expected, "All presets at a glance"]
    for heading, names in zip(headings, expected.values(), strict=False):
        # Each preset is named once, in a paragraph or a list item of its own that links to its page.
        items = [
            e
            for e in section(soup, str(heading["id"]))
            for e in ([e] if e.name == "p" else e.find_all("li") if e.name == "ul" else [])
            if e.find("a", href=lambda href: str(href).startswith("../presets/"))
        ]
        linked = [words(e.find("a", href=lambda href: str(href).startswith("../presets/"))) for e in items]
        assert linked == names
        for li, name in zip(items, names, strict=True):
            text = words(li)
            preset_id = PRESET[name]
            if preset_id in AVAILABLE:
                assert AVAILABLE[preset_id] in text, text
            else:
                assert "Available only" not in text, text
    # The Analytics note's suggestion states the page's restriction of what it suggests.
    note = words(article(soup).select_one(".admonition"))
    assert "Marketing Automation (available only for marketing automation software)" in note
    assert "instead" not in note


# --- The connection order ---------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["connection-order", OVERVIEW])
def test_the_connection_order_as_the_page_words_it(site: Path, path: str) -> None:
    soup = page(site, path)
    scope = section(soup, "connection-order") if path == OVERVIEW else list(article(soup).children)
    [steps] = [e for e in scope if e.name == "ol"]
    items = steps.find_all("li", recursive=False)
    assert [words(li.find("strong")) for li in items] == [label for label, _ in STEPS]
    for li, (label, qualifier) in zip(items, STEPS, strict=True):
        text = words(li)
        after = text.removeprefix(label).strip()
        assert after.startswith(f"({qualifier})") == (qualifier is not None), text
        assert "one or more" not in text and "optional" not in text and "required" not in text, text
    assert "Activities or Analytics preset" in words(items[5])
    assert ["several" in words(li) for li in items] == [step.several for step in page_facts.STEPS]
    text = " ".join(paragraphs(scope))
    assert f"“{page_facts.ORDER_WORDING}”" in text and "a request" in text
    assert f"“{page_facts.FIRST_STEP_WORDING}”" in text and "a requirement" in text


def test_the_order_diagram_claims_nothing_the_page_does_not(site: Path) -> None:
    diagram = page(site, "connection-order").select_one("figure.cp-order")
    assert diagram is not None
    assert diagram.select(".cp-node--optional") == []
    labels = [words(t) for t in diagram.select(".cp-step-box > .cp-box-label")]
    assert labels == [f"{label} ({qualifier})" if qualifier else label for label, qualifier in STEPS]
    assert len(diagram.select(".cp-step--several")) == sum(step.several for step in page_facts.STEPS)  # Marketplace(s)
    text = words(diagram)
    assert "one or more" not in text and "optional" not in text and "required" not in text
    # Each step with the presets the page places there (tests/test_diagrams.py checks them step by step).
    assert all(preset in text for preset in page_facts.STEP_OF_PRESET)


def test_the_home_page_lead_keeps_to_the_page(site: Path) -> None:
    lead = words(article(page(site, "")).find("p"))
    assert "where the connector belongs" not in lead and "order of connecting" not in lead
    assert "first import" in lead and "onboarding section of Spotler Connect" in lead


# --- Names, not ids -------------------------------------------------------------------------------------------


def catalogue_ids() -> set[str]:
    """Ids that are not words: those the help page never writes as they are, or with a capital first
    letter ('Checkouts' is a word, 'crm' and 'e-fulfilment-system' are ids); named systems' ids always."""
    catalog = load_catalog()
    # The page's own words, as tests/pagefacts.py transcribes them (the page itself lies outside the
    # repository, where a clean checkout does not have it).
    page_text = " ".join(
        [
            *page_facts.PRESET_IDS,
            *page_facts.DATA_TYPE_IDS,
            *page_facts.KIND_IDS,
            *page_facts.SYSTEM_IDS,
            *page_facts.CONDITION_IDS,
            *page_facts.STEP_IDS,
            page_facts.ORDER_WORDING,
            page_facts.FIRST_STEP_WORDING,
        ]
    )
    systems = {s.id for s in catalog.systems}
    ids = {d.id for d in catalog.data_types} | {k.id for k in catalog.system_kinds}
    ids |= {c.id for c in catalog.conditions} | {p.id for p in catalog.presets}
    ids |= {s.id for s in catalog.connection_order.steps}
    ids |= {n.id for p in catalog.presets for n in p.notes}
    ids |= {i.rule for p in catalog.presets for i in p.inconsistencies if i.rule is not None}  # acknowledged rules
    ids |= {"activities-source"}  # a kind the catalogue once had, that no text should bring back

    def a_word(i: str) -> bool:
        spelled = f"[{i[0]}{i[0].upper()}]{re.escape(i[1:])}"
        return re.search(rf"(?<![\w-]){spelled}(?![\w-])", page_text) is not None

    return systems | {i for i in ids if not a_word(i)}


def test_no_reader_text_shows_an_id(site: Path) -> None:
    ids = catalogue_ids()
    kind_ids, system_ids = page_facts.KIND_IDS, page_facts.SYSTEM_IDS
    assert {kind_ids["e-fulfilment systems"], page_facts.CONDITION_IDS["When available"]} <= ids
    assert {kind_ids["CRM systems"], system_ids["Spotler Leads"]} <= ids
    pattern = re.compile(rf"(?<![\w/-])({'|'.join(map(re.escape, sorted(ids, key=len, reverse=True)))})(?![\w-])")
    found = []
    for html in sorted(site.rglob("index.html")):
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        # Ids stay in URLs, anchors and code (the JSON and the setup files shown as they are).
        for code in soup.select("pre, code, script, style, .md-search, .md-header__source"):
            code.decompose()
        shown = words(soup.body) if soup.body else ""
        found += [
            f"{html.parent.relative_to(site)}: {m.group(0)!r} in …{shown[max(0, m.start() - 40) : m.end() + 40]}…"
            for m in pattern.finditer(shown)
        ]
    assert found == []


# A backslash before punctuation is the generator's Markdown escape; shown, it was escaped twice (as
# inside a code span, where Markdown takes every character literally). Patterns are the one exception.
ESCAPE_SHOWN = re.compile(r"\\[!-/:-@\[-`{-~]")


def test_no_reader_text_shows_a_markdown_escape(site: Path) -> None:
    found = []
    for html in sorted(site.rglob("index.html")):
        article = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser").select_one("article")
        assert article is not None
        for text in article.find_all(string=ESCAPE_SHOWN):
            pattern = text.startswith("^") and text.endswith("$")  # a schema's pattern, shown as it is
            if text.find_parent("pre") is None and not pattern:
                found.append(f"{html.parent.relative_to(site)}: {str(text)[:80]!r}")
    assert found == []


# --- For connector developers ----------------------------------------------------------------------------


def test_the_developers_page_describes_format_2_no_stronger_than_the_page(site: Path) -> None:
    contract = section(page(site, "developers"), "the-contract")
    codes = {words(code) for part in contract for code in part.select("code")}
    fields = {"strength", "page_wording", "label", "qualifier", "kinds", "presets", "several", "first_step"}
    fields |= {"available_only_for", "when_to_select", "example_systems", "may_be_only_source_of"}
    fields |= {"cell", "footnote", "imported", "page_inconsistencies", "request", "essential", "null"}
    assert fields <= codes, sorted(fields - codes)
    # Gone from format 2: a step's optional and multiple, a condition's description.
    assert not {"optional", "multiple", "description"} & codes
    text = " ".join(words(part) for part in contract)
    assert "No field marks a step as required or limits it to one system." in text
    assert "not a bug of the export" in text
    assert f'"{page_facts.ORDER_WORDING}"' in text and f'"{page_facts.FIRST_STEP_WORDING}"' in text
