"""Writing checked records to the database, one import at a time.

`write_catalog(catalog)` upserts the records by slug (exchange rates by currency and date) inside one
transaction that holds the catalog's import lock (`lock_catalog`), rolls back if any row breaks a
model rule, and recomputes the US-dollar amounts (exchange.py) and the stored program figures
(program_figures.py) before it commits.
"""

from collections import Counter
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import DatabaseError, OperationalError, connection, transaction
from django.db.models import F

from catalog import exchange, program_figures
from catalog.caching import one_bump
from catalog.catalog_file.checking import Catalog, CatalogInvalid, label
from catalog.catalog_file.reading import cut
from catalog.catalog_file.spec import LISTS, MODELS, REFERENCES
from catalog.history import ImportHistory
from catalog.models import CatalogVersion, Course, ExchangeRate, Program, Source

# How long an import waits for another to finish before it gives up (the command's --wait).
LOCK_WAIT_SECONDS = 60
# The key of the PostgreSQL advisory lock every import holds while it writes: any constant will
# do, as long as it is this one.
IMPORT_LOCK_KEY = 7_213_301


class ImportFailed(Exception):
    """The database did not take a valid file (another import held it too long, or it refused a
    write); nothing was written."""


# A key naming another record -> the model of the row it names.
FOREIGN_KEYS = {key: model for keys in REFERENCES.values() for key, (_, model) in keys.items()}


def first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


def lock_catalog(wait_seconds: float = LOCK_WAIT_SECONDS, on_wait: Callable[[], None] | None = None) -> None:
    """Hold the catalog's import lock until the current transaction ends.

    Imports write one at a time, and each reads the rows it compares against only once it holds the
    lock: two files imported at once end as the one written second, never a mix of both. A second
    import waits for the first up to `wait_seconds`, then raises ImportFailed. PostgreSQL: a
    transaction-scoped advisory lock, and `on_wait` is called when the wait begins. SQLite: the
    database's one write lock, which it grants one transaction at a time until it ends, taken by
    writing first (the catalog version, to itself).
    """
    busy = (
        f"Another catalog import is still writing after {wait_seconds:g} s; nothing was imported. "
        "Import again once it has finished (or give --wait more seconds)."
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [IMPORT_LOCK_KEY])
            if cursor.fetchone()[0]:
                return
            if wait_seconds <= 0:
                raise ImportFailed(busy)
            if on_wait:
                on_wait()
            cursor.execute("SELECT current_setting('lock_timeout')")
            previous = cursor.fetchone()[0]
            cursor.execute(
                "SELECT set_config('lock_timeout', %s, true)", [f"{max(1, round(wait_seconds * 1000))}ms"]
            )
            try:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK_KEY])
            except OperationalError:
                raise ImportFailed(busy) from None
            cursor.execute("SELECT set_config('lock_timeout', %s, true)", [previous])
            return
        # The transaction's first statement, and a write: SQLite then waits for the lock. One that
        # has read first, or been refused once, may be refused at once instead (to avoid a deadlock).
        cursor.execute("PRAGMA busy_timeout")
        previous = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA busy_timeout = {max(0, round(wait_seconds * 1000)):d}")
        try:
            with transaction.atomic():  # a savepoint: a refusal leaves the connection usable
                CatalogVersion.objects.filter(pk=1).update(token=F("token"))
        except OperationalError:
            raise ImportFailed(busy) from None
        finally:
            cursor.execute(f"PRAGMA busy_timeout = {int(previous):d}")


def write_catalog(
    catalog: Catalog,
    *,
    wait_seconds: float = LOCK_WAIT_SECONDS,
    on_wait: Callable[[], None] | None = None,
    only_if_empty: bool = False,
) -> dict[str, Counter] | None:
    """Upsert every record in one transaction; returns created/updated/unchanged counts.

    Records are upserted by slug (sources by key, exchange rates by currency and date). The
    US-dollar amounts of every price and fee are recomputed once at the end, so they agree with
    the rates and prices of the file whatever order they were written in. The transaction holds
    the import lock (`lock_catalog`) from its first statement. With `only_if_empty`, a catalog that
    already holds programs once the lock is held is left alone, and None returned.
    Raises CatalogInvalid (problems of records) or ImportFailed; either way nothing is written.
    """
    if catalog.problems:
        raise CatalogInvalid(catalog.problems)
    summary: dict[str, Counter] = {}
    problems: list[str] = []
    try:
        # One write of the figures and one new catalog version for the whole file, not one per row.
        with transaction.atomic(), program_figures.deferred(), one_bump():
            lock_catalog(wait_seconds, on_wait)
            if only_if_empty and Program.objects.exists():
                return None
            writer = Writer(problems)
            for list_name in LISTS:
                records = catalog.records.get(list_name, [])
                if list_name == "exchange_rates":
                    summary[list_name] = writer.write_rates(records)
                else:
                    summary[list_name] = writer.write_list(list_name, records)
            summary["courses"] = writer.course_counts
            if problems:
                raise CatalogInvalid(problems)  # rolls the whole file back
            writer.history.write()
            exchange.refresh_usd_amounts()  # a bulk write: no signals
            program_figures.programs_changed(program_figures.ALL)
    except DatabaseError as error:
        raise ImportFailed(
            f"The database refused the import ({first_line(error)}); nothing was imported."
        ) from None
    except ArithmeticError:  # a new rate that makes an amount already stored too large to convert
        raise ImportFailed(
            "An amount converted to US dollars at the file's exchange rates is too large for the catalog; "
            "check the rates. Nothing was imported."
        ) from None
    return summary


