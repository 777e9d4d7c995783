"""Tables the site derives from the catalog and never edits by hand: each program's stored
figures, the catalog version in every cached page's key, and each program's full-text search row (an FTS5
table on SQLite, a table of weighted tsvectors on PostgreSQL)."""

from django.db import models
from django.utils import timezone

from catalog.models.programs import Field, Program
from catalog.search import FtsDocument


class ProgramFigures(models.Model):
    """A program's derived figures exactly as `ProgramQuerySet.with_totals()` computes them, stored.

    Never edited: `program_figures.write_figures()` rewrites a program's row in the transaction of
    any change to the program, its courses or pathways, or an exchange rate (signals in apps.py;
    imports and bulk loaders call it themselves), and `manage.py rebuild_program_figures` rewrites
    them all. Pages read them through `with_figures()`; the filters and sorts use these indexes.
    """

    STORED = (
        "total_price",
        "total_summed",
        "total_converted",
        "paid_year_min",
        "paid_year_max",
        "income_total_min",
        "income_total_max",
        "price_from",
        "total_weeks",
        "calendar_months_min",
        "calendar_months_max",
        "best_credit_share",
        "has_pathway",
    )
    COPIED = ("field_id",)  # the program's own facts, beside its figures for their indexes
    WRITTEN = (*COPIED, *STORED)
    TOTAL = {"max_digits": 16, "decimal_places": 2, "null": True}  # a sum of MONEY amounts

    program = models.OneToOneField(
        Program, on_delete=models.CASCADE, primary_key=True, related_name="figures"
    )
    total_price = models.DecimalField(**TOTAL)
    total_summed = models.BooleanField(default=False)
    total_converted = models.BooleanField(default=False)
    paid_year_min = models.PositiveSmallIntegerField(null=True)
    paid_year_max = models.PositiveSmallIntegerField(null=True)
    income_total_min = models.DecimalField(**TOTAL)
    income_total_max = models.DecimalField(**TOTAL)
    price_from = models.DecimalField(**TOTAL)
    total_weeks = models.IntegerField(null=True)
    calendar_months_min = models.IntegerField(null=True)
    calendar_months_max = models.IntegerField(null=True)
    best_credit_share = models.DecimalField(max_digits=6, decimal_places=4, null=True)
    has_pathway = models.BooleanField(default=False)
    # The program's field (COPIED), beside its figures so that a list in one field sorted by price
    # reads one index (field, price) instead of joining every program of the field to its figures.
    field = models.ForeignKey(Field, on_delete=models.PROTECT, related_name="+", db_index=False)

    class Meta:
        verbose_name_plural = "program figures"
        # Migration 0011 adds descending price and credit indexes on PostgreSQL only.
        indexes = [
            models.Index(fields=["price_from"], name="figures_price_from_idx"),
            models.Index(fields=["field", "price_from"], name="figures_field_price_idx"),
            models.Index(fields=["calendar_months_max"], name="figures_months_max_idx"),
            models.Index(fields=["best_credit_share"], name="figures_credit_share_idx"),
            # The advisor's candidates for a degree-minded learner, in their order (pathway first,
            # then cheaper, then shorter): read from the index, not sorted from every program.
            models.Index(
                fields=["-has_pathway", "price_from", "calendar_months_max"],
                name="figures_candidate_order_idx",
            ),
        ]

    def __str__(self):
        return f"figures of {self.program}"


class CatalogVersion(models.Model):
    """One row whose token changes with every catalog write: part of every cached page's key.

    A random token rather than a counter: a database that is emptied and filled again cannot
    bring back an old version's pages.
    """

    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField(default=timezone.now, help_text="When the token last changed.")

    def __str__(self):
        return f"catalog version {self.token}"


class ProgramSearchRow(models.Model):
    """A program's row in the search table (catalog/search.py), for joining to it.

    On SQLite an FTS5 table, made and kept current by `search.install_sqlite_search` and its
    triggers; on PostgreSQL a table of tsvectors, made and kept current by migration 0013's
    triggers. Django never creates or writes it.
    """

    program = models.OneToOneField(
        Program,
        primary_key=True,
        db_column="rowid",
        db_constraint=False,
        on_delete=models.DO_NOTHING,
        related_name="search_row",
    )
    document = FtsDocument(db_column="catalog_program_search", editable=False)
    title = models.CharField(max_length=200, editable=False)  # the program's: a search page's order reads it

    class Meta:
        managed = False
        db_table = "catalog_program_search"

    def __str__(self):
        return f"search row of program {self.program_id}"
