"""What a degree costs, and what a credit pathway leaves to pay and to study.

A degree's total tuition (the total, or the rate times the credits or terms it needs), the share of
it a MicroMasters credential counts for, and the pathway's remaining tuition, total and months are
derived here and nowhere else. The program's own figures (total price, income-based range, weeks,
calendar months, best credit share) are SQL annotations from `Program.objects.with_totals()`, so the
list can filter and sort on them; `income_price_range` and `program_months` only shape those for
pages. Money stays `Decimal` in the currency it was quoted in; nothing is converted here (the
program totals sum the US-dollar amounts that exchange.py derives from prices in other currencies).
"""

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Range:
    low: Decimal
    high: Decimal


def income_price_range(program) -> Range | None:
    """Lowest to highest total for a program that prices each course by income (from with_totals)."""
    if program.income_total_min is None or program.income_total_max is None:
        return None
    return Range(cents(program.income_total_min), cents(program.income_total_max))


def program_months(program) -> tuple[int, int] | None:
    """Calendar months (from with_totals): the stated calendar, else the course weeks in months."""
    if program.calendar_months_max is None:
        return None
    return program.calendar_months_min, program.calendar_months_max


def degree_total_tuition(degree) -> Decimal | None:
    """Tuition for the whole degree: the total, or the rate times the credits/terms/years it needs."""
    if degree.tuition_amount is None:
        return None
    if degree.tuition_unit == "total":
        return degree.tuition_amount
    if degree.tuition_count is None:
        return None
    return cents(degree.tuition_amount * degree.tuition_count)


def credit_share(pathway) -> Range | None:
    """Share of the degree the credential counts for: granted/required, else the stated share."""
    if pathway.credits_granted is not None and pathway.credits_required:
        share = pathway.credits_granted / pathway.credits_required
        return Range(share, share)
    if pathway.share_min is not None:
        return Range(
            pathway.share_min, pathway.share_max if pathway.share_max is not None else pathway.share_min
        )
    return None


@dataclass(frozen=True)
class PathwayCost:
    share: Range | None
    remaining_tuition: Range | None  # in the degree's currency
    total: Range | None  # program total + remaining tuition, only when both are in one currency
    remaining_months: int | None  # the rest of the degree: its months x (1 - the lowest share)
    months: int | None  # program months + the rest of the degree, at the upper ends
    currency: str


def pathway_cost(pathway, program=None) -> PathwayCost:
    """What is left to pay and study after the credential counts toward the degree.

    `program` must carry the `with_totals()` annotations; it defaults to `pathway.program`.
    Remaining tuition = total tuition x (1 - share), the high end using the lowest share.
    Months = the program's months + the degree's months x (1 - share), rounded up.
    """
    program = program or pathway.program
    degree = pathway.degree
    share = credit_share(pathway)
    tuition = degree_total_tuition(degree)
    remaining = None
    if tuition is not None and share is not None:
        remaining = Range(cents(tuition * (1 - share.high)), cents(tuition * (1 - share.low)))
    total = None
    price = program.price_from
    if remaining is not None and price is not None and degree.tuition_currency == program.currency:
        total = Range(price + remaining.low, price + remaining.high)
    remaining_months = months = None
    if share is not None and degree.months_max is not None:
        # Rounded first: 18 x (1 - 5/6) must give 3 months, not 3.000...1 and so 4.
        remaining_months = math.ceil((degree.months_max * (1 - share.low)).quantize(Decimal("0.0001")))
        calendar = program_months(program)
        if calendar is not None:
            months = calendar[1] + remaining_months
    return PathwayCost(share, remaining, total, remaining_months, months, degree.tuition_currency)
