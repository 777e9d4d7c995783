import copy
import json
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError

from catalog.catalog_file import export_catalog, read_catalog, write_catalog
from catalog.models import Course, CreditPathway, Degree, ExchangeRate, Program, Source, University

pytestmark = pytest.mark.django_db

PROVENANCE = {
    "url": "",
    "sources": ["src-faq"],
    "verified_on": "2026-11-22",
    "facts_year": 2017,
    "caveat": "",
}


def small_catalog():
    """A catalog of one program with an exam, one degree and one pathway, in the file format."""
    return {
        "format": "micromasters-catalog",
        "version": 1,
        "sources": [
            {
                "key": "src-faq",
                "url": "https://example.edu/faq",
                "locator": "",
                "title": "FAQ",
                "publisher": "",
                "year": 2017,
                "kind": "official",
            }
        ],
        "fields": [{"slug": "supply-chain", "name": "Supply Chain Management"}],
        "universities": [
            {"slug": "mit", "name": "MIT", "short_name": "MITx", "country": "United States", "website": ""}
        ],
        "degrees": [
            {
                "slug": "mit-scm",
                "title": "Master of Supply Chain Management",
                "university": "mit",
                "field": "supply-chain",
                "format": "blended",
                "format_note": "",
                "tuition_amount": "74000.00",
                "tuition_currency": "USD",
                "tuition_unit": "total",
                "tuition_count": None,
                "tuition_year": 2018,
                "tuition_note": "",
                "credits_total": "90",
                "credit_unit": "MIT units",
                "months_min": 10,
                "months_max": 10,
                **PROVENANCE,
            }
        ],
        "programs": [
            {
                "slug": "mitx-scm",
                "title": "Supply Chain Management",
                "summary": "",
                "university": "mit",
                "field": "supply-chain",
                "status": "active",
                "status_note": "",
                "pacing": "mixed",
                "pacing_note": "",
                "effort_hours_min": 8,
                "effort_hours_max": 12,
                "months_min": None,
                "months_max": None,
                "currency": "USD",
                "course_count": 2,
                "electives_required": 0,
                "exam_fee": None,
                "exam_fee_label": "",
                "exam_fee_year": None,
                "published_total": None,
                "published_total_year": None,
                "income_price_min": None,
                "income_price_max": None,
                "notes": "",
                "courses": [
                    course(1, "150.00", weeks=13),
                    course(2, "150.00", weeks=13, prerequisites=[1]),
                    course(3, "600.00", kind="exam"),
                ],
                **PROVENANCE,
            }
        ],
        "pathways": [
            {
                "slug": "mitx-scm--mit-scm",
                "program": "mitx-scm",
                "degree": "mit-scm",
                "credits_granted": None,
                "credits_required": None,
                "credit_unit": "",
                "share_min": "0.5",
                "share_max": "0.5",
                "share_text": "a semester's worth",
                "conditions": "Admission is competitive.",
                "status": "active",
                **PROVENANCE,
            }
        ],
    }


def course(position, price, *, kind="required", weeks=None, prerequisites=()):
    return {
        "position": position,
        "code": f"SC{position}x",
        "title": f"Course {position}",
        "kind": kind,
        "weeks": weeks,
        "effort_hours_min": None,
        "effort_hours_max": None,
        "price": price,
        "price_year": 2017,
        "prerequisites": list(prerequisites),
        "notes": "",
    }


def import_data(tmp_path, data, *args):
    path = tmp_path / "catalog.json"
    path.write_text(json.dumps(data))
    call_command("import_catalog", str(path), *args)


def database_state():
    return {
        model.__name__: sorted(map(str, model.objects.values_list()))
        for model in (Source, University, Degree, Program, Course, CreditPathway)
    }


def test_a_valid_file_imports_every_record_with_its_derived_totals(tmp_path, capsys):
    import_data(tmp_path, small_catalog())

    program = Program.objects.with_totals().get(slug="mitx-scm")
    assert program.total_price == 150 + 150 + 600
    assert program.total_weeks == 26
    assert [str(c) for c in Course.objects.get(position=2).prerequisites.all()] == ["SC1x Course 1"]
    assert CreditPathway.objects.get().degree.university.slug == "mit"
    assert "programs: 1 created, 0 updated, 0 unchanged" in capsys.readouterr().out


def test_importing_the_same_file_twice_changes_nothing(tmp_path, capsys):
    import_data(tmp_path, small_catalog())
    before = database_state()
    capsys.readouterr()

    import_data(tmp_path, small_catalog())

    assert database_state() == before
    output = capsys.readouterr().out
    assert "programs: 0 created, 0 updated, 1 unchanged" in output
    assert "courses: 0 created, 0 updated, 3 unchanged" in output


def test_a_changed_price_updates_only_that_program(tmp_path, capsys):
    import_data(tmp_path, small_catalog())
    data = small_catalog()
    data["programs"][0]["courses"][0]["price"] = "175.00"
    capsys.readouterr()

    import_data(tmp_path, data)

    assert Program.objects.with_totals().get().total_price == 175 + 150 + 600
    assert "programs: 0 created, 1 updated, 0 unchanged" in capsys.readouterr().out


