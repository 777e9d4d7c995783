"""On PostgreSQL, one stored search document per program, kept current by triggers (catalog/search.py).

The table `catalog_program_search` (the `ProgramSearchRow` model's, as on SQLite) holds a program's
id (`rowid`) and its `tsvector` (in the column named like the table, which on SQLite is FTS5's
hidden column). Each word carries the weight label of where it came from: A the title, B the
university's name and edX code and the field's name, C the courses' titles and codes, D the
summary; each text with punctuation as spaces, under the `catalog_search` configuration of
migration 0008. A search then reads one GIN index, and ranks from the labels.

Statement triggers keep the rows current: they see every row a statement wrote (bulk inserts,
queryset updates and deletes, COPY) and rewrite the documents of the programs it touched, once
each. TRUNCATE fires no row trigger, so the catalog's tables have TRUNCATE triggers too (a test
database is emptied so between tests). Foreign keys are checked at commit: the documents are
built with outer joins, and a university or field inserted after its programs rewrites them.

The per-table GIN indexes of migration 0008 served the search this replaces, and go.
SQLite needs none of this: its search table is made after migrating (`install_sqlite_search`).
"""

from importlib import import_module

from django.db import migrations

TABLE = "catalog_program_search"


def words(text):
    """SQL for the text's words: punctuation as spaces, accents and case folded, no stemming."""
    return f"to_tsvector('catalog_search', regexp_replace(coalesce({text}, ''), '[[:punct:]]+', ' ', 'g'))"


COURSES = (
    "(SELECT string_agg(c.title || ' ' || c.code, ' ' ORDER BY c.position) "
    "FROM catalog_course c WHERE c.program_id = p.id)"
)
NAMES = "concat_ws(' ', u.name, u.short_name, f.name)"
# Highest weight first: a document past 16,383 positions keeps the first ones.
DOCUMENT = " || ".join(
    [
        f"setweight({words('p.title')}, 'A')",
        f"setweight({words(NAMES)}, 'B')",
        f"setweight({words(COURSES)}, 'C')",
        f"setweight({words('p.summary')}, 'D')",
    ]
)

WRITE = f"""
CREATE FUNCTION {TABLE}_write(programs bigint[]) RETURNS void LANGUAGE sql AS $$
    -- Wait for a transaction rewriting the same documents; the statements below then read what it
    -- committed (each statement of a volatile function reads afresh).
    SELECT FROM {TABLE} WHERE rowid = ANY(programs) ORDER BY rowid FOR UPDATE;
    DELETE FROM {TABLE} s
    WHERE s.rowid = ANY(programs) AND NOT EXISTS (SELECT FROM catalog_program p WHERE p.id = s.rowid);
    INSERT INTO {TABLE} (rowid, {TABLE})
    SELECT p.id, {DOCUMENT}
    FROM catalog_program p
    LEFT JOIN catalog_university u ON u.id = p.university_id
    LEFT JOIN catalog_field f ON f.id = p.field_id
    WHERE p.id = ANY(programs)
    ON CONFLICT (rowid) DO UPDATE SET {TABLE} = EXCLUDED.{TABLE};
$$
"""


def changed(columns):
    """The rows of an UPDATE (new_rows, old_rows, matched by id) where one of `columns` changed."""
    new = ", ".join(f"n.{column}" for column in columns)
    old = ", ".join(f"o.{column}" for column in columns)
    return f"new_rows n FULL JOIN old_rows o ON o.id = n.id WHERE ({new}) IS DISTINCT FROM ({old})"


ALL_PROGRAMS = "ARRAY(SELECT id FROM catalog_program)"

