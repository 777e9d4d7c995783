"""The site the browser tests drive: one live server over the shipped catalog for this whole folder.

The browser tests only read (the site's forms submit by GET), so the catalog is loaded and committed
once, before the first of them, and every table is emptied after the last, as a transactional test's
teardown would: not once per test. The server runs in a thread of this process and sees the committed
catalog: through the test's own in-memory SQLite connection, or its own PostgreSQL connection. Each
test is still marked `django_db`, so the test database is created for it and anything a test itself
wrote would be rolled back. A browser test that needs the server to write would take pytest-django's
`live_server` and `transactional_db` instead.
"""

import pytest
from django.core.management import call_command
from django.db import connections
from pytest_django.live_server_helper import LiveServer

from tests.conftest import load_real_catalog


@pytest.fixture(scope="package")
def site(django_db_setup, django_db_blocker):
    """The live server, with the shipped catalog in its database; `site.url` is its address."""
    with django_db_blocker.unblock():
        load_real_catalog()
        server = LiveServer("localhost")
        server._live_server_modified_settings.enable()  # its host in ALLOWED_HOSTS
        try:
            yield server
        finally:
            server._live_server_modified_settings.disable()
            server.stop()
            for alias in connections:
                call_command("flush", verbosity=0, interactive=False, database=alias)
