from decimal import Decimal

import pytest

from advisor.selectors import candidate_slugs, candidates, program_options

pytestmark = pytest.mark.django_db


def test_options_carry_the_catalog_figures(make_program, make_degree, make_pathway):
    program = make_program(
        slug="scm",
        course_count=2,
        effort_hours_max=12,
        courses=[
            {"price": Decimal(150), "weeks": 13, "effort_hours_max": 10},
            {"price": Decimal(150), "weeks": 13},
            {"price": Decimal(600), "kind": "exam"},
        ],
    )
    degree = make_degree(slug="ms", tuition_amount=Decimal(74000), months_max=10)
    make_pathway(
        program=program,
        degree=degree,
        share_min=Decimal("0.5"),
        conditions="Share read off a 2017 blog post (research note).",
        caveat="The credit is not confirmed by the university.",
    )
    make_pathway(program=program, status="retired")

    [option] = program_options()

    assert option.price == Decimal(900)  # 150 + 150 + the 600 exam
    assert [(course.weeks, course.hours_per_week) for course in option.courses] == [(13, 10), (13, None)]
    assert len(option.pathways) == 1  # the retired one is left out
    pathway = option.pathways[0]
    assert pathway.degree.tuition == Decimal(74000)
    assert pathway.remaining_tuition == Decimal("37000.00")
    assert pathway.remaining_months == 5
    assert pathway.conditions == "The credit is not confirmed by the university."  # never the staff note
    assert option.url == "/programs/scm/"


def test_tuition_in_euros_is_weighed_in_dollars_at_its_dated_rate_and_says_so(
    make_program, make_degree, make_pathway, make_rate
):
    import datetime

    make_rate(currency="EUR", units_per_usd=Decimal("0.888731"), date=datetime.date(2025, 5, 9))
    degree = make_degree(
        slug="zlog", tuition_amount=Decimal(24300), tuition_currency="EUR", tuition_year=2026
    )
    make_pathway(program=make_program(courses=[{"price": 100}]), degree=degree, share_min=Decimal("0.5"))

    [option] = program_options()

    pathway = option.pathways[0]
    # By hand: 24,300 / 0.888731 = 27,342.357 dollars; half of the euros, 12,150 / 0.888731 = 13,671.178.
    assert (pathway.degree.tuition, pathway.degree.currency) == (Decimal("27342.36"), "USD")
    assert pathway.remaining_tuition == Decimal("13671.18")
    assert "€24,300 is counted as about $27,342, at the rate of 9 May 2025" in pathway.conditions


def test_options_are_built_in_four_queries_however_many_programs(
    make_program, make_pathway, django_assert_num_queries
):
    for _ in range(6):
        make_pathway(program=make_program(courses=[{"price": 100}]))

    # 1 the exchange rates with their sources, 2 the programs with their figures, 3 their required
    # courses, 4 their open pathways with their degrees
    with django_assert_num_queries(4):
        options = program_options()

    assert len(options) == 6


def test_income_based_programs_are_labelled(make_program):
    make_program(course_count=5, income_price_min=Decimal(100), income_price_max=Decimal(1000))

    [option] = program_options()

    # Judged at the top of the range (5 x $1,000), the lowest (5 x $100) kept as the best case.
    assert option.income_based is True
    assert option.price == Decimal(5000)
    assert option.price_floor == Decimal(500)


def test_options_say_what_is_retired_how_courses_are_paced_and_which_degrees_are_full_time(
    make_program, make_degree, make_pathway
):
    program = make_program(
        status="retired",
        status_note="retired (last session summer 2021)",
        pacing="instructor_led",
        courses=[{"price": 100, "weeks": 12, "effort_hours_min": 8, "effort_hours_max": 12}],
    )
    make_pathway(program=program, degree=make_degree(slug="campus", format="on_campus"))
    make_pathway(program=program, degree=make_degree(slug="web", format="online"))
    residential = (
        "blended (online MicroMasters + on campus Jan-June); residential path is 10 months on campus"
    )
    make_pathway(program=program, degree=make_degree(slug="scm", format="blended", format_note=residential))
    one_course = "online with 1 required on-campus course"
    make_pathway(program=program, degree=make_degree(slug="alm", format="blended", format_note=one_course))

    [option] = program_options()

    assert option.retired is True
    assert option.status_note == "retired (last session summer 2021)"
    assert option.pacing == "instructor_led"
    assert (option.courses[0].hours_min, option.courses[0].hours_per_week) == (8, 12)
    assert {p.degree.slug: p.degree.full_time for p in option.pathways} == {
        "campus": True,
        "web": False,
        "scm": True,
        "alm": False,
    }


