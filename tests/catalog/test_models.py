"""The catalog models: totals annotated by their QuerySets, the 18-month rule, the invariants the
database and validation both enforce, and the length of every text."""

import datetime
import itertools
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import IntegrityError, models, transaction
from django.forms import modelform_factory

from catalog.models import Course, CreditPathway, Degree, Program, add_months
from tests.catalog.programs import totals, with_electives

pytestmark = pytest.mark.django_db


def test_total_price_adds_every_course_and_the_exam_course(make_program):
    program = make_program(
        course_count=5,
        courses=[{"price": Decimal("150.00"), "weeks": 13}] * 5
        + [{"price": Decimal("600.00"), "kind": "exam"}],
    )

    program = totals(program)

    assert program.total_price == Decimal("1350.00")  # MITx SCM: 5 x $150 + the $600 CFx exam
    assert program.total_weeks == 5 * 13


def test_a_program_level_exam_fee_is_added_once(make_program):
    program = make_program(
        course_count=2, exam_fee=Decimal("249.00"), courses=[{"price": Decimal("150")}] * 2
    )

    assert totals(program).total_price == Decimal("549.00")


def test_the_cheapest_electives_needed_are_added(make_program):
    program = with_electives(
        make_program, 2, {"price": Decimal("300")}, {"price": Decimal("200")}, {"price": Decimal("250")}
    )

    assert totals(program).total_price == Decimal("100") + 2 * Decimal("200")


def test_an_unpriced_required_course_falls_back_to_the_published_total(make_program):
    program = make_program(
        course_count=2,
        published_total=Decimal("1500.00"),
        courses=[{"price": Decimal("150")}, {"price": None}],
    )

    assert totals(program).total_price == Decimal("1500.00")


def test_missing_courses_with_no_published_total_leave_the_price_unpublished(make_program):
    program = make_program(course_count=4, courses=[{"price": Decimal("150"), "weeks": 6}])

    program = totals(program)

    assert program.total_price is None
    assert program.total_weeks is None


def test_a_credit_share_from_whole_numbers_is_exact_on_every_database(make_program, make_pathway):
    program = make_program()
    make_pathway(program=program, credits_granted=Decimal(16), credits_required=Decimal(48))

    assert totals(program).best_credit_share == Decimal("0.3333")  # 16 / 48, not 0


def test_best_credit_share_is_the_largest_share_not_retired(make_program, make_degree, make_pathway):
    program = make_program()
    make_pathway(program=program, degree=make_degree(), credits_granted=1, credits_required=4)
    make_pathway(program=program, degree=make_degree(), share_min=Decimal("0.5"))
    make_pathway(program=program, degree=make_degree(), share_min=Decimal("0.9"), status="retired")

    program = totals(program)

    assert program.best_credit_share == Decimal("0.5")
    assert program.has_pathway is True


@pytest.mark.parametrize(
    ("verified_on", "facts_year", "stale"),
    [
        (datetime.date(2026, 11, 1), 2026, False),
        (datetime.date(2026, 11, 1), 2025, False),  # end of 2025 + 18 months is mid-2027
        (datetime.date(2026, 11, 1), 2024, True),
        (datetime.date(2026, 11, 1), None, True),  # undated facts cannot be vouched for
        (datetime.date(2025, 4, 1), 2026, True),  # not checked for 19 months
    ],
)
def test_records_older_than_18_months_are_flagged(make_program, verified_on, facts_year, stale):
    program = make_program(verified_on=verified_on, facts_year=facts_year)

    assert program.is_stale(today=datetime.date(2026, 11, 22)) is stale


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (datetime.date(2025, 8, 31), 18, datetime.date(2027, 2, 28)),
        (datetime.date(2026, 8, 31), 18, datetime.date(2028, 2, 29)),  # a leap year
        (datetime.date(2098, 8, 31), 18, datetime.date(2100, 2, 28)),  # a century, not a leap year
        (datetime.date(1998, 8, 31), 18, datetime.date(2000, 2, 29)),  # every 400 years, a leap year
        (datetime.date(2026, 1, 31), 3, datetime.date(2026, 4, 30)),
        (datetime.date(2026, 5, 15), 18, datetime.date(2027, 11, 15)),
    ],
)
def test_a_date_months_later_falls_back_to_the_last_day_of_a_shorter_month(day, months, expected):
    assert add_months(day, months) == expected


BAD_ROWS = [
    (Program, {"effort_hours_min": 12, "effort_hours_max": 8}, "weekly effort"),
    (Program, {"months_min": 12, "months_max": 3}, "number of months"),
    (Program, {"exam_fee": Decimal("-1")}, "cannot be negative"),
    (Program, {"published_total": Decimal("-0.01")}, "cannot be negative"),
    (Program, {"course_count": 0}, "at least one course"),
    (Course, {"price": Decimal("-150")}, "cannot be negative"),
    (Degree, {"tuition_amount": Decimal("-1")}, "cannot be negative"),
    (Degree, {"tuition_unit": "total", "tuition_count": Decimal("30")}, "multiplies nothing"),
    (CreditPathway, {"credits_granted": Decimal("50"), "credits_required": Decimal("30")}, "cannot exceed"),
    (CreditPathway, {"share_min": Decimal("1.5")}, "at most 1"),
    (CreditPathway, {"share_min": Decimal("0")}, "more than 0"),
    (CreditPathway, {"share_min": Decimal("0.5"), "share_max": Decimal("0.25")}, "lowest share"),
    (Program, {"summary": "x" * 2_001}, "at most 2000 characters"),
    (Program, {"notes": "x" * 10_001}, "at most 10000 characters"),
    (Course, {"notes": "x" * 2_001}, "at most 2000 characters"),
    (Degree, {"tuition_note": "x" * 10_001}, "at most 10000 characters"),
    (CreditPathway, {"caveat": "x" * 2_001}, "at most 2000 characters"),
]


