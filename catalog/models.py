"""The catalog: universities, MicroMasters programs and their courses, master's degrees and the
credit pathways between them.

Only facts are stored, each with the sources that state it (`figure_sources`). Everything a learner
sees that can be computed from them (a program's total price and weeks, a degree's total tuition,
the cost and time through a pathway) is derived in one place: the program totals in
`ProgramQuerySet.with_totals()` (SQL, so the list can filter and sort on them), the income-based
range, degree and pathway arithmetic in `costs.py`. Two kinds of derived figure are stored: the
US-dollar amount of a course price or exam fee quoted in another currency (`price_usd`,
`exam_fee_usd`), which the totals sum in SQL and only `exchange.py` writes; and each program's totals
(`ProgramFigures`), which `with_totals()` defines and only `program_figures.py` writes, so that pages
read them instead of deriving them again on every view.
"""

import datetime
from collections.abc import Hashable, Iterable, Mapping
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MinValueValidator, RegexValidator
from django.db import models, router, transaction
from django.db.models import (
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    Max,
    Min,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Ceil, Coalesce, Length, Lower, Round
from django.db.models.lookups import LessThanOrEqual
from django.urls import reverse
from django.utils import timezone

from catalog import formatting
from catalog.figures import FigureSourcesValidator, HistoryValidator, ListedPricesValidator
from catalog.history import track
from catalog.search import FtsDocument

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
            program_figures.programs_changed(programs)
            bump_catalog_version()  # no signals: the pages' version changes here
        return updated


def add_months(day: datetime.date, months: int) -> datetime.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    last_day = [
        31,
        29 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 28,
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ]
    return datetime.date(year, month, min(day.day, last_day[month - 1]))


def min_lte_max(prefix: str, low: str, high: str, label: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{low}__isnull": True})
        | Q(**{f"{high}__isnull": True})
        | Q(**{f"{low}__lte": F(high)}),
        name=f"{prefix}_{low}_lte_{high}",
        violation_error_message=f"The lowest {label} cannot be more than the highest.",
    )


def at_least_zero(prefix: str, field: str, label: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": 0}),
        name=f"{prefix}_{field}_not_negative",
        violation_error_message=f"The {label} cannot be negative.",
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


def text_length_at_most(prefix: str, field: str, max_length: int) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=LessThanOrEqual(Length(field), max_length),
        name=f"{prefix}_{field}_length",
        violation_error_message=(
            f"The {field.replace('_', ' ')} can be at most {max_length:,} characters long."
        ),
    )


def prerequisite_loop(requires: Mapping[Hashable, Iterable[Hashable]]) -> list | None:
    """A loop in a prerequisite graph, or None when it has none.

    `requires` maps each course (any key: a primary key, a position in a file) to the courses it
    requires. The loop is returned as the courses along it, the first one again at the end
    (`[a, b, a]`: a requires b, which requires a). The admin's course form and the importer both ask
    here, so a catalog can never hold a course that must come, however indirectly, before itself.
    """
    state: dict[Hashable, str] = {}  # "open" while on the current chain, "done" once fully explored
    for start in requires:
        if start in state:
            continue
        chain = [start]
        pending = [iter(requires.get(start, ()))]
        state[start] = "open"
        while pending:
            following = next(pending[-1], None)
            if following is None:
                state[chain.pop()] = "done"
                pending.pop()
            elif state.get(following) == "open":
                return [*chain[chain.index(following) :], following]
            elif following not in state:
                state[following] = "open"
                chain.append(following)
                pending.append(iter(requires.get(following, ())))
    return None


HISTORY_HELP = (
    'Older figures, newest first: [{"amount": "150.00", "currency": "USD", "year": 2017, '
    '"sources": ["src-key"]}].'
)


def figure_sources_help(figures: dict[str, str]) -> str:
    example = next(iter(figures))
    return f'The sources that state each figure, e.g. {{"{example}": ["src-key"]}}; figures: {", ".join(figures)}.'


class Status(models.TextChoices):
    ACTIVE = "active", "Active"
    RETIRED = "retired", "Retired"
    UNKNOWN = "unknown", "Not known"


class Source(models.Model):
    key = models.SlugField(max_length=120, unique=True)
    url = models.URLField(max_length=500, blank=True)
    locator = limited_text(
        blank=True, max_length=TEXT_MAX_LENGTH, help_text="How to find a source that has no URL."
    )
    title = models.CharField(max_length=500)
    publisher = models.CharField(max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Year of publication, if dated.")
    kind = models.CharField(max_length=40, blank=True, help_text="official, news, guide, third_party_copy...")

    class Meta:
        ordering = ["key"]
        constraints = [text_length_at_most("source", "locator", TEXT_MAX_LENGTH)]

    def __str__(self):
        return f"{self.title} ({self.year or 'undated'})"

    @property
    def kind_label(self):
        return self.kind.replace("_", " ")


class ExchangeRate(SavedWithItsFigures, models.Model):
    """How many units of a currency one US dollar bought on a date, as a source states it.

    A fact like the others: dated, sourced, and stale after STALE_AFTER_MONTHS. Amounts in other
    currencies are converted with the rate nearest to their year (`exchange.py`).
    """

    currency = models.CharField(max_length=3, validators=[currency_code])
    units_per_usd = models.DecimalField(
        "units per US dollar", max_digits=14, decimal_places=6, help_text="20.452 for 20.452 MXN = 1 USD."
    )

    class Period(models.TextChoices):
        DAY = "day", "one day's rate"
        YEAR = "year", "a yearly average"

    date = models.DateField(help_text="The day the rate is quoted for; for a yearly average, 31 December.")
    period = models.CharField(max_length=4, choices=Period.choices, default=Period.DAY)
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="exchange_rates")

    class Meta:
        ordering = ["currency", "-date"]
        constraints = [
            models.UniqueConstraint(
                fields=["currency", "date"],
                name="exchange_rate_unique_currency_date",
                violation_error_message="This currency already has a rate on this date.",
            ),
            models.CheckConstraint(
                condition=Q(units_per_usd__gt=0),
                name="exchange_rate_units_positive",
                violation_error_message="A rate must be more than zero units per US dollar.",
            ),
            models.CheckConstraint(
                condition=~Q(currency="USD"),
                name="exchange_rate_not_usd",
                violation_error_message="A US dollar is always one US dollar: give the rate of another currency.",
            ),
        ]

    def __str__(self):
        return formatting.exchange_rate(self.currency, self.units_per_usd, self.date, self.period)

    @classmethod
    def from_db(cls, db, field_names, values):
        # The stored currency, so that a rate moved to another currency refreshes the amounts of both.
        row = super().from_db(db, field_names, values)
        row.stored_currency = row.__dict__.get("currency")
        return row

    def is_stale(self, today: datetime.date | None = None) -> bool:
        """True when the rate is older than STALE_AFTER_MONTHS, as for every other fact."""
        today = today or timezone.localdate()
        return add_months(self.date, STALE_AFTER_MONTHS) < today


class Field(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("catalog:field_detail", args=[self.slug])


class UniversityQuerySet(models.QuerySet):
    """The universities the site counts: every page that counts universities asks here."""

    def offering_programs(self):
        """Universities that offer at least one MicroMasters program of the catalog."""
        return self.filter(programs__isnull=False).distinct()

    def degrees_only(self):
        """Universities with master's degrees on file but no MicroMasters program of their own."""
        return self.filter(programs__isnull=True, degrees__isnull=False).distinct()


class University(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True)
    short_name = models.CharField(max_length=40, blank=True, help_text="edX organisation code, e.g. MITx.")
    country = models.CharField(
        max_length=80, blank=True, db_index=True, help_text="Empty when not published."
    )
    website = models.URLField(blank=True)

    objects = UniversityQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "universities"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("catalog:university_detail", args=[self.slug])


class Provenance(models.Model):
    """Where a record's facts come from and how fresh they are."""

    url = models.URLField("official page", max_length=500, blank=True)
    sources = models.ManyToManyField(Source, blank=True, related_name="+")
    verified_on = models.DateField(help_text="When the record was last checked against its sources.")
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        help_text="Who last marked the record checked today in the admin; empty when imported.",
    )
    facts_year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Year of the newest figure the record uses; empty when undated."
    )
    caveat = limited_text(
        blank=True, max_length=TEXT_MAX_LENGTH, help_text="A low-confidence warning shown to learners."
    )

    class Meta:
        abstract = True

    def is_stale(self, today: datetime.date | None = None) -> bool:
        """True when the record or its newest figure is older than STALE_AFTER_MONTHS."""
        return bool(self.stale_reasons(today))

    def stale_reasons(self, today: datetime.date | None = None) -> list[str]:
        """Why the record may be out of date, for staff: empty when it is not."""
        today = today or timezone.localdate()
        reasons = []
        if add_months(self.verified_on, STALE_AFTER_MONTHS) < today:
            reasons.append(f"last checked {self.verified_on:%d %b %Y}")
        if self.facts_year is None:
            reasons.append("no dated figure")
        elif add_months(datetime.date(self.facts_year, 12, 31), STALE_AFTER_MONTHS) < today:
            reasons.append(f"newest figure from {self.facts_year}")
        return reasons


