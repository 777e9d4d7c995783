import json
import re

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client

from tests.conftest import FIXTURE
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


@pytest.mark.parametrize(("name", "path"), ALL_PAGES, ids=[name for name, _ in ALL_PAGES])
def test_every_page_type_sends_the_security_headers(client, real_catalog, name, path):
    response = client.get(path, secure=True)

    csp = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";") if part.strip()
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


@pytest.mark.parametrize(("name", "path"), ALL_PAGES, ids=[name for name, _ in ALL_PAGES])
def test_no_page_has_inline_script_or_style(client, real_catalog, name, path):
    html = client.get(path).content.decode()

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
