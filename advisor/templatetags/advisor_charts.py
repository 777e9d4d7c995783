"""The result page's bar charts (advisor/charts.py) as inline SVG, written in Python.

Through the template engine, with a loop per bar and per line of its words, the two charts cost
about a third of the result page's rendering. The HTML is the same as the template wrote.
"""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag
def bar_chart(chart, chart_id: str, title: str, summary: str) -> SafeString:
    """A figure with the chart's bars, each with its words wrapped above it, titled and described."""
    return format_html(
        '\n<figure class="chart">\n  <svg viewBox="0 0 {} {}" role="img" aria-labelledby="{}-title {}-desc">\n'
        '    <title id="{}-title">{}</title>\n    <desc id="{}-desc">{}</desc>\n    {}\n  </svg>\n'
        "  <figcaption>{}. {}</figcaption>\n</figure>\n",
        chart.width,
        chart.height,
        chart_id,
        chart_id,
        chart_id,
        title,
        chart_id,
        format_html_join("", "{}: {}. ", ((bar.label, bar.value_label) for bar in chart.bars)),
        SafeString("".join(_bar(bar, chart.bar_height) for bar in chart.bars)),
        title,
        summary,
    )


def _bar(bar, height: int) -> SafeString:
    return format_html(
        '\n      <g class="chart-row{}">\n        {}\n        {}\n      </g>\n    ',
        " chart-chosen" if bar.chosen else "",
        format_html_join(
            "",
            '<text x="0" y="{}" class="chart-label">{}</text>',
            ((line.y, line.text) for line in bar.lines),
        ),
        format_html(
            '<rect x="0" y="{}" width="{}" height="{}" rx="3" class="bar bar-{}"></rect>',
            bar.bar_y,
            bar.width,
            height,
            bar.key,
        )
        if bar.width
        else "",
    )
