"""Change history (catalog/history.py): who changed what and when, a replaced price kept as
"was ...", and imports that write their history in bulk."""

import datetime
import io
import json
from decimal import Decimal

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from catalog.models import Course, CreditPathway, Degree, Program
from tests.catalog.admin_pages import admin_url, form_as_opened, staff
from tests.catalog.catalog_files import small_catalog


def test_a_price_changed_in_the_admin_is_in_history_on_the_page_as_was_and_in_the_feed(
    admin_client, make_program
):
    program = make_program(courses=[{"price": Decimal("150"), "price_year": 2020, "weeks": 4}])
    course = program.courses.get()
    course.figure_sources = {"price": []}
    course.save()
    change = admin_url(Program, "change", program.pk)
    opened = admin_client.get(change)

    response = admin_client.post(
        change, form_as_opened(opened, **{"courses-0-price": "175.00", "courses-0-price_year": "2026"})
    )

    course.refresh_from_db()
    assert response.status_code == 302
    assert (course.price, course.price_year) == (Decimal("175.00"), 2026)
    assert course.price_history == [{"amount": "150.00", "currency": "USD", "year": 2020, "sources": []}]
    versions = list(course.history.order_by("-history_id"))
    assert (versions[0].price, versions[1].price) == (Decimal("175.00"), Decimal("150.00"))
    assert versions[0].history_user == staff(admin_client)
    page = admin_client.get(reverse("catalog:program_detail", args=[program.slug])).content.decode()
    assert "was $150 in 2020" in strip_tags(page)  # the figures are wrapped to keep them whole
    assert "$175" in page
    assert f'Last changed in this catalog on <time datetime="{timezone.localdate():%Y-%m-%d}">' in page
    feed = admin_client.get(reverse("catalog:changes_feed")).content.decode()
    assert (
        f"Price changed: {course.title}, {program.title}" in feed
        or f"Price changed: Course 1, {program.title}" in feed
    )
    assert "Now $175 (2026); was $150 in 2020." in feed


def test_a_page_is_dated_by_the_newest_change_among_its_records(
    client, make_program, make_degree, make_pathway
):
    program = make_program(courses=[{"price": Decimal("100")}])
    degree = make_degree()
    make_pathway(program=program, degree=degree)

    def changed_on(history, year, month, day):
        history.update(history_date=datetime.datetime(year, month, day, 12, tzinfo=datetime.UTC))

    changed_on(Program.history.filter(id=program.pk), 2021, 1, 5)
    changed_on(Course.history.filter(program_id=program.pk), 2023, 3, 4)
    changed_on(CreditPathway.history.filter(program_id=program.pk), 2022, 6, 1)
    changed_on(Degree.history.filter(id=degree.pk), 2020, 2, 2)

    program_page = client.get(reverse("catalog:program_detail", args=[program.slug])).content.decode()
    degree_page = client.get(reverse("catalog:degree_detail", args=[degree.slug])).content.decode()

    # The program: its course's change; the degree: the pathway into it (its course is not the degree's).
    assert 'Last changed in this catalog on <time datetime="2023-03-04">4 March 2023</time>' in program_page
    assert 'Last changed in this catalog on <time datetime="2022-06-01">1 June 2022</time>' in degree_page


def test_a_record_without_history_shows_no_last_change(client, make_program):
    program = make_program(courses=[{"price": Decimal("100")}])
    Program.history.all().delete()
    Course.history.all().delete()

    page = client.get(reverse("catalog:program_detail", args=[program.slug])).content.decode()

    assert 'id="last-changed"' not in page


def test_a_year_confirmed_without_a_new_amount_adds_no_previous_price(admin_client, make_program):
    program = make_program(courses=[{"price": Decimal("150"), "price_year": 2020}])
    change = admin_url(Program, "change", program.pk)

    admin_client.post(change, form_as_opened(admin_client.get(change), **{"courses-0-price_year": "2026"}))

    assert Course.objects.get(program=program).price_history == []


