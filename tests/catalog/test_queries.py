"""Every catalog page renders in a fixed number of queries, however many programs there are."""

from decimal import Decimal

import pytest
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


# Each page: (url, the most queries it may make). The comments name the queries; every page
# also reads the catalog version first, for its page-cache key (catalog/caching.py).
PAGES = [
    # list: universities, fields and countries for the filter form, the count, the page
    (lambda: reverse("catalog:program_list"), 6),
    # ... and, with a university chosen, the lookup that validates its slug
    (lambda: reverse("catalog:program_list") + "?university=query-u&price_max=500&sort=price", 7),
    (lambda: reverse("catalog:program_list") + "?q=program&credit=on&sort=credit", 6),
    # detail: the program with its totals, courses, prerequisites, pathways, pathway sources, their
    # degrees' sources, program sources, the exchange rates and their sources (for the notes), when it
    # or its courses and pathways last changed (one UNION over their history), and the totals of
    # programs of its size when it has no price (an estimate)
    (lambda: reverse("catalog:program_detail", args=["program-0001"]), 11),
    # compare: the programs with their totals, their sources, their pathways and the pathways'
    # sources, the exchange rates and their sources, the programs left to add
    (lambda: reverse("catalog:compare") + "?programs=program-0001&programs=program-0002", 7),
    # university: the university, its programs and their sources, its degrees and their sources,
    # the exchange rates and their sources
    (lambda: reverse("catalog:university_detail", args=["query-u"]), 7),
    # degree: the degree, its sources, the programs counting toward it, their pathways with sources,
    # the exchange rates and their sources, when it or its pathways last changed
    (lambda: reverse("catalog:degree_detail", args=["ms-queries"]), 8),
    # home: fields; the programs' count and dates, the universities' count, the pathways' count and
    # dates, the degrees' dates; the cheapest and the shortest priced programs
    (lambda: reverse("home"), 8),
    # advisor: its form's fields and programs, the candidates, their totals, courses and pathways
    (
        lambda: (
            reverse("advisor:result")
            + "?goal=degree&budget=5000&hours_per_week=10&months=12&has_bachelors=yes&needs_degree=yes"
        ),
        8,
    ),
    (lambda: reverse("advisor:questionnaire"), 3),
    (lambda: reverse("catalog:field_detail", args=["queries"]), 3),
    (lambda: reverse("catalog:university_list"), 3),
]


@pytest.mark.parametrize(("url", "budget"), PAGES)
@pytest.mark.parametrize("size", [10, 1000])
def test_pages_stay_within_their_query_budget_at_any_size(
    client, django_assert_max_num_queries, url, budget, size
):
    build_catalog(size)

    with django_assert_max_num_queries(budget):
        response = client.get(url())

    assert response.status_code == 200


@pytest.mark.parametrize(
    ("query", "count"),
    [
        # the catalog version (page-cache key), the fields and currencies the form offers, the count,
        # the page of degrees with their universities and fields, the open pathways into them with
        # their programs (one prefetch), the exchange rates with their sources (the "about $" figures)
        ("", 7),
        # ... and, with a field chosen, the lookup that validates its slug
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
