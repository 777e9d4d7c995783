"""Recompute every program's stored figures from the facts (catalog/program_figures.py)."""

from django.core.management.base import BaseCommand
from django.db import transaction

from catalog.caching import bump_catalog_version
from catalog.models import ProgramFigures
from catalog.program_figures import write_figures


class Command(BaseCommand):
    help = (
        "Recompute every program's stored figures (totals, months, credit share) from its courses, "
        "pathways and the exchange rates, in one transaction. Every write already keeps them current; "
        "this is for a database changed behind the site's back (raw SQL, a restored dump)."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            before = set(ProgramFigures.objects.values_list(*["program_id", *ProgramFigures.WRITTEN]))
            written = write_figures()
            after = set(ProgramFigures.objects.values_list(*["program_id", *ProgramFigures.WRITTEN]))
            if after != before:
                bump_catalog_version()
        changed = len({row[0] for row in after - before})
        self.stdout.write(f"Rewrote the figures of {written} program(s); {changed} had changed.")
