"""The editors' pages for programs, courses, universities, fields, sources and exchange rates
(catalog/admin.py): the derived figures editors see, filters and search, and bad values as form
errors."""

from decimal import Decimal

import pytest
from django.urls import reverse

from catalog.models import Course, ExchangeRate, Program, Source, University
from tests.catalog.admin_pages import (
    FIVE_COURSES_AND_AN_EXAM,
    admin_url,
    form_as_opened,
    management_form,
    program_form,
)
from tests.catalog.programs import with_a_peso_exam_fee


def listed(response):
    return {row.pk for row in response.context["cl"].result_list}


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


def test_the_university_list_counts_each_universitys_programs(admin_client, make_university, make_program):
    busy = make_university()
    make_program(university=busy)
    make_program(university=busy)
    idle = make_university()

    response = admin_client.get(admin_url(University, "changelist"))

    counts = {row.pk: row.program_count for row in response.context["cl"].result_list}
    assert counts[busy.pk] == 2
    assert counts[idle.pk] == 0


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


@pytest.mark.parametrize("programs", [3, 30])
def test_the_program_list_makes_as_many_queries_for_30_programs_as_for_3(
    admin_client, make_program, make_pathway, django_assert_num_queries, programs
):
    for _ in range(programs):
        make_pathway(program=make_program(courses=FIVE_COURSES_AND_AN_EXAM))

    # 1 the session, 2 its user, 3 the universities and 4 the fields of the list filters, 5 the
    # paginator's count, 6 the unfiltered total beside the search box, 7 the page of programs with
    # their figures, university and field joined. A query per row would make 10 at 3 and 37 at 30.
    with django_assert_num_queries(7):
        response = admin_client.get(admin_url(Program, "changelist"))

    assert response.context["cl"].result_count == Program.objects.count()


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


def test_a_course_naming_a_deleted_source_does_not_stop_its_program_form(admin_client, make_program):
    # The inline does not show figure sources, so it neither checks nor reports them.
    program = make_program(courses=[{"title": "Probability", "price": Decimal("150")}])
    Course.objects.filter(program=program).update(figure_sources={"price": ["src-deleted"]})
    page = admin_client.get(admin_url(Program, "change", program.pk))

    response = admin_client.post(
        admin_url(Program, "change", program.pk), form_as_opened(page, **{"courses-0-price": "175.00"})
    )

    assert response.status_code == 302
    assert Course.objects.get().price_usd == Decimal("175.00")


def test_the_program_form_shows_the_exam_fee_in_dollars_and_its_rate(admin_client, make_program, make_rate):
    program = with_a_peso_exam_fee(make_program, make_rate)

    response = admin_client.get(admin_url(Program, "change", program.pk))

    content = response.content.decode()
    assert "about $97.66 at MXN 20.48 per US dollar on 30 Sep 2021" in content
    assert "$247.66 (converted from other currencies)" in content
    assert "staff notes" in content.lower()


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
