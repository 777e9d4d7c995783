"""Exchange rates, the one conversion rule, and the US-dollar amounts the program totals sum."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalog.caching import catalog_version
from catalog.exchange import Conversion, Rate, rates_by_currency, refresh_usd_amounts, usd_amount
from catalog.models import Course, ExchangeRate, Program, Source
from tests.catalog.programs import totals, with_a_peso_exam_fee, with_electives


def rate(units, day, currency="MXN", period="day"):
    return Rate(currency, Decimal(units), day, period, "src-rates", "Rates", "https://example.org/rates")


# The rule, without a database


def test_6125_pesos_at_20_48_per_dollar_are_299_dollars_07():
    september = rate("20.48", datetime.date(2021, 9, 30))

    conversion = usd_amount(Decimal("6125"), "MXN", 2021, {"MXN": [september]})

    # 6125 / 20.48 = 299.0722...
    assert conversion == Conversion(Decimal("299.07"), september)


def test_the_rate_nearest_to_the_middle_of_the_figures_year_is_used():
    rates = {
        "MXN": [
            rate("19.91", datetime.date(2020, 12, 31)),  # 182 days before 1 July 2021
            rate("20.48", datetime.date(2021, 9, 30)),  # 91 days after
            rate("20.10", datetime.date(2022, 3, 1)),  # 243 days after; 122 days before 1 July 2022
        ]
    }

    in_2021 = usd_amount(Decimal("100"), "MXN", 2021, rates)
    in_2022 = usd_amount(Decimal("100"), "MXN", 2022, rates)
    in_2015 = usd_amount(Decimal("100"), "MXN", 2015, rates)

    assert in_2021.rate.date == datetime.date(2021, 9, 30)
    assert in_2021.amount_usd == Decimal("4.88")  # 100 / 20.48 = 4.8828...
    assert in_2022.rate.date == datetime.date(2022, 3, 1)
    assert in_2015.rate.date == datetime.date(2020, 12, 31)


def test_a_yearly_average_stands_for_the_middle_of_its_year():
    average_2020 = rate("21.5462", datetime.date(2020, 12, 31), period="year")  # stands for 1 July 2020
    average_2021 = rate("20.2844", datetime.date(2021, 12, 31), period="year")  # stands for 1 July 2021
    day = rate("20.562", datetime.date(2021, 9, 30))  # 91 days after 1 July 2021
    rates = {"MXN": [average_2020, average_2021, day]}

    # A 2021 figure takes the 2021 average (0 days away), not 2020's dated 183 days away.
    assert usd_amount(Decimal("100"), "MXN", 2021, rates).rate == average_2021
    assert usd_amount(Decimal("100"), "MXN", 2020, rates).rate == average_2020
    # Without the 2021 average, the September day is nearer than the 2020 average (365 days).
    assert usd_amount(Decimal("100"), "MXN", 2021, {"MXN": [average_2020, day]}).rate == day


def test_of_two_rates_equally_near_the_later_is_used():
    rates = {
        "EUR": [
            rate("0.90", datetime.date(2021, 6, 1), "EUR"),
            rate("0.80", datetime.date(2021, 7, 31), "EUR"),
        ]
    }

    conversion = usd_amount(Decimal("100"), "EUR", 2021, rates)

    assert conversion.rate.date == datetime.date(2021, 7, 31)  # 30 days either side of 1 July
    assert conversion.amount_usd == Decimal("125.00")


def test_an_undated_figure_uses_the_newest_rate():
    rates = {"MXN": [rate("19.91", datetime.date(2020, 12, 31)), rate("17.20", datetime.date(2024, 5, 2))]}

    conversion = usd_amount(Decimal("1720"), "MXN", None, rates)

    assert conversion.rate.date == datetime.date(2024, 5, 2)
    assert conversion.amount_usd == Decimal("100.00")


def test_a_currency_with_no_rate_is_not_converted():
    assert (
        usd_amount(Decimal("100"), "HKD", 2021, {"MXN": [rate("20.48", datetime.date(2021, 9, 30))]}) is None
    )


def test_us_dollars_convert_to_themselves_with_no_rate():
    assert usd_amount(Decimal("150"), "USD", 2017, {}) == Conversion(Decimal("150.00"), None)


def test_cents_are_rounded_half_up():
    rates = {"EUR": [rate("2", datetime.date(2021, 7, 1), "EUR")]}

    assert usd_amount(Decimal("10.05"), "EUR", 2021, rates).amount_usd == Decimal("5.03")  # 5.025


# The rate as a record


@pytest.fixture
def source(db):
    return Source.objects.create(key="src-banxico", url="https://www.banxico.org.mx", title="Banxico FIX")


def test_a_rate_reads_as_units_per_dollar_on_its_date(make_rate):
    assert str(make_rate(units_per_usd=Decimal("20.452000"))) == "MXN 20.452 per US dollar on 30 Sep 2021"


@pytest.mark.parametrize(
    ("day", "stale"),
    [(datetime.date(2025, 9, 1), False), (datetime.date(2025, 4, 1), True)],
)
def test_a_rate_older_than_18_months_is_flagged(make_rate, day, stale):
    assert make_rate(date=day).is_stale(today=datetime.date(2026, 11, 22)) is stale


BAD_RATES = [
    ({"units_per_usd": Decimal("0")}, "more than zero units per US dollar"),
    ({"units_per_usd": Decimal("-20.48")}, "more than zero units per US dollar"),
    ({"currency": "USD"}, "A US dollar is always one US dollar"),
]


@pytest.mark.parametrize(("values", "message"), BAD_RATES)
def test_the_database_refuses_a_rate_that_breaks_an_invariant(make_rate, values, message):
    row = make_rate()

    with pytest.raises(IntegrityError), transaction.atomic():
        ExchangeRate.objects.filter(pk=row.pk).update(**values)


@pytest.mark.parametrize(
    ("values", "message"), [*BAD_RATES, ({"currency": "mxn"}, "three-letter ISO 4217 code")]
)
def test_validation_explains_a_rate_that_breaks_an_invariant(make_rate, values, message):
    row = make_rate()
    for key, value in values.items():
        setattr(row, key, value)

    with pytest.raises(ValidationError, match=message):
        row.full_clean()


def test_a_currency_has_one_rate_per_date(make_rate, source):
    make_rate(source=source)
    twin = ExchangeRate(
        currency="MXN", units_per_usd=Decimal("20.5"), date=datetime.date(2021, 9, 30), source=source
    )

    with pytest.raises(ValidationError, match="already has a rate on this date"):
        twin.full_clean()


# The stored US-dollar amounts


def test_a_course_priced_in_pesos_gets_its_dollar_amount_when_saved(make_program, make_rate):
    make_rate(units_per_usd=Decimal("20.48"))

    program = make_program(courses=[{"price": Decimal("6125"), "price_currency": "MXN", "price_year": 2021}])

    assert program.courses.get().price_usd == Decimal("299.07")


def test_a_price_in_a_currency_with_no_rate_has_no_dollar_amount(make_program):
    program = make_program(courses=[{"price": Decimal("6125"), "price_currency": "MXN"}])

    assert program.courses.get().price_usd is None


def test_a_rate_added_changed_or_deleted_converts_the_prices_again(make_program, make_rate):
    program = make_program(
        exam_fee=Decimal("2048"),
        exam_fee_currency="MXN",
        exam_fee_year=2021,
        courses=[{"price": Decimal("6125"), "price_currency": "MXN", "price_year": 2021}],
    )
    course = program.courses.get()

    september = make_rate(units_per_usd=Decimal("20.48"))
    added = (Course.objects.get(pk=course.pk).price_usd, Program.objects.get(pk=program.pk).exam_fee_usd)
    september.units_per_usd = Decimal("20")
    september.save()
    changed = (Course.objects.get(pk=course.pk).price_usd, Program.objects.get(pk=program.pk).exam_fee_usd)
    september.delete()
    deleted = (Course.objects.get(pk=course.pk).price_usd, Program.objects.get(pk=program.pk).exam_fee_usd)

    assert added == (Decimal("299.07"), Decimal("100.00"))
    assert changed == (Decimal("306.25"), Decimal("102.40"))
    assert deleted == (None, None)


def test_a_rate_moved_to_another_currency_converts_both(make_program, make_rate):
    program = make_program(courses=[{"price": Decimal("6125"), "price_currency": "MXN", "price_year": 2021}])
    make_rate(units_per_usd=Decimal("20.48"))
    moved = ExchangeRate.objects.get()

    moved.currency = "ARS"
    moved.save()

    assert program.courses.get().price_usd is None


def test_refreshing_costs_the_same_queries_for_30_rows_as_for_3(make_program, make_rate):
    make_rate(units_per_usd=Decimal("20.48"))

    def queries_to_refresh(count):
        for _ in range(count):
            make_program(
                exam_fee=Decimal("100"),
                exam_fee_currency="MXN",
                courses=[{"price": Decimal("150")}, {"price": Decimal("6125"), "price_currency": "MXN"}],
            )
        Course.objects.update(price_usd=None)
        Program.objects.update(exam_fee_usd=None)
        with CaptureQueriesContext(connection) as queries:
            changed = refresh_usd_amounts()
        return len(queries), changed

    few, few_changed = queries_to_refresh(3)
    many, many_changed = queries_to_refresh(27)

    assert few == many
    assert (few_changed, many_changed) == (3 * 3, 30 * 3)
    assert refresh_usd_amounts() == 0  # nothing left to change


def test_rates_by_currency_loads_every_rate_newest_first_in_one_query(
    make_rate, source, django_assert_num_queries
):
    make_rate(date=datetime.date(2020, 12, 31), source=source)
    make_rate(date=datetime.date(2021, 9, 30), source=source)
    make_rate(currency="EUR", units_per_usd=Decimal("0.85"), source=source)

    with django_assert_num_queries(1):  # the rates with their sources, newest first
        rates = rates_by_currency()

    assert sorted(rates) == ["EUR", "MXN"]
    assert [rate.date.year for rate in rates["MXN"]] == [2021, 2020]
    assert rates["EUR"][0].source_key == "src-banxico"


# Program totals, always in US dollars


def test_a_total_adds_dollar_prices_and_converted_peso_prices_and_fee(make_program, make_rate):
    program = with_a_peso_exam_fee(
        make_program, make_rate, {"price": Decimal("6125"), "price_currency": "MXN", "price_year": 2021}
    )

    program = totals(program)

    # 150 + 6125 / 20.48 (299.0722 -> 299.07) + 2000 / 20.48 (97.6562 -> 97.66)
    assert program.total_price == Decimal("150.00") + Decimal("299.07") + Decimal("97.66")
    assert program.total_price == Decimal("546.73")
    assert program.total_converted is True


def test_a_total_in_dollars_only_is_not_marked_converted(make_program):
    program = totals(
        make_program(course_count=2, exam_fee=Decimal("600"), courses=[{"price": Decimal("150")}] * 2)
    )

    assert program.total_price == Decimal("900.00")
    assert program.total_converted is False


def test_a_price_with_no_rate_leaves_the_published_total(make_program):
    program = make_program(
        course_count=2,
        published_total=Decimal("500.00"),
        courses=[{"price": Decimal("150")}, {"price": Decimal("6125"), "price_currency": "MXN"}],
    )

    program = totals(program)

    assert program.total_price == Decimal("500.00")
    assert program.total_converted is False


def test_an_exam_fee_with_no_rate_leaves_the_total_unpublished(make_program):
    program = make_program(
        course_count=1, exam_fee=Decimal("2000"), exam_fee_currency="MXN", courses=[{"price": Decimal("150")}]
    )

    program = totals(program)

    assert program.total_price is None
    assert program.total_converted is False


def test_the_cheapest_elective_is_chosen_by_its_dollar_price(make_program, make_rate):
    make_rate(units_per_usd=Decimal("20"), date=datetime.date(2021, 7, 1))
    program = with_electives(
        make_program,
        1,
        {"price": Decimal("90")},
        # 1600 pesos is $80: cheaper than the $90 elective, whatever the bigger number says
        {"price": Decimal("1600"), "price_currency": "MXN", "price_year": 2021},
    )

    program = totals(program)

    assert program.total_price == Decimal("180.00")
    assert program.total_converted is True


def test_a_rate_saved_in_the_admin_changes_the_dollar_price_and_the_pages(
    admin_client, make_program, make_rate
):
    make_program(
        slug="pesos",
        course_count=1,
        courses=[{"price": Decimal("6125"), "price_currency": "MXN", "price_year": 2021}],
    )
    september = make_rate(units_per_usd=Decimal("20.48"))
    page = reverse("catalog:program_detail", args=["pesos"])
    assert "$299.07" in admin_client.get(page).content.decode()
    version = catalog_version()
    data = {
        "currency": "MXN",
        "units_per_usd": "24.5",
        "date": "2021-09-30",
        "period": "day",
        "source": september.source.pk,
    }

    response = admin_client.post(reverse("admin:catalog_exchangerate_change", args=[september.pk]), data)

    assert response.status_code == 302, response.content.decode()[:2000]
    assert Course.objects.get().price_usd == Decimal("250.00")  # 6125 / 24.5
    assert catalog_version() != version
    assert "$250" in admin_client.get(page).content.decode()


def test_an_income_based_range_adds_the_exam_fee_in_dollars(make_program, make_rate):
    make_rate(units_per_usd=Decimal("20.48"))
    program = make_program(
        course_count=4,
        income_price_min=Decimal("100"),
        income_price_max=Decimal("300"),
        exam_fee=Decimal("2048"),
        exam_fee_currency="MXN",
        exam_fee_year=2021,
    )

    program = totals(program)

    # 4 x 100 + 2048 / 20.48, and 4 x 300 + the same 100
    assert (program.income_total_min, program.income_total_max) == (Decimal("500.00"), Decimal("1300.00"))
