from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from catalog.catalog_file import (
    LOCK_WAIT_SECONDS,
    MAX_FILE_BYTES,
    CatalogInvalid,
    CatalogUnreadable,
    ImportFailed,
    load_catalog_file,
    read_catalog,
    write_catalog,
)
from catalog.models import Program

# Problems printed at most (reading a file stops at fewer, but every record may break a model rule):
# the rest are counted, as the first ones are what a fix starts from.
PROBLEMS_SHOWN = 200


class Command(BaseCommand):
    help = (
        "Load a catalog file (docs/catalog-format.md): check every record first, then upsert by slug "
        "in one transaction. A file with any problem changes nothing. Imports run one at a time: a "
        f"second one waits for the first. Files larger than {MAX_FILE_BYTES // (1024 * 1024)} MB are refused."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing when the database already holds programs."
        )
        parser.add_argument(
            "--wait",
            type=float,
            default=LOCK_WAIT_SECONDS,
            metavar="SECONDS",
            help=(
                "How long to wait for another import to finish before giving up "
                f"(default {LOCK_WAIT_SECONDS})."
            ),
        )

    quiet = False

    def handle(self, *args, path, if_empty, wait, **options):
        self.quiet = options["verbosity"] == 0  # `make run` loads the catalog without a report
        try:
            self.import_file(path, if_empty=if_empty, wait=wait)
        except DatabaseError as error:  # unreachable, or not migrated: not the file's fault
            raise CommandError(f"Cannot use the database: {str(error).strip()}") from None

    def import_file(self, path, *, if_empty, wait):
        if if_empty and Program.objects.exists():
            self.report("The catalog already holds programs; nothing imported.")
            return
        try:
            data = load_catalog_file(path)
        except CatalogUnreadable as error:
            raise CommandError(str(error)) from None
        try:
            summary = write_catalog(
                read_catalog(data),
                wait_seconds=wait,
                on_wait=lambda: self.stderr.write(
                    "Another catalog import is writing; waiting for it to finish."
                ),
                only_if_empty=if_empty,
            )
        except CatalogInvalid as invalid:
            problems = "\n".join(f"  - {problem}" for problem in invalid.problems[:PROBLEMS_SHOWN])
            more = len(invalid.problems) - PROBLEMS_SHOWN
            if more > 0:
                problems += f"\n  ... and {more} more"
            raise CommandError(
                f"{path} has {len(invalid.problems)} problem(s); nothing was imported:\n{problems}"
            ) from None
        except ImportFailed as failed:
            raise CommandError(str(failed)) from None
        if summary is None:
            self.report("The catalog already holds programs; nothing imported.")
            return
        for name, counts in summary.items():
            parts = ", ".join(
                f"{counts[key]} {key}"
                for key in ("created", "updated", "unchanged", "deleted")
                if counts[key] or key != "deleted"
            )
            self.report(f"{name}: {parts}")

    def report(self, line):
        if not self.quiet:
            self.stdout.write(line)
