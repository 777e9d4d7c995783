"""Admin sign-in (micromasters/signin.py): lockouts by the client's own address, behind a proxy or
not, and per account across addresses."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.db.models import Sum
from django.test import Client
from django.utils import timezone

from micromasters.signin import client_ip_address

pytestmark = pytest.mark.django_db


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
