from decimal import Decimal

from advisor.charts import WIDTH, Row, bar_chart


def test_bars_scale_to_the_largest_value_and_keep_every_row():
    chart = bar_chart(
        [
            Row("micromasters", "MicroMasters only", Decimal(1350), "$1,350"),
            Row("masters", "Master's directly", Decimal(74000), "$74,000", chosen=True),
            Row("pathway", "Pathway", None, "€12,150, not converted"),
            Row("audit", "Audit", Decimal(0), "$0"),
        ]
    )

    widths = [bar.width for bar in chart.bars]
    assert widths == [round(WIDTH * 1350 / 74000), WIDTH, 0, 0]
    assert [bar.value_label for bar in chart.bars][2] == "€12,150, not converted"
    assert chart.bars[1].chosen is True
    assert [line.text for line in chart.bars[1].lines] == ["Master's directly: $74,000 (recommended)"]
    # Four rows of one line each: 4 + 4 x (18 + 18 + 14) + 4.
    assert chart.height == 4 + 4 * (18 + 18 + 14) + 4


def test_a_long_label_wraps_onto_more_lines_and_is_never_cut():
    label = "MicroMasters, then Master of Science in Management Science and Engineering (MS&E)"
    value = "at least $2,465.58 (the rest is not published)"

    chart = bar_chart([Row("pathway", label, Decimal(2465), value, chosen=True)])

    lines = [line.text for line in chart.bars[0].lines]
    assert len(lines) > 1 and all(len(line) <= 62 for line in lines)
    assert " ".join(lines) == f"{label}: {value} (recommended)"
    assert chart.bars[0].bar_y == chart.bars[0].lines[-1].y + 4


def test_a_tiny_value_still_shows_a_sliver():
    chart = bar_chart([Row("a", "A", Decimal(1), "$1"), Row("b", "B", Decimal(1_000_000), "$1,000,000")])

    assert chart.bars[0].width == 2


def test_nothing_to_draw_gives_no_bars():
    chart = bar_chart([Row("a", "A", None, "not published")])

    assert chart.bars[0].width == 0