@pytest.fixture
def one_of_each(make_program, make_degree, make_pathway):
    program = make_program(courses=[{"price": Decimal("100")}])
    pathway = make_pathway(program=program)
    return {Program: program, Course: program.courses.get(), Degree: pathway.degree, CreditPathway: pathway}


@pytest.mark.parametrize(("model", "values", "message"), BAD_ROWS)
def test_the_database_refuses_rows_that_break_an_invariant(one_of_each, model, values, message):
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.filter(pk=one_of_each[model].pk).update(**values)


@pytest.mark.parametrize(("model", "values", "message"), BAD_ROWS)
def test_validation_explains_rows_that_break_an_invariant(one_of_each, model, values, message):
    row = one_of_each[model]
    for key, value in values.items():
        setattr(row, key, value)

    with pytest.raises(ValidationError, match=message):
        row.full_clean()


def test_two_courses_cannot_share_a_position(make_program):
    program = make_program(courses=[{}])

    with pytest.raises(IntegrityError), transaction.atomic():
        Course.objects.create(program=program, position=1)


def test_slugs_are_unique(make_program):
    make_program(slug="same")

    with pytest.raises(IntegrityError), transaction.atomic():
        make_program(slug="same")


TEXT_FIELDS = [
    field
    for model in apps.get_app_config("catalog").get_models()
    for field in model._meta.get_fields()
    if isinstance(field, (models.CharField, models.TextField))
]


@pytest.mark.parametrize("field", TEXT_FIELDS, ids=lambda field: f"{field.model.__name__}.{field.name}")
def test_every_text_field_has_a_length_limit_that_validation_checks(field):
    assert field.max_length
    assert any(isinstance(validator, MaxLengthValidator) for validator in field.validators)


def is_history(model):
    """A history table (catalog/history.py): it copies rows the tables it follows have limited already."""
    return any(field.name == "history_id" for field in model._meta.fields)


@pytest.mark.parametrize(
    "field",
    [field for field in TEXT_FIELDS if isinstance(field, models.TextField) and not is_history(field.model)],
    ids=lambda field: f"{field.model.__name__}.{field.name}",
)
def test_every_long_text_is_limited_by_the_database_too(field):
    checked = {constraint.name for constraint in field.model._meta.constraints}

    assert any(name.endswith(f"_{field.name}_length") for name in checked)


def test_the_admin_form_refuses_a_summary_over_the_limit():
    form = modelform_factory(Program, fields=["summary"])(data={"summary": "x" * 2_001})

    assert form.errors["summary"] == ["Ensure this value has at most 2000 characters (it has 2001)."]
    assert 'maxlength="2000"' in str(form["summary"])


# Every check constraint is tested by validation in Python (catalog.models.base.Check); the database
# evaluating the same condition is the reference.
CHECKS = [
    (model, constraint)
    for model in apps.get_app_config("catalog").get_models()
    for constraint in model._meta.constraints
    if isinstance(constraint, models.CheckConstraint)
]


def candidate_values(field):
    """Values around every boundary the catalog's checks draw, for one field."""
    if isinstance(field, models.IntegerField | models.DecimalField):
        numbers = [-1, 0, 1, 2, 3, 12, 30, 50]
        if isinstance(field, models.DecimalField):
            numbers += [Decimal("0.25"), Decimal("0.5"), Decimal("1.5"), Decimal("-0.01")]
        return [None, *numbers] if field.null else numbers
    if field.choices:
        return ["", *(value for value, _ in field.flatchoices)]
    if field.max_length:
        return ["", "USD", "EUR", "x" * field.max_length, "x" * (field.max_length + 1)]
    return ["", "USD", "EUR"]


def test_every_check_constraint_is_tested_in_python_with_no_query(django_assert_num_queries):
    from catalog.models.base import Check

    for model, constraint in CHECKS:
        assert isinstance(constraint, Check), constraint.name
        with django_assert_num_queries(0):
            constraint.validate(model, model(), exclude=set())


@pytest.mark.parametrize(("model", "constraint"), CHECKS, ids=lambda item: getattr(item, "name", ""))
def test_a_check_tested_in_python_agrees_with_the_database(model, constraint):
    names = _condition_fields(constraint, model)
    fields = [model._meta.get_field(name) for name in names]
    pools = [candidate_values(field) for field in fields]
    tried = 0
    for values in itertools.product(*pools):
        instance = model(**dict(zip(names, values, strict=True)))
        try:
            constraint.validate(model, instance, exclude=set())
            in_python = True
        except ValidationError:
            in_python = False
        try:
            models.CheckConstraint.validate(constraint, model, instance, exclude=set())
            in_database = True
        except ValidationError:
            in_database = False
        assert in_python == in_database, (constraint.name, dict(zip(names, values, strict=True)))
        tried += 1
    assert tried > 1


def _condition_fields(constraint, model):
    """The model's fields named in the constraint's SQL (independently of how Check reads them)."""
    from django.db import connection

    sql = constraint.constraint_sql(model, connection.schema_editor())
    return [field.name for field in model._meta.concrete_fields if f'"{field.column}"' in sql]


def test_a_value_python_cannot_compare_is_left_to_the_database(make_program):
    program = make_program()
    program.effort_hours_min, program.effort_hours_max = "12", 8  # as assigned, before any cleaning
    constraint = next(
        c for c in Program._meta.constraints if c.name == "program_effort_hours_min_lte_effort_hours_max"
    )

    with pytest.raises(ValidationError, match="weekly effort"):
        constraint.validate(Program, program, exclude=set())
