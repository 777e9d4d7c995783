"""The home page answers "where do I start", with every figure recomputed here from the catalog file."""

import datetime
import re

import pytest
from django.urls import reverse

from catalog.models import Program
from tests.catalog import expected

pytestmark = pytest.mark.django_db

HOME = reverse("home")


def priced(data):
    """Programs with a total of every fee, not retired, as (total, months or None, title, slug)."""
    return [
        (expected.total_price(p), expected.months_max(p), p["title"], p["slug"])
        for p in data["programs"]
        if expected.total_price(p) is not None and p["status"] != "retired"
    ]


def test_home_lists_the_cheapest_programs_with_a_total_price(client, real_catalog, catalog_data):
    response = client.get(HOME)

    wanted = [slug for *_, slug in sorted(priced(catalog_data), key=lambda row: (row[0], row[2]))[:3]]
    assert [program.slug for program in response.context["cheapest"]] == wanted
    assert len(wanted) == 3


def test_home_lists_the_shortest_programs_with_a_total_price(client, real_catalog, catalog_data):
    response = client.get(HOME)

    timed = [(months, total, title, slug) for total, months, title, slug in priced(catalog_data) if months]
    wanted = [slug for *_, slug in sorted(timed)[:3]]
    assert [program.slug for program in response.context["shortest"]] == wanted
    html = response.content.decode()
    for program in response.context["shortest"]:
        assert f'href="/programs/{program.slug}/"' in html


def test_home_leaves_out_retired_programs_and_income_ranges(client, real_catalog, catalog_data):
    response = client.get(HOME)

    shown = {p.slug for p in response.context["cheapest"]} | {p.slug for p in response.context["shortest"]}
    by_slug = {p["slug"]: p for p in catalog_data["programs"]}
    assert all(by_slug[slug]["status"] != "retired" for slug in shown)
    assert all(expected.total_price(by_slug[slug]) is not None for slug in shown)


def test_home_names_every_field_with_its_program_count(client, real_catalog, catalog_data):
    html = " ".join(client.get(HOME).content.decode().split())

    for field in catalog_data["fields"]:
        count = sum(p["field"] == field["slug"] for p in catalog_data["programs"])
        if count:
            assert re.search(
                rf'href="/fields/{field["slug"]}/">{re.escape(field["name"])} <span class="muted">\({count} program',
                html.replace("&amp;", "&"),
            ), field["slug"]


def test_home_leads_to_the_advisor_and_the_degrees(client, real_catalog):
    html = client.get(HOME).content.decode()

    assert 'href="/advisor/"' in html
    assert 'href="/degrees/?credit=on"' in html


def checked_dates(data):
    records = data["programs"] + data["degrees"] + data["pathways"]
    return [datetime.date.fromisoformat(r["verified_on"]) for r in records]


def published_years(data):
    records = data["programs"] + data["degrees"] + data["pathways"]
    return [r["facts_year"] for r in records if r["facts_year"]]


def day(date):
    return f"{date.day} {date:%B %Y}"


def test_home_states_when_the_figures_were_checked_and_published(client, real_catalog, catalog_data):
    html = " ".join(client.get(HOME).content.decode().split())

    dates, years = checked_dates(catalog_data), published_years(catalog_data)
    sentence = re.search(r'<p id="freshness">(.*?)</p>', html).group(1)
    if min(dates) == max(dates):
        assert f"checked against its sources on {day(min(dates))}" in sentence
    else:
        assert f"checked between {day(min(dates))} and {day(max(dates))}" in sentence
    assert f"between {min(years)} and {max(years)}" in sentence


def test_home_gives_the_span_when_records_were_checked_on_different_days(client, real_catalog, catalog_data):
    older = datetime.date(2025, 3, 4)
    Program.objects.filter(slug=catalog_data["programs"][0]["slug"]).update(verified_on=older)

    html = " ".join(client.get(HOME).content.decode().split())

    newest = max(checked_dates(catalog_data))
    assert f"Figures checked between {day(older)} and {day(newest)}" in html
