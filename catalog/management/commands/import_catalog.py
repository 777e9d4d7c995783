import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from catalog.catalog_file import CatalogInvalid, read_catalog, write_catalog
from catalog.models import Program


class Command(BaseCommand):
    help = (
        "Load a catalog file (docs/catalog-format.md): check every record first, then upsert by slug "
        "in one transaction. A file with any problem changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing when the database already holds programs."
        )

    def handle(self, *args, path, if_empty, **options):
        if if_empty and Program.objects.exists():
            self.stdout.write("The catalog already holds programs; nothing imported.")
            return
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}") from None
        except UnicodeDecodeError:
            raise CommandError(f"{path} is not UTF-8 text.") from None
        except json.JSONDecodeError as error:
            raise CommandError(
                f"{path} is not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}."
            ) from None
        try:
            summary = write_catalog(read_catalog(data))
        except CatalogInvalid as invalid:
            problems = "\n".join(f"  - {problem}" for problem in invalid.problems)
            raise CommandError(
                f"{path} has {len(invalid.problems)} problem(s); nothing was imported:\n{problems}"
            ) from None
        for name, counts in summary.items():
            parts = ", ".join(
                f"{counts[key]} {key}"
                for key in ("created", "updated", "unchanged", "deleted")
                if counts[key] or key != "deleted"
            )
            self.stdout.write(f"{name}: {parts}")
