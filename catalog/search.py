"""Program search: everything about how typed words find programs, in one place.

`Program.objects.search(text)` filters to the matching programs and annotates `search_rank`
(higher is better); the programs list's FilterSet only calls it. On either database:

- the text is split into words of letters and digits, punctuation separating them, so a course
  code "CTL.SC1x" is the words "ctl" and "sc1x" and a slug "mitx-finance" is "mitx" and "finance";
- each word matches as a prefix of a word, case and accents folded: "cyber" finds
  "Cybersecurity", "montreal" finds "HEC Montréal", "MIT" finds "MITx";
- a program matches when every word is found in its title or summary, its university's name or
  edX organisation code, its field's name, or one of its courses' titles or codes;
- relevance weighs where each word was found: WEIGHTS, title first; on PostgreSQL (and in the
  substring fallback) each word counts the weight of the best place it was found in, summed over
  the words; SQLite's FTS5 orders alike with bm25's numbers.

Both databases answer from a stored search document per program, the table `catalog_program_search`
(model `ProgramSearchRow`, one row per program, rowid = the program's id), joined once per search.
PostgreSQL: a `tsvector` under the text search configuration `catalog_search` (unaccent, then no
stemming), each word labelled with its place's weight, in a GIN index; migration 0013 makes the
table and the statement triggers keeping it current. SQLite: an FTS5 table (`remove_diacritics`),
kept up to date by triggers that `install_sqlite_search` creates after every migrate; ranked by
bm25 with WEIGHTS per column. A SQLite built without FTS5 falls back to substring matches with the
same weights, without accent folding.
"""

import contextlib
import difflib
import functools
import re
import sqlite3

from django.core.cache import cache
from django.db import connection, connections, models
from django.db.models import (
    Case,
    F,
    FloatField,
    Func,
    IntegerField,
    Lookup,
    Q,
    Value,
    When,
)
from django.db.models.functions import Greatest

from catalog.caching import PAGE_TIMEOUT, catalog_version

# Where a word was found, and what that is worth in the relevance order.
WEIGHTS = {"title": 8, "university": 4, "field": 4, "courses": 2, "summary": 1}
MAX_WORDS = 10  # a longer query adds nothing but cost: the rest is ignored
WORD = re.compile(r"[^\W_]+")
CONFIG = "catalog_search"  # migration 0008: unaccent, then the simple dictionary (no stemming)
FTS_TABLE = "catalog_program_search"


def words(text: str) -> list[str]:
    """The words of a query, lowercased, in order, duplicates dropped, at most MAX_WORDS."""
    return list(dict.fromkeys(word.casefold() for word in WORD.findall(text or "")))[:MAX_WORDS]


def search(queryset, text: str):
    """Programs of `queryset` matching every word of `text`, annotated with `search_rank`."""
    found = words(text)
    if not found:
        return queryset.annotate(search_rank=Value(0, output_field=IntegerField()))
    if connection.vendor == "postgresql":
        return _postgresql_search(queryset, found)
    if connection.vendor == "sqlite" and fts5_available():
        return _fts5_search(queryset, found)
    return _substring_search(queryset, found)


def count(text: str) -> int | None:
    """How many programs match every word of `text`, counted in the stored documents alone: what a
    search with no other filter finds, without joining the programs. None where there is no stored
    document to count (a SQLite without FTS5) or no word."""
    ranked = ranked_ids(text)
    return None if ranked is None else ranked.count()


def ranked_ids(text: str) -> "RankedIds | None":
    """The ids of the programs matching every word of `text`, best first, then by title: the
    list's order for a search with no other filter, read from the stored search rows alone (they
    hold each program's title), so that only a page of them is joined to the programs. None where
    there are no stored rows to read (a SQLite without FTS5) or no word."""
    found = words(text)
    if not found:
        return None
    if connection.vendor == "postgresql":
        condition = " AND ".join([_tsquery_match(FTS_TABLE)] * len(found))
        return RankedIds(
            condition, [_prefix_query(word) for word in found], *_best_places_sql(FTS_TABLE, found)
        )
    if connection.vendor == "sqlite" and fts5_available():
        return RankedIds(f"{FTS_TABLE} MATCH %s", [_fts5_match(found)], _bm25_sql(FTS_TABLE), [])
    return None


