"""On PostgreSQL, an index of the programs' ids with their titles included (a covering index): a
search orders the few hundred programs it found by title, and reads those titles from this index
instead of hashing every program's row. SQLite has no covering indexes and needs none (it reads the
programs found by their rowid); the models declare no such index, so that SQLite's system checks do
not warn of one they would ignore."""

from django.db import migrations

INDEX = "program_id_title_idx"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE INDEX {INDEX} ON catalog_program (id) INCLUDE (title)")


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0013_program_search_document"),
    ]

    operations = [
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]
