"""The stored program figures follow every write, exactly as a full rebuild would compute them."""

import io
import threading
import time
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from catalog import program_figures
from catalog.catalog_file import export_catalog, read_catalog, write_catalog
from catalog.models import Course, CreditPathway, ExchangeRate, Program, ProgramFigures

pytestmark = pytest.mark.django_db


def stored():
    return {
        row[0]: row[1:] for row in ProgramFigures.objects.values_list("program_id", *ProgramFigures.WRITTEN)
    }


def figures_of(program):
    return ProgramFigures.objects.get(program=program)


def rebuild():
    out = io.StringIO()
    call_command("rebuild_program_figures", stdout=out)
    return out.getvalue()


def test_a_program_and_its_courses_and_pathways_keep_their_figures_current(make_program, make_pathway):
    program = make_program(
        course_count=2,
        exam_fee=Decimal(50),
        courses=[{"price": Decimal(100), "weeks": 4}, {"price": Decimal(150)}],
    )
    # 100 + 150 + the 50 fee; one course has no weeks, so no total weeks
    assert (figures_of(program).total_price, figures_of(program).total_weeks) == (Decimal(300), None)

    second = program.courses.get(position=2)
    second.price, second.weeks = Decimal(200), 6
    second.save()
    assert (figures_of(program).total_price, figures_of(program).total_weeks) == (Decimal(350), 10)
    assert figures_of(program).calendar_months_max == 3  # 10 weeks, rounded up to whole months

    program.exam_fee = None
    program.save()
    assert figures_of(program).price_from == Decimal(300)

    second.delete()  # the courses listed no longer cover the two required: no sum
    assert figures_of(program).total_price is None

    assert figures_of(program).has_pathway is False
    pathway = make_pathway(program=program, credits_granted=Decimal(12), credits_required=Decimal(30))
    assert (figures_of(program).has_pathway, figures_of(program).best_credit_share) == (True, Decimal("0.4"))

    CreditPathway.objects.filter(pk=pathway.pk).update(status="retired")  # a bulk write: no signals
    assert (figures_of(program).has_pathway, figures_of(program).best_credit_share) == (False, None)


def test_a_program_moved_to_another_field_takes_the_copy_beside_its_figures_along(make_program, make_field):
    program = make_program(courses=[{"price": Decimal(100)}])
    other, third = make_field(), make_field()

    program.field = other
    program.save()
    assert figures_of(program).field_id == other.pk

    Program.objects.filter(pk=program.pk).update(field=third)  # a bulk write: no signals
    assert figures_of(program).field_id == third.pk
    assert "0 had changed" in rebuild()


def test_a_course_moved_to_another_program_changes_the_figures_of_both(make_program):
    first = make_program(courses=[{"price": Decimal(100)}, {"price": Decimal(40)}])
    second = make_program(courses=[{"price": Decimal(10)}])
    moved = Course.objects.get(program=first, position=2)

    moved.program, moved.position = second, 2
    moved.save()

    assert figures_of(first).total_price == Decimal(100)
    assert figures_of(second).total_price == Decimal(50)


def test_deleting_a_program_takes_its_figures_with_it(make_program):
    program = make_program(courses=[{"price": Decimal(100)}])
    other = make_program(courses=[{"price": Decimal(70)}])

    program.delete()

    assert stored().keys() == {other.pk}


def test_a_save_and_its_figures_commit_together(make_program, monkeypatch):
    program = make_program(courses=[{"price": Decimal(100)}])
    course = program.courses.get()

    def fail(*args, **kwargs):
        raise RuntimeError("figures could not be written")

    monkeypatch.setattr(program_figures, "write_figures", fail)
    course.price = Decimal(999)
    with pytest.raises(RuntimeError):
        course.save()

    assert Course.objects.get().price == Decimal(100)  # the save was rolled back with the figures
    assert figures_of(program).total_price == Decimal(100)


def test_after_any_series_of_edits_a_rebuild_finds_nothing_to_change(real_catalog):
    before = stored()
    assert len(before) == Program.objects.count()
    priced = Program.objects.filter(courses__price__isnull=False).distinct().order_by("slug")
    edited, trimmed, removed = priced[0], priced[1], priced[2]

    # Admin-like saves through the ORM: a program, a course, a pathway.
    edited.exam_fee, edited.exam_fee_currency = Decimal(75), "USD"
    edited.save()
    course = edited.courses.order_by("position").first()
    course.price = (course.price or 0) + Decimal(10)
    course.save()
    Course.objects.create(program=edited, position=99, kind="elective", price=Decimal(5))
    pathway = CreditPathway.objects.order_by("slug").first()
    pathway.credits_granted, pathway.credits_required = Decimal(1), Decimal(3)
    pathway.save()
    # Deletes: a course, a pathway, a whole program.
    trimmed.courses.order_by("position").last().delete()
    CreditPathway.objects.order_by("-slug").first().delete()
    removed.delete()
    # An exchange rate changed, then one deleted: every program priced in its currency moves.
    foreign = Course.objects.exclude(price_currency="USD").values("price_currency")
    rate = ExchangeRate.objects.filter(currency__in=foreign).order_by("currency", "-date").first()
    rate.units_per_usd *= 2
    rate.save()
    ExchangeRate.objects.filter(currency__in=foreign).order_by("currency", "date").first().delete()
    # A bulk update, and an import of the catalog with one price changed.
    Course.objects.filter(program=trimmed).update(weeks=5)
    data = export_catalog()
    record = next(program for program in data["programs"] if program["courses"])
    record["courses"][0]["price"] = "1234.00"
    write_catalog(read_catalog(data))

    incremental = stored()
    assert incremental != before
    assert incremental[edited.pk] != before[edited.pk]
    assert removed.pk not in incremental

    assert rebuild().endswith("0 had changed.\n")
    assert stored() == incremental


def test_a_rebuild_repairs_figures_changed_behind_the_sites_back(make_program):
    program = make_program(courses=[{"price": Decimal(100)}])
    ProgramFigures.objects.filter(program=program).update(total_price=Decimal(1), price_from=None)

    assert rebuild() == "Rewrote the figures of 1 program(s); 1 had changed.\n"
    assert (figures_of(program).total_price, figures_of(program).price_from) == (Decimal(100), Decimal(100))


@pytest.mark.django_db(transaction=True)
def test_two_edits_of_one_program_at_once_leave_figures_with_both(make_program):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writing transaction at a time; PostgreSQL runs them together")
    program = make_program(course_count=2, courses=[{"price": Decimal(100)}, {"price": Decimal(100)}])
    first_saved, release_first = threading.Event(), threading.Event()

    def edit(position, price, *, hold=False):
        try:
            with transaction.atomic():
                course = Course.objects.get(program=program, position=position)
                course.price = price
                course.save()
                if hold:  # uncommitted while the other edit computes its figures
                    first_saved.set()
                    release_first.wait(10)
        finally:
            connection.close()

    first = threading.Thread(target=edit, args=(1, Decimal(300)), kwargs={"hold": True})
    first.start()
    first_saved.wait(10)
    second = threading.Thread(target=edit, args=(2, Decimal(500)))
    second.start()
    time.sleep(1)  # the second edit reaches its figures meanwhile
    release_first.set()
    first.join(10)
    second.join(10)

    assert figures_of(program).total_price == Decimal(800)  # 300 + 500: neither edit lost
