"""On PostgreSQL, each program's search row keeps its title beside its document, so that a search's
page can be ordered (relevance, then title) on the search rows alone and joined to the programs for
its twenty only. The write function of migration 0013 writes it too; its triggers already rewrite
a program's row when its title changes. SQLite's FTS5 table has held the title from the start
(`search.FTS_COLUMNS`), under the same column name.
"""

from importlib import import_module

from django.db import migrations, models

search_document = import_module("catalog.migrations.0013_program_search_document")
TABLE = search_document.TABLE

WRITE_WITH_TITLE = (
    search_document.WRITE.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION")
    .replace(
        f"INSERT INTO {TABLE} (rowid, {TABLE})\n    SELECT p.id, {search_document.DOCUMENT}",
        f"INSERT INTO {TABLE} (rowid, {TABLE}, title)\n    SELECT p.id, {search_document.DOCUMENT}, p.title",
    )
    .replace(
        f"ON CONFLICT (rowid) DO UPDATE SET {TABLE} = EXCLUDED.{TABLE};",
        f"ON CONFLICT (rowid) DO UPDATE SET {TABLE} = EXCLUDED.{TABLE}, title = EXCLUDED.title;",
    )
)
WRITE_WITHOUT_TITLE = search_document.WRITE.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION")


def store_titles(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"ALTER TABLE {TABLE} ADD COLUMN title varchar(200) NOT NULL DEFAULT ''")
    schema_editor.execute(WRITE_WITH_TITLE, params=None)
    schema_editor.execute(f"SELECT {TABLE}_write({search_document.ALL_PROGRAMS})", params=None)


def drop_titles(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(WRITE_WITHOUT_TITLE, params=None)
    schema_editor.execute(f"ALTER TABLE {TABLE} DROP COLUMN title")


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0015_figures_field"),
    ]

    operations = [
        # The model is unmanaged: this records the field, the function below makes the column.
        migrations.AddField(
            model_name="programsearchrow",
            name="title",
            field=models.CharField(editable=False, max_length=200, default=""),
            preserve_default=False,
        ),
        migrations.RunPython(store_titles, drop_titles, elidable=False),
    ]
