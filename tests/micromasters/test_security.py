import datetime
import json
import logging
import re

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db.models import Sum
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from micromasters.signin import client_ip_address
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


def test_admin_sign_in_is_locked_after_five_failures(client):
    User.objects.create_superuser("editor", "editor@example.org", "right-password-123")

    failures = [
        client.post("/admin/login/", {"username": "editor", "password": f"wrong-{n}"}) for n in range(5)
    ]
    locked = client.post("/admin/login/", {"username": "editor", "password": "right-password-123"})

    assert [response.status_code for response in failures] == [200] * 4 + [429]  # the fifth failure locks
    assert locked.status_code == 429
    assert "Too many sign-in attempts" in locked.content.decode()
    assert "_auth_user_id" not in client.session


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


# Admin sign-in: lockouts by the client's own address, behind a proxy or not, and per account

RIGHT_PASSWORD = "right-password-123"
PROXY = "10.0.0.2"
THROTTLED = "too many failed sign-ins from many addresses"


@pytest.fixture
def editor_account():
    return User.objects.create_superuser("editor", "editor@example.org", RIGHT_PASSWORD)


def sign_in(password, *, address="127.0.0.1", forwarded=None, client=None):
    """A sign-in POST from `address`, through a proxy if `forwarded` (X-Forwarded-For) is given."""
    headers = {"REMOTE_ADDR": address}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    client = client or Client()
    return client.post("/admin/login/", {"username": "editor", "password": password}, **headers)


def signed_in(response):
    return response.status_code == 302 and "_auth_user_id" in response.wsgi_request.session


@pytest.mark.parametrize(
    ("proxy_count", "meta", "address"),
    [
        (0, {"REMOTE_ADDR": "203.0.113.5"}, "203.0.113.5"),
        (0, {"REMOTE_ADDR": "203.0.113.5", "HTTP_X_FORWARDED_FOR": "198.51.100.7"}, "203.0.113.5"),
        (1, {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "198.51.100.7"}, "198.51.100.7"),
        (1, {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "192.0.2.1, 198.51.100.7"}, "198.51.100.7"),
        (
            2,
            {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "192.0.2.1, 198.51.100.7, 10.0.0.3"},
            "198.51.100.7",
        ),
        (1, {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "2001:db8::1"}, "2001:db8::1"),
        (1, {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "not-an-address"}, PROXY),
        (1, {"REMOTE_ADDR": PROXY}, PROXY),
        (2, {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "198.51.100.7"}, PROXY),
    ],
)
def test_the_client_address_comes_from_x_forwarded_for_only_behind_trusted_proxies(
    rf, settings, proxy_count, meta, address
):
    settings.TRUSTED_PROXY_COUNT = proxy_count

    request = rf.post("/admin/login/", **meta)

    assert client_ip_address(request) == address


def test_behind_the_proxy_one_clients_failures_do_not_lock_out_another(settings, editor_account):
    settings.TRUSTED_PROXY_COUNT = 1

    failures = [sign_in(f"wrong-{n}", address=PROXY, forwarded="203.0.113.5") for n in range(5)]
    other_client = sign_in(RIGHT_PASSWORD, address=PROXY, forwarded="198.51.100.7")

    assert [response.status_code for response in failures] == [200] * 4 + [429]
    assert signed_in(other_client)


def test_behind_the_proxy_addresses_a_client_adds_to_x_forwarded_for_do_not_reset_its_count(
    settings, editor_account
):
    settings.TRUSTED_PROXY_COUNT = 1

    failures = [sign_in(f"wrong-{n}", address=PROXY, forwarded=f"192.0.2.{n}, 203.0.113.5") for n in range(5)]
    locked = sign_in(RIGHT_PASSWORD, address=PROXY, forwarded="192.0.2.99, 203.0.113.5")

    assert failures[-1].status_code == 429
    assert locked.status_code == 429


def test_without_a_trusted_proxy_x_forwarded_for_is_ignored(settings, editor_account):
    settings.TRUSTED_PROXY_COUNT = 0

    failures = [sign_in(f"wrong-{n}", address="203.0.113.5", forwarded=f"192.0.2.{n}") for n in range(5)]
    same_address = sign_in(RIGHT_PASSWORD, address="203.0.113.5", forwarded="198.51.100.7")
    other_address = sign_in(RIGHT_PASSWORD, address="198.51.100.7")

    assert failures[-1].status_code == 429
    assert same_address.status_code == 429
    assert signed_in(other_address)


def test_guessing_one_account_from_many_addresses_stops_at_the_account_limit(settings, editor_account):
    settings.SIGN_IN_ACCOUNT_FAILURE_LIMIT = 20
    assert signed_in(sign_in(RIGHT_PASSWORD, address="192.0.2.10"))  # the editor's usual address

    guesses = [sign_in(f"wrong-{n}", address=f"203.0.113.{n}") for n in range(1, 26)]
    from_a_new_address = sign_in(RIGHT_PASSWORD, address="198.51.100.7")
    from_a_familiar_address = sign_in(RIGHT_PASSWORD, address="192.0.2.10")

    assert [THROTTLED in response.content.decode() for response in guesses] == [False] * 20 + [True] * 5
    # Refused guesses are never tried, so they are not counted either.
    assert AccessAttempt.objects.aggregate(total=Sum("failures_since_start"))["total"] == 20
    assert THROTTLED in from_a_new_address.content.decode()
    assert not signed_in(from_a_new_address)
    assert signed_in(from_a_familiar_address)


def test_the_account_limit_lifts_once_the_failures_are_older_than_its_window(settings, editor_account):
    settings.SIGN_IN_ACCOUNT_FAILURE_LIMIT = 20
    for n in range(1, 21):
        sign_in(f"wrong-{n}", address=f"203.0.113.{n}")
    assert THROTTLED in sign_in(RIGHT_PASSWORD, address="198.51.100.7").content.decode()

    AccessAttempt.objects.update(
        attempt_time=timezone.now() - settings.SIGN_IN_ACCOUNT_WINDOW - datetime.timedelta(minutes=1)
    )
    response = sign_in(RIGHT_PASSWORD, address="198.51.100.7")

    assert signed_in(response)


# robots.txt


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


# Control characters in a search, a huge Host header in the log

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
        assert [row.pk for row in response.context["page_obj"]] == [program.pk]


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
