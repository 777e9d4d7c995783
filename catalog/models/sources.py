"""Where the catalog's facts come from: the sources, the exchange rates they state, and the
provenance (official page, sources, dates checked) every program, degree and pathway carries."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from catalog import formatting
from catalog.models.base import (
    STALE_AFTER_MONTHS,
    TEXT_MAX_LENGTH,
    Check,
    SavedWithItsFigures,
    add_months,
    currency_field,
    limited_text,
    text_length_at_most,
    unique_together,
)


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

    currency = currency_field()
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
            unique_together(
                "exchange_rate_unique_currency_date",
                ["currency", "date"],
                "This currency already has a rate on this date.",
            ),
            Check(
                condition=Q(units_per_usd__gt=0),
                name="exchange_rate_units_positive",
                violation_error_message="A rate must be more than zero units per US dollar.",
            ),
            Check(
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
