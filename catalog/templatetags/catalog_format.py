"""Template filters over catalog.formatting, so every page formats figures the same way."""

from decimal import Decimal

from django import template
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from catalog import exchange, formatting
from catalog.citations import Citations
from catalog.models import STALE_AFTER_MONTHS, add_months

register = template.Library()


@register.filter
def money(amount, currency="USD"):
    return formatting.money(amount, currency)


@register.filter
def money_range(value, currency="USD"):
    """{{ range|money_range:"USD" }} for a costs.Range (or None)."""
    if value is None:
        return formatting.NOT_PUBLISHED
    return formatting.money_range(value.low, value.high, currency)


@register.filter
def months(value):
    """A (low, high) pair or a single number of months."""
    if isinstance(value, tuple):
        return formatting.months(*value)
    return formatting.months(value)


@register.filter
def weeks(value):
    return formatting.weeks(value)


@register.filter
def percent(value):
    return formatting.percent(value)


@register.filter
def percent_range(value):
    if value is None:
        return formatting.NOT_PUBLISHED
    return formatting.percent_range(value.low, value.high)


@register.simple_tag
def hours_per_week(low, high):
    return formatting.hours_per_week(low, high)


@register.simple_tag
def month_range(low, high):
    return formatting.months(low, high)


@register.filter
def program_price(program):
    """The total with every fee; for income-based pricing the range, marked as such."""
    if program.total_price is not None:
        return formatting.money(program.total_price, program.currency)
    if program.income_total_min is not None:
        spread = formatting.money_range(program.income_total_min, program.income_total_max, program.currency)
        return f"{spread} (by income)"
    return formatting.NOT_PUBLISHED


@register.filter
def price_years(program):
    """The year(s) of the prices behind a program's total: '2017', '2020-2021' (with an en dash), or ''."""
    if program.total_summed:
        years = [y for y in (program.paid_year_min, program.paid_year_max, program.exam_fee_year) if y]
        if not years:
            return ""
        low, high = min(years), max(years)
        return str(low) if low == high else f"{low}{formatting.EN_DASH}{high}"
    if program.total_price is not None and program.published_total_year:
        return str(program.published_total_year)
    return ""


@register.filter
def program_months(program):
    return formatting.months(program.calendar_months_min, program.calendar_months_max)


@register.filter
def program_effort(program):
    return formatting.hours_per_week(program.effort_hours_min, program.effort_hours_max)


@register.filter
def radio_label(bound_field):
    """The label of the chosen option of a bound choice field."""
    return dict(bound_field.field.choices).get(bound_field.value(), "")


def _note_links(notes) -> str:
    links = format_html_join(
        ", ",
        '<a href="#{}"><span class="visually-hidden">source </span>{}</a>',
        ((n.anchor, n.number) for n in notes),
    )
    return format_html('<sup class="cite">[{}]</sup>', links) if notes else ""


@register.simple_tag(takes_context=True)
def cite(context, record, figure, year=None):
    """The numbered notes of the sources that state `figure` of `record`, with its year.

    `year` is the figure's own year where it has one (a price); otherwise the newest year of its
    sources is shown. Nothing when no source states the figure.
    """
    keys = (getattr(record, "figure_sources", None) or {}).get(figure) or []
    return cite_sources(context, keys, year)


@register.simple_tag(takes_context=True)
def cite_sources(context, keys, year=None):
    """The numbered notes of these sources, with the figure's year (or else the newest source's)."""
    citations = context.get("citations")
    if citations is None or not keys:
        return ""
    notes = citations.cite(keys)
    year = year or citations.year(keys)
    dated = format_html('<span class="muted small">({})</span>', year) if year else ""
    return format_html('<span class="note">{}{}</span>', dated, _note_links(notes))


@register.simple_tag(takes_context=True)
def in_usd(context, amount, currency, year=None):
    """' (about $298 at the rate of 30 Sep 2021 [n])' beside an amount in another currency."""
    if amount is None or currency in ("", "USD"):
        return ""
    conversion = exchange.usd_amount(Decimal(str(amount)), currency, year, context.get("rates") or {})
    if conversion is None:
        return format_html('<span class="muted small">(no exchange rate to US dollars on file)</span>')
    citations = context.get("citations")
    notes = citations.cite([conversion.rate.source_key]) if citations else []
    rate = conversion.rate
    stale = add_months(rate.date, STALE_AFTER_MONTHS) < timezone.localdate()
    return format_html(
        '<span class="converted small">(about <span class="num">{}</span> at {}{}{})</span>',
        formatting.rounded_money(conversion.amount_usd),
        formatting.rate_basis(rate.date, rate.period),
        _note_links(notes),
        mark_safe('; <span class="badge badge-warn">rate may be out of date</span>') if stale else "",
    )


@register.simple_tag(takes_context=True)
def source_notes(context, sources=()):
    """The page's numbered source list: the notes cited so far, then `sources` (a record's own) not cited."""
    citations = context.get("citations")
    if citations is None:
        citations = context["citations"] = Citations(sources)
    return citations.listing(sources)