class RankedIds:
    """`ranked_ids`, as a Paginator reads it: its count, and a slice of the ids, in one query each
    on the stored search rows (`condition` selects the matches, `rank` orders them, best first).

    In plain SQL: the ORM's building of these queries cost several times the Python of running
    them (seven times for the ranked page). Ordered as the list orders a search (ProgramFilter.qs):
    relevance as `search()` ranks it, then titles case-blind, then as stored, then id."""

    def __init__(self, condition: str, params: list, rank: str, rank_params: list):
        self.condition, self.params, self.rank, self.rank_params = condition, params, rank, rank_params

    def count(self) -> int:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM {FTS_TABLE} WHERE {self.condition}", self.params)
            return cursor.fetchone()[0]

    def __getitem__(self, window: slice) -> list[int]:
        if not isinstance(window, slice) or window.stop is None or window.step is not None:
            raise TypeError("RankedIds reads [start:stop] slices, as a Paginator asks")
        start = window.start or 0
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid FROM {FTS_TABLE} WHERE {self.condition} "
                f"ORDER BY {self.rank} DESC, LOWER(title), title, rowid LIMIT %s OFFSET %s",
                [*self.params, *self.rank_params, max(window.stop - start, 0), start],
            )
            return [program_id for (program_id,) in cursor.fetchall()]


# The stored documents ---------------------------------------------------------------------------


class FtsDocument(models.Field):
    """A program's stored search document: `ProgramSearchRow.document` (catalog/models/derived.py).

    On SQLite, the FTS5 table's hidden column named after the table, which MATCH and its rank
    functions read; on PostgreSQL, a `tsvector` column of the same name (migration 0013). A search
    joins the table to the programs once, and the table's own index finds the rows.
    """

    def db_type(self, connection):
        return None  # never created by Django: install_sqlite_search or migration 0013 makes the table


@FtsDocument.register_lookup
class FtsMatch(Lookup):
    """`document__match=query`: an FTS5 MATCH expression on SQLite, a tsquery's text on PostgreSQL."""

    lookup_name = "match"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} MATCH {rhs}", [*lhs_params, *rhs_params]

    def as_postgresql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return _tsquery_match(lhs, rhs), [*lhs_params, *rhs_params]


# PostgreSQL ------------------------------------------------------------------------------------

# The weight label each place's words carry in a program's stored document (migration 0013); places
# of the same weight share a label.
LABELS = {"title": "A", "university": "B", "field": "B", "courses": "C", "summary": "D"}


def _tsquery_match(document: str, query: str = "%s") -> str:
    """SQL: the document (its column's SQL) holds the tsquery whose text `query` gives."""
    return f"{document} @@ to_tsquery('{CONFIG}', {query})"


def _prefix_query(word: str, label: str = "") -> str:
    """The tsquery text finding `word` as a word prefix, only under `label` if given."""
    return f"'{word}':*{label}"  # a word holds no quote


def _postgresql_search(queryset, found):
    # One join to the stored documents: their GIN index finds the programs holding every word. One
    # condition per word, not one query of them all: a word without a lexeme (such as "²") would
    # drop out of that query, where here it finds nothing.
    matched = queryset.filter(*(Q(search_row__document__match=_prefix_query(word)) for word in found))
    return matched.annotate(search_rank=BestPlaces(F("search_row__document"), words=found))


class BestPlaces(Func):
    """The weight of the best place holding each word, summed over the words, on PostgreSQL: per
    word, CASE WHEN document @@ the word under the title's label THEN 8 WHEN ... ELSE the summary's
    weight END (a matched word found under no other label is in the summary).

    Written as one expression over the document's column, not as a Case of When lookups: the ORM
    resolved and compiled each of those through the relation on every search.
    """

    output_field = IntegerField()

    def __init__(self, document, *, words):
        super().__init__(document)
        self.words = words

    def as_sql(self, compiler, connection, **extra_context):
        document, document_params = compiler.compile(self.source_expressions[0])
        return _best_places_sql(document, self.words, document_params)


def _best_places_sql(document: str, found, document_params=()) -> tuple[str, list]:
    """BestPlaces' SQL and parameters over `document`, the SQL of the document's column."""
    labelled = {(LABELS[where], WEIGHTS[where]) for where in WEIGHTS if where != "summary"}
    best_first = sorted(labelled, key=lambda label_weight: -label_weight[1])
    cases, params = [], []
    for word in found:
        whens = " ".join(f"WHEN {_tsquery_match(document)} THEN {weight}" for _, weight in best_first)
        cases.append(f"CASE {whens} ELSE {WEIGHTS['summary']} END")
        for label, _ in best_first:
            params += [*document_params, _prefix_query(word, label)]
    return f"({' + '.join(cases)})", params


# SQLite ----------------------------------------------------------------------------------------