def test_export_then_import_round_trips_without_change(tmp_path, capsys):
    import_data(tmp_path, small_catalog())
    exported = export_catalog()
    before = database_state()
    capsys.readouterr()

    import_data(tmp_path, exported)

    assert database_state() == before
    assert "1 created" not in capsys.readouterr().out
    assert read_catalog(exported).records == read_catalog(small_catalog()).records


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
    data = small_catalog()
    change(data)

    with pytest.raises(CommandError) as error:
        import_data(tmp_path, data)

    assert expected in str(error.value)
    assert "nothing was imported" in str(error.value)
    assert Program.objects.count() == 0 and Source.objects.count() == 0


def test_every_problem_of_a_file_is_reported_at_once(tmp_path):
    data = small_catalog()
    data["programs"][0]["courses"][0]["price"] = "-1"
    data["degrees"][0]["months_min"] = "ten"

    with pytest.raises(CommandError) as error:
        import_data(tmp_path, data)

    assert "has 2 problem(s)" in str(error.value)


def test_a_row_breaking_a_model_rule_rolls_back_the_whole_file(tmp_path):
    import_data(tmp_path, small_catalog())
    before = database_state()
    data = small_catalog()
    data["programs"][0]["title"] = "Renamed"
    data["degrees"][0]["months_min"] = 24  # more than months_max: passes the format, breaks a constraint

    with pytest.raises(CommandError) as error:
        import_data(tmp_path, data)

    assert "degrees[0] ('mit-scm'): The lowest number of months cannot be more than the highest." in str(
        error.value
    )
    assert database_state() == before


def test_a_name_clash_is_reported_not_crashed_on(tmp_path):
    data = small_catalog()
    data["fields"].append({"slug": "logistics", "name": "Supply Chain Management"})

    with pytest.raises(CommandError) as error:
        import_data(tmp_path, data)

    assert "fields[1] ('logistics').name: Field with this Name already exists." in str(error.value)
    assert Program.objects.count() == 0


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('{"format": ', "is not valid JSON"),
        ("[]", "the file must hold one JSON object"),
        ('{"format": "other", "version": 1}', '"format": "micromasters-catalog"'),
        ('{"format": "micromasters-catalog", "version": 1, "programs": {}}', "programs: must be a list"),
    ],
)
def test_a_file_that_is_not_a_catalog_gets_a_clear_error(tmp_path, content, expected):
    path = tmp_path / "bad.json"
    path.write_text(content)

    with pytest.raises(CommandError, match=expected.replace("(", r"\(")):
        call_command("import_catalog", str(path))


def test_a_missing_file_gets_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_catalog", str(tmp_path / "nothing.json"))


def test_if_empty_skips_a_database_that_has_programs(tmp_path, capsys):
    import_data(tmp_path, small_catalog())
    data = small_catalog()
    data["programs"][0]["title"] = "Changed"

    import_data(tmp_path, data, "--if-empty")

    assert Program.objects.get().title == "Supply Chain Management"
    assert "nothing imported" in capsys.readouterr().out


def test_export_command_writes_the_import_format(tmp_path):
    import_data(tmp_path, small_catalog())
    out = tmp_path / "out.json"

    call_command("export_catalog", str(out))

    assert json.loads(out.read_text()) == export_catalog()


# Currencies, exchange rates, price history and per-figure sources


def catalog_with_figures():
    """small_catalog() with every optional key set, a course priced in pesos and a peso rate."""
    data = small_catalog()
    data["sources"].insert(
        0,
        {
            "key": "src-banxico",
            "url": "https://www.banxico.org.mx",
            "locator": "",
            "title": "FIX rate",
            "publisher": "Banco de México",
            "year": 2021,
            "kind": "official",
        },
    )
    data["exchange_rates"] = [
        {
            "currency": "MXN",
            "units_per_usd": "19.910000",
            "date": "2020-12-31",
            "period": "year",
            "source": "src-banxico",
        },
        {
            "currency": "MXN",
            "units_per_usd": "20.480000",
            "date": "2021-09-30",
            "period": "day",
            "source": "src-banxico",
        },
    ]
    program = data["programs"][0]
    program.update(
        exam_fee="2000.00",
        exam_fee_currency="MXN",
        exam_fee_year=2021,
        figure_sources={"exam_fee": ["src-faq"], "effort": ["src-faq", "src-banxico"]},
        other_course_prices=[
            {
                "title": "Marketing Analytics",
                "amount": "249.00",
                "currency": "USD",
                "year": 2020,
                "sources": ["src-faq"],
            }
        ],
    )
    first = program["courses"][0]
    first.update(
        price="6125.00",
        price_currency="MXN",
        price_year=2021,
        price_history=[{"amount": "150.00", "currency": "USD", "year": 2017, "sources": ["src-faq"]}],
        figure_sources={"price": ["src-faq"], "weeks": ["src-faq"]},
    )
    for course in program["courses"][1:]:
        course.update(price_currency="USD", price_history=[], figure_sources={})
    degree = data["degrees"][0]
    degree.update(
        figure_sources={"tuition": ["src-faq"], "months": ["src-faq"]},
        tuition_history=[{"amount": "67000.00", "currency": "USD", "year": 2016, "sources": ["src-faq"]}],
    )
    data["pathways"][0].update(
        figure_sources={"credit": ["src-faq"]},
        degree_name_as_listed="MIT SCM Blended",
        degree_name_lister="Class Central",
    )
    return data


