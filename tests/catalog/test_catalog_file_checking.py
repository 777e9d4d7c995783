"""Checking a file (catalog/catalog_file/checking.py, values.py): every problem is named by its record
and key, and nothing is written."""

import copy

import pytest
from django.core.management import CommandError

from catalog.models import ExchangeRate, Program, Source
from tests.catalog.catalog_files import catalog_with_figures, import_data, small_catalog

pytestmark = pytest.mark.django_db


def refused(tmp_path, data, change=lambda data: None) -> str:
    """The message of the import of `data` once changed, which must refuse it and write nothing."""
    change(data)
    with pytest.raises(CommandError) as error:
        import_data(tmp_path, data)
    assert Program.objects.count() == 0 and Source.objects.count() == 0 and ExchangeRate.objects.count() == 0
    return str(error.value)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d["programs"][0].update(colour="red"), "programs[0] ('mitx-scm'): unknown key 'colour'"),
        (
            lambda d: d["programs"][0]["courses"][0].update(price="-5.00"),
            "programs[0] ('mitx-scm').courses[0].price: must be at least 0",
        ),
        (
            lambda d: d["programs"][0].update(exam_fee=12.5),
            "programs[0] ('mitx-scm').exam_fee: must be a number written as a string",
        ),
        (
            lambda d: d["pathways"][0].update(degree="nowhere"),
            "pathways[0] ('mitx-scm--mit-scm').degree: no degree 'nowhere'",
        ),
        (
            lambda d: d["programs"][0].update(sources=["src-missing"]),
            "programs[0] ('mitx-scm').sources: no source 'src-missing'",
        ),
        (
            lambda d: d["pathways"][0].update(share_min="1.5"),
            "pathways[0] ('mitx-scm--mit-scm').share_min: must be more than 0 and at most 1",
        ),
        (lambda d: d["degrees"][0].pop("title"), "degrees[0] ('mit-scm'): missing key 'title'"),
        (
            lambda d: d["programs"][0]["courses"][1].update(prerequisites=[9]),
            "prerequisites: 9 is not another course of this program",
        ),
        (
            lambda d: d["programs"].append(copy.deepcopy(d["programs"][0])),
            "programs: slug 'mitx-scm' appears 2 times",
        ),
        (
            lambda d: d["programs"][0].update(status="paused"),
            "programs[0] ('mitx-scm').status: must be one of",
        ),
        (
            lambda d: d["degrees"][0].update(verified_on="22/11/2026"),
            "degrees[0] ('mit-scm').verified_on: must be a date written YYYY-MM-DD",
        ),
    ],
)
def test_a_bad_record_is_reported_by_name_and_nothing_is_written(tmp_path, change, expected):
    message = refused(tmp_path, small_catalog(), change)

    assert expected in message
    assert "nothing was imported" in message


def test_every_problem_of_a_file_is_reported_at_once(tmp_path):
    data = small_catalog()
    data["programs"][0]["courses"][0]["price"] = "-1"
    data["degrees"][0]["months_min"] = "ten"

    message = refused(tmp_path, data)

    assert "has 2 problem(s)" in message


FIRST_RATE = "exchange_rates[0] ('MXN 2020-12-31')"


def first_rate(**values):
    """A change to the first exchange rate of catalog_with_figures(), the pesos of 2020-12-31."""
    return lambda data: data["exchange_rates"][0].update(values)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda d: d["programs"][0].update(figure_sources={"colour": ["src-faq"]}),
            "programs[0] ('mitx-scm').figure_sources: Unknown figure 'colour'",
        ),
        (
            lambda d: d["programs"][0]["courses"][0].update(figure_sources={"price": ["src-missing"]}),
            "programs[0] ('mitx-scm').courses (position 1).figure_sources: no source 'src-missing'",
        ),
        (
            lambda d: d["degrees"][0].update(
                tuition_history=[{"amount": "1.00", "currency": "USD", "year": 2016, "sources": ["src-gone"]}]
            ),
            "degrees[0] ('mit-scm').tuition_history: no source 'src-gone'",
        ),
        (
            lambda d: d["pathways"][0].update(figure_sources={"credit": "src-faq"}),
            "pathways[0] ('mitx-scm--mit-scm').figure_sources: 'credit' must be a list of source keys",
        ),
        (
            lambda d: d["programs"][0]["courses"][0].update(
                price_history=[{"amount": "ten", "currency": "USD", "year": 2017, "sources": []}]
            ),
            "programs[0] ('mitx-scm').courses[0].price_history: Entry 1: the amount 'ten' is not a number",
        ),
        (
            lambda d: d["programs"][0]["courses"][0].update(
                price_history=[{"amount": "150.00", "currency": "usd", "year": 2017, "sources": []}]
            ),
            "courses[0].price_history: Entry 1: the currency must be a three-letter code",
        ),
        (
            lambda d: d["programs"][0].update(
                other_course_prices=[{"amount": "249.00", "currency": "USD", "year": 2020, "sources": []}]
            ),
            "programs[0] ('mitx-scm').other_course_prices: Course 1 needs a title",
        ),
        (
            lambda d: d["programs"][0].update(
                other_course_prices=[
                    {
                        "title": "Extra",
                        "amount": "249.00",
                        "currency": "USD",
                        "year": 2020,
                        "sources": ["src-x"],
                    }
                ]
            ),
            "programs[0] ('mitx-scm').other_course_prices: no source 'src-x'",
        ),
        (
            lambda d: d["programs"][0]["courses"][0].update(price_currency="pesos"),
            "programs[0] ('mitx-scm').courses[0].price_currency: must be a three-letter currency code",
        ),
        (first_rate(units_per_usd="0"), f"{FIRST_RATE}.units_per_usd: must be more than 0"),
        (first_rate(units_per_usd="-19.91"), f"{FIRST_RATE}.units_per_usd: must be more than 0"),
        (
            first_rate(units_per_usd="19.9100001"),
            f"{FIRST_RATE}.units_per_usd: has more than 6 decimal places",
        ),
        (
            first_rate(currency="mxn"),
            "exchange_rates[0] ('mxn 2020-12-31').currency: must be a three-letter currency code",
        ),
        (
            first_rate(currency="USD"),
            "exchange_rates[0] ('USD 2020-12-31').currency: must be another currency than USD",
        ),
        (first_rate(source="src-nowhere"), f"{FIRST_RATE}.source: no source 'src-nowhere'"),
        (
            lambda d: d["exchange_rates"].append(dict(d["exchange_rates"][0])),
            "exchange_rates: rate 'MXN 2020-12-31' appears 2 times",
        ),
    ],
)
def test_a_bad_currency_rate_or_figure_source_is_reported_by_record_and_key(tmp_path, change, expected):
    assert expected in refused(tmp_path, catalog_with_figures(), change)
