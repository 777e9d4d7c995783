"""The changes feed: valid Atom, new and changed programs with what changed, removals, linked from
every page, cached like a page."""

import xml.etree.ElementTree as ET

from django.urls import reverse

from catalog.feeds import FEED_SIZE
from catalog.models import Program
from tests.catalog.admin_pages import admin_url, form_as_opened

FEED = reverse("catalog:changes_feed")
ATOM = "{http://www.w3.org/2005/Atom}"


def entries(client):
    response = client.get(FEED)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    return [
        {
            "title": entry.find(f"{ATOM}title").text,
            "link": entry.find(f"{ATOM}link").get("href"),
            "id": entry.find(f"{ATOM}id").text,
            "summary": entry.find(f"{ATOM}summary").text,
        }
        for entry in root.iter(f"{ATOM}entry")
    ]


def test_an_imported_catalog_lists_its_newest_programs_as_new(client, real_catalog, catalog_data):
    items = entries(client)

    titles = {program["title"] for program in catalog_data["programs"]}
    assert 0 < len(items) <= FEED_SIZE
    assert all(item["title"].startswith("New program: ") for item in items)
    assert all(item["title"].removeprefix("New program: ") in titles for item in items)
    assert all(item["link"].startswith("http://") and "/programs/" in item["link"] for item in items)
    assert len({item["id"] for item in items}) == len(items)


def test_a_program_changed_in_the_admin_is_listed_with_what_changed(admin_client, client, make_program):
    program = make_program(title="Old title", pacing="")
    change = admin_url(Program, "change", program.pk)

    admin_client.post(
        change, form_as_opened(admin_client.get(change), title="New title", pacing="self_paced")
    )

    newest = entries(client)[0]
    assert newest["title"] == "Changed: New title"
    assert newest["summary"] == "Changed: title, pacing."
    assert newest["link"].endswith(program.get_absolute_url())


def test_a_removed_program_is_listed_as_removed(client, make_program):
    program = make_program(title="Going away")

    program.delete()

    assert entries(client)[0]["title"] == "Removed: Going away"


def test_a_save_that_changes_nothing_is_not_listed(client, make_program):
    program = make_program(title="Same")
    program.save()

    assert [item["title"] for item in entries(client)] == ["New program: Same"]


def test_every_page_links_the_feed_and_the_data_page(client, db):
    html = client.get(reverse("home")).content.decode()

    assert f'<link rel="alternate" type="application/atom+xml" title="Catalog changes" href="{FEED}">' in html
    assert f'href="{reverse("catalog:data")}"' in html


def test_a_second_read_comes_from_the_cache(client, make_program, django_assert_num_queries):
    make_program()
    first = client.get(FEED).content

    with django_assert_num_queries(1):  # the catalog version, for the cache key
        second = client.get(FEED).content

    assert second == first


def test_the_paths_base_html_writes_out_are_the_feed_and_the_data_page():
    # base.html writes them as plain paths, so the error pages that extend it never reverse a URL.
    assert (FEED, reverse("catalog:data")) == ("/changes.atom", "/data/")