REQUIRED_KINDS = ("required", "capstone")
PAID_KINDS = ("required", "capstone", "exam")


def _per_program(queryset, aggregate):
    """A correlated subquery: one aggregate over a program's courses, NULL when it has none."""
    return Subquery(
        queryset.filter(program=OuterRef("pk"))
        .order_by()
        .values("program")
        .annotate(value=aggregate)
        .values("value")
    )


class ProgramQuerySet(RewritesFiguresOnUpdate, models.QuerySet):
    program_path = "pk"

    def active(self):
        return self.filter(status=Status.ACTIVE)

    def search(self, text):
        """Programs matching every word of `text`, annotated with `search_rank` (catalog/search.py)."""
        from catalog import search  # it reads these models

        return search.search(self, text)

    def with_totals(self):
        """Annotate every derived program figure; the pages, filters, admin and advisor read these.

        total_price, always in US dollars: the prices of the required, capstone and exam courses,
        plus the exam fee, plus `electives_required` x the cheapest elective, when every one of those
        carries a price and the required courses listed cover `course_count`; else the published
        total; else NULL. Course prices and the exam fee count in their US-dollar amounts
        (`price_usd`, `exam_fee_usd`, see exchange.py): a price in another currency with no exchange
        rate on file counts as unpriced.
        total_summed: True when total_price is that sum (our arithmetic), False for a published total.
        paid_year_min/max: the oldest and newest year of the course prices such a sum adds.
        total_converted: True when total_price used a course price or exam fee quoted in another
        currency than US dollars (so it is "about" that much, at a dated rate).
        income_total_min/max: course_count x the income-based price per course, plus the exam fee
        in US dollars (NULL when the fee has no rate to convert it).
        price_from: the least a learner can pay for the credential (total, else income minimum).
        total_weeks: the weeks of the required and capstone courses when all are known and listed.
        calendar_months_min/max: the stated calendar, else total_weeks in months (rounded up).
        best_credit_share / has_pathway: over the program's open credit pathways (not retired:
        most sources date a pathway without saying whether it still runs, so "unknown" counts).
        Subqueries, not joins, so one annotation never multiplies another.
        """
        courses = Course.objects.all()
        paid = courses.filter(kind__in=PAID_KINDS)
        required = courses.filter(kind__in=REQUIRED_KINDS)
        electives = courses.filter(kind=Course.Kind.ELECTIVE)
        foreign = ~Q(price_currency="USD")
        money = models.DecimalField(**MONEY)
        queryset = self.annotate(
            required_listed=Coalesce(_per_program(required, Count("pk")), 0),
            paid_unpriced=Coalesce(_per_program(paid.filter(price_usd__isnull=True), Count("pk")), 0),
            paid_sum=_per_program(paid, Sum("price_usd")),
            # Counted per program like its neighbours, not an EXISTS: PostgreSQL would hash that
            # over a scan of every course instead of reading the program's through its index.
            paid_converted=Coalesce(_per_program(paid.filter(foreign), Count("pk")), 0),
            elective_cheapest=_per_program(electives, Min("price_usd")),
            elective_cheapest_converted=Subquery(
                electives.filter(program=OuterRef("pk"))
                .order_by("price_usd", "position")
                .annotate(converted=ExpressionWrapper(foreign, output_field=models.BooleanField()))
                .values("converted")[:1]
            ),
            elective_unpriced=Coalesce(
                _per_program(electives.filter(price_usd__isnull=True), Count("pk")), 0
            ),
            weeks_unknown=Coalesce(_per_program(required.filter(weeks__isnull=True), Count("pk")), 0),
            weeks_sum=_per_program(required, Sum("weeks")),
            paid_year_min=_per_program(paid, Min("price_year")),
            paid_year_max=_per_program(paid, Max("price_year")),
        )
        requirement_listed = Q(required_listed__gt=0) & (
            Q(course_count__isnull=True) | Q(required_listed__gte=F("course_count"))
        )
        electives_priced = Q(electives_required=0) | Q(elective_unpriced=0, elective_cheapest__isnull=False)
        # The fee in US dollars: 0 with no fee, NULL for a fee with no rate for its currency, which
        # leaves every sum that needs it unknown.
        fee = Case(
            When(exam_fee__isnull=True, then=Value(ZERO)), default=F("exam_fee_usd"), output_field=money
        )
        fee_known = Q(exam_fee__isnull=True) | Q(exam_fee_usd__isnull=False)
        summed = requirement_listed & Q(paid_unpriced=0) & electives_priced & fee_known
        converted = (
            Q(paid_converted__gt=0)
            | (Q(exam_fee__isnull=False) & ~Q(exam_fee_currency="USD"))
            | Q(electives_required__gt=0, elective_cheapest_converted=True)
        )
        queryset = queryset.annotate(
            total_price=Case(
                When(
                    summed,
                    then=F("paid_sum")
                    + fee
                    + F("electives_required") * Coalesce(F("elective_cheapest"), Value(ZERO)),
                ),
                default=F("published_total"),
                output_field=money,
            ),
            total_summed=Case(
                When(summed, then=Value(True)), default=Value(False), output_field=models.BooleanField()
            ),
            total_converted=Case(
                When(summed & converted, then=Value(True)),
                default=Value(False),
                output_field=models.BooleanField(),
            ),
            income_total_min=ExpressionWrapper(
                F("course_count") * F("income_price_min") + fee, output_field=money
            ),
            income_total_max=ExpressionWrapper(
                F("course_count") * F("income_price_max") + fee, output_field=money
            ),
            total_weeks=Case(
                When(requirement_listed & Q(weeks_unknown=0), then=F("weeks_sum")),
                default=None,
                output_field=models.IntegerField(),
            ),
        )
        # Calendar months: as the sources state them, else the course weeks taken one after another.
        weeks_as_months = Ceil(F("total_weeks") * Value(12.0) / Value(52.0))
        return queryset.annotate(
            price_from=Coalesce(F("total_price"), F("income_total_min"), output_field=money),
            calendar_months_min=Cast(
                Coalesce(F("months_min"), F("months_max"), weeks_as_months), models.IntegerField()
            ),
            calendar_months_max=Cast(
                Coalesce(F("months_max"), F("months_min"), weeks_as_months), models.IntegerField()
            ),
            best_credit_share=Subquery(
                CreditPathway.objects.open()
                .filter(program=OuterRef("pk"))
                .annotate(share=CreditPathway.share_expression())
                .order_by(F("share").desc(nulls_last=True))
                .values("share")[:1],
                output_field=models.DecimalField(max_digits=6, decimal_places=4),
            ),
            has_pathway=Exists(CreditPathway.objects.open().filter(program=OuterRef("pk"))),
        )

    def with_figures(self):
        """The figures of `with_totals()`, under the same names, read from `ProgramFigures`: one
        join instead of a dozen subqueries per row, and indexed columns to filter and sort on.

        An inner join (every program has its row, written with it), so that a sort by a figure can
        read the figures' index in order and stop after a page.
        """
        return self.filter(figures__isnull=False).annotate(
            **{name: F(f"figures__{name}") for name in ProgramFigures.STORED}
        )

    def for_listing(self):
        return self.with_figures().select_related("university", "field")


