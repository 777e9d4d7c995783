from decimal import Decimal

import pytest

from catalog import formatting


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [
        (Decimal("1350.00"), "USD", "$1,350"),
        (Decimal("985.5"), "USD", "$985.50"),
        (Decimal("24300"), "EUR", "€24,300"),
        (Decimal("180000"), "HKD", "HK$180,000"),
        (Decimal("1200"), "CHF", "CHF 1,200"),
        (Decimal("0"), "USD", "$0"),
        (None, "USD", "not published"),
    ],
)
def test_money_reads_the_same_everywhere(amount, currency, expected):
    assert formatting.money(amount, currency) == expected


def test_a_range_collapses_when_both_ends_agree():
    assert formatting.money_range(Decimal(500), Decimal(5000)) == "$500–$5,000"
    assert formatting.money_range(Decimal(500), Decimal(500)) == "$500"


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [
        (1, 1, "1 month"),
        (9, 9, "9 months"),
        (14, 24, "14–24 months"),
        (None, 12, "12 months"),
        (None, None, "not published"),
    ],
)
def test_months(low, high, expected):
    assert formatting.months(low, high) == expected


def test_hours_and_percentages():
    assert formatting.hours_per_week(8, 12) == "8–12 hours a week"
    assert formatting.hours_per_week(None, None) == "not published"
    assert formatting.percent(Decimal("0.25")) == "25%"
    assert formatting.percent(Decimal("0.3333")) == "33.3%"
    assert formatting.percent_range(Decimal("0.25"), Decimal("0.5")) == "25–50%"
