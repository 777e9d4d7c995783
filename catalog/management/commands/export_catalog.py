import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from catalog.catalog_file import CatalogInvalid, export_catalog


class Command(BaseCommand):
    help = (
        "Write the whole catalog in the import format (docs/catalog-format.md), to PATH or standard output. "
        "A catalog that could not import back as it stands is refused, with what to fix."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, nargs="?")

    def handle(self, *args, path, **options):
        try:
            catalog = export_catalog()
        except CatalogInvalid as invalid:
            problems = "\n".join(f"  - {problem}" for problem in invalid.problems)
            raise CommandError(
                "The catalog cannot be written as a file that imports back as it stands; nothing was "
                f"written. Fix these in the admin, then export again:\n{problems}"
            ) from None
        text = json.dumps(catalog, indent=2, ensure_ascii=False) + "\n"
        if path is None:
            self.stdout.write(text, ending="")
            return
        try:
            path.write_text(text, encoding="utf-8")
        except OSError as error:
            raise CommandError(f"Cannot write {path}: {error.strerror or error}.") from None
        self.stderr.write(f"Wrote {path}.")
