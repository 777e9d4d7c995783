"""The importer as a real process: imports run one at a time, so two started at once leave the
catalog as one file or the other, never a mix; one that waits too long says so; and a broken file
ends in a message and exit status 1, never a traceback.

`manage.py import_catalog` in subprocesses, against a real database: the test database on
PostgreSQL, a migrated SQLite file otherwise (the test's own SQLite database lives in memory).
"""

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from urllib.parse import quote

import psycopg
import pytest
from django.db import connection

from catalog.catalog_file import IMPORT_LOCK_KEY
from tests.catalog.catalog_files import program_record
from tests.micromasters.test_views import BASE_DIR

# On PostgreSQL the processes share the test database: its rows are committed, and emptied after.
pytestmark = pytest.mark.django_db(transaction=True)

PROGRAMS = 60  # enough rows that two imports started together overlap for a second or more


def catalog(first_half: str, second_half: str, programs: int = PROGRAMS) -> dict:
    """A catalog in exactly the form the export writes, the titles of its first half of programs
    (and their courses, and the source) marked `first_half`, of the others `second_half`."""

    def course(position, variant):
        return {
            "position": position,
            "code": f"C{position}",
            "title": f"Course {position} {variant}",
            "kind": "required",
            "weeks": 4,
            "effort_hours_min": None,
            "effort_hours_max": None,
            "price": "100.00",
            "price_currency": "USD",
            "price_year": 2026,
            "price_history": [],
            "prerequisites": [position - 1] if position > 1 else [],
            "notes": "",
            "figure_sources": {},
        }

    def program(index):
        variant = first_half if index < programs // 2 else second_half
        return program_record(
            f"program-{index:04d}",
            f"Program {index} {variant}",
            university="uni",
            field="field",
            courses=[course(position, variant) for position in (1, 2, 3)],
            course_count=3,
            exam_fee_currency="USD",
            figure_sources={},
            other_course_prices=[],
            url="",
            sources=["src-main"],
            verified_on="2026-11-22",
            facts_year=2026,
            caveat="",
        )

    source = {
        "key": "src-main",
        "url": "https://example.org/catalog",
        "locator": "",
        "title": f"Catalog {first_half}",
        "publisher": "",
        "year": 2026,
        "kind": "official",
    }
    return {
        "format": "micromasters-catalog",
        "version": 1,
        "sources": [source],
        "fields": [{"slug": "field", "name": "Field"}],
        "universities": [
            {"slug": "uni", "name": "University", "short_name": "", "country": "", "website": ""}
        ],
        "exchange_rates": [],
        "degrees": [],
        "programs": [program(index) for index in range(programs)],
        "pathways": [],
    }


@pytest.fixture(scope="module")
def migrated_sqlite_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("sqlite") / "migrated.sqlite3"
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v0"],
        cwd=BASE_DIR,
        env=environment(f"sqlite:///{path}"),
        check=True,
    )
    return path


@pytest.fixture
def database(request, tmp_path):
    """(DATABASE_URL, hold_lock) for a database other processes can reach, migrated and empty.

    `hold_lock()` is a context manager that holds the import lock from outside, as another import
    would, for as long as it is open.
    """
    if connection.vendor == "postgresql":
        params = connection.settings_dict
        credentials = quote(params["USER"]) + (f":{quote(params['PASSWORD'])}" if params["PASSWORD"] else "")
        url = f"postgres://{credentials}@{params['HOST']}:{params['PORT'] or 5432}/{params['NAME']}"

        class hold_lock:
            def __enter__(self):
                self.other = psycopg.connect(url.replace("postgres://", "postgresql://"), autocommit=True)
                self.other.execute("SELECT pg_advisory_lock(%s)", [IMPORT_LOCK_KEY])

            def __exit__(self, *exc):
                self.other.close()

        return url, hold_lock
    path = tmp_path / "catalog.sqlite3"
    shutil.copy(request.getfixturevalue("migrated_sqlite_file"), path)
    url = f"sqlite:///{path}"

    class hold_sqlite_lock:
        def __enter__(self):
            self.other = sqlite3.connect(path, isolation_level=None)
            self.other.execute("BEGIN IMMEDIATE")

        def __exit__(self, *exc):
            self.other.close()

    return url, hold_sqlite_lock


