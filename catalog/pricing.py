"""Arithmetic on stored facts: the one place each derived figure is computed.

Program totals (`total_price`, `total_weeks`, `best_credit_share`) are SQL annotations from
`Program.objects.with_totals()`; this module takes those and the stored facts and derives the rest:
the income-based price range, a program's calendar months, a degree's total tuition and what a
credit pathway leaves to pay and to study. Money stays `Decimal` in the currency it was quoted in;
nothing is converted between currencies.
"""

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
WEEKS_PER_MONTH = Decimal(52) / Decimal(12)


def cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Range:
    low: Decimal
    high: Decimal


def income_price_range(program) -> Range | None:
    """Lowest to highest total for a program that prices each course by income."""
    if program.income_price_min is None or program.income_price_max is None or not program.course_count:
        return None
    fee = program.exam_fee or Decimal(0)
    return Range(
        cents(program.course_count * program.income_price_min + fee),
        cents(program.course_count * program.income_price_max + fee),
    )


def lowest_price(program) -> Decimal | None:
    """The least a learner can pay for the credential: the total, else the low end of the income range."""
    if program.total_price is not None:
        return program.total_price
    income = income_price_range(program)
    return income.low if income else None


def weeks_to_months(weeks: int) -> int:
    return math.ceil(Decimal(weeks) / WEEKS_PER_MONTH)


def program_months(program) -> tuple[int, int] | None:
    """Calendar months: as the sources state them, else the course weeks taken one after another."""
    if program.months_min is not None or program.months_max is not None:
        low = program.months_min if program.months_min is not None else program.months_max
        high = program.months_max if program.months_max is not None else program.months_min
        return low, high
    if getattr(program, "total_weeks", None):
        months = weeks_to_months(program.total_weeks)
        return months, months
    return None


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
    price = lowest_price(program)
    if remaining is not None and price is not None and degree.tuition_currency == program.currency:
        total = Range(price + remaining.low, price + remaining.high)
    months = None
    calendar = program_months(program)
    if share is not None and degree.months_max is not None and calendar is not None:
        months = calendar[1] + math.ceil(degree.months_max * (1 - share.low))
    return PathwayCost(share, remaining, total, months, degree.tuition_currency)
