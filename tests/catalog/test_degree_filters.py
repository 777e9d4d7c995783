"""The degree index's FilterSet (catalog/degree_filters.py): each filter against the catalog file, and
bad values as form errors."""

import pytest
from django.urls import reverse

from tests.catalog.expected import degree_slugs, open_pathways
from tests.catalog.lists import listed

INDEX = reverse("catalog:degree_list")


@pytest.mark.parametrize(
    ("params", "keep"),
    [
        ({"field": "data-science"}, lambda d, data: d["field"] == "data-science"),
        ({"format": "online"}, lambda d, data: d["format"] == "online"),
        ({"format": "on_campus"}, lambda d, data: d["format"] == "on_campus"),
        ({"currency": "EUR"}, lambda d, data: d["tuition_currency"] == "EUR"),
        ({"credit": "on"}, lambda d, data: d["slug"] in {p["degree"] for p in open_pathways(data)}),
        (
            {"field": "business", "currency": "USD"},
            lambda d, data: d["field"] == "business" and d["tuition_currency"] == "USD",
        ),
    ],
    ids=lambda value: "&".join(f"{k}={v}" for k, v in value.items()) if isinstance(value, dict) else "",
)
def test_each_filter_keeps_the_degrees_the_fixture_says(client, real_catalog, catalog_data, params, keep):
    _, slugs = listed(client, INDEX, params)

    wanted = degree_slugs(catalog_data, lambda degree: keep(degree, catalog_data))
    assert wanted and wanted < degree_slugs(catalog_data), (
        "each case should keep some degrees and leave some out"
    )
    assert sorted(slugs) == sorted(wanted)


@pytest.mark.parametrize(
    "params", [{"field": "no-such-field"}, {"format": "by-pigeon"}, {"currency": "XXX"}, {"page": "abc"}]
)
def test_bad_filter_values_are_a_form_error_not_a_failure(client, real_catalog, params):
    response = client.get(INDEX, params)

    assert response.status_code == 200
    if "page" not in params:
        assert response.context["filter"].form.errors