def environment(database_url):
    return {**os.environ, "DATABASE_URL": database_url, "DEBUG": "1"}


def start_import(database_url, path, *args):
    return subprocess.Popen(
        [sys.executable, "manage.py", "import_catalog", str(path), *args],
        cwd=BASE_DIR,
        env=environment(database_url),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(process):
    stdout, stderr = process.communicate(timeout=180)
    return process.returncode, stdout, stderr


def exported(database_url):
    result = subprocess.run(
        [sys.executable, "manage.py", "export_catalog"],
        cwd=BASE_DIR,
        env=environment(database_url),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def write(tmp_path, data):
    path = tmp_path / f"catalog-{len(list(tmp_path.iterdir()))}.json"
    path.write_text(json.dumps(data))
    return path


def test_two_imports_at_once_leave_exactly_one_of_the_two_files(database, tmp_path):
    database_url, _ = database
    # Each file changes half the catalog and leaves the other half as it is: an import that compared
    # against rows read before the other one committed would keep the other's half, a mix.
    base, first, second = catalog("0", "0"), catalog("A", "0"), catalog("0", "B")
    assert finish(start_import(database_url, write(tmp_path, base)))[0] == 0

    processes = [start_import(database_url, write(tmp_path, data)) for data in (first, second)]
    results = [finish(process) for process in processes]

    for returncode, stdout, stderr in results:
        assert returncode == 0, stderr
        assert "Traceback" not in stderr
        assert "programs: " in stdout
    assert exported(database_url) in (first, second)


def test_an_import_waits_while_another_holds_the_lock_then_writes(database, tmp_path):
    database_url, hold_lock = database
    path = write(tmp_path, catalog("A", "A", programs=3))

    with hold_lock():
        process = start_import(database_url, path, "--wait", "60")
        time.sleep(3)  # long enough to start Django and reach the lock
        waiting = process.poll() is None
    returncode, _, stderr = finish(process)

    assert waiting
    assert returncode == 0, stderr
    assert exported(database_url) == catalog("A", "A", programs=3)


def test_an_import_that_waits_too_long_gives_up_with_a_message_and_writes_nothing(database, tmp_path):
    database_url, hold_lock = database
    path = write(tmp_path, catalog("A", "A", programs=3))

    with hold_lock():
        returncode, _, stderr = finish(start_import(database_url, path, "--wait", "1"))

    assert returncode == 1
    assert "Another catalog import is still writing after 1 s; nothing was imported." in stderr
    assert "Traceback" not in stderr
    assert exported(database_url)["programs"] == []


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"[" * 100_000, "nests lists or objects too deeply to be a catalog."),
        (b"\xff\xfe{}", "is not UTF-8 text: byte 1 is 0xff."),
        (
            json.dumps({**catalog("A", "A", programs=1), "universitie": []}).encode(),
            "top level: unknown key 'universitie' (did you mean 'universities'?)",
        ),
        (
            json.dumps(catalog("A\x00", "A\x00", programs=1)).encode(),
            "programs[0] ('program-0000').title: character 12 is U+0000, a control character",
        ),
    ],
)
def test_a_broken_file_ends_in_a_message_and_status_1_not_a_traceback(database, tmp_path, content, expected):
    database_url, _ = database
    path = tmp_path / "broken.json"
    path.write_bytes(content)

    returncode, stdout, stderr = finish(start_import(database_url, path))

    assert returncode == 1
    assert expected in stderr
    assert "Traceback" not in stderr + stdout
    assert exported(database_url)["programs"] == []


def test_a_directory_given_as_the_file_ends_in_a_message(database, tmp_path):
    database_url, _ = database

    returncode, _, stderr = finish(start_import(database_url, tmp_path))

    assert returncode == 1
    assert stderr.strip() == f"CommandError: Cannot read {tmp_path}: Is a directory."
