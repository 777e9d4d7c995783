"""Template filters over catalog.formatting, so every page formats figures the same way."""

from django import template

from catalog import formatting

register = template.Library()


@register.filter
def money(amount, currency="USD"):
    return formatting.money(amount, currency)


@register.filter
def money_range(value, currency="USD"):
    """{{ range|money_range:"USD" }} for a pricing.Range (or None)."""
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
def program_months(program):
    return formatting.months(program.calendar_months_min, program.calendar_months_max)


@register.filter
def program_effort(program):
    return formatting.hours_per_week(program.effort_hours_min, program.effort_hours_max)


@register.filter
def radio_label(bound_field):
    """The label of the chosen option of a bound choice field."""
    return dict(bound_field.field.choices).get(bound_field.value(), "")
