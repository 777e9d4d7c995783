"""The admin: who gets in, that every page opens, the derived figures editors see, and that
lists cost the same number of queries however long they are."""

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
from catalog.models import Course, CreditPathway, Degree, ExchangeRate, Program, Source, University

FIVE_COURSES_AND_AN_EXAM = [{"price": 150, "weeks": 10}] * 5 + [{"kind": "exam", "price": 600}]
CATALOG_MODELS = [model for model in admin.site._registry if model._meta.app_label == "catalog"]
# django-axes registers its sign-in records; they are its pages, read-only, and empty in tests.
OUR_MODELS = [model for model in admin.site._registry if model._meta.app_label != "axes"]


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def listed(response):
    return {row.pk for row in response.context["cl"].result_list}


def management_form(prefix, total=0):
    return {
        f"{prefix}-TOTAL_FORMS": total,
        f"{prefix}-INITIAL_FORMS": 0,
        f"{prefix}-MIN_NUM_FORMS": 0,
        f"{prefix}-MAX_NUM_FORMS": 1000,
    }


def as_posted(value):
    """A bound field's value as a browser sends it back."""
    if value is None or value is False:
        return ""
    if value is True:
        return "on"
    if isinstance(value, list | tuple):
        return [str(item) for item in value]
    return str(value)


def form_as_opened(response, **changes):
    """The POST data of an admin change page as shown (its form, inlines and hidden fields), with changes."""
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms.extend([inline.formset.management_form, *inline.formset.forms])
    data = {}
    for form in forms:
        for name, field in form.fields.items():
            data[form[name].html_name] = as_posted(form[name].value())
            if field.show_hidden_initial:  # fields with a callable default, such as JSON ones
                initial_name = form[name].html_initial_name
                data[initial_name] = form.data.get(initial_name, as_posted(form[name].value()))
    return {**data, **changes}


def program_form(university, field, **overrides):
    """POST data for the program add form: the required facts and both inlines, empty."""
    data = {
        "title": "Data Science",
        "slug": "data-science",
        "university": university.pk,
        "field": field.pk,
        "status": "active",
        "currency": "USD",
        "exam_fee_currency": "USD",
        "electives_required": 0,
        "verified_on": "2026-11-22",
        **management_form("courses"),
        **management_form("pathways"),
    }
    return {**data, **overrides}


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


# Who gets in


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


# Every page opens


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


# Derived figures


def test_the_program_list_shows_the_total_derived_from_the_courses(admin_client, make_program):
    make_program(courses=FIVE_COURSES_AND_AN_EXAM)

    response = admin_client.get(admin_url(Program, "changelist"))

    assert "$1,350" in response.content.decode()


def test_the_program_list_says_not_published_when_no_total_is_known(admin_client, make_program):
    make_program(courses=[{"price": None}])

    response = admin_client.get(admin_url(Program, "changelist"))

    assert "not published" in response.content.decode()


def test_the_program_change_form_shows_the_saved_totals(admin_client, make_program):
    program = make_program(courses=FIVE_COURSES_AND_AN_EXAM, course_count=5)

    response = admin_client.get(admin_url(Program, "change", program.pk))

    content = response.content.decode()
    assert "$1,350" in content
    # 5 courses of 10 weeks, one after another: 50 weeks make 12 calendar months.
    assert "12 months" in content


def test_the_program_change_form_shows_the_income_based_range(admin_client, make_program):
    program = make_program(course_count=4, income_price_min=Decimal(50), income_price_max=Decimal(300))

    response = admin_client.get(admin_url(Program, "change", program.pk))

    assert "$200\N{EN DASH}$1,200" in response.content.decode()


def test_the_program_add_form_shows_totals_for_saved_programs_only(admin_client):
    response = admin_client.get(admin_url(Program, "add"))

    assert "saved programs only" in response.content.decode()


def test_the_degree_list_shows_the_rate_and_the_total_tuition(admin_client, make_degree):
    make_degree(
        tuition_amount=Decimal(1000),
        tuition_currency="USD",
        tuition_unit="per_credit",
        tuition_count=Decimal(32),
    )

    response = admin_client.get(admin_url(Degree, "changelist"))

    content = response.content.decode()
    assert "$1,000 per credit" in content
    assert "$32,000" in content


