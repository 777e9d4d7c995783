"""Search that matches word prefixes with accents folded, on PostgreSQL (catalog/search.py).

A text search configuration `catalog_search` (unaccent, then the simple dictionary: no stemming, so
a prefix such as "cyber" still matches "cybersecurity") replaces the English one, and the GIN
indexes are rebuilt over it. Each indexed expression is the one catalog/search.py writes
(`document()`), so PostgreSQL can match the two: change both together; tests/catalog/test_indexes.py
checks that the plans use them. SQLite needs none of this: its search table is made after migrating
(`catalog.search.install_sqlite_search`).
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.operations import UnaccentExtension
from django.contrib.postgres.search import SearchVector
from django.db import migrations
from django.db.models import F, Func, TextField, Value

OLD_INDEXES = [
    ("program", GinIndex(SearchVector("title", "summary", config="english"), name="program_search_idx")),
    (
        "university",
        GinIndex(SearchVector("name", "short_name", config="english"), name="university_search_idx"),
    ),
    ("course", GinIndex(SearchVector("title", "code", config="english"), name="course_search_idx")),
]


def document(*fields):
    return SearchVector(
        *(
            Func(
                F(field),
                Value("[[:punct:]]+"),
                Value(" "),
                Value("g"),
                function="regexp_replace",
                output_field=TextField(),
            )
            for field in fields
        ),
        config="catalog_search",
    )


NEW_INDEXES = [
    ("program", GinIndex(document("title", "summary"), name="program_search_idx")),
    ("program", GinIndex(document("title"), name="program_title_search_idx")),  # relevance: title first
    ("university", GinIndex(document("name", "short_name"), name="university_search_idx")),
    ("course", GinIndex(document("title", "code"), name="course_search_idx")),
]
WORD_TOKENS = "word, hword, hword_part, numword, numhword, hword_numpart"


def use_folded_prefix_search(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE TEXT SEARCH CONFIGURATION catalog_search (COPY = simple)")
    schema_editor.execute(
        f"ALTER TEXT SEARCH CONFIGURATION catalog_search ALTER MAPPING FOR {WORD_TOKENS} WITH unaccent, simple"
    )
    for model_name, index in OLD_INDEXES:
        schema_editor.remove_index(apps.get_model("catalog", model_name), index)
    for model_name, index in NEW_INDEXES:
        schema_editor.add_index(apps.get_model("catalog", model_name), index)


def use_english_search(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model_name, index in NEW_INDEXES:
        schema_editor.remove_index(apps.get_model("catalog", model_name), index)
    for model_name, index in OLD_INDEXES:
        schema_editor.add_index(apps.get_model("catalog", model_name), index)
    schema_editor.execute("DROP TEXT SEARCH CONFIGURATION catalog_search")


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0007_history"),
    ]

    operations = [
        UnaccentExtension(),
        migrations.RunPython(use_folded_prefix_search, use_english_search, elidable=False),
    ]
