"""The site's own pages (micromasters/views.py): home, with every figure recomputed here from the
catalog file, /healthz, robots.txt, the favicon, and the 404 and 500 pages."""

import datetime
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import path, reverse

from catalog.models import Program
from tests.broken_cache import BROKEN_CACHE
from tests.catalog import expected

BASE_DIR = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_home_page_links_to_programs_and_advisor(client):
    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert b'href="/programs/"' in response.content
    assert b'href="/advisor/"' in response.content
    assert b'<main id="main"' in response.content


def test_unknown_address_gets_the_site_404_page(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert b"Page not found" in response.content
    assert b'class="skip-link"' in response.content


@pytest.mark.django_db
def test_healthz_is_ok_when_the_database_answers(client):
    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_answers_head_as_load_balancers_probe(client):
    response = client.head(reverse("healthz"))

    assert response.status_code == 200


@pytest.mark.django_db
def test_healthz_reports_a_failing_cache_as_degraded_and_stays_up(client):
    with override_settings(CACHES=BROKEN_CACHE):
        response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "database": "ok", "cache": "unavailable"}


def test_robots_txt_keeps_crawlers_out_of_admin(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert "Disallow: /admin/" in response.content.decode()


def test_favicon_ico_points_at_the_site_icon(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 301
    assert response["Location"].endswith("img/favicon.svg")


def broken_view(request):
    raise RuntimeError("boom")


urlpatterns = [path("broken/", broken_view)]


@pytest.mark.urls(__name__)
def test_a_crashing_view_renders_the_site_500_page(client):
    client.raise_request_exception = False

    response = client.get("/broken/")

    assert response.status_code == 500
    assert b"Something went wrong on our side" in response.content
    assert b"boom" not in response.content


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_healthz_answers_503_over_http_when_the_database_is_unreachable(tmp_path):
    port = free_port()
    unreachable = f"postgres://postgres@127.0.0.1:{free_port()}/nothing?connect_timeout=2"
    env = {**os.environ, "DATABASE_URL": unreachable, "DEBUG": "0", "ALLOWED_HOSTS": "127.0.0.1"}
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "micromasters.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--no-control-socket",
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        status, body = None, b""
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5)
            except urllib.error.HTTPError as error:
                status, body = error.code, error.read()
                break
            except OSError:
                time.sleep(0.2)
        assert status == 503
        assert b'"status": "error"' in body
    finally:
        server.terminate()
        server.wait(timeout=10)


# Home

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
