import io
import math
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, Max, Min

from catalog.models import Course, CreditPathway, Degree, Field, Program, Source, University

pytestmark = pytest.mark.django_db


def seed(*args):
    out = io.StringIO()
    call_command("seed_synthetic", *args, stdout=out)
    return out.getvalue()


def snapshot():
    """What a seed produced, without the ids, each table sorted in Python by its unique key."""
    courses = Course.objects.values_list("program__slug", "position", "title", "kind", "price", "weeks")
    return (
        sorted(Program.objects.values_list("slug", "title", "months_max", "published_total")),
        [course[2:] for course in sorted(courses, key=lambda course: course[:2])],
        sorted(CreditPathway.objects.values_list("slug", "share_min", "credits_granted")),
    )


def test_fifty_programs_come_with_universities_fields_courses_degrees_and_pathways():
    output = seed("--programs", "50", "--seed", "7")

    assert "Seeded 50 programs" in output
    assert Program.objects.count() == 50
    assert University.objects.count() == math.ceil(50 / 8)
    assert Field.objects.count() == 20
    assert Degree.objects.count() == round(50 / 3)
    per_program = Program.objects.annotate(n=Count("courses")).aggregate(low=Min("n"), high=Max("n"))
    assert per_program == {"low": 4, "high": 7}  # 4-6 courses, plus a proctored exam for some
    with_pathway = Program.objects.filter(pathways__isnull=False).distinct().count()
    assert 0.4 <= with_pathway / 50 <= 0.8
    assert Course.objects.filter(kind="elective").exists()
    assert Course.objects.filter(kind__in=["capstone", "exam"]).exists()
    assert Course.prerequisites.through.objects.exists()
    assert Program.sources.through.objects.count() >= 50


def test_every_row_is_named_as_synthetic():
    seed("--programs", "50", "--seed", "7")

    assert all(slug.startswith("synthetic-") for slug in Program.objects.values_list("slug", flat=True))
    assert all(
        title.startswith("Synthetic MicroMasters in ")
        for title in Program.objects.values_list("title", flat=True)
    )
    assert all(
        name.startswith("Synthetic University ") for name in University.objects.values_list("name", flat=True)
    )
    assert not Degree.objects.exclude(slug__startswith="synthetic-").exists()
    assert not CreditPathway.objects.exclude(slug__startswith="synthetic-").exists()
    assert not Source.objects.exclude(key__startswith="synthetic-").exists()


def test_seeded_rows_pass_validation_and_stay_in_realistic_ranges():
    seed("--programs", "50", "--seed", "11")

    for model in (University, Field, Program, Degree, CreditPathway, Source):
        for row in model.objects.all():
            row.full_clean()
    for course in Course.objects.order_by("?")[:60]:
        course.full_clean()
    prices = Course.objects.filter(price__isnull=False).aggregate(low=Min("price"), high=Max("price"))
    assert prices["low"] >= 49 and prices["high"] <= 450
    weeks = Course.objects.aggregate(low=Min("weeks"), high=Max("weeks"))
    assert weeks["low"] >= 4 and weeks["high"] <= 14
    # Computed here, not with share_expression(): on SQLite it divides whole credits as integers.
    shares = [
        pathway.credits_granted / pathway.credits_required if pathway.credits_granted else pathway.share_min
        for pathway in CreditPathway.objects.all()
    ]
    assert all(Decimal("0.2") <= share <= Decimal("0.5") for share in shares)
    assert all(
        pathway.share_max is None or pathway.share_max <= Decimal("0.5")
        for pathway in CreditPathway.objects.all()
    )
    totals = Degree.objects.filter(tuition_unit="total").values_list("tuition_amount", flat=True)
    assert all(10_000 <= amount <= 80_000 for amount in totals)
    assert set(Degree.objects.exclude(tuition_currency="").values_list("tuition_currency", flat=True)) <= {
        "USD",
        "EUR",
    }


def test_most_programs_get_totals():
    seed("--programs", "50", "--seed", "3")

    programs = list(Program.objects.with_totals())

    assert sum(program.total_price is not None for program in programs) >= 0.8 * len(programs)
    assert sum(program.price_from is not None for program in programs) >= 0.8 * len(programs)
    assert sum(program.total_weeks is not None for program in programs) >= 0.5 * len(programs)
    assert sum(program.calendar_months_max is not None for program in programs) >= 0.7 * len(programs)


def test_the_same_seed_gives_the_same_rows_and_replaces_the_earlier_ones():
    seed("--programs", "50", "--seed", "5")
    first = snapshot()

    output = seed("--programs", "50", "--seed", "5")

    assert "Removed 50 earlier synthetic program(s)" in output
    assert snapshot() == first
    seed("--programs", "50", "--seed", "6")
    assert snapshot() != first


def test_it_refuses_to_mix_with_the_real_catalog_unless_forced(make_program):
    real = make_program(slug="mitx-real-program")

    with pytest.raises(CommandError, match="not synthetic"):
        seed("--programs", "10", "--seed", "1")
    assert Program.objects.count() == 1

    seed("--programs", "10", "--seed", "1", "--force")
    assert Program.objects.count() == 11
    assert Program.objects.filter(pk=real.pk).exists()


def test_it_needs_at_least_one_program():
    with pytest.raises(CommandError, match="at least 1"):
        seed("--programs", "0")
