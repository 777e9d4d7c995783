"""Words for money, months and hours, through the site's one formatter (catalog.formatting)."""

from __future__ import annotations

from decimal import Decimal

from advisor.engine.answers import BUDGET_CURRENCY, DEBT_SHARE_MAX, LOAN_RATE, LOAN_YEARS
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


def debt_words(debt) -> str:
    """A pathway's remaining tuition as a loan against earnings (an arithmetic.DebtCheck)."""
    share = debt.yearly_payment / debt.earnings * 100
    verdict = "within" if debt.passes else "above"
    return (
        f"Borrowed over {LOAN_YEARS} years at {LOAN_RATE * 100:.1f}%, the {money(debt.principal)} left after credit "
        f"costs {money(debt.monthly_payment)} a month ({money(debt.yearly_payment)} a year), {share:.1f}% of "
        f"{money(debt.earnings)} a year: {verdict} the {DEBT_SHARE_MAX * 100:.0f}% of earnings a debt-to-earnings "
        "test allows."
    )
