"""The degree index /degrees/ on the real catalog: what it lists and its links."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.html import strip_tags

from tests.catalog.expected import degree_slugs, open_pathways
from tests.catalog.lists import listed

pytestmark = pytest.mark.django_db

INDEX = reverse("catalog:degree_list")


def test_the_index_lists_every_degree_once(client, real_catalog, catalog_data):
    response, slugs = listed(client, INDEX)

    assert sorted(slugs) == sorted(degree_slugs(catalog_data))
    assert response.context["page_obj"].paginator.count == len(catalog_data["degrees"])


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