# Per table: the PL/pgSQL run after each INSERT, UPDATE, DELETE and TRUNCATE statement.
FOLLOW = {
    "catalog_program": {
        "INSERT": f"PERFORM {TABLE}_write(ARRAY(SELECT id FROM new_rows));",
        "UPDATE": (
            f"PERFORM {TABLE}_write(ARRAY(SELECT coalesce(n.id, o.id) FROM "
            f"{changed(['title', 'summary', 'university_id', 'field_id'])}));"
        ),
        "DELETE": f"DELETE FROM {TABLE} WHERE rowid IN (SELECT id FROM old_rows);",
        "TRUNCATE": f"TRUNCATE {TABLE};",
    },
    "catalog_course": {
        "INSERT": f"PERFORM {TABLE}_write(ARRAY(SELECT DISTINCT program_id FROM new_rows));",
        "UPDATE": (
            f"PERFORM {TABLE}_write(ARRAY(SELECT DISTINCT unnest(ARRAY[n.program_id, o.program_id]) FROM "
            f"{changed(['title', 'code', 'program_id'])}));"
        ),
        "DELETE": f"PERFORM {TABLE}_write(ARRAY(SELECT DISTINCT program_id FROM old_rows));",
        "TRUNCATE": f"PERFORM {TABLE}_write({ALL_PROGRAMS});",
    },
}
for table, key, columns in [
    ("catalog_university", "university_id", ["name", "short_name"]),
    ("catalog_field", "field_id", ["name"]),
]:
    programs_of = f"SELECT p.id FROM catalog_program p WHERE p.{key} IN"
    FOLLOW[table] = {
        "INSERT": f"PERFORM {TABLE}_write(ARRAY({programs_of} (SELECT id FROM new_rows)));",
        "UPDATE": (
            f"PERFORM {TABLE}_write(ARRAY({programs_of} "
            f"(SELECT unnest(ARRAY[n.id, o.id]) FROM {changed(columns)})));"
        ),
        "DELETE": f"PERFORM {TABLE}_write(ARRAY({programs_of} (SELECT id FROM old_rows)));",
        "TRUNCATE": f"PERFORM {TABLE}_write({ALL_PROGRAMS});",
    }

TRANSITIONS = {  # the rows each statement wrote, as tables
    "INSERT": ["REFERENCING NEW TABLE AS new_rows"],
    "UPDATE": ["REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows"],
    "DELETE": ["REFERENCING OLD TABLE AS old_rows"],
    "TRUNCATE": [],
}


def function_name(table):
    return f"{TABLE}_follow_{table.removeprefix('catalog_')}"


def trigger_function(table):
    branches = "\n    ELS".join(
        f"IF TG_OP = '{operation}' THEN\n        {body}" for operation, body in FOLLOW[table].items()
    )
    return (
        f"CREATE FUNCTION {function_name(table)}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
        f"BEGIN\n    {branches}\n    END IF;\n    RETURN NULL;\nEND\n$$"
    )


def trigger_name(table, operation):
    return f"{TABLE}_after_{table.removeprefix('catalog_')}_{operation.lower()}"


CREATE = [
    f"CREATE TABLE {TABLE} (rowid bigint PRIMARY KEY, {TABLE} tsvector NOT NULL)",
    f"CREATE INDEX program_document_search_idx ON {TABLE} USING gin ({TABLE})",
    # PostgreSQL estimates how many documents a prefix ("robot:*") finds from the most common words
    # ANALYZE keeps, and only with a hundred of them: more than the default target keeps of a
    # catalog whose texts repeat few words, where a plan for 2% of rows then reads them all.
    f"ALTER TABLE {TABLE} ALTER COLUMN {TABLE} SET STATISTICS 1000",
    WRITE,
    *(trigger_function(table) for table in FOLLOW),
    *(
        " ".join(
            [
                f"CREATE TRIGGER {trigger_name(table, operation)} AFTER {operation} ON {table}",
                *TRANSITIONS[operation],
                f"FOR EACH STATEMENT EXECUTE FUNCTION {function_name(table)}()",
            ]
        )
        for table in FOLLOW
        for operation in FOLLOW[table]
    ),
    f"SELECT {TABLE}_write({ALL_PROGRAMS})",
]
DROP = [
    *(
        f"DROP TRIGGER {trigger_name(table, operation)} ON {table}"
        for table in FOLLOW
        for operation in FOLLOW[table]
    ),
    *(f"DROP FUNCTION {function_name(table)}()" for table in FOLLOW),
    f"DROP FUNCTION {TABLE}_write(bigint[])",
    f"DROP TABLE {TABLE}",
]


# Migration 0008's indexes, dropped here and put back on the way back.
PER_TABLE_INDEXES = import_module(
    "catalog.migrations.0008_search_with_prefixes_and_folded_accents"
).NEW_INDEXES


def store_search_documents(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in CREATE:
        schema_editor.execute(statement, params=None)
    for model_name, index in PER_TABLE_INDEXES:
        schema_editor.remove_index(apps.get_model("catalog", model_name), index)


def search_per_table(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model_name, index in PER_TABLE_INDEXES:
        schema_editor.add_index(apps.get_model("catalog", model_name), index)
    for statement in DROP:
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0012_figures_candidate_order_index"),
    ]

    operations = [
        migrations.RunPython(store_search_documents, search_per_table, elidable=False),
    ]
