"""Engine inputs for the engine's tests, and hypothesis strategies over them.

The defaults are MITx Supply Chain Management: 5 courses x $150 + a $600 exam = $1,350, 13 weeks and
8-12 hours a week per course, no stated calendar; its MIT master's: $74,000 (2018), 10 months, the
MicroMasters counting for half."""

import dataclasses
import math
from decimal import Decimal

from hypothesis import strategies as st

from advisor.engine import (
    Answers,
    CourseLoad,
    DegreeOption,
    PathwayOption,
    ProgramOption,
    cost_paths,
    months_at_hours,
)


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


DEGREE_MINDED = {"goal": "degree", "needs_degree": "yes", "has_bachelors": True}
