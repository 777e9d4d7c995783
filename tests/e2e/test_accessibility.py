"""Accessibility gates in a real Chromium: axe-core on every page type, and the keyboard alone.

axe-core comes from node_modules (installed by `make test`) and is injected with page.evaluate, which
a strict Content-Security-Policy does not block (a <script> tag added to the page would be).
"""

import pytest

from tests.pages import PAGES
from tests.quality.tools import axe_source

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}


@pytest.fixture(scope="module")
def axe_script():
    return axe_source()


def describe(violations):
    lines = []
    for violation in violations:
        lines.append(
            f"{violation['id']} ({violation['impact']}): {violation['help']} <{violation['helpUrl']}>"
        )
        for node in violation["nodes"][:10]:
            lines.append(f"    {', '.join(map(str, node['target']))}")
            lines.extend(f"      {line}" for line in node["failureSummary"].splitlines()[1:])
        if len(violation["nodes"]) > 10:
            lines.append(f"    ... and {len(violation['nodes']) - 10} more")
    return "\n".join(lines)


def test_no_page_type_breaks_a_wcag_rule(site, page, axe_script, subtests):
    # One test for all pages, a subtest each: the catalog is loaded once, not once per page.
    for name, path in PAGES:
        with subtests.test(page=name):
            page.goto(site.url + path)
            page.evaluate(axe_script)

            results = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)

            violations = results["violations"]
            assert not violations, f"{name} ({path}) breaks WCAG 2.2 A/AA rules:\n{describe(violations)}"


# Every element the Tab key should reach, in document order (no positive tabindex on this site): the
# toggle of a disclosure too, but nothing inside a closed one (rendered for no one, so not focusable).
FOCUSABLE = """() => Array.from(document.querySelectorAll(
    'a[href], button, input:not([type="hidden"]), select, textarea, summary, [tabindex]:not([tabindex="-1"])'
  )).filter(element => !element.disabled && element.checkVisibility() && element.getClientRects().length > 0)
    .map(element => element.outerHTML.slice(0, 120))"""

# What has focus now, and whether it shows it: an outline or a box-shadow drawn around it.
FOCUSED = """() => {
  const element = document.activeElement;
  const style = getComputedStyle(element);
  const box = element.getBoundingClientRect();
  return {
    html: element.outerHTML.slice(0, 120),
    outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
    shadow: style.boxShadow !== 'none',
    width: box.width,
    height: box.height,
  };
}"""


def test_tab_reaches_every_control_on_the_programs_list_in_order_with_visible_focus(site, page):
    page.goto(site.url + "/programs/")
    expected = page.evaluate(FOCUSABLE)  # filters, results, compare boxes, paging: about 100 stops

    stops = []
    for _ in expected:
        page.keyboard.press("Tab")
        stops.append(page.evaluate(FOCUSED))

    assert len(expected) > 40, "the first page of 20 programs should give each a link and a compare box"
    assert "skip-link" in stops[0]["html"]
    assert [stop["html"] for stop in stops] == expected
    hidden = [stop["html"] for stop in stops if not (stop["outline"] or stop["shadow"])]
    assert not hidden, "no visible focus indicator on:\n" + "\n".join(hidden)
    invisible = [stop["html"] for stop in stops if stop["width"] < 1 or stop["height"] < 1]
    assert not invisible, "focus went to something not on screen:\n" + "\n".join(invisible)
