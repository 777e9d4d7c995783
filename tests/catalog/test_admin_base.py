"""What every catalog admin page shares (catalog/admin_base.py): who gets in, that every page opens,
autocomplete, fieldsets, lists that cost the same queries however long, values that are no keys,
capped inlines, view-only staff and the admin log."""

import datetime
from decimal import Decimal

import pytest
from django.contrib import admin
from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.auth.models import Group, Permission
from django.db import connection, models
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalog.admin_base import INLINE_MAX_ROWS
from catalog.models import Course, Degree, ExchangeRate, Program, Source
from tests.catalog.admin_pages import (
    CATALOG_MODELS,
    FIVE_COURSES_AND_AN_EXAM,
    OUR_MODELS,
    admin_url,
    form_as_opened,
    program_form,
)


def add_catalog_rows(count, make_program, make_pathway):
    """`count` rows at least of every catalog model: programs with courses, pathways, degrees..."""
    for _ in range(count):
        index = Source.objects.count() + 1
        program = make_program(courses=[{"title": "Probability", "price": 150}, {"title": "Statistics"}])
        make_pathway(program=program)
        source = Source.objects.create(
            key=f"source-{index}", url="https://example.org", title=f"Source {index}"
        )
        ExchangeRate.objects.create(
            currency="EUR",
            units_per_usd=Decimal("0.9"),
            date=datetime.date(2000 + index, 1, 1),
            source=source,
        )


@pytest.fixture
def one_of_each(make_program, make_pathway, make_rate):
    """A row of every registered model (the admin user is the User)."""
    make_pathway(program=make_program(courses=FIVE_COURSES_AND_AN_EXAM))
    source = Source.objects.create(key="edx", url="https://www.edx.org", title="edX", kind="official")
    make_rate(source=source)
    Group.objects.create(name="Editors")


