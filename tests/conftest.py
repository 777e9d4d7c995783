import datetime
import io
import json
import os
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(autouse=True)
def fresh_cache():
    # Rendered pages are keyed by catalog version, and every test builds its own catalog.
    from django.core.cache import cache

    from catalog.caching import forget_kept_values, forget_version

    cache.clear()
    forget_kept_values()
    forget_version()
    yield
    cache.clear()
    forget_kept_values()
    forget_version()


@pytest.fixture(autouse=True)
def version_read_on_every_view(settings):
    # Every page view reads the catalog version (one query), whatever the time between two views;
    # tests/catalog/test_caching.py checks the version a process keeps for a second.
    settings.CATALOG_VERSION_MAX_AGE = 0


@pytest.fixture(autouse=True)
def plain_static_storage(settings):
    # The manifest storage needs collectstatic; tests render pages without it.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def chromium_path():
    return os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    path = chromium_path()
    if not os.path.exists(path):
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"REQUIRE_BROWSER=1 but no Chromium at {path}; install Debian's chromium package.")
        pytest.skip(f"no Chromium at {path} (set CHROMIUM_PATH, or install Debian's chromium package)")
    return {**browser_type_launch_args, "executable_path": path, "args": CHROMIUM_ARGS}


# Builders: each makes one valid row, with overrides for what a test cares about.

VERIFIED_ON = datetime.date(2026, 11, 22)


@pytest.fixture
def make_university(db):
    from catalog.models import University

    def make(**overrides):
        index = University.objects.count() + 1
        values = {"name": f"University {index}", "slug": f"university-{index}", "country": "United States"}
        return University.objects.create(**{**values, **overrides})

    return make


@pytest.fixture
def make_field(db):
    from catalog.models import Field

    def make(**overrides):
        index = Field.objects.count() + 1
        values = {"name": f"Field {index}", "slug": f"field-{index}"}
        return Field.objects.create(**{**values, **overrides})

    return make


@pytest.fixture
def make_program(db, make_university, make_field):
    """A program; `courses=[{"price": ..., ...}, ...]` adds courses at positions 1, 2, ..."""
    from catalog.models import Course, Program

    def make(courses=(), **overrides):
        index = Program.objects.count() + 1
        values = {
            "title": f"Program {index}",
            "slug": f"program-{index}",
            "verified_on": VERIFIED_ON,
            "facts_year": 2026,
        }
        values.update(overrides)
        if "university" not in values:
            values["university"] = make_university()
        if "field" not in values:
            values["field"] = make_field()
        program = Program.objects.create(**values)
        for position, course in enumerate(courses, start=1):
            Course.objects.create(program=program, position=position, **course)
        return program

    return make


@pytest.fixture
def make_degree(db, make_university):
    from catalog.models import Degree

    def make(**overrides):
        index = Degree.objects.count() + 1
        values = {
            "title": f"Master's {index}",
            "slug": f"degree-{index}",
            "verified_on": VERIFIED_ON,
            "tuition_currency": "USD",
            "tuition_unit": "total",
        }
        values.update(overrides)
        if "university" not in values:
            values["university"] = make_university()
        return Degree.objects.create(**values)

    return make


@pytest.fixture
def make_pathway(db, make_program, make_degree):
    from catalog.models import CreditPathway

    def make(**overrides):
        values = {"verified_on": VERIFIED_ON, "status": "active"}
        values.update(overrides)
        if "program" not in values:
            values["program"] = make_program()
        if "degree" not in values:
            values["degree"] = make_degree()
        values.setdefault("slug", f"{values['program'].slug}--{values['degree'].slug}")
        return CreditPathway.objects.create(**values)

    return make


@pytest.fixture
def make_rate(db):
    """An exchange rate (MXN by default), with a source of its own unless one is given."""
    from catalog.models import ExchangeRate, Source

    def make(**overrides):
        index = ExchangeRate.objects.count() + 1
        values = {"currency": "MXN", "units_per_usd": Decimal("20.452"), "date": datetime.date(2021, 9, 30)}
        values.update(overrides)
        if "source" not in values:
            values["source"] = Source.objects.create(
                key=f"rates-{index}", url="https://example.org/rates", title=f"Rates {index}"
            )
        return ExchangeRate.objects.create(**values)

    return make


FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "catalog.json"


@pytest.fixture(scope="session")
def catalog_data():
    """The shipped catalog file as plain JSON, for computing expectations independently of the ORM."""
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


@pytest.fixture
def real_catalog(db):
    """The shipped catalog, imported by the real command once per session and copied in after that.

    The copy restores every row, primary keys and many-to-many links included, in a few bulk
    inserts, then resets PostgreSQL's sequences so rows a test adds get fresh ids.
    """
    from django.core.management import call_command
    from django.core.management.color import no_style
    from django.db import connection

    if not _CATALOG_ROWS:
        call_command("import_catalog", str(FIXTURE), stdout=io.StringIO())
        _CATALOG_ROWS.extend((model, list(model.objects.values())) for model in catalog_tables())
        return
    from catalog.caching import bump_catalog_version

    for model, rows in _CATALOG_ROWS:
        model.objects.bulk_create(model(**row) for row in rows)
    bump_catalog_version()  # bulk inserts send no signals
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), [model for model, _ in _CATALOG_ROWS]):
            cursor.execute(statement)


_CATALOG_ROWS = []


def catalog_tables():
    """Every catalog table in insertion order: models, their many-to-many link tables, their history."""
    from catalog.apps import catalog_models
    from catalog.models import Course, CreditPathway, Degree, Program, ProgramFigures

    models = [*catalog_models(), ProgramFigures]
    links = [
        Degree.sources.through,
        Program.sources.through,
        CreditPathway.sources.through,
        Course.prerequisites.through,
    ]
    history = [
        model.history.model for model in models if hasattr(model, "history")
    ]  # the import's history rows (catalog/history.py)
    return models + links + history
