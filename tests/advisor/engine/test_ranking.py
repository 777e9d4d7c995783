"""Matches and focus (advisor/engine/ranking.py)."""

import dataclasses
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from advisor.engine import (
    recommend,
)
from advisor.engine.answers import HOURS_MIN
from advisor.engine.pricer import Pricer
from advisor.engine.ranking import rank
from advisor.engine.thresholds import Search
from advisor.engine.verdict import decide
from tests.advisor.engine import builders
from tests.advisor.engine.builders import answers, course, degree, pathway, program


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


def test_a_degree_minded_match_is_ranked_on_the_better_of_its_pathway_and_its_degree_directly():
    cheap_degree = degree(tuition=Decimal("2000"), months=10)
    option = program(pathways=(pathway(cheap_degree),))
    learner = answers(goal="degree", needs_degree="yes", budget=Decimal("2100"), months=36)

    [match] = recommend(learner, [option]).matches

    # The pathway is $1,350 + $1,000 = $2,350, over the $2,100; the degree directly, $2,000, fits.
    assert match.fits is True
    assert match.route.path == "masters"
    assert [path.path for path in match.shown] == ["micromasters", "pathway", "masters"]


# Learners with a small budget and no employer support or a little: most paths are over the budget.
# Without support, the hours search leaves such programs unpriced until the first place could be
# theirs (`ranking._floor`); with it, what they pay depends on the months, so it can't.
short_learners = st.builds(
    lambda learner, budget, support: dataclasses.replace(
        learner, budget=Decimal(budget), employer_support=support and Decimal(support)
    ),
    builders.learners,
    st.integers(min_value=0, max_value=3000),
    st.none() | st.integers(min_value=1, max_value=2000),
)


@settings(max_examples=300, deadline=None)
@given(
    learner=builders.learners | short_learners,
    options=builders.catalogs,
    order=st.randoms(use_true_random=False),
)
def test_the_best_program_at_other_hours_is_the_same_derived_from_a_table_or_worked_out_afresh(
    learner, options, order
):
    # The hours search derives each hour's ranking from the table at the nearest hour tried,
    # working out again only the programs whose plan changes in between, and only those that could
    # come first; a fresh pricer ranks every program at that hour. Hours are tried in any order,
    # the learner's own first.
    pricer = Pricer(words=False)
    current = decide(learner, options, pricer)
    if current.focus is None:
        return
    top = 40
    Search(learner, options, pricer, current).hours_changes(top)
    tried = list(range(HOURS_MIN, top + 1))
    order.shuffle(tried)
    for hours in tried:
        at = dataclasses.replace(learner, hours_per_week=hours)
        derived = rank(at, current.candidates, pricer, limit=1)
        fresh = rank(at, current.candidates, Pricer(words=False), limit=1)
        assert [(m.option.slug, m.micromasters, m.best_pathway, m.route, m.fits) for m in derived] == [
            (m.option.slug, m.micromasters, m.best_pathway, m.route, m.fits) for m in fresh
        ]


def test_with_employer_support_a_program_over_the_budget_at_some_hours_is_priced_again_at_others():
    # Support is paid per started year of study, so fewer hours (more months) can bring a program
    # under the budget: A costs $3,000 less $1,000 a year, 6 months (one year) at 12 hours a week
    # and 15 months (two years) at 5. C costs $2,800 less $1,000, 6 months at either.
    slow = program(
        slug="a", price=Decimal(3000), courses=(course(hours=12),) * 2, course_count=2, pathways=()
    )
    steady = program(
        slug="c",
        price=Decimal(2800),
        courses=(course(hours=4),) * 2,
        course_count=2,
        effort_hours_max=4,
        pathways=(),
    )
    learner = answers(budget=Decimal(1500), employer_support=Decimal(1000), hours_per_week=12)
    options = [slow, steady]
    pricer = Pricer(words=False)
    current = decide(learner, options, pricer)
    Search(learner, options, pricer, current).hours_changes(40)

    at_twelve = rank(learner, current.candidates, pricer, limit=1)
    at_five = rank(dataclasses.replace(learner, hours_per_week=5), current.candidates, pricer, limit=1)

    # At 12 hours both are over the budget and C costs less ($1,800 to $2,000); at 5, A fits ($1,000).
    assert [m.option.slug for m in at_twelve + at_five] == ["c", "a"]
    assert at_five[0].fits
