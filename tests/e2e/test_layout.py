"""Every page type reads well at phone, tablet and desktop widths, in a real Chromium.

At each width, on each page of tests/pages.py: nothing is wider than the window unless it sits in a
box that scrolls on its own (a .table-wrap); every figure marked .num stays on one line; no table
cell is narrower than its longest word, so no word breaks inside a cell. A full-page screenshot of
each page and width goes to test-artifacts/layout/<database>/ (LAYOUT_ARTIFACTS overrides it), for
CI to keep and for people to look at.

The screenshots cost more than the checks (a PNG of a tall page takes longer than the page), and
pages differ between the databases only in their data, so LAYOUT_SCREENSHOTS=0 leaves them out:
CI (.ci/run) takes them in its SQLite run only, and runs every check on both databases.
"""

import os
from pathlib import Path

import pytest
from django.db import connection

from tests.pages import PAGES

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

# Width: a common screen height at that width (phone, tablet, laptop).
VIEWPORTS = {375: 667, 768: 1024, 1280: 800}

# Elements reaching past the window's right or left edge with no scrolling box around them.
OVERFLOWING = """() => {
  const width = document.documentElement.clientWidth;
  const scrolls = element => {
    for (let box = element.parentElement; box; box = box.parentElement) {
      if (['auto', 'scroll'].includes(getComputedStyle(box).overflowX)) return true;
    }
    return false;
  };
  const wide = [];
  for (const element of document.body.querySelectorAll('*')) {
    if (!element.checkVisibility() || element.closest('.visually-hidden, .skip-link')) continue;
    const box = element.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    if ((box.right > width + 0.5 || box.left < -0.5) && !scrolls(element)) {
      wide.push(`${element.tagName.toLowerCase()}.${element.className} (${Math.round(box.left)} to ${Math.round(box.right)})`);
    }
  }
  return {page: document.documentElement.scrollWidth - width, wide: wide.slice(0, 5)};
}"""

# How many lines a set of client rects lies on: a rect starting below the current line opens a new one.
LINES = """rects => {
  const boxes = Array.from(rects).filter(r => r.width > 0 && r.height > 0).sort((a, b) => a.top - b.top);
  let lines = 0, bottom = -Infinity;
  for (const r of boxes) {
    if (r.top >= bottom - 1) { lines += 1; bottom = r.bottom; } else { bottom = Math.max(bottom, r.bottom); }
  }
  return lines;
}"""

# Shown to sighted readers: rendered, and not clipped away for screen readers only (.visually-hidden,
# the header row of a table that reads as a list on a phone).
SHOWN = """element => {
  if (!element.checkVisibility()) return false;
  for (let box = element; box; box = box.parentElement) {
    const style = getComputedStyle(box);
    if (style.clipPath !== 'none' || style.clip !== 'auto') return false;
  }
  return true;
}"""

# Every visible .num and the number of lines its content takes.
FIGURES = f"""() => {{
  const lines = {LINES}, shown = {SHOWN};
  return Array.from(document.querySelectorAll('.num')).filter(shown).map(element => {{
    const range = document.createRange();
    range.selectNodeContents(element);
    return {{text: element.textContent.trim(), lines: lines(range.getClientRects())}};
  }});
}}"""

# Words of table cells that break over two lines or stick out of their cell. Hyphens, dashes and
# slashes are places a line may break, so they separate words here too.
CELLS = f"""() => {{
  const lines = {LINES}, shown = {SHOWN};
  const bad = [];
  let cells = 0;
  for (const cell of document.querySelectorAll('main td, main th')) {{
    if (!shown(cell)) continue;
    cells += 1;
    const style = getComputedStyle(cell);
    const room = cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {{
      if (!shown(node.parentElement)) continue;
      for (const word of node.data.matchAll(/[^\\s\\u2010-\\u2015\\/-]+/g)) {{
        const range = document.createRange();
        range.setStart(node, word.index);
        range.setEnd(node, word.index + word[0].length);
        const split = lines(range.getClientRects()) > 1;
        if (split || range.getBoundingClientRect().width > room + 1) {{
          bad.push(`${{word[0]}} (${{split ? 'split' : 'wider than'}} its ${{Math.round(room)}} px cell)`);
        }}
      }}
    }}
  }}
  return {{cells, bad: bad.slice(0, 8)}};
}}"""

FIRST_CARD_TOP = "() => document.querySelector('.program-card').getBoundingClientRect().top + window.scrollY"


def artifacts_folder():
    """Where the screenshots go; None with LAYOUT_SCREENSHOTS=0."""
    if os.environ.get("LAYOUT_SCREENSHOTS", "1") == "0":
        return None
    folder = Path(os.environ.get("LAYOUT_ARTIFACTS", "test-artifacts/layout")) / connection.vendor
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.mark.parametrize("width", list(VIEWPORTS))
def test_every_page_type_keeps_its_figures_and_words_whole_and_fits_the_window(site, page, subtests, width):
    page.set_viewport_size({"width": width, "height": VIEWPORTS[width]})
    folder = artifacts_folder()
    figures_seen = cells_seen = 0

    for name, path in PAGES:
        with subtests.test(page=name, width=width):
            page.goto(site.url + path)
            if folder:
                page.screenshot(path=str(folder / f"{width}-{name.replace(' ', '-')}.png"), full_page=True)

            overflow = page.evaluate(OVERFLOWING)
            figures = page.evaluate(FIGURES)
            cells = page.evaluate(CELLS)

            figures_seen += len(figures)
            cells_seen += cells["cells"]
            assert overflow["page"] <= 0 and not overflow["wide"], (
                f"{name} at {width} px is wider than the window: {overflow}"
            )
            broken = [figure["text"] for figure in figures if figure["lines"] != 1]
            assert not broken, f"{name} at {width} px breaks figures over lines: {broken}"
            assert not cells["bad"], (
                f"{name} at {width} px has cells narrower than their words: {cells['bad']}"
            )

    # Guards the checks above: they looked at real figures and tables, not at empty pages.
    assert figures_seen > 100
    assert cells_seen > 100


def test_the_first_program_shows_within_the_first_screen_of_a_phone(site, page):
    page.set_viewport_size({"width": 375, "height": VIEWPORTS[375]})
    page.goto(site.url + "/programs/?university=mit&price_max=2000&sort=price")  # with filter chips
    filtered_top = page.evaluate(FIRST_CARD_TOP)
    page.goto(site.url + "/programs/")

    top = page.evaluate(FIRST_CARD_TOP)

    assert top < VIEWPORTS[375], f"the first program starts {top} px down, below the first screen"
    assert filtered_top < VIEWPORTS[375], (
        f"with filters in use, the first program starts {filtered_top} px down"
    )
    summary = page.locator(".filter-panel > summary")
    assert summary.is_visible()
    assert not page.get_by_label("Total price up to (USD)").is_visible()
    summary.click()
    assert page.get_by_label("Total price up to (USD)").is_visible()
