"""The cost, months and fit of each path of one program (advisor/engine/paths.py), by hand."""

import dataclasses
import math
from decimal import Decimal

from hypothesis import given

from advisor.engine import (
    cost_paths,
)
from tests.advisor.engine.builders import (
    answers,
    course,
    degree,
    learners,
    money,
    paths_by_kind,
    pathway,
    program,
    programs,
)


def test_micromasters_costs_its_total_with_every_fee():
    micromasters = paths_by_kind(answers(), program())["micromasters"]

    assert micromasters.cost == Decimal("1350.00") == 5 * Decimal("150") + Decimal("600")
    assert micromasters.out_of_pocket == Decimal("1350.00")
    assert micromasters.currency == "USD"
    assert micromasters.fits_budget is True
    assert micromasters.months == 15
    assert micromasters.fits_time is True


def test_pathway_adds_the_tuition_left_after_credit_and_the_months_left():
    pathway_cost = paths_by_kind(answers(hours_per_week=12), program())["pathway"]

    remaining = Decimal("74000") * (1 - Decimal("0.5"))
    assert remaining == Decimal("37000")
    assert pathway_cost.cost == Decimal("1350") + remaining == Decimal("38350.00")
    assert [part.value for part in pathway_cost.parts] == [Decimal("1350.00"), Decimal("37000.00")]
    assert pathway_cost.months == 15 + math.ceil(10 * 0.5) == 20
    assert pathway_cost.degree_slug == "mit-scm"


def test_a_pathway_without_the_catalogs_remainders_is_not_priced_by_guess():
    option = program(pathways=(pathway(remaining_tuition=None, remaining_months=None),))

    pathway_cost = paths_by_kind(answers(), option)["pathway"]

    assert pathway_cost.cost is None
    assert pathway_cost.months is None
    assert pathway_cost.fits_budget is None


def test_masters_directly_costs_the_degree_tuition_and_months():
    masters = paths_by_kind(answers(), program())["masters"]

    assert masters.cost == Decimal("74000.00")
    assert masters.months == 10
    assert masters.degree_slug == "mit-scm"
    assert any("bachelor's" in risk for risk in masters.risks)


def test_audit_is_free_and_gives_no_credential():
    audit = paths_by_kind(answers(budget=Decimal("0")), program())["audit"]

    assert audit.cost == audit.out_of_pocket == Decimal("0")
    assert audit.fits_budget is True
    assert audit.payback_months is None
    assert audit.credential.startswith("None")


def test_payback_is_the_cost_over_the_monthly_raise():
    learner = answers(salary=Decimal("60000"), expected_salary=Decimal("66000"))

    micromasters = paths_by_kind(learner, program())["micromasters"]

    monthly_raise = (66000 - 60000) / 12
    assert monthly_raise == 500
    # Counted from today: the 15 months of study, then 1,350 / 500 a month.
    assert micromasters.payback_months == 15 + math.ceil(1350 / 500) == 18


def test_employer_support_is_counted_for_each_year_of_study():
    learner = answers(hours_per_week=12, employer_support=Decimal("1000"))

    micromasters = paths_by_kind(learner, program())["micromasters"]

    years = math.ceil(15 / 12)
    assert years == 2
    assert micromasters.out_of_pocket == max(Decimal("0"), Decimal("1350") - 1000 * years) == 0
    assert micromasters.cost == Decimal("1350.00")


def test_a_course_without_weeks_falls_back_to_the_stated_calendar():
    option = program(courses=(*[course()] * 4, course(weeks=None)), months_min=12)

    micromasters = paths_by_kind(answers(hours_per_week=12), option)["micromasters"]

    assert micromasters.months == 12
    assert any("stated calendar" in risk for risk in micromasters.risks)


def test_unknown_length_is_not_guessed():
    option = program(courses=(), course_count=None, months_min=None, months_max=None)

    micromasters = paths_by_kind(answers(), option)["micromasters"]

    assert micromasters.months is None
    assert micromasters.fits_time is None
    assert any("isn't published" in risk for risk in micromasters.risks)


def test_tuition_in_euros_is_not_converted_or_compared_with_the_budget():
    zaragoza = degree(slug="zlog", title="ZLOG master's", tuition=Decimal("24300"), currency="EUR", months=9)
    option = program(pathways=(pathway(zaragoza),))

    paths = paths_by_kind(answers(budget=Decimal("100000")), option)

    assert paths["masters"].cost == Decimal("24300.00")
    assert paths["masters"].currency == "EUR"
    assert paths["masters"].fits_budget is None
    assert paths["masters"].amount_words == "€24,300 (not converted: no exchange rate on file)"
    assert paths["pathway"].cost is None
    assert (
        paths["pathway"].amount_words
        == "at least $1,350 (plus €12,150, not converted: no exchange rate on file)"
    )
    assert paths["pathway"].fits_budget is None
    assert [(part.value, part.currency) for part in paths["pathway"].parts] == [
        (Decimal("1350.00"), "USD"),
        (Decimal("12150.00"), "EUR"),
    ]


def test_dollar_employer_support_is_not_taken_off_euro_tuition():
    zaragoza = degree(slug="zlog", tuition=Decimal("24300"), currency="EUR")
    option = program(pathways=(pathway(zaragoza),))

    masters = paths_by_kind(answers(employer_support=Decimal("5000")), option)["masters"]

    assert masters.out_of_pocket is None
    assert masters.fits_budget is None


def affordable(learner, option):
    """The paths that fit: within budget, in time and at the learner's hours."""
    return {(path.path, path.degree_slug) for path in cost_paths(learner, option) if path.fits}


@given(learner=learners, option=programs, extra=money)
def test_more_budget_never_removes_an_affordable_path(learner, option, extra):
    richer = dataclasses.replace(learner, budget=learner.budget + extra)

    before, after = affordable(learner, option), affordable(richer, option)

    assert before <= after
