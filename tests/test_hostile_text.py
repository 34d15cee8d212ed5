"""Hostile catalogue text on the built site: every string that reaches HTML or Markdown is
escaped for where it lands, so it reads as itself, breaks no table and adds no element or link.

One site is built from a copy of the catalogue in which most free-text fields carry a different
hostile payload. Each value starts with (or, for payloads that must stand at the start of a line,
contains) its own tag ``HXnn``, so its every occurrence in the HTML can be traced back to the one
catalogue field it came from. Everything is read back from the built files, parsed, never grepped.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import markdown  # type: ignore[import-untyped, unused-ignore]  # no stubs in the test extras
import pytest
import yaml
from bs4 import BeautifulSoup, Tag
from mkdocs.config import load_config
from mkdocs.utils.meta import get_data

from generator.catalogue.validate import validate
from generator.catalogue.yamlread import read_yaml
from generator.mkdocs_adapter.build import build_site
from generator.output.pages import Renderer, md_escape

from . import pagefacts
from .conftest import REPO

# The payloads. "{tag}" marks where the field's tag goes when the payload must open the value
# (a heading, list or admonition only forms at the start of a line); otherwise the value is
# "<tag> <key> <payload>".
PAYLOADS: dict[str, str] = {
    "H1": "<script>alert(1)</script>",
    "H2": "a | b | c",
    "H3": "`code` and ```fence```",
    "H4": "*bold* _em_ **x**",
    "H5": "[x](javascript:alert(1))",
    "H6": "line one\nline two",
    "H7": "&amp; &lt;b&gt; &#x27;",
    "H8": "<img src=x onerror=alert(1)>",
    "H9": "{{ jinja }} {% raw %}",
    "H10": ":smile: ~~strike~~ ==mark== ^^ins^^",
    "H11": "# heading",
    "H12": "1. list",
    "H13": "<!-- comment -->",
    "H14": "]] [^note]",
    # Breaks out of a double-quoted HTML attribute, then out of the element.
    "H15": '" onmouseover="alert(1)" x="\'><script>alert(2)</script>',
    # attr_list would put an id, a class and an event handler on the paragraph.
    "H16": '{ #evil .evil onclick="alert(1)" }',
    "H17": "<https://evil.example/> mailto:x@evil.example",
    "H18": "\\*not em\\* \\\\ back\\slash\\",
    # Blank lines: a paragraph break, then a whole Markdown table, inside one value.
    "H19": "para one\n\npara two\n\n| a | b |\n| --- | --- |\n| c | d |",
    "L1": "# {tag} heading",
    "L2": "1. {tag} list",
    "L3": '!!! danger "{tag}"',
    "L4": "| {tag} | x |\n| --- | --- |\n| y | z |",
    "L5": "[^evil]: {tag} footnote",
    "L6": "<!-- {tag} -->",
    "L7": "---\n{tag} setext\n---",
    "L8": "    {tag} indented code",
    "L9": '<div markdown="1">{tag} **html**</div>',
    "L10": '=== "{tag}"\n\n    tab',
    "L11": "> {tag} quote",
    "L12": "- {tag} item",
}

OVERVIEW = "onboarding-presets"
COMPARE = "compare"
CHOOSE = "choose"
ORDER = "connection-order"
DEVELOPERS = "developers"
PRESET_IDS = tuple(pagefacts.PRESET_IDS.values())  # the page's presets, in its order
PAGES = (OVERVIEW, COMPARE, CHOOSE, ORDER, DEVELOPERS, *(f"presets/{p}" for p in PRESET_IDS))
SITE_NAME = "Connect onboarding presets"

DATA_TYPES = list(pagefacts.DATA_TYPE_IDS.values())  # the page's rows, in its order

CATALOG = "catalog.yaml"
TAG = re.compile(r"\bHX\d\d\b")


def _preset_file(preset_id: str) -> str:
    return f"presets/{preset_id}.yaml"


@dataclass(frozen=True)
class Slot:
    """One catalogue field with its hostile value, and the pages whose article must show it."""

    tag: str
    file: str
    path: tuple[str | int, ...]
    payload: str
    pages: tuple[str, ...]
    exported: bool

    @property
    def value(self) -> str:
        template = PAYLOADS[self.payload]
        label = f"{self.tag} {self.payload}"
        return template.replace("{tag}", label) if "{tag}" in template else f"{label} {template}"

    @property
    def expected(self) -> str:
        """What a reader sees: the value, with every run of whitespace as one space."""
        return " ".join(self.value.split())

    def __str__(self) -> str:
        return f"{self.tag} ({self.file}: {'.'.join(map(str, self.path))}, {self.payload})"


def _slots() -> tuple[Slot, ...]:
    # (file, path in it, payload, pages whose article shows the field, in the exported JSON)
    specs: list[tuple[str, tuple[str | int, ...], str, tuple[str, ...], bool]] = [
        (CATALOG, ("title",), "H1", (OVERVIEW,), False),
        (CATALOG, ("description",), "L11", (OVERVIEW,), False),
        (CATALOG, ("location",), "H5", (OVERVIEW,), False),
    ]
    # Data type labels: first column of every data table, the matrix header, the diagrams.
    for i, payload in enumerate(["H2", "H3", "H4", "H8", "H10", "H13", "H14", "H16"]):
        specs.append((CATALOG, ("data_types", i, "label"), payload, (OVERVIEW, COMPARE, "presets/crm"), True))
    # Kind labels head the chooser's sections; E-fulfilment system titles a requirement, Sales channel is
    # the kind of the unrestricted presets, and CRM system names step 5 (a CRM system with the CRM preset).
    kind_pages: list[tuple[str, ...]] = [
        (CHOOSE, OVERVIEW, "presets/e-commerce-with-e-fulfilment"),
        (CHOOSE,),
        (CHOOSE, OVERVIEW, "presets/e-commerce-with-e-fulfilment", "presets/e-commerce-with-marketing-automation"),
        (CHOOSE,),
        (CHOOSE, OVERVIEW, ORDER),
        (CHOOSE,),
    ]
    for i, payload in enumerate(["H1", "H2", "H5", "H9", "H11", "H7"]):
        specs.append((CATALOG, ("system_kinds", i, "label"), payload, kind_pages[i], True))
    # The named systems: Tribe CRM only in the exported JSON (the CRM page shows its exception's note);
    # the others beside 'Available only for'.
    system_pages = [
        (),
        ("presets/activities", OVERVIEW, CHOOSE),
        ("presets/activities", OVERVIEW, CHOOSE),
        ("presets/activities", OVERVIEW, CHOOSE),
        ("presets/analytics", OVERVIEW, CHOOSE),
    ]
    for i, (payload, pages) in enumerate(zip(["H8", "H2", "H4", "H5", "H3"], system_pages, strict=True)):
        specs.append((CATALOG, ("systems", i, "name"), payload, pages, True))
    # A condition's label is in the exported JSON and the examples' routing (not a page of this test), its
    # cell text in the tables and the matrix; only the when-available condition has a footnote (a raw HTML note: H19 has
    # blank lines).
    condition_pages = [
        (OVERVIEW, COMPARE, "presets/marketing-automation"),
        (OVERVIEW, COMPARE, "presets/activities", "presets/analytics"),
    ]
    for i, (label, cell) in enumerate([("H2", "H14"), ("H5", "H4")]):
        specs.append((CATALOG, ("conditions", i, "label"), label, (), True))
        specs.append((CATALOG, ("conditions", i, "cell"), cell, condition_pages[i], True))
    specs.append((CATALOG, ("conditions", 1, "footnote"), "H19", condition_pages[1], True))
    order = ("connection_order",)
    specs.append((CATALOG, (*order, "summary"), "L12", (OVERVIEW, ORDER), False))
    specs.append((CATALOG, (*order, "page_wording"), "H15", (OVERVIEW, ORDER, DEVELOPERS), True))
    for i, payload in enumerate(["H4", "H1", "H8", "H3", "H13", "H10"]):
        specs.append((CATALOG, (*order, "steps", i, "label"), payload, (OVERVIEW, ORDER), True))
    specs.append((CATALOG, (*order, "steps", 0, "qualifier"), "H5", (OVERVIEW, ORDER), True))
    first = (*order, "first_step")
    specs += [
        (CATALOG, (*first, "page_wording"), "H16", (OVERVIEW, ORDER, DEVELOPERS), True),
        (CATALOG, (*first, "reason"), "H9", (OVERVIEW, ORDER), True),
        (CATALOG, (*first, "if_absent"), "H12", (OVERVIEW, ORDER), True),
        (CATALOG, (*first, "if_added_later", "text"), "H7", (OVERVIEW, ORDER), True),
        # The contact is in the text above; the site does not repeat it.
        (CATALOG, (*first, "if_added_later", "contact"), "H11", (), True),
    ]
    names = ["H1", "H8", "H2", "H4", "H5", "H14", "H7", "H15"]
    # Summaries open a paragraph on the overview and the preset pages: the place for line-start payloads.
    summaries = ["L6", "L1", "L4", "L2", "H15", "L7", "H19", "L3"]
    for i, preset_id in enumerate(PRESET_IDS):
        file, page = _preset_file(preset_id), f"presets/{preset_id}"
        # CRM, Activities and Analytics are named by the connection order's steps 5 and 6.
        order_pages = (ORDER,) if preset_id in ("crm", "activities", "analytics") else ()
        specs.append((file, ("name",), names[i], (OVERVIEW, page, COMPARE, CHOOSE, DEVELOPERS, *order_pages), True))
        specs.append((file, ("summary",), summaries[i], (OVERVIEW, page, CHOOSE), True))
    # Only where the page advises when to select a preset, or restricts it.
    for preset_id, payload in [
        ("e-commerce-with-e-fulfilment", "H9"),
        ("e-commerce-with-marketing-automation", "H10"),
        ("analytics", "H18"),
    ]:
        specs.append(
            (_preset_file(preset_id), ("when_to_select",), payload, (OVERVIEW, f"presets/{preset_id}", CHOOSE), True)
        )
    for preset_id, payload in zip(PRESET_IDS[2:], ["H11", "H12", "H13", "H16", "H17", "L8"], strict=True):
        # Analytics' note suggests Marketing Automation with its restriction.
        more = ("presets/analytics",) if preset_id == "marketing-automation" else ()
        specs.append(
            (
                _preset_file(preset_id),
                ("available_only_for",),
                payload,
                (OVERVIEW, f"presets/{preset_id}", CHOOSE, *more),
                True,
            )
        )
    specs += [
        (_preset_file("e-commerce-with-e-fulfilment"), ("requires", 0, "description"), "L5",
         (OVERVIEW, "presets/e-commerce-with-e-fulfilment", CHOOSE), True),
        (_preset_file("analytics"), ("notes", 0, "text"), "L9", (OVERVIEW, "presets/analytics", CHOOSE), True),
        (_preset_file("crm"), ("flows", "activities", "exceptions", 0, "note"), "H1",
         (OVERVIEW, "presets/crm", COMPARE), True),
        # The page's contradictions: beside a period (Markdown), or under a table (a raw HTML note).
        (_preset_file("fulfilment"), ("acknowledged", 0, "reason"), "H6", (OVERVIEW, "presets/fulfilment"), True),
        (_preset_file("fulfilment"), ("acknowledged", 1, "reason"), "L10", (OVERVIEW, "presets/fulfilment"), True),
        (_preset_file("marketplace"), ("acknowledged", 0, "reason"), "H19",
         (OVERVIEW, "presets/marketplace", COMPARE), True),
        (_preset_file("marketplace"), ("acknowledged", 1, "reason"), "H13", (OVERVIEW, "presets/marketplace"), True),
    ]  # fmt: skip
    return tuple(Slot(f"HX{n:02d}", *spec) for n, spec in enumerate(specs))


SLOTS = _slots()
BY_TAG = {slot.tag: slot for slot in SLOTS}
assert len(SLOTS) <= 100  # two-digit tags


def slot_at(file: str, *path: str | int) -> Slot:
    [slot] = [s for s in SLOTS if s.file == file and s.path == path]
    return slot


def name_of(preset_id: str) -> str:
    return slot_at(_preset_file(preset_id), "name").expected


def data_type_labels() -> list[str]:
    return [slot_at(CATALOG, "data_types", i, "label").expected for i in range(len(DATA_TYPES))]


@dataclass(frozen=True)
class Hostile:
    catalog: Path
    site: Path


def _read(path: Path) -> Any:
    # The project's own reader keeps the states `yes`/`no` as strings, as the catalogue means them.
    document, problems = read_yaml(str(path), path.read_bytes())
    assert not problems, problems
    return document.data


def write_values(root: Path, values: dict[tuple[str, tuple[str | int, ...]], str]) -> None:
    """Set each (file, path) of the catalogue at ``root`` to its value, rewriting the files."""
    documents: dict[str, Any] = {}
    for (file, path), value in values.items():
        if file not in documents:
            documents[file] = _read(root / file)
        node = documents[file]
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value
    for file, data in documents.items():
        # safe_dump quotes every string YAML could misread (`no`, `- x`, `# x`, newlines...).
        text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=4096)
        (root / file).write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Hostile:
    base = tmp_path_factory.mktemp("hostile")
    catalog = base / "catalog"
    shutil.copytree(REPO / "catalog", catalog)
    write_values(catalog, {(slot.file, slot.path): slot.value for slot in SLOTS})
    report = validate(catalog)
    assert report.catalog is not None and not report.problems, [p.as_text() for p in report.problems]
    site = base / "site"
    build_site(REPO / "mkdocs.yml", site, catalog, strict=True)
    return Hostile(catalog, site)


@cache
def _soup(file: Path) -> BeautifulSoup:
    # Cached across tests: callers only read the tree, never change it.
    return BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")


def page(site: Path, path: str) -> BeautifulSoup:
    return _soup(site / path / "index.html")


def article(soup: BeautifulSoup) -> Tag:
    node = soup.select_one("article.md-content__inner")
    assert node is not None
    return node


def norm(text: str) -> str:
    return " ".join(text.split())


def tag_hits(scope: Tag) -> Iterator[tuple[Slot, Tag]]:
    """Every (slot, element directly holding its tag) in ``scope``; comments included, as
    a tag that ends up in a comment means its text was swallowed."""
    for string in scope.find_all(string=TAG):
        assert string.parent is not None
        for tag in TAG.findall(str(string)):
            yield BY_TAG[tag], string.parent


def literal_problems(scope: Tag, *, skip_code: bool = False) -> tuple[set[str], list[str]]:
    """The tags found in ``scope``, and every place whose text is not its value verbatim."""
    found: set[str] = set()
    problems: list[str] = []
    for slot, holder in tag_hits(scope):
        if skip_code and holder.find_parent("pre") is not None:
            continue
        found.add(slot.tag)
        shown = norm(holder.get_text())
        if slot.expected not in shown:
            problems.append(f"{slot}: <{holder.name}> shows {shown!r}, expected to contain {slot.expected!r}")
    return found, problems


def injected(scope: Tag) -> list[str]:
    """Elements, attributes and links that only hostile text could have added."""
    found = [f"<{el.name}>" for el in scope.find_all(["script", "iframe", "object", "embed", "img", "style"])]
    for el in scope.find_all(True):
        found += [f"<{el.name} {name}>" for name in el.attrs if name.lower().startswith("on")]
        href = str(el.get("href", "")).strip().lower()
        if href.startswith(("javascript:", "mailto:", "https://evil", "http://evil")):
            found.append(f"<{el.name} href={href!r}>")
        if el.get("id") == "evil" or "evil" in el.get_attribute_list("class"):
            found.append(f"<{el.name} id/class evil>")
    return found


def element_counts(scope: Tag | None, *, notes: bool = True) -> Counter[str]:
    if scope is None:
        return Counter()

    def counted(el: Tag) -> bool:
        # Code blocks are left out: their highlighting splits a string at each escape such as \n.
        if el.name == "pre" or el.find_parent("pre") is not None:
            return False
        return notes or not (
            el.find_parent("div", class_="cp-notes") is not None or "cp-notes" in el.get_attribute_list("class")
        )

    return Counter(el.name for el in scope.find_all(True) if counted(el))


def links(scope: Tag) -> list[str]:
    # A heading's permalink follows its id, which for the page title is a slug of its text.
    return [str(a.get("href")) for a in scope.find_all("a") if "headerlink" not in a.get_attribute_list("class")]


# --- The article of every page -------------------------------------------------------------


@pytest.mark.parametrize("path", PAGES)
def test_every_value_reads_as_itself_in_the_article(hostile: Hostile, path: str) -> None:
    found, problems = literal_problems(article(page(hostile.site, path)), skip_code=path == DEVELOPERS)
    missing = [str(slot) for slot in SLOTS if path in slot.pages and slot.tag not in found]
    assert problems == []
    assert missing == []


@pytest.mark.parametrize("path", PAGES)
def test_no_element_attribute_or_link_is_added_to_the_article(hostile: Hostile, built_site: Path, path: str) -> None:
    hostile_article, plain_article = article(page(hostile.site, path)), article(page(built_site, path))
    assert injected(hostile_article) == injected(plain_article) == []
    # Only text differs from the site of the real catalogue: the same elements, the same links. Notes under
    # a table are left out of the count: notes of equal text are merged, and the hostile texts all differ.
    assert element_counts(hostile_article, notes=False) == element_counts(plain_article, notes=False)
    note = re.compile(r"#[a-z0-9-]+--note-\d+")  # which note a marker leads to: see above
    assert [a for a in links(hostile_article) if not note.fullmatch(a)] == [
        a for a in links(plain_article) if not note.fullmatch(a)
    ]
    # Heading ids are the generator's own (or, for the title, a slug of it): nothing to inject.
    ids = [str(h.get("id")) for h in hostile_article.find_all(re.compile(r"^h[1-6]$"))]
    assert all(re.fullmatch(r"[a-z0-9_-]+", i) for i in ids), ids


@pytest.mark.parametrize("path", [OVERVIEW, COMPARE, *(f"presets/{p}" for p in PRESET_IDS)])
def test_no_footnote_is_created_by_text(hostile: Hostile, path: str) -> None:
    scope = article(page(hostile.site, path))
    # Notes are only the generator's own, under their table and named by its ids: no Markdown footnotes.
    assert scope.select("div.footnote, sup a.footnote-ref") == []
    ids = [str(note.get("id")) for note in scope.select("div.cp-notes p.cp-note[id]")]
    assert all(re.fullmatch(r"[a-z0-9-]+--note-\d+", i) for i in ids), ids
    for ref in scope.select("sup.cp-note-ref a"):
        assert str(ref.get("href")).removeprefix("#") in ids


def test_data_tables_keep_their_shape(hostile: Hostile) -> None:
    tables = [
        table
        for path in (OVERVIEW, *(f"presets/{p}" for p in PRESET_IDS))
        for table in article(page(hostile.site, path)).select("table")
    ]
    assert len(tables) == 2 * len(PRESET_IDS)
    for table in tables:
        # A header row and a body row per data type, each of exactly 3 cells: no pipe split a cell.
        rows = table.select("tr")
        assert [len(row.find_all(["th", "td"], recursive=False)) for row in rows] == [3] * (1 + len(DATA_TYPES))
        assert len(table.select("tbody tr")) == len(DATA_TYPES)
        assert [norm(row.select("td")[0].get_text()) for row in table.select("tbody tr")] == data_type_labels()


def test_the_downloads_table_keeps_its_shape(hostile: Hostile) -> None:
    table = article(page(hostile.site, DEVELOPERS)).select("table")[0]  # the first; field tables follow
    rows = table.select("tr")
    # The header, index.json, a row per preset, the export's strict and reader schemas of each file, and
    # the catalogue's schemas.
    assert [len(row.find_all(["th", "td"], recursive=False)) for row in rows] == [2] * (1 + 1 + len(PRESET_IDS) + 5)
    names = [norm(row.select("td")[1].get_text()) for row in table.select("tbody tr")[1 : 1 + len(PRESET_IDS)]]
    assert names == [f"The {name_of(p)} preset" for p in PRESET_IDS]


def test_the_compare_matrix_keeps_its_shape_and_tooltips(hostile: Hostile) -> None:
    [matrix] = article(page(hostile.site, COMPARE)).select("table.cp-matrix")
    head = matrix.select("thead tr")
    assert [len(row.find_all("th", recursive=False)) for row in head] == [1 + len(DATA_TYPES), len(DATA_TYPES) * 2]
    labels = data_type_labels()
    assert [norm(th.get_text()) for th in head[0].find_all("th")[1:]] == labels
    body = matrix.select("tbody tr")
    assert len(body) == len(PRESET_IDS)
    for row, preset_id in zip(body, PRESET_IDS, strict=True):
        [header] = row.find_all("th", recursive=False)
        assert norm(header.get_text()) == name_of(preset_id)
        cells = row.find_all("td", recursive=False)
        assert len(cells) == len(DATA_TYPES) * 2
        for cell in cells:
            # The tooltip names the preset and the data type verbatim (Jinja's attribute escaping).
            label = labels[DATA_TYPES.index(str(cell["data-data-type"]))]
            assert str(cell["title"]).startswith(f"{name_of(preset_id)}, {label}, {cell['data-direction']}: ")


# --- Diagrams --------------------------------------------------------------------------------

# The diagrams are HTML (boxes in lists) with small SVG arrows that hold no text.
DIAGRAM_ELEMENTS = {"figure", "figcaption", "ul", "ol", "li", "span", "div", "p", "svg", "line", "path"}


def diagram_problems(figure: Tag) -> list[str]:
    problems = [f"foreign <{el.name}>" for el in figure.find_all(True) if el.name not in DIAGRAM_ELEMENTS]
    problems += injected(figure)
    for slot, holder in tag_hits(figure):
        if holder.name in {"svg", "line", "path"} or holder.find_parent("svg") is not None:
            problems.append(f"{slot} in <{holder.name}> of an arrow")
        elif slot.expected not in norm(holder.get_text()):
            problems.append(f"{slot}: <{holder.name}> shows {norm(holder.get_text())!r}")
    return problems


@pytest.mark.parametrize("preset_id", PRESET_IDS)
def test_flow_diagrams_hold_the_text_as_text(hostile: Hostile, built_site: Path, preset_id: str) -> None:
    path = f"presets/{preset_id}"
    figures = article(page(hostile.site, path)).select("figure.cp-diagram")
    # The same diagrams as on the site of the real catalogue: text changes none of them.
    assert len(figures) == len(article(page(built_site, path)).select("figure.cp-diagram"))
    for figure in figures:
        assert diagram_problems(figure) == []
    if preset_id == "e-commerce-with-e-fulfilment":  # stock and shipments come from the Fulfilment preset
        [figure] = figures
        assert name_of("fulfilment") in norm(figure.get_text())


def test_the_order_diagram_holds_the_text_as_text(hostile: Hostile) -> None:
    [figure] = article(page(hostile.site, ORDER)).select("figure.cp-order")
    assert diagram_problems(figure) == []
    steps = [slot_at(CATALOG, "connection_order", "steps", i, "label").expected for i in range(len(pagefacts.STEPS))]
    qualifier = slot_at(CATALOG, "connection_order", "steps", 0, "qualifier").expected
    texts = [norm(label.get_text()) for label in figure.select(".cp-box-label")]
    assert texts == [f"{steps[0]} ({qualifier})", *steps[1:]]
    # Each step names its presets by their (hostile) names.
    chips = [norm(chip.get_text()) for chip in figure.select(".cp-chip")]
    assert sorted(chips) == sorted(name_of(p) for p in PRESET_IDS)


# --- Page descriptions -----------------------------------------------------------------------


def described_pages() -> list[Any]:
    """Pages whose <meta name="description"> comes from the catalogue, with that text."""
    pages = [
        (OVERVIEW, slot_at(CATALOG, "description").expected),
        (ORDER, slot_at(CATALOG, "connection_order", "summary").expected),
    ]
    pages += [(f"presets/{p}", slot_at(_preset_file(p), "summary").expected) for p in PRESET_IDS]
    return [pytest.param(path, expected, id=path) for path, expected in pages]


@pytest.mark.parametrize(("path", "expected"), described_pages())
def test_the_page_description_is_the_literal_text(hostile: Hostile, built_site: Path, path: str, expected: str) -> None:
    head, plain_head = page(hostile.site, path).head, page(built_site, path).head
    assert head is not None and plain_head is not None
    metas = head.select('meta[name="description"]')
    assert [str(meta.get("content")) for meta in metas] == [expected]
    # Material's own scripts are in the head of every page; the text must add none. (The
    # <title> has a test of its own.)
    assert injected(head) == injected(plain_head)
    assert element_counts(head) - element_counts(head.title) == element_counts(plain_head) - element_counts(
        plain_head.title
    )


# --- Around the article: navigation, table of contents, footer, <title> ------------------------


def region_problems(hostile_scope: Tag | None, plain_scope: Tag | None) -> list[str]:
    assert hostile_scope is not None and plain_scope is not None
    _, problems = literal_problems(hostile_scope)
    # Material's own scripts (the header has one) are on the real site as well.
    problems += list((Counter(injected(hostile_scope)) - Counter(injected(plain_scope))).elements())
    if element_counts(hostile_scope) != element_counts(plain_scope):
        extra = element_counts(hostile_scope) - element_counts(plain_scope)
        problems.append(f"elements differ from the real site's: extra {dict(extra)}")
    return problems


def regions_problems(hostile: Hostile, built_site: Path, selector: str) -> list[str]:
    problems = []
    for path in PAGES:
        hostile_soup, plain_soup = page(hostile.site, path), page(built_site, path)
        for soup in (hostile_soup, plain_soup):  # the changelog comes from the releases, which the copy has not
            for link in soup.select('nav a[href*="changes/"]'):
                item = link.find_parent("li") or link
                while (outer := item.find_parent("li")) is not None and all(
                    "changes/" in str(a.get("href")) for a in outer.select("a[href]")
                ):
                    item = outer
                if item.parent is not None:
                    item.decompose()
        hostile_regions, plain_regions = hostile_soup.select(selector), plain_soup.select(selector)
        assert len(hostile_regions) == len(plain_regions) >= 1, (path, selector)
        for hostile_region, plain_region in zip(hostile_regions, plain_regions, strict=True):
            problems += [f"{path}: {problem}" for problem in region_problems(hostile_region, plain_region)]
    return problems


def test_the_table_of_contents_shows_headings_as_text(hostile: Hostile, built_site: Path) -> None:
    assert regions_problems(hostile, built_site, "nav.md-nav--secondary") == []


def test_the_navigation_shows_preset_names_as_text(hostile: Hostile, built_site: Path) -> None:
    # The site's nav, the header's page title, the tabs and the previous/next links in the footer.
    for selector in ("nav.md-nav--primary", "header.md-header", "nav.md-footer__inner"):
        assert regions_problems(hostile, built_site, selector) == []


def test_the_footer_shows_the_catalogue_title_as_text(hostile: Hostile, built_site: Path) -> None:
    assert regions_problems(hostile, built_site, "div.md-copyright") == []
    copyright_ = page(hostile.site, OVERVIEW).select_one("div.md-copyright__highlight")
    assert copyright_ is not None
    version = _read(REPO / "catalog" / CATALOG)["version"]
    assert norm(copyright_.get_text()) == f"{slot_at(CATALOG, 'title').expected}: catalogue version {version}"


class _TitleReader(HTMLParser):
    """The document's <title> as a browser reads it: everything up to </title> is text (RCDATA),
    with entities decoded. BeautifulSoup's html.parser would make elements of tags inside it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.raw: list[str] = []
        self.state = "before"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title" and self.state == "before":
            self.state = "inside"
            self.set_cdata_mode(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title" and self.state == "inside":
            self.state = "after"

    def handle_data(self, data: str) -> None:
        if self.state == "inside":
            self.raw.append(data)


def document_title(file: Path) -> str:
    reader = _TitleReader()
    reader.feed(file.read_text(encoding="utf-8"))
    reader.close()
    return norm(html.unescape("".join(reader.raw)))


def test_the_title_element_names_each_preset_literally(hostile: Hostile) -> None:
    titles = {p: document_title(hostile.site / "presets" / p / "index.html") for p in PRESET_IDS}
    assert titles == {p: f"{name_of(p)} - {SITE_NAME}" for p in PRESET_IDS}


# --- Search index and exported configs -------------------------------------------------------


def search_docs(site: Path) -> list[dict[str, str]]:
    docs: list[dict[str, str]] = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    return docs


def fragment(text: str) -> BeautifulSoup:
    # Material's search shows titles and texts as HTML, so they are read back as HTML.
    return BeautifulSoup(f"<div>{text}</div>", "html.parser")


def test_the_search_index_holds_the_literal_text(hostile: Hostile) -> None:
    problems = []
    found: set[str] = set()
    for doc in search_docs(hostile.site):
        for field in ("title", "text"):
            parsed = fragment(doc[field])
            tags, wrong = literal_problems(parsed, skip_code=True)
            wrong += [f"{bad} added" for bad in injected(parsed)]
            problems += [f"{doc['location']} {field}: {problem}" for problem in wrong]
            found |= tags
    assert problems == []
    # Every field shown on a page can be found by searching for it.
    assert {slot.tag for slot in SLOTS if slot.pages} <= found


def exported_strings(node: Any) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from exported_strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from exported_strings(value)


def test_the_exported_configs_hold_the_catalogue_strings_unchanged(hostile: Hostile) -> None:
    configs = hostile.site / "configs"
    found: dict[str, list[str]] = {}
    for file in [configs / "index.json", *sorted((configs / "presets").glob("*.json"))]:
        for string in exported_strings(json.loads(file.read_text(encoding="utf-8"))):
            for tag in TAG.findall(string):
                found.setdefault(tag, []).append(string)
    # Exactly the YAML value: no escaping, no whitespace collapsed, wherever it is exported.
    assert {tag: set(strings) for tag, strings in found.items()} == {
        slot.tag: {slot.value} for slot in SLOTS if slot.exported
    }


def test_the_developers_example_is_the_exported_config(hostile: Hostile) -> None:
    heading = article(page(hostile.site, DEVELOPERS)).find(id="an-example")
    assert isinstance(heading, Tag)
    block = heading.find_next("pre")
    assert isinstance(block, Tag)
    example = json.loads(block.get_text())
    assert example["id"] == "crm"  # the one with an exception (for a system whose name is hostile)
    exported = json.loads((hostile.site / "configs" / "presets" / "crm.json").read_text("utf-8"))
    assert example == exported


# --- md_escape through Python-Markdown, with the extensions of mkdocs.yml ------------------------


HOSTILE_STRINGS = [
    *(template.replace("{tag}", "T") for template in PAYLOADS.values()),
    "\\",
    "ends with a backslash \\",
    "\\\\ two \\` escaped \\* marks \\\\",
    "a\tb\r\nc\u2028d\x0be",
    "  leading blanks",
    "two trailing blanks make a <br>  ",
    "< > & && &#0; &nbsp; &unknown; &#x1F600;",
    "<?php echo 1 ?> <![CDATA[x]]> </div> <span>",
    '<div markdown="1">**x**</div>',
    "<https://example.com> https://example.com/a_b_c www.example.com x@example.com",
    "![img](x.png) [link][ref] [ref] [^1]",
    "[ref]: https://evil.example",
    "***",
    "___",
    "+ x",
    "* x",
    "1) x",
    "~~~",
    "```",
    "    four blanks",
    ":+1: :material-alert: :octicons-download-16:",
    "«unicode» ✓ 😀 \u00ad soft\u200bzero",
    "\"double\" 'single'",
    "{: .cls } {#id}",
    "x_y_z snake_case_name __dunder__",
    "$$x$$ $y$",
    "/// note",
    "-->",
    "1\\. escaped",
    "a = b",
    "| a | b |",
    "???+ note",  # the '+' is escaped, so this one never opened a block
    "??? note",
    '??? danger "title"',
]


def line_start_params() -> list[Any]:
    """The strings, each as the whole Markdown source: the start of a line."""
    return list(HOSTILE_STRINGS)


@pytest.fixture(scope="module")
def md() -> markdown.Markdown:
    # The extensions and their settings exactly as mkdocs.yml declares them.
    config = load_config(str(REPO / "mkdocs.yml"))
    return markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)


