"""Every page on a phone (390 px, touch) and on a desktop (1280 px), in both palettes: no page is wider
than the screen, a table that does not fit scrolls in its own box with a visible cue and clips no text,
and the compare page's preset names stay in view while its tables scroll sideways.

One browser context per width and palette, one page reused for every built page: a failure lists every
offending page at once, with the elements that stick out."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import pytest

from generator import Catalog

from .conftest import PHONE, SCREEN_IDS, SCREENS, open_page

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

Scheme = Literal["light", "dark"]

# How wide the document is, and where it is wider than the viewport, the elements that make it so: those
# whose right edge passes the viewport and that no box clips. A box clips an element only if it is one of
# the element's containing blocks: an absolutely positioned element escapes a scroll box that is not
# positioned (that is how the compare page's screen-reader text once widened it).
_OVERFLOW_JS = """(width) => {
  const root = document.documentElement;
  const result = {html: root.scrollWidth, body: document.body.scrollWidth, offenders: []};
  if (result.html <= width && result.body <= width) return result;
  const clipped = el => {
    let mode = getComputedStyle(el).position;
    for (let box = el.parentElement; box && box !== document.body && box !== root; box = box.parentElement) {
      const style = getComputedStyle(box);
      const contains = mode === "fixed" ? style.transform !== "none"
                     : mode === "absolute" ? style.position !== "static" : true;
      if (!contains) continue;
      if (style.overflowX !== "visible") return true;
      mode = ["absolute", "fixed"].includes(style.position) ? style.position : "static";
    }
    return mode === "fixed";
  };
  const name = el => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
    + [...el.classList].map(c => "." + c).join("")
    + ` "${el.textContent.replace(/\\s+/g, " ").trim().slice(0, 40)}"`;
  const found = [];
  for (const el of document.body.querySelectorAll("*")) {
    const right = el.getBoundingClientRect().right;
    if (right > width + 0.5 && !clipped(el)) found.push([right, name(el)]);
  }
  found.sort((a, b) => b[0] - a[0]);
  result.offenders = found.slice(0, 3).map(([right, what]) => `${what} reaches ${Math.round(right)}px`);
  return result;
}"""

# Every table: does it fit the screen, or scroll in its own box that fits, shows a cue that there is more
# (the box's edge shadows, painted as background gradients) and clips none of the table's text?
_TABLES_JS = """(width) => [...document.querySelectorAll("article table")].map((table, index) => {
  const fits = el => el.getBoundingClientRect().right <= width + 0.5 && el.getBoundingClientRect().left >= -0.5;
  let box = table.parentElement;
  while (box && getComputedStyle(box).overflowX === "visible") box = box.parentElement;
  const scrolls = box !== null && box !== document.body && ["auto", "scroll"].includes(getComputedStyle(box).overflowX);
  const clipping = [table, ...table.querySelectorAll("th, td, caption")].filter(el =>
    getComputedStyle(el).overflowX !== "visible" && el.scrollWidth > el.clientWidth + 1
    || getComputedStyle(el).textOverflow === "ellipsis" && el.scrollWidth > el.clientWidth + 1);
  return {index, head: table.querySelector("th, td")?.textContent.trim().slice(0, 30) ?? "",
          fits: fits(table), scrolls, boxFits: scrolls && fits(box),
          overflowing: scrolls && box.scrollWidth > box.clientWidth + 1,
          cue: scrolls && getComputedStyle(box).backgroundImage.includes("gradient"),
          clipped: clipping.map(el => el.tagName.toLowerCase() + ' "' + el.textContent.trim().slice(0, 30) + '"')};
})"""


def built_pages(built_site: Path) -> list[str]:
    """Every page the build wrote, as a path under the site's root, and the 404 page."""
    pages = sorted(
        "" if html.parent == built_site else f"{html.parent.relative_to(built_site).as_posix()}/"
        for html in built_site.rglob("index.html")
    )
    return [*pages, "404.html"]


