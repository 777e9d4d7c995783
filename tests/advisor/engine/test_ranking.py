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
from tests.advisor.engine.builders import answers, degree, pathway, program


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


@settings(max_examples=150, deadline=None)
@given(learner=builders.learners, options=builders.catalogs, order=st.randoms(use_true_random=False))
def test_the_best_program_at_other_hours_is_the_same_derived_from_a_table_or_worked_out_afresh(
    learner, options, order
):
    # The hours search derives each hour's ranking from the table at the nearest hour tried,
    # working out again only the programs whose plan changes in between; a fresh pricer ranks
    # every program at that hour. Hours are tried in any order, the learner's own first.
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