def test_the_pathway_change_form_shows_what_is_left_to_pay_and_study(
    admin_client, make_program, make_degree, make_pathway
):
    program = make_program(courses=FIVE_COURSES_AND_AN_EXAM)
    degree = make_degree(
        tuition_amount=Decimal(1000),
        tuition_currency="USD",
        tuition_unit="per_credit",
        tuition_count=Decimal(32),
        months_max=24,
    )
    pathway = make_pathway(
        program=program, degree=degree, credits_granted=Decimal(8), credits_required=Decimal(32)
    )

    response = admin_client.get(admin_url(CreditPathway, "change", pathway.pk))

    content = response.content.decode()
    assert "25%" in content
    assert "$24,000" in content  # 32,000 x (1 - 0.25)
    assert "$25,350" in content  # + the program's 1,350
    assert "30 months" in content  # 12 for the program + 24 x (1 - 0.25)


def test_the_university_list_counts_each_universitys_programs(admin_client, make_university, make_program):
    busy = make_university()
    make_program(university=busy)
    make_program(university=busy)
    idle = make_university()

    response = admin_client.get(admin_url(University, "changelist"))

    counts = {row.pk: row.program_count for row in response.context["cl"].result_list}
    assert counts[busy.pk] == 2
    assert counts[idle.pk] == 0


# Filters and search


def test_the_has_pathway_filter_lists_programs_by_active_pathway(admin_client, make_program, make_pathway):
    with_active = make_pathway(status="active").program
    with_retired = make_pathway(status="retired").program
    without = make_program()

    yes = admin_client.get(admin_url(Program, "changelist"), {"has_pathway": "yes"})
    no = admin_client.get(admin_url(Program, "changelist"), {"has_pathway": "no"})

    assert listed(yes) == {with_active.pk}
    assert listed(no) == {with_retired.pk, without.pk}


def test_searching_course_titles_lists_the_program_once_with_its_own_total(admin_client, make_program):
    program = make_program(
        courses=[{"title": "Probability I", "price": 100}, {"title": "Probability II", "price": 200}]
    )
    make_program(courses=[{"title": "Economics", "price": 100}])

    response = admin_client.get(admin_url(Program, "changelist"), {"q": "probability"})

    rows = list(response.context["cl"].result_list)
    assert [row.pk for row in rows] == [program.pk]
    assert rows[0].total_price == Decimal("300.00")


# Queries


# The program list, whatever its length: the session, the user, the universities and the fields
# for their list filters, two counts (the paginator's and the unfiltered total beside the search
# box), and the page of programs (totals as subqueries, university and field joined). A query per
# row would make 10 at 3 programs and over 30 at 30.
PROGRAM_LIST_QUERIES = 7


@pytest.mark.parametrize("programs", [3, 30])
def test_the_program_list_makes_as_many_queries_for_30_programs_as_for_3(
    admin_client, make_program, make_pathway, django_assert_max_num_queries, programs
):
    for _ in range(programs):
        make_pathway(program=make_program(courses=FIVE_COURSES_AND_AN_EXAM))

    with django_assert_max_num_queries(PROGRAM_LIST_QUERIES):
        response = admin_client.get(admin_url(Program, "changelist"))

    assert response.context["cl"].result_count == Program.objects.count()


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


# Invalid data is a form error, valid data is saved


def test_the_program_form_has_course_and_pathway_inlines(admin_client):
    response = admin_client.get(admin_url(Program, "add"))

    prefixes = [inline.formset.prefix for inline in response.context["inline_admin_formsets"]]
    assert prefixes == ["courses", "pathways"]


def test_a_program_whose_lowest_effort_exceeds_the_highest_gets_a_form_error(
    admin_client, make_university, make_field
):
    data = program_form(make_university(), make_field(), effort_hours_min=10, effort_hours_max=5)

    response = admin_client.post(admin_url(Program, "add"), data)

    assert response.status_code == 200
    assert "The lowest weekly effort cannot be more than the highest." in response.content.decode()
    assert not Program.objects.exists()


