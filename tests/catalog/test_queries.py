"""Every catalog page renders in a fixed number of queries, however many programs there are."""

import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse

from catalog.exchange import refresh_usd_amounts
from catalog.models import Course, CreditPathway, Degree, Field, Program, University
from catalog.program_figures import write_figures
from tests.conftest import VERIFIED_ON

pytestmark = pytest.mark.django_db


def build_catalog(count):
    university = University.objects.create(name="Query University", slug="query-u", country="Testland")
    field = Field.objects.create(name="Queries", slug="queries")
    degree = Degree.objects.create(
        title="MS in Queries", slug="ms-queries", university=university, verified_on=VERIFIED_ON,
        tuition_amount=Decimal(30000), tuition_currency="USD", tuition_unit="total", months_max=24,
        field=field, format="online",
    )  # fmt: skip
    programs = Program.objects.bulk_create(
        Program(
            title=f"Program {index:04}",
            slug=f"program-{index:04}",
            university=university,
            field=field,
            verified_on=VERIFIED_ON,
            course_count=2,
            effort_hours_max=8,
            months_max=6,
        )
        for index in range(count)
    )
    Course.objects.bulk_create(
        Course(program=program, position=position, price=Decimal(100), weeks=6)
        for program in programs
        for position in (1, 2)
    )
    CreditPathway.objects.bulk_create(
        CreditPathway(
            slug=f"{program.slug}--ms",
            program=program,
            degree=degree,
            share_min=Decimal("0.25"),
            verified_on=VERIFIED_ON,
        )
        for program in programs
    )
    # Bulk inserts send no signals: the US-dollar prices, then the program figures, written here.
    refresh_usd_amounts()
    write_figures()
    return programs


# Each page: (url, the queries it makes), the same on SQLite and PostgreSQL. The comments name the
# queries in the order they run; every page reads the catalog version first, for its page-cache key
# (catalog/caching.py).
PAGES = [
    # list: 1 the catalog version, 2 the count, 3 the universities with programs, 4 the fields with
    # programs, 5 the countries (the filter form's choices), 6 the ids of the page's programs, 7 those
    # programs with their figures, for their cards (kept afterwards: see the test below)
    (lambda: reverse("catalog:program_list"), 7),
    # ... with a university chosen: 1 the catalog version, 2 the universities with programs by slug
    # (what the form checks a chosen one against, kept like the choices), then 3-8 as above
    (lambda: reverse("catalog:program_list") + "?university=query-u&price_max=500&sort=price", 8),
    # ... with a search: the words are matched inside the count and the page, no query of their own
    (lambda: reverse("catalog:program_list") + "?q=program&credit=on&sort=credit", 7),
    # detail: 1 the catalog version, 2 the program with its figures, 3 its courses, 4 their
    # prerequisites, 5 its pathways with their degrees, 6 the universities it and its degrees name,
    # 7 the fields (both kept for the catalog version), 8 the program's sources and its degrees' (one
    # UNION ALL), 9 the exchange rates with their sources (for the notes), 10 when it or its courses
    # and pathways last changed (one UNION ALL over their history)
    (lambda: reverse("catalog:program_detail", args=["program-0001"]), 10),
    # compare: 1 the catalog version, 2 the programs with their figures, 3 their pathways, 4 the
    # sources the programs and pathways cite (one query), 5 the exchange rates with their sources,
    # 6 every program's slug and title, for the programs left to add (kept per catalog version)
    (lambda: reverse("catalog:compare") + "?programs=program-0001&programs=program-0002", 6),
    # university: 1 the catalog version, 2 the university, 3 its degrees, 4 their sources, 5 its
    # programs with their figures, 6 their sources, 7 the exchange rates with their sources
    (lambda: reverse("catalog:university_detail", args=["query-u"]), 7),
    # degree: 1 the catalog version, 2 the degree, 3 its sources, 4 the programs counting toward it,
    # 5 the exchange rates with their sources, 6 its pathways, 7 when it or its pathways last changed
    # (one UNION ALL over their history)
    (lambda: reverse("catalog:degree_detail", args=["ms-queries"]), 7),
    # home: 1 the catalog version, 2 the programs' count and dates, 3 the pathways' count and dates,
    # 4 the degrees' count and dates, 5 the universities' count, 6 the fields with their program
    # counts, 7 the cheapest priced programs, 8 the shortest priced programs (then kept for the
    # catalog version: see the test below)
    (lambda: reverse("home"), 8),
    # advisor result: 1 the catalog version, 2 the form's fields, 3 the form's programs, 4 the
    # candidates with their figures, 5 their courses, 6 their pathways, 7 the exchange rates with
    # their sources, 8 their universities' and fields' names
    (
        lambda: (
            reverse("advisor:result")
            + "?goal=degree&budget=5000&hours_per_week=10&months=12&has_bachelors=yes&needs_degree=yes"
        ),
        8,
    ),
    # questionnaire: 1 the catalog version, 2 the form's fields, 3 the form's programs
    (lambda: reverse("advisor:questionnaire"), 3),
    # field: 1 the catalog version, 2 the field, 3 its programs' ids, 4 those programs with their
    # figures, for their cards (kept for the catalog version, as the list's)
    (lambda: reverse("catalog:field_detail", args=["queries"]), 4),
    # universities: 1 the catalog version, 2 the universities with programs, 3 those with degrees only
    (lambda: reverse("catalog:university_list"), 3),
]


