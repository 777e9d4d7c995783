"""Geometry for the result page's bar charts, drawn as inline SVG by the template.

Pure Python: rows in, bars with coordinates out. A row without a comparable value gets no bar
and says why in its value label; the template's table is the charts' text alternative.
"""

from dataclasses import dataclass
from decimal import Decimal

from catalog import formatting

WIDTH = 640
VALUE_SPACE = 130  # room right of the longest bar for its value label
ROW_HEIGHT = 48  # a label line above each bar
LABEL_BASELINE = 15
BAR_TOP = 21
BAR_HEIGHT = 18
TOP = 4


@dataclass(frozen=True)
class Row:
    key: str  # a path name ("micromasters", "pathway", ...): the bar's CSS class
    label: str
    value: Decimal | int | None  # None: not drawn (not published, or not comparable)
    value_label: str
    chosen: bool = False


@dataclass(frozen=True)
class Bar:
    key: str
    label: str
    value_label: str
    chosen: bool
    label_y: int  # baseline of the label, above the bar
    bar_y: int
    value_y: int  # baseline of the value, beside the bar
    width: int  # 0 when there is no bar
    value_x: int


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bar_height: int
    bars: tuple[Bar, ...]


def bar_chart(rows: list[Row]) -> Chart:
    """Horizontal bars scaled to the largest value; every row keeps its label and its value."""
    span = WIDTH - VALUE_SPACE
    largest = max((row.value for row in rows if row.value is not None), default=0)
    bars = []
    for index, row in enumerate(rows):
        y = TOP + index * ROW_HEIGHT
        width = 0
        if row.value is not None and largest > 0:
            # A non-zero value always shows at least a sliver, so it never looks like nothing.
            width = max(2, round(span * Decimal(row.value) / Decimal(largest))) if row.value > 0 else 0
        bars.append(
            Bar(
                key=row.key,
                label=row.label,
                value_label=row.value_label,
                chosen=row.chosen,
                label_y=y + LABEL_BASELINE,
                bar_y=y + BAR_TOP,
                value_y=y + BAR_TOP + BAR_HEIGHT - 4,
                width=width,
                value_x=width + 6,
            )
        )
    return Chart(WIDTH, TOP * 2 + ROW_HEIGHT * len(rows), BAR_HEIGHT, tuple(bars))


def cost_chart(paths, chosen) -> Chart:
    """What each path costs you (after employer support), in US dollars; others are not drawn."""
    rows = []
    for path in paths:
        amount = path.out_of_pocket if path.out_of_pocket is not None else path.cost
        if amount is not None and path.currency == "USD":
            rows.append(
                Row(path.path, path.label, amount, formatting.money(amount, path.currency), path is chosen)
            )
        elif amount is not None:
            label = f"{formatting.money(amount, path.currency)}, not converted"
            rows.append(Row(path.path, path.label, None, label, path is chosen))
        else:
            rows.append(Row(path.path, path.label, None, "not published", path is chosen))
    return bar_chart(rows)


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
