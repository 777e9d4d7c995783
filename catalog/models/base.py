"""What every catalog model shares: money and text limits, the constraints and fields written
the same way on several models, and the two mixins that keep stored figures in step with the facts
they derive from."""

import calendar
import datetime
import operator
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MinValueValidator, RegexValidator
from django.db import DEFAULT_DB_ALIAS, models, router, transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Length
from django.db.models.lookups import GreaterThan, GreaterThanOrEqual, LessThan, LessThanOrEqual

from catalog.figures import FigureSourcesValidator, HistoryValidator

STALE_AFTER_MONTHS = 18
MONEY = {"max_digits": 12, "decimal_places": 2}
ZERO = Decimal("0.00")

# The longest texts the catalog keeps, in characters: far above the longest real entry (staff notes
# of 2,636), low enough that no record can fill a page or the importer's memory. Every other text is
# a CharField, limited by its own max_length.
TEXT_MAX_LENGTH = 2_000
STAFF_NOTES_MAX_LENGTH = 10_000

currency_code = RegexValidator(r"^[A-Z]{3}$", "Use a three-letter ISO 4217 code in capitals, such as USD.")
non_negative = MinValueValidator(Decimal("0"), message="An amount of money cannot be negative.")


class SavedWithItsFigures:
    """A model whose rows feed stored derived figures: a save and everything its signals write
    (US-dollar amounts, program figures, the catalog version) commit in one transaction."""

    @classmethod
    def from_db(cls, db, field_names, values):
        # The program a course or pathway belonged to when read: moved, it changes the figures of both.
        row = super().from_db(db, field_names, values)
        row.stored_program_id = row.__dict__.get("program_id")
        return row

    def save(self, *args, **kwargs):
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        with transaction.atomic(using=using):
            super().save(*args, **kwargs)


class RewritesFiguresOnUpdate:
    """A QuerySet whose `update()` (a bulk write: no signals) rewrites the figures it touched and
    gives the catalog a new version, as a save would."""

    program_path = "program_id"

    def update(self, **kwargs):
        from catalog import program_figures
        from catalog.caching import bump_catalog_version

        with transaction.atomic(using=self.db):
            programs = set(self.order_by().values_list(self.program_path, flat=True))
            updated = super().update(**kwargs)
            if updated:  # an update that matched no row changes nothing
                program_figures.programs_changed(programs)
                bump_catalog_version()  # no signals: the pages' version changes here
        return updated


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later; the month's last day when that month is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class Check(models.CheckConstraint):
    """A CheckConstraint that `full_clean()` tests on the instance in Python, from its own condition,
    where Django's runs a query (and a savepoint) per constraint per row: an import of a few hundred
    rows made thousands. Its condition may hold field lookups (exact, isnull, gt, gte, lt, lte, with
    values or F() of another field), NOT, AND, OR, and a comparison of Length(field) with a number;
    anything else, or a value Python cannot compare, is checked by the database, as Django does. NULL is unknown, as in SQL, and a
    constraint whose condition is unknown holds (the database's rule for CHECK). The database keeps
    the constraint itself unchanged: migrations see a plain CheckConstraint.
    """

    def validate(self, model, instance, exclude=None, using=DEFAULT_DB_ALIAS):
        try:
            fields = set(_fields_in(self.condition))
            if exclude and fields & set(exclude):
                return  # a field that failed its own validation: Django skips such a check too
            holds = _holds(self.condition, {name: _value_of(model, instance, name) for name in fields})
        except (_NotInPython, TypeError):  # TypeError: a value not of its field's type (not cleaned)
            return super().validate(model, instance, exclude=exclude, using=using)
        if holds is False:
            raise ValidationError(self.get_violation_error_message(), code=self.violation_error_code)

    def deconstruct(self):
        _path, args, kwargs = super().deconstruct()
        return "django.db.models.CheckConstraint", args, kwargs


class _NotInPython(Exception):
    pass


_COMPARE = {
    "exact": operator.eq,
    "gt": operator.gt,
    "gte": operator.ge,
    "lt": operator.lt,
    "lte": operator.le,
}
_LOOKUPS = {GreaterThan: "gt", GreaterThanOrEqual: "gte", LessThan: "lt", LessThanOrEqual: "lte"}


def _fields_in(node):
    """The field names a condition reads."""
    if isinstance(node, Q):
        for child in node.children:
            yield from _fields_in(child)
    elif isinstance(node, tuple):
        yield node[0].split("__")[0]
        yield from _fields_in(node[1])
    elif isinstance(node, F):
        yield node.name
    elif type(node) in _LOOKUPS or isinstance(node, Length):
        for part in node.get_source_expressions() if isinstance(node, Length) else (node.lhs, node.rhs):
            yield from _fields_in(part)


def _value_of(model, instance, name):
    if "__" in name:  # F() across a relation
        raise _NotInPython
    field = model._meta.get_field(name)
    if field.is_relation:
        raise _NotInPython
    return getattr(instance, field.attname)