def test_a_tuition_changed_in_the_degree_form_is_kept_as_the_previous_tuition(admin_client, make_degree):
    degree = make_degree(tuition_amount=Decimal("20000"), tuition_year=2021)
    change = admin_url(Degree, "change", degree.pk)

    admin_client.post(change, form_as_opened(admin_client.get(change), tuition_amount="23000"))

    degree.refresh_from_db()
    assert degree.tuition_amount == Decimal("23000")
    assert degree.tuition_history == [{"amount": "20000.00", "currency": "USD", "year": 2021, "sources": []}]


def test_an_editor_writing_the_history_themselves_is_taken_at_their_word(admin_client, make_program):
    program = make_program(courses=[{"price": Decimal("150"), "price_year": 2020}])
    course = program.courses.get()
    change = admin_url(Course, "change", course.pk)

    theirs = [{"amount": "120.00", "currency": "USD", "year": 2018, "sources": []}]

    admin_client.post(
        change, form_as_opened(admin_client.get(change), price="99", price_history=json.dumps(theirs))
    )

    course.refresh_from_db()
    assert course.price == Decimal("99")
    assert course.price_history == theirs


def test_the_history_page_lists_who_changed_what(admin_client, make_program):
    program = make_program(title="Before")
    change = admin_url(Program, "change", program.pk)
    admin_client.post(change, form_as_opened(admin_client.get(change), title="After"))

    response = admin_client.get(admin_url(Program, "history", program.pk))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Before" in html
    assert "After" in html
    assert "admin" in html


def test_an_import_writes_its_history_in_a_few_bulk_inserts_not_one_per_row(db, tmp_path):
    data = small_catalog()
    template = data["programs"][0]
    data["programs"] = [{**template, "slug": f"program-{n}", "title": f"Program {n}"} for n in range(40)]
    data["pathways"] = []
    path = tmp_path / "catalog.json"
    path.write_text(json.dumps(data), encoding="utf-8")

    with CaptureQueriesContext(connection) as queries:
        call_command("import_catalog", str(path), stdout=io.StringIO())

    history_inserts = [q["sql"] for q in queries.captured_queries if 'INTO "catalog_historical' in q["sql"]]
    assert Program.history.count() == Program.objects.count() == 40
    assert Course.history.count() == Course.objects.count() == 120
    assert {row.history_change_reason for row in Program.history.all()} == {"catalog import"}
    assert {row.history_type for row in Program.history.all()} == {"+"}
    # Batches of many rows each (SQLite caps the values of one statement), never one insert per row.
    rows = sum(model.history.count() for model in (Program, Course, Degree))
    assert len(history_inserts) * 10 <= rows


def test_a_second_import_records_the_changed_rows_as_changes(db, tmp_path):
    data = small_catalog()
    path = tmp_path / "catalog.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    call_command("import_catalog", str(path), stdout=io.StringIO())
    data["programs"][0]["courses"][0]["price"] = "175.00"
    path.write_text(json.dumps(data), encoding="utf-8")

    call_command("import_catalog", str(path), stdout=io.StringIO())

    changed = Course.history.filter(history_type="~")
    assert [(row.position, row.price) for row in changed] == [(1, Decimal("175.00"))]


def test_an_import_with_a_new_verified_date_forgets_who_checked_before(db, tmp_path, django_user_model):
    data = small_catalog()
    path = tmp_path / "catalog.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    call_command("import_catalog", str(path), stdout=io.StringIO())
    editor = django_user_model.objects.create_user("editor", password="editor-password-1")
    Program.objects.update(verified_by=editor)
    Degree.objects.update(verified_by=editor)
    data["programs"][0]["verified_on"] = "2026-11-30"
    path.write_text(json.dumps(data), encoding="utf-8")

    call_command("import_catalog", str(path), stdout=io.StringIO())

    assert Program.objects.get().verified_by is None  # re-dated by the file
    assert Degree.objects.get().verified_by == editor  # the file kept its date
