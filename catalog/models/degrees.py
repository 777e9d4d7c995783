"""Master's degrees and the credit pathways a MicroMasters program opens into them."""

from django.db import models
from django.db.models import Case, F, Q, When
from django.db.models.functions import Cast, Round
from django.urls import reverse

from catalog.models.base import (
    STAFF_NOTES_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    Check,
    RewritesFiguresOnUpdate,
    SavedWithItsFigures,
    Status,
    amount_field,
    at_least_zero,
    currency_field,
    figure_sources_field,
    history_field,
    limited_text,
    min_lte_max,
    more_than_zero,
    text_length_at_most,
    unique_together,
)
from catalog.models.programs import Program
from catalog.models.sources import Provenance
from catalog.models.universities import Field, University


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
    tuition_amount = amount_field()
    tuition_currency = currency_field(blank=True)
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
    tuition_history = history_field()
    credits_total = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    credit_unit = models.CharField(max_length=120, blank=True)
    months_min = models.PositiveSmallIntegerField(null=True, blank=True)
    months_max = models.PositiveSmallIntegerField(null=True, blank=True)
    figure_sources = figure_sources_field(FIGURES)

    class Meta:
        ordering = ["title"]
        constraints = [
            at_least_zero("degree", "tuition_amount", "tuition"),
            min_lte_max("degree", "months_min", "months_max", "number of months"),
            more_than_zero(
                "degree", "tuition_count", "The number the tuition multiplies must be more than zero."
            ),
            more_than_zero("degree", "credits_total", "A degree's total credits must be more than zero."),
            Check(
                condition=Q(tuition_amount__isnull=True) | (~Q(tuition_currency="") & ~Q(tuition_unit="")),
                name="degree_tuition_has_currency_and_unit",
                violation_error_message="A tuition amount needs its currency and what it is per (total, per credit...).",
            ),
            Check(
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
    figure_sources = figure_sources_field(FIGURES)

    objects = CreditPathwayQuerySet.as_manager()

    class Meta:
        ordering = ["program", "degree"]
        indexes = [models.Index(fields=["program", "status"])]
        constraints = [
            unique_together(
                "pathway_unique_program_degree",
                ["program", "degree"],
                "This program already has a pathway into this degree.",
            ),
            more_than_zero("pathway", "credits_granted", "Credits granted must be more than zero."),
            Check(
                condition=Q(credits_granted__isnull=True)
                | Q(credits_required__isnull=True)
                | Q(credits_granted__lte=F("credits_required")),
                name="pathway_credits_granted_lte_required",
                violation_error_message="Credits granted cannot exceed the credits the degree requires.",
            ),
            Check(
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