@pytest.mark.parametrize(("url", "count"), PAGES)
@pytest.mark.parametrize("size", [10, 1000])
def test_pages_make_a_fixed_number_of_queries_at_any_size(
    client, django_assert_num_queries, url, count, size
):
    build_catalog(size)

    with django_assert_num_queries(count):
        response = client.get(url())

    assert response.status_code == 200


@pytest.mark.parametrize("size", [10, 1000])
def test_a_list_of_programs_shown_before_reads_only_their_ids(client, django_assert_num_queries, size):
    build_catalog(size)
    first = client.get(reverse("catalog:program_list"), {"sort": "title"})

    # 1 the catalog version, 2 the ids of the page's programs: the count, the form's choices and
    # the cards are the catalog version's, kept in this process since the first view
    with django_assert_num_queries(2):
        again = client.get(reverse("catalog:program_list"))  # another URL: not the cached page

    cards = re.compile(r'<ol class="cards".*?</ol>', re.S)
    assert cards.search(again.content.decode())[0] == cards.search(first.content.decode())[0]
    assert cards.search(first.content.decode())[0].count("<article") == min(size, 20)


def test_a_program_page_reads_its_universities_and_fields_once_per_catalog_version(
    client, django_assert_num_queries
):
    build_catalog(10)
    client.get(reverse("catalog:program_detail", args=["program-0002"]))  # another program
    cache.clear()

    # 1-5, 8 and 10 of the first view: the university, the field and the exchange rates were kept by
    # the other program's
    with django_assert_num_queries(7):
        client.get(reverse("catalog:program_detail", args=["program-0001"]))


def test_the_home_page_works_out_its_summary_once_per_catalog_version(client, django_assert_num_queries):
    programs = build_catalog(4)
    first = client.get(reverse("home"))
    cache.clear()  # rendered again, not served from the page cache

    with django_assert_num_queries(1):  # the catalog version
        again = client.get(reverse("home"))
    programs[0].title = "A renamed program"
    programs[0].save()  # a new catalog version: worked out again
    edited = client.get(reverse("home"))

    assert again.content == first.content
    assert (
        "A renamed program" in edited.content.decode() and "A renamed program" not in first.content.decode()
    )


@pytest.mark.parametrize(
    ("query", "count"),
    [
        # 1 the catalog version (page-cache key), 2 the currencies the form offers, 3 the count, 4 the
        # page of degrees with their universities and fields, 5 the open pathways into them with
        # their programs (one prefetch), 6 the exchange rates with their sources (the "about $"
        # figures), 7 the fields the form offers, read as it renders
        ("", 7),
        # ... with a field chosen: 1 the catalog version, 2 the currencies, 3 the lookup that
        # validates the field's slug, then 4-8 as 3-7 above
        ("?field=queries&format=online&currency=USD&credit=on", 8),
    ],
)
@pytest.mark.parametrize("size", [10, 1000])
def test_the_degree_index_makes_a_fixed_number_of_queries(
    client, django_assert_num_queries, query, count, size
):
    build_catalog(size)

    with django_assert_num_queries(count):
        response = client.get(reverse("catalog:degree_list") + query)

    assert response.status_code == 200
    assert [row["degree"].slug for row in response.context["rows"]] == ["ms-queries"]
    assert len(response.context["rows"][0]["programs"]) == size


def test_a_program_without_courses_asks_for_no_prerequisites(client, make_program, django_assert_num_queries):
    program = make_program()
    client.get(program.get_absolute_url())  # keeps the university, the field and the rates
    cache.clear()

    # 1 the catalog version, 2 the program, 3 its courses (none), 4 its pathways, 5 its sources,
    # 6 when it last changed
    with django_assert_num_queries(6):
        response = client.get(program.get_absolute_url())

    assert "The course list is not published in our sources." in response.content.decode()
