"""Catalog files for the tests of the import and the export (docs/catalog-format.md): a small
catalog, the same with every optional key, and the command that imports one."""

import json

from django.core.management import call_command

from catalog.models import Course, CreditPathway, Degree, Program, Source, University

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
            program_record(
                "mitx-scm",
                "Supply Chain Management",
                university="mit",
                field="supply-chain",
                courses=[
                    course(1, "150.00", weeks=13),
                    course(2, "150.00", weeks=13, prerequisites=[1]),
                    course(3, "600.00", kind="exam"),
                ],
                pacing="mixed",
                effort_hours_min=8,
                effort_hours_max=12,
                course_count=2,
                **PROVENANCE,
            )
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


def program_record(slug, title, *, university, field, courses, **values):
    """A program record with every key a file must give, each unset (none, empty, zero) unless `values` sets it."""
    return {
        "slug": slug,
        "title": title,
        "summary": "",
        "university": university,
        "field": field,
        "status": "active",
        "status_note": "",
        "pacing": "",
        "pacing_note": "",
        "effort_hours_min": None,
        "effort_hours_max": None,
        "months_min": None,
        "months_max": None,
        "currency": "USD",
        "course_count": None,
        "electives_required": 0,
        "exam_fee": None,
        "exam_fee_label": "",
        "exam_fee_year": None,
        "published_total": None,
        "published_total_year": None,
        "income_price_min": None,
        "income_price_max": None,
        "notes": "",
        "courses": courses,
        **values,
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