class Program(SavedWithItsFigures, Provenance):
    class Pacing(models.TextChoices):
        SELF_PACED = "self_paced", "Self-paced"
        INSTRUCTOR_LED = "instructor_led", "Instructor-led"
        MIXED = "mixed", "Mixed"

    # The figures `figure_sources` may name sources for, with the words for each.
    FIGURES = {
        "published_total": "published total",
        "exam_fee": "exam fee",
        "income_price": "income-based price",
        "months": "calendar months",
        "effort": "weekly effort",
        "pacing": "pacing",
        "course_count": "number of courses",
        "status": "status",
    }

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True)
    university = models.ForeignKey(University, on_delete=models.PROTECT, related_name="programs")
    field = models.ForeignKey(Field, on_delete=models.PROTECT, related_name="programs")
    summary = limited_text(blank=True, max_length=TEXT_MAX_LENGTH)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.UNKNOWN)
    status_note = models.CharField(max_length=200, blank=True, help_text="The source's own words.")
    pacing = models.CharField(max_length=20, choices=Pacing.choices, blank=True)
    pacing_note = models.CharField(max_length=200, blank=True)
    effort_hours_min = models.PositiveSmallIntegerField("effort, hours/week (min)", null=True, blank=True)
    effort_hours_max = models.PositiveSmallIntegerField("effort, hours/week (max)", null=True, blank=True)
    months_min = models.PositiveSmallIntegerField("calendar months (min)", null=True, blank=True)
    months_max = models.PositiveSmallIntegerField("calendar months (max)", null=True, blank=True)
    currency = models.CharField(max_length=3, default="USD", validators=[currency_code])
    course_count = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Courses the credential requires, capstone exams not counted."
    )
    electives_required = models.PositiveSmallIntegerField(default=0)
    exam_fee = models.DecimalField(
        **MONEY,
        null=True,
        blank=True,
        validators=[non_negative],
        help_text="An exam or capstone fee not listed as a course.",
    )
    exam_fee_currency = models.CharField(max_length=3, default="USD", validators=[currency_code])
    exam_fee_usd = models.DecimalField(
        "exam fee in US dollars",
        **MONEY,
        null=True,
        blank=True,
        editable=False,
        help_text="Derived from the fee and its currency at the rate nearest its year (exchange.py).",
    )
    exam_fee_label = models.CharField(max_length=200, blank=True)
    exam_fee_year = models.PositiveSmallIntegerField(null=True, blank=True)
    published_total = models.DecimalField(
        **MONEY,
        null=True,
        blank=True,
        validators=[non_negative],
        help_text="The program price as the source quotes it; used only where the courses do not carry every price.",
    )
    published_total_year = models.PositiveSmallIntegerField(null=True, blank=True)
    income_price_min = models.DecimalField(
        "income-based price per course (min)", **MONEY, null=True, blank=True, validators=[non_negative]
    )
    income_price_max = models.DecimalField(
        "income-based price per course (max)", **MONEY, null=True, blank=True, validators=[non_negative]
    )
    notes = limited_text(
        "staff notes",
        blank=True,
        max_length=STAFF_NOTES_MAX_LENGTH,
        help_text="Research notes for staff; never shown on public pages.",
    )
    figure_sources = models.JSONField(
        default=dict,
        blank=True,
        validators=[FigureSourcesValidator(tuple(FIGURES))],
        help_text=figure_sources_help(FIGURES),
    )
    other_course_prices = models.JSONField(
        "other priced courses",
        default=list,
        blank=True,
        validators=[ListedPricesValidator()],
        help_text="Courses a source prices for this program that no course record names, shown to learners "
        'but not counted in the total: [{"title": "...", "amount": "249.00", "currency": "USD", "year": 2020, '
        '"sources": ["src-key"]}].',
    )

    objects = ProgramQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        indexes = [
            models.Index(fields=["status"]),
            models.Index(fields=["pacing"]),
            models.Index(fields=["months_max"]),
            models.Index(fields=["effort_hours_max"]),
            models.Index(fields=["published_total"]),
            # The list's default order (title case-blind, then as stored, then pk): a page is read
            # off the index, not sorted.
            models.Index(Lower("title"), F("title"), F("id"), name="program_title_id_idx"),
            # Search: PostgreSQL GIN indexes on the texts catalog/search.py matches, created by
            # migration 0007 on PostgreSQL only (SQLite has no GIN, and searches an FTS5 table).
        ]
        constraints = [
            min_lte_max("program", "effort_hours_min", "effort_hours_max", "weekly effort"),
            min_lte_max("program", "months_min", "months_max", "number of months"),
            min_lte_max("program", "income_price_min", "income_price_max", "income-based price"),
            at_least_zero("program", "exam_fee", "exam fee"),
            at_least_zero("program", "published_total", "published total"),
            at_least_zero("program", "income_price_min", "income-based price"),
            models.CheckConstraint(
                condition=Q(course_count__isnull=True) | Q(course_count__gte=1),
                name="program_course_count_positive",
                violation_error_message="A program requires at least one course.",
            ),
            text_length_at_most("program", "summary", TEXT_MAX_LENGTH),
            text_length_at_most("program", "caveat", TEXT_MAX_LENGTH),
            text_length_at_most("program", "notes", STAFF_NOTES_MAX_LENGTH),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("catalog:program_detail", args=[self.slug])

    def clean(self):
        super().clean()
        if (self.income_price_min is None) != (self.income_price_max is None):
            raise ValidationError("Give both ends of the income-based price range, or neither.")


class CourseQuerySet(RewritesFiguresOnUpdate, models.QuerySet):
    pass


class Course(SavedWithItsFigures, models.Model):
    class Kind(models.TextChoices):
        REQUIRED = "required", "Required"
        ELECTIVE = "elective", "Elective"
        CAPSTONE = "capstone", "Capstone"
        EXAM = "exam", "Proctored exam"

    FIGURES = {"price": "price", "weeks": "weeks", "effort": "weekly effort"}

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="courses")
    position = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    code = models.CharField(max_length=40, blank=True)
    title = models.CharField(max_length=200, blank=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.REQUIRED)
    weeks = models.PositiveSmallIntegerField(null=True, blank=True)
    effort_hours_min = models.PositiveSmallIntegerField("effort, hours/week (min)", null=True, blank=True)
    effort_hours_max = models.PositiveSmallIntegerField("effort, hours/week (max)", null=True, blank=True)
    price = models.DecimalField(
        **MONEY,
        null=True,
        blank=True,
        validators=[non_negative],
        help_text="Verified certificate price (or exam fee).",
    )
    price_currency = models.CharField(max_length=3, default="USD", validators=[currency_code])
    price_usd = models.DecimalField(
        "price in US dollars",
        **MONEY,
        null=True,
        blank=True,
        editable=False,
        help_text="Derived from the price and its currency at the rate nearest its year (exchange.py).",
    )
    price_year = models.PositiveSmallIntegerField(null=True, blank=True)
    price_history = models.JSONField(
        default=list, blank=True, validators=[HistoryValidator()], help_text=HISTORY_HELP
    )
    prerequisites = models.ManyToManyField("self", symmetrical=False, blank=True, related_name="required_for")
    notes = limited_text(blank=True, max_length=TEXT_MAX_LENGTH)
    figure_sources = models.JSONField(
        default=dict,
        blank=True,
        validators=[FigureSourcesValidator(tuple(FIGURES))],
        help_text=figure_sources_help(FIGURES),
    )

    objects = CourseQuerySet.as_manager()

    class Meta:
        ordering = ["program", "position"]
        indexes = [models.Index(fields=["program", "kind"])]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "position"],
                name="course_unique_position",
                violation_error_message="Two courses of one program cannot share a position.",
            ),
            models.CheckConstraint(
                condition=Q(position__gte=1),
                name="course_position_positive",
                violation_error_message="Positions start at 1.",
            ),
            min_lte_max("course", "effort_hours_min", "effort_hours_max", "weekly effort"),
            at_least_zero("course", "price", "price"),
            text_length_at_most("course", "notes", TEXT_MAX_LENGTH),
        ]

    def __str__(self):
        return " ".join(part for part in (self.code, self.title) if part) or f"Course {self.position}"

    def clean(self):
        super().clean()
        # A course moved to another program would leave courses of its old one requiring it.
        if self.pk is not None and self.program_id is not None:
            stranded = list(self.required_for.exclude(program_id=self.program_id).select_related("program"))
            if stranded:
                names = "; ".join(f"{other} ({other.program})" for other in stranded)
                raise ValidationError(
                    {
                        "program": f"Courses of another program require this course: {names}. "
                        "Remove it from their prerequisites first."
                    },
                    code="prerequisite_of_other_program",
                )

    def validate_prerequisites(self, prerequisites: Iterable["Course"], *, program: "Program | None" = None):
        """Refuse prerequisites other than courses of the same program, or that would close a loop.

        The many-to-many field is saved after the course itself, so `clean()` cannot see the set
        about to be saved: the admin's course form passes it here, with the program the course is
        about to belong to when that changes too. Raises ValidationError naming each offending course.
        """
        program_id = self.program_id if program is None else program.pk
        prerequisites = list(prerequisites)
        errors = []
        for other in prerequisites:
            if self.pk is not None and other.pk == self.pk:
                errors.append(
                    ValidationError("A course cannot be its own prerequisite.", code="own_prerequisite")
                )
            elif other.program_id != program_id:
                errors.append(
                    ValidationError(
                        f"{other} is a course of another program ({other.program}); "
                        "a prerequisite must be a course of the same program.",
                        code="prerequisite_of_other_program",
                    )
                )
        if errors:
            raise ValidationError(errors)
        if self.pk is None:
            return  # nothing can require a course not saved yet, so it closes no loop
        links = Course.prerequisites.through.objects.filter(from_course__program_id=program_id).exclude(
            from_course_id=self.pk
        )
        requires: dict[int, set[int]] = {self.pk: {other.pk for other in prerequisites}}
        for course_id, required_id in links.values_list("from_course_id", "to_course_id"):
            requires.setdefault(course_id, set()).add(required_id)
        loop = prerequisite_loop(requires)
        if loop:
            names = {course.pk: str(course) for course in Course.objects.filter(pk__in=loop)}
            names[self.pk] = str(self)
            chain = " requires ".join(names[pk] for pk in loop)
            raise ValidationError(
                f"These prerequisites make a loop: {chain}. A course cannot come before itself.",
                code="prerequisite_loop",
            )


