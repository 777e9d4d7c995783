"""Writing a checked file (catalog/catalog_file/writing.py): records upserted, totals derived, and the
whole file rolled back when a row is refused."""

from decimal import Decimal

import pytest
from django.core.management import CommandError
from django.db import IntegrityError

from catalog.catalog_file import read_catalog, write_catalog
from catalog.models import Course, CreditPathway, Degree, ExchangeRate, Program, Source
from tests.catalog.catalog_files import catalog_with_figures, database_state, import_data, small_catalog

pytestmark = pytest.mark.django_db


def test_a_valid_file_imports_every_record_with_its_derived_totals(tmp_path, capsys):
    import_data(tmp_path, small_catalog())

    program = Program.objects.with_totals().get(slug="mitx-scm")
    assert program.total_price == 150 + 150 + 600
    assert program.total_weeks == 26
    assert [str(c) for c in Course.objects.get(position=2).prerequisites.all()] == ["SC1x Course 1"]
    assert CreditPathway.objects.get().degree.university.slug == "mit"
    assert "programs: 1 created, 0 updated, 0 unchanged" in capsys.readouterr().out


def test_importing_the_same_file_twice_changes_nothing(tmp_path, capsys):
    import_data(tmp_path, small_catalog())
    before = database_state()
    capsys.readouterr()

    import_data(tmp_path, small_catalog())

    assert database_state() == before
    output = capsys.readouterr().out
    assert "programs: 0 created, 0 updated, 1 unchanged" in output
    assert "courses: 0 created, 0 updated, 3 unchanged" in output


def test_a_changed_price_updates_only_that_program(tmp_path, capsys):
    import_data(tmp_path, small_catalog())
    data = small_catalog()
    data["programs"][0]["courses"][0]["price"] = "175.00"
    capsys.readouterr()

    import_data(tmp_path, data)

    assert Program.objects.with_totals().get().total_price == 175 + 150 + 600
    assert "programs: 0 created, 1 updated, 0 unchanged" in capsys.readouterr().out


def test_a_row_breaking_a_model_rule_rolls_back_the_whole_file(tmp_path):
    import_data(tmp_path, small_catalog())
    before = database_state()
    data = small_catalog()
    data["programs"][0]["title"] = "Renamed"
    data["degrees"][0]["months_min"] = 24  # more than months_max: passes the format, breaks a constraint

    with pytest.raises(CommandError) as error:
        import_data(tmp_path, data)

    assert "degrees[0] ('mit-scm'): The lowest number of months cannot be more than the highest." in str(
        error.value
    )
    assert database_state() == before


def test_a_name_clash_is_reported_not_crashed_on(tmp_path):
    data = small_catalog()
    data["fields"].append({"slug": "logistics", "name": "Supply Chain Management"})

    with pytest.raises(CommandError) as error:
        import_data(tmp_path, data)

    assert "fields[1] ('logistics').name: Field with this Name already exists." in str(error.value)
    assert Program.objects.count() == 0


def test_if_empty_skips_a_database_that_has_programs(tmp_path, capsys):
    import_data(tmp_path, small_catalog())
    data = small_catalog()
    data["programs"][0]["title"] = "Changed"

    import_data(tmp_path, data, "--if-empty")

    assert Program.objects.get().title == "Supply Chain Management"
    assert "nothing imported" in capsys.readouterr().out


def test_prices_in_pesos_count_in_dollars_in_the_imported_total(tmp_path):
    import_data(tmp_path, catalog_with_figures())

    program = Program.objects.with_totals().get()

    # 6125 / 20.48 = 299.07, 150, the 600 exam course, and the fee 2000 / 20.48 = 97.66
    assert program.total_price == Decimal("299.07") + Decimal("150.00") + Decimal("600.00") + Decimal("97.66")
    assert program.total_converted is True


def test_a_file_without_the_new_keys_gets_their_defaults(tmp_path):
    import_data(tmp_path, small_catalog())

    course = Course.objects.get(position=1)
    pathway = CreditPathway.objects.get()
    assert (course.price_currency, course.price_usd, course.price_history, course.figure_sources) == (
        "USD",
        Decimal("150.00"),
        [],
        {},
    )
    assert (Program.objects.get().exam_fee_currency, Degree.objects.get().tuition_history) == ("USD", [])
    assert (pathway.degree_name_as_listed, pathway.degree_name_lister, pathway.figure_sources) == ("", "", {})
    assert ExchangeRate.objects.count() == 0


def test_a_rate_is_upserted_by_currency_and_date_and_converts_again(tmp_path, capsys):
    import_data(tmp_path, catalog_with_figures())
    data = catalog_with_figures()
    data["exchange_rates"][1]["units_per_usd"] = "24.500000"
    capsys.readouterr()

    import_data(tmp_path, data)

    assert ExchangeRate.objects.count() == 2
    assert Course.objects.get(position=1).price_usd == Decimal("250.00")  # 6125 / 24.5
    assert "exchange_rates: 0 created, 1 updated, 1 unchanged" in capsys.readouterr().out


# The write, whatever the database says


def test_a_row_the_database_refuses_is_reported_by_record_not_as_a_traceback(tmp_path, monkeypatch):
    def refuse(self, *args, **kwargs):
        raise IntegrityError('duplicate key value violates unique constraint "catalog_program_slug_key"')

    monkeypatch.setattr(Program, "save", refuse)

    with pytest.raises(CommandError) as error:
        import_data(tmp_path, small_catalog())

    assert (
        "programs[0] ('mitx-scm'): the database refused it (duplicate key value violates unique constraint"
        in str(error.value)
    )
    assert Source.objects.count() == 0


def test_only_if_empty_is_decided_once_the_import_holds_the_lock(tmp_path):
    import_data(tmp_path, small_catalog())
    data = small_catalog()
    data["programs"][0]["title"] = "Changed"

    assert write_catalog(read_catalog(data), only_if_empty=True) is None
    assert Program.objects.get().title == "Supply Chain Management"


def test_an_import_gives_the_catalog_one_new_version_for_the_whole_file(tmp_path, capsys):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from catalog.caching import catalog_version
    from catalog.models import CatalogVersion

    table = CatalogVersion._meta.db_table
    before = catalog_version()
    with CaptureQueriesContext(connection) as first:
        import_data(tmp_path, small_catalog())
    imported = catalog_version()
    with CaptureQueriesContext(connection) as again:
        import_data(tmp_path, small_catalog())

    def new_tokens(queries):
        # Writes of the version row that set a token (the import lock rewrites the row unchanged).
        return [
            query["sql"]
            for query in queries
            if table in query["sql"]
            and query["sql"].split()[0] in ("INSERT", "UPDATE")
            and f'"token" = "{table}"."token"' not in query["sql"]
        ]

    assert len(new_tokens(first.captured_queries)) == 1  # not one per source, program and course saved
    assert imported != before
    assert new_tokens(again.captured_queries) == []  # an unchanged file changes nothing
    assert catalog_version() == imported
