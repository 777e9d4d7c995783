"""Whatever a URL carries, the catalog pages answer 200, 400 or 404, never 500."""

from urllib.parse import quote

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalog.filters import ProgramFilter
from catalog.models import Degree, Field, Program, University

# Every filter the list has, so a new one is fuzzed too, and the page number.
LIST_PARAMETERS = [*ProgramFilter.base_filters, "page"]

values = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=10),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(
        ["", "0", "-1", "1e999", "NaN", "mit", "data-science", "\x00", "%00", "' OR 1=1 --", "<script>"]
    ),
)
queries = st.lists(st.tuples(st.sampled_from(LIST_PARAMETERS), values), max_size=8)

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture
def small_catalog(make_program, make_pathway, make_university, make_field):
    mit = make_university(slug="mit", name="MIT")
    field = make_field(slug="data-science", name="Data Science")
    program = make_program(slug="one", university=mit, field=field, courses=[{"price": 100, "weeks": 4}])
    make_pathway(program=program)
    make_program(slug="two")


@FUZZ
@given(query=queries)
def test_the_list_never_fails_on_any_query(client, small_catalog, query):
    response = client.get(reverse("catalog:program_list"), query_pairs(query))

    assert response.status_code == 200


@FUZZ
@given(slugs=st.lists(values, max_size=6))
def test_compare_never_fails_on_any_program_list(client, small_catalog, slugs):
    response = client.get(reverse("catalog:compare"), {"programs": slugs})

    assert response.status_code == 200


DETAIL_PAGES = {
    "program_detail": Program,
    "university_detail": University,
    "degree_detail": Degree,
    "field_detail": Field,
}


@FUZZ
@given(slug=st.text(min_size=1, max_size=30))
def test_detail_urls_never_fail_on_any_text(client, small_catalog, slug):
    # Typed as is: a "?", "#" or "/" in the text makes another address, which may be a page.
    for name in DETAIL_PAGES:
        response = client.get(f"{reverse(f'catalog:{name}', args=['x'])[:-2]}{slug}/")

        assert response.status_code in (200, 301, 404)


@FUZZ
@given(slug=st.text(min_size=1, max_size=30))
def test_detail_pages_answer_404_for_anything_unknown(client, small_catalog, slug):
    for name, model in DETAIL_PAGES.items():
        if slug in set(model.objects.values_list("slug", flat=True)):
            continue
        # Percent-encoded whole, the text stays one path segment: "?", "#" and "/" included.
        response = client.get(f"{reverse(f'catalog:{name}', args=['x'])[:-2]}{quote(slug, safe='')}/")

        assert response.status_code == 404


def query_pairs(pairs):
    data = {}
    for name, value in pairs:
        data.setdefault(name, []).append(value)
    return data
