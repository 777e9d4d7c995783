"""The export (catalog/catalog_file/export.py): the import format, every key included, which imports back
unchanged."""

import json

import pytest
from django.core.management import call_command

from catalog.catalog_file import export_catalog, read_catalog
from tests.catalog.catalog_files import catalog_with_figures, database_state, import_data, small_catalog

pytestmark = pytest.mark.django_db


def test_export_then_import_round_trips_without_change(tmp_path, capsys):
    import_data(tmp_path, small_catalog())
    exported = export_catalog()
    before = database_state()
    capsys.readouterr()

    import_data(tmp_path, exported)

    assert database_state() == before
    assert "1 created" not in capsys.readouterr().out
    assert read_catalog(exported).records == read_catalog(small_catalog()).records


def test_export_command_writes_the_import_format(tmp_path):
    import_data(tmp_path, small_catalog())
    out = tmp_path / "out.json"

    call_command("export_catalog", str(out))

    assert json.loads(out.read_text()) == export_catalog()


def test_a_file_with_every_new_key_exports_back_to_the_same_dict(tmp_path):
    data = catalog_with_figures()

    import_data(tmp_path, data)

    assert export_catalog() == data
