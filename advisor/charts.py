"""Geometry for the result page's bar charts, drawn as inline SVG by the template.

Pure Python: rows in, bars with coordinates out. Each row's words (the path, its value, and
"recommended") are wrapped onto as many lines as they need above its bar, never cut. A row
without a comparable value gets no bar; the template's table is the charts' text alternative.
"""

import textwrap
from dataclasses import dataclass
from decimal import Decimal

from catalog import formatting

WIDTH = 640
LINE_CHARS = 62  # characters a line of the chart's text holds at its font size
LINE_HEIGHT = 18
BAR_HEIGHT = 18
GAP = 14  # below each bar
TOP = 4


@dataclass(frozen=True)
class Row:
    key: str  # a path name ("micromasters", "pathway", ...): the bar's CSS class
    label: str
    value: Decimal | int | None  # None: not drawn (not published, or not comparable)
    value_label: str
    chosen: bool = False


@dataclass(frozen=True)
class Line:
    text: str
    y: int  # baseline


@dataclass(frozen=True)
class Bar:
    key: str
    label: str
    value_label: str
    chosen: bool
    lines: tuple[Line, ...]  # the row's words, wrapped, above its bar
    bar_y: int
    width: int  # 0 when there is no bar


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bar_height: int
    bars: tuple[Bar, ...]


def bar_chart(rows: list[Row]) -> Chart:
    """Horizontal bars scaled to the largest value; every row keeps its whole label and value."""
    largest = max((row.value for row in rows if row.value is not None), default=0)
    bars = []
    y = TOP
    for row in rows:
        words = f"{row.label}: {row.value_label}" + (" (recommended)" if row.chosen else "")
        lines = []
        for text in textwrap.wrap(words, LINE_CHARS):
            y += LINE_HEIGHT
            lines.append(Line(text, y - 4))
        width = 0
        if row.value is not None and largest > 0 and row.value > 0:
            # A non-zero value always shows at least a sliver, so it never looks like nothing.
            width = max(2, round(WIDTH * Decimal(row.value) / Decimal(largest)))
        bars.append(Bar(row.key, row.label, row.value_label, row.chosen, tuple(lines), y, width))
        y += BAR_HEIGHT + GAP
    return Chart(WIDTH, y + TOP, BAR_HEIGHT, tuple(bars))


def cost_chart(paths, chosen) -> Chart:
    """What each path costs the learner: the one amount the page shows for it (`PathCost.amount`)."""
    return bar_chart(
        [Row(path.path, path.label, path.amount, path.amount_words, path is chosen) for path in paths]
    )


def months_chart(paths, chosen) -> Chart:
    rows = [
        Row(
            path.path,
            path.label,
            path.months,
            formatting.months(path.months) if path.months is not None else "not published",
            path is chosen,
        )
        for path in paths
    ]
    return bar_chart(rows)