class Degree(Provenance):
    class Format(models.TextChoices):
        ONLINE = "online", "Online"
        ON_CAMPUS = "on_campus", "On campus"
        BLENDED = "blended", "Blended"

    class TuitionUnit(models.TextChoices):
        TOTAL = "total", "for the whole degree"
        PER_CREDIT = "per_credit", "per credit"
        PER_TERM = "per_term", "per term"
        PER_YEAR = "per_year", "per year"

    FIGURES = {"tuition": "tuition", "credits": "credits", "months": "months", "format": "format"}

    title = models.CharField(max_length=250)
    slug = models.SlugField(max_length=120, unique=True)
    university = models.ForeignKey(University, on_delete=models.PROTECT, related_name="degrees")
    field = models.ForeignKey(Field, on_delete=models.PROTECT, related_name="degrees", null=True, blank=True)
    format = models.CharField(max_length=10, choices=Format.choices, blank=True)
    format_note = models.CharField(max_length=250, blank=True)
    tuition_amount = models.DecimalField(**MONEY, null=True, blank=True, validators=[non_negative])
    tuition_currency = models.CharField(max_length=3, blank=True, validators=[currency_code])
    tuition_unit = models.CharField(max_length=10, choices=TuitionUnit.choices, blank=True)
    tuition_count = models.DecimalField(
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="How many credits, terms or years the tuition unit multiplies (empty for a total).",
    )
    tuition_year = models.PositiveSmallIntegerField(null=True, blank=True)
    tuition_note = limited_text(
        "tuition notes (staff)",
        blank=True,
        max_length=STAFF_NOTES_MAX_LENGTH,
        help_text="Other figures found and what is excluded; never shown on public pages.",
    )
    tuition_history = models.JSONField(
        default=list, blank=True, validators=[HistoryValidator()], help_text=HISTORY_HELP
    )
    credits_total = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    credit_unit = models.CharField(max_length=120, blank=True)
    months_min = models.PositiveSmallIntegerField(null=True, blank=True)
    months_max = models.PositiveSmallIntegerField(null=True, blank=True)
    figure_sources = models.JSONField(
        default=dict,
        blank=True,
        validators=[FigureSourcesValidator(tuple(FIGURES))],
        help_text=figure_sources_help(FIGURES),
    )

    class Meta:
        ordering = ["title"]
        constraints = [
            at_least_zero("degree", "tuition_amount", "tuition"),
            min_lte_max("degree", "months_min", "months_max", "number of months"),
            models.CheckConstraint(
                condition=Q(tuition_count__isnull=True) | Q(tuition_count__gt=0),
                name="degree_tuition_count_positive",
                violation_error_message="The number the tuition multiplies must be more than zero.",
            ),
            models.CheckConstraint(
                condition=Q(credits_total__isnull=True) | Q(credits_total__gt=0),
                name="degree_credits_total_positive",
                violation_error_message="A degree's total credits must be more than zero.",
            ),
            models.CheckConstraint(
                condition=Q(tuition_amount__isnull=True) | (~Q(tuition_currency="") & ~Q(tuition_unit="")),
                name="degree_tuition_has_currency_and_unit",
                violation_error_message="A tuition amount needs its currency and what it is per (total, per credit...).",
            ),
            models.CheckConstraint(
                condition=~Q(tuition_unit="total") | Q(tuition_count__isnull=True),
                name="degree_total_tuition_has_no_count",
                violation_error_message="A total tuition multiplies nothing: leave the count empty.",
            ),
            text_length_at_most("degree", "tuition_note", STAFF_NOTES_MAX_LENGTH),
            text_length_at_most("degree", "caveat", TEXT_MAX_LENGTH),
        ]

    def __str__(self):
        return f"{self.title}, {self.university}" if self.university_id else self.title

    def get_absolute_url(self):
        return reverse("catalog:degree_detail", args=[self.slug])


