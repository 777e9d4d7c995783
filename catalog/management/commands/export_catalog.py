import json
from pathlib import Path

from django.core.management.base import BaseCommand

from catalog.catalog_file import export_catalog


class Command(BaseCommand):
    help = (
        "Write the whole catalog in the import format (docs/catalog-format.md), to PATH or standard output."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, nargs="?")

    def handle(self, *args, path, **options):
        text = json.dumps(export_catalog(), indent=2, ensure_ascii=False) + "\n"
        if path is None:
            self.stdout.write(text, ending="")
        else:
            path.write_text(text, encoding="utf-8")
            self.stderr.write(f"Wrote {path}.")
