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
    span = WIDTH - 130
    assert widths == [round(span * 1350 / 74000), span, 0, 0]
    assert [bar.value_label for bar in chart.bars][2] == "€12,150, not converted"
    assert chart.bars[1].chosen is True
    assert chart.height == 4 * 2 + 48 * 4
    assert all(bar.value_x == bar.width + 6 for bar in chart.bars)


def test_a_tiny_value_still_shows_a_sliver():
    chart = bar_chart([Row("a", "A", Decimal(1), "$1"), Row("b", "B", Decimal(1_000_000), "$1,000,000")])

    assert chart.bars[0].width == 2


def test_nothing_to_draw_gives_no_bars():
    chart = bar_chart([Row("a", "A", None, "not published")])

    assert chart.bars[0].width == 0