def test_a_program_with_a_negative_exam_fee_gets_a_form_error(admin_client, make_university, make_field):
    data = program_form(make_university(), make_field(), exam_fee="-1.00")

    response = admin_client.post(admin_url(Program, "add"), data)

    assert response.status_code == 200
    assert "exam_fee" in response.context["adminform"].form.errors
    assert not Program.objects.exists()


def test_two_courses_at_one_position_get_a_form_error(admin_client, make_university, make_field):
    courses = {
        **management_form("courses", total=2),
        **{"courses-0-position": 1, "courses-0-kind": "required", "courses-0-title": "Probability"},
        **{"courses-1-position": 1, "courses-1-kind": "required", "courses-1-title": "Statistics"},
    }
    data = program_form(make_university(), make_field(), **courses)

    response = admin_client.post(admin_url(Program, "add"), data)

    assert response.status_code == 200
    assert response.context["errors"]
    assert not Program.objects.exists()


def test_a_pathway_share_above_one_gets_a_form_error(admin_client, make_pathway):
    pathway = make_pathway()
    data = {
        "slug": pathway.slug,
        "program": pathway.program.pk,
        "degree": pathway.degree.pk,
        "status": "active",
        "verified_on": "2026-11-22",
        "share_min": "1.5",
    }

    response = admin_client.post(admin_url(CreditPathway, "change", pathway.pk), data)

    assert response.status_code == 200
    assert "A share of the degree must be more than 0 and at most 1" in response.content.decode()
    pathway.refresh_from_db()
    assert pathway.share_min is None


def test_a_valid_program_form_saves_the_program_and_its_courses(admin_client, make_university, make_field):
    course = {
        "courses-0-position": 1,
        "courses-0-kind": "required",
        "courses-0-title": "Probability",
        "courses-0-price_currency": "USD",
    }
    data = program_form(make_university(), make_field(), **management_form("courses", total=1), **course)

    response = admin_client.post(admin_url(Program, "add"), data)

    assert response.status_code == 302
    assert response.url == admin_url(Program, "changelist")
    program = Program.objects.get(slug="data-science")
    assert [course.title for course in program.courses.all()] == ["Probability"]


def test_the_delete_action_removes_programs_from_the_annotated_list(admin_client, make_program):
    program = make_program(courses=FIVE_COURSES_AND_AN_EXAM)
    data = {"action": "delete_selected", "_selected_action": [program.pk], "post": "yes"}

    response = admin_client.post(admin_url(Program, "changelist"), data)

    assert response.status_code == 302
    assert not Program.objects.exists()


# Currencies, exchange rates and per-figure sources: bad values are form errors, never a 500


def rate_form(source, **overrides):
    return {
        "currency": "MXN",
        "units_per_usd": "20.48",
        "date": "2021-09-30",
        "period": "day",
        "source": source.pk,
        **overrides,
    }


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"units_per_usd": "0"}, "A rate must be more than zero units per US dollar."),
        ({"units_per_usd": "-20.48"}, "A rate must be more than zero units per US dollar."),
        ({"currency": "USD"}, "A US dollar is always one US dollar"),
        ({"currency": "mxn"}, "Use a three-letter ISO 4217 code in capitals"),
        ({"date": "2021-09-31"}, "Enter a valid date."),
    ],
)
def test_a_bad_exchange_rate_gets_a_form_error(admin_client, overrides, message):
    source = Source.objects.create(key="src-banxico", url="https://www.banxico.org.mx", title="FIX")

    response = admin_client.post(admin_url(ExchangeRate, "add"), rate_form(source, **overrides))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ExchangeRate.objects.exists()


def test_a_second_rate_for_one_currency_and_date_gets_a_form_error(admin_client, make_rate):
    existing = make_rate()

    response = admin_client.post(admin_url(ExchangeRate, "add"), rate_form(existing.source))

    assert response.status_code == 200
    assert "This currency already has a rate on this date." in response.content.decode()
    assert ExchangeRate.objects.count() == 1


