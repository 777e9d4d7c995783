"""MicroMasters programs, and the QuerySet that derives their totals from their courses and
pathways (`with_totals()`) or reads them stored (`with_figures()`)."""

from django.core.exceptions import ValidationError
from django.db import models
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
from django.db.models.functions import Cast, Ceil, Coalesce, Lower
from django.urls import reverse

from catalog.figures import ListedPricesValidator
from catalog.models.base import (
    MONEY,
    STAFF_NOTES_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    ZERO,
    Check,
    RewritesFiguresOnUpdate,
    SavedWithItsFigures,
    Status,
    amount_field,
    at_least_zero,
    currency_field,
    figure_sources_field,
    limited_text,
    min_lte_max,
    text_length_at_most,
    usd_amount_field,
)
from catalog.models.sources import Provenance
from catalog.models.universities import Field, University

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
        from catalog.models import Course, CreditPathway  # they point at Program

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
        from catalog.models import ProgramFigures  # it points at Program

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
    currency = currency_field(default="USD")
    course_count = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Courses the credential requires, capstone exams not counted."
    )
    electives_required = models.PositiveSmallIntegerField(default=0)
    exam_fee = amount_field(help_text="An exam or capstone fee not listed as a course.")
    exam_fee_currency = currency_field(default="USD")
    exam_fee_usd = usd_amount_field("exam fee in US dollars", "fee")
    exam_fee_label = models.CharField(max_length=200, blank=True)
    exam_fee_year = models.PositiveSmallIntegerField(null=True, blank=True)
    published_total = amount_field(
        help_text="The program price as the source quotes it; used only where the courses do not carry every price.",
    )
    published_total_year = models.PositiveSmallIntegerField(null=True, blank=True)
    income_price_min = amount_field("income-based price per course (min)")
    income_price_max = amount_field("income-based price per course (max)")
    notes = limited_text(
        "staff notes",
        blank=True,
        max_length=STAFF_NOTES_MAX_LENGTH,
        help_text="Research notes for staff; never shown on public pages.",
    )
    figure_sources = figure_sources_field(FIGURES)
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
            # Search finds programs through their stored documents (`ProgramSearchRow`,
            # catalog/search.py; migration 0013 on PostgreSQL), then orders them by title, which
            # PostgreSQL reads for the programs found from an index holding it beside the id
            # (migration 0014; a covering index, which SQLite has no use for).
        ]
        constraints = [
            min_lte_max("program", "effort_hours_min", "effort_hours_max", "weekly effort"),
            min_lte_max("program", "months_min", "months_max", "number of months"),
            min_lte_max("program", "income_price_min", "income_price_max", "income-based price"),
            at_least_zero("program", "exam_fee", "exam fee"),
            at_least_zero("program", "published_total", "published total"),
            at_least_zero("program", "income_price_min", "income-based price"),
            Check(
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
