"""Programs the catalog tests build more than once, and their totals as the database computes them."""

from decimal import Decimal

from catalog.models import Program


def totals(program):
    """The program again, with the figures `with_totals()` annotates."""
    return Program.objects.with_totals().get(pk=program.pk)


def with_electives(make_program, required, *electives):
    """A program of one $100 required course and these elective courses, `required` of them needed."""
    return make_program(
        course_count=1,
        electives_required=required,
        courses=[{"price": Decimal("100")}, *({"kind": "elective", **elective} for elective in electives)],
    )


def with_a_peso_exam_fee(make_program, make_rate, *courses):
    """A program of a $150 course (2021), these other courses and an exam fee of 2,000 pesos (2021),
    with a rate of 20.48 pesos per US dollar on 30 Sep 2021."""
    make_rate(units_per_usd=Decimal("20.48"))
    return make_program(
        course_count=1 + len(courses),
        exam_fee=Decimal("2000"),
        exam_fee_currency="MXN",
        exam_fee_year=2021,
        courses=[{"price": Decimal("150.00"), "price_year": 2021}, *courses],
    )
