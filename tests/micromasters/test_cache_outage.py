"""The page cache is an optimisation, never a dependency: with it down, every page still renders."""

import logging
import socket
import threading
import time

import pytest
from django.test import Client, override_settings

from micromasters.settings import cache_from_url
from tests.broken_cache import BROKEN_CACHE
from tests.conftest import forget_cached_pages
from tests.pages import PAGES

pytestmark = pytest.mark.django_db


def test_every_page_renders_normally_when_every_cache_call_fails(real_catalog, caplog, subtests):
    # One test for all pages, a subtest each: the catalog is loaded once, not once per page. Each page
    # starts as a test would: a new client, an empty cache.
    for name, path in PAGES:
        with subtests.test(page=name):
            forget_cached_pages()
            caplog.clear()
            client = Client()
            normal = client.get(path)

            with (
                override_settings(CACHES=BROKEN_CACHE),
                caplog.at_level(logging.WARNING, logger="catalog.caching"),
            ):
                during_outage = client.get(path)

            assert during_outage.status_code == normal.status_code
            assert during_outage.content == normal.content
            if normal.status_code == 200:  # the 404 page is never cached, so it never asks
                warnings = [record for record in caplog.records if record.name == "catalog.caching"]
                assert len(warnings) == 1  # the failed read; the page is then not written either
                assert warnings[0].exc_info is None  # one line per page view, no traceback


def test_pages_and_healthz_answer_when_nothing_listens_on_the_redis_port(client, settings, make_program):
    settings.CACHES = {"default": cache_from_url(f"redis://127.0.0.1:{unused_port()}/0")}
    make_program(slug="still-here", title="Still Here")

    listing = client.get("/programs/")
    detail = client.get("/programs/still-here/")
    health = client.get("/healthz")

    assert listing.status_code == 200 and b"Still Here" in listing.content
    assert detail.status_code == 200 and b"Still Here" in detail.content
    assert health.status_code == 200
    assert health.json() == {"status": "degraded", "database": "ok", "cache": "unavailable"}


def test_a_redis_that_accepts_connections_but_never_answers_costs_a_page_its_timeouts_not_a_hang(
    client, settings, make_program
):
    silent = socket.create_server(("127.0.0.1", 0), backlog=16)  # the kernel accepts; nobody answers
    # Give up after a few seconds, so a client without timeouts fails this test instead of hanging.
    # The page's short cache timeouts cost it well under a second alone; the bound leaves room for
    # a busy machine and stays far below the 5 s at which a client without timeouts is cut off.
    give_up = threading.Timer(5, silent.close)
    give_up.start()
    settings.CACHES = {"default": cache_from_url(f"redis://127.0.0.1:{silent.getsockname()[1]}/0")}
    make_program(slug="still-here", title="Still Here")
    started = time.monotonic()

    response = client.get("/programs/still-here/")

    elapsed = time.monotonic() - started
    give_up.cancel()
    silent.close()
    assert response.status_code == 200 and b"Still Here" in response.content
    assert elapsed < 2.5


def unused_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