def test_a_file_with_every_new_key_exports_back_to_the_same_dict(tmp_path):
    data = catalog_with_figures()

    import_data(tmp_path, data)

    assert export_catalog() == data


def test_prices_in_pesos_count_in_dollars_in_the_imported_total(tmp_path):
    import_data(tmp_path, catalog_with_figures())

    program = Program.objects.with_totals().get()

    # 6125 / 20.48 = 299.07, 150, the 600 exam course, and the fee 2000 / 20.48 = 97.66
    assert program.total_price == Decimal("299.07") + Decimal("150.00") + Decimal("600.00") + Decimal("97.66")
    assert program.total_converted is True


def test_a_file_without_the_new_keys_gets_their_defaults(tmp_path):
    import_data(tmp_path, small_catalog())

    course = Course.objects.get(position=1)
    pathway = CreditPathway.objects.get()
    assert (course.price_currency, course.price_usd, course.price_history, course.figure_sources) == (
        "USD",
        Decimal("150.00"),
        [],
        {},
    )
    assert (Program.objects.get().exam_fee_currency, Degree.objects.get().tuition_history) == ("USD", [])
    assert (pathway.degree_name_as_listed, pathway.degree_name_lister, pathway.figure_sources) == ("", "", {})
    assert ExchangeRate.objects.count() == 0


def test_a_rate_is_upserted_by_currency_and_date_and_converts_again(tmp_path, capsys):
    import_data(tmp_path, catalog_with_figures())
    data = catalog_with_figures()
    data["exchange_rates"][1]["units_per_usd"] = "24.500000"
    capsys.readouterr()

    import_data(tmp_path, data)

    assert ExchangeRate.objects.count() == 2
    assert Course.objects.get(position=1).price_usd == Decimal("250.00")  # 6125 / 24.5
    assert "exchange_rates: 0 created, 1 updated, 1 unchanged" in capsys.readouterr().out


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
        (
            lambda d: d["exchange_rates"][0].update(units_per_usd="0"),
            "exchange_rates[0] ('MXN 2020-12-31').units_per_usd: must be more than 0",
        ),
        (
            lambda d: d["exchange_rates"][0].update(units_per_usd="-19.91"),
            "exchange_rates[0] ('MXN 2020-12-31').units_per_usd: must be more than 0",
        ),
        (
            lambda d: d["exchange_rates"][0].update(units_per_usd="19.9100001"),
            "exchange_rates[0] ('MXN 2020-12-31').units_per_usd: has more than 6 decimal places",
        ),
        (
            lambda d: d["exchange_rates"][0].update(currency="mxn"),
            "exchange_rates[0] ('mxn 2020-12-31').currency: must be a three-letter currency code",
        ),
        (
            lambda d: d["exchange_rates"][0].update(currency="USD"),
            "exchange_rates[0] ('USD 2020-12-31').currency: must be another currency than USD",
        ),
        (
            lambda d: d["exchange_rates"][0].update(source="src-nowhere"),
            "exchange_rates[0] ('MXN 2020-12-31').source: no source 'src-nowhere'",
        ),
        (
            lambda d: d["exchange_rates"].append(dict(d["exchange_rates"][0])),
            "exchange_rates: rate 'MXN 2020-12-31' appears 2 times",
        ),
    ],
)
def test_a_bad_currency_rate_or_figure_source_is_reported_by_record_and_key(tmp_path, change, expected):
    data = catalog_with_figures()
    change(data)

    with pytest.raises(CommandError) as error:
        import_data(tmp_path, data)

    assert expected in str(error.value)
    assert Program.objects.count() == 0 and ExchangeRate.objects.count() == 0


# The write, whatever the database says


def test_a_row_the_database_refuses_is_reported_by_record_not_as_a_traceback(tmp_path, monkeypatch):
    def refuse(self, *args, **kwargs):
        raise IntegrityError('duplicate key value violates unique constraint "catalog_program_slug_key"')

    monkeypatch.setattr(Program, "save", refuse)

    with pytest.raises(CommandError) as error:
        import_data(tmp_path, small_catalog())

    assert (
        "programs[0] ('mitx-scm'): the database refused it (duplicate key value violates unique constraint"
        in str(error.value)
    )
    assert Source.objects.count() == 0


def test_only_if_empty_is_decided_once_the_import_holds_the_lock(tmp_path):
    import_data(tmp_path, small_catalog())
    data = small_catalog()
    data["programs"][0]["title"] = "Changed"

    assert write_catalog(read_catalog(data), only_if_empty=True) is None
    assert Program.objects.get().title == "Supply Chain Management"
