"""Every version of every catalog record staff edit: who changed it, when, and what it was.

django-simple-history keeps a historical table beside each catalog model (`Program.history`...),
written on every save and delete through the ORM: the admin (the editor comes from
`HistoryRequestMiddleware`, inline rows included), the shell, and the importer, which writes its
rows in bulk at the end of an import (`ImportHistory`) so a file of 10,000 programs costs a few
inserts per thousand rows, not one per row. Two kinds of write keep no history of their own: the
US-dollar amounts exchange.py derives (they follow from the tracked prices and rates, and are left
out of the historical tables) and `seed_synthetic`'s benchmark rows (bulk inserts of made-up data).
Which sources a record cites (a many-to-many) is not versioned either; its figure_sources are.
"""

import datetime
from functools import cache

from django.db import connection, models
from django.utils import timezone
from simple_history import register

# Columns derived from other tracked columns: versioning them would record a change nobody made.
DERIVED_FIELDS = {"Course": ["price_usd"], "Program": ["exam_fee_usd"]}
IMPORT_REASON = "catalog import"
BATCH = 500


def track(*catalog_models: type[models.Model]) -> None:
    """Give each model a `history` manager and a historical table."""
    for model in catalog_models:
        register(model, app="catalog", excluded_fields=DERIVED_FIELDS.get(model.__name__, []))


class ImportHistory:
    """The rows an import wrote, kept aside so their history is written in a few bulk inserts."""

    def __init__(self):
        self.rows: dict[tuple[type, bool], list[models.Model]] = {}

    def quiet_save(self, obj: models.Model, *, is_new: bool) -> None:
        """Save without the per-row history insert, remembering the row for `write()`."""
        obj.skip_history_when_saving = True
        try:
            obj.save()
        finally:
            del obj.skip_history_when_saving
        self.rows.setdefault((type(obj), is_new), []).append(obj)

    def write(self) -> None:
        """One history row per row written: '+' for a new one, '~' for an update."""
        for (model, is_new), objs in self.rows.items():
            model.history.bulk_history_create(
                objs, batch_size=BATCH, update=not is_new, default_change_reason=IMPORT_REASON
            )
        self.rows.clear()


def latest_change(*tables: tuple[type[models.Model], str], pk: int) -> datetime.datetime | None:
    """When any of these historical models last recorded a change to a row whose `column` is `pk`;
    None without one.

    One query, in plain SQL: the ORM would spend several times the query's own cost building
    this union, and it runs on every view of a program or degree page.
    """
    quote = connection.ops.quote_name
    union = " UNION ALL ".join(
        f"SELECT history_date FROM {quote(model._meta.db_table)} WHERE {quote(column)} = %s"
        for model, column in tables
    )
    with connection.cursor() as cursor:
        cursor.execute(f"{union} ORDER BY 1 DESC LIMIT 1", [pk] * len(tables))
        row = cursor.fetchone()
    if row is None:
        return None
    changed = row[0]
    # SQLite hands back a naive datetime, stored in UTC as every datetime is with USE_TZ.
    return changed if timezone.is_aware(changed) else timezone.make_aware(changed, datetime.UTC)


@cache
def _historical(model: type[models.Model]) -> type[models.Model]:
    return model.history.model


def program_last_changed(program) -> datetime.datetime | None:
    """The program's own record, its courses' or its pathways', whichever changed last."""
    from catalog.models import Course, CreditPathway, Program

    return latest_change(
        (_historical(Program), "id"),
        (_historical(Course), "program_id"),
        (_historical(CreditPathway), "program_id"),
        pk=program.pk,
    )


def degree_last_changed(degree) -> datetime.datetime | None:
    """The degree's own record or the pathways into it, whichever changed last."""
    from catalog.models import CreditPathway, Degree

    return latest_change((_historical(Degree), "id"), (_historical(CreditPathway), "degree_id"), pk=degree.pk)
