"""The shipped catalog: it imports, round-trips, and every admin page opens on it."""

import copy
import datetime
import io
import json
from decimal import Decimal

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse

from catalog.catalog_file import OPTIONAL
from catalog.models import ExchangeRate, Program, Source
from tests.catalog import expected
from tests.catalog.admin_pages import OUR_MODELS
from tests.conftest import FIXTURE

pytestmark = pytest.mark.django_db


def with_optional_keys(data):
    """The file as the export writes it: every optional key present, with its default when absent."""
    data = copy.deepcopy(data)
    data.setdefault("exchange_rates", [])
    for list_name in ("degrees", "programs", "pathways"):
        for record in data[list_name]:
            record.update({**copy.deepcopy(OPTIONAL[list_name]), **record})
    for program in data["programs"]:
        for course in program["courses"]:
            course.update({**copy.deepcopy(OPTIONAL["courses"]), **course})
    return data


def test_the_shipped_catalog_exports_exactly_as_it_was_imported(real_catalog, catalog_data):
    out = io.StringIO()

    call_command("export_catalog", stdout=out)

    assert json.loads(out.getvalue()) == with_optional_keys(catalog_data)


def test_importing_the_shipped_catalog_again_changes_nothing(real_catalog):
    out = io.StringIO()

    call_command("import_catalog", str(FIXTURE), stdout=out)

    for line in out.getvalue().splitlines():
        assert " 0 created, 0 updated" in line, line


def test_make_runs_quiet_load_reports_nothing_yet_loads_into_an_empty_database_only(db, catalog_data):
    first, again = io.StringIO(), io.StringIO()

    call_command("import_catalog", str(FIXTURE), "--if-empty", verbosity=0, stdout=first)
    Program.objects.filter(slug=catalog_data["programs"][0]["slug"]).update(title="Edited by staff")
    call_command("import_catalog", str(FIXTURE), "--if-empty", verbosity=0, stdout=again)

    assert first.getvalue() == again.getvalue() == ""
    assert Program.objects.count() == len(catalog_data["programs"])
    assert Program.objects.filter(title="Edited by staff").count() == 1


def test_every_program_total_matches_a_hand_computation_from_the_file(real_catalog, catalog_data):
    totals = {program.slug: program.total_price for program in Program.objects.with_totals()}

    for program in catalog_data["programs"]:
        assert totals[program["slug"]] == expected.total_price(program), program["slug"]


@pytest.mark.parametrize("model", OUR_MODELS, ids=lambda model: model.__name__)
def test_admin_pages_open_for_every_model_of_the_real_catalog(admin_client, real_catalog, model):
    prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    first = model.objects.order_by("pk").first() or a_first_row(model)

    changelist = admin_client.get(reverse(f"{prefix}_changelist"))
    add = admin_client.get(reverse(f"{prefix}_add"))
    change = admin_client.get(reverse(f"{prefix}_change", args=[first.pk]))

    assert (changelist.status_code, add.status_code, change.status_code) == (200, 200, 200)


def a_first_row(model):
    """A row for a model the shipped catalog may leave empty: the editors' group, an exchange rate."""
    if model is ExchangeRate:
        source = Source.objects.order_by("pk").first()
        return ExchangeRate.objects.create(
            currency="MXN", units_per_usd=Decimal("20.452"), date=datetime.date(2021, 9, 30), source=source
        )
    return admin.site._registry[model].model.objects.create(name="Editors")