@functools.cache
def fts5_available() -> bool:
    """Whether this Python's SQLite library can build an FTS5 table (most builds can)."""
    try:
        sqlite3.connect(":memory:").execute("CREATE VIRTUAL TABLE probe USING fts5(text)")
    except sqlite3.OperationalError:
        return False
    return True


def _bm25_sql(document: str) -> str:
    """`-bm25(document, WEIGHTS...)`: FTS5's relevance with a weight per column, higher is better."""
    return f"-bm25({document}, {', '.join(str(weight) for weight in WEIGHTS.values())})"


class Bm25(Func):
    """`_bm25_sql` as an expression."""

    template = _bm25_sql("%(expressions)s")
    output_field = FloatField()


def _fts5_search(queryset, found):
    # A join, not a correlated subquery: FTS5 would run the whole MATCH again for every program.
    return queryset.filter(search_row__document__match=_fts5_match(found)).annotate(
        search_rank=Bm25(F("search_row__document"))
    )


def _fts5_match(found) -> str:
    """Each word a quoted string (FTS5 splits it as it split the text) with a prefix star; the
    words of a MATCH expression must all be found."""
    return " ".join(f'"{word}"*' for word in found)


def _substring_search(queryset, found):
    from catalog.models import Course

    rank = Value(0)
    for word in found:
        in_courses = Q(
            pk__in=Course.objects.filter(Q(title__icontains=word) | Q(code__icontains=word)).values(
                "program_id"
            )
        )
        places = {
            "title": Q(title__icontains=word),
            "university": Q(university__name__icontains=word) | Q(university__short_name__icontains=word),
            "field": Q(field__name__icontains=word),
            "courses": in_courses,
            "summary": Q(summary__icontains=word),
        }
        any_place = Q()
        for place in places.values():
            any_place |= place
        queryset = queryset.filter(any_place)
        rank = rank + Greatest(*(_worth(places[where], where) for where in WEIGHTS))
    return queryset.annotate(search_rank=rank)


def _worth(condition, where):
    return Case(When(condition, then=Value(WEIGHTS[where])), default=Value(0), output_field=IntegerField())


# The FTS5 table holds one row per program (rowid = the program's id): its title, its university's
# name and code, its field's name, its courses' codes and titles, its summary.
FTS_COLUMNS = ", ".join(WEIGHTS)
FTS_ROWS = """
SELECT p.id, p.title, u.name || ' ' || u.short_name, f.name,
       COALESCE((SELECT group_concat(c.code || ' ' || c.title, ' ') FROM catalog_course c
                 WHERE c.program_id = p.id), ''),
       p.summary
FROM catalog_program p
JOIN catalog_university u ON u.id = p.university_id
JOIN catalog_field f ON f.id = p.field_id
"""


def _refresh(where: str) -> str:
    """Statements rewriting the FTS rows of the programs that `where` (over `p`) selects."""
    return (
        f"DELETE FROM {FTS_TABLE} WHERE rowid IN (SELECT p.id FROM catalog_program p WHERE {where}); "
        f"INSERT INTO {FTS_TABLE} (rowid, {FTS_COLUMNS}) {FTS_ROWS} WHERE {where};"
    )


TRIGGERS = {
    "catalog_search_program_insert": f"AFTER INSERT ON catalog_program BEGIN {_refresh('p.id = NEW.id')} END",
    "catalog_search_program_update": (
        "AFTER UPDATE OF title, summary, university_id, field_id ON catalog_program "
        f"BEGIN DELETE FROM {FTS_TABLE} WHERE rowid = OLD.id; {_refresh('p.id = NEW.id')} END"
    ),
    "catalog_search_program_delete": f"AFTER DELETE ON catalog_program BEGIN DELETE FROM {FTS_TABLE} WHERE rowid = OLD.id; END",
    "catalog_search_course_insert": f"AFTER INSERT ON catalog_course BEGIN {_refresh('p.id = NEW.program_id')} END",
    "catalog_search_course_update": (
        "AFTER UPDATE OF title, code, program_id ON catalog_course "
        f"BEGIN {_refresh('p.id = OLD.program_id')} {_refresh('p.id = NEW.program_id')} END"
    ),
    "catalog_search_course_delete": f"AFTER DELETE ON catalog_course BEGIN {_refresh('p.id = OLD.program_id')} END",
    "catalog_search_university_update": (
        f"AFTER UPDATE OF name, short_name ON catalog_university BEGIN {_refresh('p.university_id = NEW.id')} END"
    ),
    "catalog_search_field_update": f"AFTER UPDATE OF name ON catalog_field BEGIN {_refresh('p.field_id = NEW.id')} END",
}


