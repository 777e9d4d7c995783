"""The advisor engine, without a database: hand-computed cases from the shipped data, the verdict
for clear-cut learners, and properties that must hold for any answers and any catalog."""

import dataclasses
import math
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from advisor.engine import (
    VERDICTS,
    Answers,
    CourseLoad,
    DegreeOption,
    PathwayOption,
    ProgramOption,
    cost_paths,
    months_at_hours,
    out_of_pocket,
    payback_months,
    recommend,
)
from advisor.engine.answers import GOAL_WORDS
from catalog import formatting

# Builders. The defaults are MITx Supply Chain Management: 5 courses x $150 + a $600 exam = $1,350,
# 13 weeks and 8-12 hours a week per course, no stated calendar; its MIT master's: $74,000 (2018),
# 10 months, the MicroMasters counting for half.


def course(weeks=13, hours=12):
    return CourseLoad(weeks=weeks, hours_per_week=hours)


def degree(**overrides):
    values = {
        "slug": "mit-scm",
        "title": "Master's in Supply Chain Management",
        "university": "Massachusetts Institute of Technology",
        "tuition": Decimal("74000"),
        "currency": "USD",
        "months": 10,
        "url": "/degrees/mit-scm/",
    }
    return DegreeOption(**{**values, **overrides})


def pathway(to=None, share=Decimal("0.5"), **overrides):
    """A pathway with the remaining tuition and months worked out as the selector does."""
    to = to or degree()
    values = {
        "degree": to,
        "share_low": share,
        "share_high": share,
        "remaining_tuition": None if to.tuition is None or share is None else to.tuition * (1 - share),
        "remaining_tuition_low": None if to.tuition is None or share is None else to.tuition * (1 - share),
        "remaining_months": None
        if to.months is None or share is None
        else math.ceil(to.months * (1 - share)),
        "conditions": "",
    }
    return PathwayOption(**{**values, **overrides})


def program(**overrides):
    values = {
        "slug": "mitx-supply-chain-management",
        "title": "MITx MicroMasters Program in Supply Chain Management",
        "university": "Massachusetts Institute of Technology",
        "field": "supply-chain",
        "field_name": "Supply Chain Management",
        "price": Decimal("1350"),
        "income_based": False,
        "currency": "USD",
        "courses": tuple(course() for _ in range(5)),
        "course_count": 5,
        "effort_hours_min": 8,
        "effort_hours_max": 12,
        "months_min": None,
        "months_max": None,
        "pathways": (pathway(),),
        "url": "/programs/mitx-supply-chain-management/",
    }
    return ProgramOption(**{**values, **overrides})


def answers(**overrides):
    values = {
        "goal": "skills",
        "budget": Decimal("2000"),
        "hours_per_week": 12,
        "months": 24,
        "has_bachelors": True,
        "needs_degree": "no",
    }
    return Answers(**{**values, **overrides})


def micromasters_months(learner, option):
    return months_at_hours(option, learner.hours_per_week)


def paths_by_kind(learner, option):
    return {path.path: path for path in cost_paths(learner, option)}


def changes(recommendation):
    """The changes as (URL parameter, value, verdict)."""
    return [(change.param, change.value, change.verdict) for change in recommendation.changes]


# Money and time, by hand


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


def test_no_raise_means_no_payback():
    learner = answers(salary=Decimal("60000"), expected_salary=Decimal("60000"))

    recommendation = recommend(learner, [program()])

    assert recommendation.chosen.payback_months is None
    assert any("no raise" in reason for reason in recommendation.reasons)


def test_payback_needs_both_salaries():
    assert payback_months(Decimal("1350"), 15, None, Decimal("66000")) is None
    assert payback_months(Decimal("1350"), 15, Decimal("60000"), None) is None
    assert payback_months(Decimal("1350"), None, Decimal("60000"), Decimal("66000")) is None


def test_employer_support_is_counted_for_each_year_of_study():
    learner = answers(hours_per_week=12, employer_support=Decimal("1000"))

    micromasters = paths_by_kind(learner, program())["micromasters"]

    years = math.ceil(15 / 12)
    assert years == 2
    assert micromasters.out_of_pocket == max(Decimal("0"), Decimal("1350") - 1000 * years) == 0
    assert micromasters.cost == Decimal("1350.00")


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


def test_a_course_without_weeks_falls_back_to_the_stated_calendar():
    option = program(courses=(*[course()] * 4, course(weeks=None)), months_min=12)

    micromasters = paths_by_kind(answers(hours_per_week=12), option)["micromasters"]

    assert micromasters.months == 12
    assert any("stated calendar" in risk for risk in micromasters.risks)