def _operand(expression, values):
    if isinstance(expression, F):
        return values[expression.name]
    if isinstance(expression, Length):
        (source,) = expression.get_source_expressions()
        text = _operand(source, values)
        return None if text is None else len(str(text))
    if isinstance(expression, Value):
        return expression.value
    if hasattr(expression, "resolve_expression"):
        raise _NotInPython
    return expression


def _compare(compare, left, right):
    return None if left is None or right is None else compare(left, right)


def _holds(node, values) -> bool | None:
    """True, False, or None (unknown) for a condition over `values`, by SQL's three-valued logic."""
    if isinstance(node, Q):
        results = [_holds(child, values) for child in node.children]
        if node.connector == Q.AND:
            result = False if False in results else None if None in results else True
        elif node.connector == Q.OR:
            result = True if True in results else None if None in results else False
        else:
            raise _NotInPython
        return result if not node.negated or result is None else not result
    if isinstance(node, tuple):
        name, _, lookup = node[0].partition("__")
        lookup = lookup or "exact"
        if "__" in lookup:  # a lookup across a relation, or a transform
            raise _NotInPython
        left, right = values[name], _operand(node[1], values)
        if lookup == "isnull":
            return (left is None) == bool(right)
        if lookup not in _COMPARE:
            raise _NotInPython
        return _compare(_COMPARE[lookup], left, right)
    if type(node) in _LOOKUPS:
        return _compare(
            _COMPARE[_LOOKUPS[type(node)]], _operand(node.lhs, values), _operand(node.rhs, values)
        )
    raise _NotInPython


def min_lte_max(prefix: str, low: str, high: str, label: str) -> models.CheckConstraint:
    return Check(
        condition=Q(**{f"{low}__isnull": True})
        | Q(**{f"{high}__isnull": True})
        | Q(**{f"{low}__lte": F(high)}),
        name=f"{prefix}_{low}_lte_{high}",
        violation_error_message=f"The lowest {label} cannot be more than the highest.",
    )


def at_least_zero(prefix: str, field: str, label: str) -> models.CheckConstraint:
    return Check(
        condition=Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": 0}),
        name=f"{prefix}_{field}_not_negative",
        violation_error_message=f"The {label} cannot be negative.",
    )


def currency_field(*args, **options) -> models.CharField:
    """A three-letter ISO 4217 currency code."""
    return models.CharField(*args, max_length=3, validators=[currency_code], **options)


def amount_field(*args, **options) -> models.DecimalField:
    """An amount of money as a source states it: optional, never negative."""
    return models.DecimalField(*args, **MONEY, null=True, blank=True, validators=[non_negative], **options)


def usd_amount_field(verbose_name: str, amount: str) -> models.DecimalField:
    """The US-dollar amount of another field's `amount`, which only exchange.py writes."""
    return models.DecimalField(
        verbose_name,
        **MONEY,
        null=True,
        blank=True,
        editable=False,
        help_text=f"Derived from the {amount} and its currency at the rate nearest its year (exchange.py).",
    )


def limited_text(*args, max_length: int, **options) -> models.TextField:
    """A TextField whose max_length is a rule of the model, not only a hint to forms.

    Django passes a TextField's max_length to its form field alone; the validator makes
    `full_clean()`, and so the importer, refuse a longer text too. `text_length_at_most()` adds
    the same limit to the database.
    """
    return models.TextField(
        *args, max_length=max_length, validators=[MaxLengthValidator(max_length)], **options
    )


def unique_together(name: str, fields: list[str], message: str) -> models.UniqueConstraint:
    """Rows that may not share the values of `fields`, refused with `message` in forms."""
    return models.UniqueConstraint(fields=fields, name=name, violation_error_message=message)


def more_than_zero(prefix: str, field: str, message: str) -> models.CheckConstraint:
    return Check(
        condition=Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gt": 0}),
        name=f"{prefix}_{field}_positive",
        violation_error_message=message,
    )


def text_length_at_most(prefix: str, field: str, max_length: int) -> models.CheckConstraint:
    return Check(
        condition=LessThanOrEqual(Length(field), max_length),
        name=f"{prefix}_{field}_length",
        violation_error_message=(
            f"The {field.replace('_', ' ')} can be at most {max_length:,} characters long."
        ),
    )


def figure_sources_field(figures: dict[str, str]) -> models.JSONField:
    """The sources that state each of a model's figures; `figures` maps each figure to its words."""
    example = next(iter(figures))
    return models.JSONField(
        default=dict,
        blank=True,
        validators=[FigureSourcesValidator(tuple(figures))],
        help_text=f'The sources that state each figure, e.g. {{"{example}": ["src-key"]}}; '
        f"figures: {', '.join(figures)}.",
    )


def history_field() -> models.JSONField:
    """An amount's older figures, each with its currency, year and sources."""
    return models.JSONField(
        default=list,
        blank=True,
        validators=[HistoryValidator()],
        help_text='Older figures, newest first: [{"amount": "150.00", "currency": "USD", "year": 2017, '
        '"sources": ["src-key"]}].',
    )


class Status(models.TextChoices):
    """Whether a program or pathway still runs, as its sources say."""

    ACTIVE = "active", "Active"
    RETIRED = "retired", "Retired"
    UNKNOWN = "unknown", "Not known"
