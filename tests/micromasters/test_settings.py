import runpy
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

SETTINGS = Path(__file__).resolve().parents[2] / "micromasters" / "settings.py"


def load_settings(monkeypatch, **environ):
    for name in ("DATABASE_URL", "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS))


def test_no_database_url_means_a_sqlite_file_in_the_project(monkeypatch):
    settings = load_settings(monkeypatch, DEBUG="1")

    database = settings["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert Path(database["NAME"]).parent == SETTINGS.parent.parent


def test_a_postgres_database_url_selects_postgresql_with_persistent_checked_connections(monkeypatch):
    settings = load_settings(monkeypatch, DEBUG="1", DATABASE_URL="postgres://app:pw@db.example:6543/catalog")

    database = settings["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["HOST"], database["PORT"], database["NAME"], database["USER"]) == (
        "db.example",
        6543,
        "catalog",
        "app",
    )
    assert database["CONN_MAX_AGE"] > 0
    assert database["CONN_HEALTH_CHECKS"] is True
    assert database["OPTIONS"]["options"] == "-c jit=off -c random_page_cost=1.1"


def test_the_random_page_cost_can_be_set_for_slower_storage(monkeypatch):
    settings = load_settings(
        monkeypatch, DEBUG="1", DATABASE_URL="postgres://app:pw@db.example/catalog", PG_RANDOM_PAGE_COST="4"
    )

    assert settings["DATABASES"]["default"]["OPTIONS"]["options"] == "-c jit=off -c random_page_cost=4"


def test_postgresql_prepares_a_query_on_its_second_run_with_server_side_binding(monkeypatch):
    settings = load_settings(monkeypatch, DEBUG="1", DATABASE_URL="postgres://app:pw@db.example/catalog")

    options = settings["DATABASES"]["default"]["OPTIONS"]
    assert options["server_side_binding"] is True
    assert options["prepare_threshold"] == 2


def test_prepared_statements_can_be_turned_off_for_a_transaction_pooler(monkeypatch):
    settings = load_settings(
        monkeypatch, DEBUG="1", DATABASE_URL="postgres://app:pw@db.example/catalog", PG_PREPARE_THRESHOLD="0"
    )

    options = settings["DATABASES"]["default"]["OPTIONS"]
    assert "server_side_binding" not in options
    assert "prepare_threshold" not in options


def test_missing_secret_key_with_debug_off_refuses_to_start(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match=r"SECRET_KEY is not set.*DEBUG=1"):
        load_settings(monkeypatch)


def test_debug_on_without_a_secret_key_gets_a_random_development_key(monkeypatch):
    first = load_settings(monkeypatch, DEBUG="true")["SECRET_KEY"]
    second = load_settings(monkeypatch, DEBUG="true")["SECRET_KEY"]

    assert len(first) > 50
    assert first != second


def test_debug_is_off_unless_set(monkeypatch):
    settings = load_settings(monkeypatch, SECRET_KEY="x" * 60)

    assert settings["DEBUG"] is False
    assert settings["SESSION_COOKIE_SECURE"] is True


def test_a_boolean_it_does_not_understand_is_refused(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="DEBUG='maybe' is not a boolean"):
        load_settings(monkeypatch, DEBUG="maybe")


def test_host_lists_are_read_comma_separated(monkeypatch):
    settings = load_settings(
        monkeypatch,
        SECRET_KEY="x" * 60,
        ALLOWED_HOSTS="example.org, www.example.org",
        CSRF_TRUSTED_ORIGINS="https://example.org",
    )

    assert settings["ALLOWED_HOSTS"] == ["example.org", "www.example.org"]
    assert settings["CSRF_TRUSTED_ORIGINS"] == ["https://example.org"]
