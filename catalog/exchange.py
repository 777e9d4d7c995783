"""US-dollar amounts of figures quoted in other currencies: the one conversion rule and its one writer.

The rule: US dollars convert to themselves. Another currency converts with its `ExchangeRate`
nearest to 1 July of the figure's year, a rate standing for its date and a yearly average for 1 July
of its year (on a tie, the later rate); an undated figure uses
the newest rate; a currency with no rate on file does not convert, and nothing stands in for it.
The amount is `amount / units_per_usd`, rounded half up to cents.

Program totals are summed in SQL, so the converted course prices and exam fees are stored beside
the facts (`Course.price_usd`, `Program.exam_fee_usd`) and written here only: `set_usd_amount`
before a course or program is saved, `refresh_usd_amounts` after a rate changes and at the end of
an import (signals in apps.py), and after any bulk write that sends no signals.
"""

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from django.db.models import F, Q

from catalog.costs import cents
from catalog.models import Course, ExchangeRate, Program

USD = "USD"
BATCH = 500


@dataclass(frozen=True)
class Rate:
    """An exchange rate as a plain value, with the source a page names beside a converted figure."""

    currency: str
    units_per_usd: Decimal
    date: datetime.date
    period: str
    source_key: str
    source_title: str
    source_url: str

    @classmethod
    def of(cls, rate: ExchangeRate) -> "Rate":
        return cls(
            rate.currency,
            rate.units_per_usd,
            rate.date,
            rate.period,
            rate.source.key,
            rate.source.title,
            rate.source.url,
        )

    @property
    def middle(self) -> datetime.date:
        """The day the rate stands for: its date, or 1 July of a yearly average's year."""
        return datetime.date(self.date.year, 7, 1) if self.period == "year" else self.date


@dataclass(frozen=True)
class Conversion:
    amount_usd: Decimal
    rate: Rate | None  # None for an amount already in US dollars


def rates_by_currency(currencies: Iterable[str] | None = None) -> dict[str, list[Rate]]:
    """Every rate on file (or those of `currencies`), newest first per currency, in one query."""
    rows = ExchangeRate.objects.select_related("source").order_by("currency", "-date")
    if currencies is not None:
        rows = rows.filter(currency__in=list(currencies))
    rates: dict[str, list[Rate]] = {}
    for row in rows:
        rates.setdefault(row.currency, []).append(Rate.of(row))
    return rates


def choose_rate(rates: Sequence[Rate], year: int | None) -> Rate | None:
    """The rate nearest to 1 July of `year` (on a tie, the later), or the newest for no year."""
    if not rates:
        return None
    if year is None:
        return max(rates, key=lambda rate: rate.date)
    middle = datetime.date(year, 7, 1)
    return min(rates, key=lambda rate: (abs((rate.middle - middle).days), -rate.date.toordinal()))


def usd_amount(
    amount: Decimal, currency: str, year: int | None, rates: Mapping[str, Sequence[Rate]]
) -> Conversion | None:
    """`amount` of `currency`, stated for `year`, in US dollars; None when no rate converts it.

    `rates` maps each currency to its rates, as `rates_by_currency()` returns them.
    """
    if currency == USD:
        return Conversion(cents(amount), None)
    rate = choose_rate(rates.get(currency, ()), year)
    if rate is None:
        return None
    return Conversion(cents(amount / rate.units_per_usd), rate)


# The stored US-dollar amounts


class Converted(NamedTuple):
    """The fields of a model holding an amount, its currency, its year and its US-dollar amount."""

    amount: str
    currency: str
    year: str
    usd: str


CONVERTED = {
    Course: Converted("price", "price_currency", "price_year", "price_usd"),
    Program: Converted("exam_fee", "exam_fee_currency", "exam_fee_year", "exam_fee_usd"),
}


def _usd_value(row, fields: Converted, rates: Mapping[str, Sequence[Rate]]) -> Decimal | None:
    amount = getattr(row, fields.amount)
    if amount is None:
        return None
    # Before a save the attribute holds whatever was assigned (150, "150.00"): read it as the field would.
    amount = row._meta.get_field(fields.amount).to_python(amount)
    conversion = usd_amount(amount, getattr(row, fields.currency), getattr(row, fields.year), rates)
    return None if conversion is None else conversion.amount_usd


def set_usd_amount(sender, instance, raw=False, **_signal_arguments) -> None:
    """pre_save of Course and Program: the row's own US-dollar amount from the rates on file now.

    Costs one query, for the rates of the row's currency, and none for US dollars.
    """
    if raw:  # loaddata writes rows exactly as dumped
        return
    fields = CONVERTED[sender]
    currency = getattr(instance, fields.currency)
    no_query = currency == USD or getattr(instance, fields.amount) is None
    rates = {} if no_query else rates_by_currency([currency])
    setattr(instance, fields.usd, _usd_value(instance, fields, rates))


def refresh_usd_amounts(currencies: Iterable[str] | None = None) -> int:
    """Recompute every stored US-dollar amount (or those of `currencies`); returns how many changed.

    A fixed number of queries whatever the number of rows: the rates, then per model one UPDATE for
    the US-dollar rows, one read of the others and their changed rows written back in batches.
    Bulk updates send no signals: callers run inside a write that already bumps the catalog version.
    """
    currencies = None if currencies is None else sorted(set(currencies))
    rates = rates_by_currency(currencies)
    changed = 0
    for model, fields in CONVERTED.items():
        rows = model.objects.order_by()
        if currencies is not None:
            rows = rows.filter(**{f"{fields.currency}__in": currencies})
        amount, usd = F(fields.amount), fields.usd
        differs = (
            Q(**{f"{usd}__isnull": True, f"{fields.amount}__isnull": False})
            | Q(**{f"{usd}__isnull": False, f"{fields.amount}__isnull": True})
            | Q(**{f"{usd}__lt": amount})
            | Q(**{f"{usd}__gt": amount})
        )
        changed += rows.filter(differs, **{fields.currency: USD}).update(**{usd: amount})
        stale = []
        for row in rows.exclude(**{fields.currency: USD}).only("pk", *fields):
            value = _usd_value(row, fields, rates)
            if getattr(row, usd) != value:
                setattr(row, usd, value)
                stale.append(row)
        model.objects.bulk_update(stale, [usd], batch_size=BATCH)
        changed += len(stale)
    return changed


def refresh_for_rate(sender, instance, **_signal_arguments) -> None:
    """post_save and post_delete of ExchangeRate: the amounts in its currency (and its old one)."""
    refresh_usd_amounts({instance.currency, getattr(instance, "stored_currency", None) or instance.currency})
