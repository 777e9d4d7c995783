"""`recommend()` (advisor/engine/__init__.py) for any answers and any catalog."""

from hypothesis import given, settings

from advisor.engine import (
    VERDICTS,
    recommend,
)
from advisor.engine.answers import GOAL_WORDS
from catalog import formatting
from tests.advisor.engine.builders import answers, catalogs, learners


def test_an_empty_catalog_still_gives_a_reasoned_verdict():
    recommendation = recommend(answers(), [])

    assert recommendation.verdict == "audit"
    assert recommendation.reasons
    assert recommendation.focus is None


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
