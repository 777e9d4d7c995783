"""Two editors, one row: a change form opened before someone else saved is refused, not saved over."""

import datetime
from decimal import Decimal

import pytest
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from catalog.edit_conflicts import OPENED_FIELD, RefuseStaleEdits
from catalog.models import Course, CreditPathway, Degree, ExchangeRate, Field, Program, Source, University
from tests.catalog.admin_pages import CATALOG_MODELS, FIVE_COURSES_AND_AN_EXAM, admin_url, form_as_opened

CHANGED = "changed by someone else since you opened it"


@pytest.fixture
def editor(django_user_model):
    """Signs in a new superuser and returns its client: editors A and B each get one."""

    def sign_in(name):
        user = django_user_model.objects.create_superuser(name, f"{name}@example.org", "a-long-password-123")
        client = Client()
        client.force_login(user)
        return client

    return sign_in


def errors_of(response):
    return " ".join(response.context["adminform"].form.non_field_errors())


def test_a_title_saved_from_a_form_opened_before_a_new_price_is_refused_and_the_price_stays(
    editor, make_program
):
    program = make_program(title="Supply Chain", courses=[{"title": "Probability", "price": Decimal("1000")}])
    url = admin_url(Program, "change", program.pk)
    a, b = editor("a"), editor("b")
    page_a, page_b = a.get(url), b.get(url)

    saved_by_b = b.post(url, form_as_opened(page_b, **{"courses-0-price": "2000.00"}))
    saved_by_a = a.post(url, form_as_opened(page_a, title="Supply Chain Management"))

    assert saved_by_b.status_code == 302
    assert saved_by_a.status_code == 200
    errors = errors_of(saved_by_a)
    assert f"This program was {CHANGED}" in errors
    assert "Price of course “Probability”: theirs “2000.00”; yours “1000.00”." in errors
    assert "Supply Chain Management" in saved_by_a.content.decode()  # A's edit is still on the page
    program.refresh_from_db()
    assert program.title == "Supply Chain"
    assert program.courses.get().price == Decimal("2000.00")
    assert [entry.user.username for entry in LogEntry.objects.all()] == ["b"]


def test_a_row_field_changed_since_opening_is_shown_with_both_values(editor, make_program):
    program = make_program(exam_fee=Decimal("150"))
    url = admin_url(Program, "change", program.pk)
    a, b = editor("a"), editor("b")
    page_a, page_b = a.get(url), b.get(url)

    b.post(url, form_as_opened(page_b, exam_fee="180.00"))
    response = a.post(url, form_as_opened(page_a, title="Renamed"))

    assert "Exam fee: theirs “180.00”; yours “150.00”." in errors_of(response)
    assert Program.objects.get().exam_fee == Decimal("180.00")


def test_an_unchanged_row_saves_normally(editor, make_program):
    program = make_program(title="Supply Chain", courses=[{"title": "Probability", "price": Decimal("1000")}])
    url = admin_url(Program, "change", program.pk)
    a = editor("a")
    page = a.get(url)

    response = a.post(url, form_as_opened(page, title="Supply Chain Management"))

    assert response.status_code == 302
    program.refresh_from_db()
    assert program.title == "Supply Chain Management"
    assert program.courses.get().price == Decimal("1000.00")


def test_saving_again_after_reading_the_conflict_replaces_their_values(editor, make_program):
    program = make_program(courses=[{"title": "Probability", "price": Decimal("1000")}])
    url = admin_url(Program, "change", program.pk)
    a, b = editor("a"), editor("b")
    page_a, page_b = a.get(url), b.get(url)
    b.post(url, form_as_opened(page_b, **{"courses-0-price": "2000.00"}))
    refused = a.post(url, form_as_opened(page_a, title="Renamed"))

    response = a.post(url, form_as_opened(refused))

    assert response.status_code == 302
    assert Program.objects.get().title == "Renamed"
    assert Course.objects.get().price == Decimal("1000.00")