def convert(md: markdown.Markdown, source: str) -> BeautifulSoup:
    md.reset()  # footnotes and the like are per document
    return BeautifulSoup(md.convert(source), "html.parser")


@pytest.mark.parametrize("text", line_start_params())
def test_md_escape_round_trips_through_markdown(md: markdown.Markdown, text: str) -> None:
    soup = convert(md, md_escape(text))
    assert [el.name for el in soup.find_all(True)] == ["p"]
    # A trailing blank may survive inside the paragraph; a reader cannot see it.
    assert soup.get_text().rstrip() == " ".join(text.split())


@pytest.mark.parametrize("text", HOSTILE_STRINGS)
def test_md_escape_keeps_a_table_cell_and_a_heading_whole(md: markdown.Markdown, text: str) -> None:
    expected = " ".join(text.split())
    source = f"| A | B | C |\n| --- | --- | --- |\n| {md_escape(text)} | x | y |\n\n## {md_escape(text)} {{ #fixed }}\n"
    soup = convert(md, source)
    [row] = soup.select("tbody tr")
    assert [cell.get_text().strip() for cell in row.find_all("td")] == [expected, "x", "y"]
    [heading] = soup.find_all(re.compile(r"^h[1-6]$"))
    assert heading.name == "h2" and heading.get("id") == "fixed"
    assert heading.get_text().removesuffix("¶").strip() == expected
    assert soup.find_all(["a", "em", "strong", "code", "img", "script", "details", "sup"]) == [
        heading.find("a", class_="headerlink")
    ]


