"""On PostgreSQL, with a few thousand programs, the list's queries reach their rows through indexes.

The plans come from `explain_listing`, so they are the queries the page runs. SQLite has no GIN
indexes and plans differently: these run in CI's PostgreSQL pass.
"""

import io

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from catalog.management.commands.explain_listing import explain, listing_queries

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """2,000 programs, seeded once for the module and committed, then vacuumed as autovacuum leaves a
    settled database (statistics, the GIN indexes' pending lists merged, the visibility map that
    index-only scans read; VACUUM cannot run inside a transaction). Flushed at the end, as Django
    flushes after a TransactionTestCase."""
    if connection.vendor != "postgresql":
        pytest.skip("index plans are checked on PostgreSQL (GIN search indexes); CI runs them there")
    with django_db_blocker.unblock():
        call_command("seed_synthetic", "--programs", "2000", "--seed", "1", stdout=io.StringIO())
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        try:
            yield
        finally:
            call_command("flush", interactive=False, verbosity=0)


def plans(query_string):
    """The plans of the list's count query and of its page query."""
    queries = listing_queries(query_string)
    count = next(sql for sql in queries if sql.startswith("SELECT COUNT(*)"))
    page = next(sql for sql in queries if " LIMIT 20" in sql)  # a search alone's: LIMIT 20 OFFSET 0
    return explain(count, analyze=False), explain(page, analyze=False)


@pytest.mark.parametrize("query", ["q=robotics", "q=robot"])
def test_search_finds_its_candidates_through_the_stored_documents_gin_index(seeded, query):
    count, page = plans(query)

    for plan in (count, page):
        assert "program_document_search_idx" in plan
        assert "Seq Scan on catalog_program " not in plan
        assert "Seq Scan on catalog_program_search " not in plan
        # Found and ranked from the stored documents: no course is read to search.
        assert "catalog_course " not in plan
    # A search alone is ordered on the stored rows, which hold the titles its order breaks ties on:
    # no program is read for the page's order, and nothing is hashed.
    assert " on catalog_program " not in page
    assert "Hash" not in page


def test_the_price_filter_and_credit_sort_read_the_stored_figures(seeded):
    count, page = plans("price_max=1000&sort=credit")

    for plan in (count, page):
        assert "catalog_programfigures" in plan, plan
        # Nothing derived per row any more: no course or pathway is read to list programs.
        assert "catalog_course " not in plan, plan
        assert "catalog_creditpathway " not in plan, plan


def test_a_field_filtered_and_sorted_by_price_reads_the_figures_by_field_and_price(seeded):
    count, page = plans("field=synthetic-data-science&price_max=1000&sort=price")

    for plan in (count, page):
        # The field's programs under the price, from one index; the programs' own rows are not read
        # to find them, nor is any table read whole.
        assert "figures_field_price_idx" in plan, plan
        assert "Seq Scan on catalog_program" not in plan, plan
        assert "catalog_program_field_id" not in plan, plan


def test_the_default_page_is_read_in_title_order_from_its_index(seeded):
    _, page = plans("")

    assert "program_title_id_idx" in page


def test_a_search_of_two_words_reads_no_table_whole(seeded):
    count, page = plans("q=robot+policy")

    for plan in (count, page):
        assert "Seq Scan on catalog_program " not in plan
        assert "Seq Scan on catalog_course " not in plan
        assert "_search_idx" in plan


def test_a_connection_plans_a_program_page_once_and_then_reuses_its_prepared_queries(client, make_program):
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's (settings.py); CI runs this there")
    program = make_program(slug="prepared", courses=[{"price": 100}])
    url = reverse("catalog:program_detail", args=[program.slug])

    def prepared():
        with connection.cursor() as cursor:
            cursor.execute("SELECT statement FROM pg_prepared_statements")
            return {row[0] for row in cursor.fetchall()}

    def view():
        cache.clear()  # no page from the cache: the view runs the page's queries
        assert client.get(url).status_code == 200

    for _ in range(3):
        view()
    after_three = prepared()
    view()

    assert any('FROM "catalog_program"' in statement for statement in after_three)
    assert any('FROM "catalog_course"' in statement for statement in after_three)
    assert prepared() == after_three  # the fourth view prepared nothing new: it reused them


def test_every_session_costs_a_random_read_as_memory_or_an_ssd_does(db):
    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL setting; CI runs this there")
    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        assert cursor.fetchone()[0] == "1.1"  # settings.py: PostgreSQL's default of 4 hashed every program
