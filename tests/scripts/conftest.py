import json

import pytest

from tests.scripts.converter import DATA, FIXTURE, REPORT


@pytest.fixture(autouse=True)
def plain_static_storage():
    """The converter's tests use no Django: replace the project-wide fixture of this name
    (which needs pytest-django's `settings`) so `python -m pytest tests/scripts` runs anywhere."""


@pytest.fixture(scope="module")
def catalog():
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def report():
    return json.loads(REPORT.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def raw():
    programs = json.loads((DATA / "micromasters_programs.json").read_text(encoding="utf-8"))
    benchmarks = json.loads((DATA / "degree_benchmarks.json").read_text(encoding="utf-8"))
    return programs, benchmarks