def answers(**overrides):
    from advisor.engine import Answers

    values = {"goal": "skills", "budget": Decimal(1000), "hours_per_week": 10, "months": 12}
    return Answers(**{**values, "has_bachelors": True, "needs_degree": "no", **overrides})


def test_candidates_come_from_the_field_cheap_first(make_program, make_field, monkeypatch):
    data, other = make_field(slug="data"), make_field(slug="other")
    make_program(slug="pricey", field=data, published_total=Decimal(5000))
    make_program(slug="cheap", field=data, published_total=Decimal(300))
    make_program(slug="fair", field=data, published_total=Decimal(900))
    make_program(slug="unpriced", field=data)
    make_program(slug="elsewhere", field=other, published_total=Decimal(10))
    monkeypatch.setattr("advisor.selectors.CANDIDATES", 3)

    slugs = candidate_slugs(answers(field="data", program="elsewhere"))

    assert slugs == ["cheap", "fair", "pricey", "elsewhere"]  # the named program always comes along


def test_a_learner_who_wants_a_degree_gets_programs_with_pathways_first(make_program, make_pathway):
    make_program(slug="cheap-no-credit", published_total=Decimal(100))
    make_pathway(program=make_program(slug="credit", published_total=Decimal(900)))

    slugs = candidate_slugs(answers(goal="degree", needs_degree="yes"))

    assert slugs[:2] == ["credit", "cheap-no-credit"]


def test_a_field_without_programs_falls_back_to_every_field(make_program, make_field):
    make_program(slug="only", published_total=Decimal(100))

    assert candidate_slugs(answers(field="astrology")) == ["only"]


def test_retired_programs_are_never_candidates_unless_named(make_program):
    make_program(slug="open", published_total=Decimal(900))
    make_program(slug="gone", published_total=Decimal(100), status="retired")

    assert candidate_slugs(answers()) == ["open"]
    assert candidate_slugs(answers(program="gone")) == ["open", "gone"]


def test_a_retired_program_named_without_a_field_brings_its_own_field_first(
    make_program, make_field, monkeypatch
):
    data, other = make_field(slug="data"), make_field(slug="other")
    make_program(slug="gone", field=data, status="retired")
    make_program(slug="data-open", field=data, published_total=Decimal(900))
    make_program(slug="cheaper-elsewhere", field=other, published_total=Decimal(100))
    monkeypatch.setattr("advisor.selectors.CANDIDATES", 1)

    assert candidate_slugs(answers(program="gone")) == ["data-open", "gone"]


def test_the_candidates_do_not_depend_on_budget_hours_months_or_a_bachelors(make_program, make_pathway):
    # The thresholds are found by re-running the engine on these candidates, so the page a
    # threshold's link opens must price the same ones.
    for index in range(5):
        make_pathway(program=make_program(published_total=Decimal(100 * (index + 1))))
        make_program(published_total=Decimal(150 * (index + 1)))
    learner = answers(goal="degree", needs_degree="yes")

    first = candidate_slugs(learner)

    for other in (
        answers(goal="degree", needs_degree="yes", budget=Decimal(0), hours_per_week=80, months=1),
        answers(goal="degree", needs_degree="yes", has_bachelors=False, budget=Decimal(10_000_000)),
    ):
        assert candidate_slugs(other) == first


def test_the_candidates_come_as_options_in_five_queries_the_same_as_built_one_by_one(
    make_program, make_field, make_degree, make_pathway, django_assert_num_queries, monkeypatch
):
    data, other = make_field(slug="data"), make_field(slug="other")
    degree = make_degree(slug="ms", tuition_amount=Decimal(20000), months_max=12)
    for index in range(4):
        program = make_program(
            field=data if index % 2 else other,
            course_count=2,
            courses=[{"price": Decimal(100 * (index + 1)), "weeks": 6, "effort_hours_max": 8}, {"price": 50}],
        )
        if index % 2:
            make_pathway(program=program, degree=degree, share_min=Decimal("0.25"))
    make_program(slug="gone", field=data, status="retired", published_total=Decimal(10))
    monkeypatch.setattr("advisor.selectors.CANDIDATES", 3)

    # 1 the candidates with their figures, 2 their required courses, 3 their open pathways with their
    # degrees, 4 the exchange rates with their sources, 5 their universities' and fields' names
    with django_assert_num_queries(5):
        options, programs = candidates(answers(goal="degree", needs_degree="yes", field="data"))

    for learner in (
        answers(goal="degree", needs_degree="yes", field="data"),
        answers(field="astrology"),
        answers(program="gone"),
        answers(field="other", program="gone"),
    ):
        options, programs = candidates(learner)
        one_by_one = program_options(slugs=candidate_slugs(learner))
        assert sorted(options, key=lambda o: o.slug) == sorted(one_by_one, key=lambda o: o.slug)
        assert set(programs) == {option.slug for option in options}