def drop_sqlite_triggers(using="default", **kwargs):
    """Before a migration: SQLite rebuilds a table to alter it, which a trigger naming it would break."""
    database = connections[using]
    if database.vendor != "sqlite":
        return
    with database.cursor() as cursor:
        for name in TRIGGERS:
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")


def install_sqlite_search(using="default", **kwargs):
    """After a migration: the FTS5 table, its triggers, and every program's row written afresh."""
    database = connections[using]
    if database.vendor != "sqlite" or not fts5_available():
        return
    if "catalog_program" not in database.introspection.table_names():
        return  # the catalog is migrated away
    with database.cursor() as cursor:
        cursor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5({FTS_COLUMNS}, "
            "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')"
        )
        # Its terms, per column: the words a misspelt search is compared with (`name_words`).
        cursor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE}_terms USING fts5vocab({FTS_TABLE}, 'col')"
        )
        for name, body in TRIGGERS.items():
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
            cursor.execute(f"CREATE TRIGGER {name} {body}")
        cursor.execute(f"DELETE FROM {FTS_TABLE}")
        cursor.execute(f"INSERT INTO {FTS_TABLE} (rowid, {FTS_COLUMNS}) {FTS_ROWS}")


# When nothing matches ---------------------------------------------------------------------------


def suggestions(text: str, among=None) -> dict | None:
    """For a search that found nothing: a nearby spelling that finds something, and fields it names.

    `spelling` is the query with each word no title, university or field name starts with replaced by
    the closest such word (difflib), when that finds programs among `among` (the programs the page's
    other filters keep; every program by default); `fields` are the fields whose names hold one of
    the words, so a learner can widen to the whole field. None without a word to search.
    """
    from catalog.models import Field, Program

    among = Program.objects.all() if among is None else among
    found = words(text)
    if not found:
        return None
    vocabulary = known_words()
    corrected = []
    for word in found:
        if any(known.startswith(word) for known in vocabulary):
            corrected.append(word)
        else:
            corrected.append(next(iter(difflib.get_close_matches(word, vocabulary, n=1, cutoff=0.7)), word))
    spelling = " ".join(corrected) if corrected != found else None
    if spelling and not search(among, spelling).exists():
        spelling = None
    fields = Field.objects.with_programs().order_by("name")
    return {
        "spelling": spelling,
        "fields": [field for field in fields if set(words_all(field.name)) & set(found)],
    }


# The distinct words (three letters or more) of program titles, university names and codes and
# field names, lowercased and without accents; the database splits the names, so no row of them
# comes to Python.
NAME_WORDS = {
    "postgresql": """
        SELECT DISTINCT word FROM (
            SELECT title AS name FROM catalog_program
            UNION SELECT name FROM catalog_university
            UNION SELECT short_name FROM catalog_university
            UNION SELECT name FROM catalog_field
        ) AS names, regexp_split_to_table(lower(unaccent(name)), '[^[:alpha:]]+') AS word
        WHERE length(word) > 2""",
    "sqlite": f"""
        SELECT DISTINCT term FROM {FTS_TABLE}_terms
        WHERE col IN ('title', 'university', 'field') AND length(term) > 2""",
}


def known_words() -> list[str]:
    """`name_words()`, kept in the cache for the catalog's version: reading them costs a scan."""
    key = f"search-words:{catalog_version()}"
    try:
        cached = cache.get(key)
    except Exception:  # the cache is an optimisation: without it, read the words again
        return sorted(name_words())
    if cached is None:
        cached = sorted(name_words())
        with contextlib.suppress(Exception):
            cache.set(key, cached, PAGE_TIMEOUT)
    return cached


def name_words() -> set[str]:
    sql = NAME_WORDS.get(connection.vendor)
    if connection.vendor == "sqlite" and not fts5_available():
        sql = None
    if sql is None:  # a SQLite without FTS5: the substring search's catalog is small
        from catalog.models import Field, Program, University

        names = [
            *Program.objects.values_list("title", flat=True),
            *University.objects.values_list("name", flat=True),
            *University.objects.values_list("short_name", flat=True),
            *Field.objects.values_list("name", flat=True),
        ]
        return {word for name in names for word in words_all(name) if len(word) > 2}
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return {word for (word,) in cursor.fetchall() if word.isalpha()}


def words_all(text: str) -> list[str]:
    """Every word of a text, lowercased (unlike `words`, no limit)."""
    return [word.casefold() for word in WORD.findall(text)]
