"""Print the database's plan for the programs list's queries, for each filter, sort and a search.

The queries are the ones the page runs (the paginator's count, then the page of 20), captured while
the page's queryset is evaluated, then explained: `EXPLAIN (ANALYZE, BUFFERS)` on PostgreSQL,
`EXPLAIN QUERY PLAN` on SQLite. Use it after `seed_synthetic` to see which indexes a query uses.
"""

import re

from django.core.management.base import BaseCommand, CommandError
from django.core.paginator import Paginator
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from catalog.filters import ProgramFilter
from catalog.models import Field, Program, University
from catalog.views import PAGE_SIZE, listed_ids

INDEX_USE = re.compile(r"(?:Index Scan|Index Only Scan|Bitmap Index Scan) (?:Backward )?(?:using|on) (\w+)")
SQLITE_INDEX_USE = re.compile(r"USING (?:COVERING )?INDEX (\w+)")
EXECUTION = re.compile(r"Execution Time: ([\d.]+) ms")
JIT = re.compile(r"JIT:.*?Total ([\d.]+) ms", re.S)


def listing_cases(q: str) -> list[tuple[str, str]]:
    """(name, query string) for each filter and sort, with values taken from the database."""
    university = University.objects.with_programs().order_by("slug").first()
    field = Field.objects.with_programs().order_by("slug").first()
    if university is None or field is None:
        raise CommandError("The database holds no programs: run seed_synthetic first.")
    return [
        ("default (title)", ""),
        ("university", f"university={university.slug}"),
        ("field", f"field={field.slug}"),
        ("country", f"country={university.country}"),
        ("price_max", "price_max=1000"),
        ("months_max", "months_max=12"),
        ("effort_max", "effort_max=10"),
        ("pacing", "pacing=self_paced"),
        ("credit", "credit=on"),
        ("sort=price", "sort=price"),
        ("sort=-price", "sort=-price"),
        ("sort=months", "sort=months"),
        ("sort=effort", "sort=effort"),
        ("sort=credit", "sort=credit"),
        ("field+price+sort", f"field={field.slug}&price_max=1000&sort=price"),
        ("search", f"q={q}"),
        ("search two words", f"q={q}+{university.short_name or 'data'}"),
        ("search+sort=price", f"q={q}&sort=price"),
    ]


def listing_queries(query_string: str) -> list[str]:
    """The SQL the programs list runs for these parameters, apart from the filter form's choices."""
    program_filter = ProgramFilter(QueryDict(query_string) or None, queryset=Program.objects.all())
    with CaptureQueriesContext(connection) as captured:
        page = Paginator(listed_ids(program_filter), PAGE_SIZE).get_page(1)
        list(page)
    return [query["sql"] for query in captured.captured_queries if "catalog_program" in query["sql"]]


def explain(sql: str, analyze: bool = True) -> str:
    if connection.vendor == "postgresql":
        prefix = "EXPLAIN (ANALYZE, BUFFERS) " if analyze else "EXPLAIN "
    elif connection.vendor == "sqlite":
        prefix = "EXPLAIN QUERY PLAN "
    else:
        prefix = "EXPLAIN "
    with connection.cursor() as cursor:
        cursor.execute(prefix + sql)
        rows = cursor.fetchall()
    if connection.vendor == "sqlite":  # (id, parent, notused, detail)
        return "\n".join(row[-1] for row in rows)
    return "\n".join(str(row[0]) for row in rows)


def indexes_used(plan: str) -> list[str]:
    pattern = SQLITE_INDEX_USE if connection.vendor == "sqlite" else INDEX_USE
    return sorted(set(pattern.findall(plan)))


class Command(BaseCommand):
    help = (
        "EXPLAIN the programs list's count and page queries for each filter, sort and a search "
        "(EXPLAIN (ANALYZE, BUFFERS) on PostgreSQL), then a summary of times and indexes used."
    )

    def add_arguments(self, parser):
        parser.add_argument("--q", default="robotics", help="The search word (default: robotics).")
        parser.add_argument("--case", action="append", help="Only these cases (repeatable), e.g. search.")
        parser.add_argument("--summary", action="store_true", help="Only the summary table, no plans.")
        parser.add_argument("--no-analyze", action="store_true", help="Plan without running the queries.")
        parser.add_argument(
            "--no-jit",
            action="store_true",
            help="PostgreSQL: SET jit = off first, to compare with JIT's cost.",
        )

    def handle(self, *args, q, case, summary, no_analyze, no_jit, **options):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # fresh statistics, as autovacuum would give a settled database
                if no_jit:
                    cursor.execute("SET jit = off")
        cases = listing_cases(q)
        unknown = set(case or ()) - {name for name, _ in cases}
        if unknown:
            raise CommandError(f"Unknown case(s): {', '.join(sorted(unknown))}.")
        programs = Program.objects.count()
        self.stdout.write(f"{connection.vendor}, {programs} programs\n")
        rows = []
        for name, query_string in cases:
            if case and name not in case:
                continue
            times, jit, used = [], [], set()
            for number, sql in enumerate(listing_queries(query_string), start=1):
                plan = explain(sql, analyze=not no_analyze)
                used.update(indexes_used(plan))
                times += [float(value) for value in EXECUTION.findall(plan)]
                jit += [float(value) for value in JIT.findall(plan)]
                if not summary:
                    self.stdout.write(f"=== {name}: /programs/?{query_string}  (query {number})\n{sql}\n")
                    self.stdout.write(plan + "\n")
            total = f"{sum(times):.1f}" if times else "-"
            rows.append((name, total, f"{sum(jit):.1f}" if jit else "-", ", ".join(sorted(used)) or "none"))
        # ms: execution time of the count and page queries together; of which JIT compilation.
        width = max(len(row[0]) for row in rows)
        self.stdout.write(f"\n{'case':<{width}}  {'ms':>8}  {'JIT ms':>8}  indexes used")
        for name, total, jit_total, used in rows:
            self.stdout.write(f"{name:<{width}}  {total:>8}  {jit_total:>8}  {used}")
