"""The verdict for clear-cut learners (advisor/engine/verdict.py), with what would change it."""

from decimal import Decimal

from advisor.engine import (
    recommend,
)
from tests.advisor.engine.builders import answers, changes, degree, pathway, program


def test_skills_with_the_money_take_the_micromasters():
    learner = answers(goal="skills", budget=Decimal("2000"), needs_degree="no")

    recommendation = recommend(learner, [program()])

    assert recommendation.verdict == "micromasters"
    assert any("$2,000" in reason and "$1,350" in reason for reason in recommendation.reasons)
    assert recommendation.chosen.path == "micromasters"


def test_career_change_with_the_money_takes_the_micromasters():
    learner = answers(goal="career_change", budget=Decimal("1500"), needs_degree="no")

    recommendation = recommend(learner, [program()])

    assert recommendation.verdict == "micromasters"
    assert ("budget", "1349", "audit") in changes(recommendation)


def test_promotion_short_of_the_price_audits_and_says_what_budget_would_do():
    learner = answers(goal="promotion", budget=Decimal("1000"), needs_degree="no")

    recommendation = recommend(learner, [program()])

    assert recommendation.verdict == "audit"
    assert any("$350 short" in reason for reason in recommendation.reasons)
    assert ("budget", "1350", "micromasters") in changes(recommendation)


def test_degree_with_room_in_budget_and_time_takes_the_pathway():
    learner = answers(goal="degree", needs_degree="yes", budget=Decimal("50000"), months=24)

    recommendation = recommend(learner, [program()])

    assert recommendation.verdict == "pathway"
    assert any("$38,350" in reason and "$74,000" in reason for reason in recommendation.reasons)
    assert any("Admission isn't guaranteed" in reason for reason in recommendation.reasons)
    assert [path.path for path in recommendation.paths] == ["micromasters", "pathway", "masters", "audit"]


def test_degree_short_of_the_pathway_starts_with_the_micromasters():
    learner = answers(goal="degree", needs_degree="yes", budget=Decimal("5000"))

    recommendation = recommend(learner, [program()])

    assert recommendation.verdict == "pathway"
    # The MicroMasters ($1,350) fits, the whole pathway ($38,350) does not: the first step.
    assert any("$33,350 over your budget" in reason for reason in recommendation.reasons)


def test_degree_needed_sooner_than_the_pathway_goes_to_the_masters_directly():
    learner = answers(goal="degree", needs_degree="yes", budget=Decimal("100000"), months=12)

    recommendation = recommend(learner, [program()])

    assert recommendation.verdict == "masters"
    assert any("20 months" in reason and "12 months" in reason for reason in recommendation.reasons)
    # With 20 months both fit and the pathway is the cheaper: 15 + ceil(10 x 0.5) = 20.
    assert ("months", "20", "pathway") in changes(recommendation)


def test_degree_goes_to_the_masters_directly_when_it_is_the_cheaper_route():
    cheap_degree = degree(tuition=Decimal("2000"), months=10)
    option = program(pathways=(pathway(cheap_degree),))
    learner = answers(goal="degree", needs_degree="yes", budget=Decimal("5000"), months=36)

    recommendation = recommend(learner, [option])

    assert recommendation.verdict == "masters"
    assert any("$2,000 against $2,350" in reason for reason in recommendation.reasons)


def test_degree_with_tuition_in_euros_starts_with_the_micromasters_without_converting():
    zaragoza = degree(slug="zlog", title="ZLOG master's", tuition=Decimal("24300"), currency="EUR", months=9)
    option = program(pathways=(pathway(zaragoza),))
    learner = answers(goal="degree", needs_degree="yes", budget=Decimal("50000"))

    recommendation = recommend(learner, [option])

    assert recommendation.verdict == "pathway"
    assert recommendation.chosen.fits_budget is None
    assert any("at least $1,350" in reason and "€12,150" in reason for reason in recommendation.reasons)


def test_explore_takes_the_low_risk_step():
    learner = answers(goal="explore", budget=Decimal("2000"), needs_degree="no")

    recommendation = recommend(learner, [program()])

    assert recommendation.verdict == "micromasters"
    assert any("low-risk" in reason for reason in recommendation.reasons)


def test_explore_below_the_cheapest_micromasters_audits():
    learner = answers(goal="explore", budget=Decimal("500"), needs_degree="no")

    recommendation = recommend(learner, [program(), program(slug="other", price=Decimal("900"))])

    assert recommendation.verdict == "audit"
    assert recommendation.focus.slug == "other"


def test_unsure_takes_the_micromasters_that_keeps_the_degree_open():
    learner = answers(goal="skills", needs_degree="unsure")

    recommendation = recommend(learner, [program()])

    assert recommendation.verdict == "micromasters"
    assert any("keeps that option open" in reason for reason in recommendation.reasons)


def test_zero_budget_audits():
    learner = answers(goal="degree", needs_degree="yes", budget=Decimal("0"))

    recommendation = recommend(learner, [program()])

    assert recommendation.verdict == "audit"
    assert any("$1,350 over your budget" in reason for reason in recommendation.reasons)
    # With $1,350 the MicroMasters fits, and the pathway's 20 months fit the 24: its first step.
    assert ("budget", "1350", "pathway") in changes(recommendation)


def test_zero_budget_with_an_employer_paying_it_all_takes_the_micromasters():
    learner = answers(budget=Decimal("0"), employer_support=Decimal("1000"))

    recommendation = recommend(learner, [program()])

    assert recommendation.verdict == "micromasters"
    assert recommendation.chosen.out_of_pocket == 0


def test_needing_a_degree_without_a_bachelors_audits():
    learner = answers(goal="degree", needs_degree="yes", has_bachelors=False, budget=Decimal("50000"))

    recommendation = recommend(learner, [program()])

    assert recommendation.verdict == "audit"
    assert any("bachelor's" in reason for reason in recommendation.reasons)
    assert ("has_bachelors", "yes", "pathway") in changes(recommendation)


def test_needing_a_degree_from_a_program_without_a_pathway_points_to_one_with_it():
    learner = answers(goal="degree", needs_degree="yes", program="no-credit", budget=Decimal("50000"))
    options = [program(slug="no-credit", title="Lonely MicroMasters", pathways=()), program()]

    recommendation = recommend(learner, options)

    assert recommendation.verdict == "audit"
    assert recommendation.focus.slug == "no-credit"
    assert ("program", "mitx-supply-chain-management", "pathway") in changes(recommendation)


def test_time_that_does_not_fit_audits_and_says_what_hours_or_months_would():
    learner = answers(hours_per_week=6, months=20)

    recommendation = recommend(learner, [program()])

    # At 6 hours: 5 x 13 x 12/6 = 130 weeks = 30 months; at 9: 86.7 weeks = 20 months; at 8: 22.
    assert recommendation.verdict == "audit"
    assert ("hours_per_week", "9", "micromasters") in changes(recommendation)
    assert ("months", "30", "micromasters") in changes(recommendation)
    assert any("9 hours a week (it then takes 20 months)" in reason for reason in recommendation.reasons)
