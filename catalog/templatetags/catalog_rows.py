"""The repeated rows of the catalog's detail pages: a program's courses and credit pathways, the
numbered source list, and the programs the compare page offers to add.

Written in Python rather than in templates, as the program cards are (catalog_cards): each row
through the template engine cost a tenth to a quarter of a millisecond (ten to forty nodes:
variables, filters, conditions, the `cite` and `in_usd` tags), most of a cold program page's
rendering. The HTML is the same, line breaks included; every figure is worded by the same filters
the templates use (catalog_format), and the notes are cited in the order the cells render, so
they are numbered as before.
"""

from django import template
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe

from catalog import formatting
from catalog.templatetags.catalog_format import (
    cite,
    hours_per_week,
    in_usd,
    money,
    money_range,
    months,
    percent_range,
)

register = template.Library()

CELL_BREAK = "\n            "  # a cell's line: the table's indentation in program_detail.html
NO_VALUE = formatting.EN_DASH


def _row(cells) -> str:
    return mark_safe("<tr>" + CELL_BREAK + CELL_BREAK.join(cells) + "\n          </tr>")


@register.simple_tag(takes_context=True)
def course_row(context, row):
    """`{% course_row row %}`: a course (`row.course`) and the labels of the courses it requires."""
    course = row.course
    code = format_html('<span class="muted">{}</span> ', course.code) if course.code else ""
    weeks_note = format_html(" {}", cite(context, course, "weeks")) if course.weeks else ""
    effort_note = format_html(" {}", cite(context, course, "effort")) if course.effort_hours_min else ""
    price = ""
    if course.price is not None:
        price = format_html(
            " {} {}{}",
            cite(context, course, "price", course.price_year),
            in_usd(context, course.price, course.price_currency, course.price_year),
            format_html_join(
                "",
                '<br><span class="muted small">was <span class="num">{}</span> in {}</span>',
                (
                    (
                        money(older.get("amount"), older.get("currency")),
                        older.get("year") or "an undated source",
                    )
                    for older in course.price_history
                ),
            ),
        )
    return _row(
        [
            format_html('<td class="reflow-hide">{}</td>', course.position),
            format_html('<th scope="row">{}{}</th>', code, course.title or "title not published"),
            format_html('<td data-label="Type">{}</td>', course.get_kind_display()),
            format_html(
                '<td class="figures" data-label="Weeks"><span class="num">{}</span>{}</td>',
                course.weeks or NO_VALUE,
                weeks_note,
            ),
            format_html(
                '<td data-label="Effort"><span class="num">{}</span>{}</td>',
                hours_per_week(course.effort_hours_min, course.effort_hours_max),
                effort_note,
            ),
            format_html(
                '<td class="figures price" data-label="Price"><span class="num">{}</span>{}</td>',
                money(course.price, course.price_currency),
                price,
            ),
            format_html('<td data-label="Requires">{}</td>', ", ".join(row.requires) or NO_VALUE),
        ]
    )


@register.simple_tag(takes_context=True)
def pathway_row(context, row, program):
    """`{% pathway_row row program %}`: a credit pathway (a views._PathwayRow) of `program`."""
    pathway, cost, direct = row.pathway, row.cost, row.direct
    degree = pathway.degree
    return _row(
        [
            _degree_cell(degree, pathway),
            _credit_cell(context, pathway, cost),
            format_html(
                '<td class="figures" data-label="Tuition left"><span class="num">{}</span>{}</td>',
                money_range(cost.remaining_tuition, cost.currency),
                format_html(
                    " {}", in_usd(context, cost.remaining_tuition.high, cost.currency, degree.tuition_year)
                )
                if cost.remaining_tuition
                else "",
            ),
            format_html('<td class="figures" data-label="Total via pathway">{}</td>', _total(cost, program)),
            format_html(
                '<td data-label="Time via pathway"><span class="num">{}</span></td>', months(cost.months)
            ),
            format_html(
                '<td class="figures" data-label="Degree directly"><span class="num">{}</span> {} {}'
                '<br><span class="small muted num">{}</span></td>',
                money(direct, degree.tuition_currency),
                cite(context, degree, "tuition", degree.tuition_year),
                in_usd(context, direct, degree.tuition_currency, degree.tuition_year),
                months((degree.months_min, degree.months_max)),
            ),
            format_html(
                '<td data-label="Status">{}{}</td>',
                pathway.get_status_display(),
                mark_safe('<br><span class="badge badge-warn">May be out of date</span>')
                if pathway.is_stale()
                else "",
            ),
        ]
    )


def _degree_cell(degree, pathway) -> str:
    lister = (
        format_html(' <span class="small muted">(as listed by {})</span>', pathway.degree_name_lister)
        if pathway.degree_name_lister
        else ""
    )
    return format_html(
        '<th scope="row"><a href="{}">{}</a>{}<br><span class="small muted">{}</span></th>',
        reverse("catalog:degree_detail", args=[degree.slug]),
        degree.title,
        lister,
        degree.university.name,
    )


def _credit_cell(context, pathway, cost) -> str:
    if pathway.credits_granted and pathway.credits_required:
        credit = format_html(
            '<span class="num">{} of {}</span> {} (<span class="num">{}</span>)',
            floatformat(pathway.credits_granted, "-2"),
            floatformat(pathway.credits_required, "-2"),
            pathway.credit_unit,
            percent_range(cost.share),
        )
    elif cost.share:
        credit = format_html('<span class="num">{}</span>', percent_range(cost.share))
    else:
        credit = "not published"
    words = (
        format_html('<br><span class="small muted">“{}”</span>', pathway.share_text)
        if pathway.share_text
        else ""
    )
    return format_html(
        '<td data-label="Credit">{} {}{}</td>', credit, cite(context, pathway, "credit"), words
    )


def _total(cost, program) -> str:
    if cost.total:
        return format_html('<span class="num">{}</span>', money_range(cost.total, program.currency))
    if cost.remaining_tuition and cost.currency != program.currency:
        return format_html(
            '<span class="num">{}</span> + <span class="num">{}</span>',
            money(program.price_from, program.currency),
            money_range(cost.remaining_tuition, cost.currency),
        )
    return mark_safe('<span class="num">not published</span>')


@register.simple_tag
def source_item(note):
    """`{% source_item note %}`: a source of the numbered list (a citations.Note), under its number."""
    source = note.source
    if source.url:
        title = format_html('<a href="{}" rel="noopener nofollow">{}</a>', source.url, source.title)
    else:
        title = format_html(
            '{} <span class="muted">({})</span>', source.title, source.locator or "no address published"
        )
    return format_html(
        '<li id="{}" value="{}">{}{} ({}){}</li>',
        note.anchor,
        note.number,
        title,
        format_html(", {}", source.publisher) if source.publisher else "",
        source.year or "undated",
        format_html(' <span class="muted">· {}</span>', source.kind_label) if source.kind else "",
    )


@register.simple_tag
def program_options(choices):
    """`{% program_options choices %}`: an <option> per program (anything with a slug and a title).

    Escaped directly rather than through format_html: at 10,000 programs the options are most of
    the compare page, and format_html's checks cost several times the escaping itself.
    """
    return mark_safe(
        "".join(
            f'<option value="{escape(choice.slug)}">{escape(choice.title)}</option>' for choice in choices
        )
    )