@pytest.mark.parametrize(
    ("figure_sources", "message"),
    [
        ('{"colour": ["src-faq"]}', "Unknown figure 'colour'"),
        ('{"exam_fee": ["src-missing"]}', "No source 'src-missing'"),
        ('{"exam_fee": "src-faq"}', "must be a list of source keys"),
        ('["src-faq"]', "Give an object of figure"),
        ("{not json", "Enter a valid JSON."),
    ],
)
def test_bad_figure_sources_get_a_form_error(
    admin_client, make_university, make_field, figure_sources, message
):
    Source.objects.create(key="src-faq", url="https://example.edu/faq", title="FAQ")
    data = program_form(make_university(), make_field(), figure_sources=figure_sources)

    response = admin_client.post(admin_url(Program, "add"), data)

    assert response.status_code == 200
    assert message in " ".join(response.context["adminform"].form.errors["figure_sources"])
    assert not Program.objects.exists()


def test_a_malformed_tuition_history_gets_a_form_error(admin_client, make_degree):
    degree = make_degree()
    data = {
        "title": degree.title,
        "slug": degree.slug,
        "university": degree.university.pk,
        "tuition_currency": "USD",
        "tuition_unit": "total",
        "verified_on": "2026-11-22",
        "tuition_history": '[{"amount": 12.5, "currency": "USD", "year": 2016, "sources": []}]',
        "figure_sources": "{}",
        **management_form("pathways"),
    }

    response = admin_client.post(admin_url(Degree, "change", degree.pk), data)

    assert response.status_code == 200
    assert "tuition_history" in response.context["adminform"].form.errors
    degree.refresh_from_db()
    assert degree.tuition_history == []


def test_a_course_naming_a_deleted_source_does_not_stop_its_program_form(admin_client, make_program):
    # The inline does not show figure sources, so it neither checks nor reports them.
    program = make_program(courses=[{"title": "Probability", "price": Decimal("150")}])
    course = program.courses.get()
    Course.objects.filter(pk=course.pk).update(figure_sources={"price": ["src-deleted"]})
    data = program_form(
        program.university,
        program.field,
        title=program.title,
        slug=program.slug,
        **{
            **management_form("courses", total=1),
            "courses-INITIAL_FORMS": 1,
            "courses-0-id": course.pk,
            "courses-0-program": program.pk,
            "courses-0-position": 1,
            "courses-0-kind": "required",
            "courses-0-title": "Probability",
            "courses-0-price": "175.00",
            "courses-0-price_currency": "USD",
        },
    )

    response = admin_client.post(admin_url(Program, "change", program.pk), data)

    assert response.status_code == 302
    assert Course.objects.get().price_usd == Decimal("175.00")


def test_the_program_form_shows_the_exam_fee_in_dollars_and_its_rate(admin_client, make_program, make_rate):
    make_rate(units_per_usd=Decimal("20.48"))
    program = make_program(
        course_count=1,
        exam_fee=Decimal("2000"),
        exam_fee_currency="MXN",
        exam_fee_year=2021,
        courses=[{"price": Decimal("150")}],
    )

    response = admin_client.get(admin_url(Program, "change", program.pk))

    content = response.content.decode()
    assert "about $97.66 at MXN 20.48 per US dollar on 30 Sep 2021" in content
    assert "$247.66 (converted from other currencies)" in content
    assert "staff notes" in content.lower()


# Values that are no keys, and posts claiming more rows than a form can hold


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


# The admin log


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

    flags = list(LogEntry.objects.order_by("pk").values_list("action_flag", "object_repr"))

    assert flags == [(ADDITION, "Data Science"), (DELETION, "Data Science")]


def test_an_other_priced_course_without_a_title_is_a_form_error(admin_client, make_university, make_field):
    data = program_form(
        make_university(),
        make_field(),
        other_course_prices='[{"amount": "249.00", "currency": "USD", "year": 2020, "sources": []}]',
    )

    response = admin_client.post(reverse("admin:catalog_program_add"), data)

    assert response.status_code == 200
    assert "Course 1 needs a title" in " ".join(
        response.context["adminform"].form.errors["other_course_prices"]
    )
    assert not Program.objects.exists()


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
