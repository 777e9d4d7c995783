"""Prices, tuitions, months and pathway costs worked out from saved rows (catalog/costs.py)."""

from decimal import Decimal

import pytest

from catalog import costs
from tests.catalog.programs import totals

pytestmark = pytest.mark.django_db


def cost_of(make_pathway, program, degree, **pathway):
    """The cost of a new pathway from `program` to `degree`, from the program's saved totals."""
    return costs.pathway_cost(make_pathway(program=program, degree=degree, **pathway), totals(program))


def test_income_based_range_multiplies_each_end_by_the_course_count(make_program):
    program = totals(
        make_program(course_count=5, income_price_min=Decimal("100"), income_price_max=Decimal("1000"))
    )

    assert costs.income_price_range(program) == costs.Range(Decimal("500.00"), Decimal("5000.00"))
    assert program.price_from == Decimal("500.00")


def test_a_priced_program_starts_at_its_total(make_program):
    program = totals(make_program(published_total=Decimal("985.50")))

    assert program.price_from == Decimal("985.50")
    assert costs.income_price_range(program) is None


def test_calendar_months_come_from_the_sources_before_the_course_weeks(make_program):
    stated = totals(make_program(months_min=14, months_max=24, course_count=1, courses=[{"weeks": 10}]))
    derived = totals(make_program(course_count=2, courses=[{"weeks": 13}, {"weeks": 13}]))
    unknown = totals(make_program(course_count=2, courses=[{"weeks": 13}]))

    assert costs.program_months(stated) == (14, 24)
    assert costs.program_months(derived) == (6, 6)  # 26 weeks x 12 / 52 = 6 months
    assert costs.program_months(unknown) is None


def test_degree_total_tuition_is_the_rate_times_the_credits(make_degree):
    degree = make_degree(
        tuition_amount=Decimal("1897.00"), tuition_unit="per_credit", tuition_count=Decimal("33")
    )

    assert costs.degree_total_tuition(degree) == Decimal("62601.00")  # RIT: 33 x $1,897


def test_a_rate_without_a_count_gives_no_total(make_degree):
    degree = make_degree(tuition_amount=Decimal("500"), tuition_unit="per_credit")

    assert costs.degree_total_tuition(degree) is None


def test_pathway_arithmetic_from_credits(make_program, make_degree, make_pathway):
    program = make_program(course_count=2, months_max=6, courses=[{"price": Decimal("500")}] * 2)
    degree = make_degree(tuition_amount=Decimal("30000"), months_max=24)

    cost = cost_of(
        make_pathway, program, degree, credits_granted=Decimal("12"), credits_required=Decimal("48")
    )

    assert cost.share == costs.Range(Decimal("0.25"), Decimal("0.25"))
    assert cost.remaining_tuition == costs.Range(Decimal("22500.00"), Decimal("22500.00"))
    assert cost.total == costs.Range(Decimal("23500.00"), Decimal("23500.00"))
    assert cost.months == 6 + 18


def test_remaining_months_are_not_pushed_up_by_decimal_rounding(make_program, make_degree, make_pathway):
    program = make_program(months_max=6)
    degree = make_degree(months_max=18)

    cost = cost_of(make_pathway, program, degree, credits_granted=Decimal(5), credits_required=Decimal(6))

    assert cost.months == 6 + 3  # 18 x 1/6 = 3 exactly


def test_pathway_with_a_share_range_pays_more_at_the_low_share(make_program, make_degree, make_pathway):
    program = make_program(published_total=Decimal("1000"), months_max=10)
    degree = make_degree(tuition_amount=Decimal("40000"), months_max=20)

    cost = cost_of(make_pathway, program, degree, share_min=Decimal("0.25"), share_max=Decimal("0.5"))

    assert cost.remaining_tuition == costs.Range(Decimal("20000.00"), Decimal("30000.00"))
    assert cost.total == costs.Range(Decimal("21000.00"), Decimal("31000.00"))
    assert cost.months == 10 + 15


def test_a_pathway_in_another_currency_gets_no_summed_total(make_program, make_degree, make_pathway):
    program = make_program(published_total=Decimal("1000"))
    degree = make_degree(tuition_amount=Decimal("24300"), tuition_currency="EUR")

    cost = cost_of(make_pathway, program, degree, share_min=Decimal("0.5"))

    assert cost.remaining_tuition == costs.Range(Decimal("12150.00"), Decimal("12150.00"))
    assert cost.currency == "EUR"
    assert cost.total is None
