"""The degree index /degrees/ on the real catalog: what it lists, its filters, its links."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.html import strip_tags

pytestmark = pytest.mark.django_db

INDEX = reverse("catalog:degree_list")


def listed(client, params=None):
    """Every degree slug the index shows for these parameters, across all pages, and the last response."""
    slugs, page = [], 1
    while True:
        response = client.get(INDEX, {**(params or {}), "page": page})
        assert response.status_code == 200
        slugs += [row["degree"].slug for row in response.context["rows"]]
        if not response.context["page_obj"].has_next():
            return response, slugs
        page += 1


def degrees(data, keep=lambda degree: True):
    return {degree["slug"] for degree in data["degrees"] if keep(degree)}


def open_pathways(data):
    return [pathway for pathway in data["pathways"] if pathway["status"] != "retired"]


def test_the_index_lists_every_degree_once(client, real_catalog, catalog_data):
    response, slugs = listed(client)

    assert sorted(slugs) == sorted(degrees(catalog_data))
    assert response.context["page_obj"].paginator.count == len(catalog_data["degrees"])


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
    _, slugs = listed(client, params)

    wanted = degrees(catalog_data, lambda degree: keep(degree, catalog_data))
    assert wanted and wanted < degrees(catalog_data), "each case should keep some degrees and leave some out"
    assert sorted(slugs) == sorted(wanted)


def test_each_degree_lists_the_micromasters_that_count_toward_it(client, real_catalog, catalog_data):
    rows = []
    page = 1
    while True:
        response = client.get(INDEX, {"page": page})
        rows += response.context["rows"]
        if not response.context["page_obj"].has_next():
            break
        page += 1

    for row in rows:
        counting = {p["program"] for p in open_pathways(catalog_data) if p["degree"] == row["degree"].slug}
        assert {program.slug for program in row["programs"]} == counting
    assert any(row["programs"] for row in rows)


def test_tuition_in_another_currency_shows_its_amount_and_an_approximate_dollar_figure(
    client, real_catalog, catalog_data
):
    degree = next(d for d in catalog_data["degrees"] if d["slug"] == "zlc-zlog")
    assert degree["tuition_currency"] == "EUR" and degree["tuition_unit"] == "total"

    html = client.get(INDEX, {"currency": "EUR"}).content.decode()

    row = re.search(r'href="/degrees/zlc-zlog/".*?</tr>', html, re.S).group(0)
    assert f"{Decimal(degree['tuition_amount']):,.0f}" in row
    assert "about $" in strip_tags(row)  # the dollar figure is wrapped to keep it whole


@pytest.mark.parametrize(
    "params", [{"field": "no-such-field"}, {"format": "by-pigeon"}, {"currency": "XXX"}, {"page": "abc"}]
)
def test_bad_filter_values_are_a_form_error_not_a_failure(client, real_catalog, params):
    response = client.get(INDEX, params)

    assert response.status_code == 200
    if "page" not in params:
        assert response.context["filter"].form.errors


def test_the_header_and_every_degree_page_link_to_the_index(client, real_catalog, catalog_data):
    for degree in catalog_data["degrees"][:5]:
        html = client.get(reverse("catalog:degree_detail", args=[degree["slug"]])).content.decode()
        assert 'href="/degrees/"' in html
    home = client.get("/").content.decode()
    assert re.search(r'<nav aria-label="Main">.*href="/degrees/".*</nav>', home, re.S)


def test_the_sitemap_lists_the_index(client, real_catalog):
    sitemap = client.get("/sitemap.xml").content.decode()

    assert re.search(r"<loc>[^<]*/degrees/</loc>", sitemap)


def test_a_total_that_is_not_published_is_never_called_about(client, real_catalog):
    html = client.get(reverse("catalog:degree_detail", args=["zlc-zlog"])).content.decode()

    assert "about not published" not in html
