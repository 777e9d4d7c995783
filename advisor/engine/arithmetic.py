"""The formulas: months at the learner's hours, what the learner pays, payback, a loan's payments.

Each is a small pure function so a test can check it by hand.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal
from typing import NamedTuple

from advisor.engine import wording
from advisor.engine.answers import (
    DEBT_SHARE_MAX,
    LOAN_RATE,
    LOAN_YEARS,
    ZERO,
    ProgramOption,
    cents,
)


def dollars_up(amount: Decimal) -> Decimal:
    """The smallest whole-dollar amount at least `amount`: the budget at which it fits."""
    return Decimal(amount).quantize(Decimal(1), rounding=ROUND_CEILING)


class Schedule(NamedTuple):
    """The MicroMasters at the learner's hours (a plain record: the engine's re-runs make hundreds)."""

    months: int | None
    load_ok: bool  # the weekly load is possible at the learner's hours
    notes: tuple[str, ...]


def _stated_calendar(option: ProgramOption) -> int | None:
    return option.months_min if option.months_min is not None else option.months_max


def _months(option: ProgramOption, hours_per_week: int) -> int | None:
    """Whole integers throughout: weeks x max(h, need) / h summed, then x 12 / 52, rounded up."""
    stretches = option.pacing != "instructor_led"
    stated = _stated_calendar(option)
    h = hours_per_week if stretches else 1
    if option.courses_complete:
        scaled_weeks = 0  # weeks x h
        for course in option.courses:
            need = course.hours_per_week or option.effort_hours_max or hours_per_week
            scaled_weeks += course.weeks * (max(hours_per_week, need) if stretches else 1)
        months = -(-scaled_weeks * 12 // (52 * h))
        return max(months, stated) if stated is not None else months
    if stated is None:
        return None
    if stretches and option.effort_hours_max and option.effort_hours_max > hours_per_week:
        return -(-stated * option.effort_hours_max // hours_per_week)
    return stated


def schedule(option: ProgramOption, hours_per_week: int, words: bool = True) -> Schedule:
    """Months of the MicroMasters at `hours_per_week`, whether that load is possible, and notes.

    Self-paced courses (and those whose pacing isn't published) stretch in proportion when they
    ask more hours than the learner has; instructor-led courses keep their term length, and a
    learner below the hours they state at the lower end is at risk of failing them.
    """
    months = _months(option, hours_per_week)
    fixed_terms = option.pacing == "instructor_led"
    peak, floor = option.peak_hours, option.floor_hours
    load_ok = not (fixed_terms and floor is not None and hours_per_week < floor)
    if not words:
        return Schedule(months, load_ok, ())
    if months is None:
        return Schedule(None, load_ok, ("How long the program takes isn't published.",))
    notes: list[str] = []
    if not option.courses_complete:
        notes.append(
            "Not every course's length is published, so the time comes from the program's stated "
            f"calendar of {wording.months(_stated_calendar(option))}."
        )
    listed = option.courses
    if not (option.effort_hours_max or (listed and all(course.hours_per_week for course in listed))):
        notes.append("The weekly effort isn't published, so the time assumes your hours are enough.")
    if not load_ok:
        notes.append(
            f"Its courses run in fixed terms and ask at least {wording.hours(floor)} a week: at "
            f"{wording.hours(hours_per_week)} you are at risk of failing them, and they don't give more weeks."
        )
    elif fixed_terms and peak is not None and hours_per_week < peak:
        notes.append(
            f"Its courses run in fixed terms and ask up to {wording.hours(peak)} a week: at "
            f"{wording.hours(hours_per_week)} you are at risk of falling behind in the busiest weeks."
        )
    elif option.pacing == "mixed" and peak is not None and hours_per_week < peak:
        notes.append(
            "Some of its courses run in fixed terms; the time assumes they let you take longer, "
            "which a fixed term may not."
        )
    return Schedule(months, load_ok, tuple(notes))


def months_at_hours(option: ProgramOption, hours_per_week: int) -> int | None:
    """Calendar months of the MicroMasters at `hours_per_week` (rules in `schedule`)."""
    return schedule(option, hours_per_week).months


def study_years(months: int | None) -> int:
    return max(1, math.ceil(months / 12)) if months else 1


def out_of_pocket(cost: Decimal, months: int | None, employer_support: Decimal | None) -> Decimal:
    """Cost minus the employer's support for each (started) year of study, never below zero."""
    support = (employer_support or ZERO) * study_years(months)
    return cents(max(ZERO, cost - support))


def forgone_earnings(salary: Decimal | None, full_time_months: int | None) -> Decimal | None:
    """The salary given up while studying full time: salary / 12 x the full-time months."""
    if salary is None or not full_time_months:
        return None
    return cents(salary * full_time_months / 12)


def payback_months(
    whole_cost: Decimal | None,
    study_months: int | None,
    salary: Decimal | None,
    expected_salary: Decimal | None,
) -> int | None:
    """Months from today until the raise has earned back the whole cost: the months of study,
    then the cost over the monthly raise, rounded up. None without a raise or a known time."""
    if whole_cost is None or study_months is None or salary is None or expected_salary is None:
        return None
    if expected_salary <= salary:
        return None
    return study_months + math.ceil(whole_cost / ((expected_salary - salary) / 12))


@dataclass(frozen=True)
class DebtCheck:
    """A pathway's remaining tuition as a loan, against the learner's earnings."""

    principal: Decimal
    monthly_payment: Decimal
    yearly_payment: Decimal
    earnings: Decimal  # yearly, the expected salary (else the current one)
    passes: bool  # yearly payment <= DEBT_SHARE_MAX x earnings


def monthly_payment(principal: Decimal, yearly_rate: Decimal = LOAN_RATE, years: int = LOAN_YEARS) -> Decimal:
    """The level monthly payment that repays `principal` in `years` at `yearly_rate`."""
    rate = yearly_rate / 12
    count = years * 12
    if rate == 0:
        return cents(principal / count)
    return cents(principal * rate / (1 - (1 + rate) ** -count))


def debt_check(principal: Decimal | None, earnings: Decimal | None) -> DebtCheck | None:
    if principal is None or earnings is None or principal <= 0 or earnings <= 0:
        return None
    monthly = monthly_payment(principal)
    yearly = monthly * 12
    return DebtCheck(principal, monthly, yearly, earnings, yearly <= DEBT_SHARE_MAX * earnings)
