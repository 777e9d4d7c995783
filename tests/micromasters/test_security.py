"""The site's security: headers and no inline script or style on every page, hosts, CSRF, secure
cookies, escaped catalog text, robots.txt and the sitemap line, and control characters in a search."""

import json
import logging
import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from tests.conftest import FIXTURE, forget_cached_pages
from tests.pages import PAGES

pytestmark = pytest.mark.django_db


ADVISOR_PAGES = [
    (
        "advisor result",
        "/advisor/result/?goal=degree&budget=50000&hours_per_week=10&months=36&has_bachelors=yes"
        "&needs_degree=yes&program=mitx-supply-chain-management",
    ),
    ("advisor form with errors", "/advisor/result/?goal=skills&budget=lots"),
    ("advisor method", "/advisor/method/"),
]


ALL_PAGES = PAGES + ADVISOR_PAGES


# One test for all pages, a subtest each: the catalog is loaded once, not once per page. Each page
# starts as a test would: a new client, an empty cache.


def test_every_page_type_sends_the_security_headers(real_catalog, subtests):
    for name, path in ALL_PAGES:
        with subtests.test(page=name):
            forget_cached_pages()
            response = Client().get(path, secure=True)

            csp = dict(
                part.strip().split(" ", 1)
                for part in response["Content-Security-Policy"].split(";")
                if part.strip()
            )
            assert csp["default-src"] == "'self'"
            assert csp["script-src"] == "'self'" and csp["style-src"] == "'self'"
            assert csp["frame-ancestors"] == "'none'" and csp["form-action"] == "'self'"
            assert "unsafe-inline" not in response["Content-Security-Policy"]
            assert response["Strict-Transport-Security"].startswith("max-age=31536000")
            assert response["X-Content-Type-Options"] == "nosniff"
            assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
            assert response["Cross-Origin-Opener-Policy"] == "same-origin"
            assert response["X-Frame-Options"] == "DENY"


def test_no_page_has_inline_script_or_style(real_catalog, subtests):
    for name, path in ALL_PAGES:
        with subtests.test(page=name):
            forget_cached_pages()
            html = Client().get(path).content.decode()

            scripts = re.findall(r"<script\b([^>]*)>", html)
            assert all('type="application/ld+json"' in attributes for attributes in scripts)
            assert not re.search(r"<style\b|\sstyle=|\son[a-z]+=", html)


def test_an_unknown_host_gets_400(client, settings):
    settings.ALLOWED_HOSTS = ["micromasters.example"]

    response = client.get("/", HTTP_HOST="attacker.example")

    assert response.status_code == 400


def test_posts_need_a_csrf_token():
    client = Client(enforce_csrf_checks=True)

    response = client.post("/admin/login/", {"username": "a", "password": "b"})

    assert response.status_code == 403


def test_session_and_csrf_cookies_are_secure_and_http_only(client, settings):
    response = client.get("/admin/login/", secure=True)

    cookie = response.cookies["csrftoken"]
    assert cookie["secure"] and cookie["httponly"]
    assert settings.SESSION_COOKIE_SECURE and settings.SESSION_COOKIE_HTTPONLY


def test_text_from_the_catalog_is_always_escaped(client, tmp_path):
    """Every text field of the shipped catalog is replaced by markup; no page may render it live."""
    attack = "<script>x(1)</script><i onclick=x>"  # + a number: fits the shortest column (40)
    data = json.loads(FIXTURE.read_text())
    text_keys = {
        "title", "name", "summary", "notes", "status_note", "pacing_note", "exam_fee_label", "caveat",
        "conditions", "share_text", "credit_unit", "format_note", "tuition_note", "publisher", "locator",
        "short_name", "country", "code",
    }  # fmt: skip
    for records in (
        data[key] for key in ("sources", "fields", "universities", "degrees", "programs", "pathways")
    ):
        for number, record in enumerate(records):
            for key in text_keys & record.keys():
                record[key] = f"{attack}{number}"  # numbered: names are unique
            for course in record.get("courses", []):
                course["title"] = course["code"] = course["notes"] = attack
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(data))
    call_command("import_catalog", str(path), verbosity=0)

    for name, url in ALL_PAGES:
        html = client.get(url).content.decode()
        assert "<script>x(" not in html, name
        assert "<i onclick" not in html, name
        jsonld = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
        if jsonld:
            assert "<" not in jsonld.group(1), name
            json.loads(jsonld.group(1))


def test_robots_txt_answers_head(client):
    response = client.head("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")


def test_the_sitemap_line_names_the_site_not_the_host_header_or_its_port(client, settings):
    settings.ALLOWED_HOSTS = ["micromasters.example", "www.micromasters.example"]

    response = client.get("/robots.txt", HTTP_HOST="www.micromasters.example:6666")

    content = response.content.decode()
    assert "Sitemap: http://micromasters.example/sitemap.xml\n" in content
    assert "6666" not in content


def test_the_sitemap_line_is_https_when_the_site_redirects_to_https(client, settings):
    settings.ALLOWED_HOSTS = ["micromasters.example"]
    settings.SECURE_SSL_REDIRECT = True

    response = client.get("/robots.txt", HTTP_HOST="micromasters.example:6666", secure=True)

    assert "Sitemap: https://micromasters.example/sitemap.xml\n" in response.content.decode()


def test_with_every_host_allowed_the_sitemap_line_drops_the_port(client, settings):
    settings.ALLOWED_HOSTS = ["*"]

    response = client.get("/robots.txt", HTTP_HOST="micromasters.example:6666")

    assert "Sitemap: http://micromasters.example/sitemap.xml\n" in response.content.decode()


def test_the_sitemap_and_structured_data_name_the_site_not_the_host_headers_port(
    client, settings, real_catalog
):
    settings.ALLOWED_HOSTS = ["micromasters.example"]

    sitemap = client.get("/sitemap.xml", HTTP_HOST="micromasters.example:6666").content.decode()
    program = client.get(
        "/programs/mitx-supply-chain-management/", HTTP_HOST="micromasters.example:6666"
    ).content.decode()

    locations = re.findall(r"<loc>(.*?)</loc>", sitemap)
    assert locations and all(url.startswith("http://micromasters.example/") for url in locations)
    assert '"url": "http://micromasters.example/programs/mitx-supply-chain-management/"' in program
    assert "6666" not in sitemap + program


CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@pytest.mark.parametrize("q", ["\x00", "data\x00science", "data\x1bscience", "data\r\nscience\x7f"])
def test_control_characters_in_a_search_never_reach_the_page(client, make_program, q):
    program = make_program(title="Data Science")

    response = client.get(reverse("catalog:program_list"), {"q": q})

    html = response.content.decode()
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert response.status_code == 200
    assert not CONTROL_CHARACTERS.search(html)
    assert not re.search(r"[\x00-\x1f]", title)
    if q != "\x00":
        assert list(response.context["page_obj"]) == [program.pk]


def test_a_long_rejected_host_is_logged_shortened_without_a_traceback(client, settings, caplog):
    settings.ALLOWED_HOSTS = ["micromasters.example"]
    host = "a" * 5000 + ".example"

    with caplog.at_level(logging.INFO):
        response = client.get("/", HTTP_HOST=host)

    assert response.status_code == 400
    [record] = [record for record in caplog.records if record.name == "django.security.DisallowedHost"]
    assert record.getMessage().startswith("Invalid HTTP_HOST header: 'aaaa")
    assert len(record.getMessage()) < 400
    assert record.exc_info is None
    assert "a" * 400 not in caplog.text
