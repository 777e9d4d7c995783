"""What would change the verdict (advisor/engine/thresholds.py): for the path recommended, with
another program taking over, and the property that makes every stated threshold exact: re-running
the engine at the value a change states gives the verdict it states, and one unit nearer the
learner's answer does not."""

import dataclasses
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from advisor.engine import decide, recommend
from advisor.engine.answers import BUDGET_MAX, HOURS_MAX, HOURS_MIN, MONTHS_MAX, MONTHS_MIN
from advisor.engine.arithmetic import dollars_up
from advisor.engine.pricer import Pricer
from tests.advisor.engine import builders
from tests.advisor.engine.builders import DEGREE_MINDED, answers, changes, course, degree, pathway, program


def test_a_budget_threshold_names_the_program_that_takes_over_below_it():
    slow = program(slug="slow", title="Slow MicroMasters", price=Decimal(900), courses=(), months_min=30)
    learner = answers(budget=Decimal(2000), months=24)

    recommendation = recommend(learner, [program(), slow])

    # Below $1,350 SCM is over budget; the $900 program is within it but takes 30 months: audit it.
    assert recommendation.verdict == "micromasters"
    [below] = [change for change in recommendation.changes if change.param == "budget"]
    assert (below.value, below.verdict) == ("1349", "audit")
    assert "Slow MicroMasters" in below.text


def test_the_thresholds_of_a_pathway_verdict_are_the_pathways():
    learner = answers(**DEGREE_MINDED, hours_per_week=8, months=24, budget=Decimal(50000))

    recommendation = recommend(learner, [program()])

    # At 8 hours the MicroMasters takes ceil(65 x 1.5 x 12 / 52) = 23 months; the pathway 28.
    assert recommendation.verdict == "audit"
    assert recommendation.paths[1].months == 23 + 5
    assert ("months", "28", "pathway") in changes(recommendation)
    # At 10 hours: ceil(65 x 1.2 x 12 / 52) = 18 months, + 5 = 23: within 24.
    assert ("hours_per_week", "10", "pathway") in changes(recommendation)


def test_an_audit_over_an_unpublished_length_says_no_answer_can_make_it_fit():
    unknown_length = program(courses=(), course_count=None, months_min=None, months_max=None)

    recommendation = recommend(answers(budget=Decimal(100000)), [unknown_length])

    assert recommendation.verdict == "audit"
    assert recommendation.changes == ()
    assert (
        "The length of the MicroMasters is not published, so no budget, hours or months can be shown to make it fit."
        in recommendation.reasons
    )


def test_an_audit_for_a_degree_aims_at_the_degree_directly_when_the_pathway_is_unpublished():
    option = program(
        pathways=(pathway(degree(full_time=True), remaining_tuition=None, remaining_months=None),)
    )
    learner = answers(**DEGREE_MINDED, hours_per_week=10, budget=Decimal(100000), months=24)

    recommendation = recommend(learner, [option])

    # The pathway has nothing published to aim at; the master's ($74,000, 10 months) needs 35 hours.
    assert recommendation.verdict == "audit"
    assert "For the master's directly to fit you would need 35 hours a week (it then takes 10 months)." in (
        recommendation.reasons
    )
    assert ("hours_per_week", "35", "masters") in changes(recommendation)


def verdict(learner, options):
    return decide(learner, options, Pricer(words=False)).verdict


def moved(learner, change, by):
    """The learner's answers with the change's parameter at its value, moved `by` units."""
    value = {"budget": Decimal, "months": int, "hours_per_week": int}[change.param](change.value)
    return dataclasses.replace(learner, **{change.param: value + by})


def path_amounts(learner, options):
    """Every whole-dollar amount some path asks of the learner: where a budget can change a fit."""
    pricer = Pricer()
    return {
        dollars_up(path.out_of_pocket)
        for option in options
        for path in pricer.paths(learner, option)
        if path.out_of_pocket is not None
    }


whole_dollar_learners = st.builds(
    lambda learner, budget: dataclasses.replace(learner, budget=Decimal(budget)),
    builders.learners,
    st.integers(min_value=0, max_value=100_000),
)


@settings(max_examples=150, deadline=None)
@given(learner=whole_dollar_learners, options=builders.catalogs)
def test_each_stated_change_gives_its_verdict_and_one_unit_short_does_not(learner, options):
    recommendation = recommend(learner, options)

    for change in recommendation.changes:
        if change.param in ("has_bachelors", "program"):
            value = change.value == "yes" if change.param == "has_bachelors" else change.value
            assert verdict(dataclasses.replace(learner, **{change.param: value}), options) == change.verdict
            continue
        at = moved(learner, change, 0)
        assert verdict(at, options) == change.verdict
        toward = -1 if getattr(at, change.param) > getattr(learner, change.param) else 1
        assert verdict(moved(learner, change, toward), options) != change.verdict


