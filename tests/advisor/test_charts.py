from decimal import Decimal
from xml.etree import ElementTree

from django.template import Context, Template

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


def test_the_chart_is_drawn_as_svg_with_its_words_escaped_and_no_bar_for_no_value():
    chart = bar_chart(
        [
            Row("micromasters", "R&D <MicroMasters>", Decimal(1000), "$1,000", chosen=True),
            Row("pathway", "Pathway", None, "not published"),
        ]
    )
    html = Template('{% load advisor_charts %}{% bar_chart chart "c" "Costs" "In dollars." %}').render(
        Context({"chart": chart})
    )

    figure = ElementTree.fromstring(html.strip())  # well-formed: every word escaped
    svg = figure.find("svg")
    assert svg.get("viewBox") == f"0 0 {WIDTH} {chart.height}"
    assert svg.find("title").text == "Costs"
    assert svg.find("desc").text == "R&D <MicroMasters>: $1,000. Pathway: not published. "
    rows = svg.findall("g")
    assert [row.get("class") for row in rows] == ["chart-row chart-chosen", "chart-row"]
    assert [text.text for text in rows[0].findall("text")] == ["R&D <MicroMasters>: $1,000 (recommended)"]
    assert rows[0].find("rect").get("width") == str(WIDTH)
    assert rows[1].find("rect") is None
    assert figure.find("figcaption").text == "Costs. In dollars."
