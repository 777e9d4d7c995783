"""The stored program figures (`ProgramFigures`): their one writer and what calls it.

`write_figures()` computes the figures with `Program.objects.with_totals()`, the one definition of
each, and upserts them: one query to read, one to write, for one program or ten thousand. It is
called in the transaction of every change that can move a figure:

- a program, course or credit pathway saved or deleted (signals in apps.py; their saves are atomic,
  see `SavedWithItsFigures`), a course or pathway moved taking its old program along;
- an exchange rate saved or deleted: every program with a price or fee in its currency;
- a bulk `update()` of programs, courses or pathways (`RewritesFiguresOnUpdate`);
- bulk loaders, which send no signals, call it themselves: the importer (catalog_file/writing.py) and
  `seed_synthetic`, inside `deferred()` so that their many saves cost one write at the end.

Degrees, universities, fields and sources feed no stored figure. `manage.py rebuild_program_figures`
rewrites every row; the tests check that it then finds nothing to change.
"""

from collections.abc import Iterable
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction
from django.db.models import Q, QuerySet

from catalog.models import Course, Program, ProgramFigures

BATCH = 500
ALL = "all"

# Inside `deferred()`: the programs whose figures are owed (ids, or ALL), written once at its end.
_owed: ContextVar[set | None] = ContextVar("program_figures_owed", default=None)


def write_figures(programs: QuerySet | Iterable[int] | None = None) -> int:
    """Rewrite the stored figures of `programs` (a Program queryset or ids; None: every program).

    Returns how many rows were written. A program that no longer exists is skipped (its row went
    with it). The programs' rows are locked first, then the figures computed in a statement of their
    own: a concurrent write to the same program waits, and then computes from this one's facts too,
    so the figures of whichever commits last include both.
    """
    rows = Program.objects.order_by()
    if isinstance(programs, QuerySet):
        rows = rows.filter(pk__in=programs.order_by().values("pk"))
    elif programs is not None:
        ids = {pk for pk in programs if pk is not None}
        if not ids:
            return 0
        rows = rows.filter(pk__in=ids)
    with transaction.atomic():
        if not list(rows.select_for_update().values_list("pk", flat=True)):
            return 0
        figures = [
            ProgramFigures(program_id=pk, **dict(zip(ProgramFigures.WRITTEN, values, strict=True)))
            for pk, *values in rows.with_totals().values_list("pk", *ProgramFigures.WRITTEN)
        ]
        ProgramFigures.objects.bulk_create(
            figures,
            batch_size=BATCH,
            update_conflicts=True,
            unique_fields=["program"],
            update_fields=list(ProgramFigures.WRITTEN),
        )
    return len(figures)


def programs_changed(programs: Iterable[int] | str) -> None:
    """The figures of these program ids (or ALL) may have moved: write them now, or when
    `deferred()` ends."""
    owed = _owed.get()
    if owed is None:
        write_figures(None if programs == ALL else programs)
    elif programs == ALL:
        owed.add(ALL)
    else:
        owed.update(programs)


@contextmanager
def deferred():
    """Collect the figures owed by the writes inside, and write them once on the way out."""
    if _owed.get() is not None:  # already collecting: the outer block writes
        yield
        return
    owed: set = set()
    token = _owed.set(owed)
    try:
        yield
    finally:
        _owed.reset(token)
    programs_changed(ALL if ALL in owed else owed)


# Signal receivers (connected in apps.py)


def program_saved(sender, instance, raw=False, **_signal_arguments) -> None:
    programs_changed([instance.pk])


def part_saved(sender, instance, raw=False, **_signal_arguments) -> None:
    """A course or pathway saved: its program, and the one it left if it moved."""
    programs_changed({instance.program_id, getattr(instance, "stored_program_id", None)})


def part_deleted(sender, instance, origin=None, **_signal_arguments) -> None:
    """A course or pathway deleted: its program's figures, unless the program is going too (its
    figures row is then deleted with it, and writing one back would point at a deleted program)."""
    if isinstance(origin, Program) or (isinstance(origin, QuerySet) and origin.model is Program):
        return
    programs_changed({instance.program_id, getattr(instance, "stored_program_id", None)})


def rate_changed(sender, instance, **_signal_arguments) -> None:
    """An exchange rate saved or deleted: every program with a price or fee in its currency (or
    its old one). Runs after `exchange.refresh_for_rate` has converted their amounts again."""
    currencies = {instance.currency, getattr(instance, "stored_currency", None) or instance.currency}
    if _owed.get() is not None:
        programs_changed(ALL)
        return
    priced = Course.objects.filter(price_currency__in=currencies).values("program_id")
    write_figures(Program.objects.filter(Q(pk__in=priced) | Q(exam_fee_currency__in=currencies)))