class CreditPathwayQuerySet(RewritesFiguresOnUpdate, models.QuerySet):
    def open(self):
        """Pathways not known to be retired."""
        return self.exclude(status=Status.RETIRED)


class CreditPathway(SavedWithItsFigures, Provenance):
    FIGURES = {"credit": "credit"}

    slug = models.SlugField(max_length=220, unique=True)
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="pathways")
    degree = models.ForeignKey(Degree, on_delete=models.PROTECT, related_name="pathways")
    degree_name_as_listed = models.CharField(
        max_length=250,
        blank=True,
        help_text="The degree's name as a third party lists it, when no official title was found",
    )
    degree_name_lister = models.CharField(
        max_length=120, blank=True, help_text='Who lists the degree by that name, e.g. "Class Central".'
    )
    credits_granted = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    credits_required = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    credit_unit = models.CharField(max_length=120, blank=True)
    share_min = models.DecimalField(
        "stated share (min)",
        max_digits=5,
        decimal_places=4,
        null=True,
        blank=True,
        help_text="0.25 for 25 %.",
    )
    share_max = models.DecimalField(
        "stated share (max)", max_digits=5, decimal_places=4, null=True, blank=True
    )
    share_text = models.CharField(max_length=250, blank=True, help_text="The source's words.")
    conditions = limited_text(
        "staff notes",
        blank=True,
        max_length=STAFF_NOTES_MAX_LENGTH,
        help_text="Conditions and research context as the sources give them; never shown on public pages.",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.UNKNOWN)
    figure_sources = models.JSONField(
        default=dict,
        blank=True,
        validators=[FigureSourcesValidator(tuple(FIGURES))],
        help_text=figure_sources_help(FIGURES),
    )

    objects = CreditPathwayQuerySet.as_manager()

    class Meta:
        ordering = ["program", "degree"]
        indexes = [models.Index(fields=["program", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "degree"],
                name="pathway_unique_program_degree",
                violation_error_message="This program already has a pathway into this degree.",
            ),
            models.CheckConstraint(
                condition=Q(credits_granted__isnull=True) | Q(credits_granted__gt=0),
                name="pathway_credits_granted_positive",
                violation_error_message="Credits granted must be more than zero.",
            ),
            models.CheckConstraint(
                condition=Q(credits_granted__isnull=True)
                | Q(credits_required__isnull=True)
                | Q(credits_granted__lte=F("credits_required")),
                name="pathway_credits_granted_lte_required",
                violation_error_message="Credits granted cannot exceed the credits the degree requires.",
            ),
            models.CheckConstraint(
                condition=(Q(share_min__isnull=True) | Q(share_min__gt=0, share_min__lte=1))
                & (Q(share_max__isnull=True) | Q(share_max__gt=0, share_max__lte=1)),
                name="pathway_share_between_0_and_1",
                violation_error_message="A share of the degree must be more than 0 and at most 1 (e.g. 0.25).",
            ),
            min_lte_max("pathway", "share_min", "share_max", "share"),
            text_length_at_most("pathway", "conditions", STAFF_NOTES_MAX_LENGTH),
            text_length_at_most("pathway", "caveat", TEXT_MAX_LENGTH),
        ]

    def __str__(self):
        return f"{self.program} → {self.degree}"

    def get_absolute_url(self):
        return self.program.get_absolute_url() + "#pathways"

    @staticmethod
    def share_expression():
        """The credit share in SQL: granted/required when both are known, else the stated minimum."""
        return Case(
            When(
                credits_granted__isnull=False,
                credits_required__isnull=False,
                # Divided as floats, then rounded to 4 places on both databases: SQLite keeps
                # whole-number decimals as integers, and 16 / 48 there would be 0.
                then=Round(
                    Cast(
                        Cast(F("credits_granted"), models.FloatField()) / F("credits_required"),
                        models.DecimalField(max_digits=6, decimal_places=4),
                    ),
                    4,
                ),
            ),
            default=F("share_min"),
            output_field=models.DecimalField(max_digits=6, decimal_places=4),
        )


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

    class Meta:
        verbose_name_plural = "program figures"
        # Migration 0011 adds descending price and credit indexes on PostgreSQL only.
        indexes = [
            models.Index(fields=["price_from"], name="figures_price_from_idx"),
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
    """A program's row in SQLite's full-text search table (catalog/search.py), for joining to it.

    The table is FTS5's, made and kept current by `search.install_sqlite_search` and its triggers;
    Django never creates, writes or (on PostgreSQL, which has no such table) reads it.
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

    class Meta:
        managed = False
        db_table = "catalog_program_search"

    def __str__(self):
        return f"search row of program {self.program_id}"


track(Source, ExchangeRate, Field, University, Program, Course, Degree, CreditPathway)