# Learners whose budget covers every price, so that the hours and the months decide.
time_bound_learners = st.builds(
    lambda learner, hours, months: dataclasses.replace(
        learner, budget=Decimal(1_000_000), hours_per_week=hours, months=months, employer_support=None
    ),
    builders.learners,
    st.integers(min_value=1, max_value=14),
    st.integers(min_value=1, max_value=48),
)


@settings(max_examples=150, deadline=None)
@given(learner=time_bound_learners, options=builders.catalogs)
def test_no_hours_or_months_nearer_than_a_stated_change_give_another_verdict(learner, options):
    # The searches try only the hours and months where some program's figures change: every value
    # they skip, between the learner's answer and the change stated (or the questionnaire's end
    # when none is), must give the learner's own verdict.
    recommendation = recommend(learner, options)

    for param, lowest, highest in (
        ("hours_per_week", HOURS_MIN, HOURS_MAX),
        ("months", MONTHS_MIN, MONTHS_MAX),
    ):
        answer = getattr(learner, param)
        stated = [int(change.value) for change in recommendation.changes if change.param == param]
        above = min((value for value in stated if value > answer), default=highest + 1)
        below = max((value for value in stated if value < answer), default=lowest - 1)
        for value in range(below + 1, above):
            assert verdict(dataclasses.replace(learner, **{param: value}), options) == recommendation.verdict


@settings(max_examples=150, deadline=None)
@given(learner=whole_dollar_learners, options=builders.catalogs)
def test_no_budget_nearer_than_a_stated_change_gives_another_verdict(learner, options):
    # The verdict can only change where some path's amount becomes affordable, so trying every
    # such amount (and one dollar under it) between the learner's budget and the change stated, or
    # the end of the questionnaire when none is, covers every budget in between. A learner who
    # doesn't want a degree is not searched for a change above a "micromasters" verdict or below
    # an "audit" one: this checks there is none to find.
    recommendation = recommend(learner, options)
    stated = [Decimal(change.value) for change in recommendation.changes if change.param == "budget"]
    above = min((value for value in stated if value > learner.budget), default=BUDGET_MAX + 1)
    below = max((value for value in stated if value < learner.budget), default=Decimal(-1))
    amounts = path_amounts(learner, options)
    for amount in amounts | {amount - 1 for amount in amounts}:
        if below < amount < above:
            at = dataclasses.replace(learner, budget=amount)
            assert verdict(at, options) == recommendation.verdict, amount


def test_with_employer_support_more_hours_can_end_a_fit_and_that_change_is_stated():
    # Support is paid per started year of study: two courses of 13 weeks at 12 hours a week take
    # 15 months (two years of support) at 5 hours and 12 months (one year) at 6, so $3,000 less
    # $1,000 a year costs $1,000 at 5 hours and $2,000 at 6, over the $1,500 budget.
    option = program(price=Decimal(3000), courses=(course(hours=12),) * 2, course_count=2, pathways=())
    learner = answers(budget=Decimal(1500), employer_support=Decimal(1000), hours_per_week=5, months=24)

    recommendation = recommend(learner, [option])

    assert recommendation.verdict == "micromasters"
    assert ("hours_per_week", "6", "audit") in changes(recommendation)


degree_learners = st.builds(
    lambda learner, budget, months, bachelors: dataclasses.replace(
        learner, budget=Decimal(budget), months=months, **{**DEGREE_MINDED, "has_bachelors": bachelors}
    ),
    builders.learners,
    st.integers(min_value=0, max_value=20_000),
    st.integers(min_value=1, max_value=36),
    st.booleans(),
)


@settings(max_examples=300, deadline=None)
@given(learner=degree_learners, options=builders.catalogs)
def test_a_degree_minded_audit_searched_no_further_keeps_its_verdict_there(learner, options):
    # Without a bachelor's, no budget, months or hours are searched; with one, an "audit" where no
    # route could fit is not searched toward less budget or fewer months. Every value so skipped,
    # down to the questionnaire's end, must give "audit".
    recommendation = recommend(learner, options)
    stated = {change.param for change in recommendation.changes}
    if recommendation.verdict != "audit":
        return
    amounts = path_amounts(learner, options)
    budgets = {amount - 1 for amount in amounts if 0 <= amount - 1 < learner.budget} | {Decimal(0)}
    if not learner.has_bachelors:
        assert not stated & {"budget", "months", "hours_per_week"}
        budgets |= {amount for amount in amounts if amount <= BUDGET_MAX}
        for hours in range(HOURS_MIN, HOURS_MAX + 1):
            assert verdict(dataclasses.replace(learner, hours_per_week=hours), options) == "audit"
    if "budget" not in stated:
        for budget in budgets:
            assert verdict(dataclasses.replace(learner, budget=budget), options) == "audit", budget
    if "months" not in stated:
        for months in range(MONTHS_MIN, MONTHS_MAX + 1 if not learner.has_bachelors else learner.months):
            assert verdict(dataclasses.replace(learner, months=months), options) == "audit", months
