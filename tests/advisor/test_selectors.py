from decimal import Decimal

import pytest

from advisor.selectors import program_options

pytestmark = pytest.mark.django_db


def test_options_carry_the_catalog_figures(make_program, make_degree, make_pathway):
    program = make_program(
        slug="scm",
        course_count=2,
        effort_hours_max=12,
        courses=[
            {"price": Decimal(150), "weeks": 13, "effort_hours_max": 10},
            {"price": Decimal(150), "weeks": 13},
            {"price": Decimal(600), "kind": "exam"},
        ],
    )
    degree = make_degree(slug="ms", tuition_amount=Decimal(74000), months_max=10)
    make_pathway(program=program, degree=degree, share_min=Decimal("0.5"), conditions="Competitive.")
    make_pathway(program=program, status="retired")

    [option] = program_options()

    assert option.price == Decimal(900)  # 150 + 150 + the 600 exam
    assert [(course.weeks, course.hours_per_week) for course in option.courses] == [(13, 10), (13, None)]
    assert len(option.pathways) == 1  # the retired one is left out
    pathway = option.pathways[0]
    assert pathway.degree.tuition == Decimal(74000)
    assert pathway.remaining_tuition == Decimal("37000.00")
    assert pathway.remaining_months == 5
    assert pathway.conditions == "Competitive."
    assert option.url == "/programs/scm/"


def test_options_are_built_in_three_queries_however_many_programs(
    make_program, make_pathway, django_assert_num_queries
):
    for _ in range(6):
        make_pathway(program=make_program(courses=[{"price": 100}]))

    # programs with their totals, their required courses, their open pathways with degrees
    with django_assert_num_queries(3):
        options = program_options()

    assert len(options) == 6


def test_income_based_programs_are_labelled(make_program):
    make_program(course_count=5, income_price_min=Decimal(100), income_price_max=Decimal(1000))

    [option] = program_options()

    assert option.income_based is True
    assert option.price == Decimal(500)