def test_never_shorter_than_the_stated_calendar():
    option = program(months_min=18, months_max=24)

    months = micromasters_months(answers(hours_per_week=12), option)

    assert months == 18


def test_unknown_length_is_not_guessed():
    option = program(courses=(), course_count=None, months_min=None, months_max=None)

    micromasters = paths_by_kind(answers(), option)["micromasters"]

    assert micromasters.months is None
    assert micromasters.fits_time is None
    assert any("isn't published" in risk for risk in micromasters.risks)


def test_income_based_price_is_labelled():
    option = program(price=Decimal("5000"), price_floor=Decimal("500"), income_based=True, pathways=())

    recommendation = recommend(answers(budget=Decimal("6000")), [option])

    assert recommendation.chosen.income_based is True
    assert any("income-based" in risk.lower() for risk in recommendation.chosen.risks)
    assert any("$5,000" in reason and "income-based" in reason for reason in recommendation.reasons)
    assert (
        recommendation.chosen.amount_words == "$5,000 (the top of its income-based range; $500 at the lowest)"
    )


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


def test_money_in_reasons_reads_as_dollars_with_cents_only_when_needed():
    option = program(price=Decimal("1350.50"))

    recommendation = recommend(answers(budget=Decimal("2000")), [option])

    assert any("Your budget of $2,000 covers the $1,350.50" in reason for reason in recommendation.reasons)


# Verdicts for clear-cut learners


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


# Matches and focus


def test_a_field_with_no_programs_falls_back_to_all_and_says_so():
    learner = answers(field="astronomy")

    recommendation = recommend(learner, [program()])

    assert recommendation.matches[0].option.slug == "mitx-supply-chain-management"
    assert any("astronomy" in reason for reason in recommendation.reasons)


def test_matches_stay_in_the_chosen_field():
    options = [program(), program(slug="data", field="data-science", price=Decimal("100"))]

    recommendation = recommend(answers(field="supply-chain"), options)

    assert [match.option.slug for match in recommendation.matches] == ["mitx-supply-chain-management"]


def test_matches_rank_what_fits_first_then_the_cheaper_and_stop_at_five():
    options = [program(slug=f"p{price}", price=Decimal(price)) for price in (3000, 900, 1200, 500, 800, 700)]

    recommendation = recommend(answers(budget=Decimal("1000")), options)

    assert [match.option.slug for match in recommendation.matches] == [
        "p500",
        "p700",
        "p800",
        "p900",
        "p1200",
    ]
    assert [match.rank for match in recommendation.matches] == [1, 2, 3, 4, 5]
    assert [match.fits for match in recommendation.matches] == [True, True, True, True, False]
    assert recommendation.focus.slug == "p500"


def test_degree_minded_matches_put_programs_with_a_pathway_first():
    options = [program(slug="cheap-no-credit", price=Decimal("100"), pathways=()), program()]

    recommendation = recommend(answers(goal="degree", needs_degree="yes", budget=Decimal("50000")), options)

    assert recommendation.matches[0].option.slug == "mitx-supply-chain-management"
    assert recommendation.matches[0].best_pathway.cost == Decimal("38350.00")


def test_a_named_program_is_the_focus_even_when_another_fits_better():
    options = [program(), program(slug="cheaper", price=Decimal("100"))]

    recommendation = recommend(answers(program="mitx-supply-chain-management"), options)

    assert recommendation.focus.slug == "mitx-supply-chain-management"
    assert {path.program_slug for path in recommendation.paths} == {"mitx-supply-chain-management"}
    assert recommendation.matches[0].option.slug == "cheaper"


def test_a_named_program_not_in_the_catalog_is_said_so():
    recommendation = recommend(answers(program="gone"), [program()])

    assert recommendation.focus.slug == "mitx-supply-chain-management"
    assert any("gone" in reason for reason in recommendation.reasons)


def test_the_best_pathway_is_the_cheapest_known_one():
    expensive = degree(slug="pricey", tuition=Decimal("200000"))
    option = program(pathways=(pathway(expensive), pathway()))

    recommendation = recommend(answers(goal="degree", needs_degree="yes", budget=Decimal("50000")), [option])

    assert recommendation.chosen.degree_slug == "mit-scm"


def test_an_empty_catalog_still_gives_a_reasoned_verdict():
    recommendation = recommend(answers(), [])

    assert recommendation.verdict == "audit"
    assert recommendation.reasons
    assert recommendation.focus is None


# Properties

money = st.decimals(min_value=0, max_value=100000, places=2, allow_nan=False, allow_infinity=False)
small = st.integers(min_value=1, max_value=40)

