"""The reasons a recommendation gives (advisor/engine/reasons.py and wording.py)."""

from decimal import Decimal

from advisor.engine import (
    recommend,
)
from tests.advisor.engine.builders import answers, program


def test_no_raise_means_no_payback():
    learner = answers(salary=Decimal("60000"), expected_salary=Decimal("60000"))

    recommendation = recommend(learner, [program()])

    assert recommendation.chosen.payback_months is None
    assert any("no raise" in reason for reason in recommendation.reasons)


def test_income_based_price_is_labelled():
    option = program(price=Decimal("5000"), price_floor=Decimal("500"), income_based=True, pathways=())

    recommendation = recommend(answers(budget=Decimal("6000")), [option])

    assert recommendation.chosen.income_based is True
    assert any("income-based" in risk.lower() for risk in recommendation.chosen.risks)
    assert any("$5,000" in reason and "income-based" in reason for reason in recommendation.reasons)
    assert (
        recommendation.chosen.amount_words == "$5,000 (the top of its income-based range; $500 at the lowest)"
    )


def test_money_in_reasons_reads_as_dollars_with_cents_only_when_needed():
    option = program(price=Decimal("1350.50"))

    recommendation = recommend(answers(budget=Decimal("2000")), [option])

    assert any("Your budget of $2,000 covers the $1,350.50" in reason for reason in recommendation.reasons)