class Writer:
    def __init__(self, problems: list[str]):
        self.problems = problems
        self.course_counts: Counter = Counter()
        self.cache: dict[type, dict[str, Any]] = {}
        self.history = ImportHistory()  # written in bulk once every row is in (history.py)

    def index(self, model) -> dict[str, Any]:
        """Every row of a model by its key, loaded once and kept current as rows are written."""
        if model not in self.cache:
            id_key = "key" if model is Source else "slug"
            self.cache[model] = {getattr(obj, id_key): obj for obj in model.objects.all()}
        return self.cache[model]

    def write_list(self, list_name: str, records: list[dict]) -> Counter:
        model = MODELS[list_name]
        id_key = "key" if model is Source else "slug"
        rows = self.index(model)
        counts: Counter = Counter()
        for index, record in enumerate(records):
            where = label(list_name, index, record)
            values = dict(record)
            source_keys = values.pop("sources", None)
            courses = values.pop("courses", None)
            for key, target in FOREIGN_KEYS.items():
                if key in values and values[key] is not None:
                    values[key] = self.index(target).get(values[key])
            obj = rows.get(record[id_key]) or model()
            is_new = obj.pk is None
            changed = is_new or any(getattr(obj, key) != value for key, value in values.items())
            checked_on = getattr(obj, "verified_on", None)
            for key, value in values.items():
                setattr(obj, key, value)
            if not is_new and getattr(obj, "verified_on", None) != checked_on:
                obj.verified_by = None  # the file's date is no editor's "checked today"
            if not self.save(where, obj, changed):
                continue
            rows[record[id_key]] = obj
            if source_keys is not None:
                sources = self.index(Source)
                wanted = {sources[key].pk for key in source_keys if key in sources}  # absent: reported
                if is_new or set(obj.sources.values_list("pk", flat=True)) != wanted:
                    obj.sources.set(wanted)
                    changed = True
            if courses is not None and self.write_courses(where, obj, courses):
                changed = True
            counts["created" if is_new else "updated" if changed else "unchanged"] += 1
        return counts

    def write_rates(self, records: list[dict]) -> Counter:
        """Upsert exchange rates by currency and date; rates the file does not name stay."""
        rows = {(rate.currency, rate.date): rate for rate in ExchangeRate.objects.select_related("source")}
        sources = self.index(Source)
        counts: Counter = Counter()
        for index, record in enumerate(records):
            values = {**record, "source": sources.get(record["source"])}  # absent: reported already
            rate = rows.get((record["currency"], record["date"])) or ExchangeRate()
            is_new = rate.pk is None
            changed = is_new or any(getattr(rate, key) != value for key, value in values.items())
            for key, value in values.items():
                setattr(rate, key, value)
            if self.save(label("exchange_rates", index, record), rate, changed):
                rows[(rate.currency, rate.date)] = rate
                counts["created" if is_new else "updated" if changed else "unchanged"] += 1
        return counts

    def save(self, where: str, obj, changed: bool) -> bool:
        if not changed:
            return True
        try:
            obj.full_clean()  # unique names too: a clash is a problem to report, not a crash
        except ValidationError as error:
            for key, messages in error.message_dict.items():
                place = where if key == "__all__" else f"{where}.{key}"
                self.problems.extend(f"{place}: {cut(message)}" for message in messages)
            return False
        converted = exchange.CONVERTED.get(type(obj))
        if converted is not None:  # the US-dollar amount the save will derive must fit its column
            exchange.set_usd_amount(type(obj), obj)
            try:
                obj._meta.get_field(converted.usd).clean(getattr(obj, converted.usd), obj)
            except ValidationError:
                amount_usd, currency = getattr(obj, converted.usd), getattr(obj, converted.currency)
                self.problems.append(
                    f"{where}.{converted.amount}: in US dollars it would be {amount_usd}, more than the "
                    f"catalog can hold; check the {currency} exchange rates"
                )
                return False
        try:
            with transaction.atomic():  # a savepoint: a refused row is reported, and the rest checked
                self.history.quiet_save(obj, is_new=obj.pk is None)
        except DatabaseError as error:
            self.problems.append(f"{where}: the database refused it ({first_line(error)})")
            return False
        return True

    def write_courses(self, where: str, program: Program, records: list[dict]) -> bool:
        """Make the program's courses exactly those of the file; True if anything changed."""
        existing = {course.position: course for course in program.courses.prefetch_related("prerequisites")}
        changed = False
        by_position = {}
        for record in records:
            values = {key: value for key, value in record.items() if key != "prerequisites"}
            course = existing.pop(record["position"], None) or Course(program=program)
            is_new = course.pk is None
            differs = is_new or any(getattr(course, key) != value for key, value in values.items())
            for key, value in values.items():
                setattr(course, key, value)
            if not self.save(f"{where}.courses (position {record['position']})", course, differs):
                continue
            by_position[record["position"]] = course
            self.course_counts["created" if is_new else "updated" if differs else "unchanged"] += 1
            changed = changed or differs
        for course in existing.values():
            course.delete()
            self.course_counts["deleted"] += 1
            changed = True
        for record in records:
            course = by_position.get(record["position"])
            if course is None:
                continue
            wanted = {
                by_position[position].pk for position in record["prerequisites"] if position in by_position
            }
            if {other.pk for other in course.prerequisites.all()} != wanted:
                course.prerequisites.set(wanted)
                changed = True
        return changed
