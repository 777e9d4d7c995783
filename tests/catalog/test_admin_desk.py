"""The data-gaps desk page (catalog/admin_desk.py): staff only, linked from the admin index, filtered
by university and field, any page number, and a fixed number of queries at any size."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.catalog.test_gaps import DESK, counts, expected_gaps, listed, shown_gaps


def test_filtering_by_university_and_field_keeps_their_records_only(
    admin_client, client, real_catalog, catalog_data
):
    response = admin_client.get(DESK, {"university": "mit"})

    mit = {p["title"] for p in catalog_data["programs"] if p["university"] == "mit"}
    programs = {name for kind, name in shown_gaps(response) if kind == "program"}
    assert programs and programs <= mit
    unpriced_at_mit = listed(client, {"university": "mit"}) - listed(
        client, {"university": "mit", "price_max": "1000000"}
    )
    assert counts(response).get(("program", "price"), 0) == unpriced_at_mit

    by_field = admin_client.get(DESK, {"field": "data-science"})
    in_field = {p["title"] for p in catalog_data["programs"] if p["field"] == "data-science"}
    assert {name for kind, name in shown_gaps(by_field) if kind == "program"} <= in_field


def test_an_unknown_university_is_an_error_and_the_whole_catalog_is_shown(
    admin_client, real_catalog, catalog_data
):
    response = admin_client.get(DESK, {"university": "no-such-university"})

    assert response.status_code == 200
    assert "university" in response.context["form"].errors
    assert shown_gaps(response) == expected_gaps(catalog_data, timezone.localdate())


def test_the_admin_index_links_to_the_desk(admin_client):
    response = admin_client.get(reverse("admin:index"))

    assert f'href="{DESK}"' in response.content.decode()


def test_anonymous_visitors_get_the_login_page(client):
    response = client.get(DESK)

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_signed_in_users_without_staff_status_get_the_login_page(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("learner", password="not-staff-password"))

    response = client.get(DESK)

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


@pytest.mark.parametrize("page", ["abc", "999", "-1"])
def test_odd_page_numbers_still_show_a_page(admin_client, real_catalog, page):
    assert admin_client.get(DESK, {"page": page}).status_code == 200


@pytest.mark.parametrize("size", [3, 60])
def test_the_desk_costs_the_same_queries_at_any_size(admin_client, django_assert_num_queries, size):
    from tests.catalog.test_queries import build_catalog

    build_catalog(size)

    # 1 the session, 2 its user (admin sign-in), then catalog/gaps.py: 3 the programs with their
    # figures, 4 the pathways, 5 the degrees; 6 the universities and 7 the fields of the filter form
    with django_assert_num_queries(7):
        response = admin_client.get(DESK)

    assert response.status_code == 200