def test_a_course_added_or_deleted_since_opening_is_named(editor, make_program):
    program = make_program(courses=[{"title": "Probability"}, {"title": "Statistics"}])
    url = admin_url(Program, "change", program.pk)
    a = editor("a")
    page = a.get(url)
    Course.objects.filter(title="Statistics").delete()
    Course.objects.create(program=program, position=3, title="Econometrics")

    response = a.post(url, form_as_opened(page, title="Renamed"))

    errors = errors_of(response)
    assert "Course “Econometrics” was added by someone else." in errors
    assert "(as you opened it) was deleted by someone else." in errors
    assert Program.objects.get().title != "Renamed"


def test_a_row_deleted_since_opening_is_not_saved_again(editor, make_program):
    program = make_program()
    url = admin_url(Program, "change", program.pk)
    a = editor("a")
    page = a.get(url)
    Program.objects.all().delete()

    response = a.post(url, form_as_opened(page, title="Renamed"))

    assert not Program.objects.exists()
    assert response.status_code == 302  # the admin's own "does not exist, perhaps it was deleted"


def test_a_change_to_a_figure_the_form_does_not_edit_is_no_conflict(editor, make_program, make_rate):
    """Dollar amounts follow the exchange rates (exchange.py); an editor's form never holds them."""
    program = make_program(exam_fee=Decimal("2000"), exam_fee_currency="MXN", exam_fee_year=2021)
    url = admin_url(Program, "change", program.pk)
    a = editor("a")
    page = a.get(url)
    make_rate(units_per_usd=Decimal("20.48"))  # converts the fee: exam_fee_usd changes

    response = a.post(url, form_as_opened(page, title="Renamed"))

    assert response.status_code == 302
    assert Program.objects.get().title == "Renamed"


# Every catalog model: one text field to change, and how to make a row of it.
EDITS = {
    Source: ("title", "Another title"),
    ExchangeRate: ("units_per_usd", "21.500000"),
    Field: ("name", "Another name"),
    University: ("name", "Another name"),
    Program: ("title", "Another title"),
    Course: ("title", "Another title"),
    Degree: ("title", "Another title"),
    CreditPathway: ("status", "retired"),
}


@pytest.mark.parametrize("model", CATALOG_MODELS, ids=lambda model: model._meta.label)
def test_every_catalog_change_form_refuses_a_stale_save(editor, make_program, make_pathway, make_rate, model):
    make_pathway(program=make_program(courses=FIVE_COURSES_AND_AN_EXAM))
    make_rate(date=datetime.date(2022, 1, 1))
    row = model._default_manager.first()
    url = admin_url(model, "change", row.pk)
    field, value = EDITS[model]
    a, b = editor("a"), editor("b")
    page_a, page_b = a.get(url), b.get(url)

    saved_by_b = b.post(url, form_as_opened(page_b, **{field: value}))
    saved_by_a = a.post(url, form_as_opened(page_a))

    assert OPENED_FIELD in page_a.context["adminform"].form.fields
    assert saved_by_b.status_code == 302
    assert saved_by_a.status_code == 200
    assert CHANGED in errors_of(saved_by_a)
    assert str(getattr(model._default_manager.get(pk=row.pk), field)) == value


def test_every_catalog_model_admin_refuses_stale_edits():
    assert set(EDITS) == set(CATALOG_MODELS)
    assert all(isinstance(admin.site._registry[model], RefuseStaleEdits) for model in CATALOG_MODELS)


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite has no row locks: it runs one write at a time"
)
def test_the_row_is_locked_from_the_check_until_the_save_commits(editor, make_program):
    program = make_program()
    url = admin_url(Program, "change", program.pk)
    a = editor("a")
    page = a.get(url)

    with CaptureQueriesContext(connection) as queries:
        a.post(url, form_as_opened(page, title="Renamed"))

    locks = [query["sql"] for query in queries if query["sql"].endswith("FOR UPDATE")]
    assert [sql for sql in locks if sql.startswith('SELECT "catalog_program"')]
