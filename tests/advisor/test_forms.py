from decimal import Decimal

import pytest

from advisor.engine import Answers
from advisor.forms import QuestionnaireForm, parse_money

pytestmark = pytest.mark.django_db

VALID = {
    "goal": "skills",
    "budget": "$5,000",
    "hours_per_week": "10",
    "months": "12",
    "has_bachelors": "yes",
    "needs_degree": "no",
}


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("5000", Decimal("5000")),
        ("5,000", Decimal("5000")),
        ("$5,000", Decimal("5000")),
        (" $ 1,234,567.5 ", Decimal("1234567.5")),
        ("US$950", Decimal("950")),
        ("950 usd", Decimal("950")),
        ("0", Decimal("0")),
    ],
)
def test_money_is_read_as_people_write_it(text, amount):
    assert parse_money(text) == amount


@pytest.mark.parametrize("text", ["five", "-100", "5,00", "1e6", "$", "12.345", "5 000", "NaN", "10,000,001"])
def test_money_that_is_not_an_amount_is_refused(text):
    form = QuestionnaireForm({**VALID, "budget": text})

    assert not form.is_valid()
    assert "budget" in form.errors


def test_a_complete_form_gives_the_engine_its_answers(make_program, make_field):
    field = make_field(slug="data-science")
    make_program(slug="ds", field=field)
    form = QuestionnaireForm(
        {**VALID, "field": "data-science", "program": "ds", "salary": "60000", "expected_salary": "$66,000"}
    )

    assert form.is_valid(), form.errors
    assert form.to_answers() == Answers(
        goal="skills",
        budget=Decimal("5000"),
        hours_per_week=10,
        months=12,
        has_bachelors=True,
        needs_degree="no",
        field="data-science",
        program="ds",
        salary=Decimal("60000"),
        expected_salary=Decimal("66000"),
        employer_support=None,
    )


@pytest.mark.parametrize(
    "missing", ["goal", "budget", "hours_per_week", "months", "has_bachelors", "needs_degree"]
)
def test_each_required_answer_is_asked_for_by_name(missing):
    form = QuestionnaireForm({key: value for key, value in VALID.items() if key != missing})

    assert not form.is_valid()
    assert list(form.errors) == [missing]
    assert form.errors[missing][0].endswith(".")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("goal", "fame"),
        ("hours_per_week", "0"),
        ("hours_per_week", "81"),
        ("hours_per_week", "ten"),
        ("months", "0"),
        ("months", "121"),
        ("months", "99999999999999999999"),
        ("has_bachelors", "maybe"),
        ("needs_degree", "perhaps"),
        ("field", "astrology"),
        ("program", "no-such-program"),
        ("employer_support", "-5"),
    ],
)
def test_each_bad_answer_gets_an_error_beside_its_field(field, value):
    form = QuestionnaireForm({**VALID, field: value})

    assert not form.is_valid()
    assert field in form.errors


def test_one_salary_without_the_other_is_pointed_out():
    only_expected = QuestionnaireForm({**VALID, "expected_salary": "70000"})
    only_current = QuestionnaireForm({**VALID, "salary": "70000"})

    assert not only_expected.is_valid() and "salary" in only_expected.errors
    assert not only_current.is_valid() and "expected_salary" in only_current.errors


def test_a_large_catalog_asks_for_the_program_address_instead_of_a_list(make_program, monkeypatch):
    monkeypatch.setattr("advisor.forms.PROGRAM_LIST_MAX", 2)
    for slug in ("a", "b", "c"):
        make_program(slug=slug)

    known = QuestionnaireForm({**VALID, "program": "c"})
    unknown = QuestionnaireForm({**VALID, "program": "zzz"})

    assert 'type="text"' in str(known["program"])
    assert known.is_valid() and known.cleaned_data["program"] == "c"
    assert not unknown.is_valid() and "copy it from the program's page" in unknown.errors["program"][0]


def test_retired_programs_are_marked_so_in_the_list(db, make_program):
    from advisor.forms import QuestionnaireForm

    make_program(slug="gone", title="Old Program", status="retired")
    make_program(slug="open", title="New Program", status="active")

    choices = dict(QuestionnaireForm().fields["program"].choices)

    assert choices["gone"] == "Old Program (retired)"
    assert choices["open"] == "New Program"
