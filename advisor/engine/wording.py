"""Words for money, months and hours, through the site's one formatter (catalog.formatting)."""

from __future__ import annotations

from decimal import Decimal

from advisor.engine.answers import BUDGET_CURRENCY
from catalog import formatting


def money(amount: Decimal | None, currency: str = BUDGET_CURRENCY) -> str:
    """ "$1,350", "$1,350.50", "€24,300", "HK$242,000": the site's one money format."""
    if amount is None:
        return "an unpublished amount"
    return formatting.money(amount, currency)


def months(count: int | None) -> str:
    if count is None:
        return "an unpublished number of months"
    return formatting.months(count)


def hours(count: int) -> str:
    return formatting.count_range(count, count, "hour")


def sentence(text: str) -> str:
    return text[0].upper() + text[1:]


def whole_dollars(amount: Decimal) -> str:
    """A budget as the questionnaire takes it in its URL: whole dollars, no separators."""
    return str(int(amount))
