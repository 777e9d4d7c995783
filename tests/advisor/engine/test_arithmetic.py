"""Months at the learner's hours, money out of pocket and payback (advisor/engine/arithmetic.py), by hand."""

import math
from decimal import Decimal

from hypothesis import given

from advisor.engine import (
    months_at_hours,
    out_of_pocket,
    payback_months,
)
from tests.advisor.engine.builders import answers, course, micromasters_months, program, programs, small


def test_supply_chain_at_twelve_hours_takes_fifteen_months():
    learner = answers(hours_per_week=12)

    months = micromasters_months(learner, program())

    assert months == math.ceil(5 * 13 * 12 / 52) == 15


def test_supply_chain_at_six_hours_stretches_each_course_to_twice_its_length():
    learner = answers(hours_per_week=6)

    months = micromasters_months(learner, program())

    weeks = 5 * 13 * (12 / 6)
    assert months == math.ceil(weeks * 12 / 52) == 30


def test_more_hours_than_a_course_asks_do_not_shorten_it():
    learner = answers(hours_per_week=40)

    months = micromasters_months(learner, program())

    assert months == 15


def test_payback_needs_both_salaries():
    assert payback_months(Decimal("1350"), 15, None, Decimal("66000")) is None
    assert payback_months(Decimal("1350"), 15, Decimal("60000"), None) is None
    assert payback_months(Decimal("1350"), None, Decimal("60000"), Decimal("66000")) is None


def test_out_of_pocket_counts_one_year_of_support_when_the_months_are_unknown():
    assert out_of_pocket(Decimal("1350"), 12, Decimal("1000")) == Decimal("350.00")
    assert out_of_pocket(Decimal("1350"), None, Decimal("1000")) == Decimal("350.00")
    assert out_of_pocket(Decimal("1350"), 13, Decimal("1000")) == Decimal("0.00")
    assert out_of_pocket(Decimal("1350.505"), 12, None) == Decimal("1350.51")


def test_incomplete_course_list_falls_back_to_the_stated_calendar_scaled_to_the_hours():
    statistics = program(
        courses=(course(weeks=16, hours=14),), course_count=4, effort_hours_max=14, months_min=14
    )

    at_seven = months_at_hours(statistics, 7)
    at_fourteen = months_at_hours(statistics, 14)

    assert at_seven == 14 * 14 // 7 == 28
    assert at_fourteen == 14


def test_never_shorter_than_the_stated_calendar():
    option = program(months_min=18, months_max=24)

    months = micromasters_months(answers(hours_per_week=12), option)

    assert months == 18


@given(option=programs, hours=small, more=small)
def test_more_hours_never_lengthen_the_micromasters(option, hours, more):
    slower, faster = months_at_hours(option, hours), months_at_hours(option, hours + more)

    assert (slower is None) == (faster is None)
    assert slower is None or faster <= slower
