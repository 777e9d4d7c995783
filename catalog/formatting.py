"""How money, time and shares read on every page: pure functions, wrapped as template filters.

A missing fact reads "not published", never 0.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal

NOT_PUBLISHED = "not published"
SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "HKD": "HK$", "MXN": "MX$", "AUD": "A$", "CAD": "C$"}
EN_DASH = "\u2013"


def money(amount: Decimal | None, currency: str = "USD") -> str:
    """'$1,350', '$985.50', '€24,300', 'CHF 1,200'; cents only when there are some."""
    if amount is None:
        return NOT_PUBLISHED
    amount = Decimal(amount).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    number = f"{amount:,.0f}" if amount == amount.to_integral_value() else f"{amount:,.2f}"
    symbol = SYMBOLS.get(currency)
    return f"{symbol}{number}" if symbol else f"{currency} {number}"


def rounded_money(amount: Decimal, currency: str = "USD") -> str:
    """A converted amount in whole units ('$27,342'): an exchange rate is no more exact than that."""
    return money(Decimal(amount).quantize(Decimal("1"), rounding=ROUND_HALF_UP), currency)


def money_range(low: Decimal | None, high: Decimal | None, currency: str = "USD") -> str:
    if low is None or high is None or low == high:
        return money(low if low is not None else high, currency)
    return f"{money(low, currency)}{EN_DASH}{money(high, currency)}"


def count_range(low: int | None, high: int | None, unit: str, plural: str | None = None) -> str:
    """'1 month', '9 months', '14-24 months'; one end missing reads as the other."""
    if low is None and high is None:
        return NOT_PUBLISHED
    low = low if low is not None else high
    high = high if high is not None else low
    plural = plural or unit + "s"
    if low == high:
        return f"{low} {unit if low == 1 else plural}"
    return f"{low}{EN_DASH}{high} {plural}"


def months(low: int | None, high: int | None = None) -> str:
    return count_range(low, high if high is not None else low, "month")


def weeks(low: int | None, high: int | None = None) -> str:
    return count_range(low, high if high is not None else low, "week")


def hours_per_week(low: int | None, high: int | None = None) -> str:
    text = count_range(low, high if high is not None else low, "hour")
    return text if text == NOT_PUBLISHED else f"{text} a week"


def percent(share: Decimal | None) -> str:
    if share is None:
        return NOT_PUBLISHED
    value = (Decimal(share) * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{value.normalize():f}%"


def percent_range(low: Decimal | None, high: Decimal | None) -> str:
    if low is None or high is None or low == high:
        return percent(low if low is not None else high)
    return f"{percent(low)[:-1]}{EN_DASH}{percent(high)}"


def rate_basis(day: datetime.date, period: str = "day") -> str:
    """'the rate of 30 Sep 2021', or 'the 2021 average rate' for a yearly average."""
    if period == "year":
        return f"the {day.year} average rate"
    return f"the rate of {day.day} {day:%b %Y}"


def exchange_rate(currency: str, units_per_usd: Decimal, day: datetime.date, period: str = "day") -> str:
    """'MXN 20.452 per US dollar on 30 Sep 2021' (or 'in 2021 on average'): a rate named in full."""
    when = f"in {day.year} on average" if period == "year" else f"on {day.day} {day:%b %Y}"
    return f"{currency} {units_per_usd.normalize():f} per US dollar {when}"