def test_the_site_has_the_pages_this_file_covers(built_site: Path, catalog: Catalog) -> None:
    # The loops below visit whatever was built; this says that that is every page, not a few.
    pages = set(built_pages(built_site))
    expected = {"", "onboarding-presets/", "compare/", "choose/", "connection-order/", "plan/", "examples/"}
    expected |= {"developers/", *(f"presets/{preset.id}/" for preset in catalog.presets)}
    assert expected <= pages, f"pages missing from the build: {sorted(expected - pages)}"
    assert len(pages) >= 17


@pytest.mark.parametrize("screen", SCREENS, ids=SCREEN_IDS, indirect=True)
def test_no_page_is_wider_than_the_screen(screen: Page, built_site: Path) -> None:
    width = screen.viewport_size["width"] if screen.viewport_size else 0
    wider = []
    for path in built_pages(built_site):
        open_page(screen, path)
        found: dict[str, Any] = screen.evaluate(_OVERFLOW_JS, width)
        if found["html"] != width or found["body"] > width:
            why = "; ".join(found["offenders"]) or "no single element found"
            wider.append(f"/{path}: document {found['html']}px, body {found['body']}px wide: {why}")
    assert not wider, f"pages wider than the {width}px screen:\n  " + "\n  ".join(wider)


@pytest.mark.parametrize("screen", SCREENS, ids=SCREEN_IDS, indirect=True)
def test_no_table_is_cut_off(screen: Page, built_site: Path) -> None:
    width = screen.viewport_size["width"] if screen.viewport_size else 0
    problems, scrolling = [], 0
    for path in built_pages(built_site):
        open_page(screen, path)
        for table in screen.evaluate(_TABLES_JS, width):
            where = f"/{path} table {table['index'] + 1} ({table['head']!r})"
            if table["clipped"]:
                problems.append(f"{where} clips its text: {', '.join(table['clipped'])}")
            if not table["fits"] and not table["boxFits"]:
                problems.append(f"{where} is wider than the screen and does not scroll in a box of its own")
            if table["overflowing"]:
                scrolling += 1
                if not table["cue"]:
                    problems.append(f"{where} scrolls sideways with no cue that it does")
    assert not problems, "\n".join(problems)
    if width == PHONE:
        # The compare matrix alone cannot fit a phone: the check of the cue above saw at least that one.
        assert scrolling >= 1


@pytest.mark.parametrize("screen", [(PHONE, "light"), (PHONE, "dark")], ids=["light", "dark"], indirect=True)
def test_the_compare_tables_keep_the_preset_names_in_view_on_a_phone(screen: Page, catalog: Catalog) -> None:
    open_page(screen, "compare/")
    for table in ("table.cp-matrix", "table.cp-periods"):
        # Scrolled to the far end, each row's name is still at the box's left edge, on top of the cells
        # sliding under it (what a reader's tap there hits), with an opaque background.
        rows: list[dict[str, Any]] = screen.evaluate(
            """(selector) => {
              const table = document.querySelector(selector);
              const box = table.closest(".md-typeset__scrollwrap");
              box.scrollLeft = box.scrollWidth;
              const left = box.getBoundingClientRect().left;
              return [...table.querySelectorAll("tbody th[scope=row]")].map(th => {
                // Into view vertically only (scrollIntoView would scroll the box back sideways).
                window.scrollTo(0, window.scrollY + th.getBoundingClientRect().top - innerHeight / 2);
                const r = th.getBoundingClientRect();
                const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
                return {name: th.textContent.trim(), scrolled: box.scrollLeft, offset: r.left - left,
                        onTop: th.contains(hit), background: getComputedStyle(th).backgroundColor};
              });
            }""",
            table,
        )
        assert [row["name"] for row in rows] == [preset.name for preset in catalog.presets]
        for row in rows:
            assert abs(row["offset"]) <= 1, f"{table}: {row['name']!r} scrolled away ({row})"
            assert row["onTop"], f"{table}: a cell covers {row['name']!r}"
            assert row["background"].startswith("rgb(") or row["background"].endswith(", 1)"), row
        assert rows[0]["scrolled"] > 0 or table == "table.cp-periods", f"{table} did not scroll on a phone"
