"""Fill the database with synthetic programs, to measure the site at a scale the real catalog never reaches.

Every row is plainly synthetic (names say so, slugs and source keys start with `synthetic-`) and
valid under the model constraints. Re-running replaces the previous synthetic rows; the real
catalog is never touched, and the command refuses to mix with it unless told to.
"""

import random
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from catalog.caching import bump_catalog_version
from catalog.exchange import refresh_usd_amounts
from catalog.management.synthetic import PREFIX, Seeder
from catalog.models import (
    Course,
    CreditPathway,
    Degree,
    Field,
    Program,
    ProgramFigures,
    ProgramSearchRow,
    Source,
    University,
)
from catalog.program_figures import write_figures


class Command(BaseCommand):
    help = (
        "Load N synthetic programs (with universities, fields, courses, degrees and credit pathways) "
        "for load tests. Replaces earlier synthetic rows; refuses when real programs are present."
    )

    def add_arguments(self, parser):
        parser.add_argument("--programs", type=int, required=True, help="How many programs to create.")
        parser.add_argument("--seed", type=int, default=None, help="Seed for the same rows every run.")
        parser.add_argument(
            "--force", action="store_true", help="Seed even when the database holds real programs."
        )

    def handle(self, *args, programs, seed, force, **options):
        if programs < 1:
            raise CommandError("--programs must be at least 1.")
        real = Program.objects.exclude(slug__startswith=PREFIX).count()
        if real and not force:
            raise CommandError(
                f"The database holds {real} program(s) that are not synthetic (the real catalog?). "
                "Seed a scratch database instead, or pass --force to add synthetic rows beside them."
            )
        if seed is None:
            seed = random.SystemRandom().randrange(10**6)
        started = time.perf_counter()
        with transaction.atomic():
            removed = delete_synthetic()
            counts = Seeder(random.Random(seed), timezone.localdate()).seed(programs)
            # Bulk inserts and raw deletes send no signals: the US-dollar prices the totals sum, the
            # program figures and the page cache's version are brought up to date here, once.
            refresh_usd_amounts()
            write_figures()
            bump_catalog_version()
        seconds = time.perf_counter() - started
        if removed:
            self.stdout.write(f"Removed {removed} earlier synthetic program(s).")
        summary = ", ".join(f"{count} {name}" for name, count in counts.items())
        self.stdout.write(f"Seeded {summary} in {seconds:.1f} s (seed {seed}).")
        started = time.perf_counter()
        settled = settle()
        self.stdout.write(f"{settled} in {time.perf_counter() - started:.1f} s.")


def settle() -> str:
    """Give the planner what a settled database has: statistics and, on PostgreSQL, a vacuum.

    VACUUM merges the rows just added into the GIN indexes (until then they sit in a pending list
    that every search scans) and marks the pages all-visible. It cannot run inside a transaction
    (as in tests), where ANALYZE alone is done.
    """
    settled_models = (Program, ProgramFigures, Course, CreditPathway, Degree, University, Field)
    links = (Course.prerequisites, Program.sources, Degree.sources, CreditPathway.sources)
    # The link tables too: without statistics PostgreSQL guesses hundreds of prerequisites per
    # course and hashes every course to join them.
    tables = [model._meta.db_table for model in settled_models]
    tables += [link.through._meta.db_table for link in links]
    if connection.vendor == "postgresql":
        tables.append(ProgramSearchRow._meta.db_table)  # the search documents (migration 0013)
    vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"{'VACUUM ANALYZE' if vacuum else 'ANALYZE'} {connection.ops.quote_name(table)}")
    return "Vacuumed and analyzed" if vacuum else "Analyzed"


def delete_synthetic() -> int:
    """Delete the earlier synthetic rows, dependents first, each table in one DELETE.

    `_raw_delete` skips the collector, which would load every row to send its post_delete
    signal (the page cache listens); one catalog version bump after the seed stands for them all.
    """
    count = Program.objects.filter(slug__startswith=PREFIX).count()
    querysets = [
        Course.prerequisites.through.objects.filter(from_course__program__slug__startswith=PREFIX),
        Course.prerequisites.through.objects.filter(to_course__program__slug__startswith=PREFIX),
        Program.sources.through.objects.filter(program__slug__startswith=PREFIX),
        Degree.sources.through.objects.filter(degree__slug__startswith=PREFIX),
        CreditPathway.sources.through.objects.filter(creditpathway__slug__startswith=PREFIX),
        CreditPathway.objects.filter(slug__startswith=PREFIX),
        Course.objects.filter(program__slug__startswith=PREFIX),
        ProgramFigures.objects.filter(program__slug__startswith=PREFIX),
        Program.objects.filter(slug__startswith=PREFIX),
        Degree.objects.filter(slug__startswith=PREFIX),
        University.objects.filter(slug__startswith=PREFIX),
        Field.objects.filter(slug__startswith=PREFIX),
        Source.objects.filter(key__startswith=PREFIX),
    ]
    for queryset in querysets:
        queryset._raw_delete(queryset.db)
    return count