# --- Single pages rendered from a catalogue copy, where one value would spoil the shared site --


def rendered_pages(catalog: Path) -> dict[str, str]:
    report = validate(catalog)
    assert report.catalog is not None and not report.errors, [p.as_text() for p in report.errors]
    return Renderer(report.catalog).pages()


def test_a_summary_opening_with_question_marks_stays_a_paragraph(catalog_copy: Path, md: markdown.Markdown) -> None:
    # A preset's summary opens a paragraph of its page: where '???' would open a collapsible block.
    value = '??? danger "HX99 details"'
    write_values(catalog_copy, {(_preset_file("crm"), ("summary",)): value})
    body, _ = get_data(rendered_pages(catalog_copy)["presets/crm.md"])
    soup = convert(md, body)
    assert soup.find("details") is None
    assert [norm(p.get_text()) for p in soup.find_all("p") if "HX99" in p.get_text()] == [value]


@pytest.mark.parametrize("char", ["\x7f", "\x9b", "\x02"], ids=["DEL", "CSI", "STX"])
def test_a_control_character_in_text_is_a_located_error(catalog_copy: Path, char: str) -> None:
    # Control characters are never meant in catalogue text, and Python-Markdown uses \x02 and
    # \x03 itself: the schema refuses them where they are written.
    write_values(catalog_copy, {(_preset_file("crm"), ("summary",)): f"HX99 {char} text"})
    report = validate(catalog_copy)
    assert [(p.file.endswith("presets/crm.yaml"), p.json_path, p.code) for p in report.errors] == [
        (True, "$.summary", "schema")
    ]


def test_a_noncharacter_in_a_summary_keeps_the_front_matter(catalog_copy: Path, md: markdown.Markdown) -> None:
    value = "HX99 \ufffe <script>alert(1)</script>"
    write_values(catalog_copy, {(_preset_file("crm"), ("summary",)): value})
    body, meta = get_data(rendered_pages(catalog_copy)["presets/crm.md"])
    # The theme prints the description into an attribute as it is, so it arrives HTML-escaped.
    assert meta == {"description": html.escape(" ".join(value.split()), quote=True)}
    assert convert(md, body).find_all("script") == []