degrees = st.builds(
    degree,
    slug=st.sampled_from(["d1", "d2", "d3"]),
    tuition=st.none() | money,
    currency=st.sampled_from(["USD", "USD", "EUR"]),
    months=st.none() | st.integers(min_value=1, max_value=48),
)
pathways = st.builds(
    pathway,
    to=degrees,
    share=st.none() | st.sampled_from([Decimal("0.25"), Decimal("0.3"), Decimal("0.5")]),
)
programs = st.builds(
    program,
    price=st.none() | money,
    income_based=st.booleans(),
    courses=st.lists(st.builds(course, weeks=st.none() | small, hours=st.none() | small), max_size=6).map(
        tuple
    ),
    course_count=st.none() | st.integers(min_value=1, max_value=6),
    effort_hours_max=st.none() | small,
    months_min=st.none() | st.integers(min_value=1, max_value=30),
    pathways=st.lists(pathways, max_size=3).map(tuple),
    field=st.sampled_from(["supply-chain", "data-science"]),
)
catalogs = st.lists(programs, max_size=7).map(
    lambda options: [
        dataclasses.replace(option, slug=f"program-{index}") for index, option in enumerate(options)
    ]
)
learners = st.builds(
    answers,
    goal=st.sampled_from(["skills", "career_change", "promotion", "degree", "explore"]),
    budget=money,
    hours_per_week=small,
    months=st.integers(min_value=1, max_value=60),
    has_bachelors=st.booleans(),
    needs_degree=st.sampled_from(["yes", "no", "unsure"]),
    field=st.none() | st.sampled_from(["supply-chain", "data-science", "astronomy"]),
    program=st.none() | st.sampled_from(["program-0", "program-3", "gone"]),
    salary=st.none() | money,
    expected_salary=st.none() | money,
    employer_support=st.none() | money,
)


def affordable(learner, option):
    """The paths that fit: within budget, in time and at the learner's hours."""
    return {(path.path, path.degree_slug) for path in cost_paths(learner, option) if path.fits}


@given(learner=learners, option=programs, extra=money)
def test_more_budget_never_removes_an_affordable_path(learner, option, extra):
    richer = dataclasses.replace(learner, budget=learner.budget + extra)

    before, after = affordable(learner, option), affordable(richer, option)

    assert before <= after


@given(option=programs, hours=small, more=small)
def test_more_hours_never_lengthen_the_micromasters(option, hours, more):
    slower, faster = months_at_hours(option, hours), months_at_hours(option, hours + more)

    assert (slower is None) == (faster is None)
    assert slower is None or faster <= slower


@settings(max_examples=300, deadline=None)
@given(learner=learners, options=catalogs)
def test_every_verdict_is_known_reasoned_and_never_negative(learner, options):
    recommendation = recommend(learner, options)

    assert recommendation.verdict in VERDICTS
    assert recommendation.reasons
    texts = recommendation.reasons + tuple(change.text for change in recommendation.changes)
    inputs = (
        formatting.money(learner.budget),
        formatting.months(learner.months),
        f"{learner.hours_per_week} hour",
        "bachelor's degree",
        "in the catalog",
        "You said you need a master's degree",
        "You want a degree",
        "You aren't sure you need a degree",
        *GOAL_WORDS.values(),
    )
    assert any(given in reason for reason in recommendation.reasons for given in inputs)
    assert all(text and "None" not in text and "not published not published" not in text for text in texts)
    assert {change.verdict for change in recommendation.changes} <= set(VERDICTS)
    assert (
        recommendation.verdict != "audit"
        or not recommendation.chosen
        or recommendation.chosen.path == "audit"
    )
    assert len(recommendation.matches) <= 5
    paths = [*recommendation.paths]
    paths += [match.micromasters for match in recommendation.matches]
    paths += [match.best_pathway for match in recommendation.matches if match.best_pathway]
    for path in paths:
        assert path.cost is None or path.cost >= 0
        assert path.out_of_pocket is None or path.out_of_pocket >= 0
        assert path.payback_months is None or path.payback_months >= 0
        assert path.months is None or path.months >= 1


def test_a_degree_minded_match_is_ranked_on_the_better_of_its_pathway_and_its_degree_directly():
    cheap_degree = degree(tuition=Decimal("2000"), months=10)
    option = program(pathways=(pathway(cheap_degree),))
    learner = answers(goal="degree", needs_degree="yes", budget=Decimal("2100"), months=36)

    [match] = recommend(learner, [option]).matches

    # The pathway is $1,350 + $1,000 = $2,350, over the $2,100; the degree directly, $2,000, fits.
    assert match.fits is True
    assert match.route.path == "masters"
    assert [path.path for path in match.shown] == ["micromasters", "pathway", "masters"]