def test_anonymous_visitors_are_sent_to_the_admin_login(client):
    response = client.get(reverse("admin:index"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_logged_in_users_without_staff_status_are_sent_to_the_admin_login(client, django_user_model):
    learner = django_user_model.objects.create_user("learner", password="not-staff-password")
    client.force_login(learner)

    response = client.get(reverse("admin:index"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_staff_superusers_see_the_admin_index(admin_client):
    response = admin_client.get(reverse("admin:index"))

    assert response.status_code == 200


@pytest.mark.parametrize("model", OUR_MODELS, ids=lambda model: model._meta.label)
def test_every_registered_model_opens_its_list_add_change_and_delete_pages(admin_client, one_of_each, model):
    row = model._default_manager.first()
    assert row is not None, f"one_of_each makes no {model._meta.label}: add one so its pages are tested"
    views = [("changelist",), ("add",), ("change", row.pk), ("delete", row.pk)]

    statuses = {view: admin_client.get(admin_url(model, view, *args)).status_code for view, *args in views}

    assert statuses == {"changelist": 200, "add": 200, "change": 200, "delete": 200}


def autocomplete_fields():
    for model, model_admin in admin.site._registry.items():
        yield from ((model, name) for name in model_admin.autocomplete_fields)
        for inline in model_admin.inlines:
            yield from ((inline.model, name) for name in inline.autocomplete_fields)


@pytest.mark.parametrize(
    ("model", "field_name"),
    list(autocomplete_fields()),
    ids=lambda value: value if isinstance(value, str) else value._meta.model_name,
)
def test_every_autocomplete_field_finds_rows(admin_client, one_of_each, model, field_name):
    query = {
        "app_label": model._meta.app_label,
        "model_name": model._meta.model_name,
        "field_name": field_name,
        "term": "",
    }

    response = admin_client.get(reverse("admin:autocomplete"), query)

    assert response.status_code == 200
    assert response.json()["results"]


@pytest.mark.parametrize(
    "model",
    [model for model in CATALOG_MODELS if admin.site._registry[model].fieldsets],
    ids=lambda model: model._meta.label,
)
def test_fieldsets_leave_no_editable_field_out_of_the_form(model):
    # A field missing from the fieldsets silently disappears from the form.
    fieldsets = admin.site._registry[model].fieldsets
    lines = [line for _, options in fieldsets for line in options["fields"]]
    shown = {name for line in lines for name in (line if isinstance(line, tuple) else (line,))}

    missing = {
        field.name
        for field in model._meta.get_fields()
        if getattr(field, "editable", False) and not field.auto_created
    } - shown

    assert missing == set()


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("model", CATALOG_MODELS, ids=lambda model: model._meta.label)
def test_every_catalog_list_makes_as_many_queries_for_30_rows_as_for_3(
    admin_client, make_program, make_pathway, model
):
    add_catalog_rows(3, make_program, make_pathway)
    few = count_queries(admin_client, admin_url(model, "changelist"))
    add_catalog_rows(27, make_program, make_pathway)

    many = count_queries(admin_client, admin_url(model, "changelist"))

    assert many == few


@pytest.mark.parametrize("value", ["abc", "1\x00", "99999999999999999999999", "-1"])
def test_a_university_that_is_no_key_gets_a_form_error_not_a_500(admin_client, make_program, value):
    program = make_program()
    page = admin_client.get(admin_url(Program, "change", program.pk))

    response = admin_client.post(
        admin_url(Program, "change", program.pk), form_as_opened(page, university=value)
    )

    assert response.status_code == 200
    assert "university" in response.context["adminform"].form.errors
    assert Program.objects.get().university == program.university


def test_sources_that_are_no_keys_get_a_form_error_not_a_500(admin_client, make_program):
    program = make_program()
    page = admin_client.get(admin_url(Program, "change", program.pk))

    response = admin_client.post(
        admin_url(Program, "change", program.pk), form_as_opened(page, sources=["x"])
    )

    assert response.status_code == 200
    assert "sources" in response.context["adminform"].form.errors


def test_a_pathway_inline_naming_a_program_that_is_no_key_gets_a_form_error(admin_client, make_pathway):
    degree = make_pathway().degree
    page = admin_client.get(admin_url(Degree, "change", degree.pk))

    response = admin_client.post(
        admin_url(Degree, "change", degree.pk), form_as_opened(page, **{"pathways-0-program": "abc"})
    )

    assert response.status_code == 200
    assert response.context["errors"]


def test_a_post_claiming_100000_course_rows_costs_no_more_than_one_with_the_most_rows_allowed(
    admin_client, make_program
):
    program = make_program(courses=[{"title": "Probability"}])
    page = admin_client.get(admin_url(Program, "change", program.pk))

    def post_claiming(rows):
        data = form_as_opened(page, **{"courses-TOTAL_FORMS": str(rows)})
        with CaptureQueriesContext(connection) as queries:
            response = admin_client.post(admin_url(Program, "change", program.pk), data)
        return response, len(queries)

    _, queries_at_most_allowed = post_claiming(INLINE_MAX_ROWS)
    response, queries = post_claiming(100_000)

    # Forms past INLINE_MAX_ROWS are never built, so none of them is validated or queried.
    assert queries == queries_at_most_allowed
    assert response.status_code == 200
    courses = next(inline.formset for inline in response.context["inline_admin_formsets"])
    assert len(courses.forms) == INLINE_MAX_ROWS
    assert f"Please submit at most {INLINE_MAX_ROWS} forms." in courses.non_form_errors()
    assert list(Course.objects.values_list("title", flat=True)) == ["Probability"]


def test_the_largest_program_form_fits_under_the_limit_of_posted_fields(
    admin_client, make_program, make_pathway, settings
):
    program = make_program(courses=[{"title": f"Course {n}", "price": 100} for n in range(INLINE_MAX_ROWS)])
    for _ in range(INLINE_MAX_ROWS):
        make_pathway(program=program)
    page = admin_client.get(admin_url(Program, "change", program.pk))
    data = form_as_opened(page, title="Renamed")

    fields_sent = sum(len(value) if isinstance(value, list) else 1 for value in data.values()) + 1  # + CSRF
    response = admin_client.post(admin_url(Program, "change", program.pk), data)

    assert fields_sent < settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
    assert response.status_code == 302
    assert Program.objects.get().title == "Renamed"


def test_staff_who_may_only_view_open_change_pages(client, django_user_model, one_of_each):
    viewer = django_user_model.objects.create_user("viewer", password="viewer-password-123", is_staff=True)
    viewer.user_permissions.set(Permission.objects.filter(codename__startswith="view_"))
    client.force_login(viewer)

    statuses = {
        model._meta.label: client.get(
            admin_url(model, "change", model._default_manager.first().pk)
        ).status_code
        for model in CATALOG_MODELS
    }

    assert set(statuses.values()) == {200}


@pytest.mark.parametrize("model", CATALOG_MODELS, ids=lambda model: model._meta.label)
def test_every_catalog_change_is_recorded_in_the_admin_log(admin_client, one_of_each, model):
    row = model._default_manager.first()
    page = admin_client.get(admin_url(model, "change", row.pk))

    response = admin_client.post(admin_url(model, "change", row.pk), form_as_opened(page))

    assert response.status_code == 302
    entry = LogEntry.objects.get()
    assert (entry.action_flag, entry.object_id, entry.user.username) == (CHANGE, str(row.pk), "admin")
    assert entry.content_type.model_class() is model


def test_a_changed_course_price_is_named_in_the_admin_log(admin_client, make_program):
    program = make_program(courses=[{"title": "Probability", "price": 1000}])
    page = admin_client.get(admin_url(Program, "change", program.pk))

    admin_client.post(
        admin_url(Program, "change", program.pk), form_as_opened(page, **{"courses-0-price": "2000"})
    )

    entry = LogEntry.objects.get()
    assert entry.get_change_message() == "Changed Price for course “Probability”."


def test_additions_and_deletions_are_recorded_in_the_admin_log(admin_client, make_university, make_field):
    admin_client.post(admin_url(Program, "add"), program_form(make_university(), make_field()))
    program = Program.objects.get()
    admin_client.post(admin_url(Program, "delete", program.pk), {"post": "yes"})

    entries = sorted(LogEntry.objects.values_list("pk", "action_flag", "object_repr"))  # in the order written
    flags = [(flag, name) for _, flag, name in entries]

    assert flags == [(ADDITION, "Data Science"), (DELETION, "Data Science")]


URL_FIELDS = [
    (model_admin, field)
    for model in CATALOG_MODELS
    for model_admin in [admin.site._registry[model], *admin.site._registry[model].get_inline_instances(None)]
    for field in model_admin.model._meta.fields
    if isinstance(field, models.URLField)
]


@pytest.mark.parametrize(
    ("model_admin", "field"), URL_FIELDS, ids=lambda item: getattr(item, "name", type(item).__name__)
)
def test_every_catalog_admin_form_reads_a_url_without_a_scheme_as_https(model_admin, field):
    assert model_admin.formfield_for_dbfield(field, request=None).assume_scheme == "https"
