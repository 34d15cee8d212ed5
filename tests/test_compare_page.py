"""The Compare page read back from the built HTML: its matrix says Import and Export in words, and its
first-import table gives every preset's periods as the help page does, no more.

The periods are held to the page's transcription (tests/pagefacts.py), not to the catalogue they are
rendered from, so a wrong period in the catalogue or a wrong wording on the page both fail here."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from . import pagefacts
from .test_site import note_words, page, words

# The site writes the page's "2 year" as "2 years"; each period as the preset pages write it.
PERIOD_WORDS = {"7 days": "7 days", "10 years": "10 years", "1 year": "1 year", "2 year": "2 years"}
DATA_TYPE_LABEL = {data_type_id: label for label, data_type_id in pagefacts.DATA_TYPE_IDS.items()}
PRESET_NAME = {preset_id: name for name, preset_id in pagefacts.PRESET_IDS.items()}


@pytest.fixture(scope="module")
def soup(built_site: Path) -> BeautifulSoup:
    return page(built_site, "compare")


def one(scope: Tag, selector: str) -> Tag:
    found = scope.select_one(selector)
    assert found is not None, f"nothing at {selector!r}"
    return found


def periods_table(soup: BeautifulSoup) -> Tag:
    table = soup.select_one("article table.cp-periods")
    assert table is not None, "the Compare page has no first-import table"
    return table


def table_notes(table: Tag) -> Tag | None:
    """The notes block right after a table's scroll box, where its cells' markers lead."""
    after = table.find_parent("div", class_="md-typeset__scrollwrap")
    assert isinstance(after, Tag)
    block = after.find_next_sibling()
    return block if isinstance(block, Tag) and "cp-notes" in block.get_attribute_list("class") else None


def expected_cell(preset: str, data_type: str) -> str | None:
    """A first-import cell as the page gives it: the period in words, "(when possible)", and "(not
    imported)" where the page gives a period for data the preset's table does not import."""
    found = [entry for entry in pagefacts.FIRST_IMPORT[preset] if entry[0] == data_type]
    if not found:
        return None
    [(_, period, when_possible)] = found
    text = PERIOD_WORDS[period] + (" (when possible)" if when_possible else "")
    if data_type in pagefacts.PERIODS_NOT_IMPORTED.get(preset, ()):
        text += " (not imported)"
    return text


def test_the_matrix_header_says_import_and_export_in_words(soup: BeautifulSoup) -> None:
    matrix = soup.select_one("article table.cp-matrix")
    assert matrix is not None
    [groups, directions] = matrix.select("thead tr")
    data_types = [words(th) for th in groups.select("th[scope=colgroup]")]
    assert data_types == list(pagefacts.DATA_TYPE_IDS)
    assert [words(th) for th in directions.select("th")] == ["Import", "Export"] * len(data_types)
    # No abbreviation whose hover text would be the only explanation (a phone has no hover).
    assert matrix.select("abbr") == []
    caption = words(one(matrix, "caption"))
    assert "Import into Connect" in caption and "Export from Connect to the platform" in caption


def test_every_first_import_period_is_the_pages(soup: BeautifulSoup) -> None:
    table = periods_table(soup)
    columns = [words(th) for th in table.select("thead th")]
    assert columns[0] == "Preset"
    # A column for each data type the page gives any period for, in the page's order of data types.
    given = {data_type for entries in pagefacts.FIRST_IMPORT.values() for data_type, _, _ in entries}
    assert columns[1:] == [label for label in pagefacts.DATA_TYPE_IDS if label in given]
    rows = table.select("tbody tr")
    assert [words(one(row, "th[scope=row]")) for row in rows] == list(pagefacts.FIRST_IMPORT)
    for row in rows:
        preset = words(one(row, "th[scope=row]"))
        cells = row.select("td")
        assert len(cells) == len(columns) - 1
        for label, cell in zip(columns[1:], cells, strict=True):
            assert DATA_TYPE_LABEL[str(cell["data-data-type"])] == label
            assert PRESET_NAME[str(cell["data-preset"])] == preset
            expected = expected_cell(preset, label)
            if expected is None:
                # Nothing to see; a screen reader hears that the page gives no period.
                hidden = cell.select(".cp-visually-hidden")
                assert [words(h) for h in hidden] == ["no period given"], (preset, label)
                assert "data-period" not in cell.attrs
                continue
            copy = BeautifulSoup(str(cell), "html.parser")
            for sup in copy.select("sup"):
                sup.extract()
            assert words(copy) == expected, (preset, label)
            period = next(p for d, p, _ in pagefacts.FIRST_IMPORT[preset] if d == label)
            assert cell["data-period"] == pagefacts.ISO_PERIODS[period], (preset, label)


def test_periods_for_data_not_imported_lead_to_the_pages_contradiction(soup: BeautifulSoup) -> None:
    table = periods_table(soup)
    notes = table_notes(table)
    marked: dict[tuple[str, str], str] = {}
    for cell in table.select("td.cp-period"):
        key = (PRESET_NAME[str(cell["data-preset"])], DATA_TYPE_LABEL[str(cell["data-data-type"])])
        for ref in cell.select("sup.cp-note-ref a"):
            assert notes is not None
            [note] = notes.select(f'[id="{str(ref["href"]).removeprefix("#")}"]')
            marked[key] = note_words(note)
    expected = {(preset, label) for preset, labels in pagefacts.PERIODS_NOT_IMPORTED.items() for label in labels}
    assert marked.keys() == expected
    for (preset, label), text in marked.items():
        # The note names where it applies, then says what the preset pages say beside the period.
        assert f"{preset}, {label}" in text and "help page gives this period" in text, text
