import pytest


@pytest.fixture(autouse=True)
def plain_static_storage():
    """The converter's tests use no Django: replace the project-wide fixture of this name
    (which needs pytest-django's `settings`) so `python -m pytest tests/scripts` runs anywhere."""
