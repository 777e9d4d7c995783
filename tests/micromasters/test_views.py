import os
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

from tests.broken_cache import BROKEN_CACHE

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
